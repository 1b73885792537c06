"""`slant.spark.analyze`: `slant analyze` over a Spark DataFrame, for corpora past one machine.

    >>> from pyspark.sql import SparkSession
    >>> import slant.spark
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()
    >>> articles = spark.read.parquet("articles.parquet")     # id, outlet, text (+ date, ...)
    >>> result = slant.spark.analyze(articles, ["frames.toml"], by="label", output="out")
    >>> result.outlets                                         # as slant.analyze gives it

The work is split as a cluster wants it:

1. On the executors (``mapInArrow``, Rust over Arrow batches): each row's fingerprint: is it a
   good record, its date, whether the filters keep it, its MinHash signature and LSH bucket
   keys, the keys of its lines.
2. Spark stages over all rows: repeated ids (a group-by on id); candidate pairs of copies
   (bucket keys grouped, each document against the 64 before it in its bucket), their
   signatures joined and compared, the pairs reaching the threshold joined into clusters
   (connected components, on the driver from the pairs), each cluster's first copy (earliest
   date, then id); lines repeated across an outlet's stories (line keys counted per outlet
   with a group-by, copies of one story counted once).
3. On the executors: each row measured with those decisions broadcast (clean, tokens, voice,
   hits, counts): its rows of ``documents``, ``hits``, ``counts`` and ``quotes``.
4. On the driver: those tables, in corpus order, folded and summarized by the same code as
   ``slant merge`` and ``slant analyze --from`` (intervals, contrasts, keyness, distances), and
   every table written as ``slant analyze -o`` writes it.

The result equals ``slant analyze`` on the same rows, table by table (the ``source`` column
of ``documents`` says where a row was read: a ``_source`` column if the DataFrame has one, else
``LOCATION:row N`` with N the row's ``_order``, which Spark numbers per partition, so not
1, 2, 3 ... unless a ``_order`` column says so).

The DataFrame is scanned twice (stages 1 and 3): it must give the same rows in the same
partitions each time, as a read of files does; persist it first if it does not. A ``_order``
column, if present, gives the corpus order; else it is the DataFrame's own order.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from . import _slant
from .analysis import Result, interval_flags, reading_flags
from .lexicon import Lexicon

ORDER = "_order"
SOURCE = "_source"
#: the first bad records listed in an error, as the command line lists them
KEPT_PROBLEMS = 20

_FINGERPRINTS = (
    "_order long, problem string, source string, id string, outlet string, date string, "
    "dated string, date_problem string, kept boolean, signature array<bigint>, "
    "bands array<bigint>, lines array<bigint>, fields string"
)

# per Python worker: the job and the measurer, built once per task set
_jobs: dict = {}
_measurers: dict = {}


def _job(words: Sequence[str]) -> Any:
    key = tuple(words)
    if key not in _jobs:
        _jobs.clear()
        _jobs[key] = _slant.Job(list(words))
    return _jobs[key]


def _ipc(batch: Any) -> bytes:
    """The bytes of an Arrow IPC stream of one batch or table."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write(batch)
    return sink.getvalue().to_pybytes()


def _table(data: bytes) -> Any:
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all()


def _plain(t: Any) -> Any:
    """An Arrow type with 32-bit offsets (what Spark reads) for the large ones polars writes."""
    import pyarrow as pa

    if pa.types.is_large_string(t):
        return pa.string()
    if pa.types.is_large_binary(t):
        return pa.binary()
    if pa.types.is_large_list(t) or pa.types.is_list(t):
        return pa.list_(_plain(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _plain(f.type)) for f in t])
    return t


def _fingerprint_rows(words: Sequence[str], what: str):
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import _parse_datatype_string

    target = to_arrow_schema(_parse_datatype_string(_FINGERPRINTS))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        job = _job(words)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            table = _table(job.fingerprints(_ipc(batch), what))
            yield from table.cast(target).to_batches()

    return run


