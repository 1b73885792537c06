//! A run split across machines: the per-document stages on tables of rows (a Spark
//! partition's Arrow batches, handed over by the Python module: python/slant/spark.py), with
//! the decisions that need the whole corpus taken between them by the engine.
//!
//! 1. [`fingerprints`], per row: whether it is a good record, its date as read, whether the
//!    filters keep it, its MinHash signature with its LSH bucket keys, and the keys of its
//!    lines; the metadata columns seen, once per batch ([`unify_fields`]).
//! 2. The engine, over all rows: repeated ids; candidate pairs from shared bucket keys (each
//!    document against the [`BUCKET_COMPARISONS`] before it in its bucket, by corpus order),
//!    kept when their signatures' similarity reaches the threshold; clusters of copies, each
//!    one's first copy (earliest date, then id) and first copy per outlet; lines repeated
//!    across an outlet's stories. The same decisions as [`crate::syndication::prepass`], so
//!    the same copies and boilerplate as one `slant analyze`.
//! 3. [`Measurer::measure`], per row, with those decisions ([`Prepass::from_copies`]): the rows
//!    of `documents`, `hits`, `counts` and `quotes` ([`FrameRows`]).
//! 4. The driver: those tables, rebuilt into articles and folded as `slant merge` and
//!    `analyze --from` fold them ([`crate::pipeline::tables::rebuild`]), summarized and written
//!    as `slant analyze` writes them ([`crate::cli::distributed`]).
//!
//! Rows carry [`ORDER`], their place in the corpus (any increasing number): the tables are in
//! that order, and copies are compared in it, whatever the partitions.

use anyhow::{bail, Context, Result};
use polars::prelude::{
    Column, DataFrame, DataType, IntoColumn, IntoSeries, ListChunked, NamedFrom, PlSmallStr,
    Series, StringChunked,
};

use crate::analysis::Analyzer;
use crate::clean::{line_keys, Repeated};
use crate::corpus::{table::documents_of_frame, CorpusError, Document, FieldTypes, Fields, Kind};
use crate::dates::{DateParser, Dated};
use crate::pipeline::collect::measure_one;
use crate::pipeline::summary::DateCounts;
use crate::slice::Slicing;
use crate::syndication::{band_keys, Prepass, Signature};
use crate::table::FrameRows;

pub use crate::syndication::{BANDS, BUCKET_COMPARISONS, SLOTS};

/// The column of a row's place in the corpus.
pub const ORDER: &str = "_order";
/// The column, if any, saying where a row was read (a file and line); else a row is
/// `TABLE:row ORDER`.
pub const SOURCE: &str = "_source";

/// A batch's rows as documents (or the errors of bad records).
type Rows = Vec<Result<Document, CorpusError>>;

/// The documents of a batch, with their [`ORDER`].
fn documents(df: &DataFrame, fields: &Fields, what: &str) -> Result<(Rows, Vec<i64>)> {
    let order = df
        .column(ORDER)
        .with_context(|| format!("{what}: no `{ORDER}` column (the rows' place in the corpus)"))?
        .cast(&DataType::Int64)?;
    let order: Vec<i64> = order.i64()?.iter().map(|o| o.unwrap_or(-1)).collect();
    let source = match df.column(SOURCE) {
        Ok(c) => Some(c.cast(&DataType::String)?.str()?.clone()),
        Err(_) => None,
    };
    let location = |row: usize| match source.as_ref().and_then(|s| s.get(row)) {
        Some(s) => s.to_string(),
        None => format!("{what}:row {}", order[row]),
    };
    let docs = documents_of_frame(df, fields, what, &[ORDER, SOURCE], location)?;
    Ok((docs, order))
}

/// What a date gave, as the `dated` column of [`fingerprints`] says it.
fn dated_name(dated: &Dated) -> &'static str {
    match dated {
        Dated::Parsed(_) => "dated",
        Dated::Missing => "missing",
        Dated::Unreadable => "unreadable",
        Dated::Implausible(_) => "implausible",
    }
}

