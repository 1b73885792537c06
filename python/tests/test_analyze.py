"""The Python module against the command line: the same tables, byte for byte.

SLANT_BIN names the `slant` binary to compare with (scripts/test_python.sh sets it); the FA-KES
test runs when SLANT_FAKES names ../shared/corpus/fakes_syria.jsonl and is skipped otherwise
(a clone has no ../shared).
"""

import json
import os
import subprocess
from pathlib import Path

import polars as pl
import pytest

import slant

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("SLANT_BIN", str(ROOT / "target" / "debug" / "slant"))


def cli_tables(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "cli"
    subprocess.run([BIN, "analyze", *args, "-o", str(out)], check=True, capture_output=True)
    return out


def hashes(directory: Path) -> dict:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return {t["name"]: t["sha256"] for t in manifest["tables"]}


def test_bundled_corpus_gives_the_cli_tables(tmp_path):
    result = slant.analyze()
    cli = cli_tables(tmp_path)
    assert hashes(result.directory) == hashes(cli)
    for name in slant.TABLES:
        assert result.table(name).equals(pl.read_parquet(cli / f"{name}.parquet")), name
    # five seed articles from five outlets
    assert result.documents.height == 5
    assert result.outlets["outlet"].n_unique() == 5
    assert {"outlet", "category", "count", "per_10k"} <= set(result.outlets.columns)


def test_slices_and_flags_reach_the_run(tmp_path):
    fakes = os.environ.get("SLANT_FAKES")
    if not fakes:
        pytest.skip("SLANT_FAKES not set (../shared/corpus/fakes_syria.jsonl)")
    result = slant.analyze(fakes, by="outlet", period="year", dedupe="outlet")
    cli = cli_tables(tmp_path, fakes, "--by", "outlet", "--period", "year", "--dedupe", "outlet")
    assert hashes(result.directory) == hashes(cli)
    assert result.series.height > 0
    assert result.manifest["corpus"]["documents"] == 804


def test_a_data_frame_is_a_corpus(tmp_path):
    manifest = pl.read_csv(ROOT / "data" / "manifest.csv")
    texts = [(ROOT / "data" / f).read_text(encoding="utf-8") for f in manifest["file"]]
    frame = pl.DataFrame(
        {"id": manifest["file"], "outlet": manifest["outlet"], "text": texts}
    )
    jsonl = tmp_path / "seeds.jsonl"
    jsonl.write_text(
        "".join(json.dumps(r) + "\n" for r in frame.iter_rows(named=True)), encoding="utf-8"
    )
    from_frame = slant.analyze(frame)
    from_file = slant.analyze(str(jsonl))
    for name in ("hits", "counts", "outlets", "contrasts"):
        assert from_frame.table(name).equals(from_file.table(name)), name
    with pytest.raises(slant.SlantError, match="no text column"):
        slant.analyze(frame.drop("text"))


def test_lexicons_from_files_and_dicts(tmp_path):
    syria = slant.Lexicon.load(ROOT / "lexicons" / "syria.toml")
    assert syria.name == "syria" and "terrorist_label" in syria.categories
    assert syria.contrasts["syrian_state"] == ["regime_label", "government_label"]
    mine = slant.Lexicon.from_dict(
        {"terror": ["terrorist*"], "rebel": ["rebel*", "opposition"]},
        name="mine",
        contrasts={"armed": ["terror", "rebel"]},
    )
    result = slant.analyze(lexicons=[mine])
    outlets = result.outlets
    assert set(outlets["category"]) == {"terror", "rebel"}
    # Press TV's "Takfiri Daesh terrorists" and its other terrorist labels (hand count: the
    # hits table of the CLI on the same lexicon)
    cli = cli_tables(tmp_path, "-l", mine.path)
    assert hashes(result.directory) == hashes(cli)
    with pytest.raises(slant.SlantError, match="nope"):
        slant.Lexicon.from_dict({"a": ["x"]}, contrasts={"c": ["a", "nope"]})


def test_failures_raise_with_the_cli_message(tmp_path):
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(slant.SlantError, match="missing.jsonl"):
        slant.analyze(str(missing))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "outlet": "X", "text": "fine"}\n{"id": "b", "outlet"\n')
    with pytest.raises(slant.SlantError, match=r"bad.jsonl:2"):
        slant.analyze(str(bad))
    with pytest.raises(slant.SlantError, match="period"):
        slant.analyze(period="fortnight")


def test_write_gives_what_the_cli_writes(tmp_path):
    result = slant.analyze()
    written = result.write(tmp_path / "out")
    assert hashes(written) == hashes(result.directory)
    as_csv = result.write(tmp_path / "csv", format="csv")
    cli_csv = tmp_path / "cli-csv"
    subprocess.run([BIN, "analyze", "-o", str(cli_csv), "--format", "csv"], check=True)
    for name in slant.TABLES:
        assert (as_csv / f"{name}.csv").read_bytes() == (cli_csv / f"{name}.csv").read_bytes(), name


def test_a_pandas_frame_is_a_corpus():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"id": ["a", "b"], "outlet": ["X", "Y"], "text": ["Terrorists fled.", "Rebels held out."]}
    )
    lexicon = slant.Lexicon.from_dict({"terror": ["terrorist*"], "rebel": ["rebel*"]})
    counts = slant.analyze(frame, [lexicon]).outlets.sort("outlet", "category")
    assert counts.select("outlet", "category", "count").rows() == [
        ("X", "rebel", 0),
        ("X", "terror", 1),
        ("Y", "rebel", 1),
        ("Y", "terror", 0),
    ]


def cli_csv(*args: str) -> bytes:
    return subprocess.run([BIN, *args, "--format", "csv"], check=True, capture_output=True).stdout


def test_kwic_compare_and_keyness_are_the_cli_tables():
    hits = slant.kwic(category="terrorist_label")
    assert hits.equals(pl.read_csv(cli_csv("kwic", "--category", "terrorist_label")))
    assert "Press TV" in set(hits["outlet"])
    # from a result's tables: the same hits, no matching again
    result = slant.analyze()
    assert slant.kwic(category="terrorist_label", result=result).equals(hits)
    pair = slant.compare("Press TV", "tgme.org")
    assert pair.equals(pl.read_csv(cli_csv("compare", "Press TV", "tgme.org")))
    assert slant.compare("Press TV", "tgme.org", result=result).equals(pair)
    alone = slant.keyness("Press TV")
    assert alone.equals(pl.read_csv(cli_csv("keyness", "Press TV")))
    with pytest.raises(slant.SlantError, match="no outlet named `X`"):
        slant.keyness("X")


def test_tables_read_back_and_regrouped(tmp_path):
    cli = cli_tables(tmp_path)
    again = slant.read(cli)
    assert hashes(again.directory) == hashes(cli)
    assert again.outlets.equals(pl.read_parquet(cli / "outlets.parquet"))
    regrouped = slant.analyze(from_tables=cli, by="outlet", outlets=["Press TV", "tgme.org"])
    by_cli = tmp_path / "from"
    subprocess.run(
        [BIN, "analyze", "--from", str(cli), "--by", "outlet", "--outlets", "Press TV,tgme.org",
         "-o", str(by_cli)],
        check=True, capture_output=True,
    )
    assert hashes(regrouped.directory) == hashes(by_cli)
    assert set(regrouped.outlets["outlet"]) == {"Press TV", "tgme.org"}
    with pytest.raises(slant.SlantError, match="no manifest.json"):
        slant.read(tmp_path)