def _nest(docs: Any, parts: Sequence[Any], schema: Any) -> Any:
    """One batch of `schema`: the documents' columns, and each part's rows (hits, counts,
    quotes) as a list of structs per document (its `_doc` column giving the document's row)."""
    import numpy as np
    import pyarrow as pa

    n = docs.num_rows
    columns = [docs.column(f.name).combine_chunks().cast(f.type) for f in schema if f.name in docs.column_names]
    for part, field in zip(parts, list(schema)[len(columns):]):
        rows = part.column("_doc").to_numpy()
        offsets = np.searchsorted(rows, np.arange(n + 1)).astype(np.int32)
        struct_type = field.type.value_type
        values = pa.StructArray.from_arrays(
            [part.column(f.name).combine_chunks().cast(f.type) for f in struct_type],
            fields=list(struct_type),
        )
        columns.append(pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _measure_rows(words: Sequence[str], fields: Sequence[str], copies: Any, repeated: Any,
                  what: str, schema: Any):
    key = (tuple(words), tuple(fields), id(copies))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        if key not in _measurers:
            _measurers.clear()
            _measurers[key] = _job(words).measurer(list(fields), copies.value, repeated.value)
        measurer = _measurers[key]
        for batch in batches:
            if batch.num_rows == 0:
                continue
            d, h, c, q = measurer.measure(_ipc(batch), what)
            yield _nest(_table(d), [_table(h), _table(c), _table(q)], schema)

    return run


class _Components:
    """Union-find over the corpus positions of the documents in copy pairs."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _copies(unique: Any, threshold: float) -> list:
    """Stage 2's copies: (id, first copy's id, first of its cluster in its outlet) for every
    later copy, as `slant analyze` finds them (`slant::syndication`)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    window = int(_slant.BUCKET_COMPARISONS)
    keyed = unique.filter(F.size("signature") > 0)
    buckets = keyed.select(ORDER, F.explode("bands").alias("key"))
    sizes = buckets.groupBy("key").count().filter(F.col("count") > 1).select("key")
    shared = buckets.join(sizes, "key")
    ranked = shared.withColumn("r", F.row_number().over(Window.partitionBy("key").orderBy(ORDER)))
    # each member against the `window` members before it in its bucket
    earlier = ranked.filter(F.col("r") > 1).select(
        "key",
        F.col(ORDER).alias("a"),
        F.explode(F.sequence(F.greatest(F.col("r") - window, F.lit(1)), F.col("r") - 1)).alias("r"),
    )
    pairs = earlier.join(ranked.select("key", "r", F.col(ORDER).alias("b")), ["key", "r"])
    pairs = pairs.select("a", "b").distinct()
    signatures = keyed.select(ORDER, "signature")
    sa = signatures.select(F.col(ORDER).alias("a"), F.col("signature").alias("sa"))
    sb = signatures.select(F.col(ORDER).alias("b"), F.col("signature").alias("sb"))
    same = F.aggregate(
        F.zip_with("sa", "sb", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0), lambda s, v: s + v
    )
    edges = (
        pairs.join(sa, "a").join(sb, "b")
        .select("a", "b", (same / F.lit(float(_slant.SLOTS))).alias("similarity"))
        .filter(F.col("similarity") >= F.lit(threshold))
        .select("a", "b")
        .collect()
    )
    if not edges:
        return []
    components = _Components()
    for a, b in edges:
        components.join(a, b)
    members = sorted(components.parent)
    spark = unique.sparkSession
    wanted = spark.createDataFrame([(m,) for m in members], f"{ORDER} long")
    info = {
        row[0]: (row[1], row[2], row[3])
        for row in unique.join(F.broadcast(wanted), ORDER).select(ORDER, "id", "outlet", "date").collect()
    }

    def earliest(i: int) -> tuple:
        id_, _, date = info[i]
        return (date is None, date or "", id_)

    clusters: dict = {}
    for m in members:
        clusters.setdefault(components.find(m), []).append(m)
    out = []
    for group in clusters.values():
        first = min(group, key=earliest)
        firsts_by_outlet: dict = {}
        for m in group:
            outlet = info[m][1]
            best = firsts_by_outlet.get(outlet)
            if best is None or earliest(m) < earliest(best):
                firsts_by_outlet[outlet] = m
        for m in sorted(group):
            if m != first:
                out.append((info[m][0], info[first][0], firsts_by_outlet[info[m][1]] == m))
    return out


def _repeated(unique: Any, copies: Any, min_stories: int, min_share: float) -> Any:
    """Stage 2's repeated lines: (outlet, key) for each line in at least `min_stories` of an
    outlet's stories and `min_share` of them, a story's copies counted once."""
    from pyspark.sql import functions as F

    stories = unique.join(F.broadcast(copies), "id", "left").withColumn(
        "story", F.coalesce(F.col("first"), F.col("id"))
    )
    lines = stories.select("outlet", "story", F.explode("lines").alias("key")).distinct()
    counts = lines.groupBy("outlet", "key").agg(F.count("*").alias("n"))
    totals = stories.groupBy("outlet").agg(F.countDistinct("story").alias("total"))
    return (
        counts.join(totals, "outlet")
        .filter((F.col("n") >= F.lit(min_stories)) & (F.col("n") >= F.lit(min_share) * F.col("total")))
        .select("outlet", "key")
    )


