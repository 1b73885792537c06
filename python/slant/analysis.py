"""`slant.analyze`: every table of `slant analyze`, as polars DataFrames."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import polars as pl

from . import _slant
from .lexicon import Lexicon

#: The tables of a result, in the order `slant analyze` writes them (docs/SCHEMA.md).
TABLES = (
    "documents",
    "hits",
    "counts",
    "quotes",
    "outlets",
    "contrasts",
    "keyness",
    "distances",
    "series",
)

Corpus = Union[str, "os.PathLike[str]", pl.DataFrame, Any]


def corpus_path(corpus: Corpus, work: Path) -> Optional[str]:
    """A path the command line reads: the corpus itself, or a data frame written as Parquet."""
    if corpus is None:
        return None
    if isinstance(corpus, (str, os.PathLike)):
        return os.fspath(corpus)
    frame = _as_polars(corpus)
    missing = [c for c in ("outlet", "text") if c not in frame.columns]
    if missing:
        raise _slant.SlantError(
            f"the data frame has no {' or '.join(missing)} column (columns: "
            f"{', '.join(frame.columns)}); name them, or rename with .rename({{...}})"
        )
    path = work / "corpus.parquet"
    frame.write_parquet(path)
    return str(path)


def _as_polars(corpus: Any) -> pl.DataFrame:
    """A polars DataFrame from a polars, pandas or pyarrow table."""
    if isinstance(corpus, pl.DataFrame):
        return corpus
    if isinstance(corpus, pl.LazyFrame):
        return corpus.collect()
    module = type(corpus).__module__.split(".")[0]
    if module == "pandas":
        return pl.from_pandas(corpus)
    if module == "pyarrow":
        return pl.from_arrow(corpus)
    raise TypeError(
        "corpus is a path, a polars or pandas DataFrame or a pyarrow Table, "
        f"not {type(corpus).__name__}"
    )


def _words(value: Union[str, Sequence[str]]) -> str:
    return value if isinstance(value, str) else ",".join(value)


def _day(value: Union[str, _dt.date]) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def reading_flags(
    lexicons: Optional[Iterable[Union[str, "os.PathLike[str]", Lexicon]]] = None,
    *,
    by: Union[str, Sequence[str], None] = None,
    period: Optional[str] = None,
    voice: Optional[str] = None,
    keep_boilerplate: bool = False,
    dedupe: Optional[str] = None,
    since: Union[str, _dt.date, None] = None,
    until: Union[str, _dt.date, None] = None,
    where: Union[Mapping[str, Union[str, Sequence[str]]], None] = None,
    outlets: Optional[Sequence[str]] = None,
    words: bool = False,
    fields: Optional[Mapping[str, str]] = None,
    date_format: Optional[str] = None,
    allow_skips: bool = False,
    threads: Optional[int] = None,
) -> list:
    """The command line's flags for how a corpus is read, measured and sliced (shared by
    `analyze`, `kwic`, `compare` and `keyness`; see `analyze` for each)."""
    argv: list = []
    for lexicon in lexicons or ():
        argv += ["-l", lexicon.path if isinstance(lexicon, Lexicon) else os.fspath(lexicon)]
    if voice:
        argv += ["--voice", voice]
    if by:
        argv += ["--by", _words(by)]
    if period:
        argv += ["--period", period]
    if keep_boilerplate:
        argv.append("--keep-boilerplate")
    if dedupe:
        argv += ["--dedupe", dedupe]
    if since is not None:
        argv += ["--since", _day(since)]
    if until is not None:
        argv += ["--until", _day(until)]
    for column, values in (where or {}).items():
        for value in [values] if isinstance(values, str) else values:
            argv += ["--where", f"{column}={value}"]
    if outlets:
        argv += ["--outlets", _words(outlets)]
    if words:
        argv.append("--words")
    for name, field in (fields or {}).items():
        argv += [f"--{name}-field", field]
    if date_format:
        argv += ["--date-format", date_format]
    if allow_skips:
        argv.append("--allow-skips")
    if threads is not None:
        argv += ["--threads", str(threads)]
    return argv


def interval_flags(
    interval_method: Optional[str] = None,
    bootstrap: Optional[int] = None,
    seed: Optional[int] = None,
) -> list:
    """The command line's flags for the intervals."""
    argv: list = []
    if interval_method:
        argv += ["--interval-method", interval_method]
    if bootstrap is not None:
        argv += ["--bootstrap", str(bootstrap)]
    if seed is not None:
        argv += ["--seed", str(seed)]
    return argv


