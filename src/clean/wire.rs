//! The news agency a story credits: from its credit lines (`Source: TASS`, `(Reuters)`, `By
//! The Associated Press`), a dateline such as `BEIRUT (AP) —` in its first paragraphs (after a
//! headline, too), or AP's `The Latest:` roundups ([`wire_of`]). Photo credits in capitals
//! (`ASSOCIATED PRESS.` under a picture) are not wire credits.

use super::cues::{ends_with_ci, starts_with_ci};
use super::Para;

/// News agencies, by their credit forms (lowercase) and the name used in the `wire` column.
pub(super) const AGENCIES: &[(&str, &str)] = &[
    ("ap", "AP"),
    ("the associated press", "AP"),
    ("associated press", "AP"),
    ("reuters", "Reuters"),
    ("thomson reuters", "Reuters"),
    ("afp", "AFP"),
    ("agence france-presse", "AFP"),
    ("agence france presse", "AFP"),
    ("press association", "Press Association"),
    ("pa", "Press Association"),
    ("pa media", "Press Association"),
    ("tass", "TASS"),
    ("itar-tass", "TASS"),
    ("ria novosti", "RIA Novosti"),
    ("ria", "RIA Novosti"),
    ("interfax", "Interfax"),
    ("sputnik", "Sputnik"),
    ("xinhua", "Xinhua"),
    ("anadolu", "Anadolu"),
    ("anadolu agency", "Anadolu"),
    ("aa", "Anadolu"),
    ("dpa", "dpa"),
    ("upi", "UPI"),
    ("efe", "EFE"),
    ("ansa", "ANSA"),
    ("kyodo", "Kyodo"),
    ("sana", "SANA"),
    ("irna", "IRNA"),
    ("fars", "Fars"),
    ("tasnim", "Tasnim"),
    ("mehr", "Mehr"),
    ("bloomberg", "Bloomberg"),
    ("cnn wire", "CNN"),
];

pub(super) fn agency(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let lower = name.to_lowercase();
    AGENCIES
        .iter()
        .find(|(form, _)| *form == lower)
        .map(|(_, canonical)| *canonical)
}

/// The agency of a credit line: `Press Association`, `Source: TASS`, `(Reuters)`, `— AFP`,
/// `Via AP`, `(Reporting by ...; Editing by ...)` (Reuters' signature).
pub(super) fn credit(p: &Para<'_>) -> Option<Option<&'static str>> {
    if p.words > 40 {
        return None;
    }
    let text = p.text.trim();
    if ends_with_ci(text, "contributed to this report.")
        || starts_with_ci(text, "contributing:")
        || ends_with_ci(text, "contributed reporting.")
    {
        return Some(None);
    }
    if p.words > 8 {
        return None;
    }
    let lower = text.to_lowercase();
    if lower.starts_with("(reporting by") {
        return Some(Some("Reuters"));
    }
    if lower.starts_with("additional reporting by") || lower.starts_with("compiled by") {
        return Some(None);
    }
    let stripped = ["source:", "source -", "sources:", "via ", "with ", "by "]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(&lower);
    let stripped = stripped.trim_start_matches(['—', '–', '-', ' ', '(']);
    // a photo credit: an agency name written in capitals though it is not an acronym
    // (`ASSOCIATED PRESS.`, `REUTERS`, not `AP` or `AFP`), with nothing before it
    let bare = stripped.len() == lower.len();
    let shouting = text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase);
    let written = stripped.trim_matches(|c: char| !c.is_alphanumeric());
    let acronym = !written.contains(' ') && written.len() <= 5;
    if bare && shouting && !acronym && agency(written).is_some() {
        return Some(None);
    }
    let agencies: Vec<Option<&'static str>> = stripped
        .split(['/', ',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(agency)
        .collect();
    if agencies.iter().all(Option::is_some) && !agencies.is_empty() {
        return Some(agencies[0]);
    }
    if matches!(
        stripped.trim_end_matches(['.', ')']),
        "agencies" | "wires" | "news agencies"
    ) {
        return Some(None);
    }
    None
}

/// How many of a story's first paragraphs may hold its dateline (a headline, a subtitle or a
/// byline may come first).
const DATELINE_PARAGRAPHS: usize = 4;

/// The agency a story credits ([module docs](self)): its last credit line that names one,
/// else the first dateline among its first [`DATELINE_PARAGRAPHS`] paragraphs and up to its
/// second body paragraph (page furniture and captions may come first), else `AP` for a
/// headline opening `The Latest:` (AP's running roundups).
pub(super) fn wire_of(paras: &[Para<'_>]) -> Option<&'static str> {
    let credited = paras.iter().rev().find_map(|p| credit(p).flatten());
    let body = paras.iter().position(Para::is_body).map_or(0, |b| b + 2);
    credited
        .or_else(|| {
            paras
                .iter()
                .take(DATELINE_PARAGRAPHS.max(body))
                .find_map(|p| dateline(p.text))
        })
        .or_else(|| {
            let first = paras.first()?.text.trim_start();
            starts_with_ci(first, "the latest:").then_some("AP")
        })
}

/// A dateline's agency at the start of a paragraph: `BEIRUT (AP) —`, `MOSCOW, Oct 11 (Reuters)
/// -`, `New York (AFP) –`, `(Reuters) -`. What comes before the bracket must read as a place and
/// a date: at most 60 bytes of words that each begin with a capital or a digit.
pub(super) fn dateline(text: &str) -> Option<&'static str> {
    let mut cut = text.len().min(160);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let open = head.find('(')?;
    let place = head[..open].trim();
    // (`(Reuters) - …` has no place)
    let place_like = place.len() <= 60
        && place
            .split_whitespace()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    if !place_like {
        return None;
    }
    let close = open + head[open..].find(')')?;
    let inner = &head[open + 1..close];
    let found = agency(inner)?;
    let after = head[close + 1..].trim_start();
    after.starts_with(['-', '—', '–', ':']).then_some(found)
}
