//! What a run gives: how it went ([`Summary`]) and the statistics summed up from its totals
//! ([`Summaries`]: intervals and keyness), computed the same way by `analyze`, `report` and
//! `merge`.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::Analyzer;
use crate::corpus::CorpusError;
use crate::keyness::KeynessRow;
use crate::stats::{bootstrap, Bootstrap, GroupIntervals, Totals};

/// Bootstrap intervals of every outlet, computed in parallel (each outlet has its own seeded
/// random stream, so the result does not depend on the number of threads).
pub fn intervals(
    analyzer: &Analyzer,
    totals: &Totals,
    settings: Bootstrap,
) -> BTreeMap<String, GroupIntervals> {
    let contrasts = analyzer.contrast_slots();
    let outlets: Vec<(&String, &crate::stats::GroupTotals)> = totals.groups.iter().collect();
    let computed: Vec<GroupIntervals> = outlets
        .par_iter()
        .map(|(name, t)| bootstrap(name, t, analyzer.slots(), &contrasts, settings))
        .collect();
    outlets
        .into_iter()
        .map(|(name, _)| name.clone())
        .zip(computed)
        .collect()
}

/// How a run went.
#[derive(Debug, Default)]
pub struct Summary {
    pub totals: Totals,
    /// Documents measured.
    pub documents: u64,
    /// Bytes of article text measured.
    pub text_bytes: u64,
    /// Bytes of it excluded as boilerplate.
    pub boilerplate_bytes: u64,
    /// Documents that are a copy of an earlier one.
    pub duplicates: u64,
    /// Documents not counted (copies dropped by `--dedupe`).
    pub uncounted: u64,
    /// Records skipped as bad.
    pub skipped: u64,
    /// The first [`Summary::KEPT_PROBLEMS`] skipped records' errors.
    pub problems: Vec<CorpusError>,
}

impl Summary {
    pub const KEPT_PROBLEMS: usize = 20;
}

/// The statistics of a run's totals, besides the sums themselves.
#[derive(Debug, Default)]
pub struct Summaries {
    /// Bootstrap intervals per outlet.
    pub intervals: BTreeMap<String, GroupIntervals>,
    /// Each outlet against the rest; empty when keyness was not asked for.
    pub keyness: Vec<KeynessRow>,
}

/// Computes the intervals, then frees the per-article samples (the one part of the totals that
/// grows with the corpus, and they have served), then keyness when `keyness` is given.
pub fn summarize(
    analyzer: &Analyzer,
    totals: &mut Totals,
    bootstrap: Bootstrap,
    keyness: Option<crate::keyness::Options>,
) -> Summaries {
    let intervals = intervals(analyzer, totals, bootstrap);
    totals.drop_samples();
    crate::memory::release();
    let keyness = keyness
        .map(|options| crate::keyness::against_rest(analyzer, totals, options))
        .unwrap_or_default();
    Summaries { intervals, keyness }
}
