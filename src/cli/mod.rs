//! The `slant` command line: one file per subcommand.
//!
//! [`main`] parses the arguments (a usage error exits with 2), runs the command, and prints an
//! error as `slant: {error:#}` with exit code 1. Results go to stdout; warnings and summaries
//! go to stderr.

mod analyze;
mod lexicon;
mod report;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Analyzer, Measurement, Summary};
use crate::corpus::{self, Corpus, Document, Fields, Source};
use crate::lexicon::{self as lex, Lexicon, LexiconError};
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
    /// Write every table (documents, hits, counts, outlets, contrasts) for notebooks.
    Analyze(analyze::AnalyzeArgs),
    /// Work with lexicon files.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
}

/// Where the articles and lexicons come from: shared by the commands that read a corpus.
#[derive(Args, Debug, Clone)]
pub struct Input {
    /// The corpus: a directory of .txt files (with manifest.csv or outlets.csv, else the outlet
    /// is each file's folder name), or a .jsonl/.ndjson/.csv/.tsv/.parquet/.txt file; .gz is read
    /// transparently. Default: the bundled sample corpus (5 articles, 5 outlets).
    pub corpus: Option<PathBuf>,

    /// A lexicon file (.toml or .tsv). Repeat to use several. Default: the bundled lexicons.
    #[arg(short = 'l', long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,

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

    /// Field holding the date (optional in the data).
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_field: String,

    /// Field holding the title (optional in the data).
    #[arg(long, default_value = "title", value_name = "NAME")]
    pub title_field: String,

    /// Field holding the URL (optional in the data).
    #[arg(long, default_value = "url", value_name = "NAME")]
    pub url_field: String,

    /// Go on when records are bad (each is reported on stderr and counted) instead of failing.
    #[arg(long)]
    pub allow_skips: bool,

    /// Worker threads. Default: one per core. Results are identical for any number.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Count only what is said in this voice: the outlet's own words (narrator, indirect speech
    /// included), direct quotations (quote), scare quotes (scare), both kinds of quotation
    /// (quoted), or everything (all). Rates are then per 10,000 tokens of that voice.
    #[arg(long, value_enum, default_value_t = VoiceArg::All)]
    pub voice: VoiceArg,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceArg {
    All,
    Narrator,
    Quote,
    Scare,
    Quoted,
}

impl VoiceArg {
    pub fn voices(self) -> &'static [Voice] {
        match self {
            VoiceArg::All => &Voice::ALL,
            VoiceArg::Narrator => &[Voice::Narrator],
            VoiceArg::Quote => &[Voice::Quote],
            VoiceArg::Scare => &[Voice::Scare],
            VoiceArg::Quoted => &[Voice::Quote, Voice::Scare],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VoiceArg::All => "all",
            VoiceArg::Narrator => "narrator",
            VoiceArg::Quote => "quote",
            VoiceArg::Scare => "scare",
            VoiceArg::Quoted => "quoted",
        }
    }
}

impl Input {
    fn fields(&self) -> Fields {
        Fields {
            id: self.id_field.clone(),
            outlet: self.outlet_field.clone(),
            text: self.text_field.clone(),
            date: self.date_field.clone(),
            title: self.title_field.clone(),
            url: self.url_field.clone(),
        }
    }

    fn source(&self) -> Source {
        match &self.corpus {
            Some(p) => Source::Path(p.clone()),
            None => Source::Bundled,
        }
    }

    fn open(&self) -> Result<Corpus> {
        if let Some(n) = self.threads {
            if n == 0 {
                bail!("--threads must be at least 1");
            }
            // Fails only if the pool was already built, which a second call in tests may do.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global();
        }
        let options = corpus::Options {
            fields: self.fields(),
            manifest: self.manifest.clone(),
        };
        Ok(corpus::open(&self.source(), &options)?)
    }

    /// The lexicons of the run, compiled, counting the voices asked for.
    fn analyzer(&self) -> Result<Analyzer> {
        Ok(Analyzer::new(self.lexicons()?).with_voices(self.voice.voices()))
    }

    /// The lexicons named with -l (all problems of all files at once), or the bundled ones.
    fn lexicons(&self) -> Result<Vec<Lexicon>> {
        let lexicons = if self.lexicons.is_empty() {
            lex::bundled()?
        } else {
            let mut loaded = Vec::new();
            let mut problems = Vec::new();
            for path in &self.lexicons {
                match lex::load(path) {
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

    /// Runs the pipeline over the corpus, calling `each` per document, then applies the skip
    /// policy: bad records are listed on stderr, and unless --allow-skips they fail the run.
    fn run(
        &self,
        analyzer: &Analyzer,
        with_hits: bool,
        each: impl FnMut(&Document, &Measurement) -> Result<()> + Send,
    ) -> Result<(Corpus, Summary)> {
        let mut corpus = self.open()?;
        let summary = analysis::run(&mut corpus, analyzer, with_hits, each)?;
        if summary.skipped > 0 {
            let mut err = std::io::stderr().lock();
            for p in &summary.problems {
                let _ = writeln!(err, "slant: skipped {p}");
            }
            if summary.skipped > summary.problems.len() as u64 {
                let _ = writeln!(
                    err,
                    "slant: ... and {} more skipped records",
                    summary.skipped - summary.problems.len() as u64
                );
            }
            if !self.allow_skips {
                bail!(
                    "{} bad record{} in {} (listed above); fix {}, or pass --allow-skips to analyze the rest",
                    summary.skipped,
                    if summary.skipped == 1 { "" } else { "s" },
                    corpus.location,
                    if summary.skipped == 1 { "it" } else { "them" }
                );
            }
        }
        if summary.documents == 0 {
            bail!("no documents to analyze in {}", corpus.location);
        }
        Ok((corpus, summary))
    }
}

/// Writes to stdout; a closed pipe (`slant report | head`) is not an error.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to stdout"),
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Lexicon(cmd) => lexicon::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("slant: {e:#}");
            ExitCode::from(1)
        }
    }
}
