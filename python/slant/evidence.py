"""`slant.kwic`, `slant.compare` and `slant.keyness`: the evidence and the distinctive features,
as polars DataFrames (the CSV the command line prints with ``--format csv``)."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

import polars as pl

from . import _slant
from .analysis import Corpus, Result, corpus_path, reading_flags
from .lexicon import Lexicon

Lexicons = Optional[Iterable[Union[str, "os.PathLike[str]", Lexicon]]]


#: Columns read as text whatever they hold (an id of digits stays an id).
TEXT_COLUMNS = (
    "doc_id", "outlet", "target", "reference", "lexicon", "category", "feature", "term",
    "surface", "left", "hit", "right", "speaker", "voice",
)


def read_csv(printed: bytes) -> pl.DataFrame:
    """The CSV a command printed, its text columns as strings and the rest inferred."""
    header = printed.split(b"\n", 1)[0].decode("utf-8").strip().split(",")
    text = {name: pl.String for name in header if name in TEXT_COLUMNS}
    return pl.read_csv(io.BytesIO(printed), infer_schema_length=None, schema_overrides=text)


def _table(
    argv: list,
    corpus: Corpus,
    result: Optional[Result],
    lexicons: Lexicons,
    options: dict,
    context: bool = False,
) -> pl.DataFrame:
    """Runs a command that prints a table as CSV, on `corpus` or on `result`'s tables (with
    `context`, the result's corpus too, for the text around each hit), and reads what it
    prints."""
    work = Path(tempfile.mkdtemp(prefix="slant-"))
    try:
        if result is not None:
            if corpus is not None:
                raise TypeError("give a corpus or a result, not both")
            argv += ["--from", str(result.directory)]
            path = result.corpus if context else None
        else:
            path = corpus_path(corpus, work)
        if path is not None:
            argv.append(path)
        argv += reading_flags(lexicons, **options)
        argv += ["--format", "csv"]
        _, printed = _slant.run_captured(argv)
        if not printed.strip():
            return pl.DataFrame()
        return read_csv(printed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def kwic(
    term: Optional[str] = None,
    corpus: Corpus = None,
    lexicons: Lexicons = None,
    *,
    category: Optional[str] = None,
    outlet: Optional[str] = None,
    window: int = 8,
    result: Optional[Result] = None,
    args: Sequence[str] = (),
    **options: Any,
) -> pl.DataFrame:
    """Every hit of `term` (a lexicon term as written, or any word or phrase) or of
    `category`, in its context, with outlet, voice and speaker: `slant kwic`.

    corpus and lexicons as for `analyze` (None: the bundled ones); or `result`, an `analyze`
    result whose hits are used instead of matching again. outlet: only this outlet. window:
    words of context on each side. The other keyword options are `analyze`'s.
    """
    argv = ["kwic"]
    if term is not None:
        argv.append(term)
    if category is not None:
        argv += ["--category", category]
    if outlet is not None:
        argv += ["--outlet", outlet]
    argv += ["--window", str(window), *args]
    return _table(argv, corpus, result, lexicons, options, context=True)


def compare(
    a: str,
    b: str,
    corpus: Corpus = None,
    lexicons: Lexicons = None,
    *,
    result: Optional[Result] = None,
    args: Sequence[str] = (),
    **options: Any,
) -> pl.DataFrame:
    """What sets group `a` apart from group `b`: every category and term (and word type with
    ``words=True``) with counts, rates, G², p, q, log ratio and log-odds (`slant compare`;
    docs/METHODOLOGY.md). `args` takes the command's other flags (``["--prior", "uniform"]``)."""
    argv = ["compare", a, b, *args]
    return _table(argv, corpus, result, lexicons, options)


def keyness(
    group: str,
    corpus: Corpus = None,
    lexicons: Lexicons = None,
    *,
    result: Optional[Result] = None,
    args: Sequence[str] = (),
    **options: Any,
) -> pl.DataFrame:
    """What sets `group` apart from all the others (`slant keyness`), as `compare` does."""
    argv = ["keyness", group, *args]
    return _table(argv, corpus, result, lexicons, options)
