#!/usr/bin/env python3
"""Writes a JSONL corpus twice, the second time with every id suffixed `-copy`.

    scripts/double_corpus.py ../shared/corpus/article_bias_prediction.jsonl.gz /tmp/abp2x.jsonl

The input may be gzip-compressed; the output is plain JSONL. The doubled corpus is what
docs/PERFORMANCE.md measures memory growth on: twice the articles, the same outlets.
"""
import gzip
import json
import sys


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield line


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: scripts/double_corpus.py IN.jsonl[.gz] OUT.jsonl")
    src, dst = sys.argv[1], sys.argv[2]
    with open(dst, "w", encoding="utf-8") as out:
        for line in lines(src):
            out.write(line if line.endswith("\n") else line + "\n")
        for line in lines(src):
            record = json.loads(line)
            record["id"] = f"{record['id']}-copy"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
