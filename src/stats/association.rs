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
/// "Fightin' words", Political Analysis 16(4): 372–403, eqs. 16–18):
///
/// `δ = ln[(y_t + α) / (n_t + α0 − y_t − α)] − ln[(y_r + α) / (n_r + α0 − y_r − α)]`,
/// `Var δ ≈ 1/(y_t + α) + 1/(n_t + α0 − y_t − α) + 1/(y_r + α) + 1/(n_r + α0 − y_r − α)`,
/// `z = δ / √Var δ`.
///
/// The variance keeps all four terms of the delta method, as scattertext 0.2 does; Monroe et
/// al.'s eq. 18 drops the two "other tokens" terms, which are negligible when the feature is a
/// small part of the text. `α` is the feature's prior count and `α0` the prior's total; see
/// [`Prior`]. Positive when the target uses the feature more.
pub fn log_odds(t: &TwoByTwo, alpha: f64, alpha0: f64) -> (f64, f64) {
    let (a_t, b_t) = (t.y_t + alpha, t.n_t + alpha0 - t.y_t - alpha);
    let (a_r, b_r) = (t.y_r + alpha, t.n_r + alpha0 - t.y_r - alpha);
    let delta = (a_t / b_t).ln() - (a_r / b_r).ln();
    let z = delta / (1.0 / a_t + 1.0 / b_t + 1.0 / a_r + 1.0 / b_r).sqrt();
    (delta, z)
}

/// The pseudo-count total of the default informative prior: see [`Prior::Informative`].
pub const DEFAULT_PRIOR_TOTAL: f64 = 10.0;

/// The Dirichlet prior of [`log_odds`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// Informative, σ-scaled (Monroe et al. §3.5.3; scattertext's
    /// `LogOddsRatioInformativeDirichletPrior(scale_type='word')`): `α_w = σ × c_w / C` with
    /// `c_w` the feature's count in the whole corpus and `C` the corpus's tokens, `α0 = σ`. The
    /// prior is worth σ tokens whatever the corpus size, so it pulls a feature seen a handful of
    /// times toward the corpus rate and leaves one seen hundreds of times at its observed
    /// log-odds (SANA's 418 vs Reuters' 4 gives δ ≈ 4.6 with σ = 10). The default σ is
    /// [`DEFAULT_PRIOR_TOTAL`].
    Informative { total: f64 },
    /// The corpus itself as the prior: `α_w = c_w`, `α0 = C` (the empirical-Bayes weighting of
    /// Silge & Robinson's tidylo, before this release slant's default). The prior is as large as
    /// the data, so it shrinks every effect, large ones most: kept for comparison with older
    /// results.
    Corpus,
    /// Uniform: `α_w = A` for every feature, `α0 = A × V` with `V` the number of distinct word
    /// types in the corpus (Monroe et al. §3.5.2; scattertext's default `A = 0.01`).
    Uniform(f64),
}

impl Default for Prior {
    fn default() -> Prior {
        Prior::Informative {
            total: DEFAULT_PRIOR_TOTAL,
        }
    }
}

impl Prior {
    /// `(α_w, α0)` for a feature with `corpus_count` occurrences in a corpus of `corpus_tokens`
    /// tokens and `types` distinct word types.
    pub fn alphas(self, corpus_count: u64, corpus_tokens: u64, types: u64) -> (f64, f64) {
        match self {
            Prior::Informative { total } => {
                let share = if corpus_tokens > 0 {
                    corpus_count as f64 / corpus_tokens as f64
                } else {
                    0.0
                };
                (total * share, total)
            }
            Prior::Corpus => (corpus_count as f64, corpus_tokens as f64),
            Prior::Uniform(a) => (a, a * types as f64),
        }
    }

    /// Whether the prior needs only the counts the tables hold (not every word type's).
    pub fn from_counts(self) -> bool {
        !matches!(self, Prior::Uniform(_))
    }

    /// How the manifest records it, and how [`Prior::parse`] reads it back.
    pub fn describe(self) -> String {
        match self {
            Prior::Informative { total } => format!("informative sigma={total}"),
            Prior::Corpus => "corpus".to_string(),
            Prior::Uniform(a) => format!("uniform alpha={a}"),
        }
    }

    /// Reads [`Prior::describe`]'s text; also the text of manifests written before σ-scaling
    /// (`informative (corpus counts)`, which was [`Prior::Corpus`]).
    pub fn parse(text: &str) -> Option<Prior> {
        let number = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite() && *x > 0.0);
        if let Some(s) = text.strip_prefix("informative sigma=") {
            return number(s).map(|total| Prior::Informative { total });
        }
        if let Some(a) = text.strip_prefix("uniform alpha=") {
            return number(a).map(Prior::Uniform);
        }
        match text {
            "corpus" | "informative (corpus counts)" => Some(Prior::Corpus),
            _ => None,
        }
    }
}

