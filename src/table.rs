//! Tables: the polars DataFrames slant writes, and how they are written.
//!
//! This is the only module that uses polars. The tables and their columns are listed in
//! docs/SCHEMA.md (a test checks the written files against it):
//!
//! - `documents`, `hits`, `counts` grow with the corpus, so rows are buffered and written in
//!   batches ([`TableSet::add`]);
//! - `outlets` and `contrasts` are built at the end from per-outlet [`Totals`].
//!
//! Files are written under temporary names in the output directory and renamed only when
//! every table is complete ([`TableSet::commit`]); a run that fails leaves no partial table.
//! Integer columns are Int64 and rates Float64, the types every notebook reader handles.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use tempfile::NamedTempFile;

use crate::analysis::{Analyzer, Measurement};
use crate::corpus::Document;
use crate::stats::{per_10k, share, Totals};

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
    #[error("cannot write to output directory {dir}: {cause}; choose another with -o DIR")]
    Directory { dir: String, cause: std::io::Error },
    #[error("cannot write table {table} in {dir}: {message}")]
    Write {
        table: String,
        dir: String,
        message: String,
    },
}

/// Rows buffered before a batch is written.
const BATCH_ROWS: usize = 1 << 16;

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[derive(Default)]
struct DocumentRows {
    doc_id: Vec<String>,
    outlet: Vec<String>,
    date: Vec<Option<String>>,
    title: Vec<Option<String>>,
    url: Vec<Option<String>>,
    source: Vec<String>,
    bytes: Vec<i64>,
    tokens: Vec<i64>,
    sentences: Vec<i64>,
    paragraphs: Vec<i64>,
}

impl DocumentRows {
    fn push(&mut self, doc: &Document, m: &Measurement) {
        self.doc_id.push(doc.id.clone());
        self.outlet.push(doc.outlet.clone());
        self.date.push(doc.date.clone());
        self.title.push(doc.title.clone());
        self.url.push(doc.url.clone());
        self.source.push(doc.source.clone());
        self.bytes.push(int(m.stats.bytes));
        self.tokens.push(int(m.stats.tokens));
        self.sentences.push(int(m.stats.sentences));
        self.paragraphs.push(int(m.stats.paragraphs));
    }

    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        DataFrame::new_infer_height(vec![
            Column::new("doc_id".into(), r.doc_id),
            Column::new("outlet".into(), r.outlet),
            Column::new("date".into(), r.date),
            Column::new("title".into(), r.title),
            Column::new("url".into(), r.url),
            Column::new("source".into(), r.source),
            Column::new("bytes".into(), r.bytes),
            Column::new("tokens".into(), r.tokens),
            Column::new("sentences".into(), r.sentences),
            Column::new("paragraphs".into(), r.paragraphs),
        ])
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }
}

#[derive(Default)]
struct HitRows {
    doc_id: Vec<String>,
    outlet: Vec<String>,
    lexicon: Vec<String>,
    category: Vec<String>,
    term: Vec<String>,
    surface: Vec<String>,
    sentence: Vec<i64>,
    token_start: Vec<i64>,
    token_end: Vec<i64>,
    byte_start: Vec<i64>,
    byte_end: Vec<i64>,
}

impl HitRows {
    fn push(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        for h in &m.hits {
            let lexicon = &analyzer.lexicons()[h.lexicon as usize];
            let category = &lexicon.categories[h.hit.category as usize];
            self.doc_id.push(doc.id.clone());
            self.outlet.push(doc.outlet.clone());
            self.lexicon.push(lexicon.name.clone());
            self.category.push(category.name.clone());
            self.term
                .push(category.terms[h.hit.term as usize].text.clone());
            self.surface.push(h.surface.clone());
            self.sentence.push(i64::from(h.hit.sentence));
            self.token_start.push(i64::from(h.hit.word_start));
            self.token_end.push(i64::from(h.hit.word_end));
            self.byte_start.push(h.hit.byte_start as i64);
            self.byte_end.push(h.hit.byte_end as i64);
        }
    }

    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        DataFrame::new_infer_height(vec![
            Column::new("doc_id".into(), r.doc_id),
            Column::new("outlet".into(), r.outlet),
            Column::new("lexicon".into(), r.lexicon),
            Column::new("category".into(), r.category),
            Column::new("term".into(), r.term),
            Column::new("surface".into(), r.surface),
            Column::new("sentence".into(), r.sentence),
            Column::new("token_start".into(), r.token_start),
            Column::new("token_end".into(), r.token_end),
            Column::new("byte_start".into(), r.byte_start),
            Column::new("byte_end".into(), r.byte_end),
        ])
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }
}

