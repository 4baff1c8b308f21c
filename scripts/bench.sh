#!/usr/bin/env bash
# `make bench`: builds the corpus once (bench/data/, gitignored), then measures the engine on it and prints a
# table. See bench/README.md for what each figure means. Runs after `make build` (the RSS step uses the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."

DOTNET=${DOTNET:-dotnet}
DATA=bench/data
CORPUS=$DATA/corpus
RESULTS=$DATA/results
OUT=$DATA/out
BENCH=bench/Sluice.Bench.Engine/bin/Release/net10.0/sluice-bench
CLI=build/bin/sluice
RECORDS=${BENCH_RECORDS:-1000000}

echo "== machine"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
uptime

if [[ ! -f $DATA/corpus.stats.json ]]; then
  echo "== corpus: building $CORPUS from Debian documentation (once; takes a few minutes)"
  missing=()
  for pkg in manpages manpages-dev debian-reference-en python3.11-doc perl-doc linux-doc time; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if (( ${#missing[@]} )); then
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "note: not installed (the corpus will hold less distinct text): ${missing[*]}" >&2
    fi
  fi
  rm -rf "$CORPUS"
  python3 bench/corpus/build_corpus.py --out "$CORPUS" --shards 64 --min-gz-mb 200
fi

echo "== build"
$DOTNET build bench/Sluice.Bench.Engine -c Release -v quiet -nologo >/dev/null
rm -rf "$RESULTS" "$OUT"
mkdir -p "$RESULTS" "$OUT"
python3 - "$DATA/corpus.stats.json" "$RESULTS/corpus.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
json.dump({k: v for k, v in s.items() if k != "by_source"} | {"by_source": s.get("by_source", {})}, open(sys.argv[2], "w"))
PY

echo "== 2. jsonl.gz -> >= 50 words -> jsonl.gz"
$BENCH filter --input "$CORPUS/*.jsonl.gz" --output "$OUT/filter" --results "$RESULTS/filter.json" 2>/dev/null
echo "== 2b. the same filter on dynamic rows"
$BENCH filter-rows --input "$CORPUS/*.jsonl.gz" --output "$OUT/filter-rows" --results "$RESULTS/filter-rows.json" 2>/dev/null
echo "== 2c. the same filter as a plain Python loop (stdlib: gzip, json, split, gzip level 1)"
python3 bench/filter/python_loop.py --output "$OUT/python-loop" $(ls "$CORPUS"/*.jsonl.gz | sort) >"$RESULTS/python-loop.json"
python3 - "$RESULTS/filter.json" "$RESULTS/python-loop.json" <<'PY'
import json, sys
sluice, loop = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
per_cpu = sluice["docs_in"] / sluice["cpu_s"]
print(f"filter per CPU-second: Sluice {per_cpu:,.0f} docs, Python loop {loop['docs_per_cpu_s']:,} docs "
      f"({loop['mb_per_cpu_s']} MB JSONL): Sluice = {per_cpu / loop['docs_per_cpu_s']:.2f}x the loop")
PY
echo "== stage profile"
$BENCH stages --corpus "$CORPUS" --files 8 --results "$RESULTS/stages.json" 2>/dev/null
echo "== native gzip kernel (ISA-L) against its managed twin"
$BENCH gzip-kernel --corpus "$CORPUS" --files 16 --repeats 5 --results "$RESULTS/gzip-kernel.json" 2>/dev/null \
  || echo "note: gzip-kernel not measured (libsluice_isal.so did not load; see native-kernels/README.md)" >&2
echo "== 3. jsonl.gz -> 3 operators -> parquet"
$BENCH parquet --input "$CORPUS/*.jsonl.gz" --output "$OUT/parquet" --results "$RESULTS/parquet.json" 2>/dev/null
echo "== 4. engine overhead ($RECORDS in-memory records)"
$BENCH overhead --corpus "$CORPUS" --scratch "$OUT/overhead" --records "$RECORDS" --repeats "${BENCH_REPEATS:-2}" --results "$RESULTS/overhead.json" 2>/dev/null

echo "== 5. peak RSS of 'sluice run' at 1x, 3x and 10x input"
if [[ ! -x /usr/bin/time ]]; then echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; fi
rss_run() {  # name, file count: the first N corpus files, hard-linked into their own folder
  local dir=$OUT/rss-input-$1
  mkdir -p "$dir"
  ls "$CORPUS"/*.jsonl.gz | sort | head -n "$2" | xargs -I{} ln {} "$dir/"
  local log=$OUT/rss-$1.log start end runner=sluice
  start=$(date +%s.%N)
  # The CLI first; when it cannot run the script (a script-host change in flight), the bench binary runs the
  # same pipeline in the same engine, so the 1x/10x ratio stays meaningful.
  if ! /usr/bin/time -v "$CLI" run bench/Sluice.Bench.Engine/scripts/min-words.csx --input "$dir" --output "$OUT/rss-$1" >"$log" 2>&1; then
    echo "note: 'sluice run' failed ($(head -c 200 "$log" | head -1)); measuring sluice-bench filter instead" >&2
    runner=sluice-bench
    start=$(date +%s.%N)
    /usr/bin/time -v "$BENCH" filter --input "$dir" --output "$OUT/rss-$1" --results "$OUT/rss-$1.json" >"$log" 2>&1 \
      || { tail -20 "$log" >&2; exit 1; }
  fi
  end=$(date +%s.%N)
  local kb gz
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  gz=$(du -b --apparent-size -c "$dir"/*.jsonl.gz | tail -1 | cut -f1)
  printf '"%s": {"runner": "%s", "files": %d, "gz_bytes": %d, "rss_kb": %d, "wall_s": %.1f}' "$1" "$runner" "$2" "$gz" "$kb" "$(echo "$end - $start" | bc)"
}
{
  echo "{"
  rss_run x1 6
  echo ","
  rss_run x3 20
  echo ","
  rss_run x10 60
  echo "}"
} >"$RESULTS/rss.json"

echo "== 7. MinHash signatures + LSH band keys over the first 16 corpus files (C# at parallelism 1, then the Python reference)"
$BENCH minhash --corpus "$CORPUS" --files 16 --parallelism 1 --results "$RESULTS/minhash.json" 2>/dev/null
# Pure Python (no numpy or xxhash here) signs ~50 documents per CPU-second: a 2,000-document prefix gives the rate.
python3 bench/dedup/minhash_ref.py $(ls "$CORPUS"/*.jsonl.gz | sort | head -n 16) --max-docs "${BENCH_MINHASH_REF_DOCS:-2000}" >"$RESULTS/minhash-ref.json"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(lscpu | awk -F': *' '/^Model name/ {print $2; exit}')
MEM=$(free -g | awk '/^Mem:/ {print $2 " GiB RAM"}')
printf '{"nproc": %d, "cpu": "%s", "memory": "%s", "load_before": "%s", "load_after": "%s"}\n' \
  "$(nproc)" "$CPU" "$MEM" "$LOAD_BEFORE" "$LOAD_AFTER" >"$RESULTS/machine.json"

$BENCH table --results "$RESULTS"
