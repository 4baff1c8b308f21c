#!/usr/bin/env python3
"""Builds the benchmark corpus: real text from Debian documentation into 64 gzip JSONL shards.

Deterministic for the same installed packages: files are visited in sorted order, every random draw comes from
random.Random(SEED), and gzip headers carry mtime 0. Standard library only.

    python3 bench/corpus/build_corpus.py --out bench/data/corpus [--min-gz-mb 200] [--shards 64]

See bench/README.md for what goes in and how the corpus is topped up to its size.
"""
import argparse
import gzip
import hashlib
import html
import io
import json
import math
import os
import random
import re
import sys

SEED = 20240601

# Roff escapes that carry text worth keeping; every other escape is dropped.
ROFF_CHARS = {
    "aq": "'", "dq": '"', "em": "\u2014", "en": "\u2013", "lq": "\u201c", "rq": "\u201d", "oq": "\u2018",
    "cq": "\u2019", "bu": "\u2022", "co": "\u00a9", "rg": "\u00ae", "mu": "\u00d7", "hy": "-", "ga": "`",
    "ti": "~", "ha": "^", "ba": "|", "rs": "\\", "at": "@", "sh": "#", "Fo": "\u00ab", "Fc": "\u00bb",
}
ROFF_ESCAPE = re.compile(r"\\(?:f(?:\[[^\]]*\]|\(..|.)|s[+-]?\d+|\((..)|\[([^\]]*)\]|\*(?:\(..|\[[^\]]*\]|.)|[-&e\\ c|^%0~,/]|n(?:\(..|\[[^\]]*\]|.)|[kmgz].)")
HTML_DROP = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
HTML_BLOCK = re.compile(r"</?(p|div|h[1-6]|li|pre|tr|br|dt|dd|section|table|blockquote)\b[^>]*>", re.I)
HTML_TAG = re.compile(r"<[^>]+>")
POD_CMD = re.compile(r"^=(\w+)\s*(.*)$")
POD_CODES = re.compile(r"[BICLFSXZE]<<\s+(.*?)\s+>>|[BICLFSXZE]<([^<>]*)>")


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return b""
    return data


