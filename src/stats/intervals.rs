//! 95 % intervals of rates and contrast shares that stay honest with few articles: a
//! cluster-robust ratio variance, moderated by the corpus's dispersion (empirical Bayes), with
//! Student t quantiles. The formulas, their references, a worked example and the coverage
//! they reach in simulation are in docs/METHODOLOGY.md ("Intervals").
//!
//! A rate is a ratio `R = Y / X` of sums over units (an outlet's articles: hits over tokens);
//! a share is one too (a label's hits over the contrast's hits). For either:
//!
//! - **Within the group** the variance of `R` is the jackknife (CR3-type) cluster-robust
//!   variance over its units, `V_J = (k−1)/k · Σ_i (y_i − R x_i)² / (1 − h_i)² / X²` with
//!   `h_i = x_i / X` (Bell & McCaffrey 2002; MacKinnon & White 1985), on `ν` degrees of
//!   freedom, Bell and McCaffrey's `ν = (Σ a_i)² / Σ a_i²` with `a_i = x_i² / (1 − h_i)`
//!   (their working model: a unit's variance grows with the square of its size, as
//!   over-dispersed counts do).
//! - **The corpus prior**: the variance a count model fitted to the whole corpus gives. For a
//!   rate, quasi-Poisson: `V_0 = φ Y / X²`, with `φ` the category's dispersion,
//!   `Σ Σ_i (y_i − R x_i)² / (1 − h_i)` over every outlet with two or more articles divided by
//!   their `Σ Y`, never below 1. For a share, beta-binomial: `V_0 = R (1 − R) / X · (1 + ρ Σ_i
//!   x_i (x_i − 1) / X)`, with `ρ` the correlation of two of the contrast's hits in one
//!   article, estimated from the same squares.
//! - **Moderated** (Smyth 2004, limma's moderated t): `V = (d₀ V_0 + ν V_J) / (d₀ + ν)` on
//!   `d₀ + ν` degrees of freedom, with `d₀ =` [`PRIOR_DF`]. With one article (`ν = 0`) the
//!   interval rests on the corpus's dispersion alone; with hundreds, on the outlet's own.
//! - A rate's interval is the Jeffreys Gamma interval `Γ(Y/f + ½)` of the effective count on
//!   the effective exposure `X / f` (`f = V / (Y/X²)`, the moderated variance over the
//!   Poisson one) at the tail probability of the t quantile: positive, skewed like a count,
//!   and bounded however few the hits (a log-scale interval `R · exp(± t √V / R)` explodes
//!   when one hit meets a large `φ`); with no hit, `[0, 2.512 φ / X]` (the Jeffreys upper
//!   bound of a Poisson count of 0, `Γ⁻¹(0.975; ½)`, on the effective exposure `X / φ`). A share's is the beta interval `Beta(y/f + ⅓, (X −
//!   y)/f + ⅓)` on the effective counts (`f = V / (R(1 − R)/X)`; Kerman's neutral prior) at
//!   the tail probability of the t quantile: it stays in [0, 1] and is not a point at 0 % or
//!   100 %.
//! - **A group pooling outlets** (`--by label`): the units are its outlets (their totals), the
//!   variance `max(V_J, V_0)` on `ν` degrees of freedom, with no prior: a claim about
//!   "right-leaning outlets" rests on how its outlets differ, so three outlets give a wide
//!   interval, but never one narrower than their articles' own variation.
//!
//! Everything is a sum over the articles in canonical order, so the intervals are the same
//! whatever the threads, the order of input or the shards.

use statrs::distribution::{Beta, ContinuousCDF, Gamma, Normal, StudentsT};

use super::{GroupIntervals, GroupTotals, Interval, Samples};

/// How intervals are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum IntervalMethod {
    /// This module's: cluster-robust, moderated by the corpus's dispersion (the default).
    #[default]
    Moderated,
    /// The percentile bootstrap over articles ([`super::bootstrap()`]): slant's method before
    /// 0.2; it covers the truth far less than 95 % of the time with few articles.
    Bootstrap,
}

