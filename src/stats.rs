//! Statistics over counts: per-document [`DocStats`] that add up, per-outlet [`Totals`], rates
//! and shares.
//!
//! Everything here is a sum over documents, so shards and threads merge by addition (`+=`), in
//! any order, to the same result.

use std::collections::BTreeMap;
use std::ops::AddAssign;

/// What one document contributes. Counts are indexed by category slot (see
/// [`crate::analysis::Analyzer::slot`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Words and numbers: the denominator of rates.
    pub tokens: u64,
    pub sentences: u64,
    pub paragraphs: u64,
    pub bytes: u64,
    /// Hits per category slot.
    pub counts: Vec<u64>,
}

/// Sums over the documents of one outlet (or of any group of documents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutletTotals {
    pub docs: u64,
    pub tokens: u64,
    /// Hits per category slot.
    pub counts: Vec<u64>,
    /// Documents with at least one hit, per category slot.
    pub docs_with: Vec<u64>,
}

impl AddAssign<&DocStats> for OutletTotals {
    fn add_assign(&mut self, doc: &DocStats) {
        if self.counts.len() < doc.counts.len() {
            self.counts.resize(doc.counts.len(), 0);
            self.docs_with.resize(doc.counts.len(), 0);
        }
        self.docs += 1;
        self.tokens += doc.tokens;
        for (slot, &c) in doc.counts.iter().enumerate() {
            self.counts[slot] += c;
            self.docs_with[slot] += u64::from(c > 0);
        }
    }
}

impl AddAssign<&OutletTotals> for OutletTotals {
    fn add_assign(&mut self, other: &OutletTotals) {
        let n = self.counts.len().max(other.counts.len());
        self.counts.resize(n, 0);
        self.docs_with.resize(n, 0);
        self.docs += other.docs;
        self.tokens += other.tokens;
        for slot in 0..other.counts.len() {
            self.counts[slot] += other.counts[slot];
            self.docs_with[slot] += other.docs_with[slot];
        }
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
    fn totals_add_up_in_any_order() {
        let a = DocStats {
            tokens: 100,
            counts: vec![2, 0],
            ..Default::default()
        };
        let b = DocStats {
            tokens: 50,
            counts: vec![0, 1],
            ..Default::default()
        };
        let mut one = Totals::default();
        one.add("X", &a);
        one.add("X", &b);
        let mut other = Totals::default();
        other.add("X", &b);
        other.add("X", &a);
        assert_eq!(one, other);
        let x = &one.outlets["X"];
        assert_eq!(
            (x.docs, x.tokens, x.counts.clone(), x.docs_with.clone()),
            (2, 150, vec![2, 1], vec![1, 1])
        );
        let mut merged = OutletTotals::default();
        merged += x;
        merged += x;
        assert_eq!(
            (merged.docs, merged.tokens, merged.counts),
            (4, 300, vec![4, 2])
        );
    }
}
