//! Tables: the polars DataFrames slant writes, and how they are written.
//!
//! This is the only module that uses polars. The tables and their columns are listed in
//! docs/SCHEMA.md (a test checks the written files against it):
//!
//! - `documents`, `hits`, `counts` grow with the corpus, so rows are buffered and written in
//!   batches ([`TableSet::add`]);
//! - `outlets` and `contrasts` are built at the end from per-outlet [`Totals`].
//!
//! Files are written under temporary names in the output directory and committed with the
//! manifest only when every table is complete ([`TableSet::commit`], [`crate::outdir`]); a
//! run that fails leaves the directory's previous run as it was. Readers ([`read_table`],
//! [`read_hits`]) take a table from the file the manifest lists, after checking its sha256.
//! Integer columns are Int64 and rates Float64, the types every notebook reader handles.

mod frames;
mod read;
mod rows;
mod summary;
mod write;

use polars::prelude::*;

pub use frames::{FrameRows, DOC_ROW};
pub use read::{read_columns, read_hits, read_quote_spans, read_table, HitRow, QuoteSpan};
pub use rows::{metadata_column, DOCUMENT_COLUMNS};
use rows::{CountRows, DocumentRows, HitRows, QuoteRows};
pub use summary::{
    contrasts_frame, distances_frames, keyness_frame, outlets_frame, series_frame,
    MAX_DISTANCE_GROUPS,
};
use write::TableFile;
pub use write::TableSet;

use crate::keyness::KeynessRow;
use crate::outdir::{OutputDir, OutputError};
use crate::stats::GroupIntervals;
use crate::strings::Strings;
use crate::voice::Voice;

/// The statistics of a run's totals, besides the sums themselves: what the tables summed over
/// groups need (computed by [`crate::pipeline::summarize`]).
#[derive(Debug, Default)]
pub struct Summaries {
    /// Bootstrap intervals per group.
    pub intervals: std::collections::BTreeMap<String, GroupIntervals>,
    /// Bootstrap intervals per group and period (the period's first day).
    pub series: std::collections::BTreeMap<(String, i32), GroupIntervals>,
    /// Each outlet against the rest; empty when keyness was not asked for.
    pub keyness: Vec<KeynessRow>,
}

/// File format of written tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Parquet,
    Csv,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Parquet => "parquet",
            TableFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(transparent)]
    Output(OutputError),
    #[error("cannot write table {table} in {dir}: {message}")]
    Write {
        table: String,
        dir: String,
        message: String,
    },
}

/// Rows buffered before a batch is written, or bytes of text in them: a table's buffer stays
/// under a few MB whatever the corpus (a `documents` or `quotes` row carries hundreds of bytes of
/// titles, addresses or quotation text).
const BATCH_ROWS: usize = 1 << 16;
const BATCH_TEXT: usize = 4 << 20;

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// One column per voice (in the order of [`Voice::ALL`]), filled a row at a time.
struct PerVoice<T>([Vec<T>; Voice::COUNT]);

impl<T> Default for PerVoice<T> {
    fn default() -> Self {
        PerVoice(std::array::from_fn(|_| Vec::new()))
    }
}

impl<T> PerVoice<T> {
    /// Appends a row: `value(voice)` for each voice.
    fn push_with(&mut self, mut value: impl FnMut(Voice) -> T) {
        for (column, v) in self.0.iter_mut().zip(Voice::ALL) {
            column.push(value(v));
        }
    }

    /// The columns, named `name(voice)`.
    fn columns(self, name: impl Fn(&str) -> String) -> impl Iterator<Item = Column>
    where
        Series: NamedFrom<Vec<T>, [T]>,
    {
        self.0
            .into_iter()
            .zip(Voice::ALL)
            .map(move |(values, v)| Column::new(name(v.as_str()).into(), values))
    }
}

impl PerVoice<i64> {
    /// Appends a row of per-voice numbers.
    fn push(&mut self, values: &crate::stats::ByVoice) {
        self.push_with(|v| int(values[v.index()]));
    }
}

/// A score in millionths ([`crate::lexicon::Score::micros`]) in score units.
pub fn from_micros(micros: i64) -> f64 {
    micros as f64 / 1e6
}

/// A sum of scores (millionths) per 10,000 tokens; `None` without tokens.
pub fn score_per_10k(micros: i64, tokens: u64) -> Option<f64> {
    (tokens > 0).then(|| from_micros(micros) / tokens as f64 * 10_000.0)
}

/// The column of a voice's scores in the `counts` table (`narrator_score`).
pub fn score_column(v: Voice) -> String {
    format!("{}_score", v.as_str())
}

