"""Writes N small JSONL records ({"id", "text"}, about 100 bytes each) over F gzip files, deterministically (seeded)."""
import gzip
import random
import sys

n, files, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(1234)
words = ["data", "pipeline", "shuffle", "chunk", "token", "memory", "layer", "seed", "rank", "exchange", "sort", "line"]
handles = [gzip.open(f"{out}/part-{f:03d}.jsonl.gz", "wt", compresslevel=1) for f in range(files)]
for i in range(n):
    text = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
    handles[i * files // n].write(f'{{"id":"d{i:08d}","text":"{text}"}}\n')
for h in handles:
    h.close()
