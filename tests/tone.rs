//! Weighted dictionaries and tone through the real binary: an AFINN-style word list, the
//! same list converted to slant's TOML, and a Lexicoder file with LSD2015's negation keys, on
//! a corpus small enough to count by hand.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_slant");

/// Outlet A: `good` +3, `bad` −3, `fine` +2 (9 tokens); `bad` −3, `bad` −3 (5 tokens).
/// Outlet B: `breathtaking` +5, `good` +3, `bad` −3 (5 tokens).
const CORPUS: &str = r#"{"id": "a1", "outlet": "A", "text": "The good news is not bad. A fine day."}
{"id": "a2", "outlet": "A", "text": "It was bad, very bad."}
{"id": "b1", "outlet": "B", "text": "Breathtaking and good. Nothing bad."}
"#;

const AFINN: &str = "bad\t-3\nbreathtaking\t5\nfine\t2\ngood\t3\n";

fn slant(args: &[&str]) -> Output {
    let o = Command::new(BIN).args(args).output().expect("run slant");
    assert!(
        o.status.success(),
        "slant {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn setup() -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("corpus.jsonl"), CORPUS).unwrap();
    fs::write(dir.path().join("afinn.txt"), AFINN).unwrap();
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// The rows of a CSV table as (header → value) maps.
fn rows(dir: &Path, table: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = fs::read_to_string(dir.join(format!("{table}.csv"))).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn find<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    outlet: &str,
    category: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter()
        .find(|r| r["outlet"] == outlet && r["category"] == category)
        .unwrap_or_else(|| panic!("no row {outlet} {category}"))
}

fn num(r: &std::collections::HashMap<String, String>, column: &str) -> f64 {
    r[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?}", r[column]))
}

#[test]
fn afinn_scores_and_tone_by_hand_and_through_toml() {
    let tmp = setup();
    let d = tmp.path();
    let corpus = path(d, "corpus.jsonl");
    let out = path(d, "txt");
    slant(&[
        "analyze",
        &corpus,
        "-l",
        &path(d, "afinn.txt"),
        "-o",
        &out,
        "--format",
        "csv",
    ]);
    let outlets = rows(Path::new(&out), "outlets");
    let a_pos = find(&outlets, "A", "positive");
    assert_eq!((num(a_pos, "count"), num(a_pos, "score")), (2.0, 5.0));
    assert!((num(a_pos, "score_per_10k") - 5.0 / 14.0 * 1e4).abs() < 1e-9);
    assert_eq!(num(a_pos, "narrator_score"), 5.0);
    let a_neg = find(&outlets, "A", "negative");
    assert_eq!((num(a_neg, "count"), num(a_neg, "score")), (3.0, -9.0));
    let b_pos = find(&outlets, "B", "positive");
    assert_eq!(num(b_pos, "score"), 8.0);
    // tone: A (2 − 3) / 5, B (2 − 1) / 3, with the interval around it
    let contrasts = rows(Path::new(&out), "contrasts");
    let a = find(&contrasts, "A", "positive");
    assert!((num(a, "tone") + 0.2).abs() < 1e-12);
    assert!(num(a, "tone_ci_low") <= -0.2 && num(a, "tone_ci_high") >= -0.2);
    assert!((num(find(&contrasts, "B", "negative"), "tone") - 1.0 / 3.0).abs() < 1e-12);
    // per document: the counts table's scores
    let counts = rows(Path::new(&out), "counts");
    let a2 = counts
        .iter()
        .find(|r| r["doc_id"] == "a2" && r["category"] == "negative")
        .unwrap();
    assert_eq!(num(a2, "score"), -6.0);

    // converted to TOML, the list counts the same, to the byte
    let toml = path(d, "afinn.toml");
    slant(&["lexicon", "convert", &path(d, "afinn.txt"), &toml]);
    let written = fs::read_to_string(&toml).unwrap();
    assert!(written.contains("kind = \"tone\""), "{written}");
    let out2 = path(d, "toml");
    slant(&[
        "analyze", &corpus, "-l", &toml, "-o", &out2, "--format", "csv",
    ]);
    for table in ["outlets", "contrasts", "counts", "hits"] {
        assert_eq!(
            fs::read(Path::new(&out).join(format!("{table}.csv"))).unwrap(),
            fs::read(Path::new(&out2).join(format!("{table}.csv"))).unwrap(),
            "{table}"
        );
    }

    // the report, from the corpus and from the tables: A's net score (5 − 9) / 14 tokens
    let report = String::from_utf8(slant(&["report", &corpus, "-l", &toml]).stdout).unwrap();
    assert!(report.contains("-2857.1"), "{report}");
    assert!(report.contains("+3571.4"), "{report}");
    assert!(report.contains("-0.20"), "{report}");
    let from = String::from_utf8(slant(&["report", "--from", &out2, "-l", &toml]).stdout).unwrap();
    assert!(from.contains("-2857.1") && from.contains("-0.20"), "{from}");
}

#[test]
fn lsd_negation_keys_and_a_negation_rule() {
    let tmp = setup();
    let d = tmp.path();
    let corpus = path(d, "corpus.jsonl");
    // LSD2015 with its negation keys: `not bad` counts as positive, and its `bad` not as negative
    fs::write(
        d.join("lsd.lc3"),
        "+negative\n bad*\n+positive\n good\n fine\n breathtaking\n+neg_positive\n not good\n+neg_negative\n not bad*\n",
    )
    .unwrap();
    let out = path(d, "lsd");
    slant(&[
        "analyze",
        &corpus,
        "-l",
        &path(d, "lsd.lc3"),
        "-o",
        &out,
        "--format",
        "csv",
    ]);
    let outlets = rows(Path::new(&out), "outlets");
    // A: good, not bad, fine | bad, bad
    assert_eq!(num(find(&outlets, "A", "positive"), "count"), 3.0);
    assert_eq!(num(find(&outlets, "A", "negative"), "count"), 2.0);
    assert_eq!(num(find(&outlets, "A", "neg_negative"), "count"), 1.0);
    let contrasts = rows(Path::new(&out), "contrasts");
    assert!((num(find(&contrasts, "A", "positive"), "tone") - 0.2).abs() < 1e-12);

    // the same words with a negation rule that flips: `Nothing bad` (B) is positive too
    fs::write(
        d.join("neg.toml"),
        "[categories.positive]\nterms = [\"good\", \"fine\", \"breathtaking\"]\n\
         [categories.negative]\nterms = [\"bad*\"]\n\
         [contrasts.tone]\ncategories = [\"positive\", \"negative\"]\nkind = \"tone\"\n\
         [negation]\nwords = [\"not\", \"nothing\"]\nwindow = 1\naction = \"flip\"\n",
    )
    .unwrap();
    let out = path(d, "neg");
    slant(&[
        "analyze",
        &corpus,
        "-l",
        &path(d, "neg.toml"),
        "-o",
        &out,
        "--format",
        "csv",
    ]);
    let outlets = rows(Path::new(&out), "outlets");
    assert_eq!(num(find(&outlets, "B", "positive"), "count"), 3.0);
    assert_eq!(num(find(&outlets, "B", "negative"), "count"), 0.0);
    let hits = rows(Path::new(&out), "hits");
    let negated: Vec<(&str, &str, &str)> = hits
        .iter()
        .filter(|r| r["negated"] == "true")
        .map(|r| {
            (
                r["doc_id"].as_str(),
                r["category"].as_str(),
                r["term"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        negated,
        [("a1", "positive", "bad*"), ("b1", "positive", "bad*")]
    );
    // the tables read back (`--from`) give the same report
    let lex = path(d, "neg.toml");
    let direct = slant(&["report", &corpus, "-l", &lex]).stdout;
    let from = slant(&["report", "--from", &out, "-l", &lex]).stdout;
    let body = |o: &[u8]| {
        String::from_utf8_lossy(o)
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&direct), body(&from));
}
