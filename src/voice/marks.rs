//! Quotation marks: which marks open and close, and the quotations they make (see the
//! module docs of [`super`]).

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Double,
    Single,
    Guillemet,
    SingleGuillemet,
}

/// The quotations open at a point of the text, innermost last, with the places of each
/// family's open marks, so that finding the innermost open mark of a family takes constant time
/// however many are open (a text of thousands of stray marks stays linear).
#[derive(Default)]
pub(super) struct OpenMarks {
    stack: Vec<Open>,
    of_family: [Vec<usize>; 4],
}

impl OpenMarks {
    pub(super) fn push(&mut self, o: Open) {
        self.of_family[o.family as usize].push(self.stack.len());
        self.stack.push(o);
    }

    pub(super) fn pop(&mut self) -> Option<Open> {
        let o = self.stack.pop()?;
        self.of_family[o.family as usize].pop();
        Some(o)
    }

    /// The place of the innermost open mark of family `f`.
    pub(super) fn innermost(&self, f: Family) -> Option<usize> {
        self.of_family[f as usize].last().copied()
    }

    pub(super) fn len(&self) -> usize {
        self.stack.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }
}

impl std::ops::Index<usize> for OpenMarks {
    type Output = Open;

    fn index(&self, i: usize) -> &Open {
        &self.stack[i]
    }
}

/// An open quotation on the stack.
#[derive(Debug, Clone, Copy)]
pub(super) struct Open {
    family: Family,
    /// Token index of the opening mark.
    token: usize,
    /// Opened by a low-9 mark (`„` `‚`), which `“`/`‘` close.
    low: bool,
    /// Opened by `»`/`›` (German order), which `«`/`‹` close.
    reversed: bool,
}

/// A quotation found: token range of its marks (inclusive) and nesting depth.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) open: usize,
    pub(super) close: usize,
    pub(super) closed: bool,
    pub(super) depth: usize,
    pub(super) paragraphs: u32,
}

pub(super) fn quote_mark(s: &str) -> Option<Family> {
    Some(match s {
        "“" | "”" | "„" | "‟" | "\"" | "〝" | "〞" | "＂" => Family::Double,
        "‘" | "’" | "‚" | "'" | "‛" => Family::Single,
        "«" | "»" => Family::Guillemet,
        "‹" | "›" => Family::SingleGuillemet,
        _ => return None,
    })
}

pub(super) fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '„' | '«' | '‹' | '"' | '\''
    )
}

/// Is the mark at `start..end` preceded by space (or the start, or an opening bracket or mark)?
pub(super) fn space_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .map_or(true, |c| c.is_whitespace() || is_opening_punct(c))
}

pub(super) fn space_after(text: &str, end: usize) -> bool {
    text[end..].chars().next().map_or(true, char::is_whitespace)
}

