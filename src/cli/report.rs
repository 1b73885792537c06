//! `slant report`: the main job, per-outlet framing tables in the terminal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{print, Input, IntervalArgs};
use crate::pipeline::{summarize, Run};
use crate::report;

/// Print framing tables, groups in rows, fitted to the terminal's width: who speaks (words by
/// voice), each lexicon's share of hits in the outlet's own voice, hits per 10,000 tokens,
/// contrast shares with 95 % intervals, who is quoted.
///
/// Tokens are words and numbers (punctuation is not counted). A rate pools an outlet's
/// articles: total hits × 10,000 / total tokens. A share is a category's hits over all hits of
/// its contrast's categories, with a 95 % interval over articles. Groups with fewer than 5
/// articles are marked †, cells whose expected count is under 5 are marked *. The 10 groups
/// with the most articles are shown (--top), the others summed in one row.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    input: Input,

    #[command(flatten)]
    intervals: IntervalArgs,

    /// Also write the report as one self-contained HTML page (charts as inline SVG, hits in
    /// context, keyness, manifest; no network requests, no scripts).
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,

    #[command(flatten)]
    from: super::FromArgs,

    #[command(flatten)]
    view: ViewArgs,
}

/// What the terminal report shows, and how.
#[derive(Args, Debug)]
pub struct ViewArgs {
    /// Show the N groups with the most articles: in the terminal the rest summed in one row
    /// (default 10; 0: all), on the HTML page only those (default: all).
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    /// Show only these categories (comma-separated: `name` or `lexicon:name`).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    categories: Vec<String>,

    /// Rates with their 95 % intervals (contrast shares always have theirs).
    #[arg(long)]
    intervals: bool,

    /// Groups with fewer articles go to the summed row.
    #[arg(long, value_name = "N", default_value_t = 0)]
    min_docs: u64,

    /// Box-drawn tables fitted to the terminal (its width, or $COLUMNS; 100 when neither is
    /// known), Markdown tables, or CSV.
    #[arg(long, value_enum, default_value_t = report::TableStyle::Table)]
    table_format: report::TableStyle,

    /// The period tables are shown (false when the run chose its period for the HTML page).
    #[arg(skip = true)]
    periods: bool,
}

impl ViewArgs {
    fn options(&self) -> report::Options {
        report::Options {
            top: self.top.unwrap_or(report::terminal::TOP),
            categories: self
                .categories
                .iter()
                .map(|s| s.trim().to_string())
                .collect(),
            min_docs: self.min_docs,
            intervals: self.intervals,
            style: self.table_format,
            width: terminal_width(),
            periods: self.periods,
        }
    }
}

/// The terminal's width: $COLUMNS, else the terminal's own when stdout is one, else 100;
/// never under 40.
fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let from_tty = || comfy_table::Table::new().width().map(usize::from);
    from_env.or_else(from_tty).unwrap_or(100).max(40)
}

/// Periods at most on the HTML page's time charts when it chooses the period itself.
const TIME_BINS: usize = 24;

pub fn run(mut args: ReportArgs) -> Result<ExitCode> {
    let html = args.html.is_some();
    // The page has a time section whenever the corpus has dates: without --period, the run
    // bins by month and the page re-bins to the finest of month, quarter and year that fits
    // (the terminal report then shows no period tables, as without --period).
    let chosen_period = html && args.input.slices.period.is_none();
    if chosen_period {
        args.input.slices.period = Some(crate::dates::Period::Month);
    }
    args.view.periods = !chosen_period;
    if let Some(dir) = &args.from.from {
        let t = args.input.read_tables(dir, false, false)?;
        let samples = if html {
            let mut corpus = t.corpus()?;
            let hits = crate::table::read_hits(t.shard.committed())?;
            let quotes = crate::table::read_quote_spans(t.shard.committed())?;
            report::html::Samples::from_hits(&t.analyzer, &mut corpus, &hits, &quotes, &t.kept)
        } else {
            report::html::Samples::new(t.analyzer.slots())
        };
        let settings = &t.shard.manifest()["settings"];
        let settings = serde_json::json!({
            "voice": settings["voice"],
            "intervals": args.intervals.interval_method.as_str(),
            "bootstrap": args.intervals.bootstrap,
            "seed": args.intervals.seed,
            "clean": settings["clean"],
        });
        let inputs = t.inputs();
        return finish(
            &args,
            &t.analyzer,
            t.summary,
            &t.location,
            &inputs,
            &samples,
            settings,
        );
    }
    let pipeline = args.input.pipeline(false)?;
    let analyzer = pipeline.analyzer();
    let mut samples = report::html::Samples::new(analyzer.slots());
    let Run { corpus, summary } = args.input.run(&pipeline, html, |doc, m| {
        if html && m.counted {
            samples.offer(analyzer, doc, m);
        }
        Ok(())
    })?;
    let settings = serde_json::json!({
        "voice": args.input.voice.as_str(),
        "intervals": args.intervals.interval_method.as_str(),
        "bootstrap": args.intervals.bootstrap,
        "seed": args.intervals.seed,
        "clean": args.input.clean.as_json(),
    });
    finish(
        &args,
        analyzer,
        summary,
        &corpus.location,
        &corpus.inputs(),
        &samples,
        settings,
    )
}

/// Summarizes, prints the terminal report and writes the HTML page if asked for.
fn finish(
    args: &ReportArgs,
    analyzer: &crate::analysis::Analyzer,
    mut summary: crate::pipeline::Summary,
    location: &str,
    inputs: &[crate::corpus::InputFile],
    samples: &report::html::Samples,
    settings: serde_json::Value,
) -> Result<ExitCode> {
    if !args.view.periods {
        if let Some(period) = summary.totals.fitting_period(TIME_BINS) {
            summary.totals.rebin(period);
        }
    }
    let keyness = args.html.is_some().then_some(crate::keyness::Options {
        top_words: 0,
        ..Default::default()
    });
    let summaries = summarize(
        analyzer,
        &mut summary.totals,
        args.intervals.settings(),
        keyness,
    );
    let notes = report::cleaning_notes(&summary);
    let text = report::terminal(
        analyzer,
        &summary.totals,
        &summaries,
        location,
        &notes,
        &args.view.options(),
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    print(&text)?;
    if let Some(path) = &args.html {
        let page = report::html::Page {
            top: args.view.top,
            analyzer,
            totals: &summary.totals,
            intervals: &summaries.intervals,
            series: &summaries.series,
            chosen_period: !args.view.periods,
            keyness: &summaries.keyness,
            samples,
            corpus: location,
            inputs,
            notes: &notes,
            settings,
        };
        let text = report::html::render(&page)
            .map_err(|e| anyhow::anyhow!("cannot draw the HTML report: {e}"))?;
        crate::outdir::write_atomically(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "slant: wrote {} ({} KB)",
            path.display(),
            text.len().div_ceil(1024)
        );
    }
    Ok(ExitCode::SUCCESS)
}
