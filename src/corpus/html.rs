//! An HTML page as an article: its body text found by rs-trafilatura (a port of trafilatura),
//! paragraph breaks kept, and its title, date, canonical URL and site name read from the page.
//!
//! A manifest row (directory corpora) overrides what the page says. Without one the outlet
//! is the page's `og:site_name`, else the host of its URL, else the folder the file is in.
//! Measured against the hand-checked bodies of ../shared/corpus/web: docs/INPUTS.md.

use super::dir::ManifestRow;
use super::{CorpusError, Document};

/// Whether a file name is an HTML page (`.html`, `.htm`, either gzipped).
pub fn is_html_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".html", ".htm", ".html.gz", ".htm.gz"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The page's body text and what the page says of itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    /// RFC 3339, UTC (`2016-10-11T00:00:00Z` when the page gives only a day).
    pub date: Option<String>,
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub host: Option<String>,
}

/// Extracts the article of an HTML page (any charset the page or its bytes declare).
pub fn extract(bytes: &[u8]) -> Result<Page, String> {
    extract_in(bytes, None)
}

/// Extracts the article of an HTML page whose charset the HTTP `Content-Type` header may
/// name: a byte-order mark wins, then the header, then the page's own meta tag, then UTF-8
/// (the WHATWG order).
pub fn extract_in(bytes: &[u8], charset: Option<&str>) -> Result<Page, String> {
    let declared = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    // a page that makes the extractor panic is one bad record, not the end of the run
    let result = std::panic::catch_unwind(|| match declared {
        // `decode` sniffs a byte-order mark first
        Some(encoding) => rs_trafilatura::extract(&encoding.decode(bytes).0),
        None => rs_trafilatura::extract_bytes(bytes),
    })
    .map_err(|_| "the HTML extractor failed on this page (please report it)".to_string())?
    .map_err(|e| format!("cannot read the page's HTML: {e}"))?;
    let m = result.metadata;
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Page {
        text: tidy(&result.content_text),
        title: clean(m.title),
        date: m.date.map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        url: clean(m.url),
        site_name: clean(m.sitename),
        host: clean(m.hostname),
    })
}

/// Paragraphs one blank line apart, lines trimmed, no run of blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

/// An HTML file as read, with what the directory knows of it; [`RawPage::decode`] extracts
/// its article (on a worker thread when read in batches).
#[derive(Debug)]
pub struct RawPage {
    pub source: String,
    pub id: String,
    pub bytes: Vec<u8>,
    /// Its manifest row, if the directory has a manifest.
    pub row: Option<ManifestRow>,
    /// The folder it is in: the outlet when neither the manifest nor the page gives one.
    pub folder: Option<String>,
    /// What a web archive's record says of the page.
    pub archived: Option<Archived>,
}

/// What a WARC record says of the page it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Archived {
    /// `WARC-Target-URI`: the document's url, and its host the outlet of last resort.
    pub url: Option<String>,
    /// `WARC-Date`: the document's date when the page gives none.
    pub date: Option<String>,
    /// The charset of the HTTP `Content-Type` header.
    pub charset: Option<String>,
}

impl RawPage {
    pub fn decode(self) -> Result<Document, CorpusError> {
        html_document(
            &self.source,
            self.id,
            &self.bytes,
            self.row.as_ref(),
            self.folder,
            self.archived.as_ref(),
        )
    }

    /// Bytes of HTML.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Makes a document from an HTML file's bytes: `row` (its manifest row) wins over the page,
/// the page over its archive record (except for the url, the address it was fetched from);
/// `folder` is the last resort for the outlet.
pub(crate) fn html_document(
    source: &str,
    id: String,
    bytes: &[u8],
    row: Option<&ManifestRow>,
    folder: Option<String>,
    archived: Option<&Archived>,
) -> Result<Document, CorpusError> {
    let charset = archived.and_then(|a| a.charset.as_deref());
    let page = extract_in(bytes, charset).map_err(|m| CorpusError::record(source, m))?;
    if page.text.trim().is_empty() {
        return Err(CorpusError::record(
            source,
            "no article text found in the page (an index page, or text drawn by scripts?)",
        ));
    }
    let target = archived.and_then(|a| a.url.clone());
    let outlet = match row {
        Some(r) => r.outlet.clone(),
        None => page
            .site_name
            .or(page.host)
            .or_else(|| target.as_deref().and_then(host).map(str::to_string))
            .or(folder),
    };
    // as a text file would be, then what the page says where the manifest says nothing
    let mut doc = super::dir::text_document(source, id, page.text.into_bytes(), outlet, row)?;
    doc.date = doc
        .date
        .or(page.date)
        .or_else(|| archived.and_then(|a| a.date.clone()));
    doc.title = doc.title.or(page.title);
    doc.url = doc.url.or(target).or(page.url);
    Ok(doc)
}

/// A record whose text field held a page's HTML (`--html-field`): the article extracted, and
/// the page's title, date and url where the record gives none; the outlet from the page (site
/// name, else its URL's host) when the record has no outlet field.
pub(crate) fn field_document(mut doc: Document) -> Result<Document, CorpusError> {
    let page = extract(doc.body.as_bytes()).map_err(|m| CorpusError::record(&doc.source, m))?;
    if page.text.trim().is_empty() {
        return Err(CorpusError::record(
            &doc.source,
            "no article text found in the page of its HTML field (an index page, or text \
             drawn by scripts?)",
        ));
    }
    if doc.outlet.is_empty() {
        let url_host = doc.url.as_deref().and_then(host).map(str::to_string);
        match page.site_name.or(page.host).or(url_host) {
            Some(outlet) => doc.outlet = outlet,
            None => {
                return Err(CorpusError::record(
                    &doc.source,
                    "no outlet: the record has no outlet field and the page names no site \
                     (no og:site_name, no URL)",
                ))
            }
        }
    }
    doc.body = page.text;
    doc.title = doc.title.or(page.title);
    doc.date = doc.date.or(page.date);
    doc.url = doc.url.or(page.url);
    Ok(doc)
}

/// The host of an absolute URL (`https://www.example.com:8080/a` → `www.example.com`).
fn host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = authority.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Aleppo strikes | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Aleppo strikes resume">
<link rel="canonical" href="https://daily.example.com/world/aleppo-strikes">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Aleppo strikes resume","datePublished":"2016-10-11T08:30:00Z"}</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Aleppo strikes resume</h1>
<p>Air strikes resumed on eastern Aleppo on Tuesday, residents said, after a pause of several days in which aid convoys had been expected to reach the besieged districts.</p>
<p>The Syrian government said its forces were targeting terrorists, while the opposition said that hospitals and markets had been hit in the rebel-held neighbourhoods of the city.</p>
<p>"We have nowhere left to go," said one resident, who asked not to be named for fear of reprisals against his family still living in the city.</p>
</article>
<aside>Most read: <a href="/a">Ten recipes for autumn</a></aside>
<footer>© 2016 The Daily Example. All rights reserved. Follow us on Twitter.</footer>
</body></html>"#;

