//! Corpus readers: articles labelled by outlet, streamed one [`Document`] at a time.
//!
//! [`open`] looks at what it is given and returns a [`Corpus`], an iterator of documents:
//!
//! - a **directory** of `.txt` files or `.html` pages (also `.gz`, in subfolders too), with a
//!   `manifest.csv` (or `outlets.csv`) beside them giving each file's outlet, or else the
//!   outlet is the name of the folder a file is in, or a page's site name ([`dir`], [`html`]);
//! - a **JSONL/NDJSON** file, one article per line ([`jsonl`]);
//! - a **CSV** (or TSV) file with a header ([`table`]);
//! - a **Parquet** file ([`table`]);
//! - a **WARC** file of crawled pages, as Common Crawl and web archives write them ([`warc`]);
//! - a single `.txt` file, one article, or a LexisNexis export of many ([`lexisnexis`]);
//! - nothing: the sample corpus bundled in the binary ([`bundled`]).
//!
//! Any file may be gzip-compressed (detected by its magic bytes). Fields `id`, `outlet`, `text`
//! are required, `date`, `title`, `url` optional; [`Fields`] maps other names.
//!
//! Readers never hold more than one file of a directory, or one record of a JSONL/CSV file, or
//! one slice of a Parquet file, in memory. They never edit text (only a leading UTF-8 BOM
//! of a file is dropped). A bad record is an `Err` item naming its file and line
//! ([`CorpusError::Record`]) and the iterator goes on; a file that cannot be read at all ends
//! the iterator with a fatal error.

pub mod batches;
pub mod bundled;
pub mod dir;
pub mod html;
pub mod jsonl;
pub mod lexisnexis;
pub mod table;
pub mod warc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

/// A scalar value of an input field slant keeps as metadata (JSON strings, numbers and
/// booleans; CSV cells as text; Parquet values as typed).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Value {
    /// The value as text (what `--by` and `--where` compare).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(s) => s.as_str().into(),
            Value::Int(i) => i.to_string().into(),
            Value::Float(f) => f.to_string().into(),
            Value::Bool(b) => b.to_string().into(),
        }
    }
}

/// The type of a metadata column, the same for every document: whole numbers, real numbers
/// (whole and real numbers mixed), booleans, or text (anything else mixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Bool,
    Text,
}

impl Kind {
    pub fn of(value: &Value) -> Kind {
        match value {
            Value::Text(_) => Kind::Text,
            Value::Int(_) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Bool(_) => Kind::Bool,
        }
    }

    /// The type that holds values of both.
    pub fn unify(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Int, Kind::Float) | (Kind::Float, Kind::Int) => Kind::Float,
            _ => Kind::Text,
        }
    }
}

/// The metadata columns of a corpus, in the order they first appear, with their types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldTypes {
    pub columns: Vec<(String, Kind)>,
}

impl FieldTypes {
    /// Takes in a document's metadata.
    pub fn see(&mut self, metadata: &[(String, Value)]) {
        for (name, value) in metadata {
            let kind = Kind::of(value);
            match self.columns.iter_mut().find(|(n, _)| n == name) {
                Some((_, k)) => *k = k.unify(kind),
                None => self.columns.push((name.clone(), kind)),
            }
        }
    }

    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub outlet: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The article text, exactly as read. All offsets in slant's tables point into it.
    pub body: String,
    /// Where it came from: a file, or `file:line` for a record of a larger file.
    pub source: String,
    /// The input's other scalar fields, as [`Fields::keep`] selects them, in input order;
    /// absent and null values are left out.
    pub metadata: Vec<(String, Value)>,
}

impl Document {
    /// The value of a metadata field.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.metadata
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Which of the input's other fields are kept as metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Keep {
    /// Every scalar field (the default).
    #[default]
    All,
    /// None (`--fields none`).
    None,
    /// These (`--fields a,b`).
    Only(Vec<String>),
}

impl Keep {
    pub fn wants(&self, name: &str) -> bool {
        match self {
            Keep::All => true,
            Keep::None => false,
            Keep::Only(names) => names.iter().any(|n| n == name),
        }
    }
}

/// Names of the input fields (JSONL keys, CSV and Parquet columns, manifest columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub id: String,
    pub outlet: String,
    pub text: String,
    pub date: String,
    pub title: String,
    pub url: String,
    /// The other fields kept as metadata.
    pub keep: Keep,
    /// The `text` field holds a web page's HTML (`--html-field`): the article is extracted
    /// from it, and the page fills in the outlet, title, date and url the record lacks.
    pub html: bool,
}