/// A list column of 64-bit values (keys and slots, as Spark's `array<bigint>`).
fn list_column(name: &str, rows: Vec<Vec<i64>>) -> Column {
    let list: ListChunked = rows
        .into_iter()
        .map(|v| Some(Series::new(PlSmallStr::EMPTY, v)))
        .collect();
    list.with_name(name.into()).into_series().into_column()
}

/// Stage 1: one row per input row, in its order, with the columns `_order`, `problem` (why it
/// is a bad record, else null), `source` (where it was read), `id`, `outlet`, `date` (as
/// given), `dated` (`dated`, `missing`, `unreadable`, `implausible`), `date_problem` (the
/// warning a bad date gives), `kept` (whether the filters keep it), `signature` ([`SLOTS`]
/// values, empty for a text without words), `bands` (its [`BANDS`] bucket keys), `lines` (its
/// line keys) and `fields` (the batch's metadata columns, for [`unify_fields`], on the first
/// row only).
pub fn fingerprints(
    df: &DataFrame,
    fields: &Fields,
    dates: &DateParser,
    slicing: &Slicing,
    what: &str,
) -> Result<DataFrame> {
    let (docs, order) = documents(df, fields, what)?;
    let n = docs.len();
    let mut problem: Vec<Option<String>> = Vec::with_capacity(n);
    let (mut ids, mut outlets, mut given) = (Vec::new(), Vec::new(), Vec::new());
    let mut sources = Vec::with_capacity(n);
    let (mut dated, mut date_problem, mut kept) = (Vec::new(), Vec::new(), Vec::new());
    let (mut signatures, mut bands, mut lines) = (Vec::new(), Vec::new(), Vec::new());
    // each metadata column, with its type and the first row that has it
    let mut seen: Vec<(String, Kind, i64)> = Vec::new();
    for (doc, &at) in docs.into_iter().zip(&order) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) if e.is_record() => {
                problem.push(Some(e.to_string()));
                sources.push(None);
                ids.push(None);
                outlets.push(None);
                given.push(None);
                dated.push(None);
                date_problem.push(None);
                kept.push(false);
                signatures.push(Vec::new());
                bands.push(Vec::new());
                lines.push(Vec::new());
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        for (name, value) in &doc.metadata {
            let kind = Kind::of(value);
            match seen.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, k, _)) => *k = k.unify(kind),
                None => seen.push((name.clone(), kind, at)),
            }
        }
        let when = dates.date_of(doc.date.as_deref());
        kept.push(crate::pipeline::collect::kept(slicing, &doc, when));
        let signature = Signature::of(&doc.body);
        bands.push(if signature.0.is_empty() {
            Vec::new()
        } else {
            band_keys(&signature.0).map(|k| k as i64).collect()
        });
        signatures.push(signature.0.iter().map(|&v| v as i64).collect());
        lines.push(line_keys(&doc.body).into_iter().map(|k| k as i64).collect());
        problem.push(None);
        dated.push(Some(dated_name(&when)));
        date_problem.push(DateCounts::problem(&doc, when));
        sources.push(Some(doc.source));
        ids.push(Some(doc.id));
        outlets.push(Some(doc.outlet));
        given.push(doc.date);
    }
    let mut field_rows: Vec<Option<String>> = vec![None; n];
    if let Some(first) = field_rows.first_mut() {
        *first = Some(
            seen.iter()
                .map(|(name, kind, at)| format!("{name}\t{}\t{at}\n", kind_name(*kind)))
                .collect(),
        );
    }
    let columns = vec![
        Column::new(ORDER.into(), order),
        Column::new("problem".into(), problem),
        Column::new("source".into(), sources),
        Column::new("id".into(), ids),
        Column::new("outlet".into(), outlets),
        Column::new("date".into(), given),
        Column::new("dated".into(), dated),
        Column::new("date_problem".into(), date_problem),
        Column::new("kept".into(), kept),
        list_column("signature", signatures),
        list_column("bands", bands),
        list_column("lines", lines),
        Column::new("fields".into(), field_rows),
    ];
    Ok(DataFrame::new_infer_height(columns)?)
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "int",
        Kind::Float => "float",
        Kind::Bool => "bool",
        Kind::Text => "text",
    }
}

