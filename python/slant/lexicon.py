"""`slant.Lexicon`: a framing lexicon, from a file in any format slant reads or from a dict."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Mapping, Optional, Sequence, Union

from . import _slant

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10
    import tomli as tomllib


def _toml_string(s: str) -> str:
    # a JSON string is a TOML basic string (the same escapes)
    return json.dumps(s, ensure_ascii=False)


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(i) for i in items) + "]"


class Lexicon:
    """A lexicon: `name`, `categories` (name → terms, as written), `contrasts` (name → member
    categories) and `path`, the file `analyze` reads it from.

    `Lexicon.load(path)` reads TOML, LIWC .dic/.dicx, quanteda YAML, Lexicoder .lc3, WordStat
    .cat or a word list, as the command line does (its errors name file and line);
    `Lexicon.from_dict(...)` writes a TOML lexicon from Python values.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], description: dict) -> None:
        self.path = os.fspath(path)
        meta = description.get("lexicon", {})
        self.name: str = meta.get("name", Path(self.path).stem)
        self.version: Optional[str] = meta.get("version")
        self.categories: dict = {
            name: list(c.get("terms", [])) for name, c in description.get("categories", {}).items()
        }
        self.contrasts: dict = {
            name: list(c.get("categories", [])) for name, c in description.get("contrasts", {}).items()
        }
        self._description = description

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"], format: Optional[str] = None) -> "Lexicon":
        """Reads the lexicon at `path` (`format` forces one: toml, tsv, liwc, dicx, yaml,
        lexicoder, wordstat, words). Raises `SlantError` naming file and line."""
        work = Path(tempfile.mkdtemp(prefix="slant-lexicon-"))
        try:
            converted = work / "lexicon.toml"
            argv = ["lexicon", "convert", os.fspath(path), str(converted)]
            if format:
                argv += ["--lexicon-format", format]
            _slant.run(argv)
            with open(converted, "rb") as f:
                description = tomllib.load(f)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return cls(path, description)

    @classmethod
    def from_dict(
        cls,
        categories: Mapping[str, Sequence[str]],
        *,
        name: str = "lexicon",
        contrasts: Optional[Mapping[str, Sequence[str]]] = None,
        version: Optional[str] = None,
        description: Optional[str] = None,
    ) -> "Lexicon":
        """A lexicon from `categories` (name → terms: words, phrases, `*` and `?` globs, as in
        slant's TOML) and `contrasts` (name → two or more category names). It is written as
        TOML to a temporary file (kept while the object lives) and read back by slant, so a
        mistake raises `SlantError` as a file would."""
        lines = ["[lexicon]", f"name = {_toml_string(name)}"]
        if version is not None:
            lines.append(f"version = {_toml_string(str(version))}")
        if description is not None:
            lines.append(f"description = {_toml_string(description)}")
        for category, terms in categories.items():
            if isinstance(terms, str):
                raise TypeError(f"category {category!r}: terms are a list of strings, not one string")
            lines += ["", f"[categories.{_toml_string(category)}]", f"terms = {_toml_list(terms)}"]
        for contrast, members in (contrasts or {}).items():
            lines += ["", f"[contrasts.{_toml_string(contrast)}]", f"categories = {_toml_list(members)}"]
        work = Path(tempfile.mkdtemp(prefix="slant-lexicon-"))
        path = work / "lexicon.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            lexicon = cls.load(path)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        lexicon._cleanup = weakref.finalize(lexicon, shutil.rmtree, work, True)
        return lexicon

    def __repr__(self) -> str:
        terms = sum(len(t) for t in self.categories.values())
        return (
            f"<slant.Lexicon {self.name!r}: {len(self.categories)} categories, {terms} terms, "
            f"{len(self.contrasts)} contrasts>"
        )
