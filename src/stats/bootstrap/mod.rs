//! Bootstrap intervals of rates and contrast shares, resampling articles.

mod replicates;
mod tally;

use super::{per_10k, share, DocStats, GroupTotals, Interval};
use replicates::{Replicates, Values};
use tally::{tallied, TALLIED_ARTICLES};

/// Where the narrator's numbers are in per-voice arrays.
const NARRATOR: usize = crate::voice::Voice::Narrator as usize;

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
    /// [category slot, count, narrator count], for the slots with a hit.
    counts: Vec<[u32; 3]>,
}

/// One article: its tokens, narrator tokens, and where its counts are in [`Samples::counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Drawn {
    tokens: u64,
    narrator: u64,
    start: u32,
    end: u32,
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
                .filter(|&s| {
                    totals
                        .counts_by_voice
                        .get(s)
                        .is_some_and(|v| v[NARRATOR] > 0)
                })
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
        let narrator = NARRATOR;
        let start = self.counts.len() as u32;
        for (slot, &c) in doc.counts.iter().enumerate() {
            if c > 0 {
                let nc = doc.counts_by_voice[slot][narrator];
                self.counts.push([slot as u32, c as u32, nc as u32]);
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

    fn counts_of(&self, a: &Drawn) -> &[[u32; 3]] {
        &self.counts[a.start as usize..a.end as usize]
    }

    /// Each article: its tokens, its narrator tokens, and `[slot, count, narrator count]` for
    /// the slots it has a hit in, in slot order.
    pub(crate) fn each(&self) -> impl Iterator<Item = (u64, u64, &[[u32; 3]])> + '_ {
        self.articles
            .iter()
            .map(|a| (a.tokens, a.narrator, self.counts_of(a)))
    }

    /// The same articles in a canonical order (by tokens, narrator tokens, then counts), so
    /// that intervals do not depend on the order in which articles or shards were added.
    pub(crate) fn canonical(&self) -> Samples {
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
        times.clear();
        times.resize(self.articles.len(), 0);
        draw(rng, times);
        self.add_drawn(times, sums);
    }

    /// Adds to `sums` what the articles hold, article i `times[i]` times.
    fn add_drawn(&self, times: &[u32], sums: &mut Sums) {
        // The sums are taken once per drawn article, in order, rather than once per draw at
        // random places (about a third of the articles of a replicate are drawn twice or
        // more). Integer sums: the same totals.
        for (a, &k) in self.articles.iter().zip(times) {
            if k == 0 {
                continue;
            }
            let k = u64::from(k);
            sums.tokens += a.tokens * k;
            sums.narrator_tokens += a.narrator * k;
            let counts = &self.counts[a.start as usize..a.end as usize];
            if let Some(pairs) = sums.pairs.as_mut() {
                // count and narrator count in one u64: one multiplication and one sum for both
                for &[slot, c, nc] in counts {
                    pairs[slot as usize] += (u64::from(c) | u64::from(nc) << 32) * k;
                }
            } else {
                for &[slot, c, nc] in counts {
                    sums.count[slot as usize] += u64::from(c) * k;
                    sums.narrator[slot as usize] += u64::from(nc) * k;
                }
            }
        }
    }

    /// The most draws of one replicate of `clusters` (as many outlets as there are, each
    /// drawn outlet's articles) times the largest count of an article: a bound on any sum of
    /// counts of a replicate.
    fn largest_sum(clusters: &[Samples]) -> u128 {
        let most = |f: &dyn Fn(&Samples) -> usize| clusters.iter().map(f).max().unwrap_or(0);
        let draws = clusters.len() * most(&Samples::len);
        let count = most(&|c: &Samples| c.counts.iter().map(|e| e[1] as usize).max().unwrap_or(0));
        draws as u128 * count as u128
    }
}

/// Draws as many of `times.len()` articles as there are, with replacement, adding 1 to
/// `times[i]` each time article i is drawn. Every path of the bootstrap draws through here, so
/// the same stream gives the same resamples.
fn draw(rng: &mut rand_pcg::Pcg64, times: &mut [u32]) {
    use rand::RngExt;
    let n = times.len();
    match u32::try_from(n) {
        Ok(range) => {
            for _ in 0..n {
                times[below(rng, range) as usize] += 1;
            }
        }
        Err(_) => {
            for _ in 0..n {
                times[rng.random_range(0..n)] += 1;
            }
        }
    }
}

