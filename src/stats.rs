//! Statistics over counts: per-document [`DocStats`] that add up, per-outlet [`Totals`], rates
//! and shares.
//!
//! Everything here is a sum over documents, so shards and threads merge by addition (`+=`), in
//! any order, to the same result.

use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Per-voice numbers, indexed by [`crate::voice::Voice::index`]: narrator, quote, scare.
pub type ByVoice = [u64; 3];

/// What one document contributes. Counts are indexed by category slot (see
/// [`crate::analysis::Analyzer::slot`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Words and numbers in the selected voices: the denominator of rates.
    pub tokens: u64,
    /// Words and numbers per voice (all voices, whatever the selection).
    pub tokens_by_voice: ByVoice,
    pub sentences: u64,
    pub paragraphs: u64,
    pub bytes: u64,
    /// Bytes of page boilerplate excluded from the counts (see [`crate::clean`]).
    pub boilerplate_bytes: u64,
    /// Hits in the selected voices per category slot.
    pub counts: Vec<u64>,
    /// The same hits per category slot and voice.
    pub counts_by_voice: Vec<ByVoice>,
    /// Quotations (of the selected kinds): (speaker, words); speaker `None` when unattributed.
    pub quotes: Vec<(Option<String>, Option<String>, u64)>,
    /// Hits per term slot (see [`crate::analysis::Analyzer::term_slot`]), selected voices.
    pub terms: Vec<u64>,
    /// Word types and their counts (selected voices), when word features were asked for.
    pub words: Vec<(String, u64)>,
}

/// Quotations of one speaker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerTotals {
    pub quotes: u64,
    /// Words inside those quotations.
    pub words: u64,
    /// The speaker's group (see [`crate::lexicon::Lexicon::groups_speakers`]), if any.
    pub group: Option<String>,
}

/// Sums over the documents of one outlet (or of any group of documents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutletTotals {
    pub docs: u64,
    pub tokens: u64,
    pub tokens_by_voice: ByVoice,
    /// Hits per category slot.
    pub counts: Vec<u64>,
    pub counts_by_voice: Vec<ByVoice>,
    /// Documents with at least one hit, per category slot.
    pub docs_with: Vec<u64>,
    /// Quotations per speaker; `None` for unattributed ones.
    pub speakers: BTreeMap<Option<String>, SpeakerTotals>,
    /// Hits per term slot.
    pub terms: Vec<u64>,
    /// Word type counts, when word features were asked for.
    pub words: rustc_hash::FxHashMap<String, u64>,
    /// Each article's tokens and nonzero counts, for bootstrap intervals.
    pub samples: Samples,
}

fn add_voices(a: &mut ByVoice, b: &ByVoice) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

impl AddAssign<&DocStats> for OutletTotals {
    fn add_assign(&mut self, doc: &DocStats) {
        if self.counts.len() < doc.counts.len() {
            self.counts.resize(doc.counts.len(), 0);
            self.counts_by_voice.resize(doc.counts.len(), [0; 3]);
            self.docs_with.resize(doc.counts.len(), 0);
        }
        self.docs += 1;
        self.tokens += doc.tokens;
        add_voices(&mut self.tokens_by_voice, &doc.tokens_by_voice);
        for (slot, &c) in doc.counts.iter().enumerate() {
            self.counts[slot] += c;
            self.docs_with[slot] += u64::from(c > 0);
            add_voices(&mut self.counts_by_voice[slot], &doc.counts_by_voice[slot]);
        }
        for (speaker, group, words) in &doc.quotes {
            let t = self.speakers.entry(speaker.clone()).or_default();
            t.quotes += 1;
            t.words += words;
            if t.group.is_none() {
                t.group.clone_from(group);
            }
        }
        add_all(&mut self.terms, &doc.terms);
        for (w, n) in &doc.words {
            *self.words.entry(w.clone()).or_default() += n;
        }
        self.samples.push(doc);
    }
}

fn add_all(a: &mut Vec<u64>, b: &[u64]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

impl AddAssign<&OutletTotals> for OutletTotals {
    fn add_assign(&mut self, other: &OutletTotals) {
        let n = self.counts.len().max(other.counts.len());
        self.counts.resize(n, 0);
        self.counts_by_voice.resize(n, [0; 3]);
        self.docs_with.resize(n, 0);
        self.docs += other.docs;
        self.tokens += other.tokens;
        add_voices(&mut self.tokens_by_voice, &other.tokens_by_voice);
        for slot in 0..other.counts.len() {
            self.counts[slot] += other.counts[slot];
            self.docs_with[slot] += other.docs_with[slot];
            add_voices(
                &mut self.counts_by_voice[slot],
                &other.counts_by_voice[slot],
            );
        }
        for (speaker, t) in &other.speakers {
            let mine = self.speakers.entry(speaker.clone()).or_default();
            mine.quotes += t.quotes;
            mine.words += t.words;
            if mine.group.is_none() {
                mine.group.clone_from(&t.group);
            }
        }
        add_all(&mut self.terms, &other.terms);
        for (w, n) in &other.words {
            *self.words.entry(w.clone()).or_default() += n;
        }
        self.samples.extend(&other.samples);
    }
}

/// Per-outlet sums, ordered by outlet name (byte order), so tables come out in a fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub outlets: BTreeMap<String, OutletTotals>,
}

