#!/usr/bin/python3
"""FAISS and scikit-learn k-means timings on the vectors the Sluice k-means benchmark wrote.

Usage: /usr/bin/python3 bench/group-mates/kmeans-faiss.py VECTORS.f32 DIM K ITERATIONS
Prints one JSON object: seconds per iteration (total training wall time / iterations) for each library.
Needs Debian's python3-faiss python3-sklearn python3-numpy.
"""
import json
import sys
import time

import numpy as np


def main():
    path, d, k, iters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    x = np.ascontiguousarray(np.fromfile(path, dtype=np.float32).reshape(-1, d))
    out = {"n": int(x.shape[0]), "d": d, "k": k, "iterations": iters}

    import faiss
    out["faiss_threads"] = faiss.omp_get_max_threads()
    # spherical=True: unit centroids and inner-product assignment, as Sluice's CosineKMeans; no subsampling.
    km = faiss.Kmeans(d, k, niter=iters, spherical=True, seed=1, verbose=False,
                      max_points_per_centroid=x.shape[0])
    t = time.perf_counter()
    km.train(x)
    out["faiss_seconds_per_iteration"] = (time.perf_counter() - t) / iters

    from sklearn.cluster import KMeans
    import sklearn
    out["sklearn_version"] = sklearn.__version__
    t = time.perf_counter()
    sk = KMeans(n_clusters=k, init="random", n_init=1, max_iter=iters, tol=0.0, algorithm="lloyd", random_state=1).fit(x)
    out["sklearn_seconds_per_iteration"] = (time.perf_counter() - t) / max(1, sk.n_iter_)
    out["sklearn_iterations"] = int(sk.n_iter_)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
