#!/usr/bin/env bash
# End-to-end benchmark of `slant analyze`: prints MB/s of article text, articles/s and peak RSS.
#
#   scripts/bench.sh CORPUS [slant analyze options...]
#   scripts/bench.sh ../shared/corpus/article_bias_prediction.jsonl.gz
#   scripts/bench.sh ../shared/corpus/article_bias_prediction.jsonl.gz --threads 1
#
# Builds the release binary first. Tables go to a temporary directory, removed afterwards.
# A benchmark, not a test: nothing here asserts a speed.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/bench.sh CORPUS [slant analyze options...]}
shift
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/slant"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/time -v -o "$work/time.txt" "$bin" analyze "$corpus" -o "$work/tables" --allow-skips "$@" 2>"$work/stderr.txt"; then
  cat "$work/stderr.txt" >&2
  exit 1
fi
python3 - "$work" "$corpus" "$*" <<'PY'
import json, re, sys
work, corpus, extra = sys.argv[1], sys.argv[2], sys.argv[3]
time = open(f"{work}/time.txt").read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", time).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rss_mb = int(field("Maximum resident set size (kbytes)")) / 1024
m = json.load(open(f"{work}/tables/manifest.json"))
c = m["corpus"]
mb = c["text_bytes"] / 1e6
rows = {t["name"]: t["rows"] for t in m["tables"]}
print(f"corpus        {corpus} {extra}".rstrip())
print(f"articles      {c['documents']:,} from {c['outlets']:,} outlets ({c['skipped_records']:,} skipped)")
print(f"text          {mb:,.1f} MB, {c['tokens']:,} tokens")
print(f"lexicons      {', '.join(l['name'] for l in m['lexicons'])}")
print(f"hits          {rows['hits']:,} rows")
print(f"wall time     {seconds:.2f} s (user {field('User time (seconds)')} s, system {field('System time (seconds)')} s, CPU {field('Percent of CPU this job got')})")
print(f"throughput    {mb / seconds:,.1f} MB/s of article text, {c['documents'] / seconds:,.0f} articles/s")
print(f"peak memory   {rss_mb:,.0f} MB (maximum resident set size)")
PY
