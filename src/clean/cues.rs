//! The classifier's word lists (link labels, ad slots, calls to action, months, weekdays, date
//! labels) and the paragraph features read with them (date lines, crumbs, web addresses, calls
//! to action, widgets).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::Para;
use crate::token::Token;

/// Labels that open a related-story link.
pub(super) const LINK_LABELS: &[&str] = &[
    "related:",
    "see also:",
    "read more:",
    "read also:",
    "read:",
    "more:",
    "also read:",
    "story:",
    "watch:",
    "video:",
    "photos:",
    "listen:",
    "opinion:",
];

/// Ad slots and page widgets: boilerplate wherever they stand, but they do not open a closing
/// block (a story often goes on after an ad slot).
pub(super) const AD_SLOTS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "story continued below",
    "continue reading below",
    "article continues below",
    "sponsored",
];

/// Calls to action that no story sentence uses: enough on their own in a short paragraph.
pub(super) const STRONG_CUES: &[&str] = &[
    "share this",
    "share on facebook",
    "share on twitter",
    "subscribe",
    "newsletter",
    "your inbox",
    "be the first to comment",
    "write your comment",
    "leave a comment",
    "post a comment",
    "add a comment",
    "comment data",
    "comments are closed",
    "view comments",
    "show comments",
    "join the conversation",
    "join the discussion",
    "donate",
    "remind me later",
    "read more",
    "read also",
    "read next",
    "related articles",
    "related stories",
    "related coverage",
    "promoted links",
    "promoted content",
    "sponsored content",
    "editors choice",
    "editor's choice",
    "editors' choice",
    "most read",
    "most popular",
    "click here",
    "follow us",
    "like us on facebook",
    "download our app",
    "download the app",
    "all rights reserved",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie policy",
    "advertisement",
    "alternate address",
    "can also be accessed",
    "akismet",
    "sign up for",
    "sign up to",
    "support independent journalism",
    "support us",
];

/// Cues that stories also use: a call to action only in a very short paragraph, or where the
/// page addresses its reader.
pub(super) const WEAK_CUES: &[&str] = &[
    "dear reader",
    "a message from",
    "your support",
    "support",
    "contribution",
    "also in ",
    "more from",
    "more on this",
    "recommended",
    "trending",
    "sponsored",
    "comments",
    "share",
    "watch:",
    "listen:",
    "photos:",
    "video:",
    "©",
];

pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];
pub(super) const DATE_LABELS: &[&str] = &[
    "posted",
    "on",
    "published",
    "updated",
    "last",
    "at",
    "am",
    "pm",
    "gmt",
    "utc",
    "est",
    "edt",
    "bst",
    "cet",
    "cest",
    "msk",
    "date",
];

/// Whether a word can be part of a page's date line.
pub(super) fn date_word(norm: &str) -> (bool, bool) {
    let is_number = norm.chars().all(|c| c.is_ascii_digit());
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|s| {
        norm.strip_suffix(s)
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    let named = MONTHS.contains(&norm) || WEEKDAYS.contains(&norm);
    (
        is_number || ordinal || named || DATE_LABELS.contains(&norm),
        named,
    )
}

/// `(all words are date words, some word names a month or day)`.
pub(super) fn date_line(p: &Para<'_>, tokens: &[Token<'_>]) -> (bool, bool) {
    if p.words == 0 || p.words > 10 || p.ends_sentence {
        return (false, false);
    }
    let mut named = false;
    for t in &tokens[p.first..p.last] {
        if t.kind.is_word() {
            let (ok, n) = date_word(&t.norm);
            if !ok {
                return (false, false);
            }
            named |= n;
        }
    }
    (true, named)
}

/// Navigation crumbs: short segments separated by `/`, `›`, `»`, `|` or `>`.
pub(super) fn crumbs(p: &Para<'_>, tokens: &[Token<'_>], text: &str) -> bool {
    if p.words == 0 || p.words > 12 || p.ends_sentence {
        return false;
    }
    let mut separators = 0;
    let mut spaced = false;
    let mut segment = 0;
    for t in &tokens[p.first..p.last] {
        let s = &text[t.start..t.end];
        if matches!(s, "/" | "›" | "»" | "|" | ">" | "→" | "::") {
            separators += 1;
            // `Syria/Iraq` and `w/` are words, `News / Russia` is a crumb
            spaced |= text[..t.start].ends_with(char::is_whitespace)
                && text[t.end..].starts_with(char::is_whitespace);
            segment = 0;
        } else if t.kind.is_word() {
            segment += 1;
            if segment > 4 {
                return false;
            }
        }
    }
    separators >= 2 || (separators == 1 && spaced)
}

pub(super) fn web_address(p: &Para<'_>) -> bool {
    let t = p.text.trim();
    p.words <= 4
        && !t.contains(' ')
        && (t.starts_with("www.") || t.starts_with("http://") || t.starts_with("https://"))
}

pub(super) fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

pub(super) fn ends_with_ci(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// An automaton finding any of `cues`, ASCII case folded, with `'` also as `’` and `‘`.
pub(super) fn cue_automaton(cues: &[&str]) -> AhoCorasick {
    let mut patterns: Vec<String> = Vec::new();
    for cue in cues {
        patterns.push(cue.to_string());
        if cue.contains('\'') {
            patterns.push(cue.replace('\'', "’"));
            patterns.push(cue.replace('\'', "‘"));
        }
    }
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .expect("cue patterns are plain strings")
}

pub(super) static STRONG: LazyLock<AhoCorasick> = LazyLock::new(|| cue_automaton(STRONG_CUES));
pub(super) static WEAK: LazyLock<AhoCorasick> = LazyLock::new(|| cue_automaton(WEAK_CUES));

/// A call to action: share, subscribe, comment, donate, read more, promoted links...
pub(super) fn call_to_action(p: &Para<'_>) -> bool {
    // the counts first: most paragraphs of a story are long and address no reader, and are
    // settled without searching their text
    p.words <= 60
        && (((p.words <= 30 || p.addresses_reader >= 1) && STRONG.is_match(p.text))
            || ((p.words <= 8 || p.addresses_reader >= 2) && WEAK.is_match(p.text)))
}

/// A call to action that is boilerplate on its own, wherever it stands: a strong cue in at
/// most 15 words that is not a sentence of its own (`He declined to comment.` is one).
pub(super) fn lone_action(p: &Para<'_>) -> bool {
    p.words <= 15
        && !(p.words >= 6 && p.text.trim_end().ends_with('.') && p.addresses_reader == 0)
        && STRONG.is_match(p.text)
}

/// Video and photo widgets scraped into the text (CNN's `JUST WATCHED … MUST WATCH`, NPR's
/// `Enlarge this image toggle caption`).
pub(super) fn widget(p: &Para<'_>) -> bool {
    let t = p.text.trim_start();
    (t.starts_with("JUST WATCHED") && t.contains("MUST WATCH"))
        || t.starts_with("Enlarge this image")
        || (p.words <= 4
            && AD_SLOTS.iter().any(|a| {
                let t = t.trim_end_matches(['.', ':']);
                t.eq_ignore_ascii_case(a)
            }))
}