/// The clusters one replicate draws, in order, each passed to `each` to draw its articles with
/// the same stream: the one cluster, or (a group pooling m outlets) m clusters drawn with
/// replacement. [`replicates`] and [`tally::tallied`] both draw through here, so they draw the
/// same resamples.
fn draw_clusters(
    rng: &mut rand_pcg::Pcg64,
    m: usize,
    mut each: impl FnMut(&mut rand_pcg::Pcg64, usize),
) {
    use rand::RngExt;
    if m == 1 {
        each(rng, 0);
    } else {
        for _ in 0..m {
            let c = rng.random_range(0..m);
            each(rng, c);
        }
    }
}

/// A uniform draw from `0..range` (`range > 0`), the very number `rng.random_range(0..range as
/// usize)` gives (rand's method for ranges that fit 32 bits: the high half of a 32 × 32-bit
/// product, corrected by a second draw in the rare case the low half says it may be biased;
/// Lemire 2019, rand's "Canon's method"), inlined: drawing is most of the bootstrap's work and
/// the library call costs three times the arithmetic. A test checks it against rand.
#[inline(always)]
fn below(rng: &mut rand_pcg::Pcg64, range: u32) -> u32 {
    use rand::Rng;
    let wide = |x: u32| u64::from(x) * u64::from(range);
    let first = wide(rng.next_u32());
    let (mut result, low) = ((first >> 32) as u32, first as u32);
    if low > range.wrapping_neg() {
        let high = (wide(rng.next_u32()) >> 32) as u32;
        result += u32::from(low.checked_add(high).is_none());
    }
    result
}

/// The sums of one replicate.
struct Sums {
    count: Vec<u64>,
    narrator: Vec<u64>,
    /// Per slot, while drawing: the count plus the narrator count × 2³², when no sum of
    /// counts of a replicate can reach 2³² ([`Samples::largest_sum`]; always, but for
    /// outlets of millions of articles or articles of millions of hits). [`Sums::settle`]
    /// splits them into `count` and `narrator`.
    pairs: Option<Vec<u64>>,
    tokens: u64,
    narrator_tokens: u64,
}

impl Sums {
    /// Zero sums, with `pairs` when no sum of counts of a replicate can reach 2³².
    fn new(slots: usize, pairs: bool) -> Sums {
        Sums {
            count: vec![0; slots],
            narrator: vec![0; slots],
            pairs: pairs.then(|| vec![0; slots]),
            tokens: 0,
            narrator_tokens: 0,
        }
    }

    /// After the draws of a replicate: each active slot's pair split into its count and
    /// narrator count (and set back to zero).
    fn settle(&mut self, active: &Active) {
        if let Some(pairs) = self.pairs.as_mut() {
            for &s in &active.rates {
                let pair = std::mem::take(&mut pairs[s]);
                (self.count[s], self.narrator[s]) = (pair & 0xffff_ffff, pair >> 32);
            }
        }
    }

    /// Back to zero. An article has counts in active slots only (a slot with a hit anywhere in
    /// the group is active), so only those were touched. With pairs, [`Sums::settle`] has set
    /// the pairs back to zero and will overwrite every active count.
    fn reset(&mut self, active: &Active) {
        if self.pairs.is_none() {
            for &s in &active.rates {
                self.count[s] = 0;
                self.narrator[s] = 0;
            }
        }
        (self.tokens, self.narrator_tokens) = (0, 0);
    }
}

/// Scratch space of [`replicates`], reused from chunk to chunk.
struct Scratch {
    sums: Sums,
    times: Vec<u32>,
}

impl Scratch {
    fn new(slots: usize, pairs: bool) -> Scratch {
        Scratch {
            sums: Sums::new(slots, pairs),
            times: Vec::new(),
        }
    }
}

/// Appends `size` replicates from the random stream `stream` to `out`. With one cluster, each
/// replicate draws its articles; with several (a group pooling outlets), it draws as many
/// clusters as there are, with replacement, then each drawn cluster's articles.
#[allow(clippy::too_many_arguments)]
fn replicates(
    clusters: &[Samples],
    size: usize,
    stream: u64,
    contrasts: &[Vec<usize>],
    active: &Active,
    out: &mut Replicates<Vec<f64>>,
    scratch: &mut Scratch,
) {
    use rand::SeedableRng;
    let m = clusters.len();
    if clusters.iter().all(Samples::is_empty) {
        return;
    }
    let mut rng = rand_pcg::Pcg64::seed_from_u64(stream);
    // zero in every slot (each replicate sets the active ones back to zero after use)
    let Scratch { sums, times } = scratch;
    for _ in 0..size {
        sums.reset(active);
        draw_clusters(&mut rng, m, |rng, c| {
            clusters[c].draw_into(rng, times, sums)
        });
        sums.settle(active);
        out.record(sums, active, contrasts, 1);
    }
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
    bootstrap_with(label, totals, slots, contrasts, settings, TALLIED_ARTICLES)
}