impl IntervalMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalMethod::Moderated => "moderated",
            IntervalMethod::Bootstrap => "bootstrap",
        }
    }
}

/// The settings of a run's intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IntervalSettings {
    pub method: IntervalMethod,
    /// Replicates and seed, for [`IntervalMethod::Bootstrap`].
    pub bootstrap: super::Bootstrap,
}

/// Degrees of freedom the corpus's dispersion counts for (`d₀`): the prior weighs as much as a
/// within-outlet variance estimated on 32 degrees of freedom. Chosen by the coverage
/// simulation in docs/METHODOLOGY.md (16 and 24 over-cover slightly more at 1–10 articles).
pub const PRIOR_DF: f64 = 32.0;

/// Kerman's neutral prior Beta(⅓, ⅓) of a share (Kerman 2011): its posterior median is
/// about the observed share, and its intervals cover better than Jeffreys' Beta(½, ½) with
/// the few effective hits of a small outlet (docs/METHODOLOGY.md, "Intervals").
const NEUTRAL: f64 = 1.0 / 3.0;

/// `Γ⁻¹(0.975; ½)`: the Jeffreys 97.5 % upper bound of a Poisson mean after a count of 0
/// (half the 97.5 % quantile of χ² on 1 degree of freedom, 5.02389 / 2).
const JEFFREYS_ZERO_UPPER: f64 = 2.511_943_093_657_444;

/// Units of ratios in flat arrays: unit `i` has the denominator `x[i]` and the numerators
/// `ys[at[i]..at[i + 1]]` as (slot, count), slots with a count only.
#[derive(Debug, Default, Clone)]
struct Units {
    x: Vec<u64>,
    at: Vec<usize>,
    ys: Vec<(u32, u64)>,
}

impl Units {
    fn push(&mut self, x: u64, ys: impl Iterator<Item = (u32, u64)>) {
        if self.at.is_empty() {
            self.at.push(0);
        }
        self.x.push(x);
        self.ys.extend(ys.filter(|&(_, y)| y > 0));
        self.at.push(self.ys.len());
    }

    /// Σ x, and Σ y per slot: the totals of the units' ratios.
    fn totals(&self, slots: usize) -> (u64, Vec<u64>) {
        let mut y = vec![0; slots];
        let mut x = 0;
        for (xi, ys) in self.each() {
            x += xi;
            for &(s, c) in ys {
                y[s as usize] += c;
            }
        }
        (x, y)
    }

    fn each(&self) -> impl Iterator<Item = (u64, &[(u32, u64)])> + '_ {
        self.x
            .iter()
            .enumerate()
            .map(|(i, &x)| (x, &self.ys[self.at[i]..self.at[i + 1]]))
    }
}

/// What the variance of the ratios of a set of units is made of, per numerator slot.
#[derive(Debug, Clone, Default, PartialEq)]
struct Spread {
    /// Units with a nonzero denominator.
    k: usize,
    /// Σ x.
    x: f64,
    /// Σ y per slot.
    y: Vec<f64>,
    /// `(k−1)/k · Σ_i (y_i − R x_i)² / (1 − h_i)²` per slot (the jackknife's); 0 with fewer
    /// than 2 units.
    rss: Vec<f64>,
    /// `Σ_i (y_i − R x_i)² / (1 − h_i)` per slot (HC2's leverage correction, which makes a
    /// squared residual an unbiased estimate of its unit's variance: MacKinnon & White
    /// 1985): what the corpus's dispersion is estimated from.
    rss_unbiased: Vec<f64>,
    /// Bell–McCaffrey degrees of freedom `ν` (0 with fewer than 2 units).
    df: f64,
}

