//! Statistics over counts: per-document [`DocStats`] that add up, per-outlet [`Totals`], rates
//! and shares.
//!
//! Everything here is a sum over documents, so shards and threads merge by addition (`+=`), in
//! any order, to the same result.

use std::collections::BTreeMap;
use std::ops::AddAssign;

mod association;
mod bootstrap;
mod intervals;
mod quantiles;

pub use association::*;
pub use bootstrap::*;
pub use intervals::{
    dispersion, intervals as moderated_intervals, Dispersion, IntervalMethod, IntervalSettings,
    PRIOR_DF,
};
pub use quantiles::*;

/// Per-voice numbers, indexed by [`crate::voice::Voice::index`].
pub type ByVoice = [u64; crate::voice::Voice::COUNT];

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
    /// Direct quotations by how the text gives their source, indexed by [`source_slot`]: a
    /// name, a description, a pronoun (resolved to a name), none.
    pub sources: BySource,
    /// Hits per term slot (see [`crate::analysis::Analyzer::term_slot`]), selected voices.
    pub terms: Vec<u64>,
    /// The hits' scores per category slot and voice, in millionths ([`crate::lexicon::Score::micros`]):
    /// empty unless a lexicon of the run has scores.
    pub scores_by_voice: Vec<ScoreByVoice>,
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
pub struct GroupTotals {
    pub docs: u64,
    pub tokens: u64,
    pub tokens_by_voice: ByVoice,
    /// Hits per category slot.
    pub counts: Vec<u64>,
    pub counts_by_voice: Vec<ByVoice>,
    /// Documents with at least one hit, per category slot.
    pub docs_with: Vec<u64>,
    /// Direct quotations by how the text gives their source (see [`DocStats::sources`]).
    pub sources: BySource,
    /// Quotations per speaker; `None` for unattributed ones.
    pub speakers: BTreeMap<Option<String>, SpeakerTotals>,
    /// Hits per term slot.
    pub terms: Vec<u64>,
    /// Scores per category slot and voice, in millionths (see [`DocStats::scores_by_voice`]).
    pub scores_by_voice: Vec<ScoreByVoice>,
    /// Word type counts, when word features were asked for.
    pub words: rustc_hash::FxHashMap<String, u64>,
    /// Each article's tokens and nonzero counts, for bootstrap intervals, by outlet: a group
    /// that pools outlets is resampled outlets first, then articles.
    pub clusters: BTreeMap<String, Samples>,
}

/// Scores in millionths, per voice: integers, so sums are exact in any order.
pub type ScoreByVoice = [i64; crate::voice::Voice::COUNT];

/// Adds `b`'s scores to `a`'s, slot by slot.
fn add_scores(a: &mut Vec<ScoreByVoice>, b: &[ScoreByVoice]) {
    if a.len() < b.len() {
        a.resize(b.len(), [0; crate::voice::Voice::COUNT]);
    }
    for (x, y) in a.iter_mut().zip(b) {
        for (p, q) in x.iter_mut().zip(y) {
            *p += q;
        }
    }
}

/// Counts by how the text gives a quotation's source, indexed by [`source_slot`].
pub type BySource = [u64; 4];

/// Where a source of kind `kind` (`None`: no source) is counted in a [`BySource`]: name 0,
/// description 1, pronoun 2, none 3.
pub fn source_slot(kind: Option<crate::voice::SpeakerKind>) -> usize {
    use crate::voice::SpeakerKind;
    match kind {
        Some(SpeakerKind::Name) => 0,
        Some(SpeakerKind::Description) => 1,
        Some(SpeakerKind::Pronoun) => 2,
        None => 3,
    }
}

fn add_voices<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// A document added to a group without naming its outlet: one cluster, `""`.
impl AddAssign<&DocStats> for GroupTotals {
    fn add_assign(&mut self, doc: &DocStats) {
        self.add(None, doc);
    }
}

impl GroupTotals {
    /// Adds a document of `outlet` (its cluster for the bootstrap; `None`: the group's only
    /// cluster).
    pub fn add(&mut self, outlet: Option<&str>, doc: &DocStats) {
        self.add_counts(outlet, doc);
        add_voices(&mut self.sources, &doc.sources);
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
    }

