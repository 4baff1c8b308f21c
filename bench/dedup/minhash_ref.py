#!/usr/bin/env python3
"""Plain-Python reference of Sluice's MinHash signatures (operators/Sluice.Operators/Dedup/MinHashSigner.cs).

Standard library only: numpy is not installed here and no wheel or Debian package of it is available offline,
and neither is the xxhash module, so XxHash64 is written out below. It is the same computation, step for step, so
that the C# kernel can be checked against it (tests/Sluice.Operators.Tests/Dedup/ReferenceParityTests.cs) and its
speed compared with a straightforward interpreter implementation.

    python3 bench/dedup/minhash_ref.py FILE.jsonl.gz... [--max-docs N]      # one JSON line of figures
    python3 bench/dedup/minhash_ref.py --stdin < docs.jsonl                  # {id, signature, band_keys} per line

The rules (defaults: 5-word shingles, 14 bands x 8 rows, seed 1):
  normalise   per code point: NFKD decomposition without Mn marks (Hangul syllables kept whole), lower-case,
              drop Mn/Me/Cf, digit runs joined by single '.' or ',' become '0', letters/Mc/Nl/No/Co kept,
              anything else separates words; characters of space-less scripts are words of their own
  shingles    every run of n consecutive words joined by ' ' (one shingle of all words if fewer than n)
  hash        XxHash64, seed 0, of the shingle's UTF-8
  signature   value i = min over shingles of (a_i * x + b_i) mod (2^61 - 1); (a_i, b_i) drawn from SplitMix64(seed)
  band keys   XxHash64, seed = band index, of the band's r values as little-endian uint64
"""
import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time
import unicodedata

MASK = (1 << 64) - 1
PRIME = (1 << 61) - 1

# ---- XxHash64 (the published algorithm; 64-bit arithmetic emulated with masks) ----
P1, P2, P3, P4, P5 = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x85EBCA77C2B2AE63,
                      0x27D4EB2F165667C5)


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & MASK


def _round(acc, lane):
    return (_rotl((acc + lane * P2) & MASK, 31) * P1) & MASK


def xxh64(data, seed=0):
    n = len(data)
    i = 0
    if n >= 32:
        v1, v2, v3, v4 = (seed + P1 + P2) & MASK, (seed + P2) & MASK, seed, (seed - P1) & MASK
        while i + 32 <= n:
            a, b, c, d = struct.unpack_from("<4Q", data, i)
            v1, v2, v3, v4 = _round(v1, a), _round(v2, b), _round(v3, c), _round(v4, d)
            i += 32
        h = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & MASK
        for v in (v1, v2, v3, v4):
            h = ((h ^ _round(0, v)) * P1 + P4) & MASK
    else:
        h = (seed + P5) & MASK
    h = (h + n) & MASK
    while i + 8 <= n:
        h = (_rotl(h ^ _round(0, struct.unpack_from("<Q", data, i)[0]), 27) * P1 + P4) & MASK
        i += 8
    if i + 4 <= n:
        h = (_rotl(h ^ ((struct.unpack_from("<I", data, i)[0] * P1) & MASK), 23) * P2 + P3) & MASK
        i += 4
    while i < n:
        h = (_rotl(h ^ ((data[i] * P5) & MASK), 11) * P1) & MASK
        i += 1
    h ^= h >> 33
    h = (h * P2) & MASK
    h ^= h >> 29
    h = (h * P3) & MASK
    return h ^ (h >> 32)


# ---- normalisation ----
CHAR_WORD_RANGES = [
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1100, 0x11FF), (0x1780, 0x17FF), (0x19E0, 0x19FF), (0x2E80, 0x2FDF),
    (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F), (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF), (0xFF65, 0xFFDC), (0x20000, 0x3FFFF),
]
KEEP = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mc", "Nl", "No", "Co"}
DROP = {"Mn", "Me", "Cf"}


def is_char_word(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in CHAR_WORD_RANGES)