/// Finds every quotation (nested ones too) as token ranges.
pub(super) fn find_spans(text: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut stack = OpenMarks::default();
    let close =
        |stack: &mut OpenMarks, spans: &mut Vec<Span>, upto: usize, at: usize, closed: bool| {
            // close stack[upto..] at token `at` (innermost first)
            while stack.len() > upto {
                let o = stack.pop().expect("non-empty");
                let paragraphs = tokens[at].paragraph - tokens[o.token].paragraph + 1;
                spans.push(Span {
                    open: o.token,
                    close: at,
                    closed,
                    depth: stack.len(),
                    paragraphs,
                });
            }
        };
    let mut continuation = None; // token index of a paragraph-opening mark that continues a quote
                                 // whether a closing straight double mark follows each token in its paragraph: found once,
                                 // the first time a spaced mark asks (asking at each mark would be quadratic in the marks)
    let mut closer_after: Option<Vec<bool>> = None;
    let mut taken = 0; // tokens before this one were read as part of a mark
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if t.kind == TokenKind::Punct && continuation != Some(i) && i >= taken {
            // `''` and ``` `` ``` are one double mark, closing at the second token
            let (surface, last) = mark_at(text, tokens, i);
            taken = last + 1;
            if let Some(family) = quote_mark(surface) {
                let before = space_before(text, t.start);
                let after = space_after(text, tokens[last].end);
                let open_at = |f: Family| stack.innermost(f);
                let opener = |low: bool, reversed: bool| Open {
                    family,
                    token: i,
                    low,
                    reversed,
                };
                match surface {
                    "“" | "〝" => match open_at(Family::Double) {
                        // closes „…“, or sloppy copy that closes with an opening mark (`fact,“ he`)
                        Some(k) if stack[k].low || (!before && after) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ => stack.push(opener(false, false)),
                    },
                    "„" | "‟" => stack.push(opener(surface == "„", false)),
                    "”" | "〞" => match open_at(Family::Double) {
                        Some(k) => close(&mut stack, &mut spans, k, last, true),
                        None if before && !after => stack.push(opener(false, false)),
                        None => {}
                    },
                    "\"" | "＂" => match open_at(Family::Double) {
                        Some(k) if !before || after => close(&mut stack, &mut spans, k, last, true),
                        _ if !after => stack.push(opener(false, false)),
                        // `" Terrorists are everywhere," he said`: a spaced opening mark, when a
                        // closing one follows in the paragraph
                        _ if closer_after
                            .get_or_insert_with(|| closers_after(text, tokens, &["\"", "＂"]))
                            [i] =>
                        {
                            stack.push(opener(false, false))
                        }
                        _ => {}
                    },
                    "‘" => match open_at(Family::Single) {
                        Some(k) if stack[k].low || (!before && after) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        // `the ‘90s`, `‘bout`: an elision typed with the wrong mark
                        _ if elision_after(text, tokens, i) => {}
                        _ if !after => stack.push(opener(false, false)),
                        _ => {}
                    },
                    "‚" | "‛" => stack.push(opener(surface == "‚", false)),
                    "’" => match open_at(Family::Single) {
                        Some(k) if !before && !plural_possessive(text, tokens, i) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ => {} // an apostrophe
                    },
                    "'" => match open_at(Family::Single) {
                        Some(k) if !before && !plural_possessive(text, tokens, i) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        // `'90s`, `'em`, `In 't Veld`: elisions are apostrophes
                        _ if before && !after && !elision_after(text, tokens, i) => {
                            stack.push(opener(false, false))
                        }
                        _ => {} // an apostrophe
                    },
                    "«" | "‹" => match open_at(family) {
                        Some(k) if stack[k].reversed => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ => stack.push(opener(false, false)),
                    },
                    "»" | "›" => match open_at(family) {
                        Some(k) if !stack[k].reversed => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ if !after => stack.push(opener(false, true)),
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        // End of a paragraph: continue open quotations if the next paragraph opens with a
        // quotation mark of a family still open, else close them here.
        let last_of_paragraph = tokens
            .get(i + 1)
            .map_or(true, |n| n.paragraph != t.paragraph);
        if last_of_paragraph && !stack.is_empty() {
            let next = tokens.get(i + 1).filter(|n| n.kind == TokenKind::Punct);
            // Any opening mark continues the quotation (closing-only marks do not open a
            // paragraph); it is consumed only if it is of an open family, else it opens a quote
            // nested in the continued one.
            let opening = next
                .map(|_| mark_at(text, tokens, i + 1))
                .filter(|(s, _)| quote_mark(s).is_some() && !matches!(*s, "”" | "’" | "»" | "›"));
            if let Some((mark, last)) = opening {
                let family = quote_mark(mark);
                if family.is_some_and(|f| stack.innermost(f).is_some()) {
                    continuation = Some(i + 1);
                    taken = last + 1;
                }
            } else {
                close(&mut stack, &mut spans, 0, i, false);
            }
        }
    }
    spans.sort_by_key(|s| (s.open, std::cmp::Reverse(s.close)));
    // Spans are properly nested (an outer mark or a paragraph end closes the inner ones at the
    // same token), so in this order a span's depth is the number of open enclosing spans.
    let mut enclosing: Vec<usize> = Vec::new(); // close token of each enclosing span
    for s in &mut spans {
        while enclosing.last().is_some_and(|&close| close < s.close) {
            enclosing.pop();
        }
        s.depth = enclosing.len();
        enclosing.push(s.close);
    }
    spans
}

/// The quotation mark at token `i` as the rules read it, and the last token it takes: two
/// apostrophes, backticks or single curly marks typed for a double mark read as one (`''…''`
/// as `"…"`, the New York Times' house style; ``` ``…'' ``` and `‘‘…’’` as `“…”`).
pub(super) fn mark_at<'t>(text: &'t str, tokens: &[Token<'_>], i: usize) -> (&'t str, usize) {
    let t = &tokens[i];
    let surface = &text[t.start..t.end];
    if let Some(n) = tokens.get(i + 1).filter(|n| n.start == t.end) {
        match (surface, &text[n.start..n.end]) {
            ("'", "'") => return ("\"", i + 1),
            ("`", "`") | ("‘", "‘") => return ("“", i + 1),
            ("’", "’") => return ("”", i + 1),
            _ => {}
        }
    }
    (surface, i)
}

/// Words written with a leading apostrophe for letters left out (`'em`, `‘bout`, `'til`, the
/// Dutch `'t`), after which `'` or `‘` is an apostrophe, not an opening mark.
pub(super) const ELISIONS: &[&str] = &[
    "t", "s", "n", "em", "bout", "til", "till", "cause", "cuz", "round", "tis", "twas", "nuff",
    "ol", "neath", "fraid",
];

/// Is the `'` or `‘` at token `i` the apostrophe of an elision: directly before a digit (`'90s`)
/// or one of the [`ELISIONS`]?
pub(super) fn elision_after(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    if text[tokens[i].end..].starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    tokens.get(i + 1).is_some_and(|n| {
        n.start == tokens[i].end && n.kind == TokenKind::Word && ELISIONS.contains(&&*n.norm)
    })
}

/// Is the `’`/`'` at token `i` a plural possessive inside a single-quoted quotation
/// (`'The rebels' commander fled,' he said`) rather than its closing mark? It follows a word
/// ending in `s`, and the next single mark in the paragraph closes speech (`,'` `.'` `?'` `!'`)
/// with no opening mark before it. Otherwise the quotation closes here, as in `the ‘terrorists’
/// and the ‘bandits’` or `'terrorists' but the rebels' commander`.
pub(super) fn plural_possessive(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    let after_s_word = i > 0
        && tokens[i - 1].kind == TokenKind::Word
        && tokens[i - 1].end == t.start
        && text[tokens[i - 1].start..tokens[i - 1].end].ends_with(['s', 'S']);
    if !after_s_word {
        return false;
    }
    let rest = tokens[i + 1..]
        .iter()
        .enumerate()
        .take_while(|(_, n)| n.paragraph == t.paragraph);
    for (k, n) in rest {
        let mark = &text[n.start..n.end];
        if !matches!(mark, "'" | "’" | "‘") {
            continue;
        }
        if mark == "‘" || space_before(text, n.start) {
            return false; // an opening mark comes first
        }
        let before = &tokens[i + k]; // the token just before this mark
        return matches!(&text[before.start..before.end], "," | "." | "?" | "!" | "…");
    }
    false
}

/// For each token, whether a closing mark (one of `marks`, touching the word before it)
/// follows it in its paragraph: one pass from the end.
pub(super) fn closers_after(text: &str, tokens: &[Token<'_>], marks: &[&str]) -> Vec<bool> {
    let mut after = vec![false; tokens.len()];
    for i in (0..tokens.len().saturating_sub(1)).rev() {
        let n = &tokens[i + 1];
        if n.paragraph == tokens[i].paragraph {
            let closer = marks.contains(&&text[n.start..n.end]) && !space_before(text, n.start);
            after[i] = closer || after[i + 1];
        }
    }
    after
}
