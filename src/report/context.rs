//! A hit in its context: the words before and after it, on one line. Shared by `slant kwic`
//! and the HTML report's samples.

use crate::token::Token;

/// A hit with its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub left: String,
    pub hit: String,
    pub right: String,
    /// Whether the text has space between the left context and the hit, and after the hit.
    pub spaced: (bool, bool),
}

/// The context of the words `first..last` (indices among `words`, the article's words and
/// numbers in order) spanning bytes `start..end` of `body`: `window` words on each side.
pub fn context(
    body: &str,
    words: &[Token<'_>],
    (first, last): (usize, usize),
    (start, end): (usize, usize),
    window: usize,
) -> Context {
    let left_from = words
        .get(first.saturating_sub(window))
        .map_or(start, |w| w.start.min(start));
    let right_to = words
        .get((last + window).min(words.len()).saturating_sub(1))
        .map_or(end, |w| w.end.max(end));
    Context {
        left: one_line(&body[left_from..start]),
        hit: one_line(&body[start..end]),
        right: one_line(&body[end..right_to]),
        spaced: (
            body[..start].ends_with(char::is_whitespace),
            body[end..].starts_with(char::is_whitespace),
        ),
    }
}

/// Text on one line: line breaks become ` ¶ `, runs of spaces one space.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            if !out.ends_with(" ¶ ") {
                out.push_str(" ¶ ");
            }
            space = false;
        } else if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.ends_with(' ') {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn context_on_one_line() {
        assert_eq!(one_line("the\n\nrebels   said"), "the ¶ rebels said");
        assert_eq!(one_line("  x \u{a0} y "), "x y");
    }

    #[test]
    fn words_on_each_side() {
        let body = "Russia launched the campaign against the Takfiri Daesh terrorists and other militant groups in Syria.";
        let words: Vec<_> = tokenize(body)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        let at = body.find("terrorists").unwrap();
        let c = context(body, &words, (8, 9), (at, at + 10), 2);
        assert_eq!(
            (c.left.as_str(), c.hit.as_str(), c.right.as_str()),
            ("Takfiri Daesh", "terrorists", "and other")
        );
        assert_eq!(c.spaced, (true, true));
    }
}