/// The metadata columns of a corpus from the `fields` texts of its batches (a line
/// `NAME<TAB>KIND<TAB>ORDER` per column a batch has: its type there and the first row with
/// it), in corpus order: each column where it first appears in any batch, its type unified
/// over the batches.
pub fn unify_fields<'a>(batches: impl IntoIterator<Item = &'a str>) -> Result<FieldTypes> {
    let mut all: Vec<(i64, &str, Kind)> = Vec::new();
    for text in batches {
        for line in text.lines() {
            let mut parts = line.split('\t');
            let (Some(name), Some(kind), Some(at), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                bail!("not a field line: {line:?}");
            };
            let kind = match kind {
                "int" => Kind::Int,
                "float" => Kind::Float,
                "bool" => Kind::Bool,
                "text" => Kind::Text,
                other => bail!("not a field type: {other:?}"),
            };
            let at: i64 = at
                .parse()
                .with_context(|| format!("not a row number: {at:?}"))?;
            all.push((at, name, kind));
        }
    }
    all.sort_by_key(|&(at, _, _)| at);
    let mut out = FieldTypes::default();
    for (_, name, kind) in all {
        match out.columns.iter_mut().find(|(n, _)| n == name) {
            Some((_, k)) => *k = k.unify(kind),
            None => out.columns.push((name.to_string(), kind)),
        }
    }
    Ok(out)
}

/// The copies and repeated lines found by stage 2: `copies` has a row per later copy (`id`,
/// `first`: the id of its cluster's first copy, `first_in_outlet`), `repeated` a row per line
/// repeated across an outlet's stories (`outlet`, `key`: the line key as a signed 64-bit
/// number).
pub fn prepass_of(copies: &DataFrame, repeated: &DataFrame) -> Result<Prepass> {
    let text = |df: &DataFrame, name: &str| -> Result<StringChunked> {
        Ok(df
            .column(name)
            .with_context(|| format!("copies and repeated lines: no column `{name}`"))?
            .cast(&DataType::String)?
            .str()?
            .clone())
    };
    let (id, first) = (text(copies, "id")?, text(copies, "first")?);
    let first_in_outlet = copies
        .column("first_in_outlet")
        .context("copies: no column `first_in_outlet`")?
        .bool()?
        .clone();
    let mut lines = Repeated::default();
    let outlet = text(repeated, "outlet")?;
    let key = repeated
        .column("key")
        .context("repeated lines: no column `key`")?
        .cast(&DataType::Int64)?;
    for (outlet, key) in outlet.iter().zip(key.i64()?.iter()) {
        if let (Some(outlet), Some(key)) = (outlet, key) {
            lines
                .0
                .entry(outlet.to_string())
                .or_default()
                .insert(key as u64);
        }
    }
    let rows = (0..copies.height()).filter_map(|i| {
        Some((
            id.get(i)?,
            first.get(i)?,
            first_in_outlet.get(i).unwrap_or(false),
        ))
    });
    Ok(Prepass::from_copies(rows, lines))
}

/// Stage 3: measures batches of rows with a run's compiled lexicons and stage 2's decisions.
pub struct Measurer {
    pub analyzer: Analyzer,
    /// The corpus's metadata columns (every batch's `documents` frame has them all).
    pub columns: FieldTypes,
    pub fields: Fields,
    pub slicing: Slicing,
    pub dates: DateParser,
}

