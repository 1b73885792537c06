//! Boilerplate inside a paragraph, for texts whose page structure was lost before slant saw
//! them (FA-KES stores each article as one paragraph): a wire service's sign-off and standards
//! notice at the end (`Reporting by Oliver Holmes; Editing by John Stonestreet Our
//! Standards:The Thomson Reuters Trust Principles.`) and a page header at the start
//! (`21.08.2013Get short URL 0 0 0`, Sputnik's date, share link and counters, the date with
//! `(updated 1935 05.10.2017)` too).
//!
//! A sign-off is a credit (`Reporting by`, `Additional reporting by`, `Writing by`, `Editing
//! by`, `Compiled by`, `Produced by`, capitalized, after a space) whose words run to the end of
//! the text without a full stop, or Reuters' standards notice at the very end: an article
//! whose last sentence is about someone's reporting ends in a full stop, and stays.

use std::sync::LazyLock;

use regex::Regex;

static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)(\(?(?:Additional reporting|Reporting|Writing|Editing|Compiled|Produced) by\s[^.]{1,300}?(?:\s*Our Standards:\s*The Thomson Reuters Trust Principles\.?)?|Our Standards:\s*The Thomson Reuters Trust Principles\.?)\s*$",
    )
    .expect("a valid pattern")
});

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\d{1,2}\.\d{1,2}\.\d{4}\s*(?:\(updated \d{3,4} \d{1,2}\.\d{1,2}\.\d{4}\)\s*)?)?Get short URL(?:\s+\d+\b)*",
    )
        .expect("a valid pattern")
});

/// Where a sign-off running to the end of `paragraph` begins (a byte offset into it).
pub(super) fn sign_off(paragraph: &str) -> Option<usize> {
    SIGN_OFF
        .captures(paragraph)
        .and_then(|c| c.get(1))
        .map(|m| m.start())
}

/// Where a page header at the start of `paragraph` ends (a byte offset into it).
pub(super) fn header(paragraph: &str) -> Option<usize> {
    HEADER.find(paragraph).map(|m| m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_offs_and_standards_notices() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Rebels shelled the town. Reporting by Oliver Holmes; Editing by John Stonestreet Our Standards:The Thomson Reuters Trust Principles.",
                Some("Reporting by Oliver Holmes; Editing by John Stonestreet Our Standards:The Thomson Reuters Trust Principles."),
            ),
            (
                "He said so. Additional reporting by Tom Miles; editing by Mark Heinrich",
                Some("Additional reporting by Tom Miles; editing by Mark Heinrich"),
            ),
            (
                "He said so. (Reporting by Tom Miles; Editing by Mark Heinrich)\n",
                Some("(Reporting by Tom Miles; Editing by Mark Heinrich)\n"),
            ),
            (
                "He said so. Our Standards:The Thomson Reuters Trust Principles.",
                Some("Our Standards:The Thomson Reuters Trust Principles."),
            ),
            // a sentence about reporting ends in a full stop
            ("The claims rest on reporting by the BBC. Reporting by the BBC showed it.", None),
            // not capitalized, not at the end
            ("Writing by hand is slow, the minister said. He left.", None),
            ("Reporting by Reuters was cited. Then the talks began", None),
        ];
        for (text, expected) in cases {
            assert_eq!(sign_off(text).map(|at| &text[at..]), *expected, "{text}");
        }
    }

    #[test]
    fn page_headers() {
        let text = "21.08.2013Get short URL 0 0 0 Syrian regime forces fired";
        assert_eq!(
            &text[..header(text).unwrap()],
            "21.08.2013Get short URL 0 0 0"
        );
        assert_eq!(header("Get short URL Topic"), Some(13));
        let updated = "05.10.2017(updated 1935 05.10.2017) Get short URL 101 A mortar attack";
        assert_eq!(
            &updated[..header(updated).unwrap()],
            "05.10.2017(updated 1935 05.10.2017) Get short URL 101"
        );
        assert_eq!(header("Syrian forces fired. Get short URL"), None);
    }
}