    /// Adds what a group's period needs of a document (the `series` table): documents, tokens
    /// and category counts, and the article for the bootstrap; not its terms, speakers or
    /// words, which a period's summary does not use (they would cost memory per group and
    /// period).
    pub fn add_counts(&mut self, outlet: Option<&str>, doc: &DocStats) {
        if self.counts.len() < doc.counts.len() {
            self.counts.resize(doc.counts.len(), 0);
            self.counts_by_voice
                .resize(doc.counts.len(), [0; crate::voice::Voice::COUNT]);
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
        add_scores(&mut self.scores_by_voice, &doc.scores_by_voice);
        let cluster = outlet.unwrap_or("");
        match self.clusters.get_mut(cluster) {
            Some(samples) => samples.push(doc),
            None => {
                let mut samples = Samples::default();
                samples.push(doc);
                self.clusters.insert(cluster.to_string(), samples);
            }
        }
    }

    /// Articles kept for the bootstrap.
    pub fn samples(&self) -> usize {
        self.clusters.values().map(Samples::len).sum()
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

impl AddAssign<&GroupTotals> for GroupTotals {
    fn add_assign(&mut self, other: &GroupTotals) {
        self.add_sums(other);
        for (cluster, samples) in &other.clusters {
            self.clusters
                .entry(cluster.clone())
                .or_default()
                .extend(samples);
        }
    }
}

impl GroupTotals {
    /// Adds `other`'s sums, not its samples.
    pub fn add_sums(&mut self, other: &GroupTotals) {
        let n = self.counts.len().max(other.counts.len());
        self.counts.resize(n, 0);
        self.counts_by_voice
            .resize(n, [0; crate::voice::Voice::COUNT]);
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
        add_scores(&mut self.scores_by_voice, &other.scores_by_voice);
        add_voices(&mut self.sources, &other.sources);
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
    }
}

/// The separator of the values in a group's label (`Reuters · US`).
pub const LABEL_SEPARATOR: &str = " · ";

/// A group's label: its values joined by [`LABEL_SEPARATOR`], a missing value as `(none)`.
pub fn label(values: &[Option<String>]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(LABEL_SEPARATOR);
        }
        out.push_str(v.as_deref().unwrap_or("(none)"));
    }
    out
}

/// Sums per group (`--by`: per outlet by default) and, with a period, per group and period.
/// Groups are keyed by their label and ordered by it (byte order), so tables come out in a
/// fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// The columns groups are made of (`--by`).
    pub by: Vec<String>,
    pub groups: BTreeMap<String, GroupTotals>,
    /// Each group's values of the `by` columns (`None`: the document had none).
    pub keys: BTreeMap<String, Vec<Option<String>>>,
    /// The time bin of the series, if any.
    pub period: Option<crate::dates::Period>,
    /// Per group and period (the period's first day, in days since 1970-01-01); documents
    /// without a date are in `groups` only. Counts only ([`GroupTotals::add_counts`]).
    pub periods: BTreeMap<(String, i32), GroupTotals>,
    /// The outlets counted.
    pub outlets: std::collections::BTreeSet<String>,
}

impl Default for Totals {
    fn default() -> Self {
        Totals::new(vec!["outlet".into()], None)
    }
}

impl Totals {
    pub fn new(by: Vec<String>, period: Option<crate::dates::Period>) -> Totals {
        Totals {
            by,
            groups: BTreeMap::new(),
            keys: BTreeMap::new(),
            period,
            periods: BTreeMap::new(),
            outlets: Default::default(),
        }
    }

    /// Adds a document of `outlet` grouped by outlet (the default grouping, no period).
    pub fn add(&mut self, outlet: &str, doc: &DocStats) {
        self.add_to(&[Some(outlet.to_string())], outlet, None, doc);
    }

    /// Adds a document of `outlet` to the group of `key` (its values of the `by` columns) and,
    /// when `period` (the first day of its period) is given, to that group's period.
    pub fn add_to(
        &mut self,
        key: &[Option<String>],
        outlet: &str,
        period: Option<i32>,
        doc: &DocStats,
    ) {
        let name = label(key);
        if !self.outlets.contains(outlet) {
            self.outlets.insert(outlet.to_string());
        }
        if let Some(p) = period {
            self.periods
                .entry((name.clone(), p))
                .or_default()
                .add_counts(Some(outlet), doc);
        }
        match self.groups.get_mut(&name) {
            Some(t) => t.add(Some(outlet), doc),
            None => {
                let mut t = GroupTotals::default();
                t.add(Some(outlet), doc);
                self.keys.insert(name.clone(), key.to_vec());
                self.groups.insert(name, t);
            }
        }
    }

