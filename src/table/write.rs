//! Writing the tables of a run: each to a temporary file of its output directory, committed
//! together with the manifest ([`crate::outdir`]).

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use super::{
    contrasts_frame, distances_frames, keyness_frame, outlets_frame, series_frame, table_schema,
    Batched, CountRows, DocumentRows, HitRows, QuoteRows, RowBuffer, Summaries, TableError,
    TableFormat, BATCH_ROWS,
};
use crate::analysis::{Analyzer, Measurement};
use crate::corpus::{Document, FieldTypes};
use crate::outdir::{OutputDir, OutputError, Staged, TableEntry, TempFile};
use crate::stats::Totals;

enum Writer {
    Parquet(Box<polars::io::parquet::write::BatchedWriter<File>>),
    Csv(polars::io::csv::write::BatchedWriter<File>),
}

/// One table being written to a temporary file.
pub(super) struct TableFile {
    name: &'static str,
    tmp: TempFile,
    writer: Writer,
    rows: u64,
}

impl From<OutputError> for TableError {
    fn from(e: OutputError) -> TableError {
        TableError::Output(e)
    }
}

impl TableFile {
    pub(super) fn create(
        dir: &OutputDir,
        name: &'static str,
        format: TableFormat,
        schema: &Schema,
    ) -> Result<TableFile, TableError> {
        let tmp = dir.temp_file(name)?;
        let file = tmp.reopen().map_err(|cause| OutputError::Directory {
            dir: dir.path().display().to_string(),
            cause,
        })?;
        let fail = |e: PolarsError| TableError::Write {
            table: name.to_string(),
            dir: dir.path().display().to_string(),
            message: e.to_string(),
        };
        let writer = match format {
            TableFormat::Parquet => Writer::Parquet(Box::new(
                ParquetWriter::new(file).batched(schema).map_err(fail)?,
            )),
            TableFormat::Csv => Writer::Csv(CsvWriter::new(file).batched(schema).map_err(fail)?),
        };
        Ok(TableFile {
            name,
            tmp,
            writer,
            rows: 0,
        })
    }

    pub(super) fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        if df.height() == 0 {
            return Ok(());
        }
        df.rechunk_mut();
        self.rows += df.height() as u64;
        match &mut self.writer {
            Writer::Parquet(w) => w.write_batch(df),
            Writer::Csv(w) => w.write_batch(df),
        }
    }

    /// Writes the file's end and flushes it; the table is then ready to commit.
    fn finish(self, format: TableFormat) -> PolarsResult<Staged> {
        match self.writer {
            Writer::Parquet(w) => {
                w.finish()?;
            }
            Writer::Csv(mut w) => w.finish()?,
        }
        Ok(Staged {
            name: self.name,
            file: format!("{}.{}", self.name, format.extension()),
            rows: self.rows,
            tmp: self.tmp,
        })
    }
}

/// The tables of one `analyze` (or `merge`) run, written as the documents come.
pub struct TableSet<'a> {
    dir: OutputDir,
    format: TableFormat,
    analyzer: &'a Analyzer,
    documents: Batched<DocumentRows>,
    hits: Batched<HitRows>,
    counts: Batched<CountRows>,
    quotes: Batched<QuoteRows>,
}