class _Clock:
    """Seconds per stage of a run, and each stage's name on its Spark jobs (the UI's and the
    REST API's job descriptions: `slant: copies`)."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.seconds: dict = {}
        self.name: Optional[str] = None
        self.start = time.perf_counter()

    def stage(self, name: Optional[str]) -> None:
        now = time.perf_counter()
        if self.name is not None:
            self.seconds[self.name] = round(now - self.start, 3)
        self.name, self.start = name, now
        self.context.setJobDescription(None if name is None else f"slant: {name}")


def _slant_error(e: BaseException) -> Optional[BaseException]:
    """The SlantError an executor raised, out of the PythonException Spark wraps it in."""
    text = str(e)
    marker = "SlantError: "
    if type(e).__name__ != "PythonException" or marker not in text:
        return None
    message = text[text.rindex(marker) + len(marker):].strip()
    return _slant.SlantError(message)


def _checked(prints: Any, location: str) -> tuple:
    """Stage 1's checks over all rows: the metadata columns' texts, the good rows with each id
    once (the first), the later rows of repeated ids (`_order`, `problem`), and the facts for
    the manifest and the skip policy."""
    from pyspark.sql import functions as F

    fields = [
        r[0]
        for r in prints.filter(F.col("fields").isNotNull()).orderBy(ORDER).select("fields").collect()
    ]
    good = prints.filter(F.col("problem").isNull())
    ids = good.select("id", ORDER, "source")
    firsts = ids.groupBy("id").agg(F.min(ORDER).alias("first_order"), F.count("*").alias("n"))
    firsts = firsts.filter(F.col("n") > 1)
    first_sources = ids.select(
        F.col(ORDER).alias("first_order"), F.col("source").alias("first_source")
    )
    repeats = (
        ids.join(firsts, "id")
        .join(first_sources, "first_order")
        .filter(F.col(ORDER) != F.col("first_order"))
        .select(
            ORDER,
            F.format_string(
                "%s: duplicate id `%s` (first used at %s); ids must be unique",
                "source", "id", "first_source",
            ).alias("problem"),
        )
        .persist()
    )
    bad = prints.filter(F.col("problem").isNotNull()).select(ORDER, "problem").unionByName(repeats)
    skipped = bad.count()
    problems = [r[0] for r in bad.orderBy(ORDER).limit(KEPT_PROBLEMS).select("problem").collect()]
    if repeats.count():
        unique = good.join(F.broadcast(repeats.select(ORDER)), ORDER, "left_anti")
    else:
        unique = good
    tally = {r[0]: r[1] for r in unique.groupBy("dated").count().collect()}
    facts = {
        "location": location,
        "skipped": skipped,
        "problems": problems,
        "filtered": unique.filter(~F.col("kept")).count(),
        **{k: int(tally.get(k, 0)) for k in ("dated", "missing", "unreadable", "implausible")},
    }
    return fields, unique, repeats, facts


def _measured(job: Any, rows: Any, words: Sequence[str], fields: Sequence[str],
              copies_ipc: bytes, repeated_ipc: bytes, location: str) -> Any:
    """Stage 3: the rows measured on the executors, each a `documents` row with its `hits`,
    `counts` and `quotes` rows as lists (persisted)."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    schema = _measured_schema(job, fields, copies_ipc, repeated_ipc, rows, location)
    spark_schema = from_arrow_schema(schema)
    target = to_arrow_schema(spark_schema)
    broadcast = rows.sparkSession.sparkContext.broadcast
    measure = _measure_rows(
        words, fields, broadcast(copies_ipc), broadcast(repeated_ipc), location, target
    )
    return rows.mapInArrow(measure, spark_schema).persist()


def _collected(measured: Any) -> list:
    """The tables documents, hits, counts and quotes of stage 3, collected to the driver as
    they come and put in corpus order there (the driver holds them all in any case; a sort
    by Spark would shuffle every row once more)."""
    from pyspark.sql import functions as F

    parts = ("hits", "counts", "quotes")
    documents = _to_arrow(measured.drop(*parts)).sort_by(ORDER).drop_columns([ORDER])
    tables = [documents]
    for part in parts:
        exploded = measured.select(ORDER, F.posexplode(part).alias("_pos", "_row"))
        flat = _to_arrow(exploded.select(ORDER, "_pos", "_row.*"))
        by_order = [(ORDER, "ascending"), ("_pos", "ascending")]
        tables.append(flat.sort_by(by_order).drop_columns([ORDER, "_pos"]))
    return tables


