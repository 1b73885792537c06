//! A `slant analyze` whose corpus is split across machines (Apache Spark, through the Python
//! module: python/slant/spark.py): the command's flags read once on the driver, the stages
//! of [`crate::distributed`] run with them on the executors, and the output directory
//! written on the driver as `slant analyze` writes it, from the per-article tables the
//! executors made.

use anyhow::{bail, Result};
use clap::Parser;
use polars::prelude::DataFrame;

use super::analyze::{done, manifest, AnalyzeArgs, CorpusFacts};
use super::{Cli, Command};
use crate::analysis::Analyzer;
use crate::clean::Cleaner;
use crate::corpus::FieldTypes;
use crate::distributed::{fingerprints, prepass_of, Measurer};
use crate::pipeline::summary::{CleaningFacts, DateCounts, Summary};
use crate::pipeline::{summarize, Settings, Skipped};
use crate::stats::Totals;
use crate::table::TableSet;

/// What the engine found over all rows in stage 1 and 2, for the manifest and the checks.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Facts {
    /// What the corpus is called in the manifest and in errors.
    pub location: String,
    /// Bad records and repeated ids.
    pub skipped: u64,
    /// The first of their errors, as `where: what`.
    pub problems: Vec<String>,
    /// Good records the filters leave out.
    pub filtered: u64,
    pub dated: u64,
    pub missing: u64,
    pub unreadable: u64,
    pub implausible: u64,
}

impl Facts {
    pub fn from_json(text: &str) -> Result<Facts> {
        Ok(serde_json::from_str(text)?)
    }
}

/// One `slant analyze` over a distributed corpus.
pub struct Job {
    args: AnalyzeArgs,
    settings: Settings,
}

impl Job {
    /// `words` are the flags that would follow `slant analyze` (at least `-o DIR`), without a
    /// corpus: the rows come from the engine. Unless `progress`, the closing summary is not
    /// printed (warnings are).
    pub fn new(words: Vec<String>, progress: bool) -> Result<Job> {
        let all = ["slant".to_string(), "analyze".to_string()]
            .into_iter()
            .chain(words);
        let cli = Cli::try_parse_from(all).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
        let Command::Analyze(args) = cli.command else {
            bail!("not an analyze command");
        };
        if let Some(corpus) = &args.input.corpus {
            bail!(
                "the corpus is the DataFrame: give no corpus path ({})",
                corpus.display()
            );
        }
        if args.from.from.is_some() {
            bail!("--from reads an output directory, not a DataFrame");
        }
        if args.keyness.count_words() {
            bail!("--words and the uniform prior (--alpha, --prior uniform) count every word type, which the distributed run does not yet do: run slant analyze on the corpus");
        }
        let settings = args.input.settings(false)?;
        super::CHATTY.store(progress, std::sync::atomic::Ordering::Relaxed);
        Ok(Job { args, settings })
    }

    /// The estimated Jaccard similarity from which two articles are copies (--near-duplicate).
    pub fn near_duplicate(&self) -> f64 {
        self.settings.cleaning.near_duplicate
    }

    /// When a line recurring across an outlet's stories is boilerplate: in at least this many
    /// of its stories, and at least this share of them.
    pub fn repeat(&self) -> (u32, f64) {
        let r = self.settings.cleaning.repeat;
        (r.repeat_min_stories, r.repeat_min_share)
    }

    /// Stage 1 on a batch of rows ([`crate::distributed::fingerprints`]); `what` names the
    /// batch in errors.
    pub fn fingerprints(&self, df: &DataFrame, what: &str) -> Result<DataFrame> {
        let s = &self.settings;
        fingerprints(df, &s.read.fields, &s.dates, &s.slicing, what)
    }

    /// Fails as `slant analyze` fails on bad records (unless --allow-skips), and on --by or
    /// --where columns the corpus lacks.
    pub fn check(&self, facts: &Facts, columns: &FieldTypes) -> Result<()> {
        if facts.skipped > 0 && !self.settings.allow_skips {
            let mut listed = facts.problems.clone();
            if facts.skipped > listed.len() as u64 {
                listed.push(format!(
                    "... and {} more",
                    facts.skipped - listed.len() as u64
                ));
            }
            let skipped = Skipped {
                skipped: facts.skipped,
                problems: Vec::new(),
                location: facts.location.clone(),
            };
            bail!("{}\n{skipped}", listed.join("\n"));
        }
        self.settings
            .slicing
            .check_columns(&columns.names(), &facts.location)
            .map_err(anyhow::Error::msg)
    }

