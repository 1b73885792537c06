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
pub(super) enum Format {
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
/// tokens, counts and rates per 10,000 tokens with 95 % intervals, overall and in the
/// outlet's own voice. contrasts: one row per outlet × contrast × category, with count, share
/// and its interval. keyness: each outlet against all the others, per category, term (and word
/// type with --words): counts, rates, log-odds, z, χ², G², p. distances: Jensen–Shannon
/// divergence between outlets' category distributions. docs/SCHEMA.md defines every column;
/// docs/METHODOLOGY.md every statistic. Files are written under temporary names and renamed
/// when all are complete.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub(super) input: Input,

    /// Output directory (created if missing; tables in it are replaced).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub(super) output: PathBuf,

    /// File format of the tables.
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    pub(super) format: Format,

    #[command(flatten)]
    pub(super) intervals: IntervalArgs,

    #[command(flatten)]
    pub(super) keyness: KeynessOptions,

    #[command(flatten)]
    pub(super) from: super::FromArgs,
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let format = args.table_format();
    let keyness_options = args.keyness.options()?;
    if let Some(dir) = &args.from.from {
        return run_from(&args, dir, format, keyness_options);
    }
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
    let corpus = CorpusFacts {
        location: corpus.location.clone(),
        kind: corpus.kind,
        files: corpus.inputs(),
        passed_over: corpus.passed_over(),
    };
    let manifest = |written: &[TableEntry]| {
        manifest(
            &args,
            analyzer,
            &corpus,
            &summary,
            pipeline.fields(),
            written,
        )
    };
    let written = tables.commit(&summary.totals, &summaries, manifest)?;
    done(&args, analyzer, &summary, &corpus.passed_over, &written);
    Ok(ExitCode::SUCCESS)
}

/// What the manifest says of the corpus besides the summary's numbers.
pub(super) struct CorpusFacts {
    pub location: String,
    pub kind: &'static str,
    pub files: Vec<crate::corpus::InputFile>,
    /// Records read that are not articles, by what they are (a WARC's requests, say).
    pub passed_over: Vec<(String, u64)>,
}

impl AnalyzeArgs {
    pub(super) fn table_format(&self) -> TableFormat {
        match self.format {
            Format::Parquet => TableFormat::Parquet,
            Format::Csv => TableFormat::Csv,
        }
    }
}

/// manifest.json of a run over a corpus, given the tables written.
pub(super) fn manifest(
    args: &AnalyzeArgs,
    analyzer: &crate::analysis::Analyzer,
    corpus: &CorpusFacts,
    summary: &crate::pipeline::Summary,
    fields: &crate::corpus::FieldTypes,
    written: &[TableEntry],
) -> String {
    let input = &args.input;
    let format = args.table_format();
    let keyness_options = args.keyness.options().unwrap_or_default();
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
            "files": corpus.files,
            "documents": summary.documents,
            "outlets": summary.totals.outlets.len(),
            "tokens": summary.totals.tokens(),
            "text_bytes": summary.text_bytes,
            "skipped_records": summary.skipped,
            "passed_over": corpus
                .passed_over
                .iter()
                .map(|(what, n)| (what.clone(), serde_json::Value::from(*n)))
                .collect::<serde_json::Map<_, _>>(),
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
                "id": input.id_field, "outlet": input.outlet_field,
                "text": input.html_field.as_ref().unwrap_or(&input.text_field),
                "html": input.html_field.is_some(),
                "date": input.date_field, "title": input.title_field, "url": input.url_field,
            },
            "manifest": input.manifest.as_ref().map(|p| p.display().to_string()),
            "allow_skips": input.allow_skips,
            "voice": input.voice.as_str(),
            "intervals": args.intervals.interval_method.as_str(),
            "bootstrap": args.intervals.bootstrap,
            "seed": args.intervals.seed,
            "keyness_prior": keyness_options.prior.describe(),
            "keyness_rank": keyness_options.rank.as_str(),
            "keyness_words": args.keyness.words,
            "clean": input.clean.as_json(),
            "slices": input.slices.slicing().as_json(),
            "date_format": input.date_format,
            "metadata_fields": fields.names(),
        },
        "tables": written,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// Prints what was written.