impl<'a> TableSet<'a> {
    /// Takes the output directory (created if needed; refused if another run holds it) and
    /// opens a temporary file per table.
    pub fn create(
        dir: &Path,
        format: TableFormat,
        analyzer: &'a Analyzer,
        fields: &FieldTypes,
    ) -> Result<TableSet<'a>, TableError> {
        let dir = OutputDir::open(dir)?;
        Ok(TableSet {
            documents: Batched::create(&dir, "documents", format, DocumentRows::new(fields))?,
            hits: Batched::create(&dir, "hits", format, HitRows::default())?,
            counts: Batched::create(&dir, "counts", format, CountRows::default())?,
            quotes: Batched::create(&dir, "quotes", format, QuoteRows::default())?,
            dir,
            format,
            analyzer,
        })
    }

    fn fail(&self, table: &str, e: PolarsError) -> TableError {
        TableError::Write {
            table: table.to_string(),
            dir: self.dir.path().display().to_string(),
            message: e.to_string(),
        }
    }

    /// Adds one document's rows, writing a batch when the buffers are full. A document that
    /// is not counted (a copy dropped by `--dedupe`) has a `documents` row only.
    pub fn add(&mut self, doc: &Document, m: &Measurement) -> Result<(), TableError> {
        self.documents.rows.push(doc, m);
        if m.counted {
            self.hits.rows.push(self.analyzer, doc, m);
            self.counts.rows.push(self.analyzer, doc, m);
            self.quotes.rows.push(doc, m);
        }
        self.flush(false)
    }

    /// Appends rows read back from another run's table of the same name (`documents`,
    /// `hits`, `counts` or `quotes`), cast to this table's schema: what `slant merge` does with
    /// the tables that only grow with the corpus.
    pub fn append(&mut self, name: &str, df: DataFrame) -> Result<(), TableError> {
        let schema = if name == "documents" {
            self.documents
                .rows
                .empty()
                .take()
                .map(|d| d.schema().as_ref().clone())
        } else {
            table_schema(name)
        }
        .map_err(|e| self.fail(name, e))?;
        let mut df = super::read::conform(df, &schema).map_err(|e| self.fail(name, e))?;
        let dir = self.dir.path().display().to_string();
        let file = match name {
            "documents" => &mut self.documents.file,
            "hits" => &mut self.hits.file,
            "counts" => &mut self.counts.file,
            "quotes" => &mut self.quotes.file,
            _ => {
                return Err(TableError::Write {
                    table: name.to_string(),
                    dir,
                    message: "not a table that grows with the corpus".into(),
                })
            }
        };
        file.write(&mut df).map_err(|e| TableError::Write {
            table: name.to_string(),
            dir,
            message: e.to_string(),
        })
    }

    fn flush(&mut self, all: bool) -> Result<(), TableError> {
        self.documents
            .flush(all)
            .map_err(|e| self.fail("documents", e))?;
        self.hits.flush(all).map_err(|e| self.fail("hits", e))?;
        self.counts.flush(all).map_err(|e| self.fail("counts", e))?;
        self.quotes.flush(all).map_err(|e| self.fail("quotes", e))
    }

    /// Writes the remaining rows and the per-outlet tables, then commits them with the
    /// manifest: `manifest` is called with the tables (rows, bytes, sha256) and returns
    /// manifest.json's text. Either every table and the manifest replace the directory's
    /// previous run, or nothing in it changes ([`OutputDir::commit`]).
    pub fn commit(
        mut self,
        totals: &Totals,
        summaries: &Summaries,
        manifest: impl FnOnce(&[TableEntry]) -> String,
    ) -> Result<Vec<TableEntry>, TableError> {
        self.flush(true)?;
        // One frame at a time, each dropped once written: together they would double the
        // peak memory on corpora with many outlets.
        let mut end_files = Vec::new();
        // The large ones (keyness and distances grow with the outlets times the features, and
        // with the square of the outlets) in frames of at most BATCH_ROWS rows.
        for name in ["outlets", "contrasts", "series", "keyness", "distances"] {
            let mut file: Option<TableFile> = None;
            let (dir, format) = (&self.dir, self.format);
            let mut write = |frame: PolarsResult<DataFrame>| -> Result<(), TableError> {
                let mut df = frame.map_err(|e| self.fail(name, e))?;
                let f = match &mut file {
                    Some(f) => f,
                    None => file.insert(TableFile::create(dir, name, format, df.schema())?),
                };
                f.write(&mut df).map_err(|e| self.fail(name, e))
            };
            match name {
                "outlets" => write(outlets_frame(self.analyzer, totals, &summaries.intervals))?,
                "contrasts" => write(contrasts_frame(self.analyzer, totals, &summaries.intervals))?,
                "series" => {
                    let keys: Vec<&(String, i32)> = totals.periods.keys().collect();
                    let per_frame = (BATCH_ROWS / self.analyzer.slots().max(1)).max(1);
                    for chunk in keys.chunks(per_frame) {
                        write(series_frame(
                            self.analyzer,
                            totals,
                            &summaries.series,
                            chunk,
                        ))?;
                    }
                    if keys.is_empty() {
                        write(series_frame(self.analyzer, totals, &summaries.series, &[]))?;
                    }
                }
                "keyness" => {
                    for rows in summaries.keyness.chunks(BATCH_ROWS) {
                        write(keyness_frame(rows, totals))?;
                    }
                    if summaries.keyness.is_empty() {
                        write(keyness_frame(&[], totals))?;
                    }
                }
                _ => distances_frames(self.analyzer, totals, BATCH_ROWS, &mut write)?,
            }
            end_files.extend(file);
        }
        let TableSet {
            dir,
            format,
            documents,
            hits,
            counts,
            quotes,
            ..
        } = self;
        let mut files = vec![documents.file, hits.file, counts.file, quotes.file];
        files.extend(end_files);
        let mut staged = Vec::with_capacity(files.len());
        for f in files {
            let name = f.name;
            staged.push(f.finish(format).map_err(|e| TableError::Write {
                table: name.to_string(),
                dir: dir.path().display().to_string(),
                message: e.to_string(),
            })?);
        }
        let entries = dir.entries(&staged)?;
        dir.commit(staged, &manifest(&entries))?;
        Ok(entries)
    }
}
