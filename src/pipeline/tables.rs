//! A run from tables: the output directory of `slant analyze` (or `slant merge`) read back
//! instead of the corpus, so a large corpus is read once and summarized many ways (`report
//! --from DIR --by label --period year`). Each article's numbers are rebuilt from the
//! `documents`, `counts`, `hits` and `quotes` tables ([`crate::merge::read_shard`]) and folded
//! as a run over the corpus folds them: the same totals, so the same report, keyness and
//! comparisons.

use std::path::Path;

use anyhow::{bail, Result};

use super::summary::{CleaningFacts, Summary};
use crate::analysis::{Analyzer, Dedupe};
use crate::lexicon::Lexicon;
use crate::merge::{self, SeenIds, Shard};
use crate::slice::Slicing;
use crate::stats::Totals;

/// What an output directory gives: the analyzer of its lexicons and voices, and the summary
/// of its articles sliced anew.
pub struct FromTables {
    pub analyzer: Analyzer,
    pub summary: Summary,
    /// The corpus the tables were made from, as their manifest names it.
    pub location: String,
    pub shard: Shard,
    /// The counted documents the filters keep, by id.
    pub kept: rustc_hash::FxHashSet<String>,
}

impl FromTables {
    /// The corpus the tables were made from, opened as the analysis read it (for what only the
    /// text gives: hits in context).
    pub fn corpus(&self) -> Result<crate::corpus::Corpus> {
        let m = self.shard.manifest();
        if m["command"] == "merge" {
            bail!(
                "{}: merged from shards, whose corpora cannot be read as one; run this on the corpus",
                self.shard.dir.display()
            );
        }
        let source = match self.location.as_str() {
            "bundled:data" => crate::corpus::Source::Bundled,
            path => crate::corpus::Source::Path(path.into()),
        };
        let f = &m["settings"]["fields"];
        let field = |k: &str| f[k].as_str().unwrap_or(k).to_string();
        let options = crate::corpus::Options {
            fields: crate::corpus::Fields {
                id: field("id"),
                outlet: field("outlet"),
                text: field("text"),
                date: field("date"),
                title: field("title"),
                url: field("url"),
                keep: crate::corpus::Keep::None,
            },
            manifest: m["settings"]["manifest"].as_str().map(Into::into),
            unlisted: true,
        };
        crate::corpus::open(&source, &options).map_err(|e| {
            anyhow::anyhow!(
                "{e}: the corpus {} was analyzed from cannot be read from here; run this on the corpus",
                self.shard.dir.display()
            )
        })
    }

    /// The input files the manifest lists.
    pub fn inputs(&self) -> Vec<crate::corpus::InputFile> {
        self.shard.manifest()["corpus"]["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .map(|f| crate::corpus::InputFile {
                        path: f["path"].as_str().unwrap_or("").to_string(),
                        bytes: f["bytes"].as_u64().unwrap_or(0),
                        sha256: f["sha256"].as_str().unwrap_or("").to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Reads `dir` (checked against its manifest) with `lexicons` (which must be those of the
/// analysis), and folds its articles by `slicing`.
pub fn from_tables(dir: &Path, lexicons: Vec<Lexicon>, slicing: &Slicing) -> Result<FromTables> {
    let shard = Shard::open(dir)?;
    let command = shard.manifest()["command"].as_str().unwrap_or("");
    if command != "analyze" && command != "merge" {
        bail!(
            "{}: not written by `slant analyze` or `slant merge` (command: {command})",
            dir.display()
        );
    }
    merge::check_lexicons(&shard, &lexicons, "this command")?;
    let analyzer = Analyzer::new(lexicons).with_voices(merge::voices_of(&shard));
    let shards = [shard];
    let rows = merge::read_shard(&shards, 0, &analyzer, &mut SeenIds::new(false))?;
    let [shard] = shards;
    let fields = merge::field_types(&rows.frames[0]);
    slicing
        .check_columns(&fields.names(), &format!("{}/documents", dir.display()))
        .map_err(anyhow::Error::msg)?;
    drop(rows.frames);
    let clean = &shard.manifest()["settings"]["clean"];
    let mut summary = Summary {
        totals: Totals::new(slicing.by.clone(), slicing.period),
        cleaning: CleaningFacts {
            boilerplate_left_out: clean["keep_boilerplate"] != true
                || clean["boilerplate_rules"].is_string(),
            dedupe: match clean["dedupe"].as_str() {
                Some("outlet") => Dedupe::Outlet,
                Some("all") => Dedupe::All,
                _ => Dedupe::None,
            },
        },
        ..Summary::default()
    };
    let mut stories = Default::default();
    merge::fold(&rows.docs, slicing, &mut summary, &mut stories);
    let kept = rows
        .docs
        .iter()
        .filter(|d| d.counted && slicing.filter.keeps(&d.facets()))
        .map(|d| d.id.clone())
        .collect();
    if summary.documents == 0 {
        bail!(
            "the filters leave none of the {} documents of {} (--since, --until, --where, --outlets)",
            summary.filtered,
            dir.display()
        );
    }
    let location = shard.manifest()["corpus"]["location"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Ok(FromTables {
        analyzer,
        summary,
        location,
        shard,
        kept,
    })
}