pub(super) fn done(
    args: &AnalyzeArgs,
    analyzer: &crate::analysis::Analyzer,
    summary: &crate::pipeline::Summary,
    passed_over: &[(String, u64)],
    written: &[TableEntry],
) {
    if summary.totals.groups.len() > crate::table::MAX_DISTANCE_GROUPS {
        eprintln!(
            "slant: warning: {} groups: the distances table (a row per pair) is left empty above {}",
            thousands(summary.totals.groups.len() as u64),
            thousands(crate::table::MAX_DISTANCE_GROUPS as u64)
        );
    }
    if !super::chatty() {
        return;
    }
    note_passed_over(passed_over);
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
}

/// Says what the reader passed over as not articles (a WARC's requests, its images).
pub(super) fn note_passed_over(passed_over: &[(String, u64)]) {
    if passed_over.is_empty() {
        return;
    }
    let total: u64 = passed_over.iter().map(|(_, n)| n).sum();
    let what: Vec<String> = passed_over
        .iter()
        .map(|(what, n)| format!("{} {what}", thousands(*n)))
        .collect();
    eprintln!(
        "slant: passed over {} record{} that {} not articles: {}",
        thousands(total),
        if total == 1 { "" } else { "s" },
        if total == 1 { "is" } else { "are" },
        what.join(", ")
    );
}

/// `analyze --from DIR`: the tables of an earlier `analyze` (or `merge`), grouped, binned and
/// filtered anew, without reading the corpus: the per-article tables keep the rows of the
/// documents the filters keep, and the summary tables are those of a run over the corpus with
/// the same slices.
fn run_from(
    args: &AnalyzeArgs,
    dir: &std::path::Path,
    format: TableFormat,
    keyness: crate::keyness::Options,
) -> Result<ExitCode> {
    let mut t = args
        .input
        .read_tables(dir, args.keyness.count_words(), true)?;
    let source = t.shard.manifest().clone();
    // a uniform prior needs every word count; any other is recomputed with this run's
    t.shard.prior("analyze --from")?;
    let mut tables = TableSet::create(&args.output, format, &t.analyzer, &t.fields)?;
    let frames = t.frames.take().unwrap_or_default();
    for (name, df) in ["documents", "hits", "counts", "quotes"]
        .into_iter()
        .zip(frames)
    {
        tables.append(name, df)?;
    }
    let mut summary = t.summary;
    let summaries = summarize(
        &t.analyzer,
        &mut summary.totals,
        args.intervals.settings(),
        Some(keyness),
    );
    let slicing = args.input.slices.slicing();
    let manifest = |written: &[TableEntry]| {
        let mut corpus = source["corpus"].clone();
        corpus["documents"] = summary.documents.into();
        corpus["outlets"] = summary.totals.outlets.len().into();
        corpus["tokens"] = summary.totals.tokens().into();
        corpus["text_bytes"] = summary.text_bytes.into();
        corpus["boilerplate_bytes"] = summary.boilerplate_bytes.into();
        corpus["duplicates"] = summary.duplicates.into();
        corpus["uncounted"] = summary.uncounted.into();
        corpus["filtered"] = (corpus["filtered"].as_u64().unwrap_or(0) + summary.filtered).into();
        corpus["groups"] = summary.totals.groups.len().into();
        corpus["periods"] = summary.totals.periods.len().into();
        let mut settings = source["settings"].clone();
        settings["format"] = format.extension().into();
        args.intervals.record(&mut settings);
        settings["slices"] = slicing.as_json();
        settings["keyness_prior"] = keyness.prior.describe().into();
        settings["keyness_rank"] = keyness.rank.as_str().into();
        let mut value = serde_json::json!({
            "slant_version": env!("CARGO_PKG_VERSION"),
            "command": source["command"],
            "from": dir.display().to_string(),
            "corpus": corpus,
            "lexicons": source["lexicons"],
            "settings": settings,
            "tables": written,
        });
        if !source["shards"].is_null() {
            value["shards"] = source["shards"].clone();
        }
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    };
    let written = tables.commit(&summary.totals, &summaries, manifest)?;
    done(args, &t.analyzer, &summary, &[], &written);
    Ok(ExitCode::SUCCESS)
}
