use std::io::Write;

use super::*;
use crate::corpus::{open, Document, Options, Source};

fn page(site: &str, words: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{site} story</title>\
         <meta property=\"og:site_name\" content=\"{site}\"></head><body>\
         <nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a></nav><article>\
         <p>Talks on a ceasefire in the north went on for a third day on Monday, with both \
         delegations saying that progress had been slow but steady, {words}.</p>\
         <p>A spokesman for the mediators said a statement would follow later in the week, once \
         the last points on the exchange of prisoners had been agreed by both sides.</p>\
         </article><footer>All rights reserved.</footer></body></html>"
    )
}

/// One WARC record: its type, extra headers, and block.
fn record(kind: &str, id: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n")
        .into_bytes();
    for (name, value) in headers {
        out.extend(format!("{name}: {value}\r\n").bytes());
    }
    out.extend(format!("Content-Length: {}\r\n\r\n", block.len()).bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(id: &str, url: &str, http_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
    block.extend_from_slice(body);
    record(
        "response",
        id,
        &[
            ("WARC-Target-URI", url),
            ("WARC-Date", "2016-10-11T08:30:00Z"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &block,
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A crawl: a warcinfo record, a request, two pages, an image, a redirect, a page as a
/// resource record.
fn crawl() -> Vec<Vec<u8>> {
    let gzipped = gzip(page("The Gzip Post", "the gzipped one").as_bytes());
    let mut chunked_gzip = format!("{:x}\r\n", gzipped.len()).into_bytes();
    chunked_gzip.extend_from_slice(&gzipped);
    chunked_gzip.extend_from_slice(b"\r\n0\r\n\r\n");
    vec![
        record(
            "warcinfo",
            "0",
            &[("Content-Type", "application/warc-fields")],
            b"software: test\r\n",
        ),
        record(
            "request",
            "1",
            &[("WARC-Target-URI", "https://a.example.com/1")],
            b"GET /1 HTTP/1.1\r\n\r\n",
        ),
        response(
            "2",
            "https://a.example.com/1",
            "Content-Type: text/html; charset=utf-8\r\n",
            page("The Daily Example", "the plain one").as_bytes(),
        ),
        response(
            "3",
            "https://b.example.com/2",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked_gzip,
        ),
        response(
            "4",
            "https://a.example.com/logo.png",
            "Content-Type: image/png\r\n",
            b"\x89PNG....",
        ),
        record(
            "response",
            "5",
            &[
                ("WARC-Target-URI", "http://a.example.com/old"),
                ("Content-Type", "application/http"),
            ],
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /1\r\n\r\n",
        ),
        record(
            "resource",
            "6",
            &[
                ("WARC-Target-URI", "file:///saved/page.html"),
                ("WARC-Date", "2017-01-02T00:00:00Z"),
                ("Content-Type", "text/html"),
            ],
            page("The Saved Page", "the resource one").as_bytes(),
        ),
    ]
}

type ReadOut = (Vec<Result<Document, CorpusError>>, Vec<(String, u64)>);

fn read_all(path: &Path) -> ReadOut {
    let mut corpus = open(&Source::Path(path.to_path_buf()), &Options::default()).unwrap();
    assert_eq!(corpus.kind, "warc");
    let docs: Vec<_> = corpus.by_ref().collect();
    (docs, corpus.passed_over())
}

#[test]
fn pages_of_a_crawl_plain_and_gzipped_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl();
    let plain = dir.path().join("crawl.warc");
    std::fs::write(&plain, records.concat()).unwrap();
    let gz = dir.path().join("crawl.warc.gz");
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    std::fs::write(&gz, members.concat()).unwrap();
    let starts = |parts: &[Vec<u8>]| {
        parts
            .iter()
            .scan(0, |at, p| {
                let start = *at;
                *at += p.len();
                Some(start)
            })
            .collect::<Vec<_>>()
    };
    for (path, offsets) in [(&plain, starts(&records)), (&gz, starts(&members))] {
        let (docs, passed) = read_all(path);
        let docs: Vec<Document> = docs.into_iter().map(|d| d.unwrap()).collect();
        let got: Vec<(&str, &str, Option<&str>, Option<&str>)> = docs
            .iter()
            .map(|d| {
                (
                    d.id.as_str(),
                    d.outlet.as_str(),
                    d.date.as_deref(),
                    d.url.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "urn:uuid:2",
                    "The Daily Example",
                    Some("2016-10-11T08:30:00Z"),
                    Some("https://a.example.com/1")
                ),
                (
                    "urn:uuid:3",
                    "The Gzip Post",
                    Some("2016-10-11T08:30:00Z"),
                    Some("https://b.example.com/2")
                ),
                (
                    "urn:uuid:6",
                    "The Saved Page",
                    Some("2017-01-02T00:00:00Z"),
                    Some("file:///saved/page.html")
                ),
            ],
            "{}",
            path.display()
        );
        assert!(docs[1].body.contains("the gzipped one"), "{}", docs[1].body);
        assert!(!docs[0].body.contains("Home"), "{}", docs[0].body);
        // sources point at the records: in the file, or at their gzip members
        let name = path.display().to_string();
        for (doc, record) in docs.iter().zip([2, 3, 6]) {
            assert_eq!(doc.source, format!("{name}@{}", offsets[record]));
        }
        assert_eq!(
            passed,
            [
                ("warcinfo records".to_string(), 1),
                ("request records".to_string(), 1),
                ("responses that are not HTML pages".to_string(), 1),
                (
                    "responses with an HTTP status other than 2xx".to_string(),
                    1
                ),
            ]
        );
    }
}

#[test]
fn one_gzip_member_for_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.warc.gz");
    std::fs::write(&path, gzip(&crawl().concat())).unwrap();
    let (docs, _) = read_all(&path);
    let docs: Vec<Document> = docs.into_iter().map(|d| d.unwrap()).collect();
    assert_eq!(docs.len(), 3);
    let plain_offset = crawl()[..2].iter().map(Vec::len).sum::<usize>();
    assert_eq!(
        docs[0].source,
        format!("{}@{plain_offset} (decompressed)", path.display())
    );
}

#[test]
fn a_wrong_content_length_loses_its_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut records = crawl();
    let good = records[2].clone();
    // the first page says it is 40 bytes shorter than it is
    let text = String::from_utf8(records[2].clone()).unwrap();
    let length: usize = text
        .split("Content-Length: ")
        .nth(1)
        .unwrap()
        .split('\r')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    records[2] = text
        .replacen(
            &format!("Content-Length: {length}"),
            &format!("Content-Length: {}", length - 40),
            1,
        )
        .into_bytes();
    records.push(good);
    let path = dir.path().join("bad.warc");
    std::fs::write(&path, records.concat()).unwrap();
    let (docs, _) = read_all(&path);
    let offset = records[..2].iter().map(Vec::len).sum::<usize>();
    let errors: Vec<String> = docs
        .iter()
        .filter_map(|d| d.as_ref().err())
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{}@{offset} (record 3): ", path.display()))
            && errors[0].contains("Content-Length"),
        "{}",
        errors[0]
    );
    assert!(docs
        .iter()
        .filter_map(|d| d.as_ref().err())
        .all(|e| e.is_record()));
    let ids: Vec<&str> = docs
        .iter()
        .filter_map(|d| d.as_ref().ok())
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["urn:uuid:3", "urn:uuid:6", "urn:uuid:2"]);
}

#[test]
fn a_truncated_file_and_a_damaged_member_stop_the_run_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl();
    let whole = records.concat();
    let offset = records[..2].iter().map(Vec::len).sum::<usize>();
    let path = dir.path().join("cut.warc");
    std::fs::write(&path, &whole[..offset + 300]).unwrap();
    let (docs, _) = read_all(&path);
    let last = docs.last().unwrap().as_ref().unwrap_err();
    assert!(!last.is_record());
    let message = last.to_string();
    assert!(
        message.contains("ends inside record 3 at byte") && message.contains("truncated"),
        "{message}"
    );
    // the third gzip member damaged in its deflate data
    let mut members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    let at = members[..2].iter().map(Vec::len).sum::<usize>();
    for b in &mut members[2][12..40] {
        *b = 0xff;
    }
    let path = dir.path().join("damaged.warc.gz");
    std::fs::write(&path, members.concat()).unwrap();
    let (docs, _) = read_all(&path);
    let last = docs.last().unwrap().as_ref().unwrap_err();
    assert!(!last.is_record());
    let message = last.to_string();
    assert!(
        message.contains(&format!("at byte {at}")) && message.contains("cannot decompress"),
        "{message}"
    );
}

