//! The `slant` command line: one file per subcommand.
//!
//! [`main`] parses the arguments (a usage error exits with 2), runs the command, and prints an
//! error as `slant: {error:#}` with exit code 1. Results go to stdout; warnings and summaries
//! go to stderr.

mod analyze;
mod clean;
pub mod distributed;
mod extract;
mod keyness;
mod kwic;
mod lexicon;
mod merge;
mod report;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Measurement};
use crate::corpus::{self, Corpus, CorpusError, Document, Fields, Source};
use crate::lexicon::{self as lex, Lexicon, LexiconError};
use crate::pipeline::{Cleaning, Observer, Pipeline, Run, Settings, Skipped, Stage};
use crate::voice::Voice;

/// Measure how news outlets frame the same events.
///
/// slant counts lexicon terms (framing labels such as "terrorists" or "opposition") in articles
/// labelled by outlet, and compares outlets with rates and contrast shares. With no corpus it
/// reads its bundled sample corpus; with no -l, its bundled lexicons.
#[derive(Parser, Debug)]
#[command(name = "slant", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print per-outlet framing tables: rates per 10,000 tokens and contrast shares.
    Report(report::ReportArgs),
    /// Write every table (documents, hits, counts, quotes, outlets, contrasts, keyness,
    /// distances) for notebooks.
    Analyze(analyze::AnalyzeArgs),
    /// Which features set one outlet apart from all the others (keyness, with statistics).
    Keyness(keyness::KeynessArgs),
    /// Which features set outlet A apart from outlet B (keyness, with statistics).
    Compare(keyness::CompareArgs),
    /// Every hit of a term or category in its context, with outlet and voice: the evidence.
    Kwic(kwic::KwicArgs),
    /// Show articles with the boilerplate excluded from the counts marked, and why.
    Clean(clean::ShowCleanArgs),
    /// Write every article as slant reads it (HTML pages' articles found, boilerplate left
    /// out) to a JSONL file.
    Extract(extract::ExtractArgs),
    /// Merge the output directories of shards into the tables of the whole corpus.
    Merge(merge::MergeArgs),
    /// Work with lexicon files.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
}

/// Where the articles and lexicons come from: shared by the commands that read a corpus.
#[derive(Args, Debug, Clone)]
pub struct Input {
    /// The corpus: a directory of .txt or .html files (with manifest.csv or outlets.csv, else
    /// the outlet is each file's folder name or a page's site), a .jsonl/.ndjson/.csv/.tsv/
    /// .parquet file, a .warc file of crawled pages, or a .txt file (one article, or a
    /// LexisNexis export of many); .gz is read transparently. Default: the bundled sample
    /// corpus (5 articles, 5 outlets).
    pub corpus: Option<PathBuf>,

    /// A lexicon file: .toml (slant), .tsv (category<TAB>term), .dic (LIWC), .yml (quanteda),
    /// .lc3 (Lexicoder), .cat (WordStat) or .txt (word list). Repeat to use several. Default:
    /// the bundled lexicons.
    #[arg(short = 'l', long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,

    /// Read the -l files in this format whatever their extension: toml, tsv, liwc, yaml,
    /// lexicoder, wordstat or words.
    #[arg(long = "lexicon-format", value_name = "FORMAT", value_parser = lexicon::parse_format)]
    pub lexicon_format: Option<lex::Format>,

    /// For a directory corpus: the manifest CSV (columns file, outlet, and optionally date,
    /// title, url) to use instead of manifest.csv or outlets.csv in the directory.
    #[arg(long, value_name = "CSV")]
    pub manifest: Option<PathBuf>,

    /// Field (JSON key or column) holding the article id.
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// Field holding the outlet name.
    #[arg(long, default_value = "outlet", value_name = "NAME")]
    pub outlet_field: String,

    /// Field holding the article text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,

    /// Field (JSONL key, CSV or Parquet column) holding each article's web page as HTML,
    /// instead of --text-field: the article is extracted from the page, and the page gives the
    /// outlet (its site name or host, when the data has no outlet field), title, date and url
    /// the record lacks.
    #[arg(long, value_name = "NAME")]
    pub html_field: Option<String>,

    /// Field holding the date (optional in the data).
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_field: String,

