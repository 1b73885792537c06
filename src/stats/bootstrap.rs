//! Bootstrap intervals of rates and contrast shares, resampling articles.

use super::{per_10k, share, DocStats, GroupTotals, Interval};

/// Bootstrap intervals of one outlet's rates and contrast shares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupIntervals {
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

/// Article draws (articles × replicates) from which a group's chunks of replicates are drawn in
/// parallel; below, one after the other (the same streams, so the same intervals).
const PARALLEL_DRAWS: usize = 1 << 20;

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
    /// Per slot of [`Active::rates`].
    rates: Vec<Vec<f64>>,
    /// Per slot of [`Active::narrator`].
    narrator_rates: Vec<Vec<f64>>,
    /// Per contrast and member; empty for a contrast none of whose members has a hit.
    shares: Vec<Vec<Vec<f64>>>,
    /// Replicates with tokens (where every rate is defined), and with narrator tokens.
    with_tokens: usize,
    with_narrator: usize,
}

/// The slots a group has hits in: only those vary from replicate to replicate. A slot
/// without hits has a rate of 0 in every replicate with tokens, so its interval is (0, 0)
/// without drawing (most slots of a small group, such as an outlet's month).
struct Active {
    rates: Vec<usize>,
    narrator: Vec<usize>,
    /// Per contrast: whether any of its members has a hit.
    contrasts: Vec<bool>,
}