impl Fields {
    /// Whether a field is one slant reads itself (not metadata).
    pub fn is_known(&self, name: &str) -> bool {
        [
            &self.id,
            &self.outlet,
            &self.text,
            &self.date,
            &self.title,
            &self.url,
        ]
        .iter()
        .any(|f| *f == name)
    }

    /// Whether a field is kept as metadata.
    pub fn keeps(&self, name: &str) -> bool {
        !self.is_known(name) && self.keep.wants(name)
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            outlet: "outlet".into(),
            text: "text".into(),
            date: "date".into(),
            title: "title".into(),
            url: "url".into(),
            keep: Keep::All,
            html: false,
        }
    }
}

/// How to read a corpus.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub fields: Fields,
    /// For a directory: the manifest to use instead of `manifest.csv`/`outlets.csv`.
    pub manifest: Option<PathBuf>,
    /// Do not hash the input files or list them in [`Corpus::inputs`] (for a pass that only
    /// reads the documents, such as the first pass of `analyze`).
    pub unlisted: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file or directory could not be opened or read; the run cannot go on.
    #[error("{path}: {cause}")]
    Io { path: String, cause: io::Error },
    /// A file is unusable as a whole (bad header, truncated compression, unknown format).
    #[error("{path}: {message}")]
    File { path: String, message: String },
    /// One record is bad; the others can still be read.
    #[error("{location}: {message}")]
    Record { location: String, message: String },
}

impl CorpusError {
    /// Whether only this record is lost and reading goes on.
    pub fn is_record(&self) -> bool {
        matches!(self, CorpusError::Record { .. })
    }

    pub(crate) fn record(location: impl Into<String>, message: impl Into<String>) -> Self {
        CorpusError::Record {
            location: location.into(),
            message: message.into(),
        }
    }

    pub(crate) fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        CorpusError::File {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        CorpusError::Io {
            path: path.display().to_string(),
            cause: source,
        }
    }
}

/// A file the corpus was read from, for the run's manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputFile {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Input files seen so far, shared between a corpus and its readers.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Arc<Mutex<Vec<InputFile>>>,
    /// Records read but not articles (a WARC's `request` records, its responses that are not
    /// HTML pages), by what they are, in the order first seen: counted, not errors.
    passed: Arc<Mutex<Vec<(String, u64)>>>,
    /// Files are neither hashed nor listed (a pass whose list nobody reads).
    unlisted: bool,
}

impl Inputs {
    pub fn push(&self, path: String, bytes: &[u8]) {
        if !self.unlisted {
            self.push_digest(path, bytes.len() as u64, Sha256::digest(bytes).into());
        }
    }

    fn push_digest(&self, path: String, bytes: u64, digest: [u8; 32]) {
        let sha256 = crate::outdir::hex(&digest);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(InputFile {
                path,
                bytes,
                sha256,
            });
    }

    pub fn list(&self) -> Vec<InputFile> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Counts a record that is not an article, by what it is (`request records`).
    pub fn pass_over(&self, what: &str) {
        let mut passed = self.passed.lock().unwrap_or_else(|e| e.into_inner());
        match passed.iter_mut().find(|(w, _)| w == what) {
            Some((_, n)) => *n += 1,
            None => passed.push((what.to_string(), 1)),
        }
    }

    /// The records passed over so far, by what they are.
    pub fn passed_over(&self) -> Vec<(String, u64)> {
        self.passed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Hashes every byte read through it; records the file in [`Inputs`] at end of file.
pub(crate) struct HashingReader<R> {
    inner: R,
    path: String,
    hasher: Option<Sha256>,
    bytes: u64,
    inputs: Inputs,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            if let Some(hasher) = self.hasher.take() {
                self.inputs
                    .push_digest(self.path.clone(), self.bytes, hasher.finalize().into());
            }
        } else if let Some(hasher) = &mut self.hasher {
            hasher.update(&buf[..n]);
            self.bytes += n as u64;
        }
        Ok(n)
    }
}

