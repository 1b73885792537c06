//! A directory of `.txt` articles or `.html` pages ([`super::html`]: the article found in the
//! page), with a manifest giving each file's outlet.
//!
//! The manifest is a CSV with a header: `file` (the path relative to the directory) and
//! `outlet` are required, `date`, `title`, `url` optional, other columns kept as metadata. It is
//! `--manifest PATH`, else `manifest.csv`, else `outlets.csv` in the directory. Without one,
//! a file's outlet is the name of the folder it is in (`corpus/Reuters/0001.txt` is Reuters);
//! a page's is its `og:site_name`, else its URL's host, else the folder's name. The document
//! id is the file's path relative to the directory, without `.txt`, `.html` or `.htm` (and
//! `.gz`).
//! Files are read in sorted path order.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{
    non_empty, open_stream, stream_error, utf8, CorpusError, Document, Inputs, Keep, Options,
    Record, Value,
};

/// One row of a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRow {
    pub file: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The other columns kept ([`Keep`]), non-empty values only.
    pub metadata: Vec<(String, Value)>,
    pub line: u64,
}

/// Parses a manifest CSV. `name` labels it in messages.
pub fn parse_manifest(
    reader: impl Read,
    name: &str,
    keep: &Keep,
) -> Result<Vec<ManifestRow>, CorpusError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| CorpusError::file(name, format!("cannot read the manifest header: {e}")))?
        .clone();
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted))
    };
    let (Some(file_col), Some(outlet_col)) = (column("file"), column("outlet")) else {
        return Err(CorpusError::file(
            name,
            format!(
                "a manifest needs the columns `file` and `outlet`; its header has: {}",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let (date_col, title_col, url_col) = (column("date"), column("title"), column("url"));
    let known = [
        Some(file_col),
        Some(outlet_col),
        date_col,
        title_col,
        url_col,
    ];
    let kept: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|&(i, h)| !known.contains(&Some(i)) && !h.trim().is_empty() && keep.wants(h.trim()))
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    let mut rows = Vec::new();
    for record in csv.records() {
        let record =
            record.map_err(|e| CorpusError::file(name, format!("bad manifest row: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: Option<usize>| {
            non_empty(c.and_then(|c| record.get(c)).map(|s| s.trim().to_string()))
        };
        let Some(file) = get(Some(file_col)) else {
            continue;
        };
        rows.push(ManifestRow {
            file: file.replace('\\', "/"),
            outlet: get(Some(outlet_col)),
            date: get(date_col),
            title: get(title_col),
            url: get(url_col),
            metadata: kept
                .iter()
                .filter_map(|(c, n)| Some((n.clone(), Value::Text(get(Some(*c))?))))
                .collect(),
            line,
        });
    }
    Ok(rows)
}

/// Makes a document from a text file's bytes.
pub(crate) fn text_document(
    source: &str,
    id: String,
    bytes: Vec<u8>,
    outlet: Option<String>,
    row: Option<&ManifestRow>,
) -> Result<Document, CorpusError> {
    let mut body = utf8(bytes).map_err(|m| CorpusError::record(source, m))?;
    if body.starts_with('\u{feff}') {
        body.drain(..3);
    }
    if body.trim().is_empty() {
        return Err(CorpusError::record(source, "empty file: no article text"));
    }
    let Some(outlet) = outlet else {
        return Err(CorpusError::record(
            source,
            "no outlet: its manifest row has an empty `outlet`",
        ));
    };
    Ok(Document {
        id,
        outlet,
        date: row.and_then(|r| r.date.clone()),
        title: row.and_then(|r| r.title.clone()),
        url: row.and_then(|r| r.url.clone()),
        body,
        source: source.to_string(),
        metadata: row.map(|r| r.metadata.clone()).unwrap_or_default(),
    })
}

fn read_file(path: &Path, inputs: &Inputs) -> Result<Vec<u8>, CorpusError> {
    let (mut reader, compressed) = open_stream(path, inputs)?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| stream_error(path, compressed, e))?;
    Ok(bytes)
}

/// A file the directory reader reads: a text article, an HTML page, or a WARC file of pages.
fn is_text_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".txt")
        || lower.ends_with(".txt.gz")
        || super::html::is_html_file(name)
        || super::warc::is_warc_file(name)
}

fn strip_text_ext(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    let cut = [".txt.gz", ".txt", ".html.gz", ".htm.gz", ".html", ".htm"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(0, |ext| ext.len());
    &name[..name.len() - cut]
}

/// The name of the folder holding `path`.
fn folder_name(path: &Path) -> Option<String> {
    let parent = path.parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let named = parent.file_name().map(|n| n.to_string_lossy().into_owned());
    named.or_else(|| {
        std::fs::canonicalize(parent)
            .ok()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    })
}

/// One `.txt` file as a corpus: its outlet is its folder's name.
pub fn read_single(path: &Path, inputs: &Inputs) -> Result<Document, CorpusError> {
    let bytes = read_file(path, inputs)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    text_document(
        &path.display().to_string(),
        strip_text_ext(&name).to_string(),
        bytes,
        folder_name(path),
        None,
    )
}

/// Lists the text files under `dir`. Symbolic links are followed, to files and to folders
/// alike (as `find -L` does); a link back to a folder being listed is a loop and an error, since
/// following it would read the same files again and again.
///
/// A folder reached twice (`latest -> 2024` beside `2024`) is read once, at its first path in
/// listing order: its articles are counted once, not once per link.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CorpusError> {
    let mut within = Vec::new();
    let mut seen = std::collections::HashSet::new();
    walk_in(dir, out, &mut within, &mut seen)
}

fn walk_in(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    within: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<(), CorpusError> {
    let real = std::fs::canonicalize(dir).map_err(|e| CorpusError::io(dir, e))?;
    if within.contains(&real) {
        return Err(CorpusError::file(
            dir.display().to_string(),
            format!(
                "a symbolic link back to {}, which contains it: a loop; remove the link",
                real.display()
            ),
        ));
    }
    if !seen.insert(real.clone()) {
        return Ok(()); // read already, through another path
    }
    within.push(real);
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| CorpusError::io(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| CorpusError::io(dir, e))?;
    // in name order, so that which path of a folder reached twice is read does not depend on
    // the file system's order
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let mut kind = entry.file_type().map_err(|e| CorpusError::io(&path, e))?;
        if kind.is_symlink() {
            kind = match std::fs::metadata(&path) {
                Ok(m) => m.file_type(),
                Err(e) if is_text_file(&name) => {
                    return Err(CorpusError::file(
                        path.display().to_string(),
                        format!("a symbolic link that leads nowhere ({e}); remove it or fix it"),
                    ))
                }
                Err(_) => continue, // not an article either way
            };
        }
        if kind.is_dir() {
            walk_in(&path, out, within, seen)?;
        } else if is_text_file(&name) {
            out.push(path);
        }
    }
    within.pop();
    Ok(())
}

/// Reads a directory corpus, lazily: one file at a time.
pub fn read(
    dir: &Path,
    options: &Options,
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Record> + Send, CorpusError> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let manifest_path = match &options.manifest {
        Some(p) => Some(p.clone()),
        None => ["manifest.csv", "outlets.csv"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file()),
    };
    let manifest = match &manifest_path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| CorpusError::io(p, e))?;
            inputs.push(p.display().to_string(), &bytes);
            let name = p.display().to_string();
            Some((
                parse_manifest(bytes.as_slice(), &name, &options.fields.keep)?,
                name,
            ))
        }
        None => None,
    };
    if files.is_empty() {
        return Err(CorpusError::file(
            dir.display().to_string(),
            "no .txt, .html or .warc files in this directory or its subfolders",
        ));
    }
    let mut index = HashMap::new();
    if let Some((rows, _)) = &manifest {
        for (i, row) in rows.iter().enumerate() {
            index.entry(row.file.clone()).or_insert(i);
        }
    }
    let mut used = vec![false; manifest.as_ref().map_or(0, |(rows, _)| rows.len())];
    let dir = dir.to_path_buf();
    let inputs = inputs.clone();
    let mut files = files.into_iter();
    let mut unused_reported = false;
    // the records of the WARC file being read, if any
    let mut archive: Option<Box<dyn Iterator<Item = Record> + Send>> = None;
    Ok(std::iter::from_fn(move || {
        if let Some(record) = archive.as_mut().and_then(|a| a.next()) {
            return Some(record);
        }
        archive = None;
        for path in files.by_ref() {
            let rel = path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let source = path.display().to_string();
            if super::warc::is_warc_file(&rel) {
                // a WARC file's records say what they are: no manifest row
                match super::warc::read(&path, &inputs) {
                    Ok(records) => {
                        let mut records: Box<dyn Iterator<Item = Record> + Send> =
                            Box::new(records);
                        match records.next() {
                            Some(record) => {
                                archive = Some(records);
                                return Some(record);
                            }
                            None => continue,
                        }
                    }
                    Err(e) => return Some(Record::Decoded(Err(e))),
                }
            }
            let id = strip_text_ext(&rel).to_string();
            let row = match &manifest {
                None => None,
                Some((rows, name)) => match index.get(&rel) {
                    Some(&i) => {
                        used[i] = true;
                        Some(&rows[i])
                    }
                    None => {
                        return Some(Record::Decoded(Err(CorpusError::record(
                            source,
                            format!(
                                "not listed in {name}; add a row for `{rel}` or remove the file"
                            ),
                        ))))
                    }
                },
            };
            let bytes = match read_file(&path, &inputs) {
                Ok(bytes) => bytes,
                Err(e) => return Some(Record::Decoded(Err(e))),
            };
            if super::html::is_html_file(&rel) {
                // extracted later, in parallel ([`Record::decode`])
                return Some(Record::Page(super::html::RawPage {
                    source,
                    id,
                    bytes,
                    row: row.cloned(),
                    folder: folder_name(&path),
                    archived: None,
                }));
            }
            let outlet = match row {
                Some(r) => r.outlet.clone(),
                None => folder_name(&path),
            };
            return Some(Record::Decoded(text_document(
                &source, id, bytes, outlet, row,
            )));
        }
        if !unused_reported {
            unused_reported = true;
            if let Some((rows, name)) = &manifest {
                let missing: Vec<&ManifestRow> = rows
                    .iter()
                    .zip(&used)
                    .filter(|(_, &u)| !u)
                    .map(|(r, _)| r)
                    .collect();
                if let Some(first) = missing.first() {
                    return Some(Record::Decoded(Err(CorpusError::record(
                        format!("{name}:{}", first.line),
                        format!(
                            "lists `{}`, which is not a .txt or .html file in the corpus directory{}",
                            first.file,
                            if missing.len() > 1 {
                                format!(" ({} more such rows)", missing.len() - 1)
                            } else {
                                String::new()
                            }
                        ),
                    ))));
                }
            }
        }
        None
    }))
}
