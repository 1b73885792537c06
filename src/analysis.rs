//! Measuring one document: text in, [`Measurement`] out.
//!
//! An [`Analyzer`] holds the lexicons of a run, each compiled once into a [`Matcher`], with
//! the cleaner and the prepass's copies. [`Analyzer::measure`] cleans, tokenizes, labels voices
//! and scans one document with every matcher; it touches nothing shared, so documents are
//! measured in parallel ([`crate::pipeline`]).

use crate::clean::{Cleaner, Cleaning};
use crate::corpus::Document;
use crate::lexicon::{Lexicon, NegationAction};
use crate::matcher::{Hit, Matcher};
use crate::stats::DocStats;
use crate::syndication::{Copy, Prepass};
use crate::token::{count_kept, tokenize};
use crate::voice::{self, Quotation, Voice};

/// One hit with the lexicon it belongs to and its voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRecord {
    /// Index of the lexicon in the run.
    pub lexicon: u32,
    /// The hit; its `category` is where it is counted (for a flipped hit, the other member of
    /// its tone contrast).
    pub hit: Hit,
    /// Who speaks in the matched words (the voice of its first word).
    pub voice: Voice,
    /// Whether a negator before it flipped it (see [`crate::lexicon::Negation`]).
    pub negated: bool,
    /// The category whose term matched: `hit.category` unless the hit was flipped.
    pub term_category: u32,
    /// Its score in millionths (the term's, its sign changed if flipped), in a weighted
    /// dictionary.
    pub score: Option<i64>,
}

impl HitRecord {
    /// The lexicon term that matched.
    pub fn term<'l>(&self, lexicon: &'l Lexicon) -> &'l crate::lexicon::Term {
        &lexicon.categories[self.term_category as usize].terms[self.hit.term as usize]
    }

    /// The matched text exactly as it stands in `body`, the text of the document measured.
    pub fn surface<'b>(&self, body: &'b str) -> &'b str {
        body.get(self.hit.byte_start..self.hit.byte_end)
            .unwrap_or_default()
    }
}

/// What one document gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measurement {
    pub stats: DocStats,
    /// Empty unless hits were asked for.
    pub hits: Vec<HitRecord>,
    /// Top-level quotations of the selected kinds; empty unless hits were asked for.
    pub quotations: Vec<Quotation>,
    /// The boilerplate excluded, and the wire agency credited.
    pub cleaning: Cleaning,
    /// The document's cluster of syndicated copies.
    pub copy: Copy,
    /// Whether the document is counted (false for a copy dropped by `--dedupe`).
    pub counted: bool,
    /// The document's date, as the pipeline read it ([`crate::dates`]).
    pub date: crate::dates::Dated,
}

/// Which syndicated copies are counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dedupe {
    /// Every copy.
    #[default]
    None,
    /// The first copy of each cluster in each outlet.
    Outlet,
    /// The first copy of each cluster only.
    All,
}

/// The lexicons of a run, compiled.
#[derive(Debug)]
pub struct Analyzer {
    lexicons: Vec<Lexicon>,
    matchers: Vec<Matcher>,
    /// First category slot of each lexicon.
    offsets: Vec<usize>,
    slots: usize,
    /// Which voices are counted, by [`Voice::index`].
    selected: [bool; Voice::COUNT],
    /// First term slot of each lexicon category.
    term_offsets: Vec<Vec<usize>>,
    term_slots: usize,
    /// Each term slot's score in millionths, when a lexicon of the run has scores; else empty.
    term_scores: Vec<Option<i64>>,
    /// Per category slot: whether any of its terms has a score.
    scored_slots: Vec<bool>,
    /// Whether to count every word type (for word keyness).
    count_words: bool,
    /// The lexicon that groups quotation speakers, if one of the run does.
    speaker_lexicon: Option<usize>,
    cleaner: Cleaner,
    prepass: Prepass,
    dedupe: Dedupe,
}

