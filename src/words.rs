//! Word boundaries (Unicode Standard Annex #29, "Word Boundaries") fast for the text news is
//! mostly made of.
//!
//! [`segments`] gives exactly the segments of unicode-segmentation's
//! `split_word_bound_indices`, which slant's tokenizer is defined by. For a text made only of
//! the characters [`class`] knows (ASCII, Latin-1 and Latin Extended letters, the general
//! punctuation of news text: curly quotes, dashes, ellipsis, no-break and typographic spaces,
//! currency signs), it applies the rules itself: no table lookup per character, no state for
//! rules those characters cannot trigger (Extend, Format, ZWJ, Hebrew letters, Katakana,
//! regional indicators). Any other text goes to unicode-segmentation. A property test checks
//! the two agree on random text over every class, and on the seed articles.
//!
//! The rules applied, with UAX #29's numbers: WB3 (CR × LF), WB3a/b (break around newlines),
//! WB3d (WSegSpace × WSegSpace), WB5 (letter × letter), WB6/7 (letter × (MidLetter |
//! MidNumLet | Single_Quote) × letter), WB8–10 (letters and digits), WB11/12 (digit ×
//! (MidNum | MidNumLet | Single_Quote) × digit), WB13a/b (ExtendNumLet), WB999 (break).

use unicode_segmentation::UnicodeSegmentation;

/// Word_Break classes of the characters the fast path handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    MidLetter,
    MidNumLet,
    SingleQuote,
    MidNum,
    ExtendNumLet,
    Other,
}

/// The class of a character, or `None` when the fast path does not handle it.
const fn class(c: char) -> Option<Class> {
    use Class::*;
    Some(match c {
        'a'..='z' | 'A'..='Z' => Letter,
        '0'..='9' => Numeric,
        ' ' => Space,
        '\n' => Lf,
        '\r' => Cr,
        '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Newline,
        ':' | '\u{b7}' | '\u{2027}' => MidLetter,
        '.' | '\u{2018}' | '\u{2019}' | '\u{2024}' => MidNumLet,
        '\'' => SingleQuote,
        ',' | ';' => MidNum,
        '_' => ExtendNumLet,
        // `"` is Double_Quote, which only matters next to Hebrew letters.
        '\0'..='\u{7f}' => Other,
        '\u{aa}' | '\u{b5}' | '\u{ba}' => Letter,
        '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{24f}' => Letter,
        '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200a}' => Space,
        '\u{ad}' => return None, // soft hyphen: Format
        '\u{a0}'..='\u{bf}' | '\u{d7}' | '\u{f7}' => Other,
        '\u{2010}'..='\u{2017}' | '\u{201a}'..='\u{2023}' | '\u{2025}' | '\u{2026}' => Other,
        '\u{2030}'..='\u{203e}' | '\u{20a0}'..='\u{20bf}' => Other,
        _ => return None,
    })
}

fn letter_or_number(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Numeric)
}

/// Whether there is a word boundary between `before` and `here`, given the classes around
/// them.
#[inline(always)]
fn boundary(two_before: Option<Class>, before: Class, here: Class, after: Option<Class>) -> bool {
    use Class::*;
    if before == Letter && here == Letter {
        return false; // WB5, inside most words: the commonest case first
    }
    match (before, here) {
        (Cr, Lf) => false,                                       // WB3
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => true, // WB3a, WB3b
        (Space, Space) => false,                                 // WB3d
        (Letter, Letter) => false,                               // WB5
        (Letter, MidLetter | MidNumLet | SingleQuote) if after == Some(Letter) => false, // WB6
        (MidLetter | MidNumLet | SingleQuote, Letter) if two_before == Some(Letter) => false, // WB7
        (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => false, // WB8–10
        (MidNum | MidNumLet | SingleQuote, Numeric) if two_before == Some(Numeric) => false, // WB11
        (Numeric, MidNum | MidNumLet | SingleQuote) if after == Some(Numeric) => false, // WB12
        (b, ExtendNumLet) if letter_or_number(b) || b == ExtendNumLet => false, // WB13a
        (ExtendNumLet, h) if letter_or_number(h) => false,       // WB13b
        _ => true,                                               // WB999
    }
}

/// The classes of the ASCII characters, looked up rather than matched.
static ASCII_CLASSES: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match class(b as u8 as char) {
            Some(c) => c,
            None => Class::Other, // every ASCII character has a class
        };
        b += 1;
    }
    table
};

