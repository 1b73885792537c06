//! `slant merge`: the output directories of shards (one `slant analyze` per month, per file,
//! per machine) into the tables one run over the whole corpus would have given.
//!
//! `documents`, `hits`, `counts` and `quotes` hold one row per article, hit or quotation, so
//! they are concatenated in the order the shards are given. Everything per outlet is a sum over
//! articles ([`crate::stats`]): each counted article's [`DocStats`] is rebuilt from its
//! `documents`, `counts`, `quotes` and `hits` rows and added up, then the intervals (with the
//! same seed: an outlet's articles are resampled in a canonical order, so the split into shards
//! does not matter), contrasts, keyness and distances are computed again.
//!
//! Two things are decided per shard and cannot be recomputed from the tables: lines repeated
//! across an outlet's stories (boilerplate) and syndicated copies. Merged counts equal the
//! single run's when each outlet's articles lie in one shard (repetition is per outlet) or with
//! `--keep-boilerplate`; `cluster` and `duplicate_of` only know copies within a shard. Word
//! keyness (`--words`) needs every word count and is not recomputed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use polars::prelude::*;

use crate::analysis::Analyzer;
use crate::corpus::{FieldTypes, Kind, Value};
use crate::outdir::Committed;
use crate::pipeline::Summary;
use crate::slice::{Facets, Slicing};
use crate::stats::DocStats;
use crate::table::DOCUMENT_COLUMNS;
use crate::voice::Voice;

/// One shard's output directory, checked against its manifest.
pub struct Shard {
    pub dir: PathBuf,
    committed: Committed,
}

impl Shard {
    pub fn open(dir: &Path) -> Result<Shard> {
        Ok(Shard {
            dir: dir.to_path_buf(),
            committed: Committed::open(dir)?,
        })
    }

    /// The shard's manifest.json.
    pub fn manifest(&self) -> &serde_json::Value {
        &self.committed.manifest
    }

