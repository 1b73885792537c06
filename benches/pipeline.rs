//! Criterion benchmarks of the pipeline's stages on fixed real text: the five bundled seed
//! articles (data/*.txt), 12 KB of 2016 news on Russia, Syria and Aleppo. Throughput is in
//! bytes of article text. `cargo bench`; the end-to-end figure on a large corpus comes from
//! scripts/bench.sh (docs/PERFORMANCE.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use slant::analysis::Analyzer;
use slant::clean::Cleaner;
use slant::corpus::Document;
use slant::lexicon;
use slant::matcher::Matcher;
use slant::token::tokenize;
use slant::voice;

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn stages(c: &mut Criterion) {
    let texts = seeds();
    let bytes: usize = texts.iter().map(String::len).sum();
    let lexicons = lexicon::bundled().unwrap();
    let matchers: Vec<Matcher> = lexicons.iter().map(Matcher::new).collect();
    let cleaner = Cleaner {
        classify: true,
        ..Cleaner::default()
    };
    let analyzer = Analyzer::new(lexicons.clone()).with_cleaner(cleaner.clone());
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document {
            id: i.to_string(),
            outlet: "seed".into(),
            date: None,
            title: None,
            url: None,
            body: t.clone(),
            source: "data".into(),
            metadata: Vec::new(),
        })
        .collect();

    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(tokenize(t));
            }
        })
    });
    let tokenized: Vec<_> = texts.iter().map(|t| tokenize(t)).collect();
    group.bench_function("voice", |b| {
        b.iter(|| {
            for (t, tokens) in texts.iter().zip(&tokenized) {
                black_box(voice::label(t, tokens));
            }
        })
    });
    let words: Vec<Vec<_>> = tokenized
        .iter()
        .map(|ts| ts.iter().filter(|t| t.kind.is_word()).cloned().collect())
        .collect();
    group.bench_function("match (5 bundled lexicons)", |b| {
        b.iter(|| {
            for w in &words {
                for m in &matchers {
                    black_box(m.scan(w));
                }
            }
        })
    });
    let labelled: Vec<_> = texts
        .iter()
        .zip(&tokenized)
        .map(|(t, ts)| voice::label(t, ts))
        .collect();
    group.bench_function("clean", |b| {
        b.iter(|| {
            for ((t, ts), v) in texts.iter().zip(&tokenized).zip(&labelled) {
                black_box(cleaner.clean("seed", t, ts, &v.of));
            }
        })
    });
    group.bench_function("measure (all stages)", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(analyzer.measure(d, true));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
