//! Keyness: which features set an outlet apart, from all the other outlets or from one.
//!
//! [`compare`] builds, for a target outlet and a reference (all other outlets, or one outlet),
//! one [`KeynessRow`] per feature: every lexicon category, every lexicon term, and, when word
//! types were counted, the most distinctive word types both ways. The statistics are those of
//! [`crate::stats`]: log-odds with a Dirichlet prior and its z (Monroe et al. 2008), Pearson χ²,
//! Dunning's G² and its p-value, the log ratio with its interval (Hardie 2014), and the
//! Benjamini–Hochberg q of each family of features. Positive values mean the target uses the
//! feature more. It reads only per-outlet [`Totals`]: it never recounts.
//!
//! [`directions`] picks what a report shows: the features a target uses more, those it uses
//! less, and those it never uses that the reference uses often ("absent"), each ranked by a
//! [`Rank`].

use crate::analysis::Analyzer;
use crate::stats::{bh_q, keyness, per_10k, GroupTotals, Keyness, Prior, Totals, TwoByTwo};

/// What the target is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// All the other outlets together.
    Rest,
    Outlet(String),
}

impl Reference {
    pub fn name(&self) -> &str {
        match self {
            Reference::Rest => "(all others)",
            Reference::Outlet(o) => o,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeatureKind {
    Category,
    Term,
    Word,
}

impl FeatureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Category => "category",
            FeatureKind::Term => "term",
            FeatureKind::Word => "word",
        }
    }
}

/// One feature of one comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessRow {
    pub target: String,
    pub reference: String,
    /// The lexicon of a category or term feature.
    pub lexicon: Option<String>,
    /// The category of a category or term feature.
    pub category: Option<String>,
    /// The category name, the term as written, or the word type.
    pub feature: String,
    pub kind: FeatureKind,
    pub target_count: u64,
    pub reference_count: u64,
    pub target_tokens: u64,
    pub reference_tokens: u64,
    pub stats: Keyness,
    /// The Benjamini–Hochberg q of `stats.p` among the features of its family in this
    /// comparison: the categories, the terms, or every word type tested (not only those kept).
    pub q: f64,
    /// The smaller of the two expected counts under equal rates,
    /// `min(n_t, n_r) × (y_t + y_r) / (n_t + n_r)`: under 5, the comparison says little.
    pub expected: f64,
}

impl KeynessRow {
    pub fn target_per_10k(&self) -> Option<f64> {
        per_10k(self.target_count, self.target_tokens)
    }

    pub fn reference_per_10k(&self) -> Option<f64> {
        per_10k(self.reference_count, self.reference_tokens)
    }

    /// Whether an expected count is under 5.
    pub fn small(&self) -> bool {
        self.expected < 5.0
    }

    /// Whether the target never uses a feature the reference uses at least `min` times.
    pub fn absent(&self, min: u64) -> bool {
        self.target_count == 0 && self.reference_count >= min.max(1)
    }
}

/// The statistic that ranks features in reports and picks the word types kept.
///
/// The default is G²: it is the likelihood-ratio test of equal rates, needs no prior, and
/// ranks a feature an outlet never uses (0 against 108) as high as its evidence deserves. The z
/// of the prior-smoothed log-odds cannot: a zero count leaves only the prior, whose small
/// pseudo-count makes the variance large, so on FA-KES `opposition_label` (SANA 0, Reuters 108)
/// gets z −1.6 and ranks below trivial terms, while its G² (153) is the third largest
/// difference between the two. docs/METHODOLOGY.md has the cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Rank {
    #[default]
    G2,
    Z,
    Chi2,
    LogRatio,
}

