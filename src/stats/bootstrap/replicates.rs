//! The statistics of a group's replicates, kept one value per replicate or tallied.

use super::{Active, Sums};
use crate::stats::{float, quantiles_of_nonnegative, share, weighted_quantiles_of_nonnegative};

/// The statistics of some replicates, per slot (or per contrast and member).
pub(super) struct Replicates<V> {
    /// Per slot of [`Active::rates`].
    pub(super) rates: Vec<V>,
    /// Per slot of [`Active::narrator`].
    pub(super) narrator_rates: Vec<V>,
    /// Per contrast and member; empty for a contrast none of whose members has a hit.
    pub(super) shares: Vec<Vec<V>>,
    /// Replicates with tokens (where every rate is defined), and with narrator tokens.
    pub(super) with_tokens: usize,
    pub(super) with_narrator: usize,
}

/// How the values of one statistic over the replicates are kept: each replicate's value, in
/// draw order (`Vec<f64>`), or each resample's value once with the number of replicates that
/// drew it ([`Tally`]: a small group, whose resamples repeat).
pub(super) trait Values {
    fn with_capacity(capacity: usize) -> Self;
    /// Adds the value of `times` replicates.
    fn add(&mut self, value: f64, times: u32);
    fn append(&mut self, other: Self);
    /// The `lo`- and `hi`-quantiles (type 7) of the replicates' values.
    fn quantiles(&mut self, lo: f64, hi: f64) -> Option<(f64, f64)>;
}

impl Values for Vec<f64> {
    fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }

    fn add(&mut self, value: f64, times: u32) {
        debug_assert_eq!(times, 1, "one value per replicate");
        self.push(value);
    }

    fn append(&mut self, other: Self) {
        self.extend(other);
    }

    fn quantiles(&mut self, lo: f64, hi: f64) -> Option<(f64, f64)> {
        quantiles_of_nonnegative(self, lo, hi)
    }
}

/// Values with the number of replicates that gave each.
pub(super) struct Tally(Vec<(f64, u32)>);

impl Values for Tally {
    fn with_capacity(capacity: usize) -> Self {
        Tally(Vec::with_capacity(capacity))
    }

    fn add(&mut self, value: f64, times: u32) {
        self.0.push((value, times));
    }

    fn append(&mut self, other: Self) {
        self.0.extend(other.0);
    }

    fn quantiles(&mut self, lo: f64, hi: f64) -> Option<(f64, f64)> {
        weighted_quantiles_of_nonnegative(&mut self.0, lo, hi)
    }
}

impl<V: Values> Replicates<V> {
    /// Empty, with room for `size` values of each statistic that varies.
    pub(super) fn new(size: usize, contrasts: &[Vec<usize>], active: &Active) -> Replicates<V> {
        let sized = |k: usize| (0..k).map(|_| V::with_capacity(size)).collect::<Vec<V>>();
        Replicates {
            rates: sized(active.rates.len()),
            narrator_rates: sized(active.narrator.len()),
            shares: contrasts
                .iter()
                .zip(&active.contrasts)
                .map(|(c, &a)| if a { sized(c.len()) } else { Vec::new() })
                .collect(),
            with_tokens: 0,
            with_narrator: 0,
        }
    }

    /// Appends `other`'s replicates after these.
    pub(super) fn append(&mut self, other: Replicates<V>) {
        self.with_tokens += other.with_tokens;
        self.with_narrator += other.with_narrator;
        for (all, part) in self.rates.iter_mut().zip(other.rates) {
            all.append(part);
        }
        for (all, part) in self.narrator_rates.iter_mut().zip(other.narrator_rates) {
            all.append(part);
        }
        for (all, part) in self.shares.iter_mut().zip(other.shares) {
            for (a, p) in all.iter_mut().zip(part) {
                a.append(p);
            }
        }
    }

    /// Adds the statistics of `times` replicates whose sums are `sums`.
    pub(super) fn record(
        &mut self,
        sums: &Sums,
        active: &Active,
        contrasts: &[Vec<usize>],
        times: u32,
    ) {
        let k = times as usize;
        self.with_tokens += usize::from(sums.tokens > 0) * k;
        self.with_narrator += usize::from(sums.narrator_tokens > 0) * k;
        // per_10k, with the test for tokens taken once per replicate
        if sums.tokens > 0 {
            let tokens = float(sums.tokens);
            for (&slot, values) in active.rates.iter().zip(&mut self.rates) {
                values.add(float(sums.count[slot]) * 10_000.0 / tokens, times);
            }
        }
        if sums.narrator_tokens > 0 {
            let tokens = float(sums.narrator_tokens);
            for (&slot, values) in active.narrator.iter().zip(&mut self.narrator_rates) {
                values.add(float(sums.narrator[slot]) * 10_000.0 / tokens, times);
            }
        }
        for (contrast, values) in contrasts.iter().zip(&mut self.shares) {
            if values.is_empty() {
                continue;
            }
            let total: u64 = contrast.iter().map(|&s| sums.count[s]).sum();
            for (&s, v) in contrast.iter().zip(values.iter_mut()) {
                if let Some(x) = share(sums.count[s], total) {
                    v.add(x, times);
                }
            }
        }
    }
}
