//! A run from tables: the output directory of `slant analyze` (or `slant merge`) read back
//! instead of the corpus, so a large corpus is read once and summarized many ways (`report
//! --from DIR --by label --period year`). Each article's numbers are rebuilt from the
//! `documents`, `counts`, `hits` and `quotes` tables ([`read_shard`]) and folded
//! as a run over the corpus folds them: the same totals, so the same report, keyness and
//! comparisons.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use polars::prelude::*;

use super::summary::{CleaningFacts, Summary};
use crate::analysis::{Analyzer, Dedupe};
use crate::corpus::{FieldTypes, Kind, Value};
use crate::lexicon::Lexicon;
use crate::merge::{self, SeenIds, Shard};
use crate::slice::{Facets, Slicing};
use crate::stats::{DocStats, Totals};
use crate::table::DOCUMENT_COLUMNS;
use crate::voice::Voice;

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
    /// With `whole`: the tables that grow with the corpus (documents, hits, counts, quotes),
    /// every column, with the rows of the documents the filters keep.
    pub frames: Option<[DataFrame; 4]>,
    /// The metadata columns of `documents`, with their types.
    pub fields: FieldTypes,
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
                html: f["html"].as_bool().unwrap_or(false),
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
/// analysis), and folds its articles by `slicing`; with `whole`, keeps the per-article tables
/// (see [`FromTables::frames`]).
pub fn from_tables(
    dir: &Path,
    lexicons: Vec<Lexicon>,
    slicing: &Slicing,
    whole: bool,
) -> Result<FromTables> {
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
    let rows = read_shard(&shards, 0, &analyzer, &mut SeenIds::new(false), whole)?;
    let [shard] = shards;
    let fields = field_types(&rows.frames[0]);
    slicing
        .check_columns(&fields.names(), &format!("{}/documents", dir.display()))
        .map_err(anyhow::Error::msg)?;
    let frames = if whole {
        let passing: rustc_hash::FxHashSet<&str> = rows
            .docs
            .iter()
            .filter(|d| slicing.filter.keeps(&d.facets()))
            .map(|d| d.id.as_str())
            .collect();
        let [documents, hits, counts, quotes] = rows.frames;
        let keep = |df: DataFrame, table: &str| {
            rows_of(df, &passing).with_context(|| format!("{}: {table}", dir.display()))
        };
        Some([
            keep(documents, "documents")?,
            keep(hits, "hits")?,
            keep(counts, "counts")?,
            keep(quotes, "quotes")?,
        ])
    } else {
        None
    };
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
    fold(&rows.docs, slicing, &mut summary, &mut stories);
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
        frames,
        fields,
    })
}

/// The rows of `df` whose `doc_id` is in `ids` (all of them, unfiltered, when every row is).
fn rows_of(df: DataFrame, ids: &rustc_hash::FxHashSet<&str>) -> Result<DataFrame> {
    let column = df.column("doc_id")?.str()?.clone();
    let mask: BooleanChunked = column
        .iter()
        .map(|id| Some(id.is_some_and(|id| ids.contains(id))))
        .collect();
    if mask.all() {
        return Ok(df);
    }
    Ok(df.filter(&mask)?)
}