impl Rank {
    pub fn as_str(self) -> &'static str {
        match self {
            Rank::G2 => "g2",
            Rank::Z => "z",
            Rank::Chi2 => "chi2",
            Rank::LogRatio => "log_ratio",
        }
    }

    /// How a report names it.
    pub fn title(self) -> &'static str {
        match self {
            Rank::G2 => "G²",
            Rank::Z => "z of the log-odds ratio",
            Rank::Chi2 => "χ²",
            Rank::LogRatio => "log ratio",
        }
    }

    /// The signed value it ranks by: positive when the target uses the feature more.
    pub fn value(self, k: &Keyness) -> f64 {
        let v = match self {
            Rank::G2 => k.g2,
            Rank::Z => k.z,
            Rank::Chi2 => k.chi2,
            Rank::LogRatio => k.log_ratio,
        };
        if v.is_nan() {
            0.0
        } else {
            v
        }
    }
}

/// What a report shows of one comparison.
#[derive(Debug, Default)]
pub struct Directions<'a> {
    /// Used more by the target, strongest first.
    pub more: Vec<&'a KeynessRow>,
    /// Used by the target, but less, strongest first.
    pub less: Vec<&'a KeynessRow>,
    /// Never used by the target, used at least `absent_min` times by the reference, strongest
    /// first.
    pub absent: Vec<&'a KeynessRow>,
}

/// Splits `rows` into [`Directions`], each ranked by `rank` and cut to `show` rows. Rows the
/// target never uses that the reference uses fewer than `absent_min` times are left out of
/// every list (too rare to say the outlet avoids them).
pub fn directions<'a>(
    rows: impl IntoIterator<Item = &'a KeynessRow>,
    rank: Rank,
    show: usize,
    absent_min: u64,
) -> Directions<'a> {
    let mut sorted: Vec<&KeynessRow> = rows.into_iter().collect();
    sorted.sort_by(|a, b| {
        rank.value(&b.stats)
            .total_cmp(&rank.value(&a.stats))
            .then_with(|| a.feature.cmp(&b.feature))
            .then_with(|| a.category.cmp(&b.category))
    });
    let mut d = Directions::default();
    for &r in &sorted {
        if rank.value(&r.stats) > 0.0 && d.more.len() < show {
            d.more.push(r);
        }
    }
    for &r in sorted.iter().rev() {
        if rank.value(&r.stats) >= 0.0 {
            break;
        }
        if r.target_count > 0 {
            if d.less.len() < show {
                d.less.push(r);
            }
        } else if r.absent(absent_min) && d.absent.len() < show {
            d.absent.push(r);
        }
    }
    d
}

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub prior: Prior,
    /// What picks the word types kept.
    pub rank: Rank,
    /// Word types kept per comparison in each direction (by `rank`, most positive and most
    /// negative).
    pub top_words: usize,
    /// Word types used fewer times than this by target and reference together are skipped.
    pub min_word_count: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prior: Prior::default(),
            rank: Rank::default(),
            top_words: 100,
            min_word_count: 5,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeynessError {
    #[error("no outlet named `{name}` in the corpus; outlets: {known}")]
    UnknownOutlet { name: String, known: String },
    #[error("`{0}` is both the target and the reference; compare two different outlets")]
    SameOutlet(String),
}

fn lookup<'t>(totals: &'t Totals, name: &str) -> Result<&'t GroupTotals, KeynessError> {
    totals.groups.get(name).ok_or_else(|| {
        let known: Vec<&str> = totals.groups.keys().map(String::as_str).collect();
        let mut known = known.join(", ");
        if known.len() > 400 {
            known.truncate(400);
            known.push('…');
        }
        KeynessError::UnknownOutlet {
            name: name.to_string(),
            known,
        }
    })
}

/// `a − b`, slot by slot (b ⊆ a).
fn minus(a: &[u64], b: &[u64]) -> Vec<u64> {
    a.iter()
        .enumerate()
        .map(|(i, &x)| x - b.get(i).copied().unwrap_or(0))
        .collect()
}

/// Compares `target` with `reference` on every feature.
pub fn compare(
    analyzer: &Analyzer,
    totals: &Totals,
    target: &str,
    reference: &Reference,
    options: Options,
) -> Result<Vec<KeynessRow>, KeynessError> {
    let corpus = totals.corpus();
    compare_with_corpus(analyzer, totals, &corpus, target, reference, options)
}

