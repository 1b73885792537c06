//! WARC files (`.warc`, `.warc.gz`; WARC 1.0 and 1.1) as a corpus: every `response` record
//! whose HTTP payload is an HTML page, and every `resource` record that is one, is an article,
//! extracted like an HTML file ([`super::html`]) on the worker threads.
//!
//! - **Streaming**: one record's block in memory at a time; plain files, or gzip with one
//!   member per record (as Common Crawl and Heritrix write them) or one member for the file.
//! - **What a document gets**: id = `WARC-Record-ID` (without its angle brackets), url =
//!   `WARC-Target-URI`, date = the page's own date, else `WARC-Date`; outlet = the page's
//!   `og:site_name`, else its host, else the target URI's host.
//! - **The HTTP payload**: the chunked transfer coding undone (the payload kept as stored when
//!   it is not chunked after all, as archivers that dechunk but keep the header leave it),
//!   `gzip`/`deflate` content codings decoded, the charset from the `Content-Type` header
//!   (else the page's meta tag, else UTF-8).
//! - **Not articles**: `warcinfo`, `request`, `metadata`, `revisit` records, responses that are
//!   not HTTP, not 2xx or not HTML, and blocks over 64 MiB are passed over and counted by what
//!   they are ([`super::Inputs::pass_over`]; the manifest's `passed_over`), never errors.
//! - **Malformed records**: a record error naming the file, the record's number and its byte
//!   offset — the offset of its gzip member in the compressed file (what CDX indexes give)
//!   when each record has its own member, else the offset in the (decompressed) stream — and
//!   reading resumes at the next `WARC/1.x` line. A bad gzip member, or a file that ends
//!   inside a record, ends the run with the same location.
//!
//! Written here rather than with the `warc` crate (0.4): it reports no byte offsets, which the
//! messages and CDX look-ups need, and stops at the first malformed record. HTTP heads are
//! parsed by httparse.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::{DeflateDecoder, GzDecoder, ZlibDecoder};

use super::html::{Archived, RawPage};
use super::{CorpusError, HashingReader, Inputs, Record};

/// The largest block read into memory; a larger record is passed over.
const MAX_BLOCK: u64 = 64 << 20;
/// The largest header section of a record.
const MAX_HEADER: usize = 1 << 20;

/// Whether a file name is a WARC file (`.warc`, `.warc.gz`).
pub fn is_warc_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Reads the articles of a WARC file, one record at a time.
pub fn read(
    path: &Path,
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Record> + Send, CorpusError> {
    let mut raw = Counted {
        inner: super::open_raw(path, inputs)?,
        consumed: 0,
    };
    let head = raw.fill_buf().map_err(|e| CorpusError::io(path, e))?;
    let stream = if head.starts_with(&[0x1f, 0x8b]) {
        Stream::Gzip {
            member: Some(Box::new(GzDecoder::new(raw))),
            start: 0,
            out: 0,
            total: 0,
        }
    } else {
        Stream::Plain(raw)
    };
    let mut reader = Reader {
        path: path.display().to_string(),
        input: BufReader::with_capacity(1 << 16, stream),
        inputs: inputs.clone(),
        number: 0,
        pending: None,
        done: false,
    };
    Ok(std::iter::from_fn(move || reader.next_record()))
}

/// A buffered reader that counts the bytes consumed from it: the offset in the stored file.
struct Counted<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.inner.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.consumed += n as u64;
    }
}

type Stored = Counted<BufReader<HashingReader<File>>>;

/// The file's bytes as records are written: as stored, or its gzip members one after another,
/// each read returning bytes of one member only (so that a buffer never spans two members).
enum Stream {
    Plain(Stored),
    Gzip {
        member: Option<Box<GzDecoder<Stored>>>,
        /// Where the current member starts in the stored file.
        start: u64,
        /// Bytes the current member has given.
        out: u64,
        /// Bytes all members have given.
        total: u64,
    },
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stored) => stored.read(buf),
            Stream::Gzip {
                member,
                start,
                out,
                total,
            } => loop {
                let Some(decoder) = member else {
                    return Ok(0);
                };
                let n = decoder.read(buf).map_err(Inflate)?;
                if n > 0 || buf.is_empty() {
                    *out += n as u64;
                    *total += n as u64;
                    return Ok(n);
                }
                // the member has ended: another one after it?
                let Some(decoder) = member.take() else {
                    return Ok(0);
                };
                let mut stored = decoder.into_inner();
                if stored.fill_buf()?.is_empty() {
                    return Ok(0);
                }
                *start = stored.consumed;
                *out = 0;
                *member = Some(Box::new(GzDecoder::new(stored)));
            },
        }
    }
}

