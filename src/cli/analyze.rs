//! `slant analyze`: every table, to files, for notebooks.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::{Input, IntervalArgs, KeynessOptions};
use crate::outdir::TableEntry;
use crate::pipeline::{summarize, Run};
use crate::report::thousands;
use crate::table::{TableFormat, TableSet};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Parquet,
    Csv,
}

/// Write the tables documents, hits, counts, outlets and contrasts, plus manifest.json, to an
/// output directory.
///
/// documents: one row per article (tokens per voice, sentences, paragraphs). hits: one row per
/// lexicon match, with its term, surface text, voice, sentence and token and byte spans.
/// counts: one row per article × category, zeros included, split by voice. quotes: one row per
/// quotation, with its speaker. outlets: one row per outlet × category, with docs, docs_with,
/// tokens, counts and rates per 10,000 tokens with 95 % bootstrap intervals, overall and in the
/// outlet's own voice. contrasts: one row per outlet × contrast × category, with count, share
/// and its interval. keyness: each outlet against all the others, per category, term (and word
/// type with --words): counts, rates, log-odds, z, χ², G², p. distances: Jensen–Shannon
/// divergence between outlets' category distributions. docs/SCHEMA.md defines every column;
/// docs/METHODOLOGY.md every statistic. Files are written under temporary names and renamed
/// when all are complete.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    input: Input,

    /// Output directory (created if missing; tables in it are replaced).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,

    /// File format of the tables.
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    format: Format,

    #[command(flatten)]
    intervals: IntervalArgs,

    #[command(flatten)]
    keyness: KeynessOptions,
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let format = match args.format {
        Format::Parquet => TableFormat::Parquet,
        Format::Csv => TableFormat::Csv,
    };
    let keyness_options = args.keyness.options()?;
    let pipeline = args.input.pipeline(args.keyness.count_words())?;
    let analyzer = pipeline.analyzer();
    let mut tables = TableSet::create(&args.output, format, analyzer, pipeline.fields())?;
    let Run {
        corpus,
        mut summary,
    } = args
        .input
        .run(&pipeline, true, |doc, m| Ok(tables.add(doc, m)?))?;
    let summaries = summarize(
        analyzer,
        &mut summary.totals,
        args.intervals.settings(),
        Some(keyness_options),
    );
    let input = &args.input;
    let manifest = |written: &[TableEntry]| {
        let lexicons: Vec<_> = analyzer
            .lexicons()
            .iter()
            .map(|l| {
                serde_json::json!({
                    "name": l.name,
                    "version": l.version,
                    "language": l.language,
                    "source": l.source,
                    "sha256": l.sha256,
                    "categories": l.categories.len(),
                    "terms": l.term_count(),
                    "contrasts": l.contrasts.len(),
                })
            })
            .collect();
        let value = serde_json::json!({
            "slant_version": env!("CARGO_PKG_VERSION"),
            "command": "analyze",
            "corpus": {
                "location": corpus.location,
                "kind": corpus.kind,
                "files": corpus.inputs(),
                "documents": summary.documents,
                "outlets": summary.totals.outlets.len(),
                "tokens": summary.totals.tokens(),
                "text_bytes": summary.text_bytes,
                "skipped_records": summary.skipped,
                "boilerplate_bytes": summary.boilerplate_bytes,
                "duplicates": summary.duplicates,
                "uncounted": summary.uncounted,
                "filtered": summary.filtered,
                "dates": {
                    "dated": summary.dates.dated,
                    "missing": summary.dates.missing,
                    "unreadable": summary.dates.unreadable,
                    "implausible": summary.dates.implausible,
                },
                "groups": summary.totals.groups.len(),
                "periods": summary.totals.periods.len(),
            },
            "lexicons": lexicons,
            "settings": {
                "format": format.extension(),
                "fields": {
                    "id": input.id_field, "outlet": input.outlet_field, "text": input.text_field,
                    "date": input.date_field, "title": input.title_field, "url": input.url_field,
                },
                "manifest": input.manifest.as_ref().map(|p| p.display().to_string()),
                "allow_skips": input.allow_skips,
                "voice": input.voice.as_str(),
                "bootstrap": args.intervals.bootstrap,
                "seed": args.intervals.seed,
                "keyness_prior": match args.keyness.alpha {
                    Some(a) => format!("uniform alpha={a}"),
                    None => "informative (corpus counts)".to_string(),
                },
                "keyness_words": args.keyness.words,
                "clean": input.clean.as_json(),
                "slices": input.slices.slicing().as_json(),
                "date_format": input.date_format,
                "metadata_fields": pipeline.fields().names(),
            },
            "tables": written,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    };
    let written = tables.commit(&summary.totals, &summaries, manifest)?;
    if summary.totals.groups.len() > crate::table::MAX_DISTANCE_GROUPS {
        eprintln!(
            "slant: warning: {} groups: the distances table (a row per pair) is left empty above {}",
            thousands(summary.totals.groups.len() as u64),
            thousands(crate::table::MAX_DISTANCE_GROUPS as u64)
        );
    }
    let list: Vec<String> = written
        .iter()
        .map(|w| format!("{} ({} rows)", w.file, thousands(w.rows)))
        .collect();
    eprintln!(
        "slant: analyzed {} documents from {} outlets ({} tokens) with {} lexicon{}; wrote {} and manifest.json to {}",
        thousands(summary.documents),
        thousands(summary.totals.outlets.len() as u64),
        thousands(summary.totals.tokens()),
        analyzer.lexicons().len(),
        if analyzer.lexicons().len() == 1 { "" } else { "s" },
        list.join(", "),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