/// Calls `each(start, segment)` for every word-boundary segment of `text`, in order: the
/// segments of `text.split_word_bound_indices()`.
pub fn segments<'t>(text: &'t str, mut each: impl FnMut(usize, &'t str)) {
    if text.is_ascii() {
        let classes = text
            .bytes()
            .enumerate()
            .map(|(at, b)| (at, ASCII_CLASSES[usize::from(b & 0x7f)]));
        split(text, classes, each);
    } else if text.chars().all(|c| c.is_ascii() || class(c).is_some()) {
        let classes = text.char_indices().map(|(at, c)| {
            let class = if c.is_ascii() {
                ASCII_CLASSES[c as usize]
            } else {
                class(c).unwrap_or(Class::Other)
            };
            (at, class)
        });
        split(text, classes, each);
    } else {
        for (start, seg) in text.split_word_bound_indices() {
            each(start, seg);
        }
    }
}

/// Splits `text` given the class of each of its characters, in one pass with a window of four.
fn split<'t>(
    text: &'t str,
    mut classes: impl Iterator<Item = (usize, Class)>,
    mut each: impl FnMut(usize, &'t str),
) {
    let Some((_, mut before)) = classes.next() else {
        return;
    };
    let mut two_before = None;
    let mut from = 0;
    let mut here = classes.next();
    while let Some((at, class)) = here {
        let after = classes.next();
        if boundary(two_before, before, class, after.map(|(_, c)| c)) {
            each(from, &text[from..at]);
            from = at;
        }
        two_before = Some(before);
        before = class;
        here = after;
    }
    each(from, &text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        segments(text, |at, s| out.push((at, s)));
        out
    }

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    #[test]
    fn news_text_as_unicode_segmentation() {
        for text in [
            "Russia’s envoy said: “We can't agree.” U.S.-led strikes, 3.5 km, 1,000 people.",
            "c:a  x\r\ny\u{2028}z\u{a0}é_1 a'b 'a' 2'3 l·l ‘fake’ — … $2 €3",
            "",
            " ",
            "\u{2003}\u{2003}a",
        ] {
            assert_eq!(ours(text), reference(text), "{text:?}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(ours(&text), reference(&text), "{}", path.display());
            }
        }
    }

    /// Characters of every class the fast path knows, and some it does not (which must fall
    /// back to unicode-segmentation).
    const ALPHABET: &[char] = &[
        'a', 'Z', 'é', 'ß', 'Ł', 'ª', '0', '7', ' ', '\t', '\n', '\r', '\u{b}', '\u{85}',
        '\u{2028}', '.', ',', ';', ':', '\'', '"', '_', '-', '(', '$', '\u{a0}', '\u{b7}',
        '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2013}', '\u{2014}', '\u{2024}',
        '\u{2026}', '\u{2027}', '\u{2003}', '\u{2007}', '\u{ad}', '\u{300}', '\u{5d0}', 'ア',
        '\u{200d}', '©', '€', '×', '¿',
    ];

    proptest! {
        #[test]
        fn same_segments_as_unicode_segmentation(
            picks in proptest::collection::vec(0..ALPHABET.len(), 0..40)
        ) {
            let text: String = picks.iter().map(|&i| ALPHABET[i]).collect();
            prop_assert_eq!(ours(&text), reference(&text));
        }

        #[test]
        fn same_segments_without_fallback(
            picks in proptest::collection::vec(0..ALPHABET.len() - 8, 0..40)
        ) {
            // only characters before the fallback ones in ALPHABET... filtered to known ones
            let text: String = picks
                .iter()
                .map(|&i| ALPHABET[i])
                .filter(|&c| class(c).is_some())
                .collect();
            prop_assert_eq!(ours(&text), reference(&text));
        }
    }
}