/// A gzip member that cannot be inflated (told apart from the file's own read errors).
#[derive(Debug)]
struct Inflate(io::Error);

impl fmt::Display for Inflate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Inflate {}

impl From<Inflate> for io::Error {
    fn from(e: Inflate) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

/// Where a record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offset {
    /// In the stored file: a plain file, or the record's own gzip member.
    Stored(u64),
    /// In the decompressed stream (several records share a gzip member).
    Inflated(u64),
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Offset::Stored(at) => write!(f, "byte {at}"),
            Offset::Inflated(at) => write!(f, "byte {at} of the decompressed stream"),
        }
    }
}

/// What a record's block is: an HTTP response, or a page as such (a `resource` record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Http,
    Page,
}

/// What stops a record: itself only, or the rest of the file.
enum Problem {
    Record(String),
    Fatal(String),
}

struct Reader {
    path: String,
    input: BufReader<Stream>,
    inputs: Inputs,
    /// Records begun so far.
    number: u64,
    /// A version line found while looking for the next record, with where it starts.
    pending: Option<(Vec<u8>, Offset)>,
    done: bool,
}

/// A record's header fields, names as written.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Reader {
    fn next_record(&mut self) -> Option<Record> {
        while !self.done {
            let (number, offset) = (self.number + 1, self.here());
            match self.record() {
                Ok(Some(record)) => return Some(record),
                Ok(None) => {}
                Err(Problem::Record(message)) => {
                    let location = format!("{} (record {number})", self.location(offset));
                    if let Err(Problem::Fatal(m)) = self.resync() {
                        self.done = true;
                        return Some(Record::Decoded(Err(CorpusError::file(&self.path, m))));
                    }
                    return Some(Record::Decoded(Err(CorpusError::record(location, message))));
                }
                Err(Problem::Fatal(message)) => {
                    self.done = true;
                    return Some(Record::Decoded(Err(CorpusError::file(&self.path, message))));
                }
            }
        }
        None
    }

    /// `file@offset`: a document's source, the place of a record error.
    fn location(&self, at: Offset) -> String {
        match at {
            Offset::Stored(n) => format!("{}@{n}", self.path),
            Offset::Inflated(n) => format!("{}@{n} (decompressed)", self.path),
        }
    }

    /// Where the next unread byte is (a record's start when called between records).
    fn here(&mut self) -> Offset {
        if let Some((_, at)) = self.pending {
            return at;
        }
        // fill the buffer first, so that it holds bytes of the member the next record is in
        let buffered = self.input.fill_buf().map_or(0, |b| b.len()) as u64;
        match self.input.get_ref() {
            Stream::Plain(stored) => Offset::Stored(stored.consumed - buffered),
            Stream::Gzip {
                start, out, total, ..
            } => {
                if *out == buffered {
                    Offset::Stored(*start)
                } else {
                    Offset::Inflated(total - buffered)
                }
            }
        }
    }

    fn io_problem(&self, e: io::Error, at: Offset) -> Problem {
        if e.get_ref().is_some_and(|inner| inner.is::<Inflate>()) {
            Problem::Fatal(format!(
                "record {} at {at}: cannot decompress: {e} (a damaged gzip member; \
                 re-download the file, or cut it before this record)",
                self.number
            ))
        } else {
            Problem::Fatal(format!("cannot read it: {e}"))
        }
    }

    /// A line (with its end), at most [`MAX_HEADER`] bytes; empty at end of file.
    fn line(&mut self, at: Offset) -> Result<Vec<u8>, Problem> {
        let mut line = Vec::new();
        (&mut self.input)
            .take(MAX_HEADER as u64)
            .read_until(b'\n', &mut line)
            .map_err(|e| self.io_problem(e, at))?;
        Ok(line)
    }

    /// Reads the next record; `Ok(None)` for one that is not an article (or at end of file,
    /// then with `done` set).
    fn record(&mut self) -> Result<Option<Record>, Problem> {
        // the version line, after any blank lines
        let (version, at) = loop {
            if let Some(pending) = self.pending.take() {
                break pending;
            }
            let at = self.here();
            let line = self.line(at)?;
            if line.is_empty() {
                self.done = true;
                return Ok(None);
            }
            if !line.trim_ascii().is_empty() {
                break (line, at);
            }
        };
        self.number += 1;
        let number = self.number;
        if !version.starts_with(b"WARC/1.") {
            return Err(Problem::Record(format!(
                "expected a `WARC/1.0` or `WARC/1.1` line, found `{}`",
                shown(&version)
            )));
        }
        let headers = self.headers(at)?;
        let Some(length) = headers.get("Content-Length") else {
            return Err(Problem::Record(
                "no `Content-Length` header (every WARC record needs one)".into(),
            ));
        };
        let length: u64 = length.trim().parse().map_err(|_| {
            Problem::Record(format!(
                "`Content-Length: {length}` is not a whole number of bytes"
            ))
        })?;
        let kind = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = headers
            .get("Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let holds = match kind.as_str() {
            "response"
                if content_type.is_empty() || content_type.starts_with("application/http") =>
            {
                Some(Holds::Http)
            }
            "resource" if is_html_type(&content_type) => Some(Holds::Page),
            _ => None,
        };
        let truncated = |read: u64| {
            Problem::Fatal(format!(
                "the file ends inside record {number} at {at}: its Content-Length is {length} \
                 bytes but only {read} follow (the file is truncated, or the Content-Length is wrong)"
            ))
        };
        let passed = match holds {
            None => Some(match kind.as_str() {
                "" => "records without a WARC-Type".to_string(),
                "response" => "responses that are not HTTP".to_string(),
                "resource" => "resources that are not HTML".to_string(),
                other => format!("{other} records"),
            }),
            Some(_) if length > MAX_BLOCK => Some("records over 64 MiB".to_string()),
            Some(_) => None,
        };
        if let Some(what) = passed {
            let skipped = io::copy(&mut (&mut self.input).take(length), &mut io::sink())
                .map_err(|e| self.io_problem(e, at))?;
            if skipped < length {
                return Err(truncated(skipped));
            }
            self.end_of_record(length)?;
            self.inputs.pass_over(&what);
            return Ok(None);
        }
        let mut block = Vec::with_capacity(length as usize);
        (&mut self.input)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| self.io_problem(e, at))?;
        if (block.len() as u64) < length {
            return Err(truncated(block.len() as u64));
        }
        self.end_of_record(length)?;
        let Some(id) = headers.get("WARC-Record-ID") else {
            return Err(Problem::Record("no `WARC-Record-ID` header".into()));
        };
        let id = id
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string();
        let mut archived = Archived {
            url: headers
                .get("WARC-Target-URI")
                .map(|u| {
                    u.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })
                .filter(|u| !u.is_empty()),
            date: headers
                .get("WARC-Date")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            charset: None,
        };
        let bytes = if holds == Some(Holds::Http) {
            match http_page(block)? {
                Ok((page, charset)) => {
                    archived.charset = charset;
                    page
                }
                Err(what) => {
                    self.inputs.pass_over(what);
                    return Ok(None);
                }
            }
        } else {
            archived.charset = charset_of(&content_type);
            block
        };
        let source = self.location(at);
        Ok(Some(Record::Page(RawPage {
            source,
            id,
            bytes,
            row: None,
            folder: None,
            archived: Some(archived),
        })))
    }

    /// The header lines up to the blank line that ends them.
    fn headers(&mut self, at: Offset) -> Result<Headers, Problem> {
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut size = 0;
        loop {
            let line = self.line(at)?;
            if line.is_empty() {
                return Err(Problem::Fatal(format!(
                    "the file ends inside the headers of record {} at {at} (it is truncated)",
                    self.number
                )));
            }
            size += line.len();
            if size > MAX_HEADER {
                return Err(Problem::Record("headers longer than 1 MiB".into()));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(Headers(fields));
            }
            if text.starts_with([' ', '\t']) {
                // a folded line continues the field before it
                match fields.last_mut() {
                    Some((_, value)) => {
                        value.push(' ');
                        value.push_str(text.trim());
                    }
                    None => {
                        return Err(Problem::Record(format!(
                            "a header line `{text}` continues nothing"
                        )))
                    }
                }
                continue;
            }
            let Some((name, value)) = text.split_once(':') else {
                return Err(Problem::Record(format!(
                    "`{}` is not a `Name: value` header line",
                    shown(text.as_bytes())
                )));
            };
            fields.push((name.trim().to_string(), value.trim().to_string()));
        }
    }

    /// The two line ends after a block (one is enough before the next record, none at the
    /// end of the file). Anything else means the Content-Length is wrong.
    fn end_of_record(&mut self, length: u64) -> Result<(), Problem> {
        for ends in 0..2 {
            let at = self.here();
            let line = self.line(at)?;
            if line.is_empty() {
                return Ok(());
            }
            if line.trim_ascii().is_empty() {
                continue;
            }
            let next = line.starts_with(b"WARC/1.");
            if next {
                self.pending = Some((line, at));
                if ends == 1 {
                    return Ok(());
                }
            }
            return Err(Problem::Record(format!(
                "its block does not end where its Content-Length ({length} bytes) says: \
                 the length is wrong or the record is damaged; it is left out"
            )));
        }
        Ok(())
    }

    /// Skips to the next line that opens a record.
    fn resync(&mut self) -> Result<(), Problem> {
        if self.pending.is_some() {
            return Ok(());
        }
        loop {
            let at = self.here();
            let line = self.line(at)?;
            if line.is_empty() {
                self.done = true;
                return Ok(());
            }
            if line.starts_with(b"WARC/1.") {
                self.pending = Some((line, at));
                return Ok(());
            }
        }
    }
}