    /// Field holding the title (optional in the data).
    #[arg(long, default_value = "title", value_name = "NAME")]
    pub title_field: String,

    /// Field holding the URL (optional in the data).
    #[arg(long, default_value = "url", value_name = "NAME")]
    pub url_field: String,

    /// Which other fields of the input (JSON keys, CSV and Parquet columns, manifest columns)
    /// to keep in the documents table and use with --by and --where: all (scalar values
    /// only), none, or a comma-separated list.
    #[arg(long = "fields", value_name = "LIST", default_value = "all", value_parser = parse_keep)]
    pub keep: corpus::Keep,

    /// A strftime format for dates in another form than slant reads by itself (ISO 8601, RFC
    /// 2822, `October 11, 2016`, `11 Oct 2016`, Unix seconds), e.g. `%d.%m.%Y`.
    #[arg(long, value_name = "FORMAT", value_parser = parse_date_format)]
    pub date_format: Option<String>,

    /// Go on when records are bad (each is reported on stderr and counted) instead of failing.
    #[arg(long)]
    pub allow_skips: bool,

    /// Threads. Default: one per core. With 1, the run uses one core (no collector thread).
    /// Results are identical for any number.
    #[arg(short = 'j', long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,

    /// Count only what is said in this voice: the outlet's own assertions (narrator), what it
    /// reports others as saying outside quotation marks (reported), direct quotations (quote),
    /// scare quotes (scare), both kinds of quotation (quoted), what others are said to say,
    /// reported or quoted (attributed), or everything (all). Rates are then per 10,000 tokens
    /// of those voices.
    #[arg(long, value_enum, default_value_t = VoiceArg::All)]
    pub voice: VoiceArg,

    #[command(flatten)]
    pub clean: CleanArgs,

    #[command(flatten)]
    pub slices: SliceArgs,
}

/// Groups, periods and filters: shared by the commands that summarize (from a corpus or from
/// tables).
#[derive(Args, Debug, Clone, Default)]
pub struct SliceArgs {
    /// Compare groups made of these columns instead of outlets: any field of the input
    /// (`--by label`, `--by outlet,country`). Boilerplate and copies stay found per outlet, so
    /// the grouping never changes what is counted; a group of several outlets gets intervals
    /// that resample outlets, then articles.
    #[arg(long, value_name = "COL[,COL...]", value_delimiter = ',')]
    pub by: Vec<String>,

    /// Also bin the documents by date: a `series` table (and, in the report, a period × group
    /// table per contrast) per day, week (ISO, from Monday), month, quarter or year.
    #[arg(long, value_name = "PERIOD", value_parser = crate::dates::Period::parse)]
    pub period: Option<crate::dates::Period>,

    /// Count only documents dated on or after this day (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub since: Option<chrono::NaiveDate>,

    /// Count only documents dated on or before this day (YYYY-MM-DD); undated ones are left
    /// out.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub until: Option<chrono::NaiveDate>,

    /// Count only documents whose field COL is VALUE (repeat: the same column given twice
    /// accepts either value, different columns must all match).
    #[arg(long = "where", value_name = "COL=VALUE", value_parser = parse_condition)]
    pub conditions: Vec<(String, String)>,

    /// Count only these outlets.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub outlets: Vec<String>,
}

