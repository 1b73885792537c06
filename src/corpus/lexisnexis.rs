//! LexisNexis plain-text exports (LexisNexis Academic's "Text" delivery): many articles in
//! one `.txt` file, each opening with an `N of M DOCUMENTS` line.
//!
//! An article, as the export lays it out (header lines centred with spaces):
//!
//! ```text
//!                               3 of 120 DOCUMENTS
//!                    Copyright 2016 The Example Times Company      (here or at the end)
//!                              The Example Times                   → outlet
//!                           October 11, 2016 Tuesday               → date (2016-10-11)
//!                              Late Edition - Final                → edition
//! Aid convoy reaches eastern Aleppo                                → title
//! BYLINE: By ANNA BERG                                             → byline
//! SECTION: Section A; Foreign Desk; Pg. 4                          → section
//! LENGTH: 912 words                                                → length_words (912)
//! DATELINE: BEIRUT, Lebanon                                        → dateline
//! The body, paragraph by paragraph …                               → the text
//! URL: https://…                                                   → url
//! LOAD-DATE: October 12, 2016                                      → load_date
//! LANGUAGE: ENGLISH                                                → language
//! PUBLICATION-TYPE: Newspaper                                      → publication_type
//! Copyright 2016 The Example Times Company                         → copyright
//! ```
//!
//! Paragraphs are separated by blank lines. The header is the paragraphs before the title: its
//! copyright lines are set aside, its first other line is the source (the outlet), the line
//! that reads as a date is the date, and the date's paragraph's other lines are the edition.
//! The title is the first paragraph after the header. Field paragraphs (`NAME: value`, NAME one
//! of [`FIELDS`], the value running on to the paragraph's end) go into metadata, never into the
//! text; the body is the paragraphs from the first that is not a field to the first field after
//! it; copyright lines at the end go into `copyright`. Only the listed names are fields, so a
//! body paragraph opening `BEIRUT: …` stays text. A file is read as an export when its first
//! line that is not blank is an `N of M DOCUMENTS` line; one article is in memory at a time.
//! Nexis Uni's DOCX export is not read (no faithful sample of it could be built here).

use std::io::BufRead;
use std::path::Path;

use chrono::NaiveDate;

use super::{open_stream, stream_error, CorpusError, Document, Fields, Inputs, Value};

/// The field names of the export, as `NAME:` opens a paragraph.
pub const FIELDS: &[&str] = &[
    "BYLINE",
    "SECTION",
    "LENGTH",
    "DATELINE",
    "HIGHLIGHT",
    "SOURCE",
    "SERIES",
    "COLUMN",
    "ABSTRACT",
    "EDITION",
    "URL",
    "LOAD-DATE",
    "LANGUAGE",
    "GRAPHIC",
    "PUBLICATION-TYPE",
    "DOCUMENT-TYPE",
    "JOURNAL-CODE",
    "SUBJECT",
    "ORGANIZATION",
    "COMPANY",
    "PERSON",
    "GEOGRAPHIC",
    "CITY",
    "STATE",
    "COUNTRY",
    "INDUSTRY",
    "TICKER",
    "CORRECTION",
    "CORRECTION-DATE",
    "NOTES",
    "DISTRIBUTION",
    "ACC-NO",
];

/// `3 of 120 DOCUMENTS`: the number of the article.
fn separator(line: &str) -> Option<u64> {
    let mut words = line.split_whitespace();
    let n = words.next()?.parse().ok()?;
    let of = words.next()?;
    let _total: u64 = words.next()?.parse().ok()?;
    let documents = words.next()?;
    (of.eq_ignore_ascii_case("of")
        && (documents.eq_ignore_ascii_case("documents")
            || documents.eq_ignore_ascii_case("document"))
        && words.next().is_none())
    .then_some(n)
}

/// Whether the start of a text file is a LexisNexis export.
pub fn is_export(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    head.trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| separator(l).is_some())
}

