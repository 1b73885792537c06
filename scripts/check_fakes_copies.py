#!/usr/bin/env python3
"""Checks slant's syndication pass on FA-KES (../shared/corpus/fakes_syria.jsonl).

Usage: check_fakes_copies.py CORPUS.jsonl DOCUMENTS.csv

Every group of articles with identical text must share one cluster, and its first copy must be
the earliest by date, then id. Prints how many copies were found. Exit 1 on a failure.
"""
import collections
import csv
import json
import sys

corpus, documents = sys.argv[1], sys.argv[2]
docs = [json.loads(line) for line in open(corpus, encoding="utf-8")]
rows = {r["doc_id"]: r for r in csv.DictReader(open(documents, encoding="utf-8"))}
groups = collections.defaultdict(list)
for d in docs:
    groups[d["text"]].append(d)
failures = 0
exact = [g for g in groups.values() if len(g) > 1]
for g in exact:
    clusters = {rows[d["id"]]["cluster"] for d in g}
    if len(clusters) != 1:
        failures += 1
        print("identical articles in different clusters:", [d["id"] for d in g])
copies = sum(1 for r in rows.values() if r["duplicate_of"])
clusters = len({r["cluster"] for r in rows.values() if r["duplicate_of"]})
for r in rows.values():
    if r["duplicate_of"]:
        first, me = rows[r["duplicate_of"]], r
        key = lambda x: (x["date"] == "", x["date"], x["doc_id"])
        if key(first) > key(me):
            failures += 1
            print("first copy is not the earliest:", r["doc_id"], r["duplicate_of"])
print(f"FA-KES: {len(exact)} groups of identical articles, all clustered: {failures == 0}; "
      f"{copies} copies in {clusters} clusters")
sys.exit(1 if failures else 0)
