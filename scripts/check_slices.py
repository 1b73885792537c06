#!/usr/bin/env python3
"""Checks slices on real corpora from ../shared: grouping never changes what is counted, date
slices merge into the one run, and the tables give what the corpus gives.

Usage: check_slices.py SLANT_BIN ABP_SUBSET.jsonl FAKES.jsonl WORK_DIR

1. The ABP Syria subset has the same token and hit totals by outlet, by label, and by label
   merged from two date slices (up to 2015, from 2016), each against a run over the dated
   articles; the merged summary tables are byte for byte that run's, and the per-article ones
   hold its rows (in shard order).
2. FA-KES gives a series by outlet and year, and `report --from` prints what `report` prints.
Prints the figures. Exit 1 on a failure.
"""
import csv
import filecmp
import subprocess
import sys
from pathlib import Path

slant, abp, fakes, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
work.mkdir(parents=True, exist_ok=True)
failures = 0


def run(*args):
    out = subprocess.run([slant, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"slant {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout


def totals(directory):
    """(tokens, hits) summed over the groups of an outlets.csv."""
    rows = list(csv.DictReader(open(directory / "outlets.csv", encoding="utf-8")))
    first = rows[0]["category"], rows[0]["lexicon"]
    tokens = sum(int(r["tokens"]) for r in rows if (r["category"], r["lexicon"]) == first)
    return tokens, sum(int(r["count"]) for r in rows)


def check(name, got, expected):
    global failures
    ok = got == expected
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {got}" + ("" if ok else f" (expected {expected})"))


csv_ = ["--format", "csv"]
run("analyze", abp, "-o", str(work / "outlet"), *csv_)
run("analyze", abp, "-o", str(work / "label"), "--by", "label", *csv_)
by_outlet = totals(work / "outlet")
check("ABP subset tokens and hits by outlet", by_outlet, by_outlet)
check("ABP subset tokens and hits by label", totals(work / "label"), by_outlet)

dated = ["--by", "label", "--period", "month", *csv_]
run("analyze", abp, "-o", str(work / "dated"), "--since", "1800-01-01", *dated)
run("analyze", abp, "-o", str(work / "early"), "--until", "2015-12-31", *dated)
run("analyze", abp, "-o", str(work / "late"), "--since", "2016-01-01", *dated)
run("merge", str(work / "early"), str(work / "late"), "-o", str(work / "merged"), *csv_)
check("ABP subset by label, merged from two date slices", totals(work / "merged"), totals(work / "dated"))
for table in ["outlets", "contrasts", "series", "keyness", "distances"]:
    same = filecmp.cmp(work / "dated" / f"{table}.csv", work / "merged" / f"{table}.csv", shallow=False)
    check(f"merged {table}.csv is the one run's", same, True)
# one row per article, hit or quotation: the shards' rows in shard order, the run's in corpus
# order (the subset is not sorted by date), so the same rows in another order
for table in ["documents", "counts", "hits", "quotes"]:
    rows = [sorted(open(work / d / f"{table}.csv", encoding="utf-8").read().splitlines()) for d in ("dated", "merged")]
    check(f"merged {table}.csv has the one run's rows", rows[0] == rows[1], True)

run("analyze", fakes, "-o", str(work / "fakes"), "--period", "year", *csv_)
series = list(csv.DictReader(open(work / "fakes" / "series.csv", encoding="utf-8")))
years = sorted({r["period"] for r in series})
check("FA-KES series years", years, [str(y) for y in range(2011, 2019)])
for args in (["--by", "outlet", "--period", "year"], ["--by", "label", "--since", "2016-01-01"]):
    same = run("report", fakes, *args) == run("report", "--from", str(work / "fakes"), *args)
    check(f"FA-KES report {' '.join(args)} from the tables", same, True)
sys.exit(1 if failures else 0)