def fold(ch):
    cp = ord(ch)
    if cp < 0x80 or 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
        return ch
    d = unicodedata.normalize("NFKD", ch)
    return ch if d == ch else "".join(c for c in d if unicodedata.category(c) != "Mn")


def normalize(text, space_char_words=False):
    """Sluice's DedupText.Normalize (space_char_words=False) or the signer's spaced form (True)."""
    out = []
    pending_sep = last_char_word = in_number = pending_join = False

    def letter(c, char_word):
        nonlocal pending_sep, last_char_word, in_number, pending_join
        if pending_join:
            pending_sep = True
        in_number = pending_join = False
        if out and (pending_sep or (space_char_words and (char_word or last_char_word))):
            out.append(" ")
        out.append(c)
        pending_sep = False
        last_char_word = char_word

    for ch in text:
        for f in fold(ch):
            low = f.lower()
            if len(low) != 1:
                low = f
            cat = unicodedata.category(low)
            if cat in DROP:
                continue
            if cat == "Nd":
                if in_number:
                    pending_join = False
                else:
                    letter("0", False)
                    in_number = True
            elif low in ".," and in_number and not pending_join:
                pending_join = True
            elif cat in KEEP:
                letter(low, is_char_word(low))
            else:
                in_number = pending_join = False
                pending_sep = True
    return "".join(out)


# ---- signatures ----
def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def permutations(count, seed):
    a, b, state = [], [], seed
    for _ in range(count):
        state, r = splitmix64(state)
        a.append(1 + r % (PRIME - 1))
        state, r = splitmix64(state)
        b.append(r % PRIME)
    return a, b


class Signer:
    def __init__(self, shingle_words=5, bands=14, rows=8, seed=1):
        self.n, self.bands, self.rows = shingle_words, bands, rows
        self.a, self.b = permutations(bands * rows, seed)

    def shingle_hashes(self, text):
        words = normalize(text, space_char_words=True).split(" ")
        if words == [""]:
            return []
        n = min(self.n, len(words))
        return [xxh64(" ".join(words[k:k + n]).encode("utf-8")) for k in range(len(words) - n + 1)]

    def sign(self, text):
        xs = self.shingle_hashes(text)
        if not xs:
            return None
        return [min((a * x + b) % PRIME for x in xs) for a, b in zip(self.a, self.b)]

    def band_keys(self, signature):
        r = self.rows
        return [xxh64(struct.pack(f"<{r}Q", *signature[j * r:(j + 1) * r]), j) for j in range(self.bands)]


def read_docs(paths, max_docs):
    count = 0
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if max_docs is not None and count >= max_docs:
                    return
                count += 1
                yield json.loads(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--max-docs", type=int, default=None, help="stop after this many documents (pure Python is slow)")
    ap.add_argument("--stdin", action="store_true", help="read {id,text} JSON lines from stdin, write signatures")
    args = ap.parse_args()
    signer = Signer()
    if args.stdin:
        for line in sys.stdin:
            doc = json.loads(line)
            sig = signer.sign(doc["text"])
            keys = signer.band_keys(sig) if sig is not None else None
            print(json.dumps({"id": doc["id"], "signature": sig, "band_keys": keys}))
        return
    cpu0, wall0 = time.process_time(), time.perf_counter()
    docs = nbytes = signed = 0
    for doc in read_docs(args.files, args.max_docs):
        nbytes += len(doc["text"].encode("utf-8"))
        sig = signer.sign(doc["text"])
        if sig is not None:
            signer.band_keys(sig)
            signed += 1
        docs += 1
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(json.dumps({"runner": "python-reference", "files": len(args.files), "docs": docs, "signed": signed,
                      "text_bytes": nbytes, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                      "docs_per_cpu_s": round(docs / cpu, 1), "mb_per_cpu_s": round(nbytes / 1e6 / cpu, 3),
                      "load_avg": os.getloadavg(),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