impl Spread {
    fn of(units: &Units, slots: usize) -> Spread {
        let (x, y) = units.totals(slots);
        let y: Vec<f64> = y.into_iter().map(|c| c as f64).collect();
        let k = units.x.iter().filter(|&&xi| xi > 0).count();
        let total = x as f64;
        let mut out = Spread {
            k,
            x: total,
            rss: vec![0.0; slots],
            rss_unbiased: vec![0.0; slots],
            y,
            df: 0.0,
        };
        if k < 2 {
            return out;
        }
        // Σ_i w_i (y_i − R x_i)² = R² Σ_i w_i x_i² + Σ_i w_i (y_i² − 2 R x_i y_i), where
        // only units with y_i > 0 add to the second sum: one pass over the nonzero counts.
        let (mut s2, mut s2_unbiased, mut d1, mut d2) = (0.0, 0.0, 0.0, 0.0);
        let mut cross = vec![0.0; slots];
        let mut cross_unbiased = vec![0.0; slots];
        for (xi, ys) in units.each() {
            if xi == 0 {
                continue;
            }
            let xi = xi as f64;
            let h = xi / total;
            let w = 1.0 / ((1.0 - h) * (1.0 - h));
            s2 += w * xi * xi;
            s2_unbiased += xi * xi / (1.0 - h);
            let a = xi * xi / (1.0 - h);
            d1 += a;
            d2 += a * a;
            for &(s, c) in ys {
                let (r, c) = (out.y[s as usize] / total, c as f64);
                let term = c * c - 2.0 * r * xi * c;
                cross[s as usize] += w * term;
                cross_unbiased[s as usize] += term / (1.0 - h);
            }
        }
        let scale = (k - 1) as f64 / k as f64;
        for s in 0..slots {
            if out.y[s] > 0.0 {
                let r = out.y[s] / total;
                out.rss[s] = (scale * (r * r * s2 + cross[s])).max(0.0);
                out.rss_unbiased[s] = (r * r * s2_unbiased + cross_unbiased[s]).max(0.0);
            }
        }
        out.df = d1 * d1 / d2;
        out
    }
}

/// The corpus's dispersion `φ` of every statistic: the prior of each group's interval.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dispersion {
    pub rate: Vec<f64>,
    pub narrator_rate: Vec<f64>,
    /// Per contrast, per member: `ρ`, the correlation of two of the contrast's hits in one
    /// article (the beta-binomial's intra-class correlation), in [0, 1].
    pub share: Vec<Vec<f64>>,
}

/// The units of one outlet's articles: for rates (tokens), narrator rates (narrator tokens),
/// and each contrast (its hits, by member).
struct ArticleUnits {
    rates: Units,
    narrator: Units,
    shares: Vec<Units>,
    /// Per contrast: `Σ x_i (x_i − 1)` over the articles (`x_i` the article's hits in the
    /// contrast), whatever the units: the pairs of hits that share an article.
    pairs: Vec<f64>,
}

/// Which (contrast, member) each slot is in.
fn members_of(slots: usize, contrasts: &[Vec<usize>]) -> Vec<Vec<(usize, usize)>> {
    let mut of = vec![Vec::new(); slots];
    for (c, members) in contrasts.iter().enumerate() {
        for (m, &s) in members.iter().enumerate() {
            if s < slots {
                of[s].push((c, m));
            }
        }
    }
    of
}

impl ArticleUnits {
    fn of(samples: &Samples, members: &[Vec<(usize, usize)>], contrasts: usize) -> ArticleUnits {
        let mut out = ArticleUnits {
            rates: Units::default(),
            narrator: Units::default(),
            shares: vec![Units::default(); contrasts],
            pairs: vec![0.0; contrasts],
        };
        let mut hits: Vec<Vec<(u32, u64)>> = vec![Vec::new(); contrasts];
        for (tokens, narrator, counts) in samples.each() {
            out.rates
                .push(tokens, counts.iter().map(|e| (e[0], u64::from(e[1]))));
            out.narrator
                .push(narrator, counts.iter().map(|e| (e[0], u64::from(e[2]))));
            for e in counts {
                for &(c, m) in members.get(e[0] as usize).map_or(&[][..], |v| v) {
                    hits[c].push((m as u32, u64::from(e[1])));
                }
            }
            for (c, h) in hits.iter_mut().enumerate() {
                if !h.is_empty() {
                    let x: u64 = h.iter().map(|&(_, y)| y).sum();
                    out.pairs[c] += (x as f64) * (x as f64 - 1.0);
                    out.shares[c].push(x, h.drain(..));
                }
            }
        }
        out
    }

