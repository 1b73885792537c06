//! What a run gives: how it went ([`Summary`]) and the statistics summed up from its totals
//! ([`Summaries`]: intervals and keyness), computed the same way by `analyze`, `report` and
//! `merge`.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::Analyzer;
use crate::corpus::CorpusError;
use crate::dates::Dated;
use crate::stats::{
    bootstrap, dispersion, moderated_intervals, GroupIntervals, GroupTotals, IntervalMethod,
    IntervalSettings, Totals,
};
pub use crate::table::Summaries;

/// The intervals of every group, and of every group in every period, computed in parallel:
/// by default moderated by the corpus's dispersion ([`crate::stats::moderated_intervals`]),
/// which is computed first from every outlet; with `--interval-method bootstrap`, each group
/// has its own random stream, seeded by its label (and the period's). Either way the result
/// does not depend on the number of threads or the order of the documents.
#[allow(clippy::type_complexity)]
pub fn intervals(
    analyzer: &Analyzer,
    totals: &Totals,
    settings: IntervalSettings,
) -> (
    BTreeMap<String, GroupIntervals>,
    BTreeMap<(String, i32), GroupIntervals>,
) {
    let contrasts = analyzer.contrast_slots();
    let period = totals.period.unwrap_or(crate::dates::Period::Day);
    let mut work: Vec<(String, &GroupTotals)> = totals
        .groups
        .iter()
        .map(|(name, t)| (name.clone(), t))
        .collect();
    for ((name, day), t) in &totals.periods {
        let first = crate::dates::from_days(*day).unwrap_or_default();
        work.push((format!("{name}\u{1f}{}", period.label(first)), t));
    }
    let slots = analyzer.slots();
    let prior = (settings.method == IntervalMethod::Moderated)
        .then(|| dispersion(totals.groups.values(), slots, &contrasts));
    let mut computed: Vec<GroupIntervals> = work
        .par_iter()
        .map(|(seed, t)| match &prior {
            Some(prior) => moderated_intervals(t, slots, &contrasts, prior),
            // one article: no bootstrap interval (a resample is the article itself)
            None if t.docs > 1 => bootstrap(seed, t, slots, &contrasts, settings.bootstrap),
            None => GroupIntervals::default(),
        })
        .collect();
    let series_part = computed.split_off(totals.groups.len());
    let groups = totals.groups.keys().cloned().zip(computed).collect();
    let series = totals.periods.keys().cloned().zip(series_part).collect();
    (groups, series)
}

/// How a run went.
#[derive(Debug, Default)]
pub struct Summary {
    /// How boilerplate and copies were handled, for the report's notes.
    pub cleaning: CleaningFacts,
    pub totals: Totals,
    /// Documents measured.
    pub documents: u64,
    /// Bytes of article text measured.
    pub text_bytes: u64,
    /// Bytes of it excluded as boilerplate.
    pub boilerplate_bytes: u64,
    /// Documents that are a copy of an earlier one.
    pub duplicates: u64,
    /// Stories with copies among the documents (distinct clusters of the copies).
    pub stories_with_copies: u64,
    /// Documents not counted (copies dropped by `--dedupe`).
    pub uncounted: u64,
    /// Records skipped as bad.
    pub skipped: u64,
    /// The first [`Summary::KEPT_PROBLEMS`] skipped records' errors.
    pub problems: Vec<CorpusError>,
    /// Documents the filters left out (not measured).
    pub filtered: u64,
    /// What the documents' dates gave.
    pub dates: DateCounts,
}

impl Summary {
    pub const KEPT_PROBLEMS: usize = 20;
}

/// How a run handled boilerplate and copies (what the report's header says about cleaning).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleaningFacts {
    /// Boilerplate was left out (the classifier or the user's rules ran).
    pub boilerplate_left_out: bool,
    pub dedupe: crate::analysis::Dedupe,
}

/// The documents' dates: how many were read, missing, unreadable or implausible, and the
/// first [`Summary::KEPT_PROBLEMS`] problems (`file:line: ...`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DateCounts {
    pub dated: u64,
    pub missing: u64,
    pub unreadable: u64,
    pub implausible: u64,
    pub problems: Vec<String>,
}

impl DateCounts {
    /// Counts a document's date (all documents, the filtered ones too).
    pub fn add(&mut self, doc: &crate::corpus::Document, dated: Dated) {
        match dated {
            Dated::Parsed(_) => self.dated += 1,
            Dated::Missing => self.missing += 1,
            Dated::Unreadable => self.unreadable += 1,
            Dated::Implausible(_) => self.implausible += 1,
        }
        if let Some(p) = Self::problem(doc, dated) {
            if self.problems.len() < Summary::KEPT_PROBLEMS {
                self.problems.push(p);
            }
        }
    }

    /// The warning a document's date gives (`file:line: ...`), if it is left out.
    pub fn problem(doc: &crate::corpus::Document, dated: Dated) -> Option<String> {
        let text = doc.date.as_deref().unwrap_or("");
        match dated {
            Dated::Parsed(_) | Dated::Missing => None,
            Dated::Unreadable => Some(format!(
                "{}: cannot read the date `{text}`; it is left out (give its form with --date-format)",
                doc.source
            )),
            Dated::Implausible(w) => Some(format!(
                "{}: the date `{text}` ({}) is before 1800 or after tomorrow; it is left out",
                doc.source, w.date
            )),
        }
    }

    /// Dates left out as unreadable or implausible.
    pub fn left_out(&self) -> u64 {
        self.unreadable + self.implausible
    }
}

/// Computes the intervals, then frees the per-article samples (the one part of the totals that
/// grows with the corpus, and they have served), then keyness when `keyness` is given.
pub fn summarize(
    analyzer: &Analyzer,
    totals: &mut Totals,
    settings: IntervalSettings,
    keyness: Option<crate::keyness::Options>,
) -> Summaries {
    let (intervals, series) = intervals(analyzer, totals, settings);
    totals.drop_samples();
    crate::memory::release();
    let keyness = keyness
        .map(|options| crate::keyness::against_rest(analyzer, totals, options))
        .unwrap_or_default();
    Summaries {
        intervals,
        series,
        keyness,
    }
}