impl Measurer {
    /// The frames of `documents` (with [`ORDER`] first), `hits`, `counts` and `quotes` (with
    /// [`crate::table::DOC_ROW`] first) of the rows of `df` that are good records and that the
    /// filters keep, measured as `slant analyze` measures them. Rows with repeated ids must be
    /// left out beforehand.
    pub fn measure(&self, df: &DataFrame, what: &str) -> Result<[DataFrame; 4]> {
        let (docs, order) = documents(df, &self.fields, what)?;
        let mut rows = FrameRows::new(&self.columns);
        let mut orders = Vec::new();
        for (doc, order) in docs.into_iter().zip(order) {
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) if e.is_record() => continue, // counted as skipped by stage 1
                Err(e) => return Err(e.into()),
            };
            let (_, m) = measure_one(&self.analyzer, &self.slicing, &self.dates, &doc, true);
            let Some(m) = m else { continue };
            rows.add(&self.analyzer, &doc, &m);
            orders.push(order);
        }
        let [mut documents, hits, counts, quotes] = rows.take()?;
        documents.insert_column(0, Column::new(ORDER.into(), orders))?;
        Ok([documents, hits, counts, quotes])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::df;

    fn batch() -> DataFrame {
        df!(
            "_order" => [10i64, 11, 12],
            "id" => [Some("a"), None, Some("c")],
            "outlet" => ["X", "Y", "X"],
            "text" => ["Rebels shelled the town.\nShare this", "no id", "Terrorists attacked."],
            "date" => [Some("2016-10-01"), None, Some("soon")],
            "label" => [Some(1i64), Some(2), None],
        )
        .unwrap()
    }

    #[test]
    fn fingerprints_flag_bad_records_and_read_dates() {
        let df = fingerprints(
            &batch(),
            &Fields::default(),
            &DateParser::default(),
            &Slicing::default(),
            "batch",
        )
        .unwrap();
        assert_eq!(df.height(), 3);
        let problem = df.column("problem").unwrap().str().unwrap().clone();
        assert!(problem.get(0).is_none());
        assert!(problem.get(1).unwrap().starts_with("batch:row 11"));
        let dated = df.column("dated").unwrap().str().unwrap().clone();
        assert_eq!(dated.get(0), Some("dated"));
        assert_eq!(dated.get(2), Some("unreadable"));
        let sig = df.column("signature").unwrap().list().unwrap().clone();
        assert_eq!(sig.get_as_series(0).unwrap().len(), SLOTS);
        let bands = df.column("bands").unwrap().list().unwrap().clone();
        assert_eq!(bands.get_as_series(2).unwrap().len(), BANDS);
        let lines = df.column("lines").unwrap().list().unwrap().clone();
        let keys = line_keys("Rebels shelled the town.\nShare this");
        let got: Vec<i64> = lines
            .get_as_series(0)
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(got, keys.iter().map(|&k| k as i64).collect::<Vec<_>>());
        let fields = df.column("fields").unwrap().str().unwrap().clone();
        assert_eq!(fields.get(0), Some("label\tint\t10\n"));
        assert!(fields.get(1).is_none());
    }

    #[test]
    fn fields_unify_in_corpus_order() {
        // a batch of rows 0 and 7, then one of rows 1 and 3: `a` (row 3) comes before `b`
        let f = unify_fields(["b\tint\t7\n", "a\ttext\t3\nb\tfloat\t1\n"]).unwrap();
        assert_eq!(
            f.columns,
            [
                ("b".to_string(), Kind::Float),
                ("a".to_string(), Kind::Text)
            ]
        );
        assert!(unify_fields(["b\tlist\t0\n"]).is_err());
        assert!(unify_fields(["b\tint\n"]).is_err());
    }

    #[test]
    fn prepass_from_copies_gives_each_copy_its_first() {
        let copies = df!(
            "id" => ["b", "c"],
            "first" => ["a", "a"],
            "first_in_outlet" => [true, false],
        )
        .unwrap();
        let repeated = df!("outlet" => ["X"], "key" => [-5i64]).unwrap();
        let p = prepass_of(&copies, &repeated).unwrap();
        assert_eq!((p.clusters, p.duplicates), (1, 2));
        let b = p.copy_of("b");
        assert_eq!(b.duplicate_of.as_deref(), Some("a"));
        assert!(b.first_in_outlet);
        assert!(!p.copy_of("c").first_in_outlet);
        assert_eq!(p.copy_of("a").duplicate_of, None);
        assert!(p.repeated.0["X"].contains(-5i64 as u64));
    }
}