impl SliceArgs {
    pub fn slicing(&self) -> crate::slice::Slicing {
        let mut filter = crate::slice::Filter {
            since: self.since,
            until: self.until,
            outlets: (!self.outlets.is_empty()).then(|| self.outlets.clone()),
            ..Default::default()
        };
        for (c, v) in &self.conditions {
            filter.add_condition(c, v);
        }
        crate::slice::Slicing {
            by: if self.by.is_empty() {
                vec!["outlet".into()]
            } else {
                self.by.clone()
            },
            period: self.period,
            filter,
        }
    }
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

fn parse_condition(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((c, v)) if !c.trim().is_empty() => Ok((c.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not COL=VALUE (e.g. label=left)")),
    }
}

/// Working from tables instead of the corpus.
#[derive(Args, Debug, Clone, Default)]
pub struct FromArgs {
    /// Work from the tables of `slant analyze -o DIR` (or `slant merge -o DIR`) instead of
    /// reading the corpus again: the same numbers, regrouped, rebinned and filtered with --by,
    /// --period, --since, --until, --where and --outlets. The analysis's own cleaning and voice
    /// settings hold; give the same -l lexicons.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

/// Boilerplate and syndicated copies.
#[derive(Args, Debug, Clone)]
pub struct CleanArgs {
    /// Count everything, page boilerplate included (crumbs, date lines, related links,
    /// donation appeals, comment widgets, credits, lines repeated across an outlet's stories).
    #[arg(long, conflicts_with = "boilerplate")]
    pub keep_boilerplate: bool,

    /// Your own boilerplate rules: a TOML file of [[drop]] (drop matching paragraphs) and
    /// [[cut]] (cut from the match to the end) tables, each with a regular expression `pattern`
    /// and an optional `outlet`.
    #[arg(long, value_name = "FILE")]
    pub boilerplate: Option<PathBuf>,

    /// A line is boilerplate when it recurs in at least this many different stories of one
    /// outlet...
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub repeat_min_stories: u32,

    /// ... and in at least this share of the outlet's stories.
    #[arg(long, default_value_t = 0.02, value_name = "SHARE", value_parser = parse_share)]
    pub repeat_min_share: f64,

    /// Count syndicated and repeated copies of a story once per outlet (outlet), once in the
    /// whole corpus (all, the first copy by date), or every copy (none).
    #[arg(long, value_enum, default_value_t = DedupeArg::None)]
    pub dedupe: DedupeArg,

    /// Estimated Jaccard similarity of 5-word shingles from which two articles are copies of
    /// one story.
    #[arg(long, default_value_t = 0.5, value_name = "S", value_parser = parse_similarity)]
    pub near_duplicate: f64,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DedupeArg {
    None,
    Outlet,
    All,
}

impl CleanArgs {
    fn dedupe(&self) -> analysis::Dedupe {
        match self.dedupe {
            DedupeArg::None => analysis::Dedupe::None,
            DedupeArg::Outlet => analysis::Dedupe::Outlet,
            DedupeArg::All => analysis::Dedupe::All,
        }
    }

    fn settings(&self) -> crate::clean::Settings {
        crate::clean::Settings {
            repeat_min_stories: self.repeat_min_stories.max(1),
            repeat_min_share: self.repeat_min_share,
        }
    }

    pub fn as_json(&self) -> serde_json::Value {
        serde_json::json!({
            "keep_boilerplate": self.keep_boilerplate,
            "boilerplate_rules": self.boilerplate.as_ref().map(|p| p.display().to_string()),
            "repeat_min_stories": self.repeat_min_stories,
            "repeat_min_share": self.repeat_min_share,
            "dedupe": format!("{:?}", self.dedupe).to_lowercase(),
            "near_duplicate": self.near_duplicate,
        })
    }
}

/// A `--voice` selection: one of [`crate::voice::SELECTIONS`].
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceArg {
    All,
    Narrator,
    Reported,
    Quote,
    Scare,
    Quoted,
    Attributed,
}

impl VoiceArg {
    pub fn voices(self) -> &'static [Voice] {
        crate::voice::selection(self.as_str()).unwrap_or(&Voice::ALL)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VoiceArg::All => "all",
            VoiceArg::Narrator => "narrator",
            VoiceArg::Reported => "reported",
            VoiceArg::Quote => "quote",
            VoiceArg::Scare => "scare",
            VoiceArg::Quoted => "quoted",
            VoiceArg::Attributed => "attributed",
        }
    }
}

impl Input {
    /// An input that only names lexicons (for commands that read no corpus).
    fn for_lexicons(lexicons: Vec<PathBuf>, format: Option<lex::Format>) -> Input {
        Input {
            corpus: None,
            lexicons,
            lexicon_format: format,
            manifest: None,
            id_field: "id".into(),
            outlet_field: "outlet".into(),
            text_field: "text".into(),
            html_field: None,
            date_field: "date".into(),
            title_field: "title".into(),
            url_field: "url".into(),
            keep: corpus::Keep::All,
            date_format: None,
            allow_skips: false,
            slices: SliceArgs::default(),
            threads: None,
            voice: VoiceArg::All,
            clean: CleanArgs {
                keep_boilerplate: false,
                boilerplate: None,
                repeat_min_stories: 5,
                repeat_min_share: 0.02,
                dedupe: DedupeArg::None,
                near_duplicate: 0.5,
            },
        }
    }

    fn fields(&self) -> Fields {
        Fields {
            id: self.id_field.clone(),
            outlet: self.outlet_field.clone(),
            text: self
                .html_field
                .clone()
                .unwrap_or_else(|| self.text_field.clone()),
            date: self.date_field.clone(),
            title: self.title_field.clone(),
            url: self.url_field.clone(),
            keep: self.keep.clone(),
            html: self.html_field.is_some(),
        }
    }

    fn source(&self) -> Source {
        match &self.corpus {
            Some(p) => Source::Path(p.clone()),
            None => Source::Bundled,
        }
    }

    /// Sets the number of threads of the run (once: the pool cannot be rebuilt).
    fn set_threads(&self) {
        if let Some(n) = self.threads {
            // Fails only if the pool was already built, which a second call in tests may do.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global();
        }
    }

    /// The corpus, read from its start, unlisted (its files not hashed): for commands that
    /// read it again themselves.
    fn open(&self) -> Result<Corpus> {
        self.set_threads();
        let options = corpus::Options {
            fields: self.fields(),
            manifest: self.manifest.clone(),
            unlisted: true,
        };
        Ok(corpus::open(&self.source(), &options)?)
    }

    /// The settings of a run over this input.
    fn settings(&self, count_words: bool) -> Result<Settings> {
        let rules = match &self.clean.boilerplate {
            Some(path) => crate::clean::Rules::load(path)?,
            None => crate::clean::Rules::default(),
        };
        Ok(Settings {
            source: self.source(),
            read: corpus::Options {
                fields: self.fields(),
                manifest: self.manifest.clone(),
                unlisted: false,
            },
            lexicons: self.lexicons()?,
            voices: self.voice.voices().to_vec(),
            cleaning: Cleaning {
                keep_boilerplate: self.clean.keep_boilerplate,
                rules,
                repeat: self.clean.settings(),
                near_duplicate: self.clean.near_duplicate,
                dedupe: self.clean.dedupe(),
            },
            count_words,
            allow_skips: self.allow_skips,
            slicing: self.slices.slicing(),
            dates: crate::dates::DateParser::new(self.date_format.clone()),
        })
    }

    /// The totals of an output directory's articles, sliced by this input's --by, --period and
    /// filters ([`crate::pipeline::tables`]).
    fn read_tables(
        &self,
        dir: &std::path::Path,
        count_words: bool,
        whole: bool,
    ) -> Result<crate::pipeline::tables::FromTables> {
        if let Some(corpus) = &self.corpus {
            anyhow::bail!(
                "give a corpus ({}) or --from {}, not both",
                corpus.display(),
                dir.display()
            );
        }
        if count_words {
            anyhow::bail!("--words and the uniform prior (--alpha, --prior uniform) need every word count, which the tables do not hold: run on the corpus");
        }
        self.set_threads();
        crate::pipeline::tables::from_tables(dir, self.lexicons()?, &self.slices.slicing(), whole)
    }

    /// The run's pipeline: lexicons compiled, counting the voices asked for (and every word
    /// type when `count_words`), the corpus's copies and repeated lines found.
    fn pipeline(&self, count_words: bool) -> Result<Pipeline> {
        self.set_threads();
        Pipeline::prepare(self.settings(count_words)?, &Progress::new())
    }

    /// The lexicons named with -l (all problems of all files at once), or the bundled ones.
    fn lexicons(&self) -> Result<Vec<Lexicon>> {
        let lexicons = if self.lexicons.is_empty() {
            lex::bundled()?
        } else {
            let mut loaded = Vec::new();
            let mut problems = Vec::new();
            for path in &self.lexicons {
                match lex::load_as(path, self.lexicon_format) {
                    Ok(l) => loaded.push(l),
                    Err(LexiconError::Invalid(p)) => problems.extend(p),
                    Err(e) => return Err(e.into()),
                }
            }
            if !problems.is_empty() {
                return Err(LexiconError::Invalid(problems).into());
            }
            loaded
        };
        lex::check_distinct_names(&lexicons)?;
        Ok(lexicons)
    }

    /// Runs the pipeline over the corpus, calling `each` per document; bad records are
    /// listed on stderr (and fail the run unless --allow-skips).
    fn run(
        &self,
        pipeline: &Pipeline,
        with_hits: bool,
        each: impl FnMut(&Document, &Measurement) -> Result<()> + Send,
    ) -> Result<Run> {
        let result = pipeline.run(with_hits, &Progress::new(), each);
        match &result {
            Ok(run) => {
                warn_skipped(run.summary.skipped, &run.summary.problems);
                warn_dates(&run.summary.dates);
            }
            Err(e) => {
                if let Some(s) = e.downcast_ref::<Skipped>() {
                    warn_skipped(s.skipped, &s.problems);
                }
            }
        }
        result
    }
}

/// Lists dates left out on stderr: the first ones kept, and how many more.
fn warn_dates(dates: &crate::pipeline::summary::DateCounts) {
    let mut err = std::io::stderr().lock();
    for p in &dates.problems {
        let _ = writeln!(err, "slant: warning: {}", crate::terminal::escape(p));
    }
    let more = dates.left_out().saturating_sub(dates.problems.len() as u64);
    if more > 0 {
        let _ = writeln!(err, "slant: warning: ... and {more} more dates left out");
    }
}

/// Lists skipped records on stderr: the first ones kept, and how many more.
fn warn_skipped(skipped: u64, problems: &[CorpusError]) {
    let mut err = std::io::stderr().lock();
    for p in problems {
        let _ = writeln!(
            err,
            "slant: skipped {}",
            crate::terminal::escape(&p.to_string())
        );
    }
    if skipped > problems.len() as u64 {
        let _ = writeln!(
            err,
            "slant: ... and {} more skipped records",
            skipped - problems.len() as u64
        );
    }
}

/// A progress line on stderr (articles, MB of text, MB/s) when stderr is a terminal; nothing
/// otherwise, so logs and pipes stay clean.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    articles: std::sync::atomic::AtomicU64,
}

impl Progress {
    fn new() -> Progress {
        use std::io::IsTerminal;
        let bar = (chatty() && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {prefix} {msg} articles, {bytes} of text, {bytes_per_sec} [{elapsed}]",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            articles: Default::default(),
        }
    }
}

impl Observer for Progress {
    fn start(&self, stage: Stage) {
        if let Some(bar) = &self.bar {
            bar.reset();
            self.articles.store(0, std::sync::atomic::Ordering::Relaxed);
            bar.set_prefix(match stage {
                Stage::Prepass => "finding copies and repeated lines:",
                Stage::Measure => "measuring:",
            });
            bar.enable_steady_tick(std::time::Duration::from_millis(150));
        }
    }