def decode(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def roff_escape(m):
    whole = m.group(0)
    if whole == "\\-":
        return "-"
    if whole in ("\\e", "\\\\"):
        return "\\"
    if whole == "\\ " or whole == "\\~":
        return " "
    name = m.group(1) or m.group(2)
    if name is not None:
        return ROFF_CHARS.get(name, "")
    return ""


def render_roff(src):
    """Renders a man page to plain text: macro arguments kept, requests dropped, escapes resolved."""
    out = []
    for line in src.split("\n"):
        if line.startswith(('.\\"', "'\\\"", '.\\#')):
            continue
        if line.startswith((".", "'")):
            parts = line[1:].strip().split(None, 1)
            if not parts:
                continue
            macro, args = parts[0], (parts[1] if len(parts) > 1 else "")
            if macro in ("so",):
                return ""
            if macro in ("SH", "SS", "Sh", "Ss", "PP", "P", "LP", "TP", "IP", "sp", "br", "Pp", "Bl", "El", "It", "HP"):
                out.append("")
            if macro[:1].isupper() and macro not in ("TH", "Dd", "Dt", "Os", "TS", "TE", "EX", "EE", "RS", "RE", "Bl", "El", "Bd", "Ed"):
                text = args.replace('"', "")
                if macro in ("IP", "TP") and text.split():
                    text = text.split()[0] if text.split()[0] not in ("\\(bu", "\\[bu]") else ""
                if text:
                    out.append(ROFF_ESCAPE.sub(roff_escape, text))
            continue
        out.append(ROFF_ESCAPE.sub(roff_escape, line))
    return "\n".join(out)


def render_html(src):
    src = HTML_DROP.sub(" ", src)
    src = HTML_BLOCK.sub("\n\n", src)
    src = HTML_TAG.sub("", src)
    return html.unescape(src)


def render_pod(src):
    out, in_pod = [], True
    for line in src.split("\n"):
        m = POD_CMD.match(line)
        if m:
            cmd, rest = m.group(1), m.group(2)
            in_pod = cmd != "cut"
            if cmd.startswith("head") or cmd == "item":
                out.extend(["", POD_CODES.sub(lambda c: c.group(1) or c.group(2), rest), ""])
            continue
        if in_pod:
            out.append(POD_CODES.sub(lambda c: c.group(1) or c.group(2), line))
    return "\n".join(out)


def walk(root, keep):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if not os.path.islink(path) and keep(path):
                yield path


def sources(repo):
    """Yields (source, path, title, text) for every input file, in a fixed order."""
    for path in walk("/usr/share/man", lambda p: re.search(r"/man[1-9][^/]*/[^/]+\.[1-9][^/]*\.gz$", p) is not None):
        text = render_roff(decode(read_bytes(path)))
        yield "man", path, os.path.basename(path)[:-3], text
    doc_exts = (".txt", ".md", ".rst", ".txt.gz", ".md.gz", ".rst.gz")
    for path in walk("/usr/share/doc", lambda p: p.endswith(doc_exts) or re.search(r"/(README|NEWS|FAQ|TODO)[^/]*$", p) is not None):
        if "/html/" in path and "/_sources/" not in path:
            continue
        yield "doc", path, os.path.basename(path), decode(read_bytes(path))
    for path in walk("/usr/share/debian-reference", lambda p: p.endswith(".en.html")):
        yield "debian-reference", path, os.path.basename(path), render_html(decode(read_bytes(path)))
    for path in walk("/usr/share/perl", lambda p: p.endswith(".pod")):
        yield "perl-pod", path, os.path.basename(path), render_pod(decode(read_bytes(path)))
    scifact = os.path.join(repo, "examples/data/scifact-abstracts.jsonl")
    with open(scifact, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                yield "scifact", f"scifact/{d.get('id', d.get('doc_id', ''))}", d.get("title") or "", d.get("text") or d.get("abstract") or ""


def paragraphs(text):
    for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        if p.strip() and len(p.split()) >= 3:
            yield p.strip("\n")


def target_words(rng):
    # 15% of documents are short (3-49 words, so the >= 50-word filter rejects them); the rest are log-normal
    # around 350 words, the shape of web and documentation pages.
    if rng.random() < 0.15:
        return rng.randint(3, 49)
    return max(50, min(20000, int(math.exp(rng.gauss(math.log(350), 0.9)))))


def truncate_words(text, n):
    words = text.split()
    return text if len(words) <= n else " ".join(words[:n])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--shards", type=int, default=64)
    ap.add_argument("--min-gz-mb", type=float, default=200)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(SEED)
    raws = [open(os.path.join(args.out, f"part-{i:05d}.jsonl.gz"), "wb") for i in range(args.shards)]
    shards = [gzip.GzipFile(fileobj=r, mode="wb", compresslevel=6, mtime=0, filename="") for r in raws]
    stats = {"files": 0, "duplicate_files": 0, "distinct_docs": 0, "distinct_bytes": 0, "composed_docs": 0,
             "composed_bytes": 0, "short_docs": 0, "paragraphs": 0, "seed": SEED, "by_source": {}}
    seen, pool, n = set(), [], 0

    def emit(doc, kind):
        nonlocal n
        line = (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")
        shards[n % args.shards].write(line)
        n += 1
        stats[f"{kind}_docs"] += 1
        stats[f"{kind}_bytes"] += len(line)
        if len(doc["text"].split()) < 50:
            stats["short_docs"] += 1

    for source, path, title, text in sources(os.path.abspath(args.repo)):
        digest = hashlib.sha1(text.encode("utf-8", "replace")).digest()
        if not text.strip() or digest in seen:
            stats["duplicate_files"] += 1
            continue
        seen.add(digest)
        stats["files"] += 1
        stats["by_source"][source] = stats["by_source"].get(source, 0) + 1
        paras = [p for p in paragraphs(text)]
        if not paras:
            continue
        ti = len(pool)
        pool.extend((ti, p) for p in paras)
        # Cut the file into documents of drawn lengths, keeping paragraphs whole (a short target keeps the start).
        i, part = 0, 0
        while i < len(paras):
            want, body, words = target_words(rng), [], 0
            while i < len(paras) and words < want:
                body.append(paras[i])
                words += len(paras[i].split())
                i += 1
            txt = "\n\n".join(body)
            if want < 50:
                txt = truncate_words(txt, want)
            part += 1
            emit({"id": f"{source}:{path}#{part}", "title": title if part == 1 else f"{title} ({part})", "text": txt}, "distinct")
    stats["paragraphs"] = len(pool)
    titles = {}

    def compressed():
        for s in shards:
            s.flush()
        return sum(r.tell() for r in raws)

    # Top up to the size asked for with documents composed of random real paragraphs (seeded).
    k = 0
    while compressed() < args.min_gz_mb * 1e6:
        for _ in range(2000):
            want, body, words = target_words(rng), [], 0
            while words < want:
                body.append(pool[rng.randrange(len(pool))][1])
                words += len(body[-1].split())
            txt = "\n\n".join(body)
            if want < 50:
                txt = truncate_words(txt, want)
            k += 1
            first = body[0].split("\n", 1)[0].strip()
            emit({"id": f"mix-{k:08d}", "title": first[:80], "text": txt}, "composed")
    for s, r in zip(shards, raws):
        s.close()
        r.close()
    stats["docs"] = n
    stats["gz_bytes"] = sum(os.path.getsize(os.path.join(args.out, f"part-{i:05d}.jsonl.gz")) for i in range(args.shards))
    stats["jsonl_bytes"] = stats["distinct_bytes"] + stats["composed_bytes"]
    with open(os.path.join(args.out, "..", "corpus.stats.json"), "w") as f:
        json.dump(stats, f, indent=2)
    print(json.dumps({k: v for k, v in stats.items() if k != "by_source"}), file=sys.stderr)


if __name__ == "__main__":
    main()