/// A string column, to be read in place.
fn text_column(df: &DataFrame, name: &str) -> Result<StringChunked> {
    Ok(df.column(name)?.str()?.clone())
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

/// A score column (in score units) as millionths, the unit the totals add in: exact, since
/// the column was written from millionths.
fn micros(df: &DataFrame, name: &str) -> Result<Vec<i64>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    let c = c.f64()?;
    Ok((0..df.height())
        .map(|i| (c.get(i).unwrap_or(0.0) * 1e6).round() as i64)
        .collect())
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

/// The articles of one shard, rebuilt from its tables, in the shard's order. With `whole`, the
/// frames are the tables whole (for `merge` to concatenate); without, `hits`, `counts` and
/// `quotes` hold only the columns the rebuilding reads (no surfaces, no quotation text).
pub fn read_shard(
    shards: &[Shard],
    this: usize,
    analyzer: &Analyzer,
    seen: &mut SeenIds,
    whole: bool,
) -> Result<ShardDocs> {
    let shard = &shards[this];
    let read = |name: &str, columns: &[&str]| {
        if whole {
            crate::table::read_table(shard.committed(), name)
        } else {
            crate::table::read_columns(shard.committed(), name, columns)
        }
    };
    let score_columns: Vec<String> = if analyzer.scored() {
        Voice::ALL.map(crate::table::score_column).to_vec()
    } else {
        Vec::new()
    };
    let mut hit_columns = vec!["doc_id", "lexicon", "category", "term"];
    if analyzer.negates() {
        hit_columns.push("negated");
    }
    let count_columns: Vec<&str> = ["doc_id", "lexicon", "category", "count"]
        .into_iter()
        .chain(Voice::ALL.map(Voice::as_str))
        .chain(score_columns.iter().map(String::as_str))
        .collect();
    let (documents, hits, counts, quotes) = (
        crate::table::read_table(shard.committed(), "documents")?,
        read("hits", &hit_columns)?,
        read("counts", &count_columns)?,
        read(
            "quotes",
            &[
                "doc_id",
                "kind",
                "speaker",
                "speaker_kind",
                "speaker_group",
                "words",
            ],
        )?,
    );
    let where_ = |table: &str| format!("{}: {table}", shard.dir.display());
    let docs = rebuild(
        [&documents, &hits, &counts, &quotes],
        analyzer,
        &where_,
        |id| {
            seen.insert(id, this).map_err(|first| {
                anyhow::anyhow!(
                    "doc_id `{id}` is in {} and in {}: the shards overlap, and merging would count the article twice; give each article to one shard, or pass --allow-overlap if these are different corpora whose ids collide",
                    shards[first].dir.display(),
                    shard.dir.display()
                )
            })
        },
    )?;
    Ok(ShardDocs {
        frames: [documents, hits, counts, quotes],
        docs,
    })
}

/// The articles of an output's per-article tables (`documents`, `hits`, `counts`, `quotes`,
/// with at least the columns [`read_shard`] reads), rebuilt in the order of `documents`.
/// `where_(table)` names a table in errors; `first_seen(id)` fails for an id seen before.
pub fn rebuild(
    [documents, hits, counts, quotes]: [&DataFrame; 4],
    analyzer: &Analyzer,
    where_: &dyn Fn(&str) -> String,
    mut first_seen: impl FnMut(&str) -> Result<()>,
) -> Result<Vec<DocRow>> {
    let score_columns: Vec<String> = if analyzer.scored() {
        Voice::ALL.map(crate::table::score_column).to_vec()
    } else {
        Vec::new()
    };
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

    let ids = strings(documents, "doc_id").with_context(|| where_("documents"))?;
    let dates: Vec<Option<i32>> = {
        let c = documents.column("date")?.cast(&DataType::Int32)?;
        c.i32()?.iter().collect()
    };
    let mut metadata = metadata_rows(documents).with_context(|| where_("documents"))?;
    let clusters = strings(documents, "cluster").with_context(|| where_("documents"))?;
    let copies = strings(documents, "duplicate_of").with_context(|| where_("documents"))?;
    let outlets = strings(documents, "outlet").with_context(|| where_("documents"))?;
    let counted = documents.column("counted")?.bool()?.clone();
    let mut stats: Vec<DocStats> = Vec::with_capacity(documents.height());
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(documents.height());
    {
        let col = |n: &str| ints(documents, n);
        let tokens = col("tokens")?;
        let by_voice = Voice::ALL
            .map(|v| col(&format!("tokens_{}", v.as_str())))
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
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
            first_seen(id)?;
            stats.push(DocStats {
                tokens: tokens[i],
                tokens_by_voice: std::array::from_fn(|v| by_voice[v][i]),
                sentences: sentences[i],
                paragraphs: paragraphs[i],
                bytes: bytes[i],
                boilerplate_bytes: boilerplate[i],
                counts: vec![0; analyzer.slots()],
                counts_by_voice: vec![[0; Voice::COUNT]; analyzer.slots()],
                quotes: Vec::new(),
                sources: [0; 4],
                terms: vec![0; analyzer.term_slots()],
                scores_by_voice: if analyzer.scored() {
                    vec![[0; Voice::COUNT]; analyzer.slots()]
                } else {
                    Vec::new()
                },
                words: Vec::new(),
            });
        }
    }
    let doc_of = |id: Option<&str>, table: &str| -> Result<usize> {
        let id = id.unwrap_or("");
        index.get(id).copied().with_context(|| {
            format!(
                "{}: doc_id `{id}` is not in the shard's documents table",
                where_(table)
            )
        })
    };

    // counts: per article × category, by voice
    {
        // string columns read in place (a copy of each value would hold millions of strings)
        let (doc, lexicon, category) = (
            text_column(counts, "doc_id")?,
            text_column(counts, "lexicon")?,
            text_column(counts, "category")?,
        );
        let n = ints(counts, "count")?;
        let by_voice = Voice::ALL
            .map(|v| ints(counts, v.as_str()))
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        let scores = score_columns
            .iter()
            .map(|c| micros(counts, c))
            .collect::<Result<Vec<_>>>()
            .with_context(|| where_("counts"))?;
        let rows = doc.iter().zip(lexicon.iter()).zip(category.iter());
        for (i, ((doc, lexicon), category)) in rows.enumerate() {
            let d = doc_of(doc, "counts")?;
            let key = (lexicon.unwrap_or(""), category.unwrap_or(""));
            let slot = *slots.get(&key).with_context(|| {
                format!(
                    "{}: no category {}:{} in the lexicons given",
                    where_("counts"),
                    key.0,
                    key.1
                )
            })?;
            stats[d].counts[slot] = n[i];
            stats[d].counts_by_voice[slot] = std::array::from_fn(|v| by_voice[v][i]);
            if !scores.is_empty() {
                stats[d].scores_by_voice[slot] = std::array::from_fn(|v| scores[v][i]);
            }
        }
    }
    // terms, from the hits
    {
        let (doc, lexicon, category, term) = (
            text_column(hits, "doc_id")?,
            text_column(hits, "lexicon")?,
            text_column(hits, "category")?,
            text_column(hits, "term")?,
        );
        // a flipped hit is counted in another category than its term's, and not in its term
        let negated = if analyzer.negates() {
            Some(hits.column("negated")?.bool()?.clone())
        } else {
            None
        };
        let rows = doc
            .iter()
            .zip(lexicon.iter())
            .zip(category.iter())
            .zip(term.iter());
        for (i, (((doc, lexicon), category), term)) in rows.enumerate() {
            if negated.as_ref().is_some_and(|n| n.get(i) == Some(true)) {
                continue;
            }
            let d = doc_of(doc, "hits")?;
            let key = (
                lexicon.unwrap_or(""),
                category.unwrap_or(""),
                term.unwrap_or(""),
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
            text_column(quotes, "doc_id")?,
            text_column(quotes, "kind")?,
            text_column(quotes, "speaker")?,
            text_column(quotes, "speaker_group")?,
        );
        let speaker_kind = text_column(quotes, "speaker_kind")?;
        let words = ints(quotes, "words")?;
        let rows = doc
            .iter()
            .zip(kind.iter())
            .zip(speaker.iter())
            .zip(group.iter());
        for (i, (((doc, kind), speaker), group)) in rows.enumerate() {
            if kind != Some(Voice::Quote.as_str()) {
                continue;
            }
            let d = doc_of(doc, "quotes")?;
            let source = crate::voice::SpeakerKind::from_name(speaker_kind.get(i).unwrap_or(""));
            stats[d].sources[crate::stats::source_slot(source)] += 1;
            stats[d].quotes.push((
                speaker.map(str::to_string),
                group.map(str::to_string),
                words[i],
            ));
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
    Ok(docs)
}