    fn document(&self, bytes: usize) {
        if let Some(bar) = &self.bar {
            let n = self
                .articles
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                + 1;
            bar.inc(bytes as u64);
            if n % 64 == 1 {
                bar.set_message(crate::report::thousands(n));
            }
        }
    }

    fn finish(&self, _stage: Stage) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Interval settings, shared by the commands that report intervals.
#[derive(Args, Debug, Clone)]
pub struct IntervalArgs {
    /// How the 95 % intervals of rates and shares are computed: `moderated` (cluster-robust
    /// over articles, moderated by the corpus's dispersion: honest with few articles) or
    /// `bootstrap` (the percentile bootstrap over articles, which is too narrow with few).
    #[arg(long, value_enum, default_value_t = crate::stats::IntervalMethod::Moderated, value_name = "METHOD")]
    pub interval_method: crate::stats::IntervalMethod,

    /// Bootstrap replicates, with `--interval-method bootstrap`.
    #[arg(long, default_value_t = 1000, value_name = "B", value_parser = parse_replicates)]
    pub bootstrap: usize,

    /// Seed of the bootstrap: the same seed gives the same intervals.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
}

impl IntervalArgs {
    fn settings(&self) -> crate::stats::IntervalSettings {
        crate::stats::IntervalSettings {
            method: self.interval_method,
            bootstrap: crate::stats::Bootstrap {
                replicates: self.bootstrap,
                seed: self.seed,
            },
        }
    }

