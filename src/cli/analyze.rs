//! `slant analyze`: every table, to files, for notebooks.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::Input;
use crate::report::thousands;
use crate::table::{TableFormat, TableSet, WrittenTable};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Parquet,
    Csv,
}

/// Write the tables documents, hits, counts, outlets and contrasts, plus manifest.json, to an
/// output directory.
///
/// documents: one row per article (tokens, sentences, paragraphs). hits: one row per lexicon
/// match, with its term, surface text, sentence and token and byte spans. counts: one row per
/// article × category, zeros included. outlets: one row per outlet × category, with docs,
/// docs_with, tokens, count, per_10k. contrasts: one row per outlet × contrast × category, with
/// count and share. docs/SCHEMA.md defines every column. Files are written under temporary
/// names and renamed when all are complete.
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
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let format = match args.format {
        Format::Parquet => TableFormat::Parquet,
        Format::Csv => TableFormat::Csv,
    };
    let analyzer = args.input.analyzer()?;
    let mut tables = TableSet::create(&args.output, format, &analyzer)?;
    let (corpus, summary) = args
        .input
        .run(&analyzer, true, |doc, m| Ok(tables.add(doc, m)?))?;
    let input = &args.input;
    let manifest = |written: &[WrittenTable]| {
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
            },
            "tables": written,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    };
    let written = tables.commit(&summary.totals, manifest)?;
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
