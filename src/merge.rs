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
use crate::outdir::Committed;
use crate::stats::{DocStats, Totals};
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
}

/// Checks that the shards were analyzed alike, with the lexicons of `analyzer`.
pub fn check(shards: &[Shard], analyzer: &Analyzer) -> Result<()> {
    let ours: Vec<(String, String)> = analyzer
        .lexicons()
        .iter()
        .map(|l| (l.name.clone(), l.sha256.clone()))
        .collect();
    for s in shards {
        if s.manifest()["command"] != "analyze" {
            bail!(
                "{}: not written by `slant analyze` (command: {})",
                s.dir.display(),
                s.manifest()["command"]
            );
        }
        let theirs = s.lexicons();
        if theirs != ours {
            let names = |v: &[(String, String)]| {
                v.iter()
                    .map(|(n, h)| format!("{n} ({})", &h[..h.len().min(12)]))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            bail!(
                "{} was analyzed with the lexicons {}, but merge has {}; give merge the same -l files as the shards",
                s.dir.display(),
                names(&theirs),
                names(&ours)
            );
        }
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

/// The per-article numbers of one shard, rebuilt from its tables, added to `totals` in the
/// shard's article order. Returns the documents, hits, counts and quotes frames, to be
/// concatenated, and the number of articles.
pub fn add_shard(
    shards: &[Shard],
    this: usize,
    analyzer: &Analyzer,
    totals: &mut Totals,
    seen: &mut SeenIds,
) -> Result<[DataFrame; 4]> {
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
    for (i, s) in stats.iter().enumerate() {
        if counted.get(i).unwrap_or(true) {
            totals.add(outlets[i].as_deref().unwrap_or(""), s);
        }
    }
    Ok([documents, hits, counts, quotes])
}