    /// The lexicons' names and sha256, as the shard's manifest lists them.
    pub fn lexicons(&self) -> Vec<(String, String)> {
        self.manifest()["lexicons"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|l| {
                        (
                            l["name"].as_str().unwrap_or("").to_string(),
                            l["sha256"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn setting(&self, name: &str) -> serde_json::Value {
        self.manifest()["settings"][name].clone()
    }

    /// Whether the shard counted a slice of its corpus (`--since`, `--until`, `--where`,
    /// `--outlets`).
    pub fn filtered(&self) -> bool {
        let s = self.setting("slices");
        !s["since"].is_null()
            || !s["until"].is_null()
            || !s["outlets"].is_null()
            || s["where"].as_array().is_some_and(|w| !w.is_empty())
    }

    /// The shard's output directory, checked.
    pub fn committed(&self) -> &Committed {
        &self.committed
    }
}

/// The grouping and period the shards were analyzed with (the same for all, or an error):
/// merge groups and bins the merged articles the same way. Their filters chose what each
/// shard counted and are not applied again.
pub fn slicing_of(shards: &[Shard]) -> Result<Slicing> {
    let of = |s: &Shard| -> Result<Slicing> {
        let slices = s.setting("slices");
        let by: Vec<String> = match slices["by"].as_array() {
            Some(list) => list
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            None => vec!["outlet".into()],
        };
        let period = match slices["period"].as_str() {
            Some(p) => Some(crate::dates::Period::parse(p).map_err(anyhow::Error::msg)?),
            None => None,
        };
        Ok(Slicing {
            by,
            period,
            filter: Default::default(),
        })
    };
    let first = of(&shards[0])?;
    for s in &shards[1..] {
        let this = of(s)?;
        if this != first {
            bail!(
                "{} and {} were analyzed with different --by or --period ({} against {}); analyze every shard alike",
                shards[0].dir.display(),
                s.dir.display(),
                shards[0].setting("slices"),
                s.setting("slices")
            );
        }
    }
    Ok(first)
}

/// Checks that a shard was analyzed with `lexicons` (by name and sha256).
pub fn check_lexicons(s: &Shard, lexicons: &[crate::lexicon::Lexicon], us: &str) -> Result<()> {
    let ours: Vec<(String, String)> = lexicons
        .iter()
        .map(|l| (l.name.clone(), l.sha256.clone()))
        .collect();
    let theirs = s.lexicons();
    if theirs != ours {
        let names = |v: &[(String, String)]| {
            v.iter()
                .map(|(n, h)| format!("{n} ({})", &h[..h.len().min(12)]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        bail!(
            "{} was analyzed with the lexicons {}, but {us} has {}; give the same -l files as the analysis",
            s.dir.display(),
            names(&theirs),
            names(&ours)
        );
    }
    Ok(())
}

/// The voices a shard counted (its `--voice`).
pub fn voices_of(s: &Shard) -> &'static [Voice] {
    match s.setting("voice").as_str() {
        Some("narrator") => &[Voice::Narrator],
        Some("quote") => &[Voice::Quote],
        Some("scare") => &[Voice::Scare],
        Some("quoted") => &[Voice::Quote, Voice::Scare],
        _ => &Voice::ALL,
    }
}

/// Checks that the shards were analyzed alike, with the lexicons of `analyzer`.
pub fn check(shards: &[Shard], analyzer: &Analyzer) -> Result<()> {
    for s in shards {
        if s.manifest()["command"] != "analyze" {
            bail!(
                "{}: not written by `slant analyze` (command: {})",
                s.dir.display(),
                s.manifest()["command"]
            );
        }
        check_lexicons(s, analyzer.lexicons(), "merge")?;
        for setting in ["voice", "keyness_prior"] {
            if s.setting(setting) != shards[0].setting(setting) {
                bail!(
                    "{} and {} differ in {setting} ({} against {}); analyze every shard with the same settings",
                    shards[0].dir.display(),
                    s.dir.display(),
                    shards[0].setting(setting),
                    s.setting(setting)
                );
            }
        }
    }
    Ok(())
}

fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = df.column(name)?.str()?.clone();
    Ok((0..df.height())
        .map(|i| c.get(i).map(str::to_string))
        .collect())
}

fn ints(df: &DataFrame, name: &str) -> Result<Vec<u64>> {
    let c = df.column(name)?.i64()?.clone();
    Ok((0..df.height())
        .map(|i| c.get(i).unwrap_or(0).max(0) as u64)
        .collect())
}

/// The document ids of the shards merged so far, each with the shard it came from: shards must
/// be disjoint, or an article given twice would be counted twice.
pub struct SeenIds {
    ids: crate::strings::IdMap<u32>,
    /// Repeated ids are allowed (`--allow-overlap`: different corpora whose ids collide).
    allow_repeats: bool,
}

impl SeenIds {
    pub fn new(allow_repeats: bool) -> SeenIds {
        SeenIds {
            ids: Default::default(),
            allow_repeats,
        }
    }
}

/// Refuses shards that share an input file (the same shard twice, or one file analyzed in two
/// shards): the `files` of their manifests have a sha256 in common. Empty files and a
/// directory corpus's manifest (`--manifest`, `manifest.csv`, `outlets.csv`, which shards of
/// one corpus share) are not compared; `allow` (`--allow-overlap`) compares nothing but the
/// directories (two identical articles may be two articles).
pub fn check_disjoint_inputs(shards: &[Shard], allow: bool) -> Result<()> {
    let mut dirs: HashMap<PathBuf, usize> = HashMap::new();
    for (i, s) in shards.iter().enumerate() {
        let real = std::fs::canonicalize(&s.dir).unwrap_or_else(|_| s.dir.clone());
        if let Some(&j) = dirs.get(&real) {
            bail!(
                "{} and {} are the same directory: both analyzed the same input, and merging would count its articles twice; give each shard once",
                shards[j].dir.display(),
                s.dir.display()
            );
        }
        dirs.insert(real, i);
    }
    if allow {
        return Ok(());
    }
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    for (i, s) in shards.iter().enumerate() {
        if s.filtered() {
            // a slice of a corpus (`--since`, `--where`...): other slices read the same files;
            // the document ids tell whether two slices overlap
            continue;
        }
        let files = s.manifest()["corpus"]["files"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let manifest = s.setting("manifest");
        for f in files {
            let (Some(sha), Some(path)) = (f["sha256"].as_str(), f["path"].as_str()) else {
                continue;
            };
            let name = Path::new(path).file_name().and_then(|n| n.to_str());
            let is_manifest = manifest.as_str() == Some(path)
                || matches!(name, Some("manifest.csv" | "outlets.csv"));
            if f["bytes"].as_u64() == Some(0) || is_manifest {
                continue;
            }
            if let Some((j, first)) = seen.get(sha) {
                if *j != i {
                    bail!(
                        "{} and {} both analyzed the same input ({first}{}, sha256 {}): merging would count its articles twice; give each shard once, or pass --allow-overlap if these are different articles with the same text",
                        shards[*j].dir.display(),
                        s.dir.display(),
                        if first == path { String::new() } else { format!(" and {path}") },
                        &sha[..sha.len().min(12)]
                    );
                }
            }
            seen.entry(sha.to_string()).or_insert((i, path.to_string()));
        }
    }
    Ok(())
}

/// One article of an `analyze` output, rebuilt from its tables: what slicing reads of it, and
/// its numbers.
#[derive(Debug, Clone)]
pub struct DocRow {
    pub id: String,
    pub outlet: String,
    pub date: Option<chrono::NaiveDate>,
    pub metadata: Vec<(String, Value)>,
    /// False for a copy dropped by `--dedupe`.
    pub counted: bool,
    /// The doc_id of the first copy of its story (its own id when it has no copies).
    pub cluster: String,
    /// Whether it is a later copy of a story.
    pub is_copy: bool,
    pub stats: DocStats,
}

impl DocRow {
    pub fn facets(&self) -> Facets<'_> {
        Facets {
            id: &self.id,
            outlet: &self.outlet,
            date: self.date,
            metadata: &self.metadata,
        }
    }
}

/// Adds the articles the filters keep to `summary`, in order: the counted ones to its totals,
/// grouped and binned by `slicing`, all to its counts of documents, bytes and copies, as a run
/// over the corpus counts them ([`crate::pipeline::collect`]). `stories` holds the clusters of
/// the copies seen so far.
pub fn fold(
    docs: &[DocRow],
    slicing: &Slicing,
    summary: &mut Summary,
    stories: &mut rustc_hash::FxHashSet<String>,
) {
    for d in docs {
        let f = d.facets();
        if !slicing.filter.keeps(&f) {
            summary.filtered += 1;
            continue;
        }
        summary.documents += 1;
        summary.text_bytes += d.stats.bytes;
        summary.boilerplate_bytes += d.stats.boilerplate_bytes;
        if d.is_copy {
            summary.duplicates += 1;
            if stories.insert(d.cluster.clone()) {
                summary.stories_with_copies += 1;
            }
        }
        if d.counted {
            summary
                .totals
                .add_to(&slicing.key(&f), &d.outlet, slicing.period_of(&f), &d.stats);
        } else {
            summary.uncounted += 1;
        }
    }
}

/// The metadata columns of a `documents` table (those after the base columns), with their
/// types, by their input names.
pub fn field_types(documents: &DataFrame) -> FieldTypes {
    let mut out = FieldTypes::default();
    for c in documents.columns() {
        let name = c.name().as_str();
        if DOCUMENT_COLUMNS.contains(&name) {
            continue;
        }
        let kind = match c.dtype() {
            d if d.is_integer() => Kind::Int,
            d if d.is_float() => Kind::Float,
            DataType::Boolean => Kind::Bool,
            _ => Kind::Text,
        };
        out.columns.push((input_name(name).to_string(), kind));
    }
    out
}

/// A metadata field's name in the input, from its column's (`input_date` is `date`).
fn input_name(column: &str) -> &str {
    match column.strip_prefix("input_") {
        Some(n) if DOCUMENT_COLUMNS.contains(&n) => n,
        _ => column,
    }
}

/// Each row's metadata values (non-null ones), from the metadata columns of `documents`.
fn metadata_rows(documents: &DataFrame) -> Result<Vec<Vec<(String, Value)>>> {
    let mut rows: Vec<Vec<(String, Value)>> = vec![Vec::new(); documents.height()];
    for c in documents.columns() {
        let column = c.name().as_str();
        if DOCUMENT_COLUMNS.contains(&column) {
            continue;
        }
        let name = input_name(column).to_string();
        let d = c.dtype().clone();
        let push = |rows: &mut Vec<Vec<(String, Value)>>, i: usize, v: Value| {
            rows[i].push((name.clone(), v));
        };
        if d.is_integer() {
            let v = c.cast(&DataType::Int64)?;
            for (i, x) in v.i64()?.iter().enumerate() {
                if let Some(x) = x {
                    push(&mut rows, i, Value::Int(x));
                }
            }
        } else if d.is_float() {
            let v = c.cast(&DataType::Float64)?;
            for (i, x) in v.f64()?.iter().enumerate() {
                if let Some(x) = x {
                    push(&mut rows, i, Value::Float(x));
                }
            }
        } else if d == DataType::Boolean {
            for (i, x) in c.bool()?.iter().enumerate() {
                if let Some(x) = x {
                    push(&mut rows, i, Value::Bool(x));
                }
            }
        } else {
            let v = c.cast(&DataType::String)?;
            for (i, x) in v.str()?.iter().enumerate() {
                if let Some(x) = x.filter(|x| !x.is_empty()) {
                    push(&mut rows, i, Value::Text(x.to_string()));
                }
            }
        }
    }
    Ok(rows)
}

/// One `analyze` output: its tables that grow with the corpus (documents, hits, counts, quotes,
/// to be concatenated by `merge`) and its articles rebuilt from them.
pub struct ShardDocs {
    pub frames: [DataFrame; 4],
    pub docs: Vec<DocRow>,
}

/// The articles of one shard, rebuilt from its tables, in the shard's order.
pub fn read_shard(
    shards: &[Shard],
    this: usize,
    analyzer: &Analyzer,
    seen: &mut SeenIds,
) -> Result<ShardDocs> {
    let shard = &shards[this];
    let read = |name: &str| crate::table::read_table(&shard.committed, name);
    let (documents, hits, counts, quotes) = (
        read("documents")?,
        read("hits")?,
        read("counts")?,
        read("quotes")?,
    );
    let where_ = |table: &str| format!("{}: {table}", shard.dir.display());

    // category slot and term slot by name
    let mut slots: HashMap<(&str, &str), usize> = HashMap::new();
    let mut term_slots: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
        for (c, category) in lexicon.categories.iter().enumerate() {
            slots.insert((&lexicon.name, &category.name), analyzer.slot(l, c));
            for (k, term) in category.terms.iter().enumerate() {
                term_slots.insert(
                    (&lexicon.name, &category.name, &term.text),
                    analyzer.term_slot(l, c, k),
                );
            }
        }
    }

    let ids = strings(&documents, "doc_id").with_context(|| where_("documents"))?;
    let dates: Vec<Option<i32>> = {
        let c = documents.column("date")?.cast(&DataType::Int32)?;
        c.i32()?.iter().collect()
    };
    let mut metadata = metadata_rows(&documents).with_context(|| where_("documents"))?;
    let clusters = strings(&documents, "cluster").with_context(|| where_("documents"))?;
    let copies = strings(&documents, "duplicate_of").with_context(|| where_("documents"))?;
    let outlets = strings(&documents, "outlet").with_context(|| where_("documents"))?;
    let counted = documents.column("counted")?.bool()?.clone();
    let mut stats: Vec<DocStats> = Vec::with_capacity(documents.height());
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(documents.height());
    {
        let col = |n: &str| ints(&documents, n);
        let (tokens, narrator, quote, scare) = (
            col("tokens")?,
            col("tokens_narrator")?,
            col("tokens_quote")?,
            col("tokens_scare")?,
        );
        let (sentences, paragraphs, bytes, boilerplate) = (
            col("sentences")?,
            col("paragraphs")?,
            col("bytes")?,
            col("boilerplate_bytes")?,
        );
        for i in 0..documents.height() {
            let id = ids[i].as_deref().unwrap_or("");
            if index.insert(id, i).is_some() {
                bail!("{}: doc_id `{id}` appears twice", where_("documents"));
            }
            if seen.ids.insert(id, this as u32).is_err() && !seen.allow_repeats {
                let first = seen.ids.get(id).map_or(this, |&s| s as usize);
                let other = &shards[first];
                bail!(
                        "doc_id `{id}` is in {} and in {}: the shards overlap, and merging would count the article twice; give each article to one shard, or pass --allow-overlap if these are different corpora whose ids collide",
                    other.dir.display(),
                    shard.dir.display()
                );
            }
            stats.push(DocStats {
                tokens: tokens[i],
                tokens_by_voice: [narrator[i], quote[i], scare[i]],
                sentences: sentences[i],
                paragraphs: paragraphs[i],
                bytes: bytes[i],
                boilerplate_bytes: boilerplate[i],
                counts: vec![0; analyzer.slots()],
                counts_by_voice: vec![[0; 3]; analyzer.slots()],
                quotes: Vec::new(),
                terms: vec![0; analyzer.term_slots()],
                words: Vec::new(),
            });
        }
    }
    let doc_of = |id: &Option<String>, table: &str| -> Result<usize> {
        let id = id.as_deref().unwrap_or("");
        index.get(id).copied().with_context(|| {
            format!(
                "{}: doc_id `{id}` is not in the shard's documents table",
                where_(table)
            )
        })
    };

    // counts: per article × category, by voice
    {
        let (doc, lexicon, category) = (
            strings(&counts, "doc_id")?,
            strings(&counts, "lexicon")?,
            strings(&counts, "category")?,
        );
        let (n, narrator, quote, scare) = (
            ints(&counts, "count")?,
            ints(&counts, "narrator")?,
            ints(&counts, "quote")?,
            ints(&counts, "scare")?,
        );
        for i in 0..counts.height() {
            let d = doc_of(&doc[i], "counts")?;
            let key = (
                lexicon[i].as_deref().unwrap_or(""),
                category[i].as_deref().unwrap_or(""),
            );
            let slot = *slots.get(&key).with_context(|| {
                format!(
                    "{}: no category {}:{} in the lexicons given",
                    where_("counts"),
                    key.0,
                    key.1
                )
            })?;
            stats[d].counts[slot] = n[i];
            stats[d].counts_by_voice[slot] = [narrator[i], quote[i], scare[i]];
        }
    }
    // terms, from the hits
    {
        let (doc, lexicon, category, term) = (
            strings(&hits, "doc_id")?,
            strings(&hits, "lexicon")?,
            strings(&hits, "category")?,
            strings(&hits, "term")?,
        );
        for i in 0..hits.height() {
            let d = doc_of(&doc[i], "hits")?;
            let key = (
                lexicon[i].as_deref().unwrap_or(""),
                category[i].as_deref().unwrap_or(""),
                term[i].as_deref().unwrap_or(""),
            );
            let slot = *term_slots.get(&key).with_context(|| {
                format!(
                    "{}: no term `{}` in {}:{} of the lexicons given",
                    where_("hits"),
                    key.2,
                    key.0,
                    key.1
                )
            })?;
            stats[d].terms[slot] += 1;
        }
    }
    // direct quotations, with their speakers
    {
        let (doc, kind, speaker, group) = (
            strings(&quotes, "doc_id")?,
            strings(&quotes, "kind")?,
            strings(&quotes, "speaker")?,
            strings(&quotes, "speaker_group")?,
        );
        let words = ints(&quotes, "words")?;
        for i in 0..quotes.height() {
            if kind[i].as_deref() != Some(Voice::Quote.as_str()) {
                continue;
            }
            let d = doc_of(&doc[i], "quotes")?;
            stats[d]
                .quotes
                .push((speaker[i].clone(), group[i].clone(), words[i]));
        }
    }
    let docs = stats
        .into_iter()
        .enumerate()
        .map(|(i, stats)| DocRow {
            id: ids[i].clone().unwrap_or_default(),
            outlet: outlets[i].clone().unwrap_or_default(),
            date: dates[i].and_then(crate::dates::from_days),
            metadata: std::mem::take(&mut metadata[i]),
            counted: counted.get(i).unwrap_or(true),
            cluster: clusters[i].clone().unwrap_or_default(),
            is_copy: copies[i].is_some(),
            stats,
        })
        .collect();
    Ok(ShardDocs {
        frames: [documents, hits, counts, quotes],
        docs,
    })
}
