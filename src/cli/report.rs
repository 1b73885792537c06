//! `slant report`: the main job, per-outlet framing tables in the terminal.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{print, Input};
use crate::report;

/// Print, per lexicon, an outlets × categories table of hits per 10,000 tokens (with counts)
/// and each contrast's shares per outlet.
///
/// Tokens are words and numbers (punctuation is not counted). A rate pools an outlet's
/// articles: total hits × 10,000 / total tokens. A share is a category's hits over all hits of
/// its contrast's categories. Small counts make rates and shares noisy: read the counts in
/// parentheses before the rates. Counts cover all of an article's text, quotations included.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    input: Input,
}

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let analyzer = args.input.analyzer()?;
    let (corpus, summary) = args.input.run(&analyzer, false, |_, _| Ok(()))?;
    print(&report::terminal(
        &analyzer,
        &summary.totals,
        &corpus.location,
    ))?;
    Ok(ExitCode::SUCCESS)
}
