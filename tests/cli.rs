//! Integration tests: run the real `slant` binary on real files (the bundled seed articles and
//! fixtures made from them) and compare parsed tables, not formatting.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polars::prelude::*;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_slant");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn slant(args: &[&str]) -> Output {
    // the report fits $COLUMNS when set: tests read it at the default width
    Command::new(BIN)
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .expect("run slant")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn root(path: &str) -> String {
    Path::new(ROOT).join(path).display().to_string()
}

fn read_parquet(path: &Path) -> DataFrame {
    ParquetReader::new(fs::File::open(path).unwrap())
        .finish()
        .unwrap()
}

fn read_csv(path: &Path) -> DataFrame {
    CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap()
}

/// A string column as owned strings (nulls as "").
fn strings(df: &DataFrame, column: &str) -> Vec<String> {
    let c = df.column(column).unwrap().str().unwrap().clone();
    (0..df.height())
        .map(|i| c.get(i).unwrap_or("").to_string())
        .collect()
}

/// (doc_id, category) -> count from a counts table.
fn counts(df: &DataFrame) -> BTreeMap<(String, String), i64> {
    let doc = df.column("doc_id").unwrap().str().unwrap().clone();
    let cat = df.column("category").unwrap().str().unwrap().clone();
    let n = df.column("count").unwrap().i64().unwrap().clone();
    (0..df.height())
        .map(|i| {
            (
                (
                    doc.get(i).unwrap().to_string(),
                    cat.get(i).unwrap().to_string(),
                ),
                n.get(i).unwrap(),
            )
        })
        .collect()
}

/// Runs `analyze` and returns the output directory.
fn analyze(dir: &TempDir, args: &[&str]) -> PathBuf {
    let out = dir.path().join("out");
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    let out_str = out.display().to_string();
    all.extend_from_slice(&["-o", &out_str]);
    let o = slant(&all);
    assert!(o.status.success(), "analyze failed: {}", stderr(&o));
    out
}

const DOCS: [&str; 5] = [
    "000_4c46600b6d225b49",
    "001_3a583a32fa28584d",
    "002_2498656e7b287085",
    "003_ea494074b19b6663",
    "004_4b91d925b82a1461",
];

fn check_counts(table: &BTreeMap<(String, String), i64>, categories: &[&str], expected: &[&[i64]]) {
    for (doc, row) in DOCS.iter().zip(expected) {
        assert_eq!(row.len(), categories.len());
        for (cat, n) in categories.iter().zip(*row) {
            assert_eq!(
                table.get(&(doc.to_string(), cat.to_string())),
                Some(n),
                "document {doc}, category {cat}"
            );
        }
    }
    assert_eq!(
        table.len(),
        DOCS.len() * categories.len(),
        "one row per document × category, zeros included"
    );
}

/// Counts made by reading the five articles, with a lexicon written for this test
/// (tests/fixtures/handcount.toml): possessives, curly apostrophes, hyphens, leftmost-longest
/// and a `not` veto all occur in the real text. Counted twice: the whole page
/// (`--keep-boilerplate`), and the story alone (the default), where every difference is a hit
/// in the page's boilerplate.
#[test]
fn hand_counts_on_seed_articles() {
    let dir = TempDir::new().unwrap();
    let handcount = root("tests/fixtures/handcount.toml");
    let out = analyze(&dir, &["-l", &handcount, "--keep-boilerplate"]);
    let table = counts(&read_parquet(&out.join("counts.parquet")));
    let categories = [
        "places",
        "amnesty",
        "hyphenated",
        "speech",
        "contraction",
        "attack",
    ];
    #[rustfmt::skip]
    let expected: [&[i64]; 5] = [
        // places amnesty hyphen speech contr attack
        &[9,  0, 2, 6, 2, 2], // Moscow Times: "The Moscow Times" ×4 in the appeal; isn’t, It's
        &[9,  0, 1, 2, 0, 2], // PoliticsHome: Syria's; war-torn
        &[12, 0, 1, 7, 2, 2], // tgme: it’s, won’t; "attack" twice (headline + widget)
        &[21, 0, 1, 8, 1, 2], // Independent: Moscow's; US-controlled; 2 × "attacks against" vetoed
        &[8,  5, 2, 4, 1, 1], // Press TV: Amnesty’s; "Amnesty International" once each
    ];
    check_counts(&table, &categories, &expected);

    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &["-l", &handcount]);
    let table = counts(&read_parquet(&out.join("counts.parquet")));
    #[rustfmt::skip]
    let story: [&[i64]; 5] = [
        &[5,  0, 2, 6, 1, 2], // Moscow Times: the appeal's 4 "Moscow" and "It's" are out
        &[7,  0, 1, 2, 0, 1], // PoliticsHome: 2 × Syria and "attacks" in related headlines out
        &[11, 0, 1, 7, 2, 1], // tgme: the comment widget's "attack ... Syria" out
        &[19, 0, 1, 8, 1, 2], // Independent: the caption's second copy (Moscow, Syria) out
        &[8,  5, 2, 4, 1, 1], // Press TV: its crumbs and footer hold no term
    ];
    check_counts(&table, &categories, &story);
}

/// The bundled syria lexicon on the seeds, checked by reading the hits.
#[test]
fn bundled_lexicon_counts_on_seed_articles() {
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &["-l", &root("lexicons/syria.toml")]);
    let table = counts(&read_parquet(&out.join("counts.parquet")));
    let categories = [
        "terrorist_label",
        "militant_label",
        "opposition_label",
        "regime_label",
        "government_label",
        "daesh_label",
        "islamic_state_label",
        "strike_label",
        "operation_label",
        "accusation",
        "denial",
        "distancing",
        "delegitimizing",
    ];
    #[rustfmt::skip]
    let expected: [&[i64]; 5] = [
        // Moscow Times: airstrikes; war crimes, war crime; deny; Russophobic hysteria, hysteric Russophobia
        // (the appeal's "The authorities claim our work" is boilerplate)
        &[0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 4],
        // PoliticsHome: Assad regime; bombing, air strikes; war crimes; claimed ×2 (the related
        // headlines' "bombing" and 'war crime' are boilerplate)
        &[0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 2, 0],
        // tgme: terrorist organizations, the terrorists, terrorists regroup; armed groups; government forces; airstrike forces
        // (the comment widget's "rules out" is boilerplate)
        &[3, 1, 0, 0, 1, 0, 0, 1, 0, 1, 4, 0, 0],
        // Independent: 'terrorists', "terrorists", terrorist alliance, terrorists', extremists ×2; 'opposition', moderate opposition; ostensibly
        &[6, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        // Press TV: Takfiri, terrorists; militants, militant; Damascus government; Daesh ×2; airstrikes ×3; campaign against
        &[2, 2, 0, 0, 1, 2, 0, 3, 1, 1, 2, 4, 5],
    ];
    check_counts(&table, &categories, &expected);
}

/// (doc_id, category) -> (narrator, quote + scare) from a counts table.
fn voice_counts(df: &DataFrame) -> BTreeMap<(String, String), (i64, i64)> {
    voice_counts3(df)
        .into_iter()
        .map(|(k, (n, r, q))| (k, (n + r, q)))
        .collect()
}

/// Per article and category: (narrator, reported, quote + scare) hits.
fn voice_counts3(df: &DataFrame) -> BTreeMap<(String, String), (i64, i64, i64)> {
    let doc = strings(df, "doc_id");
    let cat = strings(df, "category");
    let col = |n: &str| df.column(n).unwrap().i64().unwrap().clone();
    let (n, r, q, s) = (col("narrator"), col("reported"), col("quote"), col("scare"));
    (0..df.height())
        .map(|i| {
            (
                (doc[i].clone(), cat[i].clone()),
                (
                    n.get(i).unwrap(),
                    r.get(i).unwrap(),
                    q.get(i).unwrap() + s.get(i).unwrap(),
                ),
            )
        })
        .collect()
}

