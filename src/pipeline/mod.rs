//! A run of slant, as the library owns it: read the corpus, find its copies and repeated lines
//! (the prepass), measure every document in parallel, fold the measurements into totals, and
//! summarize them (intervals, keyness). The command line only turns flags into [`Settings`]
//! and prints; `analyze`, `report` and `merge` share [`summarize`].
//!
//! Data flows one way: [`crate::corpus`] → [`crate::syndication`] (prepass) →
//! [`crate::analysis`] (clean, tokens, voice, hits) → [`collect`] (checks, totals) →
//! [`summary`] (statistics) → [`crate::table`] and [`crate::report`].
//!
//! ```
//! use slant::pipeline::{Pipeline, Quiet, Settings};
//!
//! // the bundled sample corpus with the bundled lexicons
//! let settings = Settings::new(slant::lexicon::bundled().unwrap());
//! let pipeline = Pipeline::prepare(settings, &Quiet).unwrap();
//! let mut run = pipeline.run(false, &Quiet, |_doc, _m| Ok(())).unwrap();
//! assert_eq!(run.summary.documents, 5);
//! let summaries = slant::pipeline::summarize(
//!     pipeline.analyzer(),
//!     &mut run.summary.totals,
//!     slant::stats::IntervalSettings::default(),
//!     None,
//! );
//! assert_eq!(summaries.intervals.len(), 5); // one per outlet
//! ```

pub mod collect;
pub mod summary;
pub mod tables;

use std::fmt;

use anyhow::Result;

use crate::analysis::{Analyzer, Dedupe, Measurement};
use crate::clean::{Cleaner, Rules};
use crate::corpus::{self, Corpus, CorpusError, Document, FieldTypes, Source};
use crate::dates::DateParser;
use crate::lexicon::Lexicon;
use crate::slice::Slicing;
use crate::voice::Voice;

pub use summary::{summarize, Summaries, Summary};

/// Boilerplate and syndicated copies: what is excluded from the counts, and which copies count.
#[derive(Debug, Clone)]
pub struct Cleaning {
    /// Count everything, page boilerplate included.
    pub keep_boilerplate: bool,
    /// The user's own drop and cut rules.
    pub rules: Rules,
    /// When a line recurring across an outlet's stories is boilerplate.
    pub repeat: crate::clean::Settings,
    /// Estimated Jaccard similarity from which two articles are copies of one story.
    pub near_duplicate: f64,
    pub dedupe: Dedupe,
}

impl Default for Cleaning {
    fn default() -> Self {
        Cleaning {
            keep_boilerplate: false,
            rules: Rules::default(),
            repeat: crate::clean::Settings {
                repeat_min_stories: 5,
                repeat_min_share: 0.02,
            },
            near_duplicate: 0.5,
            dedupe: Dedupe::None,
        }
    }
}

/// Everything a run needs to know.
#[derive(Debug, Clone)]
pub struct Settings {
    pub source: Source,
    pub read: corpus::Options,
    pub lexicons: Vec<Lexicon>,
    /// The voices counted (default: all).
    pub voices: Vec<Voice>,
    pub cleaning: Cleaning,
    /// Count every word type (word keyness, the uniform prior).
    pub count_words: bool,
    /// Go on past bad records (each is kept in [`Summary::problems`]) instead of failing.
    pub allow_skips: bool,
    /// Groups, periods and filters.
    pub slicing: Slicing,
    /// Reads the documents' dates.
    pub dates: DateParser,
}

impl Settings {
    /// The bundled sample corpus with `lexicons`, every voice counted, default cleaning.
    pub fn new(lexicons: Vec<Lexicon>) -> Settings {
        Settings {
            source: Source::Bundled,
            read: corpus::Options::default(),
            lexicons,
            voices: Voice::ALL.to_vec(),
            cleaning: Cleaning::default(),
            count_words: false,
            allow_skips: false,
            slicing: Slicing::default(),
            dates: DateParser::default(),
        }
    }
}

/// The stages of a run, as an [`Observer`] hears of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding copies and repeated lines.
    Prepass,
    /// Measuring the documents.
    Measure,
}

/// Hears how a run is going (the command line draws a progress line). Called from the threads
/// of the run.
pub trait Observer: Sync {
    fn start(&self, _stage: Stage) {}
    /// A document of `bytes` bytes of text is done.
    fn document(&self, _bytes: usize) {}
    fn finish(&self, _stage: Stage) {}
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {}

/// Bad records were found and skips are not allowed: the run fails, and these are the records.
#[derive(Debug)]
pub struct Skipped {
    pub skipped: u64,
    /// The first [`Summary::KEPT_PROBLEMS`] of them.
    pub problems: Vec<CorpusError>,
    pub location: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let one = self.skipped == 1;
        write!(
            f,
            "{} bad record{} in {} (listed above); fix {}, or pass --allow-skips to analyze the rest",
            self.skipped,
            if one { "" } else { "s" },
            self.location,
            if one { "it" } else { "them" }
        )
    }
}

