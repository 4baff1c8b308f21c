#!/usr/bin/env bash
# The whole dedup workflow (examples/dedup.csx: exact, then MinHash-LSH; six stages, two exchanges) over the first N
# corpus files, for N = 1x and 3x: wall time, CPU seconds (user + sys), peak RSS (/usr/bin/time -v), bytes through
# the exchanges (the partitioned datasets' manifests), documents kept and removed.
# Usage: bash bench/dedup/workflow.sh [CORPUS_DIR] [FILES_1X]   (defaults: bench/data/corpus, 20 files)
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS=${1:-bench/data/corpus}
ONE=${2:-20}
SLUICE=build/bin/sluice
[ -x "$SLUICE" ] || make build
WORK=$(mktemp -d /tmp/sluice-dedup-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for scale in 1 3; do
  n=$((ONE * scale))
  in=$WORK/in-$scale
  mkdir -p "$in"
  for f in $(ls "$CORPUS"/*.jsonl.gz | sort | head -n "$n"); do ln "$f" "$in/" 2>/dev/null || cp "$f" "$in/"; done
  gz=$(du -cb "$in"/*.jsonl.gz | tail -1 | cut -f1)
  /usr/bin/time -v "$SLUICE" run examples/dedup.csx --input "$in" --output "$WORK/out-$scale" --work "$WORK/work-$scale" \
    --run "$WORK/run-$scale" --partitions 16 >"$WORK/log-$scale" 2>"$WORK/time-$scale"
  wall=$(grep 'Elapsed (wall clock)' "$WORK/time-$scale" | awk '{print $NF}')
  user=$(grep 'User time' "$WORK/time-$scale" | awk '{print $NF}')
  sys=$(grep 'System time' "$WORK/time-$scale" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$WORK/time-$scale" | awk '{print $NF}')
  exchange=0
  for d in exact-keys minhash-bands; do exchange=$((exchange + $(jq '.bytes' "$WORK/work-$scale/$d/_manifest.json"))); done
  pairs=$(jq '.rows' "$WORK/work-$scale/minhash-pairs/_manifest.json")
  kept=$(jq '.rows' "$WORK/out-$scale/_manifest.json")
  removed=$(cat "$WORK/out-$scale/_rejects/"*.jsonl 2>/dev/null | wc -l)
  exact=$(cat "$WORK/out-$scale/_rejects/"*.jsonl 2>/dev/null | grep -c '"reason":"exact duplicate' || true)
  docs=$((kept + removed))
  cpu=$(python3 -c "print(f'{$user + $sys:.1f}')")
  echo "$scale""x: $n files, $((gz / 1000000)) MB gzip, $docs docs: wall $wall, CPU $cpu s ($(python3 -c "print(f'{$docs / ($user + $sys):.0f}')") docs/CPU-s), peak RSS $((rss / 1024)) MiB, exchange $((exchange / 1000000)) MB (zstd), $pairs bucket pairs, kept $kept, removed $removed ($exact exact, $((removed - exact)) near)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