#[test]
fn not_a_warc_record_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.warc");
    let mut bytes = b"<html>not a warc</html>\n".to_vec();
    bytes.extend(crawl()[2].clone());
    std::fs::write(&path, bytes).unwrap();
    let (docs, _) = read_all(&path);
    let error = docs[0].as_ref().unwrap_err().to_string();
    assert!(
        error.contains("@0 (record 1)") && error.contains("WARC/1.0"),
        "{error}"
    );
    assert_eq!(docs[1].as_ref().unwrap().id, "urn:uuid:2");
}

#[test]
fn chunks_and_charsets() {
    assert_eq!(
        dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").as_deref(),
        Some(&b"abcde"[..])
    );
    assert_eq!(dechunk(b"<html>"), None);
    assert_eq!(dechunk(b"9\r\nabc"), None);
    assert_eq!(
        charset_of("text/html; charset=\"ISO-8859-1\""),
        Some("ISO-8859-1".into())
    );
    assert_eq!(charset_of("text/html"), None);
    assert!(is_html_type("application/xhtml+xml; charset=utf-8"));
    assert!(!is_html_type("text/plain"));
    assert!(looks_like_html(b"\n  <!DOCTYPE html><html>"));
    assert!(!looks_like_html(b"{\"json\": 1}"));
}