/// Each outlet against all the others, in outlet order.
pub fn against_rest(analyzer: &Analyzer, totals: &Totals, options: Options) -> Vec<KeynessRow> {
    let corpus = totals.corpus();
    if totals.groups.len() < 2 {
        return Vec::new();
    }
    totals
        .groups
        .keys()
        .flat_map(|name| {
            compare_with_corpus(analyzer, totals, &corpus, name, &Reference::Rest, options)
                .unwrap_or_default()
        })
        .collect()
}

fn compare_with_corpus(
    analyzer: &Analyzer,
    totals: &Totals,
    corpus: &GroupTotals,
    target: &str,
    reference: &Reference,
    options: Options,
) -> Result<Vec<KeynessRow>, KeynessError> {
    let t = lookup(totals, target)?;
    let (r_counts, r_terms, r_tokens, r_words);
    match reference {
        Reference::Rest => {
            r_counts = minus(&corpus.counts, &t.counts);
            r_terms = minus(&corpus.terms, &t.terms);
            r_tokens = corpus.tokens - t.tokens;
            r_words = None;
        }
        Reference::Outlet(name) => {
            if name == target {
                return Err(KeynessError::SameOutlet(name.clone()));
            }
            let r = lookup(totals, name)?;
            r_counts = r.counts.clone();
            r_terms = r.terms.clone();
            r_tokens = r.tokens;
            r_words = Some(&r.words);
        }
    }
    let types = corpus.words.len() as u64;
    let row = |lexicon: Option<&str>,
               category: Option<&str>,
               feature: &str,
               kind,
               y_t: u64,
               y_r: u64,
               corpus_count: u64| {
        let table = TwoByTwo::new(y_t, t.tokens, y_r, r_tokens);
        let (alpha, alpha0) = options.prior.alphas(corpus_count, corpus.tokens, types);
        let pooled = (t.tokens + r_tokens) as f64;
        let expected = if pooled > 0.0 {
            t.tokens.min(r_tokens) as f64 * (y_t + y_r) as f64 / pooled
        } else {
            0.0
        };
        KeynessRow {
            target: target.to_string(),
            reference: reference.name().to_string(),
            lexicon: lexicon.map(str::to_string),
            category: category.map(str::to_string),
            feature: feature.to_string(),
            kind,
            target_count: y_t,
            reference_count: y_r,
            target_tokens: t.tokens,
            reference_tokens: r_tokens,
            stats: keyness(&table, alpha, alpha0),
            q: f64::NAN,
            expected,
        }
    };
    let get = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    let mut rows = Vec::new();
    let mut terms = Vec::new();
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        for (c, category) in lexicon.categories.iter().enumerate() {
            let slot = analyzer.slot(l, c);
            if get(&t.counts, slot) + get(&r_counts, slot) == 0 {
                continue; // found in neither: nothing to compare
            }
            rows.push(row(
                Some(&lexicon.name),
                Some(&category.name),
                &category.name,
                FeatureKind::Category,
                get(&t.counts, slot),
                get(&r_counts, slot),
                get(&corpus.counts, slot),
            ));
        }
    }
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        for (c, category) in lexicon.categories.iter().enumerate() {
            for (k, term) in category.terms.iter().enumerate() {
                let slot = analyzer.term_slot(l, c, k);
                if get(&t.terms, slot) + get(&r_terms, slot) == 0 {
                    continue;
                }
                terms.push(row(
                    Some(&lexicon.name),
                    Some(&category.name),
                    &term.text,
                    FeatureKind::Term,
                    get(&t.terms, slot),
                    get(&r_terms, slot),
                    get(&corpus.terms, slot),
                ));
            }
        }
    }
    set_q(&mut rows);
    set_q(&mut terms);
    rows.append(&mut terms);
    if analyzer.counts_words() {
        let mut words: Vec<KeynessRow> = Vec::new();
        let reference_count = |w: &str| match r_words {
            Some(r) => r.get(w).copied().unwrap_or(0),
            None => {
                corpus.words.get(w).copied().unwrap_or(0) - t.words.get(w).copied().unwrap_or(0)
            }
        };
        // Candidate types. Against one outlet: any either uses. Against all others: the
        // target's own types, plus the most frequent types it never uses: for those, y_t = 0 and
        // every rank statistic falls as the corpus count grows, so only the `top_words` most
        // frequent can be among the most negative (and none can be positive). This is exact
        // for the kept rows and keeps the work in proportion to the target's vocabulary; the q
        // values of words count the types tested, which leaves out those unused types.
        let mut candidates: Vec<&String> = match r_words {
            Some(r) => t
                .words
                .keys()
                .chain(r.keys().filter(|w| !t.words.contains_key(*w)))
                .collect(),
            None => {
                let mut unused: Vec<(&String, u64)> = corpus
                    .words
                    .iter()
                    .filter(|(w, _)| !t.words.contains_key(*w))
                    .map(|(w, &n)| (w, n))
                    .collect();
                let keep = options.top_words.min(unused.len());
                if keep > 0 && keep < unused.len() {
                    unused.select_nth_unstable_by(keep - 1, |a, b| {
                        b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
                    });
                }
                unused.truncate(keep);
                t.words
                    .keys()
                    .chain(unused.into_iter().map(|(w, _)| w))
                    .collect()
            }
        };
        candidates.sort_unstable();
        for w in candidates {
            let y_t = t.words.get(w).copied().unwrap_or(0);
            let y_r = reference_count(w);
            if y_t + y_r < options.min_word_count {
                continue;
            }
            let pooled = corpus.words.get(w).copied().unwrap_or(y_t + y_r);
            words.push(row(None, None, w, FeatureKind::Word, y_t, y_r, pooled));
        }
        set_q(&mut words);
        let rank = options.rank;
        words.sort_by(|a, b| {
            rank.value(&b.stats)
                .total_cmp(&rank.value(&a.stats))
                .then_with(|| a.feature.cmp(&b.feature))
        });
        let n = words.len();
        let top = options.top_words.min(n);
        let bottom_from = n.saturating_sub(options.top_words).max(top);
        rows.extend(words[..top].iter().cloned());
        rows.extend(words[bottom_from..].iter().cloned());
    }
    Ok(rows)
}

