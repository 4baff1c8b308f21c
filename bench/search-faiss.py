#!/usr/bin/python3
"""FAISS IndexFlatIP on the vectors the managed search bench wrote (vectors.npy, queries.npy in DIR).

Run by bench/Sluice.Bench.Search after the managed kernel, with the Debian python3-faiss and python3-numpy
(/usr/bin/python3, not a pyenv one). Prints the add and search time, queries/s, and how many of FAISS's top-k
rows the managed kernel also returned (managed-top.npy), a check that both searched the same data.
"""
import argparse
import os
import time

import faiss
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--k", type=int, default=10)
parser.add_argument("--threads", type=int, default=os.cpu_count())
args = parser.parse_args()

faiss.omp_set_num_threads(args.threads)
vectors = np.load(os.path.join(args.dir, "vectors.npy"), mmap_mode="r")
queries = np.load(os.path.join(args.dir, "queries.npy"))
n, d = vectors.shape

start = time.perf_counter()
index = faiss.IndexFlatIP(d)
index.add(np.ascontiguousarray(vectors))
added = time.perf_counter() - start

index.search(queries[:64], args.k)  # warm-up, as the managed run has
start = time.perf_counter()
scores, rows = index.search(queries, args.k)
seconds = time.perf_counter() - start
print(f"faiss {faiss.__version__} IndexFlatIP: add {added:.2f} s; {len(queries):,} queries in {seconds:.2f} s = "
      f"{len(queries) / seconds:,.0f} q/s ({2.0 * n * len(queries) * d / seconds / 1e9:.0f} GFLOP/s), {args.threads} threads")

managed_path = os.path.join(args.dir, "managed-top.npy")
if os.path.exists(managed_path):
    managed = np.load(managed_path)
    same = sum(len(set(a) & set(b)) for a, b in zip(rows.tolist(), managed.tolist()))
    print(f"  agreement with managed top-{args.k}: {same / rows.size:.4f}")
