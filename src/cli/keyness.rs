//! `slant keyness OUTLET` and `slant compare A B`: which features set an outlet apart.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

use super::{print, print_data, Input, KeynessOptions};
use crate::keyness::{compare, directions, FeatureKind, KeynessRow, Rank, Reference};
use crate::report::thousands;
use crate::stats::format_p;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug, Clone)]
struct Output {
    /// Output: an aligned table of the most distinctive features, or every feature as CSV or
    /// JSON for scripts.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,

    /// Features shown each way in the table.
    #[arg(long, default_value_t = 10, value_name = "N")]
    show: usize,

    /// The "never uses" list: features the outlet never uses that the reference uses at least
    /// N times.
    #[arg(long, default_value_t = 10, value_name = "N")]
    absent_min: u64,
}

/// Compare one outlet with all the others: for every lexicon category and term (and, with
/// --words, word type), the counts and rates in both, the log-odds ratio with a Dirichlet prior
/// and its z (Monroe, Colaresi & Quinn 2008), Pearson χ² and Dunning's G² of the 2×2 table,
/// the p-value of G² (1 df) and its Benjamini–Hochberg q, and the log ratio with its 95 %
/// interval. The table lists, by --rank, what the outlet uses more, less, and never. Positive
/// values: the outlet uses the feature more. Rows marked * have an expected count under 5: too
/// few to say anything. docs/METHODOLOGY.md defines each.
#[derive(Args, Debug)]
pub struct KeynessArgs {
    /// The outlet to describe.
    outlet: String,

    #[command(flatten)]
    input: Input,

    #[command(flatten)]
    keyness: KeynessOptions,

    #[command(flatten)]
    output: Output,

    #[command(flatten)]
    from: super::FromArgs,
}

/// Compare outlet A with outlet B, with the statistics of `slant keyness`. Positive values: A
/// uses the feature more than B.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The target outlet.
    a: String,

    /// The reference outlet.
    b: String,

    #[command(flatten)]
    input: Input,

    #[command(flatten)]
    keyness: KeynessOptions,

    #[command(flatten)]
    output: Output,

    #[command(flatten)]
    from: super::FromArgs,
}

pub fn run_keyness(args: KeynessArgs) -> Result<ExitCode> {
    run(
        &args.from,
        &args.input,
        &args.keyness,
        &args.output,
        &args.outlet,
        Reference::Rest,
    )
}

pub fn run_compare(args: CompareArgs) -> Result<ExitCode> {
    run(
        &args.from,
        &args.input,
        &args.keyness,
        &args.output,
        &args.a,
        Reference::Outlet(args.b.clone()),
    )
}

fn run(
    from: &super::FromArgs,
    input: &Input,
    keyness: &KeynessOptions,
    output: &Output,
    target: &str,
    reference: Reference,
) -> Result<ExitCode> {
    let options = keyness.options()?;
    let (analyzer, summary) = match &from.from {
        Some(dir) => {
            let t = input.read_tables(dir, keyness.count_words(), false)?;
            (t.analyzer, t.summary)
        }
        None => {
            let pipeline = input.pipeline(keyness.count_words())?;
            let run = input.run(&pipeline, false, |_, _| Ok(()))?;
            (pipeline.into_analyzer(), run.summary)
        }
    };
    let rows = compare(&analyzer, &summary.totals, target, &reference, options)?;
    match output.format {
        OutputFormat::Table => print(&render(
            &rows,
            target,
            reference.name(),
            output,
            options.rank,
        )),
        OutputFormat::Csv => print_data(&crate::table::to_csv(&crate::table::keyness_frame(
            &rows,
            &summary.totals,
        )?)?),
        OutputFormat::Json => print_data(&(serde_json::to_string_pretty(&json(&rows))? + "\n")),
    }?;
    Ok(ExitCode::SUCCESS)
}

