#!/usr/bin/env python3
"""The filter job of `sluice-bench filter` as a plain Python loop (standard library only), the baseline issue 15 asks
Sluice to beat per CPU-second: for each JSONL.gz file, read every line, parse it, keep documents whose text has at
least --min-words whitespace words, write the kept ones as JSON Lines to a gzip (level 1) file of the same name.

Usage: python3 bench/filter/python_loop.py --output DIR [--min-words 50] FILE.jsonl.gz...
Prints one JSON line: docs in/out, JSONL MB in, CPU seconds (process time), docs and MB per CPU-second.
"""
import argparse
import gzip
import json
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    parser.add_argument("--min-words", type=int, default=50)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    docs_in = docs_out = bytes_in = 0
    wall = time.perf_counter()
    cpu = time.process_time()
    for path in args.files:
        target = os.path.join(args.output, os.path.basename(path))
        with gzip.open(path, "rb") as source, gzip.open(target, "wb", compresslevel=1) as sink:
            for line in source:
                bytes_in += len(line)
                docs_in += 1
                doc = json.loads(line)
                if len(doc.get("text", "").split()) >= args.min_words:
                    sink.write(json.dumps(doc, ensure_ascii=False).encode("utf-8") + b"\n")
                    docs_out += 1
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    json.dump({
        "job": "python-loop", "files": len(args.files), "docs_in": docs_in, "docs_out": docs_out,
        "mb_jsonl": round(bytes_in / 1e6, 1), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        "docs_per_cpu_s": round(docs_in / cpu), "mb_per_cpu_s": round(bytes_in / 1e6 / cpu, 1),
        "python": sys.version.split()[0],
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