impl Analyzer {
    pub fn new(lexicons: Vec<Lexicon>) -> Analyzer {
        let matchers = Matcher::compile_all(&lexicons);
        let mut offsets = Vec::with_capacity(lexicons.len());
        let mut slots = 0;
        for l in &lexicons {
            offsets.push(slots);
            slots += l.categories.len();
        }
        let mut term_offsets = Vec::with_capacity(lexicons.len());
        let mut term_slots = 0;
        for l in &lexicons {
            let mut per_category = Vec::with_capacity(l.categories.len());
            for c in &l.categories {
                per_category.push(term_slots);
                term_slots += c.terms.len();
            }
            term_offsets.push(per_category);
        }
        let speaker_lexicon = lexicons.iter().position(|l| l.groups_speakers);
        let scored_slots: Vec<bool> = lexicons
            .iter()
            .flat_map(|l| &l.categories)
            .map(|c| c.terms.iter().any(|t| t.score.is_some()))
            .collect();
        let term_scores = if scored_slots.contains(&true) {
            lexicons
                .iter()
                .flat_map(|l| &l.categories)
                .flat_map(|c| &c.terms)
                .map(|t| t.score.map(crate::lexicon::Score::micros))
                .collect()
        } else {
            Vec::new()
        };
        Analyzer {
            scored_slots,
            lexicons,
            matchers,
            offsets,
            slots,
            selected: [true; Voice::COUNT],
            term_offsets,
            term_slots,
            term_scores,
            count_words: false,
            speaker_lexicon,
            cleaner: Cleaner::default(),
            prepass: Prepass::default(),
            dedupe: Dedupe::None,
        }
    }

    /// Excludes boilerplate as `cleaner` finds it (default: nothing is excluded).
    pub fn with_cleaner(mut self, cleaner: Cleaner) -> Analyzer {
        self.cleaner = cleaner;
        self
    }

