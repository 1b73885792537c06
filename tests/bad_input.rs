//! Bad input and faults, as a hostile user would try them: every case runs the real binary
//! and checks its exit code, that its message names the file, line or field, that it did not
//! panic, and that it left no partial or mixed output: stdout empty, and an output directory
//! that held an earlier run holds exactly that run afterwards, byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use polars::prelude::*;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_slant");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const SEEDS: [(&str, &str); 5] = [
    ("000_4c46600b6d225b49", "The Moscow Times"),
    ("001_3a583a32fa28584d", "PoliticsHome"),
    ("002_2498656e7b287085", "tgme.org"),
    ("003_ea494074b19b6663", "Irish Independent"),
    ("004_4b91d925b82a1461", "Press TV"),
];

fn slant(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run slant")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed_text(i: usize) -> String {
    fs::read_to_string(Path::new(ROOT).join(format!("data/{}.txt", SEEDS[i].0))).unwrap()
}

/// The seed articles as JSONL records, `copies` times over with fresh ids.
fn jsonl(copies: usize) -> String {
    let mut out = String::new();
    for c in 0..copies {
        for (i, (id, outlet)) in SEEDS.iter().enumerate() {
            let record = serde_json::json!({"id": format!("{id}-{c}"), "outlet": outlet, "text": seed_text(i)});
            out.push_str(&record.to_string());
            out.push('\n');
        }
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Every file in a directory (hidden ones too), with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A directory holding a complete earlier run (of the bundled corpus, as CSV).
fn earlier_run(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let o = slant(&[
        "analyze",
        "-o",
        &dir.display().to_string(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    snapshot(dir)
}

/// One case of the matrix: files to write, the arguments (`{d}` is the case's directory,
/// `{out}` an output directory holding an earlier run), the exit code and a needle of stderr.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &'static str,
    code: i32,
    needle: &'static str,
}

fn case(
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &'static str,
    code: i32,
    needle: &'static str,
) -> Case {
    Case {
        name,
        files,
        args,
        code,
        needle,
    }
}

fn parquet(column: Column) -> Vec<u8> {
    let n = column.len();
    let mut df = DataFrame::new_infer_height(vec![
        Column::new("id".into(), (0..n as i64).collect::<Vec<_>>()),
        Column::new("outlet".into(), vec!["Press TV"; n]),
        column,
    ])
    .unwrap();
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
    buf
}

/// A CSV of 100 articles whose line 11 (its tenth article) opens a quoted field that never
/// closes.
fn csv_with_stray_quote() -> Vec<u8> {
    let mut s = String::from("id,outlet,text\n");
    for i in 1..=100 {
        if i == 10 {
            s.push_str(&format!("{i},Press TV,\"Terrorists fled the town {i}\n"));
        } else {
            s.push_str(&format!("{i},Press TV,Terrorists fled the town {i}\n"));
        }
    }
    s.into_bytes()
}

fn alias_bomb() -> Vec<u8> {
    let mut text = String::from("a0: &a0 [lol, lol]\n");
    for level in 1..=9 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    text.into_bytes()
}

fn cases() -> Vec<Case> {
    let good = jsonl(1);
    let lines: Vec<&str> = good.lines().collect();
    let with = |extra: &str| format!("{}\n{extra}\n", lines.join("\n")).into_bytes();
    vec![
        // records
        case(
            "missing outlet",
            vec![(
                "c.jsonl",
                with(r#"{"id": "x", "text": "Rebels held the town."}"#),
            )],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl:6: missing or empty `outlet`",
        ),
        case(
            "malformed JSON",
            vec![(
                "c.jsonl",
                with(r#"{"id": "x", "outlet": "A", "text": "cut"#),
            )],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl:6: malformed JSON at column",
        ),
        case(
            "duplicate id",
            vec![("c.jsonl", with(lines[0]))],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl:6: duplicate id `000_4c46600b6d225b49-0`",
        ),
        case(
            "duplicate key in one object",
            vec![(
                "c.jsonl",
                with(r#"{"id": "x", "outlet": "A", "text": "a", "text": "b"}"#),
            )],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl:6: malformed JSON at column 46: the key `text` appears twice in one object",
        ),
        case(
            "invalid UTF-8 in JSONL",
            vec![(
                "c.jsonl",
                [
                    good.as_bytes(),
                    b"{\"id\": \"w\", \"outlet\": \"A\", \"text\": \"Russia\x92s\"}\n",
                ]
                .concat(),
            )],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl:6: not valid UTF-8",
        ),
        case(
            "text that is a list",
            vec![(
                "c.jsonl",
                with(r#"{"id": "x", "outlet": "A", "text": ["a"]}"#),
            )],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl:6: malformed JSON at column",
        ),
        case(
            "CSV quote that never closes",
            vec![("c.csv", csv_with_stray_quote())],
            "analyze {d}/c.csv -o {out}",
            1,
            "c.csv:11: quoted field never closes",
        ),
        case(
            "CSV without a text column",
            vec![("c.csv", b"id,outlet,body\n1,A,x\n".to_vec())],
            "analyze {d}/c.csv -o {out}",
            1,
            "c.csv: no column `text` (columns: id, outlet, body); pass --text-field NAME",
        ),
        case(
            "Parquet text of floats",
            vec![(
                "c.parquet",
                parquet(Column::new("text".into(), vec![1.5f64, 2.0])),
            )],
            "analyze {d}/c.parquet -o {out}",
            1,
            "c.parquet: column `text` holds f64, not text; pass --text-field NAME",
        ),
        case(
            "Parquet text of booleans",
            vec![(
                "c.parquet",
                parquet(Column::new("text".into(), vec![true, false])),
            )],
            "analyze {d}/c.parquet -o {out}",
            1,
            "c.parquet: column `text` holds bool, not text",
        ),
        // files
        case(
            "empty file",
            vec![("c.jsonl", Vec::new())],
            "analyze {d}/c.jsonl -o {out}",
            1,
            "c.jsonl: no articles: the file is empty",
        ),
        case(
            "truncated gzip",
            vec![("c.jsonl.gz", {
                let g = gzip(good.as_bytes());
                g[..g.len() / 2].to_vec()
            })],
            "analyze {d}/c.jsonl.gz -o {out}",
            1,
            "c.jsonl.gz: cannot decompress",
        ),
        case(
            "no such corpus",
            vec![],
            "analyze {d}/nothing.jsonl -o {out}",
            1,
            "nothing.jsonl: No such file",
        ),
        case(
            "unknown format",
            vec![("c.xml", b"<a/>".to_vec())],
            "analyze {d}/c.xml -o {out}",
            1,
            "c.xml: unknown corpus format",
        ),
        case(
            "empty article in a folder",
            vec![
                ("txt/a.txt", b"\n \n".to_vec()),
                ("txt/b.txt", seed_text(4).into_bytes()),
            ],
            "analyze {d}/txt -o {out}",
            1,
            "a.txt: empty file",
        ),
        case(
            "manifest without outlet column",
            vec![
                ("txt/a.txt", seed_text(0).into_bytes()),
                ("txt/manifest.csv", b"name,source\na.txt,X\n".to_vec()),
            ],
            "analyze {d}/txt -o {out}",
            1,
            "a manifest needs the columns `file` and `outlet`",
        ),
        // lexicons
        case(
            "misplaced wildcard",
            vec![("l.toml", b"[categories.a]\nterms = [\"U.S.*\"]\n".to_vec())],
            "analyze -l {d}/l.toml -o {out}",
            1,
            "l.toml:2: term `U.S.*` has a `*` or `?` that belongs to no word",
        ),
        case(
            "contrast of an unknown category",
            vec![(
                "l.toml",
                b"[categories.a]\nterms = [\"x\"]\n[contrasts.c]\ncategories = [\"a\", \"z\"]\n"
                    .to_vec(),
            )],
            "analyze -l {d}/l.toml -o {out}",
            1,
            "l.toml:4: contrast `c` names unknown category `z`",
        ),
        case(
            "negation flipping a category with nowhere to go",
            vec![(
                "l.toml",
                b"[categories.a]\nterms = [\"x\"]\n[negation]\naction = \"flip\"\n".to_vec(),
            )],
            "analyze -l {d}/l.toml -o {out}",
            1,
            "l.toml:3: negation flips category `a`, but it is in no tone contrast and has no scores",
        ),
        case(
            "a score that is not a number",
            vec![(
                "l.toml",
                b"[categories.a]\nterms = [\"x\"]\n[categories.a.scores]\nx = \"high\"\n".to_vec(),
            )],
            "analyze -l {d}/l.toml -o {out}",
            1,
            "l.toml:4: the score of `x` must be a number",
        ),
        case(
            "LIWC-22 cell neither X nor a weight",
            vec![("l.dicx", b"DicTerm,a\nx,maybe\n".to_vec())],
            "analyze -l {d}/l.dicx -o {out}",
            1,
            "l.dicx:2: row `x`, column `a`: `maybe` is neither X nor a number",
        ),
        case(
            "lexicon convert to an unknown extension",
            vec![("l.toml", b"[categories.a]\nterms = [\"x\"]\n".to_vec())],
            "lexicon convert {d}/l.toml {d}/l.cat",
            1,
            "cannot tell which format to write",
        ),
        case(
            "YAML alias bomb",
            vec![("bomb.yml", alias_bomb())],
            "analyze -l {d}/bomb.yml -o {out}",
            1,
            "refused as an alias bomb",
        ),
        case(
            "YAML nested too deep",
            vec![(
                "deep.yml",
                format!("A: {}x{}\n", "[".repeat(200), "]".repeat(200)).into_bytes(),
            )],
            "analyze -l {d}/deep.yml -o {out}",
            1,
            "deep.yml:1: nested more than 64 levels deep",
        ),
        case(
            "LIWC unknown category id",
            vec![("l.dic", b"%\n1\tposemo\n%\ngood\t1\nbad\t7\n".to_vec())],
            "analyze -l {d}/l.dic -o {out}",
            1,
            "l.dic:5: entry `bad` names unknown category id `7`",
        ),
        case(
            "TSV line without a tab",
            vec![("l.tsv", b"a\tx\nno tab here\n".to_vec())],
            "analyze -l {d}/l.tsv -o {out}",
            1,
            "l.tsv:2: expected `category<TAB>term`",
        ),
        // output
        case(
            "output under a file",
            vec![("file", b"x".to_vec())],
            "analyze -o {d}/file/out",
            1,
            "cannot write to output directory",
        ),
        case(
            "a directory where a table goes",
            vec![("keep", Vec::new())],
            "analyze -o {out} --format parquet --dir-in-the-way hits.parquet",
            1,
            "hits.parquet is a directory",
        ),
        // usage errors
        case(
            "no threads",
            vec![],
            "analyze -j 0 -o {out}",
            2,
            "at least 1 thread",
        ),
        case(
            "thousands of threads",
            vec![],
            "analyze -j 5000 -o {out}",
            2,
            "at most",
        ),
        case(
            "uniform prior of 0",
            vec![],
            "keyness Press\\ TV --alpha 0",
            2,
            "--alpha",
        ),
        case(
            "similarity above 1",
            vec![],
            "analyze --near-duplicate 1.5 -o {out}",
            2,
            "a similarity is above 0 and at most 1",
        ),
        case(
            "share above 1",
            vec![],
            "analyze --repeat-min-share 2 -o {out}",
            2,
            "a share is between 0 and 1",
        ),
        case(
            "no replicates",
            vec![],
            "analyze --bootstrap 0 -o {out}",
            2,
            "between 1 and 100000 replicates",
        ),
        case(
            "no stories",
            vec![],
            "analyze --repeat-min-stories 0 -o {out}",
            2,
            "--repeat-min-stories",
        ),
        case("missing -o", vec![], "analyze", 2, "--output"),
        // reading an output directory back
        case(
            "kwic from a directory with no run",
            vec![("empty/keep", Vec::new())],
            "kwic terrorists --from {d}/empty",
            1,
            "empty/manifest.json: missing",
        ),
        case(
            "analyze from a directory with no run",
            vec![("empty/keep", Vec::new())],
            "analyze --from {d}/empty -o {out}",
            1,
            "empty/manifest.json: missing",
        ),
        case(
            "analyze from tables and a corpus at once",
            vec![("c.jsonl", b"{}\n".to_vec())],
            "analyze {d}/c.jsonl --from {out} -o {out}",
            1,
            "not both",
        ),
        case(
            "merge of one shard twice",
            vec![],
            "merge {out} {out} -o {d}/merged",
            1,
            "both analyzed the same input",
        ),
    ]
}

/// Splits a case's arguments on spaces (`\ ` keeps one), with `{d}` and `{out}` filled in.
fn args(template: &str, d: &Path, out: &Path) -> Vec<String> {
    let filled = template
        .replace("{d}", &d.display().to_string())
        .replace("{out}", &out.display().to_string());
    let mut args = Vec::new();
    let mut current = String::new();
    let mut chars = filled.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                current.push(' ');
                chars.next();
            }
            ' ' => args.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    args.push(current);
    args
}

#[test]
fn bad_input_matrix() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let dir = TempDir::new().unwrap();
        for (name, bytes) in &c.files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, bytes).unwrap();
        }
        let out = dir.path().join("out");
        let before = earlier_run(&out);
        let mut argv = args(c.args, dir.path(), &out);
        if let Some(at) = argv.iter().position(|a| a == "--dir-in-the-way") {
            fs::create_dir(out.join(&argv[at + 1])).unwrap();
            argv.drain(at..at + 2);
        }
        let o = Command::new(BIN).args(&argv).output().unwrap();
        let err = stderr(&o);
        let problem = if o.status.code() != Some(c.code) {
            Some(format!("exit {:?}, not {}", o.status.code(), c.code))
        } else if !err.contains(c.needle) {
            Some(format!("no {:?} in stderr", c.needle))
        } else if err.contains("panicked") {
            Some("panicked".into())
        } else if !o.stdout.is_empty() {
            Some("wrote to stdout".into())
        } else {
            let mut after = snapshot(&out);
            if argv.iter().any(|a| a == "hits.parquet") || c.args.contains("--dir-in-the-way") {
                after.retain(|k, _| k != "hits.parquet");
            }
            (after != before).then(|| {
                format!(
                    "the earlier run changed: {:?} -> {:?}",
                    before.keys().collect::<Vec<_>>(),
                    after.keys().collect::<Vec<_>>()
                )
            })
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}\n  stderr: {err}", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_format_change_leaves_no_stale_tables() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = out.display().to_string();
    fs::create_dir_all(&out).unwrap();
    // a file of the user's beside the tables, named like one of the CSV tables
    fs::write(out.join("outlets.csv"), "file,outlet\n").unwrap();
    assert!(slant(&["analyze", "-o", &o]).status.success());
    assert_eq!(
        fs::read_to_string(out.join("outlets.csv")).unwrap(),
        "file,outlet\n",
        "a Parquet run leaves the user's file alone"
    );
    assert!(slant(&["analyze", "-o", &o, "--format", "csv"])
        .status
        .success());
    let names: Vec<String> = snapshot(&out).into_keys().collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".csv") || n == "manifest.json"),
        "{names:?}"
    );
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(slant(&["analyze", "-o", &o]).status.success());
    let names: Vec<String> = snapshot(&out).into_keys().collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".parquet") || n == "manifest.json"),
        "{names:?}"
    );
}