    /// Records the settings in a manifest's `settings`.
    fn record(&self, settings: &mut serde_json::Value) {
        settings["intervals"] = self.interval_method.as_str().into();
        settings["bootstrap"] = self.bootstrap.into();
        settings["seed"] = self.seed.into();
    }
}

/// The Dirichlet prior of the log-odds ratio (docs/METHODOLOGY.md, "Keyness").
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorKind {
    /// σ-scaled corpus rates: α_w = σ × the feature's corpus share, α0 = σ (--sigma).
    Informative,
    /// The corpus counts themselves (α_w = corpus count, α0 = corpus tokens): slant's prior
    /// before σ-scaling; shrinks large effects.
    Corpus,
    /// α_w = --alpha for every word type (needs every word count).
    Uniform,
}

/// Keyness settings, shared by analyze, keyness and compare.
#[derive(Args, Debug, Clone)]
pub struct KeynessOptions {
    /// Also compare every word type, to find loaded words a lexicon lacks (costs memory in
    /// proportion to the vocabulary).
    #[arg(long)]
    pub words: bool,

    /// The Dirichlet prior of the log-odds ratio.
    #[arg(long, value_enum, default_value_t = PriorKind::Informative)]
    pub prior: PriorKind,

    /// σ, the informative prior's total pseudo-count.
    #[arg(long, value_name = "S", default_value_t = crate::stats::DEFAULT_PRIOR_TOTAL, value_parser = parse_alpha)]
    pub sigma: f64,