    /// One unit per outlet: each outlet's totals.
    fn of_outlets(
        clusters: &[Samples],
        members: &[Vec<(usize, usize)>],
        slots: usize,
        contrasts: &[Vec<usize>],
    ) -> ArticleUnits {
        let mut out = ArticleUnits {
            rates: Units::default(),
            narrator: Units::default(),
            shares: vec![Units::default(); contrasts.len()],
            pairs: vec![0.0; contrasts.len()],
        };
        for cluster in clusters {
            let a = ArticleUnits::of(cluster, members, contrasts.len());
            for (total, p) in out.pairs.iter_mut().zip(&a.pairs) {
                *total += p;
            }
            // the outlet as one unit: its totals
            let add = |into: &mut Units, units: &Units, slots: usize| {
                let (x, y) = units.totals(slots);
                // an outlet without tokens (or contrast hits) adds nothing to any sum
                if x > 0 {
                    into.push(x, y.into_iter().enumerate().map(|(s, c)| (s as u32, c)));
                }
            };
            add(&mut out.rates, &a.rates, slots);
            add(&mut out.narrator, &a.narrator, slots);
            for (c, members) in contrasts.iter().enumerate() {
                add(&mut out.shares[c], &a.shares[c], members.len());
            }
        }
        out
    }
}

/// Adds an outlet's rates to the sums `(Σ rss, Σ Y)` of each slot: their ratio is `φ`.
fn add_rate_dispersion(sums: &mut [(f64, f64)], sp: &Spread) {
    if sp.k < 2 {
        return;
    }
    for (s, sum) in sums.iter_mut().enumerate() {
        if sp.y[s] > 0.0 {
            sum.0 += sp.rss_unbiased[s];
            sum.1 += sp.y[s];
        }
    }
}

/// Adds an outlet's shares to the sums `(Σ (rss − p(1−p) X), Σ p(1−p) Σ x(x−1))` of each
/// member: their ratio is `ρ`, the correlation of two hits in one article.
fn add_share_dispersion(sums: &mut [(f64, f64)], sp: &Spread, pairs: f64) {
    if sp.k < 2 || pairs <= 0.0 {
        return;
    }
    for (m, sum) in sums.iter_mut().enumerate() {
        let p = sp.y[m] / sp.x;
        let pq = p * (1.0 - p);
        if pq > 0.0 {
            sum.0 += sp.rss_unbiased[m] - pq * sp.x;
            sum.1 += pq * pairs;
        }
    }
}

/// `φ` of each slot: `Σ rss_unbiased / Σ Y`, at least 1 (1 when no outlet has two articles with a hit).
fn ratio(sums: &[(f64, f64)]) -> Vec<f64> {
    sums.iter()
        .map(|&(rss, expected)| {
            if expected > 0.0 {
                (rss / expected).max(1.0)
            } else {
                1.0
            }
        })
        .collect()
}