impl Active {
    fn of(totals: &GroupTotals, slots: usize, contrasts: &[Vec<usize>]) -> Active {
        let count = |s: usize| totals.counts.get(s).copied().unwrap_or(0);
        Active {
            rates: (0..slots).filter(|&s| count(s) > 0).collect(),
            narrator: (0..slots)
                .filter(|&s| totals.counts_by_voice.get(s).is_some_and(|v| v[0] > 0))
                .collect(),
            contrasts: contrasts
                .iter()
                .map(|c| c.iter().any(|&s| count(s) > 0))
                .collect(),
        }
    }
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
    pub(super) fn canonical(&self) -> Samples {
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

    /// Draws the articles once with replacement (as many draws as articles) and adds what
    /// they hold to `sums`. `times` is scratch space.
    fn draw_into(&self, rng: &mut rand_pcg::Pcg64, times: &mut Vec<u32>, sums: &mut Sums) {
        use rand::RngExt;
        let n = self.articles.len();
        // How many times each article is drawn: the sums are then taken once per drawn
        // article, in order, rather than once per draw at random places (about a third of
        // the articles of a replicate are drawn twice or more). Integer sums: the same totals.
        times.clear();
        times.resize(n, 0);
        for _ in 0..n {
            times[rng.random_range(0..n)] += 1;
        }
        for (a, &k) in self.articles.iter().zip(times.iter()) {
            if k == 0 {
                continue;
            }
            let k = u64::from(k);
            sums.tokens += a.tokens * k;
            sums.narrator_tokens += a.narrator * k;
            for &(slot, c, nc) in &self.counts[a.start as usize..a.end as usize] {
                sums.count[slot as usize] += u64::from(c) * k;
                sums.narrator[slot as usize] += u64::from(nc) * k;
            }
        }
    }
}

/// The sums of one replicate.
struct Sums {
    count: Vec<u64>,
    narrator: Vec<u64>,
    tokens: u64,
    narrator_tokens: u64,
}

impl Replicates {
    /// Empty, with room for `size` replicates of each statistic that varies.
    fn new(size: usize, contrasts: &[Vec<usize>], active: &Active) -> Replicates {
        let sized = |k: usize| vectors(k, size);
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
    fn append(&mut self, other: Replicates) {
        self.with_tokens += other.with_tokens;
        self.with_narrator += other.with_narrator;
        for (all, part) in self.rates.iter_mut().zip(other.rates) {
            all.extend(part);
        }
        for (all, part) in self.narrator_rates.iter_mut().zip(other.narrator_rates) {
            all.extend(part);
        }
        for (all, part) in self.shares.iter_mut().zip(other.shares) {
            for (a, p) in all.iter_mut().zip(part) {
                a.extend(p);
            }
        }
    }
}

/// Scratch space of [`replicates`], reused from chunk to chunk.
#[derive(Default)]
struct Scratch {
    sums: Option<Sums>,
    times: Vec<u32>,
}

/// Appends `size` replicates from the random stream `stream` to `out`. With one cluster, each
/// replicate draws its articles; with several (a group pooling outlets), it draws as many
/// clusters as there are, with replacement, then each drawn cluster's articles.
#[allow(clippy::too_many_arguments)]
fn replicates(
    clusters: &[Samples],
    size: usize,
    stream: u64,
    slots: usize,
    contrasts: &[Vec<usize>],
    active: &Active,
    out: &mut Replicates,
    scratch: &mut Scratch,
) {
    use rand::{RngExt, SeedableRng};
    let m = clusters.len();
    if clusters.iter().all(Samples::is_empty) {
        return;
    }
    let mut rng = rand_pcg::Pcg64::seed_from_u64(stream);
    // zero in every slot (each replicate sets the active ones back to zero after use)
    let sums = scratch.sums.get_or_insert_with(|| Sums {
        count: vec![0u64; slots],
        narrator: vec![0u64; slots],
        tokens: 0,
        narrator_tokens: 0,
    });
    let times = &mut scratch.times;
    for _ in 0..size {
        // an article has counts in active slots only (a slot with a hit anywhere in the
        // group is active), so only those were touched
        for &s in &active.rates {
            sums.count[s] = 0;
            sums.narrator[s] = 0;
        }
        (sums.tokens, sums.narrator_tokens) = (0, 0);
        if m == 1 {
            clusters[0].draw_into(&mut rng, times, sums);
        } else {
            for _ in 0..m {
                let c = rng.random_range(0..m);
                clusters[c].draw_into(&mut rng, times, sums);
            }
        }
        out.with_tokens += usize::from(sums.tokens > 0);
        out.with_narrator += usize::from(sums.narrator_tokens > 0);
        // per_10k, with the test for tokens taken once per replicate
        if sums.tokens > 0 {
            let tokens = sums.tokens as f64;
            for (&slot, values) in active.rates.iter().zip(&mut out.rates) {
                values.push(sums.count[slot] as f64 * 10_000.0 / tokens);
            }
        }
        if sums.narrator_tokens > 0 {
            let tokens = sums.narrator_tokens as f64;
            for (&slot, values) in active.narrator.iter().zip(&mut out.narrator_rates) {
                values.push(sums.narrator[slot] as f64 * 10_000.0 / tokens);
            }
        }
        for (contrast, values) in contrasts.iter().zip(&mut out.shares) {
            if values.is_empty() {
                continue;
            }
            let total: u64 = contrast.iter().map(|&s| sums.count[s]).sum();
            for (&s, v) in contrast.iter().zip(values.iter_mut()) {
                if let Some(x) = share(sums.count[s], total) {
                    v.push(x);
                }
            }
        }
    }
}

/// `k` empty vectors with room for `capacity` values each. (Not `vec![Vec::with_capacity(c); k]`:
/// a clone of a vector keeps none of its spare capacity.)
fn vectors(k: usize, capacity: usize) -> Vec<Vec<f64>> {
    (0..k).map(|_| Vec::with_capacity(capacity)).collect()
}

/// Percentile bootstrap intervals over articles (Efron & Tibshirani 1993, ch. 13); for a group
/// that pools several outlets, a two-stage cluster bootstrap (outlets, then articles within
/// each drawn outlet: Davison & Hinkley 1997, §3.8; Field & Welsh 2007).
///
/// Each of B replicates draws the outlet's n articles with replacement and recomputes the pooled
/// statistics: `per_10k = Σ count × 10,000 / Σ tokens`, the narrator rate over narrator tokens,
/// and each contrast share `Σ count_c / Σ contrast total`. The interval is the 2.5 % and 97.5 %
/// quantiles (type 7) of the replicates. Resampling articles, not tokens, respects that hits
/// within one article are not independent (an article about an attack uses "terrorists" many
/// times). A replicate where a ratio is undefined (no tokens, no contrast hits) is left out of
/// that ratio's interval.
///
/// Articles of one outlet are not independent either (one editorial line, one style book), so
/// a group of outlets (`--by label`) is resampled as outlets first: each replicate draws as
/// many outlets as the group has, with replacement, and then each drawn outlet's articles.
/// Its interval then reflects the variation between the group's outlets, which is what a claim
/// about "right-leaning outlets" rests on; with few outlets in a group it is wide, and with one
/// it is the one-stage interval.
///
/// Caveats: with fewer than 5 articles the interval is computed but unreliable (the report marks
/// such rows); with one article it is a point. If the point estimate falls outside the
/// percentile interval, which can happen with very skewed data, the interval is widened to
/// include it. The random streams are PCG-64s seeded by `seed`, the group's label (the outlet's name by default) and the
/// number of each chunk of 50 replicates, and the articles are put in a canonical order
/// first: the same seed gives the same intervals on any machine, any number of threads, and
/// any order of articles or shards.
pub fn bootstrap(
    label: &str,
    totals: &GroupTotals,
    slots: usize,
    contrasts: &[Vec<usize>],
    settings: Bootstrap,
) -> GroupIntervals {
    use rayon::prelude::*;
    // A canonical order, so that the intervals do not depend on the order in which articles
    // (or shards) were added.
    // Clusters in name order (the map's), each in canonical order.
    let clusters: Vec<Samples> = totals.clusters.values().map(Samples::canonical).collect();
    let active = Active::of(totals, slots, contrasts);
    // Replicates are drawn in fixed chunks, each with its own random stream, so that one
    // large outlet is spread over all threads and the result still does not depend on them.
    let chunks = settings.replicates.div_ceil(CHUNK);
    let base = settings.seed ^ stable_hash(label);
    let size_of = |c: usize| CHUNK.min(settings.replicates - c * CHUNK);
    let stream_of = |c: usize| base.wrapping_add((c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut all = Replicates::new(settings.replicates, contrasts, &active);
    let articles: usize = clusters.iter().map(Samples::len).sum();
    if articles * settings.replicates < PARALLEL_DRAWS {
        // a small group (an outlet's month): its chunks one after the other, into one
        // buffer; groups run in parallel anyway ([`crate::pipeline::summary::intervals`])
        let mut scratch = Scratch::default();
        for c in 0..chunks {
            let (size, stream) = (size_of(c), stream_of(c));
            replicates(
                &clusters,
                size,
                stream,
                slots,
                contrasts,
                &active,
                &mut all,
                &mut scratch,
            );
        }
    } else {
        let drawn: Vec<Replicates> = (0..chunks)
            .into_par_iter()
            .map(|c| {
                let mut out = Replicates::new(size_of(c), contrasts, &active);
                let mut scratch = Scratch::default();
                let (size, stream) = (size_of(c), stream_of(c));
                replicates(
                    &clusters,
                    size,
                    stream,
                    slots,
                    contrasts,
                    &active,
                    &mut out,
                    &mut scratch,
                );
                out
            })
            .collect();
        for chunk in drawn {
            all.append(chunk);
        }
    }
    let Replicates {
        mut rates,
        mut narrator_rates,
        mut shares,
        with_tokens,
        with_narrator,
    } = all;
    let mut scratch = Vec::new();
    let mut interval = |values: &mut Vec<f64>, point: Option<f64>| -> Interval {
        // (replicates all the same number give that number for both quantiles)
        let (lo, hi) = quantiles_of_nonnegative(values, 0.025, 0.975, &mut scratch)?;
        Some(match point {
            Some(p) => (lo.min(p), hi.max(p)),
            None => (lo, hi),
        })
    };
    let count = |slot: usize| totals.counts.get(slot).copied().unwrap_or(0);
    let narrator = |slot: usize| totals.counts_by_voice.get(slot).map_or(0, |v| v[0]);
    // a slot without hits: 0 in every replicate with tokens (and the point estimate is 0)
    let zero = |replicates: usize| (replicates > 0).then_some((0.0, 0.0));
    let mut rate = vec![zero(with_tokens); slots];
    for (&s, values) in active.rates.iter().zip(&mut rates) {
        rate[s] = interval(values, per_10k(count(s), totals.tokens));
    }
    let mut narrator_rate = vec![zero(with_narrator); slots];
    for (&s, values) in active.narrator.iter().zip(&mut narrator_rates) {
        narrator_rate[s] = interval(values, per_10k(narrator(s), totals.tokens_by_voice[0]));
    }
    GroupIntervals {
        rate,
        narrator_rate,
        share: contrasts
            .iter()
            .zip(&mut shares)
            .map(|(contrast, values)| {
                if values.is_empty() {
                    // no hits in the contrast: no share in any replicate
                    return vec![None; contrast.len()];
                }
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

/// The `lo`- and `hi`-quantiles (`lo ≤ hi`) of non-negative values in any order, as
/// [`quantile`] of the sorted values gives them: the same numbers, found in one pass that keeps
/// the few smallest and the few largest values (for B = 1000 replicates and a 95 % interval, 26
/// of each) in two heaps, rather than by sorting or selecting among all of them. Values are
/// compared by their bit patterns, which for non-negative floats order as the values do (rates
/// and shares are never negative, NaN or −0). `scratch` is unused space kept for the callers.
pub fn quantiles_of_nonnegative(
    values: &[f64],
    lo: f64,
    hi: f64,
    _scratch: &mut Vec<u64>,
) -> Option<(f64, f64)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    debug_assert!(values.iter().all(|v| v.is_sign_positive() && !v.is_nan()));
    let n = values.len();
    if n == 0 {
        return None;
    }
    let ranks = |q: f64| {
        let h = (n - 1) as f64 * q;
        let below = h.floor() as usize;
        (below, h.ceil() as usize, h - below as f64)
    };
    let ((a0, a1, fa), (b0, b1, fb)) = (ranks(lo), ranks(hi));
    // the a1 + 1 smallest (a max-heap) and the n - b0 largest (a min-heap)
    let (k_small, k_large) = (a1 + 1, n - b0);
    let mut small: BinaryHeap<u64> = BinaryHeap::with_capacity(k_small);
    let mut large: BinaryHeap<Reverse<u64>> = BinaryHeap::with_capacity(k_large);
    // the largest of the smallest kept and the least of the largest kept, once the heaps are
    // full: most values are neither, and cost two comparisons
    let (mut small_top, mut large_least) = (u64::MAX, 0u64);
    for v in values {
        let x = v.to_bits();
        if small.len() < k_small {
            small.push(x);
            if small.len() == k_small {
                small_top = *small.peek()?;
            }
        } else if x < small_top {
            *small.peek_mut()? = x;
            small_top = *small.peek()?;
        }
        if large.len() < k_large {
            large.push(Reverse(x));
            if large.len() == k_large {
                large_least = large.peek()?.0;
            }
        } else if x > large_least {
            *large.peek_mut()? = Reverse(x);
            large_least = large.peek()?.0;
        }
    }
    // rank a1 is the largest of the smallest; rank a0 the next one down when a1 > a0
    let x_a1 = small.pop()?;
    let x_a0 = if a1 > a0 { small.pop()? } else { x_a1 };
    // rank b0 is the least of the largest; rank b1 the next one up when b1 > b0
    let Reverse(x_b0) = large.pop()?;
    let x_b1 = if b1 > b0 { large.pop()?.0 } else { x_b0 };
    let at = |x0: u64, x1: u64, f: f64| {
        let (x0, x1) = (f64::from_bits(x0), f64::from_bits(x1));
        x0 + f * (x1 - x0)
    };
    Some((at(x_a0, x_a1, fa), at(x_b0, x_b1, fb)))
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

    fn outlet(docs: &[(u64, u64)]) -> GroupTotals {
        let mut t = GroupTotals::default();
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

    #[test]
    fn a_group_of_outlets_resamples_outlets_first() {
        // Outlet X: 10 articles of 100 tokens with 1 hit each; outlet Y: 10 without hits.
        // Two-stage: a replicate draws two outlets, {X,X} (rate 100 per 10k tokens) with
        // probability 1/4, {Y,Y} (rate 0) with 1/4, else one of each, so with B large the 2.5 %
        // and 97.5 % quantiles are 0 and 100. Pooled as one outlet of 20 articles, all 20
        // draws from one outlet has probability 2 × 2^-20: the interval is about 50 ± 22.
        let doc = |hits: u64| DocStats {
            tokens: 100,
            tokens_by_voice: [100, 0, 0],
            counts: vec![hits],
            counts_by_voice: vec![[hits, 0, 0]],
            ..Default::default()
        };
        let mut group = GroupTotals::default();
        let mut pooled = GroupTotals::default();
        for (outlet, hits) in [("X", 1), ("Y", 0)] {
            for _ in 0..10 {
                group.add(Some(outlet), &doc(hits));
                pooled.add(None, &doc(hits));
            }
        }
        assert_eq!((group.clusters.len(), pooled.clusters.len()), (2, 1));
        let settings = Bootstrap {
            replicates: 4000,
            seed: 3,
        };
        let two_stage = bootstrap("left", &group, 1, &[], settings);
        assert_eq!(two_stage.rate[0], Some((0.0, 100.0)));
        let (lo, hi) = bootstrap("left", &pooled, 1, &[], settings).rate[0].unwrap();
        assert!(
            20.0 < lo && lo < 35.0 && 65.0 < hi && hi < 80.0,
            "[{lo}, {hi}]"
        );
    }

    proptest! {
        /// Both quantiles at once, on bit patterns: the very numbers sorting gives.
        #[test]
        fn quantile_pairs_are_the_sorted_ones(
            mut values in proptest::collection::vec(0.0f64..1e4, 1..80),
            zeros in 0usize..5,
            repeats in 0usize..5,
            lo in 0.0f64..=0.5,
            width in 0.0f64..=0.5,
        ) {
            values.extend(std::iter::repeat_n(0.0, zeros));
            let first = values[0];
            values.extend(std::iter::repeat_n(first, repeats));
            let hi = lo + width;
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let expected = (quantile(&sorted, lo).unwrap(), quantile(&sorted, hi).unwrap());
            let got = quantiles_of_nonnegative(&values, lo, hi, &mut Vec::new()).unwrap();
            prop_assert_eq!((expected.0.to_bits(), expected.1.to_bits()), (got.0.to_bits(), got.1.to_bits()));
        }

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