/// Up to 60 characters of a line, for a message.
fn shown(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    matches!(mime, "text/html" | "application/xhtml+xml")
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// The HTML page of an HTTP response block and its charset, or what the response is instead
/// (passed over); a record problem when the response cannot be read.
type Page = Result<(Vec<u8>, Option<String>), &'static str>;

fn http_page(block: Vec<u8>) -> Result<Page, Problem> {
    let mut slots = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut slots);
    let parsed = httparse::ParserConfig::default()
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_spaces_after_header_name_in_responses(true)
        .parse_response(&mut response, &block);
    let head = match parsed {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(Problem::Record(
                "its HTTP response head is incomplete (no blank line after the headers)".into(),
            ))
        }
        Err(e) => {
            return Err(Problem::Record(format!(
                "cannot read its HTTP response head: {e}"
            )))
        }
    };
    if !(200..300).contains(&response.code.unwrap_or(0)) {
        return Ok(Err("responses with an HTTP status other than 2xx"));
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("Content-Type");
    let transfer = header("Transfer-Encoding").unwrap_or_default();
    let coding = header("Content-Encoding").unwrap_or_default();
    let mut payload = block[head..].to_vec();
    if transfer.contains("chunked") {
        if let Some(joined) = dechunk(&payload) {
            payload = joined;
        }
    }
    let payload = match coding.as_str() {
        "" | "identity" | "none" => payload,
        "gzip" | "x-gzip" => inflate(GzDecoder::new(payload.as_slice()), "gzip")?,
        "deflate" => inflate(ZlibDecoder::new(payload.as_slice()), "deflate")
            .or_else(|_| inflate(DeflateDecoder::new(payload.as_slice()), "deflate"))?,
        other => {
            return Err(Problem::Record(format!(
                "its payload is in the `{other}` content coding, which slant cannot decode \
                 (gzip and deflate only)"
            )))
        }
    };
    let html = match &content_type {
        Some(t) => is_html_type(t),
        None => looks_like_html(&payload),
    };
    if !html {
        return Ok(Err("responses that are not HTML pages"));
    }
    Ok(Ok((payload, content_type.as_deref().and_then(charset_of))))
}

fn inflate(mut decoder: impl Read, coding: &str) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    decoder
        .by_ref()
        .take(MAX_BLOCK * 4)
        .read_to_end(&mut out)
        .map_err(|e| Problem::Record(format!("cannot decode its {coding} payload: {e}")))?;
    Ok(out)
}

/// A page with no `Content-Type`: markup at its start.
fn looks_like_html(payload: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html")
}

/// The body of a chunked payload (RFC 9112 §7.1), or `None` if it is not chunked.
fn dechunk(payload: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(payload.len());
    let mut rest = payload;
    loop {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&rest[..end]).ok()?.trim();
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        rest = &rest[end + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))?;
    }
}

#[cfg(test)]
mod tests;
