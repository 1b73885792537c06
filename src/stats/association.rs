//! Statistics of association for keyness and distances: χ², G², log-odds with a Dirichlet
//! prior, p-values and the Jensen–Shannon divergence.

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

    proptest! {
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
