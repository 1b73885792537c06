//! Lexicons: named categories of terms, with veto phrases and contrasts, read from files.
//!
//! A [`Lexicon`] is plain data: metadata, [`Category`]s holding [`Term`]s (and `not` phrases
//! that veto a hit they cover), and [`Contrast`]s naming categories that label the same
//! referent. Every term is parsed into a [`Pattern`] by the same tokenizer that reads the
//! text, so a term and the text it should match are always normalized alike.
//!
//! Formats: slant's TOML ([`parse_toml`], documented in README.md) and plain
//! `category<TAB>term` TSV ([`parse_tsv`]). Loading validates the whole file and reports every
//! problem at once as `file:line: message`; it never returns a lexicon with an error in it.

mod toml_format;
mod tsv_format;

use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::token::tokenize;

pub use toml_format::parse_toml;
pub use tsv_format::parse_tsv;

/// One word of a term's pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PatternWord {
    /// Normalized text (see [`crate::token::normalize`]), without the `*`.
    pub text: String,
    /// A trailing `*`: matches any word that starts with `text` (LIWC-style prefix wildcard).
    pub prefix: bool,
}

/// The sequence of words a term matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub words: Vec<PatternWord>,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(&w.text)?;
            if w.prefix {
                f.write_str("*")?;
            }
        }
        Ok(())
    }
}

/// Why a term cannot be turned into a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// No word or number in it (empty, or punctuation only).
    Empty,
    /// `*` somewhere other than the end of a word.
    MisplacedWildcard,
    /// Punctuation between two of its words that, in text, ends a phrase.
    BreakingPunctuation(String),
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => {
                f.write_str("has no word or number in it, so it can never match")
            }
            PatternError::MisplacedWildcard => {
                f.write_str("has `*` inside a word; `*` may only end a word (`war crime*`)")
            }
            PatternError::BreakingPunctuation(p) => write!(
                f,
                "contains `{p}` between words; in text that punctuation ends a phrase, so the \
                 term can never match (write the words with a space or a hyphen)"
            ),
        }
    }
}

impl Pattern {
    /// Parses a term: words separated by whitespace, each optionally ending in `*`.
    ///
    /// Each word goes through [`tokenize`]: `so-called` gives `so called` (a hyphen joins, as
    /// in text), `Amnesty’s` gives `amnesty's`, and punctuation at a word's edges is dropped
    /// (`U.S.` gives `u.s`, `rebels'` gives `rebels`).
    pub fn parse(term: &str) -> Result<Pattern, PatternError> {
        let mut words = Vec::new();
        for raw in term.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            let (body, prefix) = match raw.strip_suffix('*') {
                Some(body) => (body, true),
                None => (raw, false),
            };
            if body.contains('*') {
                return Err(PatternError::MisplacedWildcard);
            }
            let tokens = tokenize(body);
            let first = tokens.iter().position(|t| t.kind.is_word());
            let last = tokens.iter().rposition(|t| t.kind.is_word());
            let (Some(first), Some(last)) = (first, last) else {
                if prefix {
                    return Err(PatternError::MisplacedWildcard);
                }
                continue;
            };
            let mut previous_end: Option<usize> = None;
            for t in tokens[first..=last].iter().filter(|t| t.kind.is_word()) {
                if let Some(end) = previous_end {
                    if !t.joined {
                        let between = body[end..t.start].trim().to_string();
                        return Err(PatternError::BreakingPunctuation(between));
                    }
                }
                words.push(PatternWord {
                    text: t.norm.to_string(),
                    prefix: false,
                });
                previous_end = Some(t.end);
            }
            if prefix {
                if let Some(w) = words.last_mut() {
                    w.prefix = true;
                }
            }
        }
        if words.is_empty() {
            return Err(PatternError::Empty);
        }
        Ok(Pattern { words })
    }
}

/// A term of a category as written in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as written (`war crime*`): what the `hits` table reports.
    pub text: String,
    pub pattern: Pattern,
    /// 1-based line in the lexicon file (0 when unknown).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub name: String,
    pub description: Option<String>,
    pub terms: Vec<Term>,
    /// Phrases that veto a hit of this category when they cover it (`opposition party`).
    pub not: Vec<Term>,
}

/// Categories that name the same referent, whose shares are compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contrast {
    pub name: String,
    pub description: Option<String>,
    /// Indexes into [`Lexicon::categories`].
    pub categories: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexicon {
    pub name: String,
    pub version: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    /// Where it was read from: a path, or `bundled:lexicons/NAME.toml`.
    pub source: String,
    /// sha256 of the file's bytes, hex.
    pub sha256: String,
    pub categories: Vec<Category>,
    pub contrasts: Vec<Contrast>,
}

impl Lexicon {
    pub fn term_count(&self) -> usize {
        self.categories.iter().map(|c| c.terms.len()).sum()
    }
}

/// One problem found in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", format_problems(.0))]
    Invalid(Vec<Problem>),
}

fn format_problems(problems: &[Problem]) -> String {
    let mut s = format!(
        "{} problem{} in lexicon:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    s
}

/// The file formats slant reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Tsv,
}

impl Format {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "tsv" | "tab" | "txt" => Some(Format::Tsv),
            _ => None,
        }
    }
}

/// Reads and validates a lexicon file; the format comes from its extension.
pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LexiconError::Read {
        path: display.clone(),
        source,
    })?;
    let problem = |message: String| {
        LexiconError::Invalid(vec![Problem {
            file: display.clone(),
            line: 0,
            message,
        }])
    };
    let Some(format) = Format::from_path(path) else {
        return Err(problem(
            "unknown lexicon format: expected a .toml (slant) or .tsv (category<TAB>term) file"
                .to_string(),
        ));
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return Err(LexiconError::Invalid(vec![Problem {
                file: display,
                line,
                message: "not valid UTF-8: save the file as UTF-8".to_string(),
            }]));
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("lexicon");
    parse(text, &display, stem, format)
}