impl Totals {
    pub fn add(&mut self, outlet: &str, doc: &DocStats) {
        match self.outlets.get_mut(outlet) {
            Some(t) => *t += doc,
            None => {
                let mut t = OutletTotals::default();
                t += doc;
                self.outlets.insert(outlet.to_string(), t);
            }
        }
    }

    pub fn docs(&self) -> u64 {
        self.outlets.values().map(|t| t.docs).sum()
    }

    pub fn tokens(&self) -> u64 {
        self.outlets.values().map(|t| t.tokens).sum()
    }

    /// Frees every outlet's [`Samples`] (the only part of the totals that grows with the
    /// number of articles): once the intervals are computed, nothing else needs them.
    pub fn drop_samples(&mut self) {
        for t in self.outlets.values_mut() {
            t.samples = Samples::default();
        }
    }

    /// The sums over all outlets.
    pub fn corpus(&self) -> OutletTotals {
        let mut all = OutletTotals::default();
        for t in self.outlets.values() {
            all += t;
        }
        all.samples.clear(); // not needed for corpus-wide figures
        all
    }
}

/// Outlets with fewer articles than this are flagged `small_n`: their intervals are unreliable.
pub const SMALL_N: u64 = 5;

/// A 95 % interval.
pub type Interval = Option<(f64, f64)>;

/// Bootstrap intervals of one outlet's rates and contrast shares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletIntervals {
    /// Per category slot: the interval of `per_10k`.
    pub rate: Vec<Interval>,
    /// Per category slot: the interval of `narrator_per_10k`.
    pub narrator_rate: Vec<Interval>,
    /// Per contrast (as given), per member category: the interval of `share`.
    pub share: Vec<Vec<Interval>>,
}

/// Settings of the bootstrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// Number of replicates B.
    pub replicates: usize,
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            replicates: 1000,
            seed: 1,
        }
    }
}

/// FNV-1a: a stable hash of an outlet name, so each outlet has its own random stream whatever
/// the order or number of threads.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Replicates per random stream of [`bootstrap`].
const CHUNK: usize = 50;

/// An outlet's articles as the bootstrap draws them: each article's tokens and its nonzero
/// counts, in two flat arrays for the whole outlet. Kept to the end of a run, so not one
/// allocation per article: small allocations that outlive the documents around them keep
/// freed memory resident (see [`crate::strings`]). A draw reads one [`Drawn`] and its run of
/// counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Samples {
    articles: Vec<Drawn>,
    /// (category slot, count, narrator count), for the slots with a hit.
    counts: Vec<(u32, u32, u32)>,
}

/// One article: its tokens, narrator tokens, and where its counts are in [`Samples::counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Drawn {
    tokens: u64,
    narrator: u64,
    start: u32,
    end: u32,
}

/// The statistics of some replicates, per slot (or per contrast and member), in draw order.
struct Replicates {
    rates: Vec<Vec<f64>>,
    narrator_rates: Vec<Vec<f64>>,
    shares: Vec<Vec<Vec<f64>>>,
}

impl Samples {
    /// Adds an article. (An outlet's counts stay far below 2³² entries: that is 48 GB.)
    pub fn push(&mut self, doc: &DocStats) {
        let narrator = 0; // Voice::Narrator.index()
        let start = self.counts.len() as u32;
        for (slot, &c) in doc.counts.iter().enumerate() {
            if c > 0 {
                let nc = doc.counts_by_voice[slot][narrator];
                self.counts.push((slot as u32, c as u32, nc as u32));
            }
        }
        self.articles.push(Drawn {
            tokens: doc.tokens,
            narrator: doc.tokens_by_voice[narrator],
            start,
            end: self.counts.len() as u32,
        });
    }

    /// Adds the articles of `other`, after these.
    pub fn extend(&mut self, other: &Samples) {
        let offset = self.counts.len() as u32;
        self.counts.extend_from_slice(&other.counts);
        self.articles.extend(other.articles.iter().map(|a| Drawn {
            start: a.start + offset,
            end: a.end + offset,
            ..*a
        }));
    }