/// Narrator, reported and quoted hits of the bundled syria lexicon on the seeds, checked by
/// reading each hit in its sentence: the Irish Independent's six terrorist labels are all inside
/// quotations, and its one other label is in what Peskov is reported to have said.
#[test]
fn narrator_and_quoted_counts_on_seed_articles() {
    let dir = TempDir::new().unwrap();
    let syria = root("lexicons/syria.toml");
    let out = analyze(&dir, &["-l", &syria]);
    let table = voice_counts3(&read_parquet(&out.join("counts.parquet")));
    let categories = [
        "terrorist_label",
        "militant_label",
        "opposition_label",
        "regime_label",
        "government_label",
        "daesh_label",
        "islamic_state_label",
        "strike_label",
        "operation_label",
        "accusation",
        "denial",
        "distancing",
        "delegitimizing",
    ];
    #[rustfmt::skip]
    let narrator: [&[i64]; 5] = [
        &[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0], // Moscow Times: "war crimes", “Russophobic hysteria” are quoted
        &[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0], // PoliticsHome: air strikes, claimed ×2
        &[0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0], // tgme
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // Independent: nothing in its own voice
        &[2, 1, 0, 0, 1, 2, 0, 1, 1, 0, 2, 2, 0], // Press TV: "Takfiri Daesh terrorists", airstrikes
    ];
    // indirect speech: what the outlet reports someone as saying
    #[rustfmt::skip]
    let reported: [&[i64]; 5] = [
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0], // Johnson warned … the bombing; he claimed … the Assad regime
        &[1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0], // Peskov said Russia rejects the accusations; Churkin said … helped terrorists regroup
        &[0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // Peskov … blamed the US … moderate opposition
        &[0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0], // Amnesty alleged … airstrikes; Konashenkov said … militants, allegedly, airstrikes
    ];
    #[rustfmt::skip]
    let quoted: [&[i64]; 5] = [
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 4],
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
        &[2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0], // Peskov's "airstrike forces" is quoted
        &[6, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 5],
    ];
    for (d, doc) in DOCS.iter().enumerate() {
        for (c, cat) in categories.iter().enumerate() {
            let got = table[&(doc.to_string(), cat.to_string())];
            assert_eq!(
                got,
                (narrator[d][c], reported[d][c], quoted[d][c]),
                "document {doc}, category {cat}: (narrator, reported, quoted)"
            );
        }
    }
    // --voice narrator counts exactly the narrator column, per narrator token.
    let dir = TempDir::new().unwrap();
    let own = analyze(&dir, &["-l", &syria, "--voice", "narrator"]);
    let own_counts = counts(&read_parquet(&own.join("counts.parquet")));
    for ((doc, cat), (n, _, _)) in &table {
        assert_eq!(own_counts[&(doc.clone(), cat.clone())], *n, "{doc} {cat}");
    }
    let docs = read_parquet(&own.join("documents.parquet"));
    let col = |n: &str| docs.column(n).unwrap().i64().unwrap().clone();
    for i in 0..docs.height() {
        assert_eq!(col("tokens").get(i), col("tokens_narrator").get(i));
    }
    assert_eq!(read_parquet(&own.join("quotes.parquet")).height(), 0);
}

/// Hard cases made from seed sentences (tests/fixtures/voice_cases.jsonl): a quotation over
/// two paragraphs with curly and with straight marks, stray opening and closing marks, nested
/// curly quotes, guillemets, straight single quotes, a plural possessive.
#[test]
fn narrator_and_quoted_counts_on_hard_cases() {
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &[&root("tests/fixtures/voice_cases.jsonl")]);
    let table = voice_counts(&read_parquet(&out.join("counts.parquet")));
    let expect = |doc: &str, cat: &str| table[&(doc.to_string(), cat.to_string())];
    // A: the first paragraph's quote has no closing mark and continues into the next paragraph,
    // which opens with “; the last paragraph is the outlet's.
    assert_eq!(expect("A", "delegitimizing"), (0, 2)); // clichés, fakes
    assert_eq!(expect("A", "distancing"), (0, 1)); // so-called
    assert_eq!(expect("A", "terrorist_label"), (2, 0)); // Takfiri, terrorists
    assert_eq!(expect("A", "militant_label"), (1, 0));
    // B: a stray “ quotes the rest of its paragraph only; a stray ” changes nothing.
    assert_eq!(expect("B", "opposition_label"), (2, 1));
    assert_eq!(expect("B", "denial"), (0, 1));
    assert_eq!(expect("B", "terrorist_label"), (1, 0));
    assert_eq!(expect("B", "delegitimizing"), (1, 0));
    // C: ‘terrorists’ and ‘moderate opposition’ nested in a quote are quoted; « fake » and
    // 'propaganda' are quoted; rebels' is a possessive, not a quote mark.
    assert_eq!(expect("C", "terrorist_label"), (0, 1));
    assert_eq!(expect("C", "opposition_label"), (1, 1));
    assert_eq!(expect("C", "delegitimizing"), (0, 2));
    assert_eq!(expect("C", "distancing"), (1, 0));
    // D: a straight-quoted quotation continued into the next paragraph.
    assert_eq!(expect("D", "terrorist_label"), (0, 1));
    assert_eq!(expect("D", "opposition_label"), (1, 0));

    let seeds_dir = TempDir::new().unwrap();
    let seeds = analyze(&seeds_dir, &[]);
    let quotes = read_parquet(&seeds.join("quotes.parquet"));
    let pairs: Vec<(String, String)> = strings(&quotes, "speaker")
        .into_iter()
        .zip(strings(&quotes, "speaker_group"))
        .filter(|(s, _)| !s.is_empty())
        .collect();
    for (speaker, group) in [
        ("Igor Konashenkov", "russia"),
        ("Dmitry Peskov", "russia"),
        ("Maria Zakharova", "russia"),
        ("John Kirby", "western_governments"),
        ("Boris Johnson", "western_governments"),
        ("Amnesty", "un_and_ngos"),
    ] {
        assert!(
            pairs.contains(&(speaker.to_string(), group.to_string())),
            "{speaker}: {pairs:?}"
        );
    }

    let quotes = read_parquet(&out.join("quotes.parquet"));
    let kinds = strings(&quotes, "kind");
    let texts = strings(&quotes, "text");
    let scares: Vec<&str> = texts
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| *k == "scare")
        .map(|(t, _)| t.as_str())
        .collect();
    // `The ministry called the report « fake »`: the ministry's word, a partial quote
    assert!(scares.is_empty(), "{scares:?}");
    assert!(texts
        .iter()
        .zip(&kinds)
        .any(|(t, k)| t == "« fake »" && k == "quote"));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("“Once again") && t.ends_with("activists,”")),
        "{texts:?}"
    );
}

/// The float in `column` of the first row where `key` == `value`.
fn value_where(df: &DataFrame, conditions: &[(&str, &str)], column: &str) -> f64 {
    let row = (0..df.height())
        .find(|&i| conditions.iter().all(|(k, v)| strings(df, k)[i] == *v))
        .unwrap_or_else(|| panic!("no row with {conditions:?}"));
    let c = df.column(column).unwrap();
    match c.dtype() {
        DataType::Int64 => c.i64().unwrap().get(row).unwrap() as f64,
        _ => c.f64().unwrap().get(row).unwrap(),
    }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

/// quanteda's reference table as a two-outlet corpus: `analyze` and `compare` give the reference
/// χ², G², log-odds and z, and rates and shares that can be checked by hand.
#[test]
fn reference_values_through_analyze_and_compare() {
    let corpus = root("tests/fixtures/reference_table.jsonl");
    let lexicon = root("tests/fixtures/reference_table.toml");
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &[&corpus, "-l", &lexicon, "--alpha", "0.01"]);
    let keyness = read_parquet(&out.join("keyness.parquet"));
    let b = [
        ("target", "T"),
        ("feature", "b"),
        ("feature_kind", "category"),
    ];
    close(value_where(&keyness, &b, "chi2"), 4.337160);
    close(value_where(&keyness, &b, "g2"), 4.534939);
    close(value_where(&keyness, &b, "log_odds"), 2.094601);
    close(value_where(&keyness, &b, "z"), 1.983604);
    close(value_where(&keyness, &b, "log_ratio"), 1.432959);
    close(value_where(&keyness, &b, "log_ratio_low"), -0.632050);
    close(value_where(&keyness, &b, "target_count"), 7.0);
    close(value_where(&keyness, &b, "reference_tokens"), 9.0);
    // R against the rest (= T) is the same table seen from the other side.
    close(
        value_where(
            &keyness,
            &[
                ("target", "R"),
                ("feature", "b"),
                ("feature_kind", "category"),
            ],
            "z",
        ),
        -1.983604,
    );

    // Rates and shares by hand: T has b 7 times in 10 tokens = 7,000 per 10k; share 7/10.
    let outlets = read_parquet(&out.join("outlets.parquet"));
    close(
        value_where(&outlets, &[("outlet", "T"), ("category", "b")], "per_10k"),
        7000.0,
    );
    close(
        value_where(&outlets, &[("outlet", "R"), ("category", "b")], "per_10k"),
        20000.0 / 9.0,
    );
    // one article: an interval from the corpus's dispersion, around the rate, not a point
    let row = (0..outlets.height())
        .find(|&i| strings(&outlets, "outlet")[i] == "T" && strings(&outlets, "category")[i] == "b")
        .unwrap();
    let end = |column: &str| {
        outlets
            .column(column)
            .unwrap()
            .f64()
            .unwrap()
            .get(row)
            .unwrap()
    };
    let (low, high) = (end("per_10k_ci_low"), end("per_10k_ci_high"));
    assert!(low < 7000.0 && 7000.0 < high, "[{low}, {high}]");
    let contrasts = read_parquet(&out.join("contrasts.parquet"));
    close(
        value_where(&contrasts, &[("outlet", "T"), ("category", "b")], "share"),
        0.7,
    );
    close(
        value_where(&contrasts, &[("outlet", "R"), ("category", "a")], "share"),
        7.0 / 9.0,
    );
    // Jensen–Shannon divergence of (7, 3) and (2, 7), by hand.
    let (p, q) = ([0.7, 0.3], [2.0 / 9.0, 7.0 / 9.0]);
    let kl = |x: [f64; 2]| {
        (0..2)
            .map(|i| x[i] * (x[i] / ((p[i] + q[i]) / 2.0)).log2())
            .sum::<f64>()
    };
    let distances = read_parquet(&out.join("distances.parquet"));
    close(
        value_where(&distances, &[("outlet_a", "R"), ("outlet_b", "T")], "jsd"),
        0.5 * kl(p) + 0.5 * kl(q),
    );

    for (args, sign) in [(["compare", "T", "R"], 1.0), (["compare", "R", "T"], -1.0)] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&[
            &corpus, "-l", &lexicon, "--alpha", "0.01", "--format", "csv",
        ]);
        let run = slant(&all);
        assert!(run.status.success(), "{}", stderr(&run));
        let csv = dir.path().join("compare.csv");
        fs::write(&csv, &run.stdout).unwrap();
        let df = read_csv(&csv);
        let b = [("feature", "b"), ("feature_kind", "category")];
        close(value_where(&df, &b, "chi2"), sign * 4.337160);
        close(value_where(&df, &b, "g2"), sign * 4.534939);
        close(value_where(&df, &b, "log_odds"), sign * 2.094601);
        close(value_where(&df, &b, "z"), sign * 1.983604);
    }
    let table = slant(&[
        "compare", "T", "R", &corpus, "-l", &lexicon, "--alpha", "0.1",
    ]);
    assert!(stdout(&table).contains("2.05 (1.97)"), "{}", stdout(&table)); // δ and z for α = 0.1: 2.046850, 1.969162
    let unknown = slant(&["keyness", "X", &corpus, "-l", &lexicon]);
    assert_fails(
        &unknown,
        1,
        "no outlet named `X` in the corpus; outlets: R, T",
        Path::new("/nonexistent"),
    );
}