/// Opens a file as stored (no decompression), hashing what it reads.
pub(crate) fn open_raw(
    path: &Path,
    inputs: &Inputs,
) -> Result<BufReader<HashingReader<File>>, CorpusError> {
    let file = File::open(path).map_err(|e| CorpusError::io(path, e))?;
    Ok(BufReader::with_capacity(
        1 << 16,
        HashingReader {
            inner: file,
            path: path.display().to_string(),
            hasher: (!inputs.unlisted).then(Sha256::new),
            bytes: 0,
            inputs: inputs.clone(),
        },
    ))
}

/// Opens a file for streaming, decompressing gzip transparently, hashing what it reads.
/// Returns the reader and whether the file was compressed.
pub(crate) fn open_stream(
    path: &Path,
    inputs: &Inputs,
) -> Result<(Box<dyn BufRead + Send>, bool), CorpusError> {
    let mut buffered = open_raw(path, inputs)?;
    let head = buffered.fill_buf().map_err(|e| CorpusError::io(path, e))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::bufread::MultiGzDecoder::new(buffered);
        Ok((Box::new(BufReader::with_capacity(1 << 16, decoder)), true))
    } else {
        Ok((Box::new(buffered), false))
    }
}

/// Explains a read error in the middle of a (possibly compressed) stream.
pub(crate) fn stream_error(path: &Path, compressed: bool, e: io::Error) -> CorpusError {
    if compressed {
        CorpusError::file(
            path.display().to_string(),
            format!("cannot decompress: {e} (the gzip file is truncated or corrupt; re-download or re-compress it)"),
        )
    } else {
        CorpusError::io(path, e)
    }
}

/// Where a corpus comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The sample corpus embedded in the binary (data/ in the repository).
    Bundled,
    Path(PathBuf),
}

/// A stream of documents, plus what it has read so far.
/// One record of a corpus as its reader gives it: decoded already, or a line of JSONL whose
/// decoding (JSON parsing, a tenth of the work on news text) is left to the caller, so that
/// worker threads can do it while one thread reads and decompresses.
#[derive(Debug)]
pub enum Record {
    Decoded(Result<Document, CorpusError>),
    Line(jsonl::Line),
    /// An HTML page read but not yet extracted: the extraction runs in [`Record::decode`], on
    /// the worker threads of [`batches`].
    Page(html::RawPage),
    /// A record whose text field holds a page's HTML (`--html-field`): decoded, then its
    /// article extracted, on the worker threads too.
    HtmlField(Box<Record>),
}

impl Record {
    pub fn decode(self) -> Result<Document, CorpusError> {
        match self {
            Record::Decoded(d) => d,
            Record::Line(line) => line.decode(),
            Record::Page(page) => page.decode(),
            Record::HtmlField(record) => record.decode().and_then(html::field_document),
        }
    }

