//! `slant report`: the main job, per-outlet framing tables in the terminal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{print, Input, IntervalArgs};
use crate::pipeline::{summarize, Run};
use crate::report;

/// Print, per lexicon, an outlets × categories table of hits per 10,000 tokens (with counts)
/// and each contrast's shares per outlet.
///
/// Tokens are words and numbers (punctuation is not counted). A rate pools an outlet's
/// articles: total hits × 10,000 / total tokens. A share is a category's hits over all hits of
/// its contrast's categories. Each comes with a 95 % interval over articles; outlets
/// with fewer than 5 articles are marked †, and cells whose expected count is under 5 are
/// marked *. A second line per cell counts the outlet's own voice only (quotations left out).
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
}

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let html = args.html.is_some();
    if let Some(dir) = &args.from.from {
        let t = args.input.read_tables(dir, false, false)?;
        let samples = if html {
            let mut corpus = t.corpus()?;
            let hits = crate::table::read_hits(t.shard.committed())?;
            report::html::Samples::from_hits(&t.analyzer, &mut corpus, &hits, &t.kept)
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
    print(&report::terminal(
        analyzer,
        &summary.totals,
        &summaries,
        location,
        &notes,
    ))?;
    if let Some(path) = &args.html {
        let page = report::html::Page {
            analyzer,
            totals: &summary.totals,
            intervals: &summaries.intervals,
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