/// The log ratio (Hardie 2014, "Log Ratio: an informal introduction", CASS Lancaster): the
/// binary log of the ratio of the two relative frequencies, with 0.5 added to each count so a
/// zero count gives a finite value,
/// `LR = log2[((y_t + 0.5) / n_t) / ((y_r + 0.5) / n_r)]`,
/// and its 95 % interval from the delta-method standard error of a log rate ratio of two
/// Poisson counts, `SE(ln ratio) = √(1/(y_t + 0.5) + 1/(y_r + 0.5))`:
/// `LR ± 1.96 × SE / ln 2`. LR = 1 means the target uses the feature twice as often. It is an
/// effect size: it does not grow with the corpus the way χ² and G² do. `None` when either side
/// has no tokens.
pub fn log_ratio(t: &TwoByTwo) -> Option<(f64, f64, f64)> {
    if t.n_t <= 0.0 || t.n_r <= 0.0 {
        return None;
    }
    let (a, b) = (t.y_t + 0.5, t.y_r + 0.5);
    let ln = (a / t.n_t).ln() - (b / t.n_r).ln();
    let se = (1.0 / a + 1.0 / b).sqrt();
    let l2 = std::f64::consts::LN_2;
    Some((ln / l2, (ln - Z_95 * se) / l2, (ln + Z_95 * se) / l2))
}

/// The 97.5th percentile of the standard normal distribution.
pub const Z_95: f64 = 1.959963984540054;

/// Benjamini–Hochberg adjusted p-values (Benjamini & Hochberg 1995, "Controlling the false
/// discovery rate", JRSS B 57(1): 289–300): with the m p-values in increasing order
/// `p_(1) ≤ … ≤ p_(m)`, `q_(i) = min_{k ≥ i} min(1, p_(k) × m / k)`. A feature with q ≤ 0.05 is a
/// discovery at a false discovery rate of 5 % among the m tested together. Returned in the
/// order of `p`; a NaN p gives a NaN q and does not count in m.
pub fn bh_q(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let m = order.len() as f64;
    let mut q = vec![f64::NAN; p.len()];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m / (rank + 1) as f64).min(1.0);
        q[i] = running;
    }
    q
}

/// A p-value as text: two significant digits in scientific notation (`5.0e-26`), `< 1e-300`
/// below what a double holds with precision, `–` when undefined.
pub fn format_p(p: f64) -> String {
    if p.is_nan() {
        "–".to_string()
    } else if p < 1e-300 {
        "< 1e-300".to_string()
    } else if p >= 0.001 {
        format!("{p:.3}")
    } else {
        format!("{p:.1e}")
    }
}

/// All keyness statistics of one feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    pub log_odds: f64,
    pub z: f64,
    pub chi2: f64,
    pub g2: f64,
    /// From G² with 1 degree of freedom (the likelihood-ratio test).
    pub p: f64,
    /// [`log_ratio`] and its 95 % interval (NaN when a side has no tokens).
    pub log_ratio: f64,
    pub log_ratio_low: f64,
    pub log_ratio_high: f64,
}