/// README.md shows the real output of its main command.
#[test]
fn readme_shows_the_real_report() {
    let readme = fs::read_to_string(root("README.md")).unwrap();
    let after = &readme[readme.find("## Two commands").unwrap()..];
    let start = after.find("```text\n").unwrap() + "```text\n".len();
    let shown = &after[start..start + after[start..].find("\n```").unwrap()];
    let run = slant(&["report"]);
    assert!(run.status.success());
    // The README shows the report's first lexicon; a marker line stands for the rest.
    let marker = "[… the same tables for the other bundled lexicons, then who is quoted …]";
    let (head, _) = shown
        .split_once(marker)
        .expect("README marks where it cuts the report");
    assert!(
        stdout(&run).starts_with(head),
        "README.md's sample output is stale: paste the new one"
    );
}

#[test]
fn report_prints_rates_and_contrasts() {
    let o = slant(&["report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("5 documents from 5 outlets, 1,634 tokens"),
        "{text}"
    );
    assert!(
        text.contains("boilerplate: 1,899 of 12,295 bytes left out"),
        "{text}"
    );
    assert!(text.contains("syria v2 — hits per 10,000 tokens"), "{text}");
    // Irish Independent: 6 terrorist labels in 441 story tokens = 136.1 per 10k; 6 of 8
    // armed-group labels, 75 %
    // (the name cut so that more categories fit beside it)
    assert!(text.contains(" Irish Indepen… † ┆     136 *"), "{text}");
    assert!(text.contains(" Irish Indepen… † ┆ 75 [40–95]"), "{text}");
    assert!(text.contains("syria — contrasts"), "{text}");
    // the Independent's terrorist labels are all quoted: none of its 9 syria hits is in its
    // own voice
    assert!(text.contains(" Irish Independent † ┆   0% (9)"), "{text}");
    assert!(text.contains("who is quoted"), "{text}");
    assert!(text.contains("Dmitry Peskov"), "{text}");
}

#[test]
fn hits_point_at_their_surface_text() {
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &["--format", "csv"]);
    let hits = read_csv(&out.join("hits.csv"));
    let docs: BTreeMap<&str, String> = DOCS
        .iter()
        .map(|d| {
            (
                *d,
                fs::read_to_string(root(&format!("data/{d}.txt"))).unwrap(),
            )
        })
        .collect();
    let col = |n: &str| hits.column(n).unwrap().clone();
    let (doc, surface, start, end) = (
        col("doc_id"),
        col("surface"),
        col("byte_start"),
        col("byte_end"),
    );
    let (first, last) = (col("token_start"), col("token_end"));
    for i in 0..hits.height() {
        let text = &docs[doc.str().unwrap().get(i).unwrap()];
        let (s, e) = (
            start.i64().unwrap().get(i).unwrap() as usize,
            end.i64().unwrap().get(i).unwrap() as usize,
        );
        assert_eq!(&text[s..e], surface.str().unwrap().get(i).unwrap());
        // token positions count every word of the article, boilerplate included
        let words: Vec<_> = slant::token::tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        let (a, b) = (
            first.i64().unwrap().get(i).unwrap() as usize,
            last.i64().unwrap().get(i).unwrap() as usize,
        );
        assert_eq!((words[a].start, words[b - 1].end), (s, e));
    }
    let counts_table = read_csv(&out.join("counts.csv"));
    let counted: i64 = counts_table
        .column("count")
        .unwrap()
        .i64()
        .unwrap()
        .sum()
        .unwrap();
    assert_eq!(hits.height() as i64, counted, "one hit row per counted hit");
    assert!(hits.height() > 100);
}

/// Parses docs/SCHEMA.md into table -> [(column, type)].
fn documented_schema() -> BTreeMap<String, Vec<(String, String)>> {
    let text = fs::read_to_string(root("docs/SCHEMA.md")).unwrap();
    let mut tables = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            current = (!name.contains('.')).then(|| name.trim().to_string());
        } else if let (Some(table), true) = (&current, line.starts_with("| ")) {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            if cells[0] == "column" || cells[0].starts_with("---") {
                continue;
            }
            let ty = cells[1].split(',').next().unwrap().trim().to_string();
            tables
                .entry(table.clone())
                .or_insert_with(Vec::new)
                .push((cells[0].to_string(), ty));
        }
    }
    tables
}

fn type_name(dtype: &DataType) -> &'static str {
    match dtype {
        DataType::String => "string",
        DataType::Int64 => "int64",
        DataType::Float64 => "float64",
        DataType::Boolean => "bool",
        DataType::Date => "date",
        DataType::Datetime(..) => "datetime",
        _ => "other",
    }
}