    /// Re-bins the periods into the coarser `period` (month into quarter or year, say): each
    /// group's periods that fall in one new period are summed, samples and all. A finer
    /// `period` than the current one cannot be made from sums and is refused (`false`).
    pub fn rebin(&mut self, period: crate::dates::Period) -> bool {
        match self.period {
            Some(now) if now == period => return true,
            Some(now) if now > period || now == crate::dates::Period::Week => return false,
            None => return false,
            Some(_) => {}
        }
        let old = std::mem::take(&mut self.periods);
        for ((name, day), t) in old {
            let Some(first) = crate::dates::from_days(day) else {
                continue;
            };
            let day = crate::dates::days(period.start(first));
            *self.periods.entry((name, day)).or_default() += &t;
        }
        self.period = Some(period);
        true
    }

    /// The finest of month, quarter and year that spans the dated documents in at most
    /// `max_bins` periods (year when even years are more); `None` when there are no periods.
    pub fn fitting_period(&self, max_bins: usize) -> Option<crate::dates::Period> {
        use crate::dates::Period;
        let first = crate::dates::from_days(self.periods.keys().map(|k| k.1).min()?)?;
        let last = crate::dates::from_days(self.periods.keys().map(|k| k.1).max()?)?;
        [Period::Month, Period::Quarter, Period::Year]
            .into_iter()
            .find(|p| {
                let index = |d: chrono::NaiveDate| {
                    use chrono::Datelike;
                    let months = d.year() as i64 * 12 + d.month0() as i64;
                    match p {
                        Period::Quarter => months / 3,
                        Period::Year => months / 12,
                        _ => months,
                    }
                };
                (index(last) - index(first) + 1) as usize <= max_bins
            })
            .or(Some(Period::Year))
    }

    /// The values of a group's `by` columns.
    pub fn key(&self, label: &str) -> &[Option<String>] {
        self.keys.get(label).map_or(&[], Vec::as_slice)
    }

    pub fn docs(&self) -> u64 {
        self.groups.values().map(|t| t.docs).sum()
    }

    pub fn tokens(&self) -> u64 {
        self.groups.values().map(|t| t.tokens).sum()
    }

    /// Frees every group's [`Samples`] (the only part of the totals that grows with the
    /// number of articles): once the intervals are computed, nothing else needs them.
    pub fn drop_samples(&mut self) {
        for t in self.groups.values_mut().chain(self.periods.values_mut()) {
            t.clusters = BTreeMap::new();
        }
    }

    /// The sums over all groups.
    pub fn corpus(&self) -> GroupTotals {
        let mut all = GroupTotals::default();
        for t in self.groups.values() {
            all.add_sums(t); // the samples are not needed for corpus-wide figures
        }
        all
    }
}

/// Outlets with fewer articles than this are flagged `small_n`: their intervals are unreliable.
pub const SMALL_N: u64 = 5;

/// A 95 % interval.
pub type Interval = Option<(f64, f64)>;

/// Occurrences per 10,000 tokens: `count × 10,000 / tokens`; `None` when there are no tokens.
///
/// This pools an outlet's articles (total hits over total tokens), so a long article weighs
/// more than a short one, as in quanteda's `dfm_weight(scheme = "prop")` on a grouped dfm.
/// With few hits the rate is noisy: 2 hits in 5,000 tokens and 6 in 5,000 differ by 8 per 10k
/// yet are hard to tell apart; look at `count` and `docs_with` before reading a rate.
pub fn per_10k(count: u64, tokens: u64) -> Option<f64> {
    (tokens > 0).then(|| float(count) * 10_000.0 / float(tokens))
}

/// The share of one category in a contrast: `count / Σ counts of the contrast's categories`;
/// `None` when the contrast has no hits at all. Shares of a contrast's categories sum to 1.
pub fn share(count: u64, contrast_total: u64) -> Option<f64> {
    (contrast_total > 0).then(|| float(count) / float(contrast_total))
}