/// Parses lexicon text in the given format. `source` names it in messages; `stem` is the
/// name used when the file gives none.
pub fn parse(
    text: &str,
    source: &str,
    stem: &str,
    format: Format,
) -> Result<Lexicon, LexiconError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lexicon = match format {
        Format::Toml => parse_toml(text, source, stem)?,
        Format::Tsv => parse_tsv(text, source, stem)?,
    };
    lexicon.sha256 = sha256_hex(text.as_bytes());
    Ok(lexicon)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lexicons shipped with slant, embedded in the binary: (path, text).
pub const BUNDLED: &[(&str, &str)] = &[(
    "lexicons/syria.toml",
    include_str!("../../lexicons/syria.toml"),
)];

/// The bundled lexicons, parsed. They are validated by the test suite, so this cannot fail
/// in a released binary; it still returns an error rather than panic.
pub fn bundled() -> Result<Vec<Lexicon>, LexiconError> {
    BUNDLED
        .iter()
        .map(|(path, text)| {
            let stem = Path::new(path)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("bundled");
            parse(text, &format!("bundled:{path}"), stem, Format::Toml)
        })
        .collect()
}

/// Checks a set of lexicons used together: their names must differ.
pub fn check_distinct_names(lexicons: &[Lexicon]) -> Result<(), LexiconError> {
    let mut problems = Vec::new();
    for (i, a) in lexicons.iter().enumerate() {
        if let Some(b) = lexicons[..i].iter().find(|b| b.name == a.name) {
            problems.push(Problem {
                file: a.source.clone(),
                line: 0,
                message: format!(
                    "lexicon name `{}` is also used by {}; give each lexicon a distinct \
                     [lexicon] name",
                    a.name, b.source
                ),
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LexiconError::Invalid(problems))
    }
}

/// Collects problems while a file is read, then checks what every format shares.
pub(crate) struct Builder<'a> {
    pub file: &'a str,
    pub problems: Vec<Problem>,
}

impl<'a> Builder<'a> {
    pub fn new(file: &'a str) -> Self {
        Builder {
            file,
            problems: Vec::new(),
        }
    }

    pub fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            message: message.into(),
        });
    }

    /// Parses a term, recording a problem (and returning `None`) when it cannot match.
    pub fn term(&mut self, text: &str, line: usize, what: &str) -> Option<Term> {
        match Pattern::parse(text) {
            Ok(pattern) => Some(Term {
                text: text.to_string(),
                pattern,
                line,
            }),
            Err(e) => {
                self.problem(line, format!("{what} `{text}` {e}"));
                None
            }
        }
    }

    /// Checks that each category has terms and no duplicate, then returns the problems.
    pub fn check_categories(&mut self, categories: &[Category], lines: &[usize]) {
        for (category, &line) in categories.iter().zip(lines) {
            if category.terms.is_empty() {
                self.problem(
                    line,
                    format!(
                        "category `{}` has no terms; add terms or remove it",
                        category.name
                    ),
                );
            }
            for (i, term) in category.terms.iter().enumerate() {
                if let Some(first) = category.terms[..i]
                    .iter()
                    .find(|t| t.pattern == term.pattern)
                {
                    self.problem(
                        term.line,
                        format!(
                            "duplicate term `{}` in category `{}` (same as `{}` on line {})",
                            term.text, category.name, first.text, first.line
                        ),
                    );
                }
            }
        }
    }

    pub fn finish(self, lexicon: Lexicon) -> Result<Lexicon, LexiconError> {
        if self.problems.is_empty() {
            Ok(lexicon)
        } else {
            Err(LexiconError::Invalid(self.problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(term: &str) -> String {
        Pattern::parse(term)
            .map(|p| p.to_string())
            .unwrap_or_else(|e| format!("error: {e:?}"))
    }

    #[test]
    fn pattern_table() {
        let cases: &[(&str, &str)] = &[
            ("terrorist*", "terrorist*"),
            ("war crime*", "war crime*"),
            ("War  Crimes", "war crimes"),
            ("so-called", "so called"),
            ("war-crime*", "war crime*"),
            ("Amnesty’s", "amnesty's"),
            ("won’t", "won't"),
            ("U.S.", "u.s"),
            ("rebels'", "rebels"),
            ("“fake”", "fake"),
            ("Russophob*", "russophob*"),
            ("clichés", "clichés"),
            ("", "error: Empty"),
            ("...", "error: Empty"),
            ("*", "error: MisplacedWildcard"),
            ("ter*ror", "error: MisplacedWildcard"),
            ("**", "error: MisplacedWildcard"),
            ("9/11", "error: BreakingPunctuation(\"/\")"),
            ("war,crimes", "error: BreakingPunctuation(\",\")"),
        ];
        for (term, expected) in cases {
            assert_eq!(words(term), *expected, "term: {term:?}");
        }
    }

    #[test]
    fn bundled_lexicons_are_valid() {
        let lexicons = bundled().expect("bundled lexicons parse");
        assert!(!lexicons.is_empty());
        check_distinct_names(&lexicons).unwrap();
        for lexicon in &lexicons {
            assert!(lexicon.version.is_some() && lexicon.description.is_some());
            for c in &lexicon.categories {
                assert!(
                    c.description.is_some(),
                    "{}: {} has no description",
                    lexicon.name,
                    c.name
                );
            }
        }
    }
}