    /// Articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn clear(&mut self) {
        self.articles.clear();
        self.counts.clear();
    }

    fn counts_of(&self, a: &Drawn) -> &[(u32, u32, u32)] {
        &self.counts[a.start as usize..a.end as usize]
    }

    /// The same articles in a canonical order (by tokens, narrator tokens, then counts), so
    /// that intervals do not depend on the order in which articles or shards were added.
    fn canonical(&self) -> Samples {
        let mut order: Vec<&Drawn> = self.articles.iter().collect();
        order.sort_unstable_by(|a, b| {
            (a.tokens, a.narrator, self.counts_of(a)).cmp(&(
                b.tokens,
                b.narrator,
                self.counts_of(b),
            ))
        });
        let mut out = Samples {
            articles: Vec::with_capacity(order.len()),
            counts: Vec::with_capacity(self.counts.len()),
        };
        for a in order {
            let start = out.counts.len() as u32;
            out.counts.extend_from_slice(self.counts_of(a));
            out.articles.push(Drawn {
                start,
                end: out.counts.len() as u32,
                ..*a
            });
        }
        out
    }

    /// `size` replicates from the random stream `stream`.
    fn replicates(
        &self,
        size: usize,
        stream: u64,
        slots: usize,
        contrasts: &[Vec<usize>],
    ) -> Replicates {
        use rand::{RngExt, SeedableRng};
        let sized = |k: usize| vectors(k, size);
        let mut out = Replicates {
            rates: sized(slots),
            narrator_rates: sized(slots),
            shares: contrasts.iter().map(|c| sized(c.len())).collect(),
        };
        let n = self.articles.len();
        if n == 0 {
            return out;
        }
        let mut rng = rand_pcg::Pcg64::seed_from_u64(stream);
        let mut count = vec![0u64; slots];
        let mut narrator = vec![0u64; slots];
        // How many times each article is drawn: the sums are then taken once per drawn
        // article, in order, rather than once per draw at random places (about a third of
        // the articles of a replicate are drawn twice or more). Integer sums: the same totals.
        let mut times = vec![0u32; n];
        for _ in 0..size {
            count.iter_mut().for_each(|c| *c = 0);
            narrator.iter_mut().for_each(|c| *c = 0);
            times.iter_mut().for_each(|t| *t = 0);
            for _ in 0..n {
                times[rng.random_range(0..n)] += 1;
            }
            let (mut tokens, mut narrator_tokens) = (0u64, 0u64);
            for (a, &k) in self.articles.iter().zip(&times) {
                if k == 0 {
                    continue;
                }
                let k = u64::from(k);
                tokens += a.tokens * k;
                narrator_tokens += a.narrator * k;
                for &(slot, c, nc) in &self.counts[a.start as usize..a.end as usize] {
                    count[slot as usize] += u64::from(c) * k;
                    narrator[slot as usize] += u64::from(nc) * k;
                }
            }
            for slot in 0..slots {
                if let Some(r) = per_10k(count[slot], tokens) {
                    out.rates[slot].push(r);
                }
                if let Some(r) = per_10k(narrator[slot], narrator_tokens) {
                    out.narrator_rates[slot].push(r);
                }
            }
            for (contrast, values) in contrasts.iter().zip(&mut out.shares) {
                let total: u64 = contrast.iter().map(|&s| count[s]).sum();
                for (&s, v) in contrast.iter().zip(values.iter_mut()) {
                    if let Some(x) = share(count[s], total) {
                        v.push(x);
                    }
                }
            }
        }
        out
    }
}

/// `k` empty vectors with room for `capacity` values each. (Not `vec![Vec::with_capacity(c); k]`:
/// a clone of a vector keeps none of its spare capacity.)
fn vectors(k: usize, capacity: usize) -> Vec<Vec<f64>> {
    (0..k).map(|_| Vec::with_capacity(capacity)).collect()
}