def analyze(
    df: Any,
    lexicons: Optional[Iterable[Union[str, "os.PathLike[str]", Lexicon]]] = None,
    *,
    output: Union[str, "os.PathLike[str]", None] = None,
    location: str = "spark",
    interval_method: Optional[str] = None,
    bootstrap: Optional[int] = None,
    seed: Optional[int] = None,
    args: Sequence[str] = (),
    progress: bool = False,
    **options: Any,
) -> Result:
    """Measures the articles of a Spark DataFrame as `slant analyze` does, and returns its
    tables (a `slant.Result`, written to `output` if given, else to a temporary directory).

    df: a PySpark DataFrame with ``id``, ``outlet`` and ``text`` columns (other names with
        ``fields={...}``), optionally ``date``, ``title``, ``url`` and metadata columns (read as
        a Parquet file's columns are), ``_source`` (where each row was read) and ``_order``
        (the corpus order).
    location: what the corpus is called in the manifest and in errors.

    The other options are `slant.analyze`'s (by, period, voice, keep_boilerplate, dedupe,
    since, until, where, outlets, fields, date_format, allow_skips, interval_method,
    bootstrap, seed, args); `progress` prints the closing summary. The result's `timings`
    gives the seconds of each stage. Raises `SlantError` with the command line's message.
    """
    from pyspark.sql import functions as F

    if options.get("words"):
        raise _slant.SlantError(
            "words=True counts every word type, which the Spark path does not yet do: "
            "use slant.analyze on the corpus"
        )
    work = Path(tempfile.mkdtemp(prefix="slant-spark-"))
    try:
        out = Path(output) if output is not None else work / "tables"
        words = ["-o", str(out)]
        words += reading_flags(lexicons, **options)
        words += interval_flags(interval_method, bootstrap, seed)
        words += list(args)
        job = _slant.Job(words, progress)
        spark = df.sparkSession
        rows = df if ORDER in df.columns else df.withColumn(ORDER, F.monotonically_increasing_id())
        # the columns and their types, checked here rather than on every executor
        job.fingerprints(_ipc(_empty(rows)), location)

        clock = _Clock(spark.sparkContext)
        clock.stage("fingerprints")
        prints = rows.mapInArrow(_fingerprint_rows(words, location), _FINGERPRINTS).persist()
        fields, unique, repeats, facts = _checked(prints, location)
        job.check(json.dumps(facts), fields)

        clock.stage("copies")
        copies = _copies(unique, job.near_duplicate())
        copies_df = spark.createDataFrame(copies, "id string, first string, first_in_outlet boolean")
        clock.stage("repeated lines")
        repeated = _repeated(unique, copies_df, *job.repeat())
        copies_ipc = _ipc(_to_arrow(copies_df)) if copies else _ipc(_empty_copies())
        repeated_ipc = _ipc(_to_arrow(repeated))
        prints.unpersist()

        clock.stage("measure")
        if facts["skipped"]:
            rows = rows.join(F.broadcast(repeats.select(ORDER)), ORDER, "left_anti")
        measured = _measured(job, rows, words, fields, copies_ipc, repeated_ipc, location)
        measured.count()  # measured once, kept for the four collections
        clock.stage("collect")
        tables = _collected(measured)
        measured.unpersist()
        repeats.unpersist()
        clock.stage("reduce")
        job.finish(json.dumps(facts), fields, [_ipc(t) for t in tables])
        clock.stage(None)
        result = Result(out, work if output is None else None, None)
        #: seconds per stage: fingerprints, copies, repeated lines, measure, collect (the
        #: per-article tables to the driver), reduce
        result.timings = clock.seconds
        return result
    except BaseException as e:
        shutil.rmtree(work, ignore_errors=True)
        unwrapped = _slant_error(e)
        if unwrapped is not None:
            raise unwrapped from None
        raise
    finally:
        if output is not None:
            shutil.rmtree(work, ignore_errors=True)


def _empty(rows: Any) -> Any:
    """An Arrow table of no rows with the columns of a Spark DataFrame."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(rows.schema).empty_table()


def _to_arrow(df: Any) -> Any:
    """A Spark DataFrame collected as a pyarrow Table (`toArrow`, PySpark 4; the same
    collection under its older name on 3.5)."""
    if hasattr(df, "toArrow"):
        return df.toArrow()
    import pyarrow as pa

    return pa.Table.from_batches(df._collect_as_arrow(), schema=None)


def _empty_copies() -> Any:
    import pyarrow as pa

    return pa.table({"id": pa.array([], pa.string()), "first": pa.array([], pa.string()),
                     "first_in_outlet": pa.array([], pa.bool_())})


def _measured_schema(job: Any, fields: Sequence[str], copies_ipc: bytes, repeated_ipc: bytes,
                     rows: Any, location: str) -> Any:
    """The Arrow schema of stage 3's rows: `documents`' columns (with `_order`), then `hits`,
    `counts` and `quotes` as lists of structs; from a measurement of no rows."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema

    empty = _empty(rows)
    d, h, c, q = job.measurer(list(fields), copies_ipc, repeated_ipc).measure(_ipc(empty), location)
    out = [pa.field(f.name, _plain(f.type)) for f in _table(d).schema]
    for name, data in zip(("hits", "counts", "quotes"), (h, c, q)):
        struct = pa.struct([pa.field(f.name, _plain(f.type)) for f in _table(data).schema if f.name != "_doc"])
        out.append(pa.field(name, pa.list_(struct)))
    return pa.schema(out)