impl std::error::Error for Skipped {}

/// What a run gives: the corpus as read (its location, kind and files) and the summary.
pub struct Run {
    pub corpus: Corpus,
    pub summary: Summary,
}

/// A run's settings with its lexicons compiled and the corpus's copies and repeated lines found.
pub struct Pipeline {
    settings: Settings,
    analyzer: Analyzer,
    fields: FieldTypes,
}

impl Pipeline {
    /// Compiles the lexicons and reads the corpus a first time to find syndicated copies and
    /// lines repeated across an outlet's stories (see [`crate::syndication`]).
    pub fn prepare(mut settings: Settings, observer: &dyn Observer) -> Result<Pipeline> {
        let cleaning = &settings.cleaning;
        let cleaner = Cleaner {
            classify: !cleaning.keep_boilerplate,
            rules: cleaning.rules.clone(),
            repeated: Default::default(),
        };
        // the second pass hashes the files for the manifest
        let mut corpus = Self::open(&settings, false)?;
        observer.start(Stage::Prepass);
        let mut fields = FieldTypes::default();
        let mut prepass = crate::syndication::prepass(
            &mut corpus,
            cleaning.near_duplicate,
            cleaning.repeat,
            |doc| {
                fields.see(&doc.metadata);
                observer.document(doc.body.len())
            },
        )?;
        observer.finish(Stage::Prepass);
        settings
            .slicing
            .check_columns(&fields.names(), &corpus.location)
            .map_err(anyhow::Error::msg)?;
        crate::memory::release(); // the fingerprints and the seen ids
        if cleaning.keep_boilerplate {
            prepass.repeated = Default::default();
        }
        let lexicons = std::mem::take(&mut settings.lexicons);
        let analyzer = Analyzer::new(lexicons)
            .with_voices(&settings.voices)
            .with_word_counts(settings.count_words)
            .with_cleaner(cleaner)
            .with_prepass(prepass, cleaning.dedupe);
        Ok(Pipeline {
            settings,
            analyzer,
            fields,
        })
    }

    fn open(settings: &Settings, listed: bool) -> Result<Corpus, CorpusError> {
        let options = corpus::Options {
            unlisted: !listed,
            ..settings.read.clone()
        };
        corpus::open(&settings.source, &options)
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    pub fn into_analyzer(self) -> Analyzer {
        self.analyzer
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The corpus's metadata fields (kept ones), with their types.
    pub fn fields(&self) -> &FieldTypes {
        &self.fields
    }

    /// Measures every document (with its hits and quotations when `with_hits`) and hands each
    /// to `each`, in corpus order, then applies the skip policy: bad records fail the run with
    /// [`Skipped`] unless skips are allowed. A corpus with no documents is an error.
    pub fn run(
        &self,
        with_hits: bool,
        observer: &dyn Observer,
        each: impl FnMut(&Document, &Measurement) -> Result<()> + Send,
    ) -> Result<Run> {
        let mut corpus = Self::open(&self.settings, true)?;
        observer.start(Stage::Measure);
        let mut each = each;
        let mut summary = collect::measure_all(
            &mut corpus,
            &self.analyzer,
            &self.settings.slicing,
            &self.settings.dates,
            with_hits,
            |doc, m| {
                observer.document(doc.body.len());
                each(doc, m)
            },
        )?;
        observer.finish(Stage::Measure);
        crate::memory::release(); // the last batches, before the per-outlet tables are built
        let cleaner = self.analyzer.cleaner();
        summary.cleaning = summary::CleaningFacts {
            boilerplate_left_out: cleaner.classify || !cleaner.rules.0.is_empty(),
            dedupe: self.analyzer.dedupe(),
        };
        if summary.skipped > 0 && !self.settings.allow_skips {
            return Err(Skipped {
                skipped: summary.skipped,
                problems: summary.problems,
                location: corpus.location.clone(),
            }
            .into());
        }
        if summary.documents == 0 {
            if summary.filtered > 0 {
                anyhow::bail!(
                    "the filters leave none of the {} documents of {} (--since, --until, --where, --outlets)",
                    summary.filtered,
                    corpus.location
                );
            }
            anyhow::bail!("no documents to analyze in {}", corpus.location);
        }
        Ok(Run { corpus, summary })
    }
}