/// Percentile bootstrap intervals over articles (Efron & Tibshirani 1993, ch. 13).
///
/// Each of B replicates draws the outlet's n articles with replacement and recomputes the pooled
/// statistics: `per_10k = Σ count × 10,000 / Σ tokens`, the narrator rate over narrator tokens,
/// and each contrast share `Σ count_c / Σ contrast total`. The interval is the 2.5 % and 97.5 %
/// quantiles (type 7) of the replicates. Resampling articles, not tokens, respects that hits
/// within one article are not independent (an article about an attack uses "terrorists" many
/// times). A replicate where a ratio is undefined (no tokens, no contrast hits) is left out of
/// that ratio's interval.
///
/// Caveats: with fewer than 5 articles the interval is computed but unreliable (the report marks
/// such rows); with one article it is a point. If the point estimate falls outside the
/// percentile interval, which can happen with very skewed data, the interval is widened to
/// include it. The random streams are PCG-64s seeded by `seed`, the outlet's name and the
/// number of each chunk of 50 replicates, and the articles are put in a canonical order
/// first: the same seed gives the same intervals on any machine, any number of threads, and
/// any order of articles or shards.
pub fn bootstrap(
    outlet: &str,
    totals: &OutletTotals,
    slots: usize,
    contrasts: &[Vec<usize>],
    settings: Bootstrap,
) -> OutletIntervals {
    use rayon::prelude::*;
    // A canonical order, so that the intervals do not depend on the order in which articles
    // (or shards) were added.
    let flat = totals.samples.canonical();
    // Replicates are drawn in fixed chunks, each with its own random stream, so that one
    // large outlet is spread over all threads and the result still does not depend on them.
    let chunks = settings.replicates.div_ceil(CHUNK);
    let base = settings.seed ^ stable_hash(outlet);
    let drawn: Vec<Replicates> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let size = CHUNK.min(settings.replicates - c * CHUNK);
            let stream = base.wrapping_add((c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            flat.replicates(size, stream, slots, contrasts)
        })
        .collect();
    let sized = |k: usize| vectors(k, settings.replicates);
    let mut rates = sized(slots);
    let mut narrator_rates = sized(slots);
    let mut shares: Vec<Vec<Vec<f64>>> = contrasts.iter().map(|c| sized(c.len())).collect();
    for chunk in drawn {
        for (all, part) in rates.iter_mut().zip(chunk.rates) {
            all.extend(part);
        }
        for (all, part) in narrator_rates.iter_mut().zip(chunk.narrator_rates) {
            all.extend(part);
        }
        for (all, part) in shares.iter_mut().zip(chunk.shares) {
            for (a, p) in all.iter_mut().zip(part) {
                a.extend(p);
            }
        }
    }
    let interval = |values: &mut Vec<f64>, point: Option<f64>| -> Interval {
        // Most categories of most outlets have no hits: every replicate is then the same
        // number, and so are both quantiles.
        let first = *values.first()?;
        let (lo, hi) = if values.iter().all(|v| v.to_bits() == first.to_bits()) {
            (first, first)
        } else {
            (
                quantile_unsorted(values, 0.025)?,
                quantile_unsorted(values, 0.975)?,
            )
        };
        Some(match point {
            Some(p) => (lo.min(p), hi.max(p)),
            None => (lo, hi),
        })
    };
    let count = |slot: usize| totals.counts.get(slot).copied().unwrap_or(0);
    let narrator = |slot: usize| totals.counts_by_voice.get(slot).map_or(0, |v| v[0]);
    OutletIntervals {
        rate: (0..slots)
            .map(|s| interval(&mut rates[s], per_10k(count(s), totals.tokens)))
            .collect(),
        narrator_rate: (0..slots)
            .map(|s| {
                interval(
                    &mut narrator_rates[s],
                    per_10k(narrator(s), totals.tokens_by_voice[0]),
                )
            })
            .collect(),
        share: contrasts
            .iter()
            .zip(&mut shares)
            .map(|(contrast, values)| {
                let total: u64 = contrast.iter().map(|&s| count(s)).sum();
                contrast
                    .iter()
                    .zip(values.iter_mut())
                    .map(|(&s, v)| interval(v, share(count(s), total)))
                    .collect()
            })
            .collect(),
    }
}

/// Occurrences per 10,000 tokens: `count × 10,000 / tokens`; `None` when there are no tokens.
///
/// This pools an outlet's articles (total hits over total tokens), so a long article weighs
/// more than a short one, as in quanteda's `dfm_weight(scheme = "prop")` on a grouped dfm.
/// With few hits the rate is noisy: 2 hits in 5,000 tokens and 6 in 5,000 differ by 8 per 10k
/// yet are hard to tell apart; look at `count` and `docs_with` before reading a rate.
pub fn per_10k(count: u64, tokens: u64) -> Option<f64> {
    (tokens > 0).then(|| count as f64 * 10_000.0 / tokens as f64)
}

