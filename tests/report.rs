//! The terminal report through the real binary: it fits the width it is given, whatever the
//! number of groups and categories, and `--top`, `--outlets`, `--categories`, `--min-docs`
//! and `--table-format` do what they say.

use std::fs;
use std::process::{Command, Output};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_slant");

fn report(columns: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("report")
        .args(args)
        .env("COLUMNS", columns)
        .output()
        .expect("run slant")
}

fn text(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// 500 outlets with long names, one to three articles each.
fn corpus(dir: &TempDir) -> String {
    let mut s = String::new();
    for i in 0..500 {
        for a in 0..(1 + i % 3) {
            s.push_str(&format!(
                "{{\"id\": \"{i}-{a}\", \"outlet\": \"The Daily Chronicle of Somewhere Far Away {i}\", \"text\": \"Terrorists and rebels clashed near Aleppo, the regime said. “They are terrorists,” Peskov said. Officials claimed it was propaganda.\"}}\n"
            ));
        }
    }
    let path = dir.path().join("c.jsonl");
    fs::write(&path, s).unwrap();
    path.display().to_string()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn fits_the_width_with_500_outlets() {
    let dir = TempDir::new().unwrap();
    let c = corpus(&dir);
    for columns in ["60", "100", "160"] {
        let t = text(&report(columns, &[&c]));
        let width: usize = columns.parse().unwrap();
        assert!(
            widest(&t) <= width,
            "COLUMNS={columns}: {} wide",
            widest(&t)
        );
        // the 10 largest groups, and the other 490 summed
        assert!(t.contains("(490 others)"), "{t}");
    }
    let all = text(&report("80", &[&c, "--top", "0"]));
    assert!(widest(&all) <= 80);
    assert!(
        all.contains("Far Away 499") || all.contains("Far Aw…"),
        "{all}"
    );
    assert!(!all.contains(" others)"));
}

#[test]
fn choosing_groups_and_categories() {
    let dir = TempDir::new().unwrap();
    let c = corpus(&dir);
    let one = "The Daily Chronicle of Somewhere Far Away 2";
    let t = text(&report(
        "200",
        &[
            &c,
            "--outlets",
            one,
            "--categories",
            "terrorist_label,syria:regime_label",
        ],
    ));
    // (headers broken at `_` to the width of their numbers)
    assert!(t.contains("terrorist_") && t.contains("regime_"), "{t}");
    assert!(!t.contains("opposition"), "{t}");
    // --outlets counts only that outlet
    assert!(t.contains(one), "{t}");
    assert!(
        t.contains("1 of 1 groups") && !t.contains(" others)"),
        "{t}"
    );
    let bad = report("100", &[&c, "--categories", "nope"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no category `nope`"));
    // --min-docs 3: only the outlets with three articles are shown
    let t = text(&report("200", &[&c, "--min-docs", "3", "--top", "0"]));
    assert!(t.contains("Far Away 2 "), "{t}");
    assert!(!t.contains("Far Away 0 "), "{t}");
    assert!(t.contains("(334 others)"), "{t}");
}

#[test]
fn markdown_and_csv() {
    let dir = TempDir::new().unwrap();
    let c = corpus(&dir);
    let md = text(&report("100", &[&c, "--table-format", "markdown"]));
    assert!(md.contains("\n| outlet | docs | tokens |"), "{md}");
    assert!(md.contains("|---|---:|---:|"), "{md}");
    // every table row has as many cells as its header
    for block in md.split("\n\n") {
        let rows: Vec<&str> = block
            .lines()
            .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
            .collect();
        if let Some(h) = rows.first() {
            let n = h.matches(" | ").count();
            assert!(
                rows.iter().all(|r| r.matches(" | ").count() == n),
                "{block}"
            );
        }
    }
    let csv = text(&report("100", &[&c, "--table-format", "csv"]));
    assert!(csv.contains("# who speaks"), "{csv}");
    assert!(
        csv.contains("outlet,docs,tokens,own voice,reported,quoted,scare\n"),
        "{csv}"
    );
}

#[test]
fn the_html_page_shows_the_top_groups() {
    let dir = TempDir::new().unwrap();
    let c = corpus(&dir);
    let page = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        let mut args = vec![c.as_str(), "--html", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        text(&report("100", &args));
        fs::read_to_string(path).unwrap()
    };
    let all = page("all.html", &[]);
    let top = page("top.html", &["--top", "10"]);
    // "Who speaks" has a row per group shown
    let rows = |html: &str| {
        let at = html.find("id=\"voices\"").unwrap();
        let table = &html[at..at + html[at..].find("</table>").unwrap()];
        table.matches("<tr><td>").count()
    };
    assert_eq!((rows(&all), rows(&top)), (500, 10));
    assert!(top.contains("The 10 groups with the most articles are shown"));
    assert!(
        top.len() * 5 < all.len(),
        "{} vs {} bytes",
        top.len(),
        all.len()
    );
}
