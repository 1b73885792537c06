//! Fuzzing, bounded in time: arbitrary and mutated bytes through the corpus readers (JSONL,
//! CSV, HTML pages), the tokenizer with voice and the whole per-article pipeline, and every lexicon
//! parser. Each target must return a result or an error for every input, never panic, and
//! keep its invariants (tokens inside the text, on char boundaries, in order; a voice per
//! token; every hit's span inside the article).
//!
//! The targets are `#[ignore]`d, so `cargo test` stays quick; CI runs them for a minute in
//! all (`.ci/run`):
//!
//! ```sh
//! SLANT_FUZZ_SECONDS=12 cargo test --release --test fuzz -- --ignored --test-threads 1
//! ```
//!
//! `SLANT_FUZZ_SECONDS` is each target's time (default 10); `SLANT_FUZZ_SEED` starts another
//! sequence of inputs. Run longer (an hour, overnight) with a larger number. An input that
//! fails is written to `fuzz-failures/` under the system's temporary directory, and the test
//! fails naming it: add it to the unit tests of the module that failed once it is fixed.
//! (cargo-fuzz and libFuzzer need a nightly compiler, which this project does not assume;
//! these targets are plain functions, so a coverage-guided fuzzer can call them as they are.)

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

use slant::analysis::Analyzer;
use slant::corpus::{self, Document, Options, Source};
use slant::lexicon::{self, Format};
use slant::token::tokenize;
use slant::voice;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The bundled sample articles (data/).
const ARTICLES: [&str; 5] = [
    "000_4c46600b6d225b49",
    "001_3a583a32fa28584d",
    "002_2498656e7b287085",
    "003_ea494074b19b6663",
    "004_4b91d925b82a1461",
];

fn seconds() -> Duration {
    let s = std::env::var("SLANT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(10.0);
    Duration::from_secs_f64(s.max(0.1))
}

fn seed() -> u64 {
    std::env::var("SLANT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn seed_file(path: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(ROOT).join(path)).expect("seed file")
}

/// Fragments that matter to the parsers: quotation marks, paragraph breaks, wildcards, YAML
/// anchors and flow syntax, CSV quoting, LIWC headers, control and invalid bytes.
const PIECES: &[&[u8]] = &[
    "“".as_bytes(),
    "”".as_bytes(),
    b"\"",
    b"'",
    "‘".as_bytes(),
    "’".as_bytes(),
    "«".as_bytes(),
    "»".as_bytes(),
    "„".as_bytes(),
    b"''",
    b"``",
    b"\n",
    b"\n\n",
    b"\r\n",
    b"\t",
    b" ",
    b",",
    b".",
    b":",
    b"*",
    b"**",
    b"?",
    b"%",
    b"+",
    b"#",
    b"&a ",
    b"*a",
    b"[",
    b"]",
    b"{",
    b"}",
    b"- ",
    b"\\",
    b"\x1b[2J",
    b"\x00",
    b"\xff",
    b"\xe2\x80",
    "\u{feff}".as_bytes(),
    " said ".as_bytes(),
    " Mr Kirby said: ".as_bytes(),
    "U.S.".as_bytes(),
    "so-called ".as_bytes(),
    "terrorists".as_bytes(),
    b"{\"id\": \"x\", \"outlet\": \"o\", \"text\": \"t\"}\n",
    b"id,outlet,text\n",
];

/// A mutation of one of `seeds`: bytes inserted, deleted, repeated or replaced.
fn mutate(rng: &mut Pcg64, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut v = seeds[rng.random_range(0..seeds.len())].clone();
    for _ in 0..rng.random_range(1..8) {
        let at = if v.is_empty() {
            0
        } else {
            rng.random_range(0..=v.len())
        };
        match rng.random_range(0..6) {
            0 => {
                let p = PIECES[rng.random_range(0..PIECES.len())];
                v.splice(at..at, p.iter().copied());
            }
            1 if !v.is_empty() => {
                let end = (at + rng.random_range(1..64)).min(v.len());
                v.drain(at.min(end)..end);
            }
            2 if !v.is_empty() => {
                let start = rng.random_range(0..v.len());
                let end = (start + rng.random_range(1..256)).min(v.len());
                let piece: Vec<u8> = v[start..end].to_vec();
                let times = rng.random_range(1..16);
                for _ in 0..times {
                    v.splice(at..at, piece.iter().copied());
                }
            }
            3 => {
                let n = rng.random_range(1..16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.random()).collect();
                v.splice(at..at, bytes);
            }
            4 if !v.is_empty() => {
                let i = rng.random_range(0..v.len());
                v[i] = rng.random();
            }
            _ => {
                let p = PIECES[rng.random_range(0..PIECES.len())];
                let times = rng.random_range(1..200);
                for _ in 0..times {
                    v.splice(at..at, p.iter().copied());
                }
            }
        }
    }
    v.truncate(1 << 16);
    v
}

/// Runs `target` on mutated inputs for the time given; an input that panics is saved and
/// fails the test.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, target: impl Fn(&[u8])) {
    let deadline = Instant::now() + seconds();
    let mut rng = Pcg64::seed_from_u64(seed() ^ name.len() as u64);
    let mut cases = 0u64;
    // the seeds themselves first
    let mut pending: Vec<Vec<u8>> = seeds.clone();
    while Instant::now() < deadline || !pending.is_empty() {
        let input = pending.pop().unwrap_or_else(|| mutate(&mut rng, &seeds));
        cases += 1;
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = std::env::temp_dir().join("fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}-{cases}.bin"));
            std::fs::write(&path, &input).unwrap();
            panic!(
                "{name}: case {cases} failed; the input is in {}",
                path.display()
            );
        }
    }
    eprintln!("fuzz {name}: {cases} inputs, no failure");
}