/// Fills the q values of one family of rows.
fn set_q(rows: &mut [KeynessRow]) {
    let p: Vec<f64> = rows.iter().map(|r| r.stats.p).collect();
    for (r, q) in rows.iter_mut().zip(bh_q(&p)) {
        r.q = q;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::lexicon::{parse, Format};

    /// Counts `body` as one article of `outlet`.
    fn add(analyzer: &Analyzer, totals: &mut Totals, outlet: &str, body: &str) {
        let doc = Document {
            id: outlet.into(),
            outlet: outlet.into(),
            date: None,
            title: None,
            url: None,
            body: body.into(),
            source: "x".into(),
            metadata: Vec::new(),
        };
        totals.add(outlet, &analyzer.measure(&doc, false).stats);
    }

    /// quanteda's reference table as two one-article outlets.
    fn reference_corpus(prior_words: bool) -> (Analyzer, Totals) {
        let lexicon = parse(
            "[categories.b]\nterms = [\"b\"]\n[categories.a]\nterms = [\"a\"]\n",
            "t.toml",
            "t",
            Format::Toml,
        )
        .unwrap();
        let analyzer = Analyzer::new(vec![lexicon]).with_word_counts(prior_words);
        let mut totals = Totals::default();
        for (outlet, body) in [("T", "b b b b b b b a a a"), ("R", "a a a a a a a b b")] {
            add(&analyzer, &mut totals, outlet, body);
        }
        (analyzer, totals)
    }

    #[test]
    fn reference_values_through_the_pipeline() {
        let (analyzer, totals) = reference_corpus(true);
        let options = Options {
            prior: Prior::Uniform(0.01),
            ..Options::default()
        };
        let rows = compare(
            &analyzer,
            &totals,
            "T",
            &Reference::Outlet("R".into()),
            options,
        )
        .unwrap();
        let b = &rows[0];
        assert_eq!((b.feature.as_str(), b.kind), ("b", FeatureKind::Category));
        assert_eq!(
            (
                b.target_count,
                b.target_tokens,
                b.reference_count,
                b.reference_tokens
            ),
            (7, 10, 2, 9)
        );
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-6, "{a} != {b}");
        close(b.stats.chi2, 4.337160);
        close(b.stats.g2, 4.534939);
        close(b.stats.log_odds, 2.094601);
        close(b.stats.z, 1.983604);
        close(b.stats.p, crate::stats::p_chi2_1df(4.534939));
        close(b.stats.log_ratio, 1.432959);
        // the other outlet sees the same table from the other side
        let back = compare(&analyzer, &totals, "R", &Reference::Rest, options).unwrap();
        close(back[0].stats.chi2, -4.337160);
        close(back[0].stats.z, -1.983604);
        assert!(b.small(), "expected counts under 5");
    }

    /// An outlet that never uses a feature the other uses often: ranked first among the
    /// absent by G², where the z of the log-odds puts it behind a small difference.
    #[test]
    fn never_used_features_are_found() {
        let lexicon = parse(
            "[categories.loaded]\nterms = [\"rebels\"]\n[categories.plain]\nterms = [\"fighters\"]\n[categories.mild]\nterms = [\"groups\"]\n[categories.rare]\nterms = [\"militants\"]\n",
            "t.toml",
            "t",
            Format::Toml,
        )
        .unwrap();
        let analyzer = Analyzer::new(vec![lexicon]);
        let mut totals = Totals::default();
        let filler = "the war went on and on ".repeat(40);
        let bodies = [
            ("T", format!("{filler} fighters fighters fighters groups groups groups groups")),
            ("R", format!("{filler} rebels rebels rebels rebels rebels rebels rebels rebels rebels rebels rebels rebels fighters groups groups groups groups groups groups militants")),
        ];
        for (outlet, body) in bodies {
            add(&analyzer, &mut totals, outlet, &body);
        }
        let rows = compare(
            &analyzer,
            &totals,
            "T",
            &Reference::Outlet("R".into()),
            Options::default(),
        )
        .unwrap();
        let categories: Vec<&KeynessRow> = rows
            .iter()
            .filter(|r| r.kind == FeatureKind::Category)
            .collect();
        let d = directions(categories.iter().copied(), Rank::G2, 10, 5);
        let names = |v: &[&KeynessRow]| v.iter().map(|r| r.feature.clone()).collect::<Vec<_>>();
        assert_eq!(names(&d.more), ["plain"]);
        assert_eq!(names(&d.less), ["mild"]);
        // `rare` (0 against 1) is under the threshold of 5
        assert_eq!(names(&d.absent), ["loaded"]);
        let loaded = d.absent[0];
        assert!(loaded.stats.g2 < -10.0 && loaded.stats.p < 0.001 && loaded.q <= 0.01);
        assert!(loaded.stats.log_ratio < -3.0);
        // q values: the family of categories has four members
        let q: Vec<f64> = categories.iter().map(|r| r.q).collect();
        assert!(q.iter().all(|q| (0.0..=1.0).contains(q)));
    }

    #[test]
    fn unknown_and_same_outlets() {
        let (analyzer, totals) = reference_corpus(false);
        let e = compare(
            &analyzer,
            &totals,
            "X",
            &Reference::Rest,
            Options::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "no outlet named `X` in the corpus; outlets: R, T"
        );
        let e = compare(
            &analyzer,
            &totals,
            "T",
            &Reference::Outlet("T".into()),
            Options::default(),
        );
        assert!(matches!(e, Err(KeynessError::SameOutlet(_))));
    }
}
