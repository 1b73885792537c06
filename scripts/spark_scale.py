#!/usr/bin/env python3
"""slant.spark against the command line on one corpus, on this machine: the throughput of each,
the seconds per stage of the Spark run, and the shuffle each stage writes (from Spark's REST
API), per million articles. The figures of docs/SCALE.md.

    scripts/spark_scale.py SLANT_BIN CORPUS.jsonl[.gz] [--master local[2]] [--partitions N]

Runs in the Python module's venv (scripts/test_python.sh makes it: pyspark, pyarrow, polars).
The corpus is written once as Parquet, which both read; the run fails unless every table of
the Spark run equals the command line's.
"""

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import polars as pl


def read_jsonl(path: Path) -> pl.DataFrame:
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as f:
            return pl.read_ndjson(io.BytesIO(f.read()), infer_schema_length=None)
    return pl.read_ndjson(path, infer_schema_length=None)


def rest(url: str) -> list:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bin")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=None, help="input partitions (default: Spark's)")
    args = ap.parse_args()

    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import slant
    import slant.spark

    work = Path(tempfile.mkdtemp(prefix="slant-scale-"))
    corpus = work / "corpus.parquet"
    frame = read_jsonl(args.corpus)
    frame.write_parquet(corpus)
    articles = frame.height
    del frame

    start = time.perf_counter()
    subprocess.run([args.bin, "analyze", str(corpus), "-o", str(work / "cli")], check=True)
    cli_seconds = time.perf_counter() - start
    manifest = json.loads((work / "cli" / "manifest.json").read_text())
    text_mb = manifest["corpus"]["text_bytes"] / 1e6

    spark = (
        SparkSession.builder.master(args.master)
        .appName("slant-scale")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "6g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    rows = spark.read.parquet(str(corpus))
    if args.partitions:
        rows = rows.repartition(args.partitions)
    start = time.perf_counter()
    result = slant.spark.analyze(rows, location=str(corpus), output=str(work / "spark"))
    spark_seconds = time.perf_counter() - start

    for name in slant.TABLES:
        cli = pl.read_parquet(work / "cli" / f"{name}.parquet")
        mine = result.table(name)
        if name == "documents":
            cli, mine = cli.drop("source"), mine.drop("source")
        if not cli.equals(mine):
            print(f"spark_scale: table {name} differs from the command line's", file=sys.stderr)
            return 1

    base = f"{spark.sparkContext.uiWebUrl}/api/v1/applications/{spark.sparkContext.applicationId}"
    stages = {s["stageId"]: s for s in rest(f"{base}/stages")}
    per_stage: dict = {}
    for job in rest(f"{base}/jobs"):
        name = (job.get("description") or "").removeprefix("slant: ") or "other"
        entry = per_stage.setdefault(name, {"shuffle_write_bytes": 0, "input_bytes": 0})
        for sid in job["stageIds"]:
            s = stages.get(sid)
            if s and s.get("status") == "COMPLETE":
                entry["shuffle_write_bytes"] += s.get("shuffleWriteBytes", 0)
                entry["input_bytes"] += s.get("inputBytes", 0)
    spark.stop()

    million = 1e6 / articles
    print(f"{articles} articles, {text_mb:.1f} MB of text, master {args.master}")
    print(f"command line: {cli_seconds:.1f} s = {text_mb / cli_seconds:.1f} MB/s")
    print(f"spark:        {spark_seconds:.1f} s = {text_mb / spark_seconds:.1f} MB/s "
          f"(ratio {cli_seconds / spark_seconds:.2f} of the command line's throughput)")
    print(f"{'stage':16} {'seconds':>8} {'shuffle MB':>11} {'MB per 1M articles':>19}")
    for name, seconds in result.timings.items():
        shuffle = per_stage.get(name, {}).get("shuffle_write_bytes", 0) / 1e6
        print(f"{name:16} {seconds:8.1f} {shuffle:11.1f} {shuffle * million:19.0f}")
    print(json.dumps({
        "articles": articles, "text_mb": round(text_mb, 1), "master": args.master,
        "cli_seconds": round(cli_seconds, 2), "spark_seconds": round(spark_seconds, 2),
        "timings": result.timings,
        "shuffle_write_bytes": {k: v["shuffle_write_bytes"] for k, v in per_stage.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
