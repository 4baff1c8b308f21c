#!/usr/bin/env python3
"""Writes UnicodeFold.txt, the decomposition table DedupText uses (embedded in Sluice.Operators).

.NET in globalization-invariant mode (this repository's setting) cannot decompose Unicode, so the folding that
DataTrove gets from unicodedata.normalize is shipped as data. One line per code point whose compatibility
decomposition (NFKD) differs from itself: the code point, then the decomposition with every nonspacing mark (Mn)
left out, all in hex. Hangul syllables are left out on purpose: they stay whole, one word each.

    python3 operators/Sluice.Operators/Dedup/make_fold_table.py > operators/Sluice.Operators/Dedup/UnicodeFold.txt
"""
import sys
import unicodedata


def fold(ch):
    """The decomposition of one code point with nonspacing marks removed, or None when it has none."""
    cp = ord(ch)
    if 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
        return None
    d = unicodedata.normalize("NFKD", ch)
    if d == ch:
        return None
    return "".join(c for c in d if unicodedata.category(c) != "Mn")


def main():
    out = sys.stdout
    out.write(f"# Unicode {unicodedata.unidata_version}: code point, then its NFKD decomposition without Mn marks (hex)\n")
    for cp in range(0x80, 0x110000):
        folded = fold(chr(cp))
        if folded is not None:
            out.write(" ".join([f"{cp:X}"] + [f"{ord(c):X}" for c in folded]) + "\n")


if __name__ == "__main__":
    main()