/// The corpus's dispersion of every statistic, from every outlet (of every group) with two or
/// more articles.
pub fn dispersion<'a>(
    groups: impl IntoIterator<Item = &'a GroupTotals>,
    slots: usize,
    contrasts: &[Vec<usize>],
) -> Dispersion {
    let members = members_of(slots, contrasts);
    let mut rate = vec![(0.0, 0.0); slots];
    let mut narrator = vec![(0.0, 0.0); slots];
    let mut share: Vec<Vec<(f64, f64)>> = contrasts
        .iter()
        .map(|c| vec![(0.0, 0.0); c.len()])
        .collect();
    for group in groups {
        for samples in group.clusters.values() {
            if samples.len() < 2 {
                continue;
            }
            let a = ArticleUnits::of(&samples.canonical(), &members, contrasts.len());
            add_rate_dispersion(&mut rate, &Spread::of(&a.rates, slots));
            add_rate_dispersion(&mut narrator, &Spread::of(&a.narrator, slots));
            for (c, m) in contrasts.iter().enumerate() {
                let sp = Spread::of(&a.shares[c], m.len());
                add_share_dispersion(&mut share[c], &sp, a.pairs[c]);
            }
        }
    }
    Dispersion {
        rate: ratio(&rate),
        narrator_rate: ratio(&narrator),
        share: share
            .iter()
            .map(|members| {
                members
                    .iter()
                    .map(|&(excess, pairs)| {
                        if pairs > 0.0 {
                            (excess / pairs).clamp(0.0, 1.0)
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

/// The variance and degrees of freedom of a ratio: moderated by the prior within one outlet,
/// from the outlets themselves (never below the prior's variance) for a group of outlets.
fn moderated(v0: f64, vj: f64, df: f64, pooled_outlets: bool) -> (f64, f64) {
    if pooled_outlets && df > 0.0 {
        (vj.max(v0), df)
    } else {
        ((PRIOR_DF * v0 + df * vj) / (PRIOR_DF + df), PRIOR_DF + df)
    }
}

/// The 97.5 % quantile of Student's t on `df` degrees of freedom.
fn t975(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df.max(1.0)).map_or(1.959_963_984_540_054, |t| t.inverse_cdf(0.975))
}

/// The interval of a rate per 10,000 tokens (see the module's documentation): the Jeffreys
/// Gamma interval of the effective count `Y / f` over the effective exposure `X / f`, `f = V /
/// (Y / X²)` the moderated variance over the Poisson one, at the tail probability `tail` of
/// the t quantile.
fn rate_interval(sp: &Spread, s: usize, phi: f64, df: f64, pooled_outlets: bool) -> Interval {
    if sp.x <= 0.0 {
        return None;
    }
    let y = sp.y[s];
    if y <= 0.0 {
        return Some((0.0, JEFFREYS_ZERO_UPPER * phi / sp.x * 10_000.0));
    }
    let r = y / sp.x;
    let poisson = y / (sp.x * sp.x);
    let v0 = phi * poisson;
    let vj = sp.rss[s] / (sp.x * sp.x);
    let (v, df) = moderated(v0, vj, df, pooled_outlets);
    let effective = if v > 0.0 { v / poisson } else { phi };
    let tail = t_tail(df);
    let gamma = Gamma::new(y / effective + 0.5, 1.0).ok()?;
    let scale = effective / sp.x * 10_000.0;
    let lo = gamma_quantile(&gamma, tail) * scale;
    let hi = gamma_quantile(&gamma, 1.0 - tail) * scale;
    Some((lo.min(r * 10_000.0), hi.max(r * 10_000.0)))
}

/// The `p` quantile of `gamma`. statrs' inverse gives NaN for a low quantile of a shape near
/// ½ (one hit over a large dispersion); there the quantile is found by bisecting the CDF on
/// the log scale, from below 10⁻³⁰⁰ to its upper quantile.
fn gamma_quantile(gamma: &Gamma, p: f64) -> f64 {
    let q = gamma.inverse_cdf(p);
    if q.is_finite() {
        return q;
    }
    let (mut lo, mut hi) = (-700.0_f64, gamma.inverse_cdf(0.999).max(1.0).ln());
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if gamma.cdf(mid.exp()) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (0.5 * (lo + hi)).exp()
}

/// The normal tail probability of the t quantile on `df` degrees of freedom: the level at
/// which an interval built on a normal-like law (Beta, Gamma) is as wide as Student's.
fn t_tail(df: f64) -> f64 {
    Normal::new(0.0, 1.0).map_or(0.025, |z| z.cdf(-t975(df)))
}

/// The interval of a contrast share (see the module's documentation): `pairs` is `Σ x_i (x_i
/// − 1)` over the articles, `rho` the corpus's correlation of two hits in one article.
fn share_interval(sp: &Spread, m: usize, rho: f64, pairs: f64, pooled_outlets: bool) -> Interval {
    if sp.x <= 0.0 {
        return None;
    }
    let (y, n) = (sp.y[m], sp.x);
    let p = y / n;
    let vb = p * (1.0 - p) / n;
    // the beta-binomial variance factor of these articles: 1 + ρ Σ x(x−1) / X
    let factor = 1.0 + rho * pairs / n;
    let (v, df) = moderated(factor * vb, sp.rss[m] / (n * n), sp.df, pooled_outlets);
    let effective = if vb > 0.0 && v > 0.0 { v / vb } else { factor };
    let tail = t_tail(df);
    let (a, b) = (y / effective + NEUTRAL, (n - y) / effective + NEUTRAL);
    let beta = Beta::new(a, b).ok()?;
    let lo = if y <= 0.0 {
        0.0
    } else {
        beta.inverse_cdf(tail)
    };
    let hi = if y >= n {
        1.0
    } else {
        beta.inverse_cdf(1.0 - tail)
    };
    Some((lo.min(p), hi.max(p)))
}

/// The intervals of one group's rates, narrator rates and contrast shares, with the corpus's
/// dispersion `prior` ([`dispersion`]).
pub fn intervals(
    totals: &GroupTotals,
    slots: usize,
    contrasts: &[Vec<usize>],
    prior: &Dispersion,
) -> GroupIntervals {
    let members = members_of(slots, contrasts);
    let clusters: Vec<Samples> = totals.clusters.values().map(Samples::canonical).collect();
    let pooled = clusters.iter().filter(|c| !c.is_empty()).count() > 1;
    let units = if pooled {
        ArticleUnits::of_outlets(&clusters, &members, slots, contrasts)
    } else {
        // one outlet has all the articles (the others, if any, none)
        let none = Samples::default();
        let only = clusters.iter().find(|c| !c.is_empty()).unwrap_or(&none);
        ArticleUnits::of(only, &members, contrasts.len())
    };
    let phi_of = |v: &[f64], s: usize| v.get(s).copied().unwrap_or(1.0);
    let rates = |u: &Units, phis: &[f64]| -> Vec<Interval> {
        let sp = Spread::of(u, slots);
        (0..slots)
            .map(|s| rate_interval(&sp, s, phi_of(phis, s), sp.df, pooled))
            .collect()
    };
    GroupIntervals {
        rate: rates(&units.rates, &prior.rate),
        narrator_rate: rates(&units.narrator, &prior.narrator_rate),
        share: contrasts
            .iter()
            .enumerate()
            .map(|(c, m)| {
                let sp = Spread::of(&units.shares[c], m.len());
                let rhos = prior.share.get(c).map_or(&[][..], |v| v);
                let rho = |j: usize| rhos.get(j).copied().unwrap_or(0.0);
                (0..m.len())
                    .map(|j| share_interval(&sp, j, rho(j), units.pairs[c], pooled))
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod quantile_tests {
    use super::*;

    /// Low Gamma quantiles where statrs' inverse fails, against scipy's `gamma.ppf`.
    #[test]
    fn gamma_quantiles_of_small_shapes() {
        for (shape, p, want) in [
            (0.525, 0.021, 5.075_185_005_434_048e-4),
            (0.5001, 0.021, 3.469_956_687_067_839e-4),
            (0.6, 0.021, 1.326_056_615_563_882_1e-3),
        ] {
            let got = gamma_quantile(&Gamma::new(shape, 1.0).unwrap(), p);
            assert!(
                (got / want - 1.0).abs() < 1e-5,
                "{shape} {p}: {got} vs {want}"
            );
        }
    }
}
