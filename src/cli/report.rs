//! `slant report`: the main job, per-outlet framing tables in the terminal.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{print, Input, IntervalArgs};
use crate::report;

/// Print, per lexicon, an outlets × categories table of hits per 10,000 tokens (with counts)
/// and each contrast's shares per outlet.
///
/// Tokens are words and numbers (punctuation is not counted). A rate pools an outlet's
/// articles: total hits × 10,000 / total tokens. A share is a category's hits over all hits of
/// its contrast's categories. Each comes with a 95 % bootstrap interval over articles; outlets
/// with fewer than 5 articles are marked †, and cells whose expected count is under 5 are
/// marked *. A second line per cell counts the outlet's own voice only (quotations left out).
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    input: Input,

    #[command(flatten)]
    intervals: IntervalArgs,
}

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let analyzer = args.input.analyzer(false)?;
    let (corpus, summary) = args.input.run(&analyzer, false, |_, _| Ok(()))?;
    let intervals =
        crate::analysis::intervals(&analyzer, &summary.totals, args.intervals.settings());
    print(&report::terminal(
        &analyzer,
        &summary.totals,
        &intervals,
        &corpus.location,
        &report::cleaning_notes(&analyzer, &summary),
    ))?;
    Ok(ExitCode::SUCCESS)
}