def analyze(
    corpus: Corpus = None,
    lexicons: Optional[Iterable[Union[str, "os.PathLike[str]", Lexicon]]] = None,
    *,
    from_tables: Union[str, "os.PathLike[str]", "Result", None] = None,
    interval_method: Optional[str] = None,
    bootstrap: Optional[int] = None,
    seed: Optional[int] = None,
    args: Sequence[str] = (),
    progress: bool = False,
    **options: Any,
) -> "Result":
    """Measures a corpus as `slant analyze` does and returns its tables.

    With `from_tables` (a `slant analyze -o` directory or a `Result`), the corpus is not read
    again: its tables are grouped, binned and filtered anew (`slant analyze --from`), as
    `by`, `period`, `since`, `until`, `where` and `outlets` say.

    corpus: a path (directory of .txt files, .jsonl/.ndjson/.csv/.tsv/.parquet/.txt, .gz read
        transparently), a polars/pandas DataFrame or pyarrow Table with ``outlet`` and ``text``
        (and ``id``, ``date``, any metadata) columns, or None for the bundled sample corpus.
    lexicons: lexicon files (TOML, LIWC .dic/.dicx, quanteda YAML, Lexicoder .lc3, WordStat
        .cat, word lists) or `Lexicon` objects; None for the bundled lexicons.

    Keyword options, as the command line's flags:
        by: the columns groups are made of (``"label"``, ``["outlet", "country"]``); default
            outlets.
        period: ``day``, ``week``, ``month``, ``quarter`` or ``year`` (the ``series`` table).
        voice: the voices counted (default all; ``narrator``, ...).
        keep_boilerplate: count page boilerplate too.
        dedupe: ``none``, ``outlet`` or ``all`` (count each syndicated story once).
        since, until: dates (inclusive), as ``"2016-01-01"`` or ``datetime.date``.
        where: ``{"column": "value"}`` (a list of values accepts any of them).
        outlets: count only these.
        words: count every word type (word keyness).
        fields: input field names, e.g. ``{"text": "body", "outlet": "source"}`` (keys id,
            outlet, text, date, title, url; ``html`` names a field of page HTML whose
            article is extracted, as ``--html-field``).
        date_format: a strftime format for dates slant does not read by itself.
        allow_skips: go on past bad records (listed on stderr).
        interval_method, bootstrap, seed: the intervals (docs/METHODOLOGY.md).
        threads: worker threads (the first call in a process sets them).
        args: any other `slant analyze` flags, as on the command line.
        progress: show the command line's progress line and summary on stderr.

    Raises `SlantError` with the command line's message (file, line or field, and what to do).
    """
    work = Path(tempfile.mkdtemp(prefix="slant-"))
    try:
        argv = ["analyze"]
        path = corpus_path(corpus, work)
        if path is not None:
            argv.append(path)
        if from_tables is not None:
            if path is not None:
                raise TypeError("give a corpus or from_tables, not both")
            source = from_tables.directory if isinstance(from_tables, Result) else from_tables
            argv += ["--from", os.fspath(source)]
            path = from_tables.corpus if isinstance(from_tables, Result) else None
        out = work / "tables"
        argv += ["-o", str(out)]
        argv += reading_flags(lexicons, **options)
        argv += interval_flags(interval_method, bootstrap, seed)
        argv += list(args)
        _slant.run(argv, progress)
        return Result(out, work, path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def read(directory: Union[str, "os.PathLike[str]"]) -> "Result":
    """The tables of an earlier `slant analyze -o DIRECTORY` (or `slant merge`), read in place
    on first use."""
    directory = Path(directory)
    if not (directory / "manifest.json").is_file():
        raise _slant.SlantError(
            f"{directory} has no manifest.json: not a directory written by `slant analyze -o`"
        )
    corpus = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["corpus"]
    location = corpus.get("location")
    found = location if location and corpus.get("kind") != "bundled" and Path(location).exists() else None
    return Result(directory, None, found)


class Result:
    """The tables of one analysis, read on first use as polars DataFrames.

    Attributes: documents, hits, counts, quotes, outlets, contrasts, keyness, distances,
    series (docs/SCHEMA.md), and manifest (a dict: corpus, lexicons with hashes, settings,
    tables with sha256). `write(dir)` writes what `slant analyze -o dir` writes.
    """

    def __init__(
        self, directory: Path, work: Optional[Path] = None, corpus: Optional[str] = None
    ) -> None:
        self.directory = Path(directory)
        #: the corpus the tables were measured from (a data frame's own Parquet copy), for the
        #: context of `kwic`
        self.corpus = corpus
        with open(self.directory / "manifest.json", encoding="utf-8") as f:
            self.manifest: dict = json.load(f)
        self._files = {t["name"]: self.directory / t["file"] for t in self.manifest["tables"]}
        self._frames: dict = {}
        if work is not None:
            # the temporary directory goes with the result
            self._cleanup = weakref.finalize(self, shutil.rmtree, work, True)

    def table(self, name: str) -> pl.DataFrame:
        """The table `name` (one of `TABLES`)."""
        if name not in self._files:
            raise KeyError(f"no table {name!r}; tables: {', '.join(self._files)}")
        if name not in self._frames:
            path = self._files[name]
            if path.suffix == ".csv":
                self._frames[name] = pl.read_csv(path, infer_schema_length=None)
            else:
                self._frames[name] = pl.read_parquet(path)
        return self._frames[name]

    def __getattr__(self, name: str) -> pl.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def tables(self) -> dict:
        """Every table, by name."""
        return {name: self.table(name) for name in self._files}

    def write(self, directory: Union[str, "os.PathLike[str]"], format: str = "parquet") -> Path:
        """Writes the tables and manifest.json to `directory`, as `slant analyze -o DIR
        --format FORMAT` does (Parquet: the files themselves; CSV: rebuilt from them by
        `slant analyze --from`). Returns the directory."""
        target = Path(directory)
        if format not in ("parquet", "csv"):
            raise ValueError(f"format is parquet or csv, not {format!r}")
        mine = next(iter(self._files.values())).suffix.lstrip(".")
        if format == mine:
            target.mkdir(parents=True, exist_ok=True)
            for path in list(self._files.values()) + [self.directory / "manifest.json"]:
                shutil.copyfile(path, target / path.name)
        else:
            _slant.run(
                ["analyze", "--from", str(self.directory), "-o", str(target), "--format", format]
            )
        return target

    def kwic(self, term: Optional[str] = None, **options: Any) -> pl.DataFrame:
        """`slant.kwic` on this result's hits (no matching again), with its corpus for the
        context."""
        from .evidence import kwic

        return kwic(term, result=self, **options)

    def __repr__(self) -> str:
        corpus = self.manifest.get("corpus", {})
        return (
            f"<slant.Result: {corpus.get('documents')} documents from {corpus.get('outlets')} "
            f"outlets; tables {', '.join(self._files)}>"
        )
