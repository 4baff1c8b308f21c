#!/usr/bin/env bash
# The global shuffle (examples/shuffle.csx: keys, rank, one stage per chunk, val, counts) over N small records
# (make_records.py): wall time, CPU seconds (user + sys), peak RSS (/usr/bin/time -v), bytes through the two exchanges.
# Usage: bash bench/shuffle/run.sh [RECORDS] [CHUNKS] [HELD_OUT] [SORT_BUFFER_MIB] [EXCHANGE_COMPRESSION]
#        (defaults: 1000000 32 10000 64 zstd)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
CHUNKS=${2:-32}
HELD=${3:-10000}
SORT=${4:-64}
EXCHANGE=${5:-zstd}
SLUICE=build/bin/sluice
[ -x "$SLUICE" ] || make build
WORK=$(mktemp -d /tmp/sluice-shuffle-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"
python3 bench/shuffle/make_records.py "$N" 8 "$WORK/in"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $N records, $(du -cb "$WORK"/in/*.gz | tail -1 | cut -f1) bytes gzip, $(zcat "$WORK"/in/*.gz | wc -c) bytes JSONL"
/usr/bin/time -v "$SLUICE" run examples/shuffle.csx --input "$WORK/in" --output "$WORK/out" --work "$WORK/work" \
  --run "$WORK/run" --chunks "$CHUNKS" --held-out "$HELD" --partitions 16 --sort-buffer-mib "$SORT" --exchange-compression "$EXCHANGE" >"$WORK/log" 2>"$WORK/time"
echo "wall: $(grep 'Elapsed (wall clock)' "$WORK/time" | awk '{print $NF}')"
echo "cpu: user $(grep 'User time' "$WORK/time" | awk '{print $NF}') s, sys $(grep 'System time' "$WORK/time" | awk '{print $NF}') s"
echo "peak RSS: $(( $(grep 'Maximum resident' "$WORK/time" | awk '{print $NF}') / 1024 )) MiB"
echo "exchange bytes: keyed $(jq '.bytes' "$WORK/work/shuffle-keyed/_manifest.json"), ranked $(jq '.bytes' "$WORK/work/shuffle-ranked/_manifest.json")"
echo "counts: $(jq -c '{total, chunkLines: (.chunk_lines | [min, max]), heldOut: (.held_out_lines | add)}' "$WORK/out/shuffle-counts.json")"