/// Reads the articles of an export, one at a time.
pub fn read(
    path: &Path,
    fields: &Fields,
    inputs: &Inputs,
) -> Result<impl Iterator<Item = Result<Document, CorpusError>> + Send, CorpusError> {
    let (mut reader, compressed) = open_stream(path, inputs)?;
    let name = path.display().to_string();
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem
        .split('.')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("export")
        .to_string();
    let fields = fields.clone();
    let path = path.to_path_buf();
    let mut number = 0u64;
    // the article being read: its separator's line and number, and its lines
    let mut current: Option<(u64, u64, Vec<String>)> = None;
    let mut done = false;
    Ok(std::iter::from_fn(move || {
        let mut bytes = Vec::new();
        while !done {
            bytes.clear();
            let read = reader.read_until(b'\n', &mut bytes);
            number += 1;
            let line = match read {
                Err(e) => {
                    done = true;
                    return Some(Err(stream_error(&path, compressed, e)));
                }
                Ok(0) => {
                    done = true;
                    let (at, n, lines) = current.take()?;
                    return Some(article(&name, &stem, at, n, &lines, &fields));
                }
                Ok(_) => match std::str::from_utf8(&bytes) {
                    Ok(text) => text.trim_end_matches(['\n', '\r']).to_string(),
                    Err(_) => {
                        done = true;
                        return Some(Err(CorpusError::file(
                            format!("{name}:{number}"),
                            "not valid UTF-8; convert the export to UTF-8, e.g. \
                             `iconv -f windows-1252 -t utf-8`",
                        )));
                    }
                },
            };
            let line = if number == 1 {
                line.trim_start_matches('\u{feff}').to_string()
            } else {
                line
            };
            if let Some(n) = separator(&line) {
                let finished = current.replace((number, n, Vec::new()));
                if let Some((at, n, lines)) = finished {
                    return Some(article(&name, &stem, at, n, &lines, &fields));
                }
            } else if let Some((_, _, lines)) = &mut current {
                lines.push(line);
            } else if !line.trim().is_empty() {
                done = true;
                return Some(Err(CorpusError::file(
                    format!("{name}:{number}"),
                    "text before the first `N of M DOCUMENTS` line",
                )));
            }
        }
        None
    }))
}

fn is_copyright(line: &str) -> bool {
    let line = line.trim();
    let lower = line.to_ascii_lowercase();
    lower.starts_with("copyright") || line.starts_with('©') || lower.contains("all rights reserved")
}

/// A copyright line that ends an article with no closing fields: short, opening with the
/// notice (a body sentence that mentions rights stays text).
fn closing_copyright(line: &str) -> bool {
    let line = line.trim();
    line.len() < 200
        && (line.to_ascii_lowercase().starts_with("copyright") || line.starts_with('©'))
}

/// A field paragraph's name and value.
fn field(paragraph: &[&str]) -> Option<(&'static str, String)> {
    let first = paragraph.first()?.trim_start();
    let (name, value) = first.split_once(':')?;
    let name = FIELDS.iter().find(|f| **f == name.trim_end())?;
    let mut text = value.trim().to_string();
    for more in &paragraph[1..] {
        if !more.trim().is_empty() {
            text.push(' ');
            text.push_str(more.trim());
        }
    }
    Some((name, text))
}

/// `October 11, 2016 Tuesday`, `Oct. 11, 2016`, `11 October 2016`: the day, ISO 8601.
pub fn parse_day(line: &str) -> Option<String> {
    let words: Vec<String> = line
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_end_matches([',', '.']).to_string())
        .collect();
    if words.len() < 3 {
        return None;
    }
    let joined = words.join(" ");
    ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&joined, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// One article from its lines (those after its separator line, `at`).