/// [`bootstrap`], tallying the resamples of groups of at most `tally_up_to` articles.
fn bootstrap_with(
    label: &str,
    totals: &GroupTotals,
    slots: usize,
    contrasts: &[Vec<usize>],
    settings: Bootstrap,
    tally_up_to: usize,
) -> GroupIntervals {
    use rayon::prelude::*;
    // Clusters in name order (the map's), each in canonical order, so that the intervals do
    // not depend on the order in which articles (or shards) were added.
    let clusters: Vec<Samples> = totals.clusters.values().map(Samples::canonical).collect();
    let active = Active::of(totals, slots, contrasts);
    // Replicates are drawn in fixed chunks, each with its own random stream, so that one
    // large outlet is spread over all threads and the result still does not depend on them.
    let chunks = settings.replicates.div_ceil(CHUNK);
    let base = settings.seed ^ stable_hash(label);
    let size_of = |c: usize| CHUNK.min(settings.replicates - c * CHUNK);
    let stream_of = |c: usize| base.wrapping_add((c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let articles: usize = clusters.iter().map(Samples::len).sum();
    let pairs = Samples::largest_sum(&clusters) < 1 << 32;
    if articles <= tally_up_to.min(TALLIED_ARTICLES) && clusters.len() <= TALLIED_ARTICLES {
        let streams = (0..chunks).map(|c| (size_of(c), stream_of(c)));
        let all = tallied(&clusters, streams, slots, pairs, contrasts, &active);
        return intervals(all, totals, &active, slots, contrasts);
    }
    // chunk c's replicates, appended to `out`
    let draw_chunk = |c: usize, out: &mut Replicates<Vec<f64>>, scratch: &mut Scratch| {
        let (size, stream) = (size_of(c), stream_of(c));
        replicates(&clusters, size, stream, contrasts, &active, out, scratch);
    };
    let mut all = Replicates::new(settings.replicates, contrasts, &active);
    if articles * settings.replicates < PARALLEL_DRAWS {
        // a small group (an outlet's month): its chunks one after the other, into one
        // buffer; groups run in parallel anyway ([`crate::pipeline::summary::intervals`])
        let mut scratch = Scratch::new(slots, pairs);
        for c in 0..chunks {
            draw_chunk(c, &mut all, &mut scratch);
        }
    } else {
        let drawn: Vec<Replicates<Vec<f64>>> = (0..chunks)
            .into_par_iter()
            .map(|c| {
                let mut out = Replicates::new(size_of(c), contrasts, &active);
                draw_chunk(c, &mut out, &mut Scratch::new(slots, pairs));
                out
            })
            .collect();
        for chunk in drawn {
            all.append(chunk);
        }
    }
    intervals(all, totals, &active, slots, contrasts)
}

/// The intervals of a group from its replicates: the 2.5 % and 97.5 % quantiles of each
/// statistic, widened to hold the point estimate.
fn intervals<V: Values>(
    all: Replicates<V>,
    totals: &GroupTotals,
    active: &Active,
    slots: usize,
    contrasts: &[Vec<usize>],
) -> GroupIntervals {
    let Replicates {
        mut rates,
        mut narrator_rates,
        mut shares,
        with_tokens,
        with_narrator,
    } = all;
    let interval = |values: &mut V, point: Option<f64>| -> Interval {
        // (replicates all the same number give that number for both quantiles)
        let (lo, hi) = values.quantiles(0.025, 0.975)?;
        Some(match point {
            Some(p) => (lo.min(p), hi.max(p)),
            None => (lo, hi),
        })
    };
    let count = |slot: usize| totals.counts.get(slot).copied().unwrap_or(0);
    let narrator = |slot: usize| totals.counts_by_voice.get(slot).map_or(0, |v| v[NARRATOR]);
    // a slot without hits: 0 in every replicate with tokens (and the point estimate is 0)
    let zero = |replicates: usize| (replicates > 0).then_some((0.0, 0.0));
    let mut rate = vec![zero(with_tokens); slots];
    for (&s, values) in active.rates.iter().zip(&mut rates) {
        rate[s] = interval(values, per_10k(count(s), totals.tokens));
    }
    let mut narrator_rate = vec![zero(with_narrator); slots];
    for (&s, values) in active.narrator.iter().zip(&mut narrator_rates) {
        narrator_rate[s] = interval(
            values,
            per_10k(narrator(s), totals.tokens_by_voice[NARRATOR]),
        );
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

#[cfg(test)]
mod bootstrap_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn samples_keep_each_article_s_nonzero_counts() {
        let doc = |tokens: u64, counts: Vec<u64>, narrator: Vec<u64>| DocStats {
            tokens,
            tokens_by_voice: [tokens - 10, 0, 10, 0],
            counts_by_voice: narrator
                .iter()
                .zip(&counts)
                .map(|(&n, &c)| [n, 0, c - n, 0])
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
        assert_eq!(all.counts, [[0, 2, 1], [2, 1, 1], [1, 4, 4]]);
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
        assert_eq!(canonical.counts, [[1, 4, 4], [0, 2, 1], [2, 1, 1]]);
        assert_eq!(
            canonical.counts_of(&canonical.articles[2]),
            [[0, 2, 1], [2, 1, 1]]
        );
        all.clear();
        assert!(all.is_empty());
    }

    fn outlet(docs: &[(u64, u64)]) -> GroupTotals {
        let mut t = GroupTotals::default();
        for &(tokens, hits) in docs {
            t += &DocStats {
                tokens,
                tokens_by_voice: [tokens, 0, 0, 0],
                counts: vec![hits, 0],
                counts_by_voice: vec![[hits, 0, 0, 0], [0, 0, 0, 0]],
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
            tokens_by_voice: [100, 0, 0, 0],
            counts: vec![hits],
            counts_by_voice: vec![[hits, 0, 0, 0]],
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
        /// The inlined draw is rand's, number for number, for small and large ranges.
        #[test]
        fn draws_are_rand_s(seed in any::<u64>(), small in 1u32..50, large in 1u32..=u32::MAX) {
            use rand::{RngExt, SeedableRng};
            for range in [small, large, 1, u32::MAX] {
                let mut a = rand_pcg::Pcg64::seed_from_u64(seed);
                let mut b = rand_pcg::Pcg64::seed_from_u64(seed);
                for _ in 0..200 {
                    prop_assert_eq!(below(&mut a, range) as usize, b.random_range(0..range as usize));
                }
            }
        }

        /// Counts summed in pairs are the counts summed one by one.
        #[test]
        fn paired_sums_are_the_sums(
            docs in proptest::collection::vec((1u64..5000, proptest::collection::vec((0u64..1000, 0u64..1000), 4)), 1..20),
            times in proptest::collection::vec(0u32..30, 20),
        ) {
            let mut samples = Samples::default();
            for (tokens, counts) in &docs {
                samples.push(&DocStats {
                    tokens: *tokens,
                    tokens_by_voice: [tokens / 2, 0, tokens - tokens / 2, 0],
                    counts: counts.iter().map(|&(a, b)| a + b).collect(),
                    counts_by_voice: counts.iter().map(|&(a, b)| [a, 0, b, 0]).collect(),
                    ..Default::default()
                });
            }
            let active = Active { rates: (0..4).collect(), narrator: Vec::new(), contrasts: Vec::new() };
            let sum = |pairs: bool| {
                let mut sums = Sums::new(4, pairs);
                samples.add_drawn(&times[..docs.len()], &mut sums);
                sums.settle(&active);
                (sums.count, sums.narrator, sums.tokens, sums.narrator_tokens)
            };
            prop_assert!(Samples::largest_sum(std::slice::from_ref(&samples)) < 1 << 32);
            prop_assert_eq!(sum(true), sum(false));
        }

        /// Tallying a small group's resamples gives the very intervals of drawing replicate
        /// by replicate, with one outlet or several.
        #[test]
        fn tallied_resamples_give_the_drawn_intervals(
            docs in proptest::collection::vec((0u64..300, 0u64..4, 0u64..3, 0usize..3), 1..=TALLIED_ARTICLES),
            seed in any::<u64>(),
        ) {
            let mut t = GroupTotals::default();
            for &(tokens, a, b, outlet) in &docs {
                let quoted = tokens / 3;
                t.add(Some(["X", "Y", "Z"][outlet]), &DocStats {
                    tokens,
                    tokens_by_voice: [tokens - quoted, 0, quoted, 0],
                    counts: vec![a, b, 0],
                    counts_by_voice: vec![[a / 2, 0, a - a / 2, 0], [b, 0, 0, 0], [0, 0, 0, 0]],
                    ..Default::default()
                });
            }
            let settings = Bootstrap { replicates: 120, seed };
            let contrasts = [vec![0, 1], vec![1, 2]];
            let tallied = bootstrap_with("G", &t, 3, &contrasts, settings, TALLIED_ARTICLES);
            let drawn = bootstrap_with("G", &t, 3, &contrasts, settings, 0);
            prop_assert_eq!(format!("{tallied:?}"), format!("{drawn:?}"));
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