/// The share of one category in a contrast: `count / Σ counts of the contrast's categories`;
/// `None` when the contrast has no hits at all. Shares of a contrast's categories sum to 1.
pub fn share(count: u64, contrast_total: u64) -> Option<f64> {
    (contrast_total > 0).then(|| count as f64 / contrast_total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_shares_by_hand() {
        assert_eq!(per_10k(3, 1500), Some(20.0));
        assert_eq!(per_10k(0, 1500), Some(0.0));
        assert_eq!(per_10k(1, 0), None);
        assert_eq!(share(5, 8), Some(0.625));
        assert_eq!(share(0, 0), None);
    }

    #[test]
    fn samples_keep_each_article_s_nonzero_counts() {
        let doc = |tokens: u64, counts: Vec<u64>, narrator: Vec<u64>| DocStats {
            tokens,
            tokens_by_voice: [tokens - 10, 10, 0],
            counts_by_voice: narrator
                .iter()
                .zip(&counts)
                .map(|(&n, &c)| [n, c - n, 0])
                .collect(),
            counts,
            ..Default::default()
        };
        let (a, b, c) = (
            doc(120, vec![2, 0, 1], vec![1, 0, 1]),
            doc(80, vec![0, 0, 0], vec![0, 0, 0]),
            doc(95, vec![0, 4, 0], vec![0, 4, 0]),
        );
        let mut all = Samples::default();
        for d in [&a, &b, &c] {
            all.push(d);
        }
        assert_eq!(all.len(), 3);
        assert_eq!(all.counts, [(0, 2, 1), (2, 1, 1), (1, 4, 4)]);
        let drawn: Vec<_> = all
            .articles
            .iter()
            .map(|d| (d.tokens, d.narrator, d.start, d.end))
            .collect();
        assert_eq!(drawn, [(120, 110, 0, 2), (80, 70, 2, 2), (95, 85, 2, 3)]);
        // two shards, appended, are the articles in one
        let (mut first, mut second) = (Samples::default(), Samples::default());
        first.push(&a);
        second.push(&b);
        second.push(&c);
        first.extend(&second);
        assert_eq!(first, all);
        // the canonical order: by tokens
        let canonical = all.canonical();
        assert_eq!(canonical.counts, [(1, 4, 4), (0, 2, 1), (2, 1, 1)]);
        assert_eq!(
            canonical.counts_of(&canonical.articles[2]),
            [(0, 2, 1), (2, 1, 1)]
        );
        all.clear();
        assert!(all.is_empty());
    }

    #[test]
    fn totals_add_up_in_any_order() {
        let a = DocStats {
            tokens: 100,
            tokens_by_voice: [80, 15, 5],
            counts: vec![2, 0],
            counts_by_voice: vec![[1, 1, 0], [0, 0, 0]],
            quotes: vec![
                (Some("Peskov".into()), Some("russia".into()), 12),
                (None, None, 3),
            ],
            ..Default::default()
        };
        let b = DocStats {
            tokens: 50,
            tokens_by_voice: [50, 0, 0],
            counts: vec![0, 1],
            counts_by_voice: vec![[0, 0, 0], [1, 0, 0]],
            quotes: vec![(Some("Peskov".into()), None, 8)],
            ..Default::default()
        };
        let mut one = Totals::default();
        one.add("X", &a);
        one.add("X", &b);
        let mut other = Totals::default();
        other.add("X", &b);
        other.add("X", &a);
        // the same sums; the same articles, in another order
        let canonical = |t: &Totals| {
            let mut t = t.clone();
            let x = &mut t.outlets.get_mut("X").unwrap().samples;
            *x = x.canonical();
            t
        };
        assert_ne!(one, other);
        assert_eq!(canonical(&one), canonical(&other));
        assert_eq!(one.outlets["X"].samples.len(), 2);
        let x = &one.outlets["X"];
        assert_eq!((x.docs, x.tokens), (2, 150));
        assert_eq!(
            (x.counts.clone(), x.docs_with.clone()),
            (vec![2, 1], vec![1, 1])
        );
        assert_eq!(x.tokens_by_voice, [130, 15, 5]);
        assert_eq!(x.counts_by_voice, vec![[1, 1, 0], [1, 0, 0]]);
        let peskov = x.speakers[&Some("Peskov".to_string())].clone();
        assert_eq!(
            peskov,
            SpeakerTotals {
                quotes: 2,
                words: 20,
                group: Some("russia".into())
            }
        );
        let mut merged = OutletTotals::default();
        merged += x;
        merged += x;
        assert_eq!(
            (merged.docs, merged.tokens, merged.counts),
            (4, 300, vec![4, 2])
        );
        assert_eq!(merged.counts_by_voice, vec![[2, 2, 0], [2, 0, 0]]);
        assert_eq!(
            merged.speakers[&None],
            SpeakerTotals {
                quotes: 2,
                words: 6,
                group: None
            }
        );
    }
}

/// A 2×2 table for keyness: a feature's count and the token total in a target and a reference.
///
/// |            | feature | other tokens |
/// |------------|---------|--------------|
/// | target     | `y_t`   | `n_t − y_t`  |
/// | reference  | `y_r`   | `n_r − y_r`  |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoByTwo {
    pub y_t: f64,
    pub n_t: f64,
    pub y_r: f64,
    pub n_r: f64,
}