#[derive(Default)]
struct CountRows {
    doc_id: Vec<String>,
    outlet: Vec<String>,
    lexicon: Vec<String>,
    category: Vec<String>,
    count: Vec<i64>,
}

impl CountRows {
    fn push(&mut self, analyzer: &Analyzer, doc: &Document, m: &Measurement) {
        for (l, lexicon) in analyzer.lexicons().iter().enumerate() {
            for (c, category) in lexicon.categories.iter().enumerate() {
                self.doc_id.push(doc.id.clone());
                self.outlet.push(doc.outlet.clone());
                self.lexicon.push(lexicon.name.clone());
                self.category.push(category.name.clone());
                self.count.push(int(m.stats.counts[analyzer.slot(l, c)]));
            }
        }
    }

    fn take(&mut self) -> PolarsResult<DataFrame> {
        let r = std::mem::take(self);
        DataFrame::new_infer_height(vec![
            Column::new("doc_id".into(), r.doc_id),
            Column::new("outlet".into(), r.outlet),
            Column::new("lexicon".into(), r.lexicon),
            Column::new("category".into(), r.category),
            Column::new("count".into(), r.count),
        ])
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }
}

/// The `outlets` table: one row per outlet × lexicon category.
pub fn outlets_frame(analyzer: &Analyzer, totals: &Totals) -> PolarsResult<DataFrame> {
    let (mut outlet, mut lexicon, mut category) = (Vec::new(), Vec::new(), Vec::new());
    let (mut docs, mut docs_with, mut tokens, mut count) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut rate = Vec::new();
    for (name, t) in &totals.outlets {
        for (l, lex) in analyzer.lexicons().iter().enumerate() {
            for (c, cat) in lex.categories.iter().enumerate() {
                let slot = analyzer.slot(l, c);
                let n = t.counts.get(slot).copied().unwrap_or(0);
                outlet.push(name.clone());
                lexicon.push(lex.name.clone());
                category.push(cat.name.clone());
                docs.push(int(t.docs));
                docs_with.push(int(t.docs_with.get(slot).copied().unwrap_or(0)));
                tokens.push(int(t.tokens));
                count.push(int(n));
                rate.push(per_10k(n, t.tokens));
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("outlet".into(), outlet),
        Column::new("lexicon".into(), lexicon),
        Column::new("category".into(), category),
        Column::new("docs".into(), docs),
        Column::new("docs_with".into(), docs_with),
        Column::new("tokens".into(), tokens),
        Column::new("count".into(), count),
        Column::new("per_10k".into(), rate),
    ])
}

/// The `contrasts` table: one row per outlet × contrast × category of the contrast.
pub fn contrasts_frame(analyzer: &Analyzer, totals: &Totals) -> PolarsResult<DataFrame> {
    let (mut outlet, mut lexicon, mut contrast, mut category) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut count, mut total, mut shares) = (Vec::new(), Vec::new(), Vec::new());
    for (name, t) in &totals.outlets {
        for (l, lex) in analyzer.lexicons().iter().enumerate() {
            for con in &lex.contrasts {
                let n = |c: usize| t.counts.get(analyzer.slot(l, c)).copied().unwrap_or(0);
                let sum: u64 = con.categories.iter().map(|&c| n(c)).sum();
                for &c in &con.categories {
                    outlet.push(name.clone());
                    lexicon.push(lex.name.clone());
                    contrast.push(con.name.clone());
                    category.push(lex.categories[c].name.clone());
                    count.push(int(n(c)));
                    total.push(int(sum));
                    shares.push(share(n(c), sum));
                }
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("outlet".into(), outlet),
        Column::new("lexicon".into(), lexicon),
        Column::new("contrast".into(), contrast),
        Column::new("category".into(), category),
        Column::new("count".into(), count),
        Column::new("contrast_total".into(), total),
        Column::new("share".into(), shares),
    ])
}

enum Writer {
    Parquet(polars::io::parquet::write::BatchedWriter<File>),
    Csv(polars::io::csv::write::BatchedWriter<File>),
}

/// One table being written to a temporary file.
struct TableFile {
    name: &'static str,
    tmp: NamedTempFile,
    writer: Writer,
    rows: u64,
}

impl TableFile {
    fn create(
        dir: &Path,
        name: &'static str,
        format: TableFormat,
        schema: &Schema,
    ) -> Result<TableFile, TableError> {
        let tmp = temp_file(dir, name).map_err(|source| TableError::Directory {
            dir: dir.display().to_string(),
            cause: source,
        })?;
        let file = tmp.reopen().map_err(|source| TableError::Directory {
            dir: dir.display().to_string(),
            cause: source,
        })?;
        let fail = |e: PolarsError| TableError::Write {
            table: name.to_string(),
            dir: dir.display().to_string(),
            message: e.to_string(),
        };
        let writer = match format {
            TableFormat::Parquet => {
                Writer::Parquet(ParquetWriter::new(file).batched(schema).map_err(fail)?)
            }
            TableFormat::Csv => Writer::Csv(CsvWriter::new(file).batched(schema).map_err(fail)?),
        };
        Ok(TableFile {
            name,
            tmp,
            writer,
            rows: 0,
        })
    }

    fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
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

    fn finish(&mut self) -> PolarsResult<()> {
        match &mut self.writer {
            Writer::Parquet(w) => w.finish().map(|_| ()),
            Writer::Csv(w) => w.finish(),
        }
    }
}

/// The tables of one `analyze` run, written as the documents come.
pub struct TableSet<'a> {
    dir: PathBuf,
    format: TableFormat,
    analyzer: &'a Analyzer,
    documents: (DocumentRows, TableFile),
    hits: (HitRows, TableFile),
    counts: (CountRows, TableFile),
}