/// `x as f64`, the same number, converted as a signed integer when it is one (one instruction
/// on x86-64, where an unsigned 64-bit conversion takes six; the bootstrap converts every
/// replicate's sums).
#[inline(always)]
pub(crate) fn float(x: u64) -> f64 {
    if x < 1 << 63 {
        x as i64 as f64
    } else {
        x as f64
    }
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

    /// Months re-binned into years sum their articles; a finer period is refused. By hand:
    /// X has 2016-03 (1 article, 2 hits) and 2016-11 (1, 1), Y 2017-01 (1, 0).
    #[test]
    fn periods_rebin_into_coarser_ones() {
        use crate::dates::{days, Period};
        let day = |y, m| days(chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap());
        let doc = |hits: u64| DocStats {
            tokens: 10,
            counts: vec![hits],
            counts_by_voice: vec![[hits, 0, 0, 0]],
            ..Default::default()
        };
        let mut t = Totals::new(vec!["outlet".into()], Some(Period::Month));
        t.add_to(&[Some("X".into())], "X", Some(day(2016, 3)), &doc(2));
        t.add_to(&[Some("X".into())], "X", Some(day(2016, 11)), &doc(1));
        t.add_to(&[Some("Y".into())], "Y", Some(day(2017, 1)), &doc(0));
        // 2016-03 … 2017-01 is 11 months: months fit 12 bins, quarters fit 4 (2016-Q1 …
        // 2017-Q1 is 5), years fit 2
        assert_eq!(t.fitting_period(12), Some(Period::Month));
        assert_eq!(t.fitting_period(5), Some(Period::Quarter));
        assert_eq!(t.fitting_period(4), Some(Period::Year));
        assert_eq!(t.fitting_period(1), Some(Period::Year));
        assert!(!t.rebin(Period::Day));
        assert!(t.rebin(Period::Year));
        let x = &t.periods[&("X".to_string(), day(2016, 1))];
        assert_eq!((x.docs, x.tokens, x.counts.clone()), (2, 20, vec![3]));
        assert_eq!(x.samples(), 2);
        assert_eq!(t.periods[&("Y".to_string(), day(2017, 1))].docs, 1);
        assert_eq!(t.periods.len(), 2);
        assert_eq!(Totals::default().fitting_period(10), None);
    }

    #[test]
    fn totals_add_up_in_any_order() {
        let a = DocStats {
            tokens: 100,
            tokens_by_voice: [80, 0, 15, 5],
            counts: vec![2, 0],
            counts_by_voice: vec![[1, 0, 1, 0], [0, 0, 0, 0]],
            quotes: vec![
                (Some("Peskov".into()), Some("russia".into()), 12),
                (None, None, 3),
            ],
            sources: [1, 0, 0, 1],
            ..Default::default()
        };
        let b = DocStats {
            tokens: 50,
            tokens_by_voice: [50, 0, 0, 0],
            counts: vec![0, 1],
            counts_by_voice: vec![[0, 0, 0, 0], [1, 0, 0, 0]],
            quotes: vec![(Some("Peskov".into()), None, 8)],
            sources: [0, 1, 0, 0],
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
            let x = t
                .groups
                .get_mut("X")
                .unwrap()
                .clusters
                .get_mut("X")
                .unwrap();
            *x = x.canonical();
            t
        };
        assert_ne!(one, other);
        assert_eq!(canonical(&one), canonical(&other));
        assert_eq!(one.groups["X"].samples(), 2);
        let x = &one.groups["X"];
        assert_eq!((x.docs, x.tokens), (2, 150));
        assert_eq!(
            (x.counts.clone(), x.docs_with.clone()),
            (vec![2, 1], vec![1, 1])
        );
        assert_eq!(x.tokens_by_voice, [130, 0, 15, 5]);
        assert_eq!(x.sources, [1, 1, 0, 1]);
        assert_eq!(x.counts_by_voice, vec![[1, 0, 1, 0], [1, 0, 0, 0]]);
        let peskov = x.speakers[&Some("Peskov".to_string())].clone();
        assert_eq!(
            peskov,
            SpeakerTotals {
                quotes: 2,
                words: 20,
                group: Some("russia".into())
            }
        );
        let mut merged = GroupTotals::default();
        merged += x;
        merged += x;
        assert_eq!(
            (merged.docs, merged.tokens, merged.counts),
            (4, 300, vec![4, 2])
        );
        assert_eq!(merged.counts_by_voice, vec![[2, 0, 2, 0], [2, 0, 0, 0]]);
        assert_eq!(merged.sources, [2, 2, 0, 2]);
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