    /// Knows the syndicated copies and repeated lines of the corpus (from
    /// [`crate::syndication::prepass`]), and which copies to count.
    pub fn with_prepass(mut self, mut prepass: Prepass, dedupe: Dedupe) -> Analyzer {
        self.cleaner.repeated = std::mem::take(&mut prepass.repeated);
        self.prepass = prepass;
        self.dedupe = dedupe;
        self
    }

    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
    }

    pub fn prepass(&self) -> &Prepass {
        &self.prepass
    }

    pub fn dedupe(&self) -> Dedupe {
        self.dedupe
    }

    /// The group of a quotation's speaker: the first category of the speaker-grouping lexicon
    /// whose terms match the name (`Igor Konashenkov` is `russia` in actors.toml).
    pub fn speaker_group(&self, speaker: &str) -> Option<String> {
        let l = self.speaker_lexicon?;
        let words: Vec<_> = tokenize(speaker)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        let hit = self.matchers[l].scan(&words).into_iter().next()?;
        Some(
            self.lexicons[l].categories[hit.category as usize]
                .name
                .clone(),
        )
    }

    /// Also counts every word type of every document (needed for word keyness and for the
    /// uniform prior's vocabulary size). Costs memory in proportion to the vocabulary.
    pub fn with_word_counts(mut self, yes: bool) -> Analyzer {
        self.count_words = yes;
        self
    }

    pub fn counts_words(&self) -> bool {
        self.count_words
    }

    /// Whether a lexicon of the run has term scores (the tables then have `score` columns).
    pub fn scored(&self) -> bool {
        !self.term_scores.is_empty()
    }

    /// Whether the category in `slot` has scored terms (its `score` columns are not null).
    pub fn scored_slot(&self, slot: usize) -> bool {
        self.scored_slots.get(slot).copied().unwrap_or(false)
    }

    /// The sum of per-voice numbers over the voices counted.
    pub fn selected_sum(&self, by_voice: &[i64; Voice::COUNT]) -> i64 {
        Voice::ALL
            .iter()
            .filter(|v| self.selected[v.index()])
            .map(|v| by_voice[v.index()])
            .sum()
    }

    /// Whether a lexicon of the run has a negation rule (the hits table then has `negated`).
    pub fn negates(&self) -> bool {
        self.lexicons.iter().any(|l| l.negation.is_some())
    }

    /// Number of term slots over all lexicons.
    pub fn term_slots(&self) -> usize {
        self.term_slots
    }

    /// The slot of a lexicon category's term in [`DocStats::terms`].
    pub fn term_slot(&self, lexicon: usize, category: usize, term: usize) -> usize {
        self.term_offsets[lexicon][category] + term
    }

    /// Contrasts as lists of category slots, in lexicon order.
    pub fn contrast_slots(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for (l, lexicon) in self.lexicons.iter().enumerate() {
            for contrast in &lexicon.contrasts {
                out.push(
                    contrast
                        .categories
                        .iter()
                        .map(|&c| self.slot(l, c))
                        .collect(),
                );
            }
        }
        out
    }

    /// Counts only hits and tokens in these voices (default: all). Tables then describe the
    /// selected voices only: `--voice narrator` gives the outlet's own framing.
    pub fn with_voices(mut self, voices: &[Voice]) -> Analyzer {
        self.selected = [false; Voice::COUNT];
        for v in voices {
            self.selected[v.index()] = true;
        }
        self
    }

    /// The voices counted.
    pub fn voices(&self) -> Vec<Voice> {
        Voice::ALL
            .into_iter()
            .filter(|v| self.selected[v.index()])
            .collect()
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

    /// Tokenizes, labels voices and scans one document. With `with_hits`, every hit and
    /// quotation is returned too.
    pub fn measure(&self, doc: &Document, with_hits: bool) -> Measurement {
        let body = doc.body.as_str();
        let tokens = tokenize(body);
        let voices = voice::label(body, &tokens);
        let cleaning = self.cleaner.clean(&doc.outlet, body, &tokens, &voices.of);
        let keep = cleaning.keep_mask(&tokens);
        let counts = count_kept(&tokens, &keep);
        let mut tokens_by_voice = [0u64; Voice::COUNT];
        let mut words = Vec::with_capacity(tokens.len());
        let mut word_voices = Vec::with_capacity(tokens.len());
        // For each kept word, its index among all the article's words: hits report positions
        // in the whole article, boilerplate included, like their byte offsets.
        let mut word_index: Vec<u32> = Vec::new();
        let mut all_words: u32 = 0;
        for ((t, v), k) in tokens.into_iter().zip(&voices.of).zip(keep) {
            if t.kind.is_word() && !cleaning.excluded.is_empty() {
                if k {
                    word_index.push(all_words);
                }
                all_words += 1;
            }
            if t.kind.is_word() && k {
                tokens_by_voice[v.index()] += 1;
                words.push(t);
                word_voices.push(*v);
            }
        }
        let selected_tokens = Voice::ALL
            .iter()
            .filter(|v| self.selected[v.index()])
            .map(|v| tokens_by_voice[v.index()])
            .sum();
        let mut quotations: Vec<Quotation> = voices
            .quotations
            .into_iter()
            .filter(|q| self.selected[q.kind.index()] && !cleaning.excludes(q.start))
            .collect();
        for q in &mut quotations {
            if let Some(speaker) = &q.speaker {
                q.speaker_group = self.speaker_group(speaker);
            }
        }
        let mut stats = DocStats {
            tokens: selected_tokens,
            tokens_by_voice,
            sentences: counts.sentences,
            paragraphs: counts.paragraphs,
            bytes: body.len() as u64,
            boilerplate_bytes: cleaning.bytes(),
            counts: vec![0; self.slots],
            counts_by_voice: vec![[0; Voice::COUNT]; self.slots],
            quotes: quotations
                .iter()
                .filter(|q| q.kind == Voice::Quote)
                .map(|q| (q.speaker.clone(), q.speaker_group.clone(), q.words as u64))
                .collect(),
            sources: quotations.iter().filter(|q| q.kind == Voice::Quote).fold(
                [0; 4],
                |mut n, q| {
                    n[crate::stats::source_slot(q.speaker_kind)] += 1;
                    n
                },
            ),
            terms: vec![0; self.term_slots],
            scores_by_voice: if self.scored() {
                vec![[0; Voice::COUNT]; self.slots]
            } else {
                Vec::new()
            },
            words: Vec::new(),
        };
        if self.count_words {
            let mut types: rustc_hash::FxHashMap<&str, u64> = rustc_hash::FxHashMap::default();
            for (w, v) in words.iter().zip(&word_voices) {
                if w.kind == crate::token::TokenKind::Word && self.selected[v.index()] {
                    *types.entry(&w.norm).or_default() += 1;
                }
            }
            let mut list: Vec<(String, u64)> =
                types.into_iter().map(|(w, n)| (w.to_string(), n)).collect();
            list.sort_unstable();
            stats.words = list;
        }
        let mut hits = Vec::new();
        let ids = self
            .matchers
            .first()
            .map(|m| m.ids(&words))
            .unwrap_or_default();
        let openings = Matcher::openings(&ids);
        for (l, matcher) in self.matchers.iter().enumerate() {
            let negation = self.lexicons[l].negation.as_ref();
            for mut hit in matcher.scan_at(&words, &ids, &openings) {
                let voice = word_voices[hit.word_start as usize];
                if !self.selected[voice.index()] {
                    continue;
                }
                let term_category = hit.category;
                let term_slot = self.term_offsets[l][term_category as usize] + hit.term as usize;
                let mut negated = false;
                if let Some(n) = negation {
                    let c = term_category as usize;
                    if n.applies[c] && n.negates(&words, hit.word_start as usize) {
                        match n.action {
                            NegationAction::Exclude => continue,
                            NegationAction::Flip => {
                                negated = true;
                                hit.category = n.partner[c] as u32;
                            }
                        }
                    }
                }
                if !word_index.is_empty() {
                    hit.word_end = word_index[hit.word_end as usize - 1] + 1;
                    hit.word_start = word_index[hit.word_start as usize];
                }
                let slot = self.offsets[l] + hit.category as usize;
                stats.counts[slot] += 1;
                // a term counts the hits counted in its own category
                if !negated {
                    stats.terms[term_slot] += 1;
                }
                stats.counts_by_voice[slot][voice.index()] += 1;
                let score = self.term_scores.get(term_slot).copied().flatten().map(|s| {
                    if negated {
                        -s
                    } else {
                        s
                    }
                });
                if let Some(s) = score {
                    stats.scores_by_voice[slot][voice.index()] += s;
                }
                if with_hits {
                    hits.push(HitRecord {
                        lexicon: l as u32,
                        hit,
                        voice,
                        negated,
                        term_category,
                        score,
                    });
                }
            }
        }
        let quotations = if with_hits { quotations } else { Vec::new() };
        let copy = self.prepass.copy_of(&doc.id);
        let counted = match self.dedupe {
            Dedupe::None => true,
            Dedupe::Outlet => copy.first_in_outlet,
            Dedupe::All => copy.duplicate_of.is_none(),
        };
        Measurement {
            stats,
            hits,
            quotations,
            cleaning,
            copy,
            counted,
            date: crate::dates::Dated::Missing,
        }
    }
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
        let doc = doc("Takfiri terrorists. The ‘opposition’ and terrorists.");
        let m = analyzer.measure(&doc, true);
        assert_eq!(m.stats.counts, [2, 1]);
        assert_eq!(m.stats.counts_by_voice, [[2, 0, 0, 0], [0, 0, 0, 1]]);
        assert_eq!(m.stats.tokens, 6);
        assert_eq!(m.stats.tokens_by_voice, [5, 0, 0, 1]);
        assert_eq!(m.stats.sentences, 2);
        let surfaces: Vec<&str> = m.hits.iter().map(|h| h.surface(&doc.body)).collect();
        assert_eq!(surfaces, ["terrorists", "opposition", "terrorists"]);
        assert_eq!(m.hits[2].hit.sentence, 1);
        assert_eq!(m.hits[1].voice, Voice::Scare);
        assert_eq!(m.quotations.len(), 1);

        let narrator = Analyzer::new(analyzer.lexicons().to_vec()).with_voices(&[Voice::Narrator]);
        let m = narrator.measure(&doc, true);
        assert_eq!((m.stats.counts.clone(), m.stats.tokens), (vec![2, 0], 5));
        assert!(m.quotations.is_empty());
    }

    fn doc(body: &str) -> Document {
        Document {
            id: "1".into(),
            outlet: "X".into(),
            date: None,
            title: None,
            url: None,
            body: body.into(),
            source: "x".into(),
            metadata: Vec::new(),
        }
    }

    /// Scores and negation counted by hand: `good` +2, `fine` +1, `bad*` −3; negators `not`,
    /// `*n't` within 2 words before a hit, in its sentence.
    #[test]
    fn negation_flips_or_excludes_and_scores_add_up() {
        let toml = |action: &str| {
            format!(
                "[categories.positive]\nterms = [\"good\", \"fine\"]\n[categories.positive.scores]\ngood = 2\nfine = 1\n\
                 [categories.negative]\nterms = [\"bad*\"]\n[categories.negative.scores]\n\"bad*\" = -3\n\
                 [contrasts.tone]\ncategories = [\"positive\", \"negative\"]\nkind = \"tone\"\n\
                 [negation]\nwords = [\"not\", \"*n't\"]\nwindow = 2\naction = \"{action}\"\n"
            )
        };
        // hits: good (negated: `not` 2 before), fine, bad (negated: `don't` 1 before),
        // good (not negated: `not` is 3 before), badly (not negated: `not` ends the sentence before)
        let body =
            "It is not very good and fine. They don't behave badly. Not a b good. Not. Badly.";
        let flip = Analyzer::new(vec![
            parse(&toml("flip"), "t.toml", "t", Format::Toml).unwrap()
        ]);
        let m = flip.measure(&doc(body), true);
        // positive: fine, good (last), and the flipped `badly`; negative: the flipped `good`, badly
        assert_eq!(m.stats.counts, [3, 2]);
        let negated: Vec<(&str, bool, Option<i64>)> = m
            .hits
            .iter()
            .map(|h| (h.surface(body), h.negated, h.score))
            .collect();
        assert_eq!(
            negated,
            [
                ("good", true, Some(-2_000_000)),
                ("fine", false, Some(1_000_000)),
                ("badly", true, Some(3_000_000)),
                ("good", false, Some(2_000_000)),
                ("Badly", false, Some(-3_000_000)),
            ]
        );
        assert_eq!(m.hits[0].hit.category, 1);
        assert_eq!(m.hits[0].term(&flip.lexicons()[0]).text, "good");
        // scores by category: positive 1 + 3 + 2, negative −2 − 3
        let narrator = Voice::Narrator.index();
        assert_eq!(m.stats.scores_by_voice[0][narrator], 6_000_000);
        assert_eq!(m.stats.scores_by_voice[1][narrator], -5_000_000);
        // a flipped hit is not a hit of its term
        assert_eq!(m.stats.terms, [1, 1, 1]);

        let exclude = Analyzer::new(vec![
            parse(&toml("exclude"), "t.toml", "t", Format::Toml).unwrap()
        ]);
        let m = exclude.measure(&doc(body), true);
        assert_eq!(m.stats.counts, [2, 1]);
        assert_eq!(m.stats.scores_by_voice[0][narrator], 3_000_000);
        assert_eq!(m.stats.scores_by_voice[1][narrator], -3_000_000);
        assert!(m.hits.iter().all(|h| !h.negated));
    }
}