    /// Stage 3's measurer, with stage 2's copies and repeated lines
    /// ([`crate::distributed::prepass_of`]) and the corpus's metadata columns.
    pub fn measurer(
        &self,
        columns: FieldTypes,
        copies: &DataFrame,
        repeated: &DataFrame,
    ) -> Result<Measurer> {
        let s = &self.settings;
        let mut prepass = prepass_of(copies, repeated)?;
        if s.cleaning.keep_boilerplate {
            prepass.repeated = Default::default();
        }
        let cleaner = Cleaner {
            classify: !s.cleaning.keep_boilerplate,
            rules: s.cleaning.rules.clone(),
            repeated: Default::default(),
        };
        let analyzer = Analyzer::new(s.lexicons.clone())
            .with_voices(&s.voices)
            .with_cleaner(cleaner)
            .with_prepass(prepass, s.cleaning.dedupe);
        Ok(Measurer {
            analyzer,
            columns,
            fields: s.read.fields.clone(),
            slicing: s.slicing.clone(),
            dates: s.dates.clone(),
        })
    }

    /// The driver's reduce: the per-article tables of every partition (`documents`, `hits`,
    /// `counts`, `quotes`, in corpus order, with the columns `slant analyze` writes), written
    /// to the output directory with the tables summed and summarized from them, as `slant
    /// merge` and `analyze --from` sum them.
    pub fn finish(
        &self,
        facts: &Facts,
        columns: &FieldTypes,
        frames: [DataFrame; 4],
    ) -> Result<()> {
        let s = &self.settings;
        let args = &self.args;
        let analyzer = Analyzer::new(s.lexicons.clone()).with_voices(&s.voices);
        let where_ = |table: &str| format!("{}: {table}", facts.location);
        let mut seen = rustc_hash::FxHashSet::default();
        let docs = crate::pipeline::tables::rebuild(
            [&frames[0], &frames[1], &frames[2], &frames[3]],
            &analyzer,
            &where_,
            |id| {
                if seen.insert(id.to_string()) {
                    Ok(())
                } else {
                    bail!("doc_id `{id}` appears twice among the documents measured")
                }
            },
        )?;
        drop(seen);
        let mut summary = Summary {
            totals: Totals::new(s.slicing.by.clone(), s.slicing.period),
            cleaning: CleaningFacts {
                boilerplate_left_out: !s.cleaning.keep_boilerplate
                    || !s.cleaning.rules.0.is_empty(),
                dedupe: s.cleaning.dedupe,
            },
            skipped: facts.skipped,
            filtered: facts.filtered,
            dates: DateCounts {
                dated: facts.dated,
                missing: facts.missing,
                unreadable: facts.unreadable,
                implausible: facts.implausible,
                problems: Vec::new(),
            },
            ..Summary::default()
        };
        let mut stories = Default::default();
        crate::pipeline::tables::fold(&docs, &s.slicing, &mut summary, &mut stories);
        drop(docs);
        if summary.documents == 0 {
            if summary.filtered > 0 {
                bail!(
                    "the filters leave none of the {} documents of {} (--since, --until, --where, --outlets)",
                    summary.filtered,
                    facts.location
                );
            }
            bail!("no documents to analyze in {}", facts.location);
        }
        let mut tables = TableSet::create(&args.output, args.table_format(), &analyzer, columns)?;
        for (name, df) in ["documents", "hits", "counts", "quotes"]
            .into_iter()
            .zip(frames)
        {
            tables.append(name, df)?;
        }
        let summaries = summarize(
            &analyzer,
            &mut summary.totals,
            args.intervals.settings(),
            Some(args.keyness.options()?),
        );
        let corpus = CorpusFacts {
            location: facts.location.clone(),
            kind: "spark",
            files: Vec::new(),
            passed_over: Vec::new(),
        };
        let written = tables.commit(&summary.totals, &summaries, |written| {
            manifest(args, &analyzer, &corpus, &summary, columns, written)
        })?;
        done(args, &analyzer, &summary, &[], &written);
        Ok(())
    }
}
