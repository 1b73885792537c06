//! Reading back the tables of a committed output directory ([`crate::outdir::Committed`]):
//! a table is read only from the file its manifest lists, after its checksum is verified.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use super::table_schema;
use crate::outdir::Committed;

/// One row of a `hits` table read back (for `slant kwic --from`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRow {
    pub doc_id: String,
    pub outlet: String,
    pub lexicon: String,
    pub category: String,
    pub term: String,
    pub surface: String,
    pub voice: String,
    pub token_start: usize,
    pub token_end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Reads the `hits` table of a directory that `slant analyze -o DIR` wrote.
pub fn read_hits(dir: &Committed) -> anyhow::Result<Vec<HitRow>> {
    let path = dir.table("hits")?;
    // a CSV's every column as text, parsed below
    let df = read_file(
        &path,
        CsvReadOptions::default().with_infer_schema_length(Some(0)),
    )?;
    let text = |name: &str| -> anyhow::Result<Vec<String>> {
        let c = df
            .column(name)
            .map_err(|_| {
                anyhow::anyhow!(
                    "{}: no column `{name}` (see docs/SCHEMA.md)",
                    path.display()
                )
            })?
            .cast(&DataType::String)
            .map_err(|e| anyhow::anyhow!("{}: column `{name}`: {e}", path.display()))?;
        let c = c
            .str()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .clone();
        Ok((0..df.height())
            .map(|i| c.get(i).unwrap_or("").to_string())
            .collect())
    };
    let number = |name: &str| -> anyhow::Result<Vec<usize>> {
        text(name)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                v.parse::<usize>().map_err(|_| {
                    anyhow::anyhow!(
                        "{}: row {}: column `{name}` is `{v}`, not a position",
                        path.display(),
                        i + 1
                    )
                })
            })
            .collect()
    };
    let (doc_id, outlet, lexicon, category, term, surface, voice) = (
        text("doc_id")?,
        text("outlet")?,
        text("lexicon")?,
        text("category")?,
        text("term")?,
        text("surface")?,
        text("voice")?,
    );
    let (token_start, token_end, byte_start, byte_end) = (
        number("token_start")?,
        number("token_end")?,
        number("byte_start")?,
        number("byte_end")?,
    );
    Ok((0..df.height())
        .map(|i| HitRow {
            doc_id: doc_id[i].clone(),
            outlet: outlet[i].clone(),
            lexicon: lexicon[i].clone(),
            category: category[i].clone(),
            term: term[i].clone(),
            surface: surface[i].clone(),
            voice: voice[i].clone(),
            token_start: token_start[i],
            token_end: token_end[i],
            byte_start: byte_start[i],
            byte_end: byte_end[i],
        })
        .collect())
}

/// One row of the `quotes` table, as the page's evidence needs it: where a quotation or
/// reported clause lies and who the text says speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    pub doc_id: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub speaker: Option<String>,
}

/// Reads the spans and speakers of the `quotes` table of an `analyze` output.
pub fn read_quote_spans(dir: &Committed) -> anyhow::Result<Vec<QuoteSpan>> {
    let df = read_columns(
        dir,
        "quotes",
        &["doc_id", "byte_start", "byte_end", "speaker"],
    )?;
    let col = |n: &str| df.column(n).map_err(|e| anyhow::anyhow!("quotes: {e}"));
    let (doc, speaker) = (
        col("doc_id")?.str()?.clone(),
        col("speaker")?.str()?.clone(),
    );
    let (start, end) = (
        col("byte_start")?.i64()?.clone(),
        col("byte_end")?.i64()?.clone(),
    );
    Ok((0..df.height())
        .map(|i| QuoteSpan {
            doc_id: doc.get(i).unwrap_or("").to_string(),
            byte_start: start.get(i).unwrap_or(0).max(0) as usize,
            byte_end: end.get(i).unwrap_or(0).max(0) as usize,
            speaker: speaker.get(i).map(str::to_string),
        })
        .collect())
}

/// `df` with exactly the columns of `schema`, in its order and types.
pub(super) fn conform(df: DataFrame, schema: &Schema) -> PolarsResult<DataFrame> {
    let mut columns = Vec::with_capacity(schema.len());
    for (name, dtype) in schema.iter() {
        let c = df.column(name)?;
        columns.push(if c.dtype() == dtype {
            c.clone()
        } else {
            c.cast(dtype)?
        });
    }
    // other columns (the metadata of `documents`) as they are, after these
    for c in df.columns() {
        if schema.get(c.name()).is_none() {
            columns.push(c.clone());
        }
    }
    DataFrame::new_infer_height(columns)
}

/// Reads back a table of a directory that `slant analyze -o DIR` wrote, with this version's
/// columns and types; a missing column names the file and the column.
pub fn read_table(dir: &Committed, name: &str) -> anyhow::Result<DataFrame> {
    let schema = table_schema(name)?;
    let path = dir.table(name)?;
    let overrides = std::sync::Arc::new(schema.clone());
    let df = read_file(
        &path,
        CsvReadOptions::default().with_schema_overwrite(Some(overrides)),
    )?;
    for (column, _) in schema.iter() {
        if df.column(column).is_err() {
            anyhow::bail!(
                "{}: no column `{column}`; it was written by another version of slant (see docs/SCHEMA.md), analyze that shard again",
                path.display()
            );
        }
    }
    conform(df, &schema).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Reads back only these columns of a table (which must be some of this version's), in their
/// types: what rebuilding the articles needs, without the text columns (surfaces, quotations)
/// that would cost memory for nothing.
pub fn read_columns(dir: &Committed, name: &str, columns: &[&str]) -> anyhow::Result<DataFrame> {
    let full = table_schema(name)?;
    let mut schema = Schema::default();
    for &c in columns {
        match full.get(c) {
            Some(dtype) => {
                schema.insert(c.into(), dtype.clone());
            }
            None => anyhow::bail!("table {name} has no column `{c}`"),
        }
    }
    let path = dir.table(name)?;
    let projection: Vec<PlSmallStr> = columns.iter().map(|&c| c.into()).collect();
    let overrides = std::sync::Arc::new(schema.clone());
    let df = if path.extension().is_some_and(|e| e == "csv") {
        CsvReadOptions::default()
            .with_schema_overwrite(Some(overrides))
            .with_columns(Some(projection.into()))
            .with_has_header(true)
            .try_into_reader_with_file_path(Some(path.to_path_buf()))
            .and_then(|r| r.finish())
    } else {
        let file = File::open(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        ParquetReader::new(file)
            .with_columns(Some(columns.iter().map(|c| c.to_string()).collect()))
            .finish()
    }
    .map_err(|e| {
        anyhow::anyhow!(
            "{}: {e}; it was written by another version of slant (see docs/SCHEMA.md), analyze again",
            path.display()
        )
    })?;
    conform(df, &schema).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// A table file, Parquet or (by its extension) CSV with a header read with `csv` options.
fn read_file(path: &Path, csv: CsvReadOptions) -> anyhow::Result<DataFrame> {
    let df = if path.extension().is_some_and(|e| e == "csv") {
        csv.with_has_header(true)
            .try_into_reader_with_file_path(Some(path.to_path_buf()))
            .and_then(|r| r.finish())
    } else {
        let file = File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        ParquetReader::new(file).finish()
    };
    df.map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
