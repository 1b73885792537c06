"""slant.spark against the command line: a local Spark session (local[2]) gives the tables of
`slant analyze` on the same rows, table by table.

Each corpus is written as one Parquet file, which the command line reads and Spark reads. The
`source` column of `documents` is where a row was read (the CLI's `file:row N`); Spark's rows
carry it in `_source` here, so every column is compared. SLANT_FAKES and SLANT_ABP_SUBSET name
../shared/corpus/fakes_syria.jsonl and abp_syria_subset.jsonl (skipped when unset: a clone has
no ../shared). Needs Java (scripts/test_python.sh checks for it).
"""

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import slant

if os.environ.get("SLANT_REQUIRE_SPARK"):
    import pyspark  # noqa: F401  (CI: the tests must run, not be skipped)
else:
    pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

import slant.spark  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("SLANT_BIN", str(ROOT / "target" / "debug" / "slant"))


@pytest.fixture(scope="module")
def spark():
    # the executors' Python is this one (with the module installed)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slant-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def sample_frame() -> pl.DataFrame:
    manifest = pl.read_csv(ROOT / "data" / "manifest.csv")
    texts = [(ROOT / "data" / f).read_text(encoding="utf-8") for f in manifest["file"]]
    return manifest.with_columns(
        id=pl.col("file").str.replace(r"\.txt$", ""), text=pl.Series(texts)
    ).drop("file")


def cli_analyze(tmp_path: Path, corpus: Path, *args: str) -> Path:
    out = tmp_path / "cli"
    subprocess.run(
        [BIN, "analyze", str(corpus), *args, "-o", str(out)], check=True, capture_output=True
    )
    return out


def with_sources(df, path: Path):
    """Spark rows with the CLI's `source` (`FILE:row N`), for a Parquet file read in order,
    then spread over three partitions out of corpus order (the `_order` column keeps it)."""
    from pyspark.sql import Window

    ordered = df.withColumn("_order", F.monotonically_increasing_id())
    row = F.row_number().over(Window.orderBy("_order"))
    sourced = ordered.withColumn("_source", F.concat(F.lit(f"{path}:row "), row.cast("string")))
    return sourced.repartition(3, "_order")


def assert_same_tables(cli_dir: Path, result) -> None:
    for name in slant.TABLES:
        cli = pl.read_parquet(cli_dir / f"{name}.parquet")
        mine = result.table(name)
        assert cli.columns == mine.columns, name
        assert cli.equals(mine), name


def spark_and_cli(spark, tmp_path, frame: pl.DataFrame, *flags: str, **options):
    corpus = tmp_path / "corpus.parquet"
    frame.write_parquet(corpus)
    cli = cli_analyze(tmp_path, corpus, *flags)
    rows = with_sources(spark.read.parquet(str(corpus)), corpus)
    result = slant.spark.analyze(rows, location=str(corpus), **options)
    return cli, result


def test_the_sample_corpus_gives_the_cli_tables(spark, tmp_path):
    cli, result = spark_and_cli(spark, tmp_path, sample_frame())
    assert_same_tables(cli, result)
    assert result.documents.height == 5
    assert result.manifest["corpus"]["kind"] == "spark"


def test_copies_boilerplate_and_slices_as_the_cli_finds_them(spark, tmp_path):
    # the sample five times over under other ids and outlets: copies of each story, and a
    # footer line repeated across one outlet's stories
    base = sample_frame()
    frames = []
    for k in range(5):
        frames.append(
            base.with_columns(
                id=pl.col("id") + f"-{k}",
                outlet=pl.lit(f"wire{k % 2}"),
                text=pl.col("text") + f"\nStory {k} of our series.\nSubscribe to our newsletter",
            )
        )
    frame = pl.concat(frames)
    cli, result = spark_and_cli(
        spark, tmp_path, frame, "--dedupe", "outlet", "--by", "outlet", "--voice", "narrator",
        dedupe="outlet", by="outlet", voice="narrator",
    )
    assert_same_tables(cli, result)
    docs = result.documents
    assert docs["duplicate_of"].is_not_null().sum() > 0
    assert not docs["counted"].all()
    assert docs["boilerplate_bytes"].sum() > 0


def test_bad_records_and_repeated_ids_fail_or_are_skipped(spark, tmp_path):
    base = sample_frame()
    frame = pl.concat(
        [base, base.head(1).with_columns(outlet=pl.lit("again")), base.head(1).with_columns(text=pl.lit(""))]
    )
    corpus = tmp_path / "corpus.parquet"
    frame.write_parquet(corpus)
    rows = with_sources(spark.read.parquet(str(corpus)), corpus)
    with pytest.raises(slant.SlantError) as failure:
        slant.spark.analyze(rows, location=str(corpus))
    message = str(failure.value)
    assert "duplicate id" in message and "row 6" in message
    assert "2 bad records" in message and "--allow-skips" in message
    result = slant.spark.analyze(rows, location=str(corpus), allow_skips=True)
    cli = cli_analyze(tmp_path, corpus, "--allow-skips")
    assert_same_tables(cli, result)
    assert result.manifest["corpus"]["skipped_records"] == 2


def test_a_missing_column_is_named(spark, tmp_path):
    rows = spark.createDataFrame([("a", "x")], "id string, body string")
    with pytest.raises(slant.SlantError, match="no column `outlet`"):
        slant.spark.analyze(rows)


@pytest.mark.parametrize(
    "variable,flags",
    [("SLANT_FAKES", ()), ("SLANT_ABP_SUBSET", ("--by", "label", "--period", "month"))],
)
def test_real_corpora_give_the_cli_tables(spark, tmp_path, variable, flags):
    path = os.environ.get(variable)
    if not path:
        pytest.skip(f"{variable} not set")
    frame = pl.read_ndjson(path, infer_schema_length=None)
    options = dict(zip(("by", "period"), flags[1::2]))
    cli, result = spark_and_cli(spark, tmp_path, frame, *flags, **options)
    assert_same_tables(cli, result)
    assert result.documents.height == frame.height