#[test]
fn a_failed_commit_keeps_the_earlier_run() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = out.display().to_string();
    let before = earlier_run(&out);
    // an immutable table cannot be replaced, even by root
    let hits = out.join("hits.csv");
    let immutable = Command::new("chattr").arg("+i").arg(&hits).status();
    if !immutable.is_ok_and(|s| s.success()) {
        eprintln!("skipped: chattr +i does not work here");
        return;
    }
    let run = slant(&["analyze", "-o", &o, "--format", "csv", "--bootstrap", "10"]);
    let _ = Command::new("chattr").arg("-i").arg(&hits).status();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("cannot replace hits.csv"),
        "{}",
        stderr(&run)
    );
    assert!(
        stderr(&run).contains("left as they were"),
        "{}",
        stderr(&run)
    );
    assert_eq!(snapshot(&out), before);
    // and the earlier run still reads
    let kwic = slant(&["kwic", "terrorists", "--from", &o]);
    assert!(kwic.status.success(), "{}", stderr(&kwic));
}

#[test]
fn readers_refuse_a_mixed_directory() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    earlier_run(&a);
    let corpus = dir.path().join("c.jsonl");
    fs::write(&corpus, jsonl(2)).unwrap();
    let o = slant(&[
        "analyze",
        &corpus.display().to_string(),
        "-o",
        &b.display().to_string(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // a table of another run, as a failed rename once left it
    fs::copy(b.join("hits.csv"), a.join("hits.csv")).unwrap();
    for args in [
        vec!["kwic", "terrorists", "--from", a.to_str().unwrap()],
        vec![
            "merge",
            a.to_str().unwrap(),
            "-o",
            dir.path().join("m").to_str().unwrap(),
        ],
    ] {
        let run = slant(&args);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("hits.csv: has ") && stderr(&run).contains("manifest.json lists"),
            "{args:?}: {}",
            stderr(&run)
        );
        assert!(run.stdout.is_empty());
    }
    assert!(!dir.path().join("m").join("manifest.json").exists());
}

/// Tables analyzed with a uniform keyness prior (`--alpha`) cannot be regrouped or merged:
/// the keyness they would recompute needs every word count. Refused, naming the directory, and
/// nothing written.
#[test]
fn tables_with_a_uniform_prior_are_refused() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a").display().to_string();
    let o = slant(&["analyze", "-o", &a, "--alpha", "0.1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for command in [vec!["analyze", "--from", &a, "-o"], vec!["merge", &a, "-o"]] {
        let out = dir.path().join("out");
        let out_s = out.display().to_string();
        let mut args = command.clone();
        args.push(&out_s);
        let o = slant(&args);
        assert_eq!(o.status.code(), Some(1), "{command:?}");
        let message = stderr(&o);
        assert!(
            message.contains(&a) && message.contains("--alpha"),
            "{message}"
        );
        assert!(o.stdout.is_empty());
        assert!(!out.exists(), "{command:?} wrote {}", out.display());
    }
}

#[test]
fn merge_refuses_shards_that_share_articles() {
    let dir = TempDir::new().unwrap();
    let all = jsonl(2);
    let lines: Vec<&str> = all.lines().collect();
    // the second shard repeats the first shard's last article
    let (one, two) = (lines[..6].join("\n"), lines[5..].join("\n"));
    let mut shards = Vec::new();
    for (name, text) in [("one", one), ("two", two)] {
        let corpus = dir.path().join(format!("{name}.jsonl"));
        fs::write(&corpus, text).unwrap();
        let out = dir.path().join(name);
        let o = slant(&[
            "analyze",
            &corpus.display().to_string(),
            "-o",
            &out.display().to_string(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        shards.push(out.display().to_string());
    }
    let merged = dir.path().join("merged").display().to_string();
    let run = slant(&["merge", &shards[0], &shards[1], "-o", &merged]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("doc_id `000_4c46600b6d225b49-1` is in"),
        "{}",
        stderr(&run)
    );
    assert!(!Path::new(&merged).join("manifest.json").exists());
    let run = slant(&[
        "merge",
        &shards[0],
        &shards[1],
        "-o",
        &merged,
        "--allow-overlap",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn a_second_run_into_the_same_directory_is_refused() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let before = earlier_run(&out);
    // another process holds the directory's lock
    let mut holder = Command::new("flock")
        .arg(&out)
        .args(["sleep", "30"])
        .spawn()
        .expect("flock(1)");
    std::thread::sleep(Duration::from_millis(300));
    let run = slant(&["analyze", "-o", &out.display().to_string()]);
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("another slant run is writing to this directory"),
        "{}",
        stderr(&run)
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn terminal_output_escapes_control_characters() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let text = "Evil\u{1b}]0;owned\u{7} outlet said the terrorists\u{1b}[2J fled.";
    let records = [
        serde_json::json!({"id": "a\u{1b}[2J", "outlet": "Evil\u{1b}]0;x\u{7}", "text": text}),
        serde_json::json!({"id": "b", "outlet": "Other", "text": "Rebels and terrorists."}),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    fs::write(&corpus, lines.join("\n")).unwrap();
    let c = corpus.display().to_string();
    for args in [
        vec!["kwic", "terrorists", c.as_str()],
        vec!["report", c.as_str()],
        vec!["keyness", "Other", c.as_str()],
        vec!["clean", "a\u{1b}[2J", c.as_str()],
    ] {
        let run = slant(&args);
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
        let out = String::from_utf8_lossy(&run.stdout);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: {out}"
        );
        assert!(!stderr(&run).contains('\u{1b}'), "{args:?}");
    }
    let kwic = slant(&["kwic", "terrorists", &c]);
    assert!(String::from_utf8_lossy(&kwic.stdout).contains("Evil\\e]0;x\\u{7}"));
    // data formats keep the text as it is
    let csv = slant(&["kwic", "terrorists", &c, "--format", "csv"]);
    assert!(String::from_utf8_lossy(&csv.stdout).contains('\u{1b}'));
}

#[test]
fn symlinked_folders_are_read_and_loops_refused() {
    let dir = TempDir::new().unwrap();
    let (corpus, elsewhere) = (dir.path().join("corpus"), dir.path().join("elsewhere"));
    fs::create_dir_all(corpus.join("Press TV")).unwrap();
    fs::create_dir_all(elsewhere.join("TASS")).unwrap();
    fs::write(corpus.join("Press TV/a.txt"), seed_text(4)).unwrap();
    fs::write(elsewhere.join("TASS/b.txt"), seed_text(0)).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("TASS"), corpus.join("TASS")).unwrap();
    // a second way to the same folder: its article is read once
    std::os::unix::fs::symlink(elsewhere.join("TASS"), corpus.join("latest")).unwrap();
    let out = dir.path().join("out");
    let o = slant(&[
        "analyze",
        &corpus.display().to_string(),
        "-o",
        &out.display().to_string(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(docs.contains("TASS"), "{docs}");
    assert_eq!(docs.lines().count(), 3, "a header and two articles: {docs}");
    std::os::unix::fs::symlink(&corpus, corpus.join("Press TV/loop")).unwrap();
    let run = slant(&["report", &corpus.display().to_string()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("loop"), "{}", stderr(&run));
}

/// A run long enough to be stopped: the seeds many times over.
fn long_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("long.jsonl");
    fs::write(&corpus, jsonl(400)).unwrap();
    corpus
}

/// Starts `analyze` into `out` and waits until it has temporary files there.
fn start_and_wait_for_temporary_files(corpus: &Path, out: &Path) -> std::process::Child {
    let mut child = Command::new(BIN)
        .args([
            "analyze",
            &corpus.display().to_string(),
            "-o",
            &out.display().to_string(),
            "--format",
            "csv",
            "-j",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let temporary = || {
        fs::read_dir(out).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".slant-"))
        })
    };
    while Instant::now() < deadline {
        if temporary() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("no temporary file appeared in {}", out.display());
}

#[test]
fn signals_remove_temporary_files_and_exit_128_plus_the_signal() {
    let dir = TempDir::new().unwrap();
    let corpus = long_corpus(dir.path());
    let out = dir.path().join("out");
    let before = earlier_run(&out);
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let child = start_and_wait_for_temporary_files(&corpus, &out);
        let killed = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(code), "{signal}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("temporary files are removed"),
            "{}",
            stderr(&o)
        );
        assert_eq!(snapshot(&out), before, "{signal}");
    }
}

#[test]
fn the_next_run_removes_what_a_killed_run_left() {
    let dir = TempDir::new().unwrap();
    let corpus = long_corpus(dir.path());
    let out = dir.path().join("out");
    let before = earlier_run(&out);
    let mut child = start_and_wait_for_temporary_files(&corpus, &out);
    child.kill().unwrap(); // SIGKILL: no cleanup
    child.wait().unwrap();
    let left = snapshot(&out);
    assert!(
        left.keys().any(|k| k.starts_with(".slant-")),
        "{:?}",
        left.keys()
    );
    // what the killed run left does not disturb the earlier run, and readers accept it
    let kwic = slant(&["kwic", "terrorists", "--from", &out.display().to_string()]);
    assert!(kwic.status.success(), "{}", stderr(&kwic));
    let mut visible = left.clone();
    visible.retain(|k, _| !k.starts_with(".slant-"));
    assert_eq!(visible, before);
    let again = slant(&[
        "analyze",
        "-o",
        &out.display().to_string(),
        "--format",
        "csv",
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!snapshot(&out).keys().any(|k| k.starts_with(".slant-")));
}

/// A full disk mid-run: the earlier tables stay as they were. Needs a small file system
/// (SLANT_SMALL_FS, a tmpfs of a few MB that .ci/run mounts where the machine allows it).
#[test]
fn a_full_disk_keeps_the_earlier_run() {
    let Ok(small) = std::env::var("SLANT_SMALL_FS") else {
        eprintln!("skipped: set SLANT_SMALL_FS to a small empty file system (.ci/run mounts a tmpfs) to run this test");
        return;
    };
    let dir = TempDir::new().unwrap();
    let corpus = long_corpus(dir.path());
    let out = Path::new(&small).join(format!("out-{}", std::process::id()));
    let before = earlier_run(&out);
    let run = slant(&[
        "analyze",
        &corpus.display().to_string(),
        "-o",
        &out.display().to_string(),
        "--format",
        "csv",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("No space left on device"),
        "{}",
        stderr(&run)
    );
    assert!(!stderr(&run).contains("panicked"));
    assert_eq!(snapshot(&out), before);
    fs::remove_dir_all(&out).unwrap();
}
