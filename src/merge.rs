//! `slant merge`: the output directories of shards (one `slant analyze` per month, per file,
//! per machine), checked before they are merged: the same lexicons, voice and slicing, no
//! input file or document id in two shards.
//!
//! `documents`, `hits`, `counts` and `quotes` hold one row per article, hit or quotation, so
//! they are concatenated in the order the shards are given. Everything per group is a sum over
//! articles ([`crate::stats`]): each article is rebuilt from its rows and folded again
//! ([`crate::pipeline::tables`]), then the intervals (with the same seed: a group's articles are
//! resampled in a canonical order, so the split into shards does not matter), contrasts,
//! series, keyness and distances are computed again.
//!
//! Two things are decided per run and cannot be recomputed from the tables: lines repeated
//! across an outlet's stories (boilerplate) and syndicated copies. Slices of one corpus
//! (`analyze CORPUS --since … --until …`) find them over the whole corpus, so their merge is
//! the one run, byte for byte; shards analyzed from separate files find them per shard, which
//! equals the one run when each outlet's articles lie in one shard or with
//! `--keep-boilerplate`. Word keyness (`--words`) needs every word count and is not
//! recomputed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::analysis::Analyzer;
use crate::outdir::Committed;
use crate::slice::Slicing;
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

    /// The keyness prior the shard was analyzed with. Refuses a uniform prior (`--alpha`):
    /// recomputing its keyness needs every word count, which the tables do not hold. `what`
    /// says what would have recomputed it.
    pub fn prior(&self, what: &str) -> Result<crate::stats::Prior> {
        let setting = self.setting("keyness_prior");
        let text = setting.as_str().unwrap_or("");
        match crate::stats::Prior::parse(text) {
            Some(crate::stats::Prior::Uniform(_)) => bail!(
                "{}: analyzed with a uniform prior (--alpha), which needs every word count; {what} recomputes keyness from the tables: analyze without --alpha",
                self.dir.display()
            ),
            Some(prior) => Ok(prior),
            None => bail!(
                "{}: manifest.json has keyness_prior {setting}, which this slant does not know; analyze that shard again",
                self.dir.display()
            ),
        }
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
    s.setting("voice")
        .as_str()
        .and_then(crate::voice::selection)
        .unwrap_or(&Voice::ALL)
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

    /// Takes in an id of shard `this`: `Err` with the shard that had it first when it was seen
    /// before and repeats are not allowed.
    pub fn insert(&mut self, id: &str, this: usize) -> Result<(), usize> {
        if self.ids.insert(id, this as u32).is_err() && !self.allow_repeats {
            return Err(self.ids.get(id).map_or(this, |&s| s as usize));
        }
        Ok(())
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