fn json(rows: &[KeynessRow]) -> serde_json::Value {
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "target": r.target, "reference": r.reference, "lexicon": r.lexicon,
                "category": r.category, "feature": r.feature, "feature_kind": r.kind.as_str(),
                "target_count": r.target_count, "reference_count": r.reference_count,
                "target_tokens": r.target_tokens, "reference_tokens": r.reference_tokens,
                "target_per_10k": r.target_per_10k(), "reference_per_10k": r.reference_per_10k(),
                "log_odds": r.stats.log_odds, "z": r.stats.z, "chi2": r.stats.chi2,
                "g2": r.stats.g2, "p": r.stats.p, "q": r.q,
                "log_ratio": r.stats.log_ratio, "log_ratio_low": r.stats.log_ratio_low,
                "log_ratio_high": r.stats.log_ratio_high, "expected_min": r.expected,
            })
        })
        .collect()
}

fn render(
    rows: &[KeynessRow],
    target: &str,
    reference: &str,
    output: &Output,
    rank: Rank,
) -> String {
    let mut out = String::new();
    let mut any_small = false;
    for kind in [FeatureKind::Category, FeatureKind::Term, FeatureKind::Word] {
        let d = directions(
            rows.iter().filter(|r| r.kind == kind),
            rank,
            output.show,
            output.absent_min,
        );
        if rows.iter().all(|r| r.kind != kind) {
            continue;
        }
        let kinds = match kind {
            FeatureKind::Category => "categories",
            FeatureKind::Term => "terms",
            FeatureKind::Word => "word types",
        };
        for (title, part) in [
            (
                format!("{kinds} used more by {target} than by {reference}"),
                &d.more,
            ),
            (
                format!("{kinds} used less by {target} than by {reference}"),
                &d.less,
            ),
            (
                format!(
                    "{kinds} {target} never uses that {reference} uses at least {} times",
                    output.absent_min
                ),
                &d.absent,
            ),
        ] {
            out.push_str(&format!("\n{title} (by {})\n", rank.title()));
            if part.is_empty() {
                out.push_str("  (none)\n");
                continue;
            }
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic);
            t.set_header(vec![
                "feature".to_string(),
                format!("{target}\ncount (per 10k)"),
                format!("{reference}\ncount (per 10k)"),
                "G²".to_string(),
                "p".to_string(),
                "q".to_string(),
                "log ratio\n[95% CI]".to_string(),
                "log-odds\n(z)".to_string(),
            ]);
            for r in part {
                let rate = |n: u64, x: Option<f64>| {
                    format!(
                        "{} ({})",
                        thousands(n),
                        x.map_or("–".into(), |x| format!("{x:.1}"))
                    )
                };
                let feature = match (&r.category, r.kind) {
                    (Some(c), FeatureKind::Term) => format!("{} [{c}]", r.feature),
                    _ => r.feature.clone(),
                };
                any_small |= r.small();
                t.add_row(vec![
                    format!("{feature}{}", if r.small() { " *" } else { "" }),
                    rate(r.target_count, r.target_per_10k()),
                    rate(r.reference_count, r.reference_per_10k()),
                    format!("{:.1}", r.stats.g2),
                    format_p(r.stats.p),
                    format_p(r.q),
                    format!(
                        "{:.2} [{:.2}, {:.2}]",
                        r.stats.log_ratio, r.stats.log_ratio_low, r.stats.log_ratio_high
                    ),
                    format!("{:.2} ({:.2})", r.stats.log_odds, r.stats.z),
                ]);
            }
            for i in 1..8 {
                if let Some(c) = t.column_mut(i) {
                    c.set_cell_alignment(CellAlignment::Right);
                }
            }
            out.push_str(&t.to_string());
            out.push('\n');
        }
    }
    out.push_str("\nG² and p: the likelihood-ratio test of equal rates (1 df); q: Benjamini–Hochberg over the features of the same kind; log ratio: log2 of the ratio of rates (+0.5 to each count), 1 = twice as often; log-odds: with an informative Dirichlet prior (Monroe et al. 2008), and its z.\n");
    if any_small {
        out.push_str("* an expected count under 5: too few occurrences to say anything\n");
    }
    out
}