    #[test]
    fn a_news_page_gives_its_article_and_what_it_says_of_itself() {
        let page = extract(PAGE.as_bytes()).unwrap();
        assert!(
            page.text.starts_with("Air strikes resumed")
                || page.text.contains("\n\nAir strikes resumed")
                || page.text.contains("Air strikes resumed"),
            "{}",
            page.text
        );
        assert!(page.text.contains("hospitals and markets"), "{}", page.text);
        assert!(
            page.text.contains("\n\n"),
            "paragraphs stay apart: {:?}",
            page.text
        );
        for furniture in ["Home", "Ten recipes", "All rights reserved"] {
            assert!(
                !page.text.contains(furniture),
                "{furniture} in {}",
                page.text
            );
        }
        assert_eq!(page.site_name.as_deref(), Some("The Daily Example"));
        assert_eq!(page.date.as_deref(), Some("2016-10-11T08:30:00Z"));
        assert_eq!(
            page.url.as_deref(),
            Some("https://daily.example.com/world/aleppo-strikes")
        );
        let doc = html_document(
            "p.html",
            "p".into(),
            PAGE.as_bytes(),
            None,
            Some("dir".into()),
            None,
        )
        .unwrap();
        assert_eq!(doc.outlet, "The Daily Example");
        assert_eq!(doc.date.as_deref(), Some("2016-10-11T08:30:00Z"));
    }

    #[test]
    fn a_page_without_an_article_is_a_clear_error() {
        let empty = html_document(
            "e.html",
            "e".into(),
            b"<html><body><nav>Home</nav></body></html>",
            None,
            None,
            None,
        )
        .unwrap_err();
        assert!(empty.to_string().contains("e.html"), "{empty}");
        assert!(empty.to_string().contains("no article text"), "{empty}");
    }

    #[test]
    fn the_archive_record_fills_in_what_the_page_does_not_say() {
        let page = "<html><head><title>Ceasefire talks</title></head><body><article>\
            <p>Talks on a ceasefire in the north of the country went on for a third day on \
            Monday, with both delegations saying that progress had been slow but steady.</p>\
            <p>A spokesman for the mediators said a statement would follow later in the week, \
            once the last points on the exchange of prisoners had been agreed.</p>\
            </article></body></html>";
        let archived = Archived {
            url: Some("https://news.example.org:443/world/talks?x=1".into()),
            date: Some("2016-10-11T08:30:00Z".into()),
            charset: None,
        };
        let doc = html_document(
            "a.warc@0",
            "r1".into(),
            page.as_bytes(),
            None,
            None,
            Some(&archived),
        )
        .unwrap();
        assert_eq!(doc.outlet, "news.example.org");
        assert_eq!(doc.date.as_deref(), Some("2016-10-11T08:30:00Z"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://news.example.org:443/world/talks?x=1")
        );
        // the header's charset decodes bytes the page does not declare
        let latin = [page
            .replace("Monday", "Montag, caf\u{e9}")
            .as_bytes()
            .to_vec()]
        .concat();
        let latin: Vec<u8> = String::from_utf8(latin)
            .unwrap()
            .chars()
            .map(|c| c as u32 as u8)
            .collect();
        let charset = Archived {
            charset: Some("ISO-8859-1".into()),
            ..archived
        };
        let doc =
            html_document("a.warc@0", "r1".into(), &latin, None, None, Some(&charset)).unwrap();
        assert!(doc.body.contains("Montag, café"), "{}", doc.body);
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host("https://www.example.com:8080/a"),
            Some("www.example.com")
        );
        assert_eq!(host("http://user@example.org?q"), Some("example.org"));
        assert_eq!(host("example.org/a"), None);
    }

    #[test]
    fn paragraphs_are_tidied() {
        assert_eq!(tidy("  a \n b\n\n\n\n c \n"), "a\nb\n\nc");
        assert_eq!(tidy("\n\n"), "");
    }

    #[test]
    fn html_file_names() {
        for yes in ["a.html", "B.HTM", "c.html.gz", "d.htm.gz"] {
            assert!(is_html_file(yes), "{yes}");
        }
        for no in ["a.txt", "a.html.bak", "html"] {
            assert!(!is_html_file(no), "{no}");
        }
    }
}
