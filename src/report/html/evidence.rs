//! Hits in context for the page: the first few of every outlet in every category, in corpus
//! order, so that every outlet with hits can be shown, not only the first outlets of the corpus.

use std::collections::BTreeMap;

use crate::analysis::{Analyzer, Measurement};
use crate::corpus::Document;
use crate::token::tokenize;
use crate::voice::Voice;

use super::super::context::{context, Context};

/// Samples of hits in context kept per outlet in each category.
pub const SAMPLES_PER_OUTLET: usize = 2;
/// Words of context on each side of a sample.
const SAMPLE_WINDOW: usize = 10;

/// One hit in context.
#[derive(Debug, Clone)]
pub struct Sample {
    pub outlet: String,
    pub doc_id: String,
    pub voice: Voice,
    pub term: String,
    pub context: Context,
    /// Who the text says speaks, when the hit is inside a quotation or reported clause.
    pub speaker: Option<String>,
}

/// Where a document's quotations and reported clauses lie, and who speaks in them: (start
/// byte, end byte, speaker).
type Span<'a> = (usize, usize, Option<&'a str>);

/// Hits in context: per category, the first [`SAMPLES_PER_OUTLET`] hits of each outlet in
/// corpus order. Memory grows with outlets × categories, not with articles.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    /// Per category slot: each outlet's samples.
    pub by_slot: Vec<BTreeMap<String, Vec<Sample>>>,
}

impl Samples {
    pub fn new(slots: usize) -> Samples {
        Samples {
            by_slot: vec![BTreeMap::new(); slots],
        }
    }

    /// Takes what it still needs from one document's hits.
    pub fn offer(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        let spans: Vec<Span> = m
            .quotations
            .iter()
            .map(|q| (q.start, q.end, q.speaker.as_deref()))
            .collect();
        self.offer_hits(analyzer, doc, &m.hits, &spans);
    }

    /// Takes what it still needs from one document's hits; `spans` are its quotations and
    /// reported clauses (byte range, speaker).
    fn offer_hits(
        &mut self,
        analyzer: &Analyzer,
        doc: &Document,
        hits: &[crate::analysis::HitRecord],
        spans: &[Span],
    ) {
        let mut words = None;
        for h in hits {
            let slot = analyzer.slot(h.lexicon as usize, h.hit.category as usize);
            if self.by_slot[slot]
                .get(&doc.outlet)
                .is_some_and(|v| v.len() >= SAMPLES_PER_OUTLET)
            {
                continue;
            }
            let words = words.get_or_insert_with(|| {
                tokenize(&doc.body)
                    .into_iter()
                    .filter(|t| t.kind.is_word())
                    .collect::<Vec<_>>()
            });
            let lexicon = &analyzer.lexicons()[h.lexicon as usize];
            let speaker = spans
                .iter()
                .find(|(start, end, _)| *start <= h.hit.byte_start && h.hit.byte_end <= *end)
                .and_then(|(_, _, s)| s.map(str::to_string));
            let kept = self.by_slot[slot].entry(doc.outlet.clone()).or_default();
            kept.push(Sample {
                speaker,
                outlet: doc.outlet.clone(),
                doc_id: doc.id.clone(),
                voice: h.voice,
                term: h.term(lexicon).text.clone(),
                context: context(
                    &doc.body,
                    words,
                    (h.hit.word_start as usize, h.hit.word_end as usize),
                    (h.hit.byte_start, h.hit.byte_end),
                    SAMPLE_WINDOW,
                ),
            });
        }
    }
}

impl Samples {
    /// The samples a run over the corpus would take, from an `analyze` output's `hits` and
    /// `quotes` tables and the corpus's text (for the context): `corpus` is read in order and each document in
    /// `kept` (the counted documents the filters keep) offers its hits.
    pub fn from_hits(
        analyzer: &Analyzer,
        corpus: &mut crate::corpus::Corpus,
        hits: &[crate::table::HitRow],
        quotes: &[crate::table::QuoteSpan],
        kept: &rustc_hash::FxHashSet<String>,
    ) -> Samples {
        let mut spans_of: rustc_hash::FxHashMap<&str, Vec<Span>> = Default::default();
        for q in quotes {
            spans_of.entry(q.doc_id.as_str()).or_default().push((
                q.byte_start,
                q.byte_end,
                q.speaker.as_deref(),
            ));
        }
        let mut samples = Samples::new(analyzer.slots());
        let mut by_doc: rustc_hash::FxHashMap<&str, Vec<&crate::table::HitRow>> =
            Default::default();
        for h in hits {
            by_doc.entry(h.doc_id.as_str()).or_default().push(h);
        }
        // lexicon, category and term indices by name
        let mut index: rustc_hash::FxHashMap<(&str, &str, &str), (u32, u32, u32)> =
            Default::default();
        for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
            for (c, category) in lexicon.categories.iter().enumerate() {
                for (t, term) in category.terms.iter().enumerate() {
                    index
                        .entry((&lexicon.name, &category.name, &term.text))
                        .or_insert((l as u32, c as u32, t as u32));
                }
            }
        }
        let mut by_term: rustc_hash::FxHashMap<(&str, &str), (u32, u32, u32)> = Default::default();
        for (&(lexicon, _, term), &v) in &index {
            let e = by_term.entry((lexicon, term)).or_insert(v);
            // the first category of the lexicon that has the term, whatever the map's order
            if v < *e {
                *e = v;
            }
        }
        for doc in corpus.by_ref().flatten() {
            if !kept.contains(&doc.id) {
                continue;
            }
            let Some(rows) = by_doc.get(doc.id.as_str()) else {
                continue;
            };
            let hits = rows
                .iter()
                .filter_map(|r| {
                    let voice = Voice::ALL.into_iter().find(|v| v.as_str() == r.voice)?;
                    // a hit flipped by a negation rule is counted in another category than
                    // its term's: its term is found by name in its lexicon
                    let (l, c, t, counted) = match index.get(&(&*r.lexicon, &*r.category, &*r.term))
                    {
                        Some(&(l, c, t)) => (l, c, t, c),
                        None => {
                            let &(l, c, t) = by_term.get(&(&*r.lexicon, &*r.term))?;
                            let lexicon = &analyzer.lexicons()[l as usize];
                            let counted = lexicon
                                .categories
                                .iter()
                                .position(|k| k.name == r.category)?;
                            (l, c, t, counted as u32)
                        }
                    };
                    Some(crate::analysis::HitRecord {
                        lexicon: l,
                        hit: crate::matcher::Hit {
                            category: counted,
                            term: t,
                            word_start: r.token_start as u32,
                            word_end: r.token_end as u32,
                            byte_start: r.byte_start,
                            byte_end: r.byte_end,
                            sentence: 0,
                        },
                        voice,
                        negated: counted != c,
                        term_category: c,
                        score: None,
                    })
                })
                .collect();
            let hits: Vec<crate::analysis::HitRecord> = hits;
            let spans = spans_of.get(doc.id.as_str()).map_or(&[][..], |v| v);
            samples.offer_hits(analyzer, &doc, &hits, spans);
        }
        samples
    }
}