fn article(
    name: &str,
    stem: &str,
    at: u64,
    n: u64,
    lines: &[String],
    fields: &Fields,
) -> Result<Document, CorpusError> {
    let source = format!("{name}:{at}");
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut open = false;
    for line in lines {
        if line.trim().is_empty() {
            open = false;
        } else if open {
            if let Some(p) = paragraphs.last_mut() {
                p.push(line);
            }
        } else {
            paragraphs.push(vec![line]);
            open = true;
        }
    }
    let mut metadata: Vec<(String, Value)> = Vec::new();
    let mut keep = |key: &str, value: Value| {
        if fields.keep.wants(key) && !metadata.iter().any(|(k, _)| k == key) {
            metadata.push((key.to_string(), value));
        }
    };
    let mut copyright: Vec<String> = Vec::new();
    // the header: paragraphs of copyright lines, the source, the date and edition
    let mut outlet: Option<String> = None;
    let mut date = None;
    let mut edition: Vec<String> = Vec::new();
    let mut rest = paragraphs.as_slice();
    while let Some((p, after)) = rest.split_first() {
        let opens_header = |l: &str| is_copyright(l) || parse_day(l.trim()).is_some();
        let header = match (&outlet, &date) {
            (None, _) => field(p).is_none(),
            // after the source, only a paragraph that opens with the date or a copyright line
            (Some(_), None) => opens_header(p[0]),
            (Some(_), Some(_)) => false,
        };
        if !header {
            break;
        }
        for line in p.iter().map(|l| l.trim()) {
            if is_copyright(line) {
                copyright.push(line.to_string());
            } else if outlet.is_none() {
                outlet = Some(line.to_string());
            } else if date.is_none() && parse_day(line).is_some() {
                date = parse_day(line);
            } else {
                edition.push(line.to_string());
            }
        }
        rest = after;
    }
    let Some(outlet) = outlet else {
        return Err(CorpusError::record(
            source,
            "no source line (the publication's name) after `N of M DOCUMENTS`",
        ));
    };
    // the title, then fields, the body, fields and copyright lines
    let mut title = None;
    if let Some((p, after)) = rest.split_first() {
        if field(p).is_none() {
            title = Some(p.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "));
            rest = after;
        }
    }
    let mut url = None;
    let mut body: Vec<String> = Vec::new();
    let mut in_body = false;
    let mut after_body = false;
    for p in rest {
        if let Some((name, value)) = field(p) {
            if in_body {
                after_body = true;
            }
            let key = name.to_ascii_lowercase().replace('-', "_");
            match name {
                "URL" => url = Some(value),
                "LENGTH" => {
                    let words = value.split_whitespace().next().map(|w| w.replace(',', ""));
                    match words.and_then(|w| w.parse::<i64>().ok()) {
                        Some(words) => keep("length_words", Value::Int(words)),
                        None => keep("length", Value::Text(value)),
                    }
                }
                _ => keep(&key, Value::Text(value)),
            }
        } else if after_body || p.iter().all(|l| closing_copyright(l)) {
            if p.iter().all(|l| is_copyright(l)) {
                copyright.extend(p.iter().map(|l| l.trim().to_string()));
            } else {
                // a paragraph among the closing fields: the document's notes
                keep(
                    "notes",
                    Value::Text(p.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")),
                );
            }
        } else {
            in_body = true;
            body.push(p.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n"));
        }
    }
    if !edition.is_empty() {
        keep("edition", Value::Text(edition.join("; ")));
    }
    if !copyright.is_empty() {
        keep("copyright", Value::Text(copyright.join(" ")));
    }
    keep("document", Value::Int(n as i64));
    if body.is_empty() {
        return Err(CorpusError::record(
            source,
            "no body text: the article has a header and fields only",
        ));
    }
    Ok(Document {
        id: format!("{stem}:{n}"),
        outlet,
        date,
        title,
        url,
        body: body.join("\n\n"),
        source,
        metadata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_days() {
        assert_eq!(separator("                 3 of 120 DOCUMENTS"), Some(3));
        assert_eq!(separator("1 of 1 DOCUMENT"), Some(1));
        assert_eq!(separator("3 of 120 documents here"), None);
        assert_eq!(separator("Page 3 of 120"), None);
        assert_eq!(
            parse_day("October 11, 2016 Tuesday").as_deref(),
            Some("2016-10-11")
        );
        assert_eq!(parse_day("Oct. 11, 2016").as_deref(), Some("2016-10-11"));
        assert_eq!(
            parse_day("11 October 2016 Tuesday 5:00 PM GMT").as_deref(),
            Some("2016-10-11")
        );
        assert_eq!(parse_day("Late Edition - Final"), None);
        assert!(is_export(b"\xef\xbb\xbf\r\n\r\n      1 of 2 DOCUMENTS\r\n"));
        assert!(!is_export(b"An article that says 1 of 2 DOCUMENTS.\n"));
    }
}
