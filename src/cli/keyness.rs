//! `slant keyness OUTLET` and `slant compare A B`: which features set an outlet apart.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

use super::{print, print_data, Input, KeynessOptions};
use crate::keyness::{compare, KeynessRow, Reference};
use crate::report::thousands;

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
    #[arg(long, default_value_t = 15, value_name = "N")]
    show: usize,
}

/// Compare one outlet with all the others: for every lexicon category and term (and, with
/// --words, word type), the counts and rates in both, the log-odds ratio with a Dirichlet prior
/// and its z (Monroe, Colaresi & Quinn 2008), Pearson χ² and Dunning's G² of the 2×2 table, and
/// the p-value of χ² (1 df). Positive values: the outlet uses the feature more. Rows marked *
/// have an expected count under 5: too few to say anything. docs/METHODOLOGY.md defines each.
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
        OutputFormat::Table => print(&render(&rows, target, reference.name(), output.show)),
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
                "g2": r.stats.g2, "p": r.stats.p, "expected_min": r.expected,
            })
        })
        .collect()
}

fn render(rows: &[KeynessRow], target: &str, reference: &str, show: usize) -> String {
    let mut sorted: Vec<&KeynessRow> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        b.stats
            .z
            .total_cmp(&a.stats.z)
            .then_with(|| a.feature.cmp(&b.feature))
    });
    let more: Vec<&KeynessRow> = sorted
        .iter()
        .copied()
        .filter(|r| r.stats.z > 0.0)
        .take(show)
        .collect();
    let less: Vec<&KeynessRow> = sorted
        .iter()
        .rev()
        .copied()
        .filter(|r| r.stats.z < 0.0)
        .take(show)
        .collect();
    let mut out = String::new();
    let mut any_small = false;
    for (title, part) in [
        (format!("used more by {target} than by {reference}"), more),
        (format!("used less by {target} than by {reference}"), less),
    ] {
        out.push_str(&format!("\n{title} (by z of the log-odds ratio)\n"));
        if part.is_empty() {
            out.push_str("  (none)\n");
            continue;
        }
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(vec![
            "feature".to_string(),
            "kind".to_string(),
            format!("{target}\ncount (per 10k)"),
            format!("{reference}\ncount (per 10k)"),
            "z".to_string(),
            "log-odds".to_string(),
            "χ²".to_string(),
            "p".to_string(),
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
                (Some(c), crate::keyness::FeatureKind::Term) => format!("{} [{c}]", r.feature),
                _ => r.feature.clone(),
            };
            any_small |= r.small();
            t.add_row(vec![
                format!("{feature}{}", if r.small() { " *" } else { "" }),
                r.kind.as_str().to_string(),
                rate(r.target_count, r.target_per_10k()),
                rate(r.reference_count, r.reference_per_10k()),
                format!("{:.2}", r.stats.z),
                format!("{:.3}", r.stats.log_odds),
                format!("{:.2}", r.stats.chi2),
                format!("{:.2e}", r.stats.p),
            ]);
        }
        for i in 2..8 {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    if any_small {
        out.push_str("* an expected count under 5: too few occurrences to say anything\n");
    }
    out
}