#[test]
fn schema_matches_docs() {
    let documented = documented_schema();
    assert_eq!(
        documented.keys().collect::<Vec<_>>(),
        [
            "contrasts",
            "counts",
            "distances",
            "documents",
            "hits",
            "keyness",
            "outlets",
            "quotes",
            "series"
        ]
    );
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &[]);
    for (table, columns) in &documented {
        let df = read_parquet(&out.join(format!("{table}.parquet")));
        let mut actual: Vec<(String, String)> = df
            .schema()
            .iter()
            .map(|(name, dtype)| (name.to_string(), type_name(dtype).to_string()))
            .collect();
        if table == "documents" {
            // then the bundled manifest's other columns, as metadata
            let meta = actual.split_off(columns.len());
            assert_eq!(
                meta,
                [
                    ("domain".to_string(), "string".to_string()),
                    ("input_wire".to_string(), "string".to_string())
                ]
            );
        }
        assert_eq!(
            &actual, columns,
            "table {table}: written columns differ from docs/SCHEMA.md"
        );
    }
    let csv_dir = TempDir::new().unwrap();
    let out = analyze(&csv_dir, &["--format", "csv"]);
    for (table, columns) in &documented {
        let header = fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        let mut header = header.lines().next().unwrap().to_string();
        if table == "documents" {
            header = header.trim_end_matches(",domain,input_wire").to_string();
        }
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(header, names.join(","), "table {table}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["corpus"]["documents"], 5);
    let files = manifest["corpus"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 6);
    // each file once (the first pass reads the corpus too, but does not list it), hashed
    let mut paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 6);
    for f in files {
        let sha256 = f["sha256"].as_str().unwrap();
        assert!(sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    assert_eq!(manifest["lexicons"][0]["name"], "syria");
    assert_eq!(manifest["tables"][1]["name"], "hits");
    assert_eq!(manifest["lexicons"].as_array().unwrap().len(), 5);
}

#[test]
fn same_tables_whatever_the_thread_count() {
    let one = TempDir::new().unwrap();
    let two = TempDir::new().unwrap();
    let a = analyze(&one, &["-j", "1", "--format", "csv"]);
    let b = analyze(&two, &["-j", "2", "--format", "csv"]);
    for f in [
        "documents.csv",
        "hits.csv",
        "counts.csv",
        "outlets.csv",
        "contrasts.csv",
        "manifest.json",
    ] {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let a = analyze(&one, &["-j", "1"]);
    let b = analyze(&two, &["-j", "2"]);
    for f in [
        "documents.parquet",
        "hits.parquet",
        "counts.parquet",
        "outlets.parquet",
    ] {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

/// The seed articles as JSONL records, one per line.
fn seeds_as_jsonl() -> String {
    let outlets = [
        "The Moscow Times",
        "PoliticsHome",
        "tgme.org",
        "Irish Independent",
        "Press TV",
    ];
    let mut out = String::new();
    for (doc, outlet) in DOCS.iter().zip(outlets) {
        let text = fs::read_to_string(root(&format!("data/{doc}.txt"))).unwrap();
        let record = serde_json::json!({"id": doc, "outlet": outlet, "text": text, "label": "x"});
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Every reader gives the same counts as the bundled corpus.
#[test]
fn every_input_format_gives_the_same_counts() {
    let reference = {
        let dir = TempDir::new().unwrap();
        counts(&read_parquet(&analyze(&dir, &[]).join("counts.parquet")))
    };
    let dir = TempDir::new().unwrap();
    let jsonl = seeds_as_jsonl();
    fs::write(dir.path().join("c.jsonl"), &jsonl).unwrap();
    fs::write(dir.path().join("c.ndjson.gz"), gzip(jsonl.as_bytes())).unwrap();
    // CSV with other column names, mapped by flags.
    let mut csv = csv::Writer::from_path(dir.path().join("c.csv")).unwrap();
    csv.write_record(["article", "source", "body"]).unwrap();
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        csv.write_record([
            v["id"].as_str().unwrap(),
            v["outlet"].as_str().unwrap(),
            v["text"].as_str().unwrap(),
        ])
        .unwrap();
    }
    csv.flush().unwrap();
    // Parquet, written with polars.
    let field = |name: &str| -> Vec<String> {
        jsonl
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()[name]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let mut df = DataFrame::new_infer_height(vec![
        Column::new("id".into(), field("id")),
        Column::new("outlet".into(), field("outlet")),
        Column::new("text".into(), field("text")),
    ])
    .unwrap();
    ParquetWriter::new(fs::File::create(dir.path().join("c.parquet")).unwrap())
        .finish(&mut df)
        .unwrap();
    // A directory with no manifest: the outlet is the folder name.
    for (doc, outlet) in DOCS.iter().zip([
        "Moscow Times",
        "PoliticsHome",
        "tgme",
        "Independent",
        "Press TV",
    ]) {
        let folder = dir.path().join("folders").join(outlet);
        fs::create_dir_all(&folder).unwrap();
        fs::copy(
            root(&format!("data/{doc}.txt")),
            folder.join(format!("{doc}.txt")),
        )
        .unwrap();
    }
    let path = |p: &str| dir.path().join(p).display().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec![path("c.jsonl")],
        vec![path("c.ndjson.gz")],
        vec![
            path("c.csv"),
            "--id-field".into(),
            "article".into(),
            "--outlet-field".into(),
            "source".into(),
            "--text-field".into(),
            "body".into(),
        ],
        vec![path("c.parquet")],
        vec![root("data")],
    ];
    for case in cases {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        let out_dir = TempDir::new().unwrap();
        let out = analyze(&out_dir, &args);
        assert_eq!(
            counts(&read_parquet(&out.join("counts.parquet"))),
            reference,
            "{case:?}"
        );
    }
    // Folder names as outlets, ids prefixed by the folder.
    let out_dir = TempDir::new().unwrap();
    let out = analyze(&out_dir, &[&path("folders")]);
    let docs = read_parquet(&out.join("documents.parquet"));
    let outlets = strings(&docs, "outlet");
    assert_eq!(
        outlets,
        [
            "Independent",
            "Moscow Times",
            "PoliticsHome",
            "Press TV",
            "tgme"
        ]
    );
    let ids = strings(&docs, "doc_id");
    assert_eq!(ids[0], "Independent/003_ea494074b19b6663");
}

/// Asserts a failed run: exit code, a message naming the place, and no table left behind.
fn assert_fails(o: &Output, code: i32, needle: &str, out: &Path) {
    assert_eq!(o.status.code(), Some(code), "stderr: {}", stderr(o));
    assert!(
        stderr(o).contains(needle),
        "expected {needle:?} in stderr: {}",
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
    if out.exists() {
        let left: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "files left after a failed run: {left:?}");
    }
}

#[test]
fn bad_records_name_file_and_line_and_fail_the_run() {
    let dir = TempDir::new().unwrap();
    let good = seeds_as_jsonl();
    let mut lines: Vec<String> = good.lines().map(String::from).collect();
    lines.insert(
        1,
        r#"{"id": "x1", "text": "Rebels held the town."}"#.to_string(),
    ); // no outlet
    lines.insert(
        3,
        r#"{"id": "x2", "outlet": "A", "text": "unterminated"#.to_string(),
    ); // malformed
    let mut repeated: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    repeated["outlet"] = "Another outlet".into();
    let first_id = repeated["id"].as_str().unwrap().to_string();
    lines.push(repeated.to_string()); // line 8: the id of line 1 again
    let corpus = dir.path().join("bad.jsonl");
    fs::write(&corpus, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    let (c, o) = (corpus.display().to_string(), out.display().to_string());
    let run = slant(&["analyze", &c, "-o", &o]);
    assert_fails(&run, 1, "bad.jsonl:2: missing or empty `outlet`", &out);
    assert!(
        stderr(&run).contains("bad.jsonl:4: malformed JSON at column"),
        "{}",
        stderr(&run)
    );
    let repeated_id = format!("{c}:8: duplicate id `{first_id}` (first used at {c}:1)");
    assert!(stderr(&run).contains(&repeated_id), "{}", stderr(&run));
    assert!(stderr(&run).contains("3 bad records"), "{}", stderr(&run));
    // With --allow-skips the good records are analyzed.
    let run = slant(&["analyze", &c, "-o", &o, "--allow-skips"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let docs = read_parquet(&out.join("documents.parquet"));
    assert_eq!(docs.height(), 5);
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["corpus"]["skipped_records"], 3);
}

#[test]
fn invalid_utf8_is_reported_with_its_file() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::copy(root("data/000_4c46600b6d225b49.txt"), corpus.join("a.txt")).unwrap();
    // "Russia’s" in Windows-1252: the apostrophe is the single byte 0x92.
    fs::write(corpus.join("b.txt"), b"Russia\x92s policy in Syria.\n").unwrap();
    let out = dir.path().join("out");
    let run = slant(&["report", &corpus.display().to_string()]);
    assert_fails(&run, 1, "b.txt: not valid UTF-8 (byte 6, line 1)", &out);
    // The same in a JSONL line.
    let jsonl = dir.path().join("c.jsonl");
    let mut bytes = seeds_as_jsonl().into_bytes();
    bytes.extend_from_slice(b"{\"id\": \"w\", \"outlet\": \"A\", \"text\": \"Russia\x92s\"}\n");
    fs::write(&jsonl, bytes).unwrap();
    let run = slant(&[
        "analyze",
        &jsonl.display().to_string(),
        "-o",
        &out.display().to_string(),
    ]);
    assert_fails(&run, 1, "c.jsonl:6: not valid UTF-8", &out);
}

#[test]
fn empty_and_truncated_files() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = out.display().to_string();
    let empty = dir.path().join("empty.jsonl");
    fs::write(&empty, "").unwrap();
    assert_fails(
        &slant(&["analyze", &empty.display().to_string(), "-o", &o]),
        1,
        "empty.jsonl: no articles: the file is empty",
        &out,
    );

    let gz = gzip(seeds_as_jsonl().as_bytes());
    let truncated = dir.path().join("cut.jsonl.gz");
    fs::write(&truncated, &gz[..gz.len() / 2]).unwrap();
    assert_fails(
        &slant(&["analyze", &truncated.display().to_string(), "-o", &o]),
        1,
        "cut.jsonl.gz: cannot decompress",
        &out,
    );

    let corpus = dir.path().join("txt");
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join("empty.txt"), "\n  \n").unwrap();
    fs::copy(root("data/004_4b91d925b82a1461.txt"), corpus.join("b.txt")).unwrap();
    assert_fails(
        &slant(&["analyze", &corpus.display().to_string(), "-o", &o]),
        1,
        "empty.txt: empty file",
        &out,
    );
}

#[test]
fn manifest_problems_are_named() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("c");
    fs::create_dir(&corpus).unwrap();
    fs::copy(root("data/000_4c46600b6d225b49.txt"), corpus.join("a.txt")).unwrap();
    fs::copy(root("data/001_3a583a32fa28584d.txt"), corpus.join("b.txt")).unwrap();
    fs::write(
        corpus.join("manifest.csv"),
        "file,outlet\na.txt,The Moscow Times\nb.txt,\nc.txt,X\n",
    )
    .unwrap();
    let run = slant(&["report", &corpus.display().to_string()]);
    assert_fails(&run, 1, "b.txt: no outlet", &dir.path().join("none"));
    assert!(
        stderr(&run).contains("manifest.csv:4: lists `c.txt`"),
        "{}",
        stderr(&run)
    );
    fs::write(corpus.join("manifest.csv"), "name,source\na.txt,X\n").unwrap();
    let run = slant(&["report", &corpus.display().to_string()]);
    assert_fails(
        &run,
        1,
        "a manifest needs the columns `file` and `outlet`",
        &dir.path().join("none"),
    );
}

#[test]
fn unwritable_output_directory() {
    let dir = TempDir::new().unwrap();
    // A path under a regular file cannot be a directory, even for root.
    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    let out = file.join("out");
    let run = slant(&["analyze", "-o", &out.display().to_string()]);
    assert_fails(&run, 1, "cannot write to output directory", &out);
}

#[test]
fn lexicon_problems_are_all_reported() {
    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(
        &bad,
        "[categories.a]\nterms = [\"rebel*\", \"U.S.*\"]\n[categories.b]\nterms = []\n\
         [contrasts.c]\ncategories = [\"a\", \"z\"]\n",
    )
    .unwrap();
    let tsv = dir.path().join("bad.tsv");
    fs::write(&tsv, "a\tx\nno tab\n").unwrap();
    let (b, t) = (bad.display().to_string(), tsv.display().to_string());
    let run = slant(&["lexicon", "check", &b, &t, &root("lexicons/syria.toml")]);
    assert_eq!(run.status.code(), Some(1));
    let text = stdout(&run);
    for needle in [
        "bad.toml:2: term `U.S.*` has a `*` or `?` that belongs to no word",
        "bad.toml:3: category `b` has no terms",
        "bad.toml:6: contrast `c` names unknown category `z`",
        "bad.tsv:2: expected `category<TAB>term`",
        "syria.toml: ok: lexicon `syria`, 13 categories",
    ] {
        assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
    }
    // A run with a bad lexicon fails before reading the corpus.
    let run = slant(&["report", "-l", &b]);
    assert_fails(&run, 1, "bad.toml:2:", &dir.path().join("none"));
}

/// (doc_id, last part of the category name, lowercased) -> count.
fn counts_by_leaf(df: &DataFrame) -> BTreeMap<(String, String), i64> {
    counts(df)
        .into_iter()
        .map(|((doc, category), n)| {
            (
                (doc, category.rsplit('.').next().unwrap().to_lowercase()),
                n,
            )
        })
        .collect()
}

/// The same designations written in every format slant reads give the same counts on the seed
/// articles, and converting each to TOML changes nothing.
#[test]
fn every_lexicon_format_gives_the_same_counts() {
    let dir = TempDir::new().unwrap();
    let reference = {
        let out = analyze(
            &dir,
            &["-l", &root("tests/fixtures/lexicons/designations.dic")],
        );
        counts_by_leaf(&read_parquet(&out.join("counts.parquet")))
    };
    // By hand, Irish Independent: terrorist* 4 + extremist* 2; opposition: moderate opposition 1
    // + extremist* 2 (an entry in two categories counts in both).
    let independent = "003_ea494074b19b6663".to_string();
    assert_eq!(
        reference[&(independent.clone(), "terrorist_label".into())],
        6
    );
    assert_eq!(reference[&(independent, "opposition_label".into())], 3);
    for file in ["designations.lc3", "designations.cat", "designations.yml"] {
        let d = TempDir::new().unwrap();
        let out = analyze(
            &d,
            &["-l", &root(&format!("tests/fixtures/lexicons/{file}"))],
        );
        assert_eq!(
            counts_by_leaf(&read_parquet(&out.join("counts.parquet"))),
            reference,
            "{file}"
        );
    }
    for file in [
        "designations.dic",
        "designations.lc3",
        "designations.cat",
        "designations.yml",
        "distancing.txt",
    ] {
        let d = TempDir::new().unwrap();
        let source = root(&format!("tests/fixtures/lexicons/{file}"));
        let toml = d.path().join("converted.toml").display().to_string();
        let run = slant(&["lexicon", "convert", &source, &toml]);
        assert!(run.status.success(), "{file}: {}", stderr(&run));
        let (da, db) = (TempDir::new().unwrap(), TempDir::new().unwrap());
        let a = analyze(&da, &["-l", &source]);
        let b = analyze(&db, &["-l", &toml]);
        let (a, b) = (
            read_parquet(&a.join("counts.parquet")),
            read_parquet(&b.join("counts.parquet")),
        );
        assert_eq!(
            counts(&a),
            counts(&b),
            "{file}: converted TOML counts differently"
        );
    }
    // The output's extension picks the format; each counts as the source does, and what a
    // format cannot hold is named.
    let syria = root("lexicons/syria.toml");
    let da = TempDir::new().unwrap();
    let original = counts(&read_parquet(
        &analyze(&da, &["-l", &syria]).join("counts.parquet"),
    ));
    for ext in ["tsv", "yml", "dic"] {
        let d = TempDir::new().unwrap();
        let out = d.path().join(format!("syria.{ext}")).display().to_string();
        let run = slant(&["lexicon", "convert", &syria, &out]);
        assert!(run.status.success(), "{ext}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("has no place for 4 contrasts; left out"),
            "{ext}: {}",
            stderr(&run)
        );
        let db = TempDir::new().unwrap();
        let converted = read_parquet(&analyze(&db, &["-l", &out]).join("counts.parquet"));
        // syria's `not` phrases are lost, so only categories without vetoes count alike
        let same = |c: &BTreeMap<(String, String), i64>| -> BTreeMap<(String, String), i64> {
            c.iter()
                .filter(|((_, cat), _)| {
                    ["terrorist_label", "daesh_label", "strike_label"].contains(&cat.as_str())
                })
                .map(|(k, v)| (k.clone(), *v))
                .collect()
        };
        assert_eq!(same(&counts(&converted)), same(&original), "{ext}");
    }
    let d = TempDir::new().unwrap();
    let cat = d.path().join("syria.cat").display().to_string();
    let run = slant(&["lexicon", "convert", &syria, &cat]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("cannot tell which format to write"),
        "{}",
        stderr(&run)
    );
    assert!(!d.path().join("syria.cat").exists());
    // The format can be named when the extension says nothing.
    let renamed = dir.path().join("designations.lex");
    fs::copy(root("tests/fixtures/lexicons/designations.dic"), &renamed).unwrap();
    let path = renamed.display().to_string();
    assert_eq!(slant(&["lexicon", "check", &path]).status.code(), Some(1));
    let run = slant(&["lexicon", "check", &path, "--lexicon-format", "liwc"]);
    assert!(run.status.success(), "{}", stdout(&run));
    let shown = slant(&["lexicon", "show", &root("lexicons/syria.toml")]);
    assert!(
        stdout(&shown).starts_with("lexicon syria v2: 13 categories"),
        "{}",
        stdout(&shown)
    );
    assert!(stdout(&shown)
        .contains("contrast armed_groups: terrorist_label vs militant_label vs opposition_label"));
}

#[test]
fn planted_lexicon_errors_are_found_with_their_lines() {
    let dir = TempDir::new().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let cases = [
        (
            write(
                "a.dic",
                "%\n1\tlabel\n%\nrebel*\t1\nU.S.*\t1\nmilitant\t7\n",
            ),
            "a.dic:6: entry `militant` names unknown category id `7`",
        ),
        (
            write("b.dic", "1\tlabel\nrebel\t1\n"),
            "b.dic:1: bad LIWC header",
        ),
        (
            write("c.lc3", " stray\n+label#FFFFFF\n rebel*\n"),
            "c.lc3:1: pattern `stray` comes before any `+category` line",
        ),
        (
            write("d.cat", "REBEL (1)\nLABEL\n\tMILITANT (1)\n"),
            "d.cat:1: entry `REBEL (1)` comes before any category",
        ),
        (write("e.yml", "label: [rebel\n"), "e.yml:"),
        (write("f.xyz", "rebel\n"), "f.xyz: unknown lexicon format"),
    ];
    for (file, expected) in &cases {
        let run = slant(&["lexicon", "check", file]);
        assert_eq!(run.status.code(), Some(1), "{file}");
        assert!(
            stdout(&run).contains(expected),
            "expected {expected:?} in {}",
            stdout(&run)
        );
    }
    // A wildcard after punctuation in an imported dictionary is a warning: the entry is left out.
    let run = slant(&["lexicon", "check", &cases[0].0]);
    assert!(
        stdout(&run)
            .contains("a.dic:5: warning: entry `U.S.*` has a `*` or `?` that belongs to no word"),
        "{}",
        stdout(&run)
    );
    // Warnings alone exit 0; shadowing is reported.
    let shadow = write("g.tsv", "a\topposition\nb\topposition party\n");
    let run = slant(&["lexicon", "check", &shadow]);
    assert!(run.status.success());
    assert!(stdout(&run).contains("g.tsv:1: warning: term `opposition` (category `a`) is shadowed by the longer `opposition party`"), "{}", stdout(&run));
}

/// `slant kwic` shows each hit with its context, outlet and voice.
#[test]
fn kwic_shows_the_evidence() {
    let run = slant(&["kwic", "terrorist*", "--format", "csv"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let mut reader = csv::Reader::from_reader(run.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The seeds' terrorist* hits, as in the hand counts: tgme 3, Independent 4, Press TV 1.
    assert_eq!(rows.len(), 8);
    let voices: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    // the Independent's headline and lead give Russia's word in partial quotes (`Russia
    // accuses US of siding with 'terrorists'`): quote, not the outlet's scare quotes; tgme's
    // `Churkin said … helped terrorists regroup` is reported speech
    assert_eq!(
        voices,
        ["quote", "quote", "reported", "quote", "quote", "quote", "quote", "narrator"]
    );
    let press_tv = &rows[7];
    assert_eq!((&press_tv[1], &press_tv[7]), ("Press TV", "terrorists"));
    assert!(
        press_tv[6].ends_with("the campaign against the Takfiri Daesh"),
        "{:?}",
        &press_tv[6]
    );
    assert!(
        press_tv[8].starts_with("and other militant groups"),
        "{:?}",
        &press_tv[8]
    );
    let text = slant(&[
        "kwic",
        "--category",
        "denial",
        "--outlet",
        "tgme.org",
        "--window",
        "3",
    ]);
    assert!(
        stdout(&text).contains("Kremlin [rules out] Russian involvement in"),
        "{}",
        stdout(&text)
    );
    assert_eq!(stdout(&text).lines().count(), 4); // the comment widget's copy of the headline is boilerplate
    let unknown = slant(&["kwic", "--category", "nope"]);
    assert_fails(&unknown, 1, "no category `nope`", Path::new("/nonexistent"));

    // a corpus after --category is the corpus
    let data = root("data");
    let on_dir = slant(&[
        "kwic",
        "--category",
        "denial",
        &data,
        "--outlet",
        "tgme.org",
    ]);
    assert!(on_dir.status.success(), "{}", stderr(&on_dir));
    assert_eq!(stdout(&on_dir).lines().count(), 4);

    // --from: the hits of an earlier analyze, in the same context as matching again
    let dir = TempDir::new().unwrap();
    let out = analyze(
        &dir,
        &["-l", &root("lexicons/syria.toml"), "--format", "csv"],
    );
    let out = out.display().to_string();
    let fields = |o: &Output| -> Vec<Vec<String>> {
        let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                [0, 1, 2, 6, 7, 8]
                    .iter()
                    .map(|&i| r[i].to_string())
                    .collect()
            })
            .collect()
    };
    let from = slant(&["kwic", "terrorist*", "--from", &out, "--format", "csv"]);
    assert!(from.status.success(), "{}", stderr(&from));
    assert_eq!(fields(&from), fields(&run));
    let wrong = slant(&[
        "kwic",
        "terrorist*",
        "--from",
        &out,
        &root("tests/fixtures/syndication.jsonl"),
    ]);
    assert_fails(
        &wrong,
        1,
        "give the corpus that run analyzed",
        Path::new("/nonexistent"),
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(slant(&["analyze"]).status.code(), Some(2), "missing -o");
    assert_eq!(slant(&["report", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(slant(&["frobnicate"]).status.code(), Some(2));
    let missing = slant(&["report", "/nonexistent/corpus.jsonl"]);
    assert_fails(
        &missing,
        1,
        "/nonexistent/corpus.jsonl: No such file",
        Path::new("/nonexistent/out"),
    );
}

/// The boilerplate of the five seed pages, marked by hand line by line
/// (tests/fixtures/seed_boilerplate.tsv): every marked line is excluded, with the reason
/// marked, and every other line (the story, headline and captions included) is kept whole.
#[test]
fn seed_boilerplate_marked_by_hand() {
    let marked = fs::read_to_string(root("tests/fixtures/seed_boilerplate.tsv")).unwrap();
    let mut by_doc: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for line in marked.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.splitn(3, '\t');
        let (doc, reason, text) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        by_doc.entry(doc).or_default().push((reason, text));
    }
    let run = slant(&["clean", &DOCS.join(","), "--format", "json"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let shown: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let mut total = 0;
    for (d, doc) in DOCS.iter().enumerate() {
        let body = fs::read_to_string(root(&format!("data/{doc}.txt"))).unwrap();
        let entry = &shown[d];
        assert_eq!(entry["doc_id"], *doc);
        let excluded: Vec<(usize, usize, String)> = entry["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["byte_start"].as_u64().unwrap() as usize,
                    e["byte_end"].as_u64().unwrap() as usize,
                    e["reason"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        total += entry["boilerplate_bytes"].as_u64().unwrap();
        // Lines with their byte ranges; walked from the end, so that of two equal lines the
        // later copy is the marked one (seed 003 shows its caption twice).
        let mut lines = Vec::new();
        let mut at = 0;
        for l in body.split('\n') {
            lines.push((at, at + l.len(), l));
            at += l.len() + 1;
        }
        let mut expected = by_doc.get(doc).cloned().unwrap_or_default();
        for &(start, end, text) in lines.iter().rev() {
            if text.trim().is_empty() {
                continue;
            }
            let covering = excluded.iter().find(|e| e.0 <= start && end <= e.1);
            if expected.last().is_some_and(|(_, t)| *t == text) {
                let (reason, _) = expected.pop().unwrap();
                let got = covering.unwrap_or_else(|| panic!("{doc}: boilerplate kept: {text:?}"));
                assert_eq!(got.2, reason, "{doc}: {text:?}");
            } else {
                assert!(
                    !excluded.iter().any(|e| e.0 < end && start < e.1),
                    "{doc}: story text excluded: {text:?}"
                );
            }
        }
        assert!(
            expected.is_empty(),
            "{doc}: marked lines not found: {expected:?}"
        );
    }
    // analyze records the same bytes in documents.boilerplate_bytes
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &[]);
    let docs = read_parquet(&out.join("documents.parquet"));
    let bytes: i64 = docs
        .column("boilerplate_bytes")
        .unwrap()
        .i64()
        .unwrap()
        .sum()
        .unwrap();
    assert_eq!(bytes as u64, total);
    // --keep-boilerplate excludes nothing
    let kept = slant(&["clean", DOCS[0], "--keep-boilerplate", "--format", "json"]);
    let kept: serde_json::Value = serde_json::from_slice(&kept.stdout).unwrap();
    assert_eq!(kept[0]["boilerplate_bytes"], 0);
}

/// A line that recurs across an outlet's stories is boilerplate for that outlet only; the
/// thresholds are the user's.
#[test]
fn lines_repeated_across_an_outlets_stories() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    // six different story paragraphs from the seeds, each page ending with the same
    // most-read headline, as a site's widget prints it
    let widget = "Kremlin rules out Russian involvement in attack on civilians in Syria";
    let stories: Vec<String> = DOCS
        .iter()
        .flat_map(|d| {
            let body = fs::read_to_string(root(&format!("data/{d}.txt"))).unwrap();
            body.lines()
                .filter(|l| l.split_whitespace().count() > 25 && l.ends_with('.'))
                .take(2)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .take(6)
        .collect();
    assert_eq!(stories.len(), 6);
    fs::create_dir_all(corpus.join("site")).unwrap();
    fs::create_dir_all(corpus.join("other")).unwrap();
    for (i, story) in stories.iter().enumerate() {
        fs::write(
            corpus.join(format!("site/{i}.txt")),
            format!("{story}\n\n{widget}\n"),
        )
        .unwrap();
    }
    fs::write(
        corpus.join("other/a.txt"),
        format!("{}\n\n{widget}\n", stories[0]),
    )
    .unwrap();
    let corpus = corpus.display().to_string();
    let show = |id: &str, extra: &[&str]| {
        let mut args = vec!["clean", id, &corpus, "--format", "json"];
        args.extend_from_slice(extra);
        let run = slant(&args);
        assert!(run.status.success(), "{}", stderr(&run));
        let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        v[0]["excluded"].clone()
    };
    let cut = show("site/3", &[]);
    assert_eq!(cut.as_array().unwrap().len(), 1, "{cut}");
    assert_eq!(
        (cut[0]["reason"].as_str(), cut[0]["text"].as_str()),
        (Some("repeated"), Some(widget))
    );
    // the other outlet prints the line once: it stays
    assert_eq!(show("other/a", &[]), serde_json::json!([]));
    // six stories are fewer than seven
    assert_eq!(
        show("site/3", &["--repeat-min-stories", "7"]),
        serde_json::json!([])
    );
}

/// A wire story and its copy in another house style (`U.S.` for `US`, `Defense`, no `Mr`,
/// other header and footer) are one story; two different stories on the same event (the
/// Moscow Times and PoliticsHome on Johnson's "war crimes" speech) are not; a repost is a
/// copy within its outlet. `--dedupe` counts each story once.
#[test]
fn syndicated_copies_are_clustered() {
    let corpus = root("tests/fixtures/syndication.jsonl");
    let dir = TempDir::new().unwrap();
    let out = analyze(&dir, &[&corpus, "--format", "csv"]);
    let docs = read_csv(&out.join("documents.csv"));
    let ids = strings(&docs, "doc_id");
    let cluster = strings(&docs, "cluster");
    let duplicate_of = strings(&docs, "duplicate_of");
    let wire = strings(&docs, "wire");
    let row = |id: &str| ids.iter().position(|i| i == id).unwrap();
    let (pa, ap) = (row("independent-2016-09-29"), row("ap-2016-09-29"));
    assert_eq!(
        duplicate_of[pa], "ap-2016-09-29",
        "same date: the smaller id is first"
    );
    assert_eq!(
        (cluster[pa].as_str(), cluster[ap].as_str()),
        ("ap-2016-09-29", "ap-2016-09-29")
    );
    assert_eq!(duplicate_of[ap], "");
    assert_eq!(
        (wire[pa].as_str(), wire[ap].as_str()),
        ("Press Association", "AP")
    );
    let (mt, ph) = (row("moscowtimes-2016-10"), row("politicshome-2016-10-11"));
    assert_eq!(
        (cluster[mt].as_str(), cluster[ph].as_str()),
        ("moscowtimes-2016-10", "politicshome-2016-10-11")
    );
    assert_eq!(duplicate_of[row("tgme-2016-09-repost")], "tgme-2016-09");
    assert_eq!(wire[row("tgme-2016-09")], "TASS");

    let counted_docs = |dedupe: &str| {
        let dir = TempDir::new().unwrap();
        let out = analyze(&dir, &[&corpus, "--format", "csv", "--dedupe", dedupe]);
        let counts = read_csv(&out.join("counts.csv"));
        let mut docs = strings(&counts, "doc_id");
        docs.dedup();
        docs
    };
    assert_eq!(counted_docs("none").len(), 6);
    // once per outlet: the repost goes, the AP and Independent copies stay (two outlets)
    assert_eq!(counted_docs("outlet").len(), 5);
    assert!(!counted_docs("outlet").contains(&"tgme-2016-09-repost".to_string()));
    assert_eq!(
        counted_docs("all"),
        [
            "ap-2016-09-29",
            "moscowtimes-2016-10",
            "politicshome-2016-10-11",
            "tgme-2016-09"
        ]
    );
    let report = slant(&["report", &corpus, "--dedupe", "all"]);
    assert!(
        stdout(&report).contains("copies: 2 articles repeat an earlier one (2 stories with copies); counted once: 2 left out"),
        "{}",
        stdout(&report)
    );
}

/// A corpus analyzed in three shards and merged gives the tables of one run over the whole
/// corpus: every table identical, but for `documents.source` (each shard's own file and line).
#[test]
fn merge_of_three_shards_equals_one_run() {
    let dir = TempDir::new().unwrap();
    let manifest = fs::read_to_string(root("data/manifest.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let records: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let text = fs::read_to_string(root(&format!("data/{}", &r[0]))).unwrap();
            serde_json::json!({
                "id": r[0].trim_end_matches(".txt"), "outlet": &r[1],
                "date": if r[2].is_empty() { None } else { Some(&r[2]) }, "text": text,
            })
            .to_string()
                + "\n"
        })
        .collect();
    assert_eq!(records.len(), 5);
    let write = |name: &str, part: &[String]| {
        let path = dir.path().join(name);
        fs::write(&path, part.concat()).unwrap();
        path.display().to_string()
    };
    let whole = write("all.jsonl", &records);
    let parts = [
        write("s0.jsonl", &records[..2]),
        write("s1.jsonl", &records[2..4]),
        write("s2.jsonl", &records[4..]),
    ];
    let out = |name: &str| dir.path().join(name).display().to_string();
    let run = |args: &[&str]| {
        let o = slant(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    run(&["analyze", &whole, "-o", &out("whole"), "--format", "csv"]);
    for (i, part) in parts.iter().enumerate() {
        // shards in Parquet, the merge in CSV: formats may differ
        run(&["analyze", part, "-o", &out(&format!("shard{i}"))]);
    }
    run(&[
        "merge",
        &out("shard0"),
        &out("shard1"),
        &out("shard2"),
        "-o",
        &out("merged"),
        "--format",
        "csv",
    ]);
    for table in [
        "hits",
        "counts",
        "quotes",
        "outlets",
        "contrasts",
        "keyness",
        "distances",
    ] {
        let a = fs::read(dir.path().join(format!("whole/{table}.csv"))).unwrap();
        let b = fs::read(dir.path().join(format!("merged/{table}.csv"))).unwrap();
        assert!(a == b, "{table} differs after merging");
    }
    let without_source = |path: &str| {
        let df = read_csv(&dir.path().join(path));
        df.drop("source").unwrap()
    };
    assert!(without_source("whole/documents.csv")
        .equals_missing(&without_source("merged/documents.csv")));
    let merged: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("merged/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(merged["command"], "merge");
    assert_eq!(merged["corpus"]["documents"], 5);
    assert_eq!(merged["corpus"]["files"].as_array().unwrap().len(), 3);

    // another lexicon than the shards': refused, naming the shard
    let wrong = slant(&[
        "merge",
        &out("shard0"),
        "-o",
        &out("bad"),
        "-l",
        &root("lexicons/syria.toml"),
    ]);
    assert_fails(
        &wrong,
        1,
        "give the same -l files as the analysis",
        &dir.path().join("bad"),
    );
}

/// The library's entry for other programs (the Python module): a usage error and a failure
/// come back as errors with the command line's message, and a run succeeds in-process.
#[test]
fn run_args_returns_errors_instead_of_printing_them() {
    let words = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let usage = slant::cli::run_args(words(&["analyze", "--period", "fortnight"]), false)
        .expect_err("a bad period is a usage error");
    assert!(format!("{usage:#}").contains("fortnight"), "{usage:#}");
    let missing = slant::cli::run_args(words(&["report", "/nonexistent/corpus.jsonl"]), false)
        .expect_err("a missing corpus fails");
    assert!(
        format!("{missing:#}").contains("/nonexistent/corpus.jsonl"),
        "{missing:#}"
    );
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("out");
    let code = slant::cli::run_args(words(&["analyze", "-o", out.to_str().unwrap()]), false)
        .expect("the bundled corpus analyzes");
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(out.join("manifest.json").is_file());
}

/// A news page of `site`, dated `day`, whose first paragraph is `body`.
fn news_page(site: &str, day: &str, body: &str) -> String {
    format!(
        r#"<html><head><title>{site} story</title><meta property="og:site_name" content="{site}">
<link rel="canonical" href="https://{host}.example.com/story">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{site} story","datePublished":"{day}T09:00:00Z"}}</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><article><h1>{site} story</h1>
<p>{body}</p>
<p>Residents of the besieged districts said that aid convoys had not arrived for several days, and that food and medicine were running out in the eastern part of the city.</p>
</article><footer>Copyright {site}. All rights reserved.</footer></body></html>"#,
        host = site.to_lowercase().replace(' ', "")
    )
}

/// A directory of HTML pages is a corpus: each page's article, with the outlet, title, date and
/// URL the page gives (a manifest would win), and `slant extract` writes them as JSONL.
#[test]
fn html_pages_are_read_as_articles() {
    let dir = tempfile::TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    let page = news_page;
    fs::write(
        pages.join("a.html"),
        page("Press Example", "2016-10-11", "The army said it was fighting terrorists in Aleppo, where terrorists had shelled the western districts of the city overnight."),
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(
        &mut gz,
        page("Wire Example", "2017-01-05", "Rebels in Aleppo said the opposition would not leave the city, as rebel fighters regrouped in the south and the opposition council met.").as_bytes(),
    )
    .unwrap();
    fs::write(pages.join("b.html.gz"), gz.finish().unwrap()).unwrap();
    let out = dir.path().join("pages.jsonl");
    let run = slant(&[
        "extract",
        pages.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let records: Vec<serde_json::Value> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "a");
    assert_eq!(records[0]["outlet"], "Press Example");
    assert_eq!(records[0]["date"], "2016-10-11T09:00:00Z");
    assert_eq!(records[0]["url"], "https://pressexample.example.com/story");
    assert_eq!(records[1]["id"], "b");
    assert_eq!(records[1]["outlet"], "Wire Example");
    for r in &records {
        let text = r["text"].as_str().unwrap();
        assert!(text.contains("aid convoys"), "{text}");
        assert!(text.contains("\n\n"), "paragraphs apart: {text:?}");
        for furniture in ["Home", "All rights reserved"] {
            assert!(!text.contains(furniture), "{furniture} in {text}");
        }
    }
    // the counts come from the articles: two terrorist labels, three opposition labels
    let tables = dir.path().join("t");
    let run = slant(&[
        "analyze",
        pages.to_str().unwrap(),
        "-o",
        tables.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let outlets = fs::read_to_string(tables.join("outlets.csv")).unwrap();
    let count = |outlet: &str, category: &str| {
        outlets
            .lines()
            .find(|l| l.starts_with(&format!("{outlet},syria,{category},")))
            .map(|l| l.split(',').nth(10).unwrap().to_string())
    };
    assert_eq!(
        count("Press Example", "terrorist_label").as_deref(),
        Some("2")
    );
    assert_eq!(
        count("Wire Example", "opposition_label").as_deref(),
        Some("4")
    );
    // a page with no article is a bad record naming the file
    fs::write(
        pages.join("c.html"),
        "<html><body><nav>Home</nav></body></html>",
    )
    .unwrap();
    let bad = slant(&[
        "extract",
        pages.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("c.html") && err.contains("no article text"),
        "{err}"
    );
}

/// `--html-field`: a JSONL or CSV column of page HTML is read as the pages would be, the
/// article extracted, the outlet from the page when the record has none.
#[test]
fn a_field_of_page_html_is_read_as_pages() {
    let dir = tempfile::TempDir::new().unwrap();
    let first = news_page("Press Example", "2016-10-11", "The army said it was fighting terrorists in Aleppo, where terrorists had shelled the western districts of the city overnight.");
    let second = news_page("Wire Example", "2017-01-05", "Rebels in Aleppo said the opposition would not leave the city, as rebel fighters regrouped in the south and the opposition council met.");
    let jsonl = dir.path().join("scraped.jsonl");
    let lines = [
        serde_json::json!({"id": "p1", "page": first, "section": "world"}),
        serde_json::json!({"id": "p2", "outlet": "Wire (from the data)", "page": second, "date": "2017-01-04"}),
    ];
    fs::write(
        &jsonl,
        lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect::<String>(),
    )
    .unwrap();
    let out = dir.path().join("x.jsonl");
    let run = slant(&[
        "extract",
        jsonl.to_str().unwrap(),
        "--html-field",
        "page",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let records: Vec<serde_json::Value> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["outlet"], "Press Example");
    assert_eq!(records[0]["date"], "2016-10-11T09:00:00Z");
    assert_eq!(records[0]["url"], "https://pressexample.example.com/story");
    assert_eq!(records[0]["section"], "world");
    assert_eq!(records[1]["outlet"], "Wire (from the data)");
    assert_eq!(records[1]["date"], "2017-01-04");
    for r in &records {
        let text = r["text"].as_str().unwrap();
        assert!(
            text.contains("aid convoys") && !text.contains("<p>") && !text.contains("Home"),
            "{text}"
        );
        assert!(r.get("page").is_none());
    }
    // the same pages as a CSV column count the same
    let csv = dir.path().join("scraped.csv");
    let mut w = csv::Writer::from_path(&csv).unwrap();
    w.write_record(["id", "page", "outlet"]).unwrap();
    w.write_record(["p1", first.as_str(), ""]).unwrap();
    w.write_record(["p2", second.as_str(), "Wire (from the data)"])
        .unwrap();
    w.flush().unwrap();
    let tables = |input: &Path, name: &str| {
        let t = dir.path().join(name);
        let run = slant(&[
            "analyze",
            input.to_str().unwrap(),
            "--html-field",
            "page",
            "--format",
            "csv",
            "-o",
            t.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        fs::read_to_string(t.join("counts.csv")).unwrap()
    };
    assert_eq!(tables(&jsonl, "j"), tables(&csv, "c"));
    // a page with no article is a bad record naming its line
    fs::write(
        &jsonl,
        serde_json::json!({"id": "p3", "page": "<html><body><nav>Home</nav></body></html>"})
            .to_string()
            + "\n",
    )
    .unwrap();
    let bad = slant(&[
        "extract",
        jsonl.to_str().unwrap(),
        "--html-field",
        "page",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("scraped.jsonl:1") && err.contains("no article text"),
        "{err}"
    );
}

/// A LexisNexis plain-text export is many articles: each with its outlet (the source line),
/// date, headline and body apart, the BYLINE/SECTION/LENGTH/LOAD-DATE lines as fields and not
/// text, copyright lines set aside; an article without a body is a bad record naming its line.
#[test]
fn a_lexisnexis_export_is_split_into_articles() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("ln.jsonl");
    let export = Path::new(ROOT).join("tests/fixtures/lexisnexis.txt");
    let run = slant(&[
        "extract",
        export.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--allow-skips",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("lexisnexis.txt:69") && err.contains("no body text"),
        "{err}"
    );
    let records: Vec<serde_json::Value> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    let first = &records[0];
    assert_eq!(first["id"], "lexisnexis:1");
    assert_eq!(first["outlet"], "The Example Times");
    assert_eq!(first["date"], "2016-10-11");
    assert_eq!(
        first["title"],
        "Aid Convoy Reaches Eastern Aleppo After Weeks of Delay"
    );
    assert_eq!(
        first["url"],
        "https://www.example-times.test/2016/10/11/world/aleppo-convoy.html"
    );
    assert_eq!(first["byline"], "By ANNA BERG and TOM REYES");
    assert_eq!(first["section"], "Section A; Column 0; Foreign Desk; Pg. 4");
    assert_eq!(first["length_words"], 1112);
    assert_eq!(first["dateline"], "BEIRUT, Lebanon");
    assert_eq!(first["load_date"], "October 12, 2016");
    assert_eq!(first["language"], "ENGLISH");
    assert_eq!(first["publication_type"], "Newspaper");
    assert_eq!(first["edition"], "Late Edition - Final");
    assert_eq!(
        first["copyright"],
        "Copyright 2016 The Example Times Company"
    );
    let text = first["text"].as_str().unwrap();
    assert!(text.starts_with("A convoy of twelve trucks"), "{text}");
    assert!(text.ends_with("said one resident."), "{text}");
    assert_eq!(
        text.matches("\n\n").count(),
        2,
        "three paragraphs: {text:?}"
    );
    assert!(
        text.contains("\n\nBEIRUT: The government said"),
        "a body paragraph, not a field: {text}"
    );
    for field in [
        "BYLINE",
        "LOAD-DATE",
        "Copyright",
        "Late Edition",
        "Aid Convoy",
    ] {
        assert!(!text.contains(field), "{field} in {text}");
    }
    let second = &records[1];
    assert_eq!(second["outlet"], "Daily Courier");
    assert_eq!(second["date"], "2017-02-03");
    assert_eq!(
        second["title"],
        "Rebels say talks must include all factions"
    );
    assert_eq!(
        second["subject"],
        "ARMED FORCES (90%); PEACE PROCESS (88%); CIVIL WAR (85%)"
    );
    assert_eq!(
        second["copyright"],
        "Copyright 2017 Daily Courier Media Ltd. All Rights Reserved"
    );
    assert!(second["text"]
        .as_str()
        .unwrap()
        .starts_with("Rebel leaders said"));
    // the export analyzes as a corpus; the article without a body is the one skipped
    let tables = dir.path().join("t");
    let run = slant(&[
        "analyze",
        export.to_str().unwrap(),
        "-o",
        tables.to_str().unwrap(),
        "--format",
        "csv",
        "--allow-skips",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(tables.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["corpus"]["kind"], "lexisnexis");
    assert_eq!(manifest["corpus"]["documents"], 2);
    assert_eq!(manifest["corpus"]["skipped_records"], 1);
}

/// A WARC file of the same pages, as a crawler writes it (one gzip member per record, a
/// warcinfo record, a request before each response), analyzes to the same tables as the
/// directory of pages; what is not a page is passed over and counted in the manifest.
#[test]
fn a_warc_of_pages_analyzes_as_the_pages_do() {
    let dir = tempfile::TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    let bodies = [
        ("Press Example", "2016-10-11", "The army said it was fighting terrorists in Aleppo, where terrorists had shelled the western districts of the city overnight."),
        ("Wire Example", "2017-01-05", "Rebels in Aleppo said the opposition would not leave the city, as rebel fighters regrouped in the south and the opposition council met."),
        ("Press Example", "2017-02-01", "“We will not give up,” said Omar Haddad, a rebel commander, after the opposition lost the last of its positions near the airport."),
    ];
    let member = |kind: &str, id: usize, headers: &str, block: &[u8]| {
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{id}>\r\n{headers}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        record.extend_from_slice(block);
        record.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&record).unwrap();
        gz.finish().unwrap()
    };
    let mut warc = member(
        "warcinfo",
        0,
        "Content-Type: application/warc-fields\r\n",
        b"software: test\r\n",
    );
    let mut first_page = 0;
    for (i, (site, day, body)) in bodies.iter().enumerate() {
        if i == 1 {
            first_page = warc.len();
        }
        let html = news_page(site, day, body);
        fs::write(pages.join(format!("{i}.html")), &html).unwrap();
        let target = format!(
            "WARC-Target-URI: https://example.com/{i}\r\nWARC-Date: 2020-01-01T00:00:00Z\r\n"
        );
        warc.extend(member("request", i, &target, b"GET / HTTP/1.1\r\n\r\n"));
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        block.extend_from_slice(html.as_bytes());
        let headers = format!("{target}Content-Type: application/http; msgtype=response\r\n");
        warc.extend(member("response", i, &headers, &block));
    }
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, &warc).unwrap();
    let analyze = |input: &Path, out: &str| {
        let out = dir.path().join(out);
        let run = slant(&[
            "analyze",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    };
    // the same records in a directory of two WARC files
    let archives = dir.path().join("archives");
    fs::create_dir(&archives).unwrap();
    fs::write(archives.join("a.warc.gz"), &warc[..first_page]).unwrap();
    fs::write(archives.join("b.warc.gz"), &warc[first_page..]).unwrap();
    let (from_pages, from_warc) = (analyze(&pages, "pages"), analyze(&path, "warc"));
    let from_archives = analyze(&archives, "archives");
    for table in ["outlets", "contrasts", "keyness", "distances", "series"] {
        let name = format!("{table}.csv");
        let pages = fs::read_to_string(from_pages.join(&name)).unwrap();
        assert_eq!(
            pages,
            fs::read_to_string(from_warc.join(&name)).unwrap(),
            "{name}"
        );
        assert_eq!(
            pages,
            fs::read_to_string(from_archives.join(&name)).unwrap(),
            "{name}"
        );
    }
    // the per-article rows too, but for the ids (file names against record ids)
    let rows = |dir: &Path| -> Vec<String> {
        fs::read_to_string(dir.join("counts.csv"))
            .unwrap()
            .lines()
            .map(|l| l.split_once(',').unwrap().1.to_string())
            .collect()
    };
    assert_eq!(rows(&from_pages), rows(&from_warc));
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(from_warc.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["corpus"]["kind"], "warc");
    assert_eq!(
        manifest["corpus"]["passed_over"],
        serde_json::json!({"warcinfo records": 1, "request records": 3})
    );
    let documents = fs::read_to_string(from_warc.join("documents.csv")).unwrap();
    assert!(
        documents.contains("urn:uuid:response-2,Press Example,2017-02-01"),
        "{documents}"
    );
    // a damaged member stops the run with the file and the record's offset
    let mut damaged = warc.clone();
    let second = member(
        "warcinfo",
        0,
        "Content-Type: application/warc-fields\r\n",
        b"software: test\r\n",
    )
    .len();
    for b in &mut damaged[second + 12..second + 30] {
        *b = 0xff;
    }
    fs::write(&path, &damaged).unwrap();
    let run = slant(&[
        "analyze",
        path.to_str().unwrap(),
        "-o",
        dir.path().join("bad").to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("crawl.warc.gz")
            && err.contains(&format!("at byte {second}"))
            && err.contains("cannot decompress"),
        "{err}"
    );
    assert!(!dir.path().join("bad").join("manifest.json").exists());
}