impl TwoByTwo {
    pub fn new(y_t: u64, n_t: u64, y_r: u64, n_r: u64) -> TwoByTwo {
        TwoByTwo {
            y_t: y_t as f64,
            n_t: n_t as f64,
            y_r: y_r as f64,
            n_r: n_r as f64,
        }
    }

    /// Observed and expected counts of the four cells, expected under independence
    /// (`E_ij = row_i × column_j / N`).
    fn cells(&self) -> [(f64, f64); 4] {
        let n = self.n_t + self.n_r;
        let feature = self.y_t + self.y_r;
        let other = n - feature;
        let e = |row: f64, col: f64| if n > 0.0 { row * col / n } else { 0.0 };
        [
            (self.y_t, e(self.n_t, feature)),
            (self.n_t - self.y_t, e(self.n_t, other)),
            (self.y_r, e(self.n_r, feature)),
            (self.n_r - self.y_r, e(self.n_r, other)),
        ]
    }

    /// +1 when the target uses the feature more than expected (`y_t/n_t > y_r/n_r`), −1 when
    /// less, 0 when equally.
    fn sign(&self) -> f64 {
        let (t, r) = (self.y_t * self.n_r, self.y_r * self.n_t);
        if t > r {
            1.0
        } else if t < r {
            -1.0
        } else {
            0.0
        }
    }
}

/// Pearson's χ² of the 2×2 table, without continuity correction, signed.
///
/// `χ² = Σ (O − E)² / E` over the four cells, with `E = row total × column total / N`; a cell
/// with `E = 0` contributes 0. Positive when the target uses the feature more than expected.
/// This is quanteda.textstats' `textstat_keyness(measure = "chi2", correction = "none")`.
/// Small-count caveat: with an expected count under 5 in any cell, the χ² approximation of
/// the p-value is poor; prefer the log-odds z, which has a prior.
pub fn chi2(t: &TwoByTwo) -> f64 {
    let sum: f64 = t
        .cells()
        .iter()
        .map(|&(o, e)| if e > 0.0 { (o - e).powi(2) / e } else { 0.0 })
        .sum();
    t.sign() * sum
}

/// The log-likelihood ratio G² of the 2×2 table (Dunning 1993), without correction, signed.
///
/// `G² = 2 Σ O ln(O / E)` over the four cells (a cell with `O = 0` contributes 0), signed like
/// [`chi2`]. Dunning, T. (1993), "Accurate methods for the statistics of surprise and
/// coincidence", Computational Linguistics 19(1): 61–74; quanteda.textstats' `measure = "lr"`
/// with `correction = "none"`.
pub fn g2(t: &TwoByTwo) -> f64 {
    let sum: f64 = t
        .cells()
        .iter()
        .map(|&(o, e)| {
            if o > 0.0 && e > 0.0 {
                o * (o / e).ln()
            } else {
                0.0
            }
        })
        .sum();
    t.sign() * 2.0 * sum
}

/// The p-value of a χ² (or G²) statistic with 1 degree of freedom: `P(X > |x|) = erfc(√(|x|/2))`.
pub fn p_chi2_1df(x: f64) -> f64 {
    libm::erfc((x.abs() / 2.0).sqrt())
}

/// The log-odds ratio with a Dirichlet prior and its z-score (Monroe, Colaresi & Quinn 2008,
/// "Fightin' words", Political Analysis 16(4): 372–403, eqs. 16 and 18):
///
/// `δ = ln[(y_t + α) / (n_t + α0 − y_t − α)] − ln[(y_r + α) / (n_r + α0 − y_r − α)]`,
/// `z = δ / √(1/(y_t + α) + 1/(y_r + α))`.
///
/// `α` is the feature's prior count and `α0` the prior's total; see [`Prior`]. Positive when the
/// target uses the feature more. The prior shrinks δ for rare features, so |z| ranks features
/// by evidence, not just by size of effect.
pub fn log_odds(t: &TwoByTwo, alpha: f64, alpha0: f64) -> (f64, f64) {
    let delta = ((t.y_t + alpha) / (t.n_t + alpha0 - t.y_t - alpha)).ln()
        - ((t.y_r + alpha) / (t.n_r + alpha0 - t.y_r - alpha)).ln();
    let z = delta / (1.0 / (t.y_t + alpha) + 1.0 / (t.y_r + alpha)).sqrt();
    (delta, z)
}