    /// Bytes of the record as read (the text of a decoded document, a page's HTML).
    pub fn len(&self) -> usize {
        match self {
            Record::Decoded(Ok(d)) => d.body.len(),
            Record::Decoded(Err(_)) => 0,
            Record::Line(line) => line.len(),
            Record::Page(page) => page.len(),
            Record::HtmlField(record) => record.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub struct Corpus {
    docs: Box<dyn Iterator<Item = Record> + Send>,
    inputs: Inputs,
    /// What kind of corpus: `bundled`, `directory`, `jsonl`, `csv`, `parquet`, `warc`,
    /// `lexisnexis`, `txt`.
    pub kind: &'static str,
    /// What was opened: a path or `bundled:data`.
    pub location: String,
}

impl Iterator for Corpus {
    type Item = Result<Document, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.docs.next().map(Record::decode)
    }
}

impl Corpus {
    /// The next records, undecoded, until `docs` records or `bytes` bytes of them are read.
    /// A fatal error (a file that cannot be read further) is returned as `Err`, and the
    /// records before it in the batch are dropped: the run stops there.
    pub fn read_batch(&mut self, docs: usize, bytes: usize) -> Result<Vec<Record>, CorpusError> {
        let mut batch = Vec::new();
        let mut size = 0;
        while batch.len() < docs && size < bytes {
            let Some(record) = self.docs.next() else {
                break;
            };
            let record = match record {
                Record::Decoded(Err(e)) if !e.is_record() => return Err(e),
                record => record,
            };
            size += record.len();
            batch.push(record);
        }
        Ok(batch)
    }

    /// Files read so far, with sizes and sha256 (complete once the iterator is exhausted).
    pub fn inputs(&self) -> Vec<InputFile> {
        self.inputs.list()
    }

    /// Records read that are not articles, by what they are (complete once the iterator is
    /// exhausted): a WARC's `request` and `metadata` records, its responses that are not pages.
    pub fn passed_over(&self) -> Vec<(String, u64)> {
        self.inputs.passed_over()
    }
}

/// The name of a file without `.gz` and lowercased, to tell its format.
fn format_name(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.strip_suffix(".gz").unwrap_or(&name).to_string()
}

/// Opens a corpus for reading.
pub fn open(source: &Source, options: &Options) -> Result<Corpus, CorpusError> {
    let inputs = Inputs {
        unlisted: options.unlisted,
        ..Inputs::default()
    };
    let path = match source {
        Source::Bundled => {
            return Ok(Corpus {
                docs: Box::new(
                    bundled::documents(&inputs)?
                        .into_iter()
                        .map(Record::Decoded),
                ),
                inputs,
                kind: "bundled",
                location: "bundled:data".to_string(),
            })
        }
        Source::Path(path) => path,
    };
    let meta = std::fs::metadata(path).map_err(|e| CorpusError::io(path, e))?;
    let location = path.display().to_string();
    let (kind, docs): (&'static str, Box<dyn Iterator<Item = _> + Send>) = if meta.is_dir() {
        ("directory", Box::new(dir::read(path, options, &inputs)?))
    } else {
        let name = format_name(path);
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "jsonl" | "ndjson" | "json" => (
                "jsonl",
                Box::new(jsonl::read(path, &options.fields, &inputs)?),
            ),
            "csv" => (
                "csv",
                Box::new(
                    table::read_csv(path, b',', &options.fields, &inputs)?.map(Record::Decoded),
                ),
            ),
            "tsv" | "tab" => (
                "csv",
                Box::new(
                    table::read_csv(path, b'\t', &options.fields, &inputs)?.map(Record::Decoded),
                ),
            ),
            "parquet" | "pq" => (
                "parquet",
                Box::new(table::read_parquet(path, &options.fields, &inputs)?.map(Record::Decoded)),
            ),
            "warc" => ("warc", Box::new(warc::read(path, &inputs)?)),
            "txt" | "text" if lexisnexis::is_export(&head(path)?) => (
                "lexisnexis",
                Box::new(lexisnexis::read(path, &options.fields, &inputs)?.map(Record::Decoded)),
            ),
            "txt" | "text" => (
                "txt",
                Box::new(std::iter::once(Record::Decoded(dir::read_single(
                    path, &inputs,
                )))),
            ),
            _ => return Err(CorpusError::file(
                location,
                "unknown corpus format: expected a directory of .txt or .html files, or a .jsonl, \
                     .ndjson, .csv, .tsv, .parquet, .warc or .txt file (optionally .gz)",
            )),
        }
    };
    let docs: Box<dyn Iterator<Item = Record> + Send> = match options.fields.html {
        true if matches!(kind, "jsonl" | "csv" | "parquet") => Box::new(docs.map(|r| match r {
            Record::Decoded(Err(e)) => Record::Decoded(Err(e)),
            r => Record::HtmlField(Box::new(r)),
        })),
        true => {
            return Err(CorpusError::file(
                location,
                "--html-field names a field of a JSONL, CSV or Parquet file; a directory's \
                 .html pages and a WARC's are read as pages without it",
            ))
        }
        false => docs,
    };
    Ok(Corpus {
        docs,
        inputs,
        kind,
        location,
    })
}

/// The first 64 KiB of a file (decompressed), to tell what it holds; not listed as an input.
fn head(path: &Path) -> Result<Vec<u8>, CorpusError> {
    let (reader, compressed) = open_stream(
        path,
        &Inputs {
            unlisted: true,
            ..Inputs::default()
        },
    )?;
    let mut head = Vec::new();
    reader
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(|e| stream_error(path, compressed, e))?;
    Ok(head)
}

/// Decodes bytes as UTF-8, or explains where they are not.
pub(crate) fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "not valid UTF-8 (byte {at}, line {line}); convert the file to UTF-8, e.g. \
             `iconv -f windows-1252 -t utf-8`"
        )
    })
}

/// A present, non-blank string, or `None`.
pub(crate) fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// The message for a missing required field.
pub(crate) fn missing(field: &str, flag: &str) -> String {
    format!("missing or empty `{field}`; if the data names it differently, pass {flag} NAME")
}