    /// The uniform prior's α_w (α0 = A × distinct word types); implies --prior uniform and
    /// counting words.
    #[arg(long, value_name = "A", value_parser = parse_alpha)]
    pub alpha: Option<f64>,

    /// The statistic that ranks features (and picks the word types kept): G² by default, which
    /// ranks a feature one outlet never uses as its evidence deserves.
    #[arg(long, value_enum, default_value_t = crate::keyness::Rank::G2)]
    pub rank: crate::keyness::Rank,

    /// Word types kept per comparison, in each direction.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub top: usize,

    /// Word types used fewer times than this (target and reference together) are skipped.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_count: u64,
}

impl KeynessOptions {
    fn uniform(&self) -> bool {
        self.alpha.is_some() || self.prior == PriorKind::Uniform
    }

    fn count_words(&self) -> bool {
        self.words || self.uniform()
    }

    fn prior(&self) -> crate::stats::Prior {
        use crate::stats::Prior;
        if self.uniform() {
            return Prior::Uniform(self.alpha.unwrap_or(0.01));
        }
        match self.prior {
            PriorKind::Corpus => Prior::Corpus,
            _ => Prior::Informative { total: self.sigma },
        }
    }

    fn options(&self) -> Result<crate::keyness::Options> {
        Ok(crate::keyness::Options {
            prior: self.prior(),
            rank: self.rank,
            top_words: if self.words { self.top } else { 0 },
            min_word_count: self.min_count,
        })
    }
}

/// The most threads `-j` accepts: four per core, and at least 256. More only cost memory (each
/// thread has its own stack and buffers); thousands make the thread pool fail to start.
fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (4 * cores).max(256)
}

fn parse_threads(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of threads"))?;
    let max = max_threads();
    if n == 0 {
        return Err("at least 1 thread is needed".into());
    }
    if n > max {
        return Err(format!(
            "at most {max} threads (this machine has {} cores)",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        ));
    }
    Ok(n)
}

fn parse_keep(s: &str) -> Result<corpus::Keep, String> {
    Ok(match s.trim() {
        "all" => corpus::Keep::All,
        "none" | "" => corpus::Keep::None,
        list => corpus::Keep::Only(
            list.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect(),
        ),
    })
}

fn parse_date_format(s: &str) -> Result<String, String> {
    crate::dates::DateParser::check_format(s)?;
    Ok(s.to_string())
}

fn parse_number(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("`{s}` is not a number"))
}

fn parse_share(s: &str) -> Result<f64, String> {
    let x = parse_number(s)?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("a share is between 0 and 1, not {s}"))
    }
}

fn parse_similarity(s: &str) -> Result<f64, String> {
    let x = parse_number(s)?;
    if x > 0.0 && x <= 1.0 {
        Ok(x)
    } else {
        Err(format!("a similarity is above 0 and at most 1, not {s}"))
    }
}

fn parse_alpha(s: &str) -> Result<f64, String> {
    let x = parse_number(s)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(format!("a prior's α is a positive number, not {s}"))
    }
}

