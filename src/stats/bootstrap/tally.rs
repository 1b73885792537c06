//! A small group's bootstrap by tallying its distinct resamples.

use super::replicates::{Replicates, Tally};
use super::{draw, draw_clusters, Active, Samples, Sums};

/// Groups of at most this many articles (and outlets) are bootstrapped by [`tallied`]: they
/// have few distinct resamples (at most C(2n − 1, n): 3 for two articles, 126 for five, 462
/// for six, of which 1,000 replicates draw about 320). Above, most replicates are distinct and
/// tallying costs more than it saves.
pub(super) const TALLIED_ARTICLES: usize = 6;

/// The replicates of a small group, from the very draws of [`replicates`] (the same streams,
/// in the same order), but tallied: a resample is known by how many times it drew each article,
/// and its statistics are computed once, with the number of replicates that drew it. The values
/// are the same multiset as drawing replicate by replicate, so the quantiles are the same
/// numbers, at a fraction of the cost (an outlet's month of two articles has three resamples).
pub(super) fn tallied(
    clusters: &[Samples],
    chunks: impl Iterator<Item = (usize, u64)>,
    slots: usize,
    pairs: bool,
    contrasts: &[Vec<usize>],
    active: &Active,
) -> Replicates<Tally> {
    use rand::SeedableRng;
    use std::collections::HashMap;
    let m = clusters.len();
    let mut bounds = vec![0];
    for c in clusters {
        bounds.push(bounds.last().copied().unwrap_or(0) + c.len());
    }
    let articles = bounds[m];
    assert!(articles <= TALLIED_ARTICLES && m <= TALLIED_ARTICLES);
    if articles == 0 {
        return Replicates::new(0, contrasts, active);
    }
    // at most m × (the largest outlet's articles) ≤ 36 draws of an article: a byte each
    let mut tally: HashMap<[u8; TALLIED_ARTICLES], u32> = HashMap::new();
    let mut times = vec![0u32; articles];
    for (size, stream) in chunks {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(stream);
        for _ in 0..size {
            times.fill(0);
            draw_clusters(&mut rng, m, |rng, c| {
                draw(rng, &mut times[bounds[c]..bounds[c + 1]]);
            });
            let mut key = [0u8; TALLIED_ARTICLES];
            for (k, &t) in key.iter_mut().zip(&times) {
                *k = t as u8;
            }
            *tally.entry(key).or_insert(0) += 1;
        }
    }
    let mut resamples: Vec<([u8; TALLIED_ARTICLES], u32)> = tally.into_iter().collect();
    resamples.sort_unstable();
    let mut out = Replicates::new(resamples.len(), contrasts, active);
    let mut sums = Sums::new(slots, pairs);
    for (key, replicates) in resamples {
        for (t, &k) in times.iter_mut().zip(&key) {
            *t = u32::from(k);
        }
        sums.reset(active);
        for (c, cluster) in clusters.iter().enumerate() {
            cluster.add_drawn(&times[bounds[c]..bounds[c + 1]], &mut sums);
        }
        sums.settle(active);
        out.record(&sums, active, contrasts, replicates);
    }
    out
}