/// The Dirichlet prior of [`log_odds`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// Informative, from the corpus itself: `α_w` = the feature's count in the whole corpus,
    /// `α0` = the corpus's tokens (the empirical-Bayes prior of Silge & Robinson's tidylo,
    /// Monroe et al. §3.5.3 with the corpus as background). Rare features shrink toward the
    /// corpus rate.
    Informative,
    /// Uniform: `α_w = A` for every feature, `α0 = A × V` with `V` the number of distinct word
    /// types in the corpus (Monroe et al. §3.5.2; scattertext's default `A = 0.01`).
    Uniform(f64),
}

impl Prior {
    /// `(α_w, α0)` for a feature with `corpus_count` occurrences in a corpus of `corpus_tokens`
    /// tokens and `types` distinct word types.
    pub fn alphas(self, corpus_count: u64, corpus_tokens: u64, types: u64) -> (f64, f64) {
        match self {
            Prior::Informative => (corpus_count as f64, corpus_tokens as f64),
            Prior::Uniform(a) => (a, a * types as f64),
        }
    }
}

/// All keyness statistics of one feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    pub log_odds: f64,
    pub z: f64,
    pub chi2: f64,
    pub g2: f64,
    /// From χ² with 1 degree of freedom.
    pub p: f64,
}

pub fn keyness(t: &TwoByTwo, alpha: f64, alpha0: f64) -> Keyness {
    let (log_odds, z) = log_odds(t, alpha, alpha0);
    let chi2 = chi2(t);
    Keyness {
        log_odds,
        z,
        chi2,
        g2: g2(t),
        p: p_chi2_1df(chi2),
    }
}

/// Jensen–Shannon divergence between two distributions given as counts over the same
/// categories, in bits (base-2 logarithms), so it lies in [0, 1]:
/// `JSD(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M)` with `M = ½ (P + Q)` (Lin 1991, "Divergence
/// measures based on the Shannon entropy", IEEE Trans. Information Theory 37(1): 145–151).
/// 0 when two outlets spread their hits over the categories alike, 1 when they share none.
/// `None` when either has no hits. Small-count caveat: with few hits JSD is biased upward
/// (two samples from one distribution differ by chance).
pub fn jsd(p: &[u64], q: &[u64]) -> Option<f64> {
    let (sp, sq) = (p.iter().sum::<u64>() as f64, q.iter().sum::<u64>() as f64);
    if sp == 0.0 || sq == 0.0 {
        return None;
    }
    let mut d = 0.0;
    for (&a, &b) in p.iter().zip(q) {
        let (a, b) = (a as f64 / sp, b as f64 / sq);
        let m = (a + b) / 2.0;
        if a > 0.0 {
            d += 0.5 * a * (a / m).log2();
        }
        if b > 0.0 {
            d += 0.5 * b * (b / m).log2();
        }
    }
    Some(d.clamp(0.0, 1.0))
}