/// Rows buffered for a table that grows with the corpus.
trait RowBuffer: Default {
    fn len(&self) -> usize;
    /// Bytes held by the buffered rows' text columns.
    fn text_bytes(&self) -> usize;
    /// The buffered rows as a DataFrame, leaving the buffer empty.
    fn take(&mut self) -> PolarsResult<DataFrame>;
    /// An empty buffer with the same columns.
    fn empty(&self) -> Self {
        Self::default()
    }
}

/// A string column of a batched table, buffered as one text and the end of each value
/// ([`Strings`]): a row costs a copy of its bytes, not an allocation of its own (the hits and
/// counts tables have a million rows and several string columns on a large corpus).
#[derive(Default)]
struct Text(Strings);

impl Text {
    fn push(&mut self, value: &str) {
        self.0.push(value);
    }

    fn push_opt(&mut self, value: Option<&str>) {
        self.0.push_opt(value);
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn text_len(&self) -> usize {
        self.0.text_len()
    }

    fn column(&self, name: &str) -> Column {
        let ca = if self.0.has_nulls() {
            StringChunked::from_iter_options(name.into(), self.0.options())
        } else {
            StringChunked::from_iter_values(name.into(), self.0.values())
        };
        ca.into_series().into_column()
    }
}

/// A buffer and the file its batches go to.
struct Batched<R: RowBuffer> {
    rows: R,
    file: TableFile,
}

impl<R: RowBuffer> Batched<R> {
    fn create(
        dir: &OutputDir,
        name: &'static str,
        format: TableFormat,
        rows: R,
    ) -> Result<Self, TableError> {
        let schema = rows
            .empty()
            .take()
            .map(|d| d.schema().as_ref().clone())
            .map_err(|e| TableError::Write {
                table: name.to_string(),
                dir: dir.path().display().to_string(),
                message: e.to_string(),
            })?;
        Ok(Batched {
            rows,
            file: TableFile::create(dir, name, format, &schema)?,
        })
    }

    /// Writes the buffered rows when there are enough of them, or all of them with `all`.
    fn flush(&mut self, all: bool) -> PolarsResult<()> {
        if all || self.rows.len() >= BATCH_ROWS || self.rows.text_bytes() >= BATCH_TEXT {
            let mut df = self.rows.take()?;
            self.file.write(&mut df)?;
        }
        Ok(())
    }
}

/// A table as CSV text, for printing.
pub fn to_csv(df: &DataFrame) -> PolarsResult<String> {
    let mut buf = Vec::new();
    let mut df = df.clone();
    CsvWriter::new(&mut buf).finish(&mut df)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The schema of a table that grows with the corpus, as this version writes it (`documents`
/// without metadata columns).
pub fn table_schema(name: &str) -> PolarsResult<Schema> {
    let df = match name {
        "documents" => DocumentRows::default().take()?,
        "hits" => HitRows::default().take()?,
        "counts" => CountRows::default().take()?,
        "quotes" => QuoteRows::default().take()?,
        other => polars_bail!(ComputeError: "no table {other}"),
    };
    Ok(df.schema().as_ref().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_columns_keep_values_and_nulls_in_order() {
        let mut t = Text::default();
        t.push("Press TV");
        t.push("");
        t.push_opt(None);
        t.push("Moscow’s");
        t.push_opt(Some("a longer value than twelve bytes"));
        let column = t.column("outlet");
        let values: Vec<Option<&str>> = column.str().unwrap().iter().collect();
        assert_eq!(
            values,
            [
                Some("Press TV"),
                Some(""),
                None,
                Some("Moscow’s"),
                Some("a longer value than twelve bytes")
            ]
        );
        let mut plain = Text::default();
        plain.push("x");
        assert_eq!(plain.column("c").null_count(), 0);
        assert_eq!(Text::default().column("c").dtype(), &DataType::String);
    }

    /// The documents table's base columns are the ones its rows write, every voice included.
    #[test]
    fn document_columns_name_every_voice() {
        let schema = table_schema("documents").unwrap();
        let written: Vec<&str> = schema.iter_names().map(|n| n.as_str()).collect();
        assert_eq!(written, DOCUMENT_COLUMNS);
        for v in Voice::ALL {
            assert!(DOCUMENT_COLUMNS.contains(&format!("tokens_{}", v.as_str()).as_str()));
        }
        let mut per_voice = PerVoice::<i64>::default();
        per_voice.push(&[1, 2, 3, 4]);
        let names: Vec<String> = per_voice
            .columns(|v| format!("{v}_n"))
            .map(|c| c.name().to_string())
            .collect();
        assert_eq!(names, ["narrator_n", "reported_n", "quote_n", "scare_n"]);
    }
}