/// A written table, for the manifest.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WrittenTable {
    pub name: String,
    pub file: String,
    pub rows: u64,
}

impl<'a> TableSet<'a> {
    /// Creates the output directory if needed and opens a temporary file per table.
    pub fn create(
        dir: &Path,
        format: TableFormat,
        analyzer: &'a Analyzer,
    ) -> Result<TableSet<'a>, TableError> {
        std::fs::create_dir_all(dir).map_err(|source| TableError::Directory {
            dir: dir.display().to_string(),
            cause: source,
        })?;
        let schema = |df: PolarsResult<DataFrame>| df.map(|d| d.schema().as_ref().clone());
        let fail = |name: &str, e: PolarsError| TableError::Write {
            table: name.to_string(),
            dir: dir.display().to_string(),
            message: e.to_string(),
        };
        let documents = schema(DocumentRows::default().take()).map_err(|e| fail("documents", e))?;
        let hits = schema(HitRows::default().take()).map_err(|e| fail("hits", e))?;
        let counts = schema(CountRows::default().take()).map_err(|e| fail("counts", e))?;
        Ok(TableSet {
            dir: dir.to_path_buf(),
            format,
            analyzer,
            documents: (
                DocumentRows::default(),
                TableFile::create(dir, "documents", format, &documents)?,
            ),
            hits: (
                HitRows::default(),
                TableFile::create(dir, "hits", format, &hits)?,
            ),
            counts: (
                CountRows::default(),
                TableFile::create(dir, "counts", format, &counts)?,
            ),
        })
    }

    fn fail(&self, table: &str, e: PolarsError) -> TableError {
        TableError::Write {
            table: table.to_string(),
            dir: self.dir.display().to_string(),
            message: e.to_string(),
        }
    }

    /// Adds one document's rows, writing a batch when the buffers are full.
    pub fn add(&mut self, doc: &Document, m: &Measurement) -> Result<(), TableError> {
        self.documents.0.push(doc, m);
        self.hits.0.push(self.analyzer, doc, m);
        self.counts.0.push(self.analyzer, doc, m);
        self.flush(false)
    }

    fn flush(&mut self, all: bool) -> Result<(), TableError> {
        if all || self.documents.0.len() >= BATCH_ROWS {
            let r = self
                .documents
                .0
                .take()
                .and_then(|mut df| self.documents.1.write(&mut df));
            r.map_err(|e| self.fail("documents", e))?;
        }
        if all || self.hits.0.len() >= BATCH_ROWS {
            let r = self
                .hits
                .0
                .take()
                .and_then(|mut df| self.hits.1.write(&mut df));
            r.map_err(|e| self.fail("hits", e))?;
        }
        if all || self.counts.0.len() >= BATCH_ROWS {
            let r = self
                .counts
                .0
                .take()
                .and_then(|mut df| self.counts.1.write(&mut df));
            r.map_err(|e| self.fail("counts", e))?;
        }
        Ok(())
    }

    /// Writes the remaining rows and the per-outlet tables, then renames every file into
    /// place. `manifest` is called with the list of tables and returns manifest.json's text.
    pub fn commit(
        mut self,
        totals: &Totals,
        manifest: impl FnOnce(&[WrittenTable]) -> String,
    ) -> Result<Vec<WrittenTable>, TableError> {
        self.flush(true)?;
        let mut outlets =
            outlets_frame(self.analyzer, totals).map_err(|e| self.fail("outlets", e))?;
        let mut contrasts =
            contrasts_frame(self.analyzer, totals).map_err(|e| self.fail("contrasts", e))?;
        let mut outlets_file =
            TableFile::create(&self.dir, "outlets", self.format, &outlets.schema())?;
        let mut contrasts_file =
            TableFile::create(&self.dir, "contrasts", self.format, &contrasts.schema())?;
        outlets_file
            .write(&mut outlets)
            .map_err(|e| self.fail("outlets", e))?;
        contrasts_file
            .write(&mut contrasts)
            .map_err(|e| self.fail("contrasts", e))?;
        let mut files = vec![
            self.documents.1,
            self.hits.1,
            self.counts.1,
            outlets_file,
            contrasts_file,
        ];
        for f in &mut files {
            let name = f.name;
            f.finish().map_err(|e| TableError::Write {
                table: name.to_string(),
                dir: self.dir.display().to_string(),
                message: e.to_string(),
            })?;
        }
        let written: Vec<WrittenTable> = files
            .iter()
            .map(|f| WrittenTable {
                name: f.name.to_string(),
                file: format!("{}.{}", f.name, self.format.extension()),
                rows: f.rows,
            })
            .collect();
        let manifest_text = manifest(&written);
        let mut manifest_tmp =
            temp_file(&self.dir, "manifest").map_err(|source| TableError::Directory {
                dir: self.dir.display().to_string(),
                cause: source,
            })?;
        std::io::Write::write_all(&mut manifest_tmp, manifest_text.as_bytes()).map_err(
            |source| TableError::Directory {
                dir: self.dir.display().to_string(),
                cause: source,
            },
        )?;
        for (f, w) in files.into_iter().zip(&written) {
            persist(f.tmp, &self.dir.join(&w.file), &self.dir)?;
        }
        persist(manifest_tmp, &self.dir.join("manifest.json"), &self.dir)?;
        Ok(written)
    }
}

/// A hidden temporary file (`.NAME.XXXX.tmp`) in `dir` that, once renamed, is readable like
/// any file the user writes (tempfile's default is owner-only).
fn temp_file(dir: &Path, name: &str) -> std::io::Result<NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b.tempfile_in(dir)
}

fn persist(tmp: NamedTempFile, to: &Path, dir: &Path) -> Result<(), TableError> {
    tmp.persist(to)
        .map(|_| ())
        .map_err(|e| TableError::Directory {
            dir: dir.display().to_string(),
            cause: e.error,
        })
}
