#!/usr/bin/env python3
"""Article-body extraction scored as the ScrapingHub article-extraction benchmark scores it.

    extraction_f1.py GROUND_TRUTH.json PREDICTIONS.json [--key NAME] [--worst N]

GROUND_TRUTH: {"<id>": {"articleBody": "...", ...}} (../shared/corpus/web/ground-truth.json).
PREDICTIONS: {"<id>": "text"} or {"<id>": {"NAME": "text", ...}} (then --key picks NAME; every
name is scored when --key is not given), or the JSONL `slant extract` writes (`id`, `text`).

The metric (the benchmark's README, ../shared/corpus/web/README.md): split both texts into \\w+
tokens, take all 4-token shingles, count per page true positives (shingles in both, by
multiplicity), false positives and false negatives, normalise the three to sum to 1 for the
page, average precision and recall over the pages (a page with nothing predicted is left out
of precision's mean, one with nothing true out of recall's), and F1 = 2PR/(P+R).
"""

import argparse
import json
import re
import sys
from collections import Counter

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(truth: str, predicted: str):
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return None
    return tp / total, fp / total, fn / total


def score(truth: dict, predicted: dict):
    precisions, recalls, per_page = [], [], []
    for page, entry in sorted(truth.items()):
        counts = page_counts(entry.get("articleBody", ""), predicted.get(page, ""))
        if counts is None:
            continue
        tp, fp, fn = counts
        p = tp / (tp + fp) if tp + fp > 0 else None
        r = tp / (tp + fn) if tp + fn > 0 else None
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        f = 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else 0.0
        per_page.append((f, page, p, r))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f1, sorted(per_page)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("predictions")
    ap.add_argument("--key")
    ap.add_argument("--worst", type=int, default=0)
    ap.add_argument("--min-f1", type=float, help="exit 1 when the (first) F1 is below this")
    a = ap.parse_args()
    truth = json.load(open(a.truth, encoding="utf-8"))
    if a.predictions.endswith(".jsonl"):
        raw = {}
        for line in open(a.predictions, encoding="utf-8"):
            record = json.loads(line)
            raw[str(record["id"]).split("/")[-1]] = record["text"]
    else:
        raw = json.load(open(a.predictions, encoding="utf-8"))
    first = next(iter(raw.values()), "")
    names = [a.key] if a.key else (sorted(first) if isinstance(first, dict) else [None])
    results = []
    for name in names:
        predicted = {k: (v.get(name, "") if name else v) for k, v in raw.items()} if name else raw
        p, r, f1, pages = score(truth, predicted)
        results.append(f1)
        label = name or "predictions"
        print(f"{label}: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f} on {len(pages)} pages")
        for f, page, pp, rr in pages[: a.worst]:
            print(f"   {f:.2f} {page[:16]} precision {pp if pp is None else round(pp, 2)} recall {rr if rr is None else round(rr, 2)}")
    if a.min_f1 is not None and results and results[0] < a.min_f1:
        sys.exit(1)


if __name__ == "__main__":
    main()
