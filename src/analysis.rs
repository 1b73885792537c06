//! The pipeline: documents in, per-document measurements and per-outlet totals out.
//!
//! An [`Analyzer`] holds the lexicons of a run, each compiled once into a
//! [`Matcher`]. [`Analyzer::measure`] tokenizes one document and scans it with every matcher;
//! it touches nothing shared, so documents are measured in parallel. [`run`] streams a corpus
//! in batches: while one batch is measured on the rayon pool, the next is read, and results
//! are handed on in input order, so the output is the same whatever the number of threads.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::corpus::{Corpus, CorpusError, Document};
use crate::lexicon::Lexicon;
use crate::matcher::{Hit, Matcher};
use crate::stats::{DocStats, Totals};
use crate::token::{count, tokenize};

/// One hit with the lexicon it belongs to and its surface text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRecord {
    /// Index of the lexicon in the run.
    pub lexicon: u32,
    pub hit: Hit,
    /// The matched text exactly as it stands in the document.
    pub surface: String,
}

/// What one document gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measurement {
    pub stats: DocStats,
    /// Empty unless hits were asked for.
    pub hits: Vec<HitRecord>,
}

/// The lexicons of a run, compiled.
#[derive(Debug)]
pub struct Analyzer {
    lexicons: Vec<Lexicon>,
    matchers: Vec<Matcher>,
    /// First category slot of each lexicon.
    offsets: Vec<usize>,
    slots: usize,
}

impl Analyzer {
    pub fn new(lexicons: Vec<Lexicon>) -> Analyzer {
        let matchers = lexicons.iter().map(Matcher::new).collect();
        let mut offsets = Vec::with_capacity(lexicons.len());
        let mut slots = 0;
        for l in &lexicons {
            offsets.push(slots);
            slots += l.categories.len();
        }
        Analyzer {
            lexicons,
            matchers,
            offsets,
            slots,
        }
    }

    pub fn lexicons(&self) -> &[Lexicon] {
        &self.lexicons
    }

    /// Number of category slots over all lexicons.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// The slot of a lexicon's category in [`DocStats::counts`].
    pub fn slot(&self, lexicon: usize, category: usize) -> usize {
        self.offsets[lexicon] + category
    }

    /// Tokenizes and scans one document. With `with_hits`, every hit is returned too.
    pub fn measure(&self, doc: &Document, with_hits: bool) -> Measurement {
        let body = doc.body.as_str();
        let tokens = tokenize(body);
        let counts = count(&tokens);
        let words: Vec<_> = tokens.into_iter().filter(|t| t.kind.is_word()).collect();
        let mut stats = DocStats {
            tokens: counts.words,
            sentences: counts.sentences,
            paragraphs: counts.paragraphs,
            bytes: body.len() as u64,
            counts: vec![0; self.slots],
        };
        let mut hits = Vec::new();
        for (l, matcher) in self.matchers.iter().enumerate() {
            for hit in matcher.scan(&words) {
                stats.counts[self.offsets[l] + hit.category as usize] += 1;
                if with_hits {
                    hits.push(HitRecord {
                        lexicon: l as u32,
                        hit,
                        surface: body[hit.byte_start..hit.byte_end].to_string(),
                    });
                }
            }
        }
        Measurement { stats, hits }
    }
}

/// How a run went.
#[derive(Debug, Default)]
pub struct Summary {
    pub totals: Totals,
    /// Documents measured.
    pub documents: u64,
    /// Bytes of article text measured.
    pub text_bytes: u64,
    /// Records skipped as bad.
    pub skipped: u64,
    /// The first [`Summary::KEPT_PROBLEMS`] skipped records' errors.
    pub problems: Vec<CorpusError>,
}

impl Summary {
    pub const KEPT_PROBLEMS: usize = 20;
}

/// Documents per parallel batch, and bytes of text at which a batch is closed early.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

struct Reader<'c> {
    corpus: &'c mut Corpus,
    seen: HashMap<String, String>,
    skipped: u64,
    problems: Vec<CorpusError>,
}

impl Reader<'_> {
    /// The next batch of good documents; bad records are counted and kept aside.
    fn batch(&mut self) -> Result<Vec<Document>, CorpusError> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
            let Some(item) = self.corpus.next() else {
                break;
            };
            let doc = match item {
                Ok(doc) => doc,
                Err(e) if e.is_record() => {
                    self.skip(e);
                    continue;
                }
                Err(e) => return Err(e),
            };
            if let Some(first) = self.seen.get(&doc.id) {
                let message = format!(
                    "duplicate id `{}` (first used at {first}); ids must be unique",
                    doc.id
                );
                self.skip(CorpusError::Record {
                    location: doc.source.clone(),
                    message,
                });
                continue;
            }
            self.seen.insert(doc.id.clone(), doc.source.clone());
            bytes += doc.body.len();
            batch.push(doc);
        }
        Ok(batch)
    }

    fn skip(&mut self, e: CorpusError) {
        self.skipped += 1;
        if self.problems.len() < Summary::KEPT_PROBLEMS {
            self.problems.push(e);
        }
    }
}

/// Measures every document of `corpus` and hands each, with its measurement, to `each`, in
/// corpus order. Bad records are skipped and reported in the [`Summary`]; a fatal read error
/// or an error from `each` stops the run.
pub fn run<E: From<CorpusError> + Send>(
    corpus: &mut Corpus,
    analyzer: &Analyzer,
    with_hits: bool,
    mut each: impl FnMut(&Document, &Measurement) -> Result<(), E>,
) -> Result<Summary, E> {
    let mut reader = Reader {
        corpus,
        seen: HashMap::new(),
        skipped: 0,
        problems: Vec::new(),
    };
    let mut summary = Summary::default();
    let mut batch = reader.batch()?;
    while !batch.is_empty() {
        let (next, measured) = rayon::join(
            || reader.batch(),
            || {
                batch
                    .par_iter()
                    .map(|doc| analyzer.measure(doc, with_hits))
                    .collect::<Vec<_>>()
            },
        );
        for (doc, m) in batch.iter().zip(&measured) {
            summary.totals.add(&doc.outlet, &m.stats);
            summary.documents += 1;
            summary.text_bytes += m.stats.bytes;
            each(doc, m)?;
        }
        batch = next?;
    }
    summary.skipped = reader.skipped;
    summary.problems = reader.problems;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse, Format};

    #[test]
    fn measures_counts_and_hits() {
        let lexicon = parse(
            "[categories.t]\nterms = [\"terrorist*\"]\n[categories.o]\nterms = [\"opposition\"]\n",
            "t.toml",
            "t",
            Format::Toml,
        )
        .unwrap();
        let analyzer = Analyzer::new(vec![lexicon]);
        let doc = Document {
            id: "1".into(),
            outlet: "Press TV".into(),
            date: None,
            title: None,
            url: None,
            body: "Takfiri terrorists. The ‘opposition’ and terrorists.".into(),
            source: "x".into(),
        };
        let m = analyzer.measure(&doc, true);
        assert_eq!(m.stats.counts, [2, 1]);
        assert_eq!(m.stats.tokens, 6);
        assert_eq!(m.stats.sentences, 2);
        let surfaces: Vec<&str> = m.hits.iter().map(|h| h.surface.as_str()).collect();
        assert_eq!(surfaces, ["terrorists", "opposition", "terrorists"]);
        assert_eq!(m.hits[2].hit.sentence, 1);
    }
}
