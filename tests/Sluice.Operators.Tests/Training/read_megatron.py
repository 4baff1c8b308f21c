#!/usr/bin/env python3
"""Independent reader of a Megatron-LM indexed dataset (MMIDIDX), stdlib only.

Written from the format description in docs/training-data.md, not from the C# writer:
.idx = magic b"MMIDIDX\\x00\\x00", u64 version (1), u8 dtype code (4 = int32, 8 = uint16),
u64 item count S, u64 document-index count D, then S int32 sizes, S int64 byte pointers,
D int64 document indices (0 first, each entry the item count at a document's end); all little-endian.
.bin = the items' token ids back to back in the dtype.

Usage: read_megatron.py PREFIX   prints one JSON object:
{"dtype": "uint16"|"int32", "items": [[ids...], ...], "documents": [[item, item, ...], ...]}
Exits non-zero, with the reason on stderr, on any inconsistency.
"""
import array
import json
import struct
import sys

MAGIC = b"MMIDIDX\x00\x00"
DTYPES = {4: ("int32", "i", 4), 8: ("uint16", "H", 2)}


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)


def read(prefix):
    with open(prefix + ".idx", "rb") as f:
        idx = f.read()
    with open(prefix + ".bin", "rb") as f:
        data = f.read()
    if idx[:9] != MAGIC:
        fail("bad magic %r" % idx[:9])
    version, code, items, doc_count = struct.unpack_from("<QBQQ", idx, 9)
    if version != 1:
        fail("version %d, expected 1" % version)
    if code not in DTYPES:
        fail("dtype code %d is neither int32 (4) nor uint16 (8)" % code)
    name, typecode, width = DTYPES[code]
    offset = 9 + 8 + 1 + 8 + 8
    expected = offset + items * 4 + items * 8 + doc_count * 8
    if len(idx) != expected:
        fail(".idx is %d bytes, its counts say %d" % (len(idx), expected))
    sizes = struct.unpack_from("<%di" % items, idx, offset)
    offset += items * 4
    pointers = struct.unpack_from("<%dq" % items, idx, offset)
    offset += items * 8
    doc_index = struct.unpack_from("<%dq" % doc_count, idx, offset)

    position = 0
    for i, (size, pointer) in enumerate(zip(sizes, pointers)):
        if pointer != position:
            fail("item %d starts at byte %d, expected %d" % (i, pointer, position))
        position += size * width
    if position != len(data):
        fail(".bin is %d bytes, the items cover %d" % (len(data), position))
    if doc_count < 1 or doc_index[0] != 0 or doc_index[-1] != items:
        fail("document indices must run from 0 to the item count %d" % items)
    if any(b <= a for a, b in zip(doc_index, doc_index[1:])):
        fail("document indices must strictly ascend")

    ids = array.array(typecode)
    ids.frombytes(data)
    if sys.byteorder != "little":
        ids.byteswap()
    out_items = []
    start = 0
    for size in sizes:
        out_items.append(ids[start:start + size].tolist())
        start += size
    documents = [list(range(a, b)) for a, b in zip(doc_index, doc_index[1:])]
    return {"dtype": name, "items": out_items, "documents": documents}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: read_megatron.py PREFIX")
    json.dump(read(sys.argv[1]), sys.stdout)
