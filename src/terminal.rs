//! Text for a terminal: control characters from the corpus or a lexicon shown escaped.
//!
//! An article, outlet name or document id may hold terminal control sequences (`ESC]0;…BEL`
//! retitles the window, `ESC[2J` clears the screen) or bidirectional overrides that reorder
//! what is shown. Everything slant prints as text or tables, and every message on stderr,
//! goes through [`escape`]; files and data formats (CSV, JSON, Parquet) keep the text as it is.

use std::borrow::Cow;

/// Whether `c` is shown escaped: C0 controls but the line break (tab included: it would
/// break the alignment of tables), DEL, C1 controls, and the bidirectional embedding, override
/// and isolate marks (U+202A–U+202E, U+2066–U+2069).
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with its control characters written out: `\e` for ESC, `\t`, `\r`, and `\u{7}`-style
/// escapes for the others. Text without any is returned as it is, without a copy.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn controls_are_written_out() {
        for (raw, shown) in [
            ("Press TV", "Press TV"),
            ("a\u{1b}]0;owned\u{7}b", "a\\e]0;owned\\u{7}b"),
            ("\u{1b}[2J", "\\e[2J"),
            ("tab\there\r\n", "tab\\there\\r\n"),
            ("\u{9b}31m \u{7f}", "\\u{9b}31m \\u{7f}"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("Moscow’s “terrorists” 大", "Moscow’s “terrorists” 大"),
        ] {
            assert_eq!(escape(raw), shown, "{raw:?}");
        }
    }
}