pub fn keyness(t: &TwoByTwo, alpha: f64, alpha0: f64) -> Keyness {
    let (log_odds, z) = log_odds(t, alpha, alpha0);
    let g2 = g2(t);
    let (log_ratio, log_ratio_low, log_ratio_high) =
        log_ratio(t).unwrap_or((f64::NAN, f64::NAN, f64::NAN));
    Keyness {
        log_odds,
        z,
        chi2: chi2(t),
        g2,
        p: p_chi2_1df(g2),
        log_ratio,
        log_ratio_low,
        log_ratio_high,
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
        // z with the four-term variance: scattertext 0.2.2's
        // LogOddsRatioUninformativeDirichletPrior(alpha_w).get_zeta_i_j_given_separate_counts
        // on y_i = [7, 3], y_j = [2, 7].
        for (a, delta, z) in [
            (0.01, 2.094601, 1.983604),
            (0.1, 2.046850, 1.969162),
            (1.0, 1.673976, 1.833749),
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

    /// scattertext 0.2.2's LogOddsRatioInformativeDirichletPrior(priors = y_i + y_j, sigma,
    /// scale_type='word') on a five-word vocabulary; δ by hand from eq. 16.
    #[test]
    fn informative_prior_matches_scattertext() {
        let y_i = [12u64, 7, 3, 0, 40];
        let y_j = [1u64, 2, 9, 6, 38];
        let (n_i, n_j) = (y_i.iter().sum::<u64>(), y_j.iter().sum::<u64>());
        let expected = [
            (10.0, [2.499656, 1.407993, -1.794177, -1.863540, -0.353822]),
            (100.0, [1.826199, 0.954475, -1.218796, -1.567693, -0.232947]),
        ];
        for (sigma, zs) in expected {
            for w in 0..5 {
                let t = TwoByTwo::new(y_i[w], n_i, y_j[w], n_j);
                let prior = Prior::Informative { total: sigma };
                let (alpha, alpha0) = prior.alphas(y_i[w] + y_j[w], n_i + n_j, 5);
                let (d, z) = log_odds(&t, alpha, alpha0);
                close(z, zs[w]);
                if sigma == 10.0 {
                    close(d, [1.911478, 1.017429, -1.107965, -2.733190, -0.127576][w]);
                }
            }
        }
    }

    #[test]
    fn large_effects_are_not_shrunk() {
        // The SANA/Reuters case of the keyness issue: 418 of 13,966 tokens against 4 of
        // 13,585. The observed log-odds is about 4.6; the σ-scaled prior keeps it, the corpus
        // prior shrank it to almost nothing.
        let t = TwoByTwo::new(418, 13_966, 4, 13_585);
        let (a, a0) = Prior::default().alphas(422, 27_551, 0);
        let (d, z) = log_odds(&t, a, a0);
        assert!((4.5..4.7).contains(&d) && z > 9.0, "δ {d}, z {z}");
        let (a, a0) = Prior::Corpus.alphas(422, 27_551, 0);
        // on these two outlets alone the corpus prior gives 0.68; on all of FA-KES, 0.20
        assert!(log_odds(&t, a, a0).0 < 1.0);
    }

    #[test]
    fn priors_read_back() {
        for p in [Prior::default(), Prior::Corpus, Prior::Uniform(0.01)] {
            assert_eq!(Prior::parse(&p.describe()), Some(p));
        }
        assert_eq!(
            Prior::parse("informative (corpus counts)"),
            Some(Prior::Corpus)
        );
        assert_eq!(Prior::parse("uniform alpha=-1"), None);
    }

    #[test]
    fn log_ratio_by_hand() {
        // log2((7.5/10) / (2.5/9)) = log2(2.7); SE = √(1/7.5 + 1/2.5)
        let (lr, low, high) = log_ratio(&TwoByTwo::new(7, 10, 2, 9)).unwrap();
        close(lr, 1.432959);
        close(low, -0.632050);
        close(high, 3.497969);
        // a zero count stays finite, and the interval is wide
        let (lr, low, high) = log_ratio(&TwoByTwo::new(0, 13_966, 108, 13_585)).unwrap();
        close(lr, (0.5f64 / 13_966.0 / (108.5 / 13_585.0)).log2());
        assert!(low < lr && lr < high && high < -3.0);
        assert_eq!(log_ratio(&TwoByTwo::new(0, 0, 1, 10)), None);
    }

    #[test]
    fn benjamini_hochberg() {
        // sorted 0.01, 0.03, 0.04, 0.5 (m = 4): 0.04, 0.06, 0.0533, 0.5, then the running
        // minimum from the top; R's p.adjust(c(.01, .04, .03, .5), "BH") gives the same.
        let q = bh_q(&[0.01, 0.04, 0.03, 0.5]);
        for (a, b) in q
            .iter()
            .zip([0.04, 0.04 * 4.0 / 3.0, 0.04 * 4.0 / 3.0, 0.5])
        {
            close(*a, b);
        }
        let q = bh_q(&[f64::NAN, 0.2]);
        assert!(q[0].is_nan());
        close(q[1], 0.2);
        assert!(bh_q(&[]).is_empty());
    }

    #[test]
    fn p_as_text() {
        assert_eq!(format_p(5.0e-26), "5.0e-26");
        assert_eq!(format_p(0.0), "< 1e-300");
        assert_eq!(format_p(0.0312), "0.031");
        assert_eq!(format_p(0.000_21), "2.1e-4");
        assert_eq!(format_p(f64::NAN), "–");
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
            let (l1, lo1, hi1) = log_ratio(&a).unwrap();
            let (l2, lo2, hi2) = log_ratio(&b).unwrap();
            prop_assert!((l1 + l2).abs() < 1e-9 && (lo1 + hi2).abs() < 1e-9 && (hi1 + lo2).abs() < 1e-9);
        }

        /// A q value is at least its p, at most 1, and in the order of the p values.
        #[test]
        fn q_values_keep_order(p in proptest::collection::vec(0.0f64..1.0, 0..40)) {
            let q = bh_q(&p);
            for i in 0..p.len() {
                prop_assert!(q[i] >= p[i] * (1.0 - 1e-12) && q[i] <= 1.0);
                for j in 0..p.len() {
                    if p[i] < p[j] {
                        prop_assert!(q[i] <= q[j]);
                    }
                }
            }
        }
    }
}
