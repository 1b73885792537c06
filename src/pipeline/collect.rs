//! The measuring pass: every document measured in parallel, then checked, folded into the
//! totals and handed on, in corpus order.

use crate::analysis::{Analyzer, Measurement};
use crate::corpus::batches::{for_each_batch, Worked};
use crate::corpus::{Corpus, CorpusError, Document};
use crate::dates::{DateParser, Dated};
use crate::slice::{Facets, Slicing};
use crate::stats::Totals;
use crate::strings::{IdMap, Strings};

use super::summary::Summary;

/// What is known of the records read so far, in corpus order: the ids seen (a repeated id is
/// a bad record) and the bad records skipped.
#[derive(Default)]
pub struct Checker {
    /// Each id (in one buffer: a run may see millions), and by its index in `seen`, the
    /// location of the record that first used it.
    seen: IdMap<()>,
    sources: Strings,
    pub skipped: u64,
    pub problems: Vec<CorpusError>,
}

impl Checker {
    /// The document of a decoded record if it is a good one: a bad record or a repeated id
    /// is counted and kept aside. An error that is not a record's ends the run.
    pub fn keep(
        &mut self,
        decoded: Result<Document, CorpusError>,
    ) -> Result<Option<Document>, CorpusError> {
        let doc = match decoded {
            Ok(doc) => doc,
            Err(e) if e.is_record() => {
                self.skip(e);
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if let Err(i) = self.seen.insert(&doc.id, ()) {
            let message = format!(
                "duplicate id `{}` (first used at {}); ids must be unique",
                doc.id,
                self.sources.get(i)
            );
            self.skip(CorpusError::record(doc.source.clone(), message));
            return Ok(None);
        }
        self.sources.push(&doc.source);
        Ok(Some(doc))
    }

    fn skip(&mut self, e: CorpusError) {
        self.skipped += 1;
        if self.problems.len() < Summary::KEPT_PROBLEMS {
            self.problems.push(e);
        }
    }
}

/// What the run keeps of the measured documents, in corpus order: the checks (bad records,
/// repeated ids), the totals, and `each`'s work on every good document.
struct Collector<'s, F> {
    checker: Checker,
    summary: Summary,
    slicing: &'s Slicing,
    /// The clusters of the copies seen.
    stories: rustc_hash::FxHashSet<String>,
    each: F,
}

/// What the pool makes of a document: its date, and its measurement unless the filters leave
/// it out.
type Sliced = (Dated, Option<Measurement>);

impl<'s, F> Collector<'s, F> {
    fn new(slicing: &'s Slicing, each: F) -> Collector<'s, F> {
        Collector {
            checker: Checker::default(),
            summary: Summary {
                totals: Totals::new(slicing.by.clone(), slicing.period),
                ..Summary::default()
            },
            slicing,
            stories: Default::default(),
            each,
        }
    }

    fn take<E: From<CorpusError>>(&mut self, measured: Worked<Sliced>) -> Result<(), E>
    where
        F: FnMut(&Document, &Measurement) -> Result<(), E>,
    {
        let summary = &mut self.summary;
        for (doc, sliced) in measured {
            let Some(doc) = self.checker.keep(doc)? else {
                continue;
            };
            let Some((dated, m)) = sliced else { continue };
            summary.dates.add(&doc, dated);
            let Some(m) = m else {
                summary.filtered += 1;
                continue;
            };
            summary.documents += 1;
            summary.text_bytes += m.stats.bytes;
            summary.boilerplate_bytes += m.stats.boilerplate_bytes;
            if m.copy.duplicate_of.is_some() {
                summary.duplicates += 1;
                if self.stories.insert(m.copy.cluster.clone()) {
                    summary.stories_with_copies += 1;
                }
            }
            if m.counted {
                let facets = Facets {
                    id: &doc.id,
                    outlet: &doc.outlet,
                    date: dated.when().map(|w| w.date),
                    metadata: &doc.metadata,
                };
                let key = self.slicing.key(&facets);
                let period = self.slicing.period_of(&facets);
                summary.totals.add_to(&key, &doc.outlet, period, &m.stats);
            } else {
                summary.uncounted += 1;
            }
            (self.each)(&doc, &m)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Summary {
        self.summary.skipped = self.checker.skipped;
        self.summary.problems = self.checker.problems;
        self.summary
    }
}

/// A document's date, and its measurement (with its date) unless the filters leave it out:
/// a document they leave out is not measured.
pub fn measure_one(
    analyzer: &Analyzer,
    slicing: &Slicing,
    dates: &DateParser,
    doc: &Document,
    with_hits: bool,
) -> (Dated, Option<Measurement>) {
    let dated = dates.date_of(doc.date.as_deref());
    let m = kept(slicing, doc, dated).then(|| {
        let mut m = analyzer.measure(doc, with_hits);
        m.date = dated;
        m
    });
    (dated, m)
}

/// Whether the filters keep a document with this date.
pub fn kept(slicing: &Slicing, doc: &Document, dated: Dated) -> bool {
    slicing.filter.keeps(&Facets {
        id: &doc.id,
        outlet: &doc.outlet,
        date: dated.when().map(|w| w.date),
        metadata: &doc.metadata,
    })
}

/// Measures every document of `corpus` and hands each, with its measurement, to `each`, in
/// corpus order. Bad records are skipped and reported in the [`Summary`]; a fatal read error
/// or an error from `each` stops the run.
///
/// With more than one thread in the rayon pool, three stages overlap: while batch k+1 is read
/// and batch k decoded and measured on the pool, a collector thread checks batch k−1 (bad
/// records, repeated ids), adds it to the totals and hands it to `each`. Batches travel
/// through a bounded channel, so at most a few are in memory, and in order, so the output does
/// not depend on timing; the pool never waits for the collector's work unless the channel is
/// full. With one thread (`--threads 1`), everything runs on it, one stage after the other,
/// so that the run uses one core.
pub fn measure_all<E: From<CorpusError> + Send>(
    corpus: &mut Corpus,
    analyzer: &Analyzer,
    slicing: &Slicing,
    dates: &DateParser,
    with_hits: bool,
    each: impl FnMut(&Document, &Measurement) -> Result<(), E> + Send,
) -> Result<Summary, E> {
    let mut collector = Collector::new(slicing, each);
    let work = |doc: &Document| -> Sliced { measure_one(analyzer, slicing, dates, doc, with_hits) };
    if rayon::current_num_threads() == 1 {
        for_each_batch(corpus, work, |measured| collector.take(measured))?;
        return Ok(collector.finish());
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Worked<Sliced>>(2);
        let collecting = scope.spawn(move || {
            for measured in receive {
                collector.take(measured)?;
            }
            Ok::<Summary, E>(collector.finish())
        });
        /// Why reading stopped early.
        enum Stop {
            Read(CorpusError),
            /// The collector stopped on an error, returned below.
            Collector,
        }
        impl From<CorpusError> for Stop {
            fn from(e: CorpusError) -> Stop {
                Stop::Read(e)
            }
        }
        // A document whose id turns out to be repeated is measured for nothing.
        let read = for_each_batch(corpus, work, |measured| {
            send.send(measured).map_err(|_| Stop::Collector)
        });
        let failed: Option<E> = match read {
            Err(Stop::Read(e)) => Some(e.into()),
            Err(Stop::Collector) | Ok(()) => None,
        };
        drop(send);
        let collected = collecting
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let summary = collected?;
        match failed {
            Some(e) => Err(e),
            None => Ok(summary),
        }
    })
}