/// Replicates of the bootstrap: from 1 to 100,000 (each costs a pass over every outlet's
/// articles; 1,000 gives 95 % intervals stable to about a tenth of their width).
fn parse_replicates(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(format!("between 1 and 100000 replicates, not {s}")),
    }
}

/// Removes the run's temporary files and exits with 128 + the signal's number when the process
/// gets SIGINT (Ctrl-C: 130), SIGTERM (143) or SIGHUP (129). Output directories keep their
/// previous run: a commit in progress is let finish first ([`crate::outdir`]).
fn on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // without a handler a signal still ends the process; only the cleanup is lost
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _held = crate::outdir::remove_temporary_files();
            let name = match signal {
                SIGINT => "SIGINT",
                SIGTERM => "SIGTERM",
                _ => "SIGHUP",
            };
            eprintln!("slant: stopped by {name}; its temporary files are removed");
            std::process::exit(128 + signal);
        }
    });
}

/// Writes text or a table to stdout, control characters escaped ([`crate::terminal`]); a
/// closed pipe (`slant report | head`) is not an error.
fn print(text: &str) -> Result<()> {
    print_data(&crate::terminal::escape(text))
}

/// Writes data (CSV, JSON) to stdout as it is.
fn print_data(text: &str) -> Result<()> {
    if let Some(buffer) = CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        buffer.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to stdout"),
    }
}

/// Whether the progress line and closing summaries go to stderr: the command line's default;
/// [`run_args`] (the Python module) turns them off unless asked for.
static CHATTY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Progress and closing summaries are wanted on stderr (warnings always are).
fn chatty() -> bool {
    CHATTY.load(std::sync::atomic::Ordering::Relaxed)
}

/// What the commands print to stdout while [`run_captured`] runs one.
static CAPTURED: std::sync::Mutex<Option<Vec<u8>>> = std::sync::Mutex::new(None);

/// Held by each in-process run, so that runs from several threads of the host take turns (the
/// capture and the quiet switch are process-wide).
static IN_PROCESS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// [`run_args`], with what the command prints to stdout (a table as CSV, say) returned instead
/// of printed.
pub fn run_captured(args: Vec<String>, progress: bool) -> Result<(ExitCode, Vec<u8>)> {
    let _turn = IN_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
    *CAPTURED.lock().unwrap_or_else(|e| e.into_inner()) = Some(Vec::new());
    let outcome = run_in_process(args, progress);
    let printed = CAPTURED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .unwrap_or_default();
    outcome.map(|code| (code, printed))
}

/// Runs slant inside another program (the Python module) with `args`, the words that would
/// follow `slant` on the command line: a usage error or a failure is returned with the
/// message the command line prints, no signal handler is installed, and unless `progress`
/// only warnings are written to stderr (no progress line, no closing summary). What the
/// command prints goes to stdout, as on the command line.
pub fn run_args(args: Vec<String>, progress: bool) -> Result<ExitCode> {
    let _turn = IN_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
    run_in_process(args, progress)
}

fn run_in_process(args: Vec<String>, progress: bool) -> Result<ExitCode> {
    let words = std::iter::once("slant".to_string()).chain(args);
    let cli = Cli::try_parse_from(words).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    CHATTY.store(progress, std::sync::atomic::Ordering::Relaxed);
    dispatch(cli.command).map_err(|e| {
        // the bad records the command line lists on stderr go into the error itself, which is
        // all a notebook shows
        match e.downcast_ref::<Skipped>() {
            Some(s) => {
                let mut listed: Vec<String> = s.problems.iter().map(|p| p.to_string()).collect();
                if s.skipped > s.problems.len() as u64 {
                    listed.push(format!(
                        "... and {} more",
                        s.skipped - s.problems.len() as u64
                    ));
                }
                anyhow::anyhow!("{}\n{e:#}", listed.join("\n"))
            }
            None => e,
        }
    })
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    on_signals();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("slant: {}", crate::terminal::escape(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

/// Runs one command.
fn dispatch(command: Command) -> Result<ExitCode> {
    match command {
        Command::Report(args) => report::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Keyness(args) => keyness::run_keyness(args),
        Command::Compare(args) => keyness::run_compare(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Clean(args) => clean::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Lexicon(cmd) => lexicon::run(cmd),
    }
}
