#!/usr/bin/env bash
# End-to-end benchmark of `slant analyze`: prints MB/s of article text, articles/s, MB/s of the
# input files as stored (for HTML pages, the path's own measure) and peak RSS.
#
#   scripts/bench.sh CORPUS [slant analyze options...]
#   scripts/bench.sh ../shared/corpus/article_bias_prediction.jsonl.gz
#   scripts/bench.sh ../shared/corpus/article_bias_prediction.jsonl.gz --threads 1
#   RUNS=3 scripts/bench.sh ../shared/corpus/article_bias_prediction.jsonl.gz
#
# RUNS=N runs N times and prints each run, then the median (timings on a shared or virtual
# machine vary by 10 % or more from run to run). For memory growth, double a corpus with
# scripts/double_corpus.py and compare.
#
# Builds the release binary first, unless SLANT_BIN names a binary to measure (to compare two
# builds, alternate their runs). Tables go to a temporary directory, removed afterwards.
# A benchmark, not a test: nothing here asserts a speed.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/bench.sh CORPUS [slant analyze options...]}
shift
if [ -n "${SLANT_BIN:-}" ]; then
  bin="$SLANT_BIN"
else
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/slant"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-1}
for run in $(seq 1 "$runs"); do
  rm -rf "$work/tables"
  if ! /usr/bin/time -v -o "$work/time.txt" "$bin" analyze "$corpus" -o "$work/tables" --allow-skips "$@" 2>"$work/stderr.txt"; then
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  cp "$work/time.txt" "$work/time.$run.txt"
done
python3 - "$work" "$corpus" "$*" "$runs" <<'PY'
import json, re, statistics, sys
work, corpus, extra, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def field(time, name):
    return re.search(re.escape(name) + r": (.*)", time).group(1).strip()
m = json.load(open(f"{work}/tables/manifest.json"))
c = m["corpus"]
mb = c["text_bytes"] / 1e6
rows = {t["name"]: t["rows"] for t in m["tables"]}
print(f"corpus        {corpus} {extra}".rstrip())
print(f"articles      {c['documents']:,} from {c['outlets']:,} outlets ({c['skipped_records']:,} skipped)")
print(f"text          {mb:,.1f} MB, {c['tokens']:,} tokens")
print(f"lexicons      {', '.join(l['name'] for l in m['lexicons'])}")
print(f"hits          {rows['hits']:,} rows")
walls, peaks = [], []
for run in range(1, runs + 1):
    time = open(f"{work}/time.{run}.txt").read()
    wall = field(time, "Elapsed (wall clock) time (h:mm:ss or m:ss)")
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    rss_mb = int(field(time, "Maximum resident set size (kbytes)")) / 1024
    walls.append(seconds)
    peaks.append(rss_mb)
    label = f"run {run}" if runs > 1 else "wall time"
    print(f"{label:<13} {seconds:.2f} s (user {field(time, 'User time (seconds)')} s, system {field(time, 'System time (seconds)')} s, CPU {field(time, 'Percent of CPU this job got')}), peak {rss_mb:,.0f} MB")
seconds, rss_mb = statistics.median(walls), statistics.median(peaks)
median = " (median)" if runs > 1 else ""
print(f"throughput    {mb / seconds:,.1f} MB/s of article text, {c['documents'] / seconds:,.0f} articles/s{median}")
files = c.get("files") or []
read = sum(f.get("bytes", 0) for f in files) / 1e6
if read:
    # an HTML directory: the pages read (uncompressed sizes are not recorded: gzip counts as stored)
    print(f"input         {read:,.1f} MB in {len(files):,} files: {read / seconds:,.1f} MB/s of input as stored{median}")
print(f"peak memory   {rss_mb:,.0f} MB (maximum resident set size){median}")
PY