/// The `q`-quantile of sorted values, linearly interpolated (Hyndman & Fan 1996 type 7, R's and
/// numpy's default).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// [`quantile`] of values in any order, which it reorders: the values of rank ⌊h⌋ and ⌈h⌉ are
/// selected (`select_nth_unstable`, linear time) rather than sorted for, so the result is the
/// same number as `quantile` of the sorted values.
pub fn quantile_unsorted(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let h = (values.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    let (_, &mut low, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let high = if hi > lo {
        // the value of rank lo + 1 is the least of those above rank lo
        above.iter().copied().min_by(f64::total_cmp)?
    } else {
        low
    };
    Some(low + (h - lo as f64) * (high - low))
}

#[cfg(test)]
mod bootstrap_tests {
    use super::*;
    use proptest::prelude::*;

    fn outlet(docs: &[(u64, u64)]) -> OutletTotals {
        let mut t = OutletTotals::default();
        for &(tokens, hits) in docs {
            t += &DocStats {
                tokens,
                tokens_by_voice: [tokens, 0, 0],
                counts: vec![hits, 0],
                counts_by_voice: vec![[hits, 0, 0], [0, 0, 0]],
                ..Default::default()
            };
        }
        t
    }

    #[test]
    fn one_article_gives_a_point() {
        let t = outlet(&[(1000, 3)]);
        let iv = bootstrap("A", &t, 2, &[vec![0, 1]], Bootstrap::default());
        assert_eq!(iv.rate[0], Some((30.0, 30.0)));
        assert_eq!(iv.share[0], vec![Some((1.0, 1.0)), Some((0.0, 0.0))]);
    }

    #[test]
    fn two_articles_by_hand() {
        // Replicates are {a,a} (rate 0), {b,b} (rate 100) or {a,b} (rate 50): with B large the
        // 2.5 % and 97.5 % quantiles are 0 and 100.
        let t = outlet(&[(100, 0), (100, 1)]);
        let iv = bootstrap(
            "A",
            &t,
            2,
            &[],
            Bootstrap {
                replicates: 4000,
                seed: 7,
            },
        );
        assert_eq!(iv.rate[0], Some((0.0, 100.0)));
    }

    proptest! {
        #[test]
        fn intervals_contain_the_estimate_and_repeat(
            docs in proptest::collection::vec((1u64..2000, 0u64..20), 1..30),
            seed in any::<u64>(),
        ) {
            let t = outlet(&docs);
            let settings = Bootstrap { replicates: 200, seed };
            let a = bootstrap("Outlet", &t, 2, &[vec![0, 1]], settings);
            let b = bootstrap("Outlet", &t, 2, &[vec![0, 1]], settings);
            prop_assert_eq!(&a, &b);
            let point = per_10k(t.counts[0], t.tokens).unwrap();
            let (lo, hi) = a.rate[0].unwrap();
            prop_assert!(lo <= point && point <= hi, "{} not in [{}, {}]", point, lo, hi);
        }
    }
}

#[cfg(test)]
mod keyness_tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} != {b}");
    }

    /// quanteda's reference table: target "b b b b b b b a a a", reference "a a a a a a a b b",
    /// feature b.
    #[test]
    fn quanteda_reference_values() {
        let t = TwoByTwo::new(7, 10, 2, 9);
        close(chi2(&t), 4.337160);
        close(g2(&t), 4.534939);
        for (a, delta, z) in [
            (0.01, 2.094601, 2.617912),
            (0.1, 2.046850, 2.605739),
            (1.0, 1.673976, 2.472627),
        ] {
            let (alpha, alpha0) = Prior::Uniform(a).alphas(9, 19, 2);
            let (d, zz) = log_odds(&t, alpha, alpha0);
            close(d, delta);
            close(zz, z);
        }
        let big = TwoByTwo::new(120, 10_000, 40, 12_000);
        close(chi2(&big), 56.746032);
        // The issue quotes 58.186237; the exact value of 2 Σ O ln(O/E), which SciPy 1.11.4's
        // chi2_contingency(lambda_="log-likelihood", correction=False) also gives, is 58.186193.
        close(g2(&big), 58.186193);
    }

    #[test]
    fn p_values() {
        close(p_chi2_1df(3.841459), 0.05);
        close(p_chi2_1df(6.634897), 0.01);
        close(p_chi2_1df(0.0), 1.0);
    }

    #[test]
    fn jsd_by_hand() {
        assert_eq!(jsd(&[1, 0], &[0, 1]), Some(1.0));
        assert_eq!(jsd(&[2, 2], &[5, 5]), Some(0.0));
        // P = (3/4, 1/4), Q = (1/4, 3/4), M = (1/2, 1/2):
        // JSD = 3/4 log2(3/2) + 1/4 log2(1/2) = 0.188722...
        close(
            jsd(&[3, 1], &[1, 3]).unwrap(),
            0.75 * 1.5f64.log2() + 0.25 * 0.5f64.log2(),
        );
        assert_eq!(jsd(&[0, 0], &[1, 1]), None);
    }

    #[test]
    fn quantiles() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 1.0), Some(4.0));
        close(quantile(&v, 0.025).unwrap(), 1.075);
    }

    proptest! {
        /// Selecting gives the very number sorting gives.
        #[test]
        fn unsorted_quantile_is_the_sorted_one(
            mut values in proptest::collection::vec(-1e3f64..1e3, 0..60),
            q in 0.0f64..=1.0,
            zeros in 0usize..5,
        ) {
            values.extend(std::iter::repeat_n(0.0, zeros));
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let expected = quantile(&sorted, q);
            let got = quantile_unsorted(&mut values, q);
            prop_assert_eq!(expected.map(f64::to_bits), got.map(f64::to_bits));
        }

        /// Swapping target and reference flips the sign of χ², G² and δ and keeps their size.
        #[test]
        fn symmetric_under_swap(y_t in 0u64..500, x_t in 1u64..5000, y_r in 0u64..500, x_r in 1u64..5000) {
            let a = TwoByTwo::new(y_t, y_t + x_t, y_r, y_r + x_r);
            let b = TwoByTwo::new(y_r, y_r + x_r, y_t, y_t + x_t);
            prop_assert!((chi2(&a) + chi2(&b)).abs() < 1e-9 * (1.0 + chi2(&a).abs()));
            prop_assert!((g2(&a) + g2(&b)).abs() < 1e-9 * (1.0 + g2(&a).abs()));
            prop_assert!(chi2(&a) * g2(&a) >= 0.0);
            let (d1, z1) = log_odds(&a, 0.5, 10.0);
            let (d2, z2) = log_odds(&b, 0.5, 10.0);
            prop_assert!((d1 + d2).abs() < 1e-9 && (z1 + z2).abs() < 1e-9);
        }
    }
}