fn seeds_jsonl() -> Vec<u8> {
    let mut out = Vec::new();
    for (i, name) in [ARTICLES[0], ARTICLES[3], ARTICLES[4]].iter().enumerate() {
        let text = String::from_utf8(seed_file(&format!("data/{name}.txt"))).unwrap();
        let short: String = text.chars().take(1500).collect();
        let line = serde_json::json!({"id": name, "outlet": format!("outlet {i}"), "text": short});
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

/// Reads a corpus file in full; every item is a document or an error.
fn read_corpus(bytes: &[u8], extension: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("c.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    let options = Options {
        unlisted: true,
        ..Options::default()
    };
    if let Ok(corpus) = corpus::open(&Source::Path(path), &options) {
        for d in corpus.take(10_000).flatten() {
            assert!(!d.id.is_empty() && !d.outlet.is_empty() && !d.body.is_empty());
        }
    }
}

#[test]
#[ignore = "fuzzing: run with --ignored (CI does, for a bounded time)"]
fn fuzz_jsonl_reader() {
    fuzz("jsonl", vec![seeds_jsonl()], |b| read_corpus(b, "jsonl"));
}

#[test]
#[ignore = "fuzzing: run with --ignored (CI does, for a bounded time)"]
fn fuzz_csv_reader() {
    let csv = b"id,outlet,text\n1,Press TV,\"Takfiri \"\"Daesh\"\" terrorists\nfled.\"\n2,TASS,Rebels held the town\n".to_vec();
    let tsv = b"id\toutlet\ttext\n1\tPress TV\tTerrorists fled.\n".to_vec();
    fuzz("csv", vec![csv], |b| read_corpus(b, "csv"));
    fuzz("tsv", vec![tsv], |b| read_corpus(b, "tsv"));
}

#[test]
#[ignore = "fuzzing: run with --ignored (CI does, for a bounded time)"]
fn fuzz_html_pages() {
    let page = br#"<html><head><title>T</title><meta property="og:site_name" content="Site">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2016-10-11"}</script></head>
<body><nav>Home</nav><article><h1>Strikes</h1><p>Air strikes resumed on Aleppo, residents said, as terrorists and rebels fought.</p>
<p>"We have nowhere to go," one said.</p></article><footer>(c) Site</footer></body></html>"#;
    fuzz("html", vec![page.to_vec()], |b| {
        if let Ok(p) = slant::corpus::html::extract(b) {
            assert!(!p.text.contains("\n\n\n"));
        }
    });
}

fn article_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = ARTICLES
        .iter()
        .map(|name| seed_file(&format!("data/{name}.txt")))
        .collect();
    for line in String::from_utf8(seed_file("tests/fixtures/voice_cases.jsonl"))
        .unwrap()
        .lines()
    {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            if let Some(t) = v["text"].as_str() {
                seeds.push(t.as_bytes().to_vec());
            }
        }
    }
    seeds
}

#[test]
#[ignore = "fuzzing: run with --ignored (CI does, for a bounded time)"]
fn fuzz_tokenizer_and_voice() {
    fuzz("voice", article_seeds(), |b| {
        let text = String::from_utf8_lossy(b);
        let tokens = tokenize(&text);
        let mut end = 0;
        for t in &tokens {
            assert!(t.start >= end && t.start < t.end && t.end <= text.len());
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            end = t.end;
        }
        let v = voice::label(&text, &tokens);
        assert_eq!(v.of.len(), tokens.len());
        for q in &v.quotations {
            assert!(q.start <= q.end && q.end <= text.len());
        }
    });
}

#[test]
#[ignore = "fuzzing: run with --ignored (CI does, for a bounded time)"]
fn fuzz_pipeline() {
    let analyzer = Analyzer::new(lexicon::bundled().unwrap());
    fuzz("pipeline", article_seeds(), |b| {
        let body = String::from_utf8_lossy(b).into_owned();
        let doc = Document {
            id: "x".into(),
            outlet: "o".into(),
            date: None,
            title: None,
            url: None,
            body,
            source: "fuzz".into(),
            metadata: Vec::new(),
        };
        let m = analyzer.measure(&doc, true);
        for h in &m.hits {
            assert!(h.hit.byte_start <= h.hit.byte_end && h.hit.byte_end <= doc.body.len());
            let _ = h.surface(&doc.body);
        }
    });
}

#[test]
#[ignore = "fuzzing: run with --ignored (CI does, for a bounded time)"]
fn fuzz_lexicon_parsers() {
    for (format, file) in [
        (Format::Toml, "lexicons/syria.toml"),
        (Format::Tsv, "tests/fixtures/reference_table.toml"),
        (Format::Liwc, "tests/fixtures/lexicons/designations.dic"),
        (Format::Yaml, "tests/fixtures/lexicons/designations.yml"),
        (
            Format::Lexicoder,
            "tests/fixtures/lexicons/designations.lc3",
        ),
        (Format::WordStat, "tests/fixtures/lexicons/designations.cat"),
        (Format::WordList, "tests/fixtures/lexicons/distancing.txt"),
    ] {
        let path = PathBuf::from(ROOT).join(file);
        let seeds = match std::fs::read(&path) {
            Ok(b) => vec![b],
            Err(_) => vec![b"terrorists\nrebel*\n".to_vec()],
        };
        let name = format!("lexicon-{format:?}");
        fuzz(&name, seeds, |b| {
            let text = String::from_utf8_lossy(b);
            let _ = lexicon::parse(&text, "fuzz", "fuzz", format);
        });
    }
}
