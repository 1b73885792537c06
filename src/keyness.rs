//! Keyness: which features set an outlet apart, from all the other outlets or from one.
//!
//! [`compare`] builds, for a target outlet and a reference (all other outlets, or one outlet),
//! one [`KeynessRow`] per feature: every lexicon category, every lexicon term, and, when word
//! types were counted, the most distinctive word types both ways. The statistics are those of
//! [`crate::stats`]: log-odds with a Dirichlet prior and its z (Monroe et al. 2008), Pearson χ²,
//! Dunning's G², and the p-value of χ². Positive values mean the target uses the feature more.
//! It reads only per-outlet [`Totals`]: it never recounts.

use crate::analysis::Analyzer;
use crate::stats::{keyness, per_10k, GroupTotals, Keyness, Prior, Totals, TwoByTwo};

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
}

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub prior: Prior,
    /// Word types kept per comparison in each direction (most positive z, most negative z).
    pub top_words: usize,
    /// Word types used fewer times than this by target and reference together are skipped.
    pub min_word_count: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prior: Prior::Informative,
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
            expected,
        }
    };
    let get = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    let mut rows = Vec::new();
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
                rows.push(row(
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
        // z falls as the corpus count grows, so only the `top_words` most frequent can be among
        // the most negative (and none can be positive). This is exact and keeps the work in
        // proportion to the target's vocabulary.
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
        words.sort_by(|a, b| {
            b.stats
                .z
                .total_cmp(&a.stats.z)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::lexicon::{parse, Format};

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
        close(b.stats.z, 2.617912);
        // the other outlet sees the same table from the other side
        let back = compare(&analyzer, &totals, "R", &Reference::Rest, options).unwrap();
        close(back[0].stats.chi2, -4.337160);
        close(back[0].stats.z, -2.617912);
        assert!(b.small(), "expected counts under 5");
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
