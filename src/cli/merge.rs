//! `slant merge`: shards' output directories into one.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::{Input, IntervalArgs};
use crate::merge::{self, Shard};
use crate::outdir::TableEntry;
use crate::report::thousands;
use crate::stats::Totals;
use crate::table::{TableFormat, TableSet};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Parquet,
    Csv,
}

/// Merge the output directories of `slant analyze` run on shards of a corpus (one per month,
/// per file, per machine) into the tables one run over the whole corpus would give: documents,
/// hits, counts and quotes concatenated in the order given; outlets, contrasts, keyness and
/// distances recomputed from the summed counts, with intervals computed again from every
/// shard's articles (the same intervals as one run). Give the same -l lexicons as the shards (checked
/// by sha256). Boilerplate repetition and syndicated copies are found per shard: keep each
/// outlet in one shard for identical counts.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Output directories of `slant analyze -o DIR`, in corpus order.
    #[arg(value_name = "DIR", required = true)]
    shards: Vec<PathBuf>,

    /// Output directory of the merged tables.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,

    /// The lexicons the shards were analyzed with (default: the bundled ones).
    #[arg(short = 'l', long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,

    /// Read the -l files in this format whatever their extension.
    #[arg(long = "lexicon-format", value_name = "FORMAT", value_parser = super::lexicon::parse_format)]
    lexicon_format: Option<crate::lexicon::Format>,

    /// File format of the merged tables.
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    format: Format,

    #[command(flatten)]
    intervals: IntervalArgs,

    /// Let the shards share document ids and input files with the same bytes: for different
    /// corpora whose ids happen to collide (both number their articles from 1), or identical
    /// texts that are different articles; every row is then counted. The same directory given
    /// twice is refused even so.
    #[arg(long)]
    allow_overlap: bool,
}

pub fn run(args: MergeArgs) -> Result<ExitCode> {
    let shards: Vec<Shard> = args
        .shards
        .iter()
        .map(|d| Shard::open(d))
        .collect::<Result<_>>()?;
    let input = Input::for_lexicons(args.lexicons.clone(), args.lexicon_format);
    let analyzer =
        crate::analysis::Analyzer::new(input.lexicons()?).with_voices(merge::voices_of(&shards[0]));
    merge::check(&shards, &analyzer)?;
    merge::check_disjoint_inputs(&shards, args.allow_overlap)?;
    let prior = shards[0].prior("merge")?;
    for shard in &shards[1..] {
        shard.prior("merge")?;
    }
    if shards.iter().any(|s| s.setting("keyness_words") == true) {
        eprintln!("slant: the shards compared word types (--words); merged keyness has categories and terms only (word counts are not in the tables)");
    }
    let format = match args.format {
        Format::Parquet => TableFormat::Parquet,
        Format::Csv => TableFormat::Csv,
    };
    // the merged documents table has every shard's metadata columns
    let mut fields = crate::corpus::FieldTypes::default();
    for shard in &shards {
        let documents = crate::table::read_table(shard.committed(), "documents")?;
        for (name, kind) in crate::pipeline::tables::field_types(&documents).columns {
            match fields.columns.iter_mut().find(|(n, _)| *n == name) {
                Some((_, k)) => *k = k.unify(kind),
                None => fields.columns.push((name, kind)),
            }
        }
    }
    let slicing = merge::slicing_of(&shards)?;
    let mut tables = TableSet::create(&args.output, format, &analyzer, &fields)?;
    let mut summary = crate::pipeline::Summary {
        totals: Totals::new(slicing.by.clone(), slicing.period),
        ..Default::default()
    };
    let mut stories = Default::default();
    let mut seen = merge::SeenIds::new(args.allow_overlap);
    for i in 0..shards.len() {
        let shard = crate::pipeline::tables::read_shard(&shards, i, &analyzer, &mut seen, true)?;
        crate::pipeline::tables::fold(&shard.docs, &slicing, &mut summary, &mut stories);
        for (name, df) in ["documents", "hits", "counts", "quotes"]
            .into_iter()
            .zip(shard.frames)
        {
            tables.append(name, df)?;
        }
    }
    let documents = summary.documents;
    let mut totals = summary.totals;
    let summaries = crate::pipeline::summarize(
        &analyzer,
        &mut totals,
        args.intervals.settings(),
        Some(crate::keyness::Options {
            prior,
            top_words: 0,
            ..Default::default()
        }),
    );
    let sum = |key: &str| -> u64 {
        shards
            .iter()
            .map(|s| s.manifest()["corpus"][key].as_u64().unwrap_or(0))
            .sum()
    };
    let files: Vec<serde_json::Value> = shards
        .iter()
        .flat_map(|s| {
            s.manifest()["corpus"]["files"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    // what the shards' readers passed over, summed by what it is, in first-seen order
    let mut passed_over = serde_json::Map::new();
    for shard in &shards {
        if let Some(map) = shard.manifest()["corpus"]["passed_over"].as_object() {
            for (what, n) in map {
                let sum = passed_over.get(what).and_then(|v| v.as_u64()).unwrap_or(0);
                passed_over.insert(what.clone(), (sum + n.as_u64().unwrap_or(0)).into());
            }
        }
    }
    let manifest = |written: &[TableEntry]| {
        let mut settings = shards[0].manifest()["settings"].clone();
        args.intervals.record(&mut settings);
        settings["format"] = format.extension().into();
        settings["keyness_words"] = false.into();
        settings["slices"] = slicing.as_json();
        let value = serde_json::json!({
            "slant_version": env!("CARGO_PKG_VERSION"),
            "command": "merge",
            "shards": args.shards.iter().map(|d| d.display().to_string()).collect::<Vec<_>>(),
            "corpus": {
                "location": shards.iter().map(|s| s.manifest()["corpus"]["location"].as_str().unwrap_or("").to_string()).collect::<Vec<_>>().join(" + "),
                "kind": "shards",
                "files": files,
                "documents": documents,
                "outlets": totals.outlets.len(),
                "groups": totals.groups.len(),
                "periods": totals.periods.len(),
                "tokens": totals.tokens(),
                "text_bytes": sum("text_bytes"),
                "skipped_records": sum("skipped_records"),
                "passed_over": passed_over,
                "boilerplate_bytes": sum("boilerplate_bytes"),
                "duplicates": sum("duplicates"),
                "uncounted": sum("uncounted"),
            },
            "lexicons": shards[0].manifest()["lexicons"].clone(),
            "settings": settings,
            "tables": written,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    };
    let written = tables.commit(&totals, &summaries, manifest)?;
    eprintln!(
        "slant: merged {} shard{} ({} documents from {} outlets, {} tokens) into {} ({} tables and manifest.json)",
        shards.len(),
        if shards.len() == 1 { "" } else { "s" },
        thousands(documents),
        thousands(totals.outlets.len() as u64),
        thousands(totals.tokens()),
        args.output.display(),
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}
