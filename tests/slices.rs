//! Slices through the real binary: dates, metadata, `--by`, `--period`, filters, `--from`
//! tables and merges of month shards, on tests/fixtures/slices.jsonl (27 articles of four
//! outlets, two per outlet in each of three months of 2016, in date order, dates written four
//! ways; then an unreadable date, an implausible one and none). The two left outlets share a
//! line in three stories each: boilerplate if repetition were found per label (six stories),
//! not per outlet.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polars::prelude::*;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_slant");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/slices.jsonl");

fn slant(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run slant")
}

fn ok(args: &[&str]) -> Output {
    let o = slant(args);
    assert!(
        o.status.success(),
        "slant {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn analyze(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let o = out.display().to_string();
    let mut all = vec!["analyze", FIXTURE, "-o", &o];
    all.extend_from_slice(args);
    ok(&all);
    out
}

fn parquet(dir: &Path, table: &str) -> DataFrame {
    ParquetReader::new(fs::File::open(dir.join(format!("{table}.parquet"))).unwrap())
        .finish()
        .unwrap()
}

fn ints(df: &DataFrame, column: &str) -> Vec<i64> {
    df.column(column)
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect()
}

fn texts(df: &DataFrame, column: &str) -> Vec<String> {
    let c = df.column(column).unwrap().cast(&DataType::String).unwrap();
    c.str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect()
}

/// (tokens, hits) over all groups of an `outlets` table: tokens once per group (they repeat on
/// each category row), hits summed over every row.
fn totals(outlets: &DataFrame) -> (i64, i64) {
    let first_category = texts(outlets, "category")[0].clone();
    let categories = texts(outlets, "category");
    let tokens: i64 = ints(outlets, "tokens")
        .iter()
        .zip(&categories)
        .filter(|(_, c)| **c == first_category)
        .map(|(t, _)| t)
        .sum();
    (tokens, ints(outlets, "count").iter().sum())
}

#[test]
fn grouping_never_changes_what_is_counted() {
    let dir = TempDir::new().unwrap();
    let by_outlet = analyze(dir.path(), "outlet", &[]);
    let by_label = analyze(dir.path(), "label", &["--by", "label"]);
    let by_two = analyze(dir.path(), "two", &["--by", "label,country"]);
    let expected = totals(&parquet(&by_outlet, "outlets"));
    assert!(expected.0 > 1000 && expected.1 > 50, "{expected:?}");
    assert_eq!(totals(&parquet(&by_label, "outlets")), expected);
    assert_eq!(totals(&parquet(&by_two, "outlets")), expected);
    // relabelling the outlets as their label (the old way) finds the shared line repeated
    // and counts less: the fixture does tell the two apart
    let relabelled = analyze(dir.path(), "relabelled", &["--outlet-field", "label"]);
    assert!(totals(&parquet(&relabelled, "outlets")).0 < expected.0);

    let outlets = parquet(&by_two, "outlets");
    let names: Vec<&str> = outlets
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(names[..3], ["label", "country", "lexicon"]);
    let mut groups = texts(&outlets, "label");
    groups.dedup();
    assert_eq!(groups, ["left", "right"]);
    let distances = parquet(&by_label, "distances");
    assert_eq!(distances.get_column_names()[1].as_str(), "label_a");
    let keyness = parquet(&by_label, "keyness");
    assert_eq!(keyness.get_column_names()[0].as_str(), "label");
}

#[test]
fn dates_and_metadata_are_typed_and_problems_named() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = ok(&["analyze", FIXTURE, "-o", &out.display().to_string()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("slices.jsonl:25: cannot read the date `someday`"),
        "{err}"
    );
    assert!(
        err.contains("slices.jsonl:26: the date `0001-11-30` (0001-11-30) is before 1800"),
        "{err}"
    );
    let docs = parquet(&out, "documents");
    assert_eq!(docs.column("date").unwrap().dtype(), &DataType::Date);
    let dates = texts(&docs, "date");
    // four ways of writing a date, one day
    assert_eq!(dates[..4], ["2016-01-05"; 4]);
    assert_eq!(dates[24..], ["", "", ""]);
    let datetimes = texts(&docs, "datetime");
    assert_eq!(
        datetimes.iter().filter(|d| !d.is_empty()).count(),
        12,
        "{datetimes:?}"
    );
    assert!(
        datetimes[1].starts_with("2016-01-05 07:30:00"),
        "{datetimes:?}"
    );
    for (column, dtype) in [
        ("label", DataType::String),
        ("country", DataType::String),
        ("words", DataType::Int64),
        ("opinion", DataType::Boolean),
    ] {
        assert_eq!(docs.column(column).unwrap().dtype(), &dtype, "{column}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let d = &manifest["corpus"]["dates"];
    assert_eq!(
        (
            &d["dated"],
            &d["unreadable"],
            &d["implausible"],
            &d["missing"]
        ),
        (&24.into(), &1.into(), &1.into(), &1.into())
    );

    let only = analyze(dir.path(), "only", &["--fields", "label"]);
    let docs = parquet(&only, "documents");
    assert!(docs.column("label").is_ok() && docs.column("country").is_err());
    let none = analyze(dir.path(), "none", &["--fields", "none"]);
    assert_eq!(
        parquet(&none, "documents").width(),
        slant::table::DOCUMENT_COLUMNS.len()
    );

    // a field that is not there, to group by
    let o = slant(&["report", FIXTURE, "--by", "lable"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no field `lable`") && err.contains("`label`"),
        "{err}"
    );
    let o = slant(&["report", FIXTURE, "--fields", "none", "--by", "label"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn series_by_month_has_each_group_s_periods() {
    let dir = TempDir::new().unwrap();
    let out = analyze(dir.path(), "out", &["--by", "label", "--period", "month"]);
    let series = parquet(&out, "series");
    assert_eq!(
        series.column("period_start").unwrap().dtype(),
        &DataType::Date
    );
    let first: Vec<bool> = texts(&series, "category")
        .iter()
        .map(|c| *c == texts(&series, "category")[0])
        .collect();
    let pick = |column: &str| -> Vec<String> {
        texts(&series, column)
            .into_iter()
            .zip(&first)
            .filter(|(_, f)| **f)
            .map(|(v, _)| v)
            .collect()
    };
    assert_eq!(
        pick("label"),
        ["left", "left", "left", "right", "right", "right"]
    );
    assert_eq!(
        pick("period"),
        ["2016-01", "2016-02", "2016-03", "2016-01", "2016-02", "2016-03"]
    );
    // four articles per label and month; the three undated ones are in no period
    let docs: Vec<i64> = ints(&series, "docs")
        .into_iter()
        .zip(&first)
        .filter(|(_, f)| **f)
        .map(|(v, _)| v)
        .collect();
    assert_eq!(docs, [4; 6]);
    // the series adds up to the dated articles' counts
    let dated = analyze(
        dir.path(),
        "dated",
        &[
            "--by",
            "label",
            "--since",
            "2016-01-01",
            "--until",
            "2016-03-31",
        ],
    );
    let (_, hits) = totals(&parquet(&dated, "outlets"));
    assert_eq!(ints(&series, "count").iter().sum::<i64>(), hits);
    // shares of a contrast's members in a period add up to 1
    let contrast = texts(&series, "contrast");
    let share = series.column("share").unwrap().f64().unwrap().clone();
    let mut sums: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    let (labels, periods) = (texts(&series, "label"), texts(&series, "period"));
    for i in 0..series.height() {
        if let Some(s) = share.get(i) {
            *sums
                .entry((labels[i].clone(), periods[i].clone(), contrast[i].clone()))
                .or_default() += s;
        }
    }
    assert!(!sums.is_empty());
    for (key, s) in sums {
        assert!((s - 1.0).abs() < 1e-9, "{key:?}: {s}");
    }

    // without --period the table is there, empty
    let plain = analyze(dir.path(), "plain", &[]);
    assert_eq!(parquet(&plain, "series").height(), 0);
}

#[test]
fn filters_choose_what_is_counted() {
    let dir = TempDir::new().unwrap();
    let count = |args: &[&str]| parquet(&analyze(dir.path(), "f", args), "documents").height();
    assert_eq!(count(&[]), 27);
    assert_eq!(count(&["--since", "2016-02-01"]), 16);
    assert_eq!(
        count(&["--since", "2016-02-01", "--until", "2016-02-29"]),
        8
    );
    assert_eq!(count(&["--where", "label=left"]), 13);
    assert_eq!(
        count(&["--where", "label=left", "--where", "country=UK"]),
        6
    );
    assert_eq!(
        count(&["--where", "country=US", "--where", "country=UK"]),
        27
    );
    assert_eq!(count(&["--where", "words=7"]), 1);
    assert_eq!(count(&["--outlets", "Daily Herald,Patriot Wire"]), 14);
    let o = slant(&["report", FIXTURE, "--since", "2030-01-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the filters leave none of the 27"));
    let o = slant(&["report", FIXTURE, "--since", "May 2016"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn from_tables_gives_what_the_corpus_gives() {
    let dir = TempDir::new().unwrap();
    let out = analyze(dir.path(), "out", &[]);
    let from = out.display().to_string();
    for args in [
        vec!["report"],
        vec!["report", "--by", "label", "--period", "month"],
        vec!["report", "--by", "country", "--since", "2016-02-01"],
        vec!["report", "--where", "label=right", "--period", "quarter"],
        vec!["keyness", "Daily Herald", "--format", "csv"],
        vec!["keyness", "right", "--by", "label", "--format", "csv"],
        vec!["compare", "Daily Herald", "Patriot Wire", "--format", "csv"],
    ] {
        let mut corpus = args.clone();
        corpus.push(FIXTURE);
        let mut tables = args.clone();
        tables.extend(["--from", &from]);
        let (a, b) = (ok(&corpus), ok(&tables));
        assert!(!a.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&a.stdout),
            String::from_utf8_lossy(&b.stdout),
            "{args:?}"
        );
    }
    // CSV tables are read back the same way
    let csv = analyze(dir.path(), "csv", &["--format", "csv"]);
    let (a, b) = (
        ok(&["report", FIXTURE, "--by", "label", "--period", "month"]),
        ok(&[
            "report",
            "--from",
            &csv.display().to_string(),
            "--by",
            "label",
            "--period",
            "month",
        ]),
    );
    assert_eq!(a.stdout, b.stdout);
    // analyze --from: every table, per-article ones included, as from the corpus with the same
    // slices and filters
    for slices in [
        vec!["--by", "label", "--period", "month"],
        vec![
            "--by",
            "country",
            "--since",
            "2016-02-01",
            "--where",
            "label=right",
        ],
        vec!["--outlets", "Daily Herald,Patriot Wire", "--period", "year"],
    ] {
        let name = slices.join("_").replace([' ', ',', '='], "-");
        let mut args = vec!["--format", "csv"];
        args.extend(&slices);
        let corpus = analyze(dir.path(), &format!("corpus{name}"), &args);
        let tables = dir.path().join(format!("tables{name}"));
        let mut again = vec!["analyze", "--from", &from, "-o"];
        let t = tables.display().to_string();
        again.push(&t);
        again.extend(&args);
        ok(&again);
        for table in slant::outdir::TABLES {
            let file = format!("{table}.csv");
            assert_eq!(
                fs::read_to_string(corpus.join(&file)).unwrap(),
                fs::read_to_string(tables.join(&file)).unwrap(),
                "{file} with {slices:?}"
            );
        }
        let m: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(tables.join("manifest.json")).unwrap())
                .unwrap();
        let c: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(corpus.join("manifest.json")).unwrap())
                .unwrap();
        for key in [
            "documents",
            "tokens",
            "filtered",
            "groups",
            "periods",
            "outlets",
        ] {
            assert_eq!(m["corpus"][key], c["corpus"][key], "{key} with {slices:?}");
        }
        assert_eq!(m["settings"]["slices"], c["settings"]["slices"]);
        // and its tables can be read again
        ok(&["report", "--from", &t]);
    }
    // the HTML page too: its hits in context come from the corpus the manifest names
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    ok(&[
        "report",
        FIXTURE,
        "--by",
        "label",
        "--html",
        &a.display().to_string(),
    ]);
    ok(&[
        "report",
        "--from",
        &from,
        "--by",
        "label",
        "--html",
        &b.display().to_string(),
    ]);
    let page = fs::read_to_string(&a).unwrap();
    assert!(page.contains("terrorists"));
    assert_eq!(page, fs::read_to_string(&b).unwrap());
    let o = slant(&["report", FIXTURE, "--from", &from]);
    assert_eq!(o.status.code(), Some(1));
    let o = slant(&["keyness", "right", "--from", &from, "--words"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("need every word count"));
}

#[test]
fn merged_month_shards_give_the_one_run() {
    let dir = TempDir::new().unwrap();
    let slicing = ["--by", "label", "--period", "month", "--format", "csv"];
    let mut whole_args = slicing.to_vec();
    whole_args.extend(["--since", "2016-01-01", "--until", "2016-03-31"]);
    let whole = analyze(dir.path(), "whole", &whole_args);
    let mut shards = Vec::new();
    for (m, (since, until)) in [
        ("2016-01-01", "2016-01-31"),
        ("2016-02-01", "2016-02-29"),
        ("2016-03-01", "2016-03-31"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut args = slicing.to_vec();
        args.extend(["--since", since, "--until", until]);
        shards.push(analyze(dir.path(), &format!("m{m}"), &args));
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge", "--format", "csv", "-o"];
    let merged_s = merged.display().to_string();
    args.push(&merged_s);
    let names: Vec<String> = shards.iter().map(|s| s.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    ok(&args);
    for table in slant::outdir::TABLES {
        let file = format!("{table}.csv");
        assert_eq!(
            fs::read_to_string(whole.join(&file)).unwrap(),
            fs::read_to_string(merged.join(&file)).unwrap(),
            "{table}"
        );
    }
    assert!(
        fs::read_to_string(merged.join("series.csv"))
            .unwrap()
            .lines()
            .count()
            > 10
    );
}
