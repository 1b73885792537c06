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

mod dicx;
mod lexicoder;
mod liwc;
mod toml_format;
mod tsv_format;
mod valence;
mod wordlist;
mod wordstat;
mod write;
mod yaml;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::token::{normalize, tokenize};

pub use toml_format::parse_toml;
pub use tsv_format::parse_tsv;
pub use valence::{ContrastKind, Negation, NegationAction};
pub use write::{to_toml, write, Loss, OutputFormat, Unwritable};

/// How one word of a pattern matches a word of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wildcard {
    /// The word itself (`rebels`).
    None,
    /// A trailing `*`: any word that starts with the text (`terrorist*`; LIWC's wildcard).
    Prefix,
    /// quanteda's glob: `*` (any characters, none included) and `?` (one character) anywhere
    /// in the word (`colo?r`, `*ism`, `ter*ror`); `**` is `*`. A word of wildcards only (the `*`
    /// of `fair-*`) matches any word.
    Glob,
}

/// One word of a term's pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PatternWord {
    /// Normalized text (see [`crate::token::normalize`]): for [`Wildcard::Prefix`] without
    /// the `*`; for [`Wildcard::Glob`] with its `*` and `?` where they were written.
    pub text: String,
    pub wildcard: Wildcard,
}

impl PatternWord {
    /// The prefix a text word must start with, when that is all the word asks: a
    /// [`Wildcard::Prefix`], or a glob of letters followed by `*`s only (`heckl**`). The
    /// matcher looks these up by prefix, which is fast; other globs are tried one by one.
    pub fn as_prefix(&self) -> Option<&str> {
        match self.wildcard {
            Wildcard::None => None,
            Wildcard::Prefix => Some(&self.text),
            Wildcard::Glob => {
                let literal = self.text.trim_end_matches('*');
                (!literal.is_empty() && !literal.contains(['*', '?'])).then_some(literal)
            }
        }
    }

    /// Whether a normalized text word matches this word (the matcher's rule, written plainly:
    /// for tests and for readers).
    pub fn matches(&self, word: &str) -> bool {
        match self.wildcard {
            Wildcard::None => word == self.text,
            Wildcard::Prefix => word.starts_with(&self.text),
            Wildcard::Glob => wildmatch::WildMatch::new(&self.text).matches(word),
        }
    }
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
            if w.wildcard == Wildcard::Prefix {
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
    /// A wildcard that belongs to no word (`U.S.*`), or a term that matches every word (`*`).
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
            PatternError::MisplacedWildcard => f.write_str(
                "has a `*` or `?` that belongs to no word (after punctuation, as in `U.S.*`), \
                 or only wildcards (which would match every word); write it inside or at the \
                 edge of a word (`war crime*`, `colo?r`, `fair-*`)",
            ),
            PatternError::BreakingPunctuation(p) => write!(
                f,
                "contains `{p}` between words; in text that punctuation ends a phrase, so the \
                 term can never match (write the words with a space or a hyphen)"
            ),
        }
    }
}

/// Whether the text between two words of a term (or a word and a bare wildcard) keeps them in
/// one phrase: whitespace, or one hyphen with no space around it.
fn joins(gap: &str) -> bool {
    gap.trim().is_empty() || matches!(gap, "-" | "\u{2010}" | "\u{2011}")
}

impl Pattern {
    /// Parses a term: words separated by whitespace, with quanteda's glob wildcards.
    ///
    /// The term is read by [`tokenize`] exactly as text is, so it matches text written the
    /// same way: `so-called` gives `so called` (a hyphen joins), `Amnesty’s` gives `amnesty's`,
    /// `U.S. forces` and `rebels' commander` stay one phrase, and punctuation at the term's edges
    /// is dropped (`“fake”` gives `fake`). Punctuation that would stop a phrase in text
    /// (`war, crimes`, `9/11`, `“moderate” opposition`) is an error: the term could never match.
    ///
    /// Wildcards (quanteda's glob): `*` is any run of characters, none included, and `?` one
    /// character, anywhere in a word. A word ending in one `*` is a [`Wildcard::Prefix`]
    /// (`terrorist*`), any other is a [`Wildcard::Glob`] (`colo?r`, `*ism`, `heckl**`). A
    /// wildcard that stands apart from every word, after a joining hyphen or a space, is a word
    /// of its own that matches any word: `fair-*` is `fair` followed by any word, so it
    /// matches `fair-minded` (and, since a hyphen joins like a space, `fair play`).
    pub fn parse(term: &str) -> Result<Pattern, PatternError> {
        // Take the wildcards out, remembering where each stood in the rest of the term.
        let mut clean = String::with_capacity(term.len());
        let mut marks: Vec<(usize, char)> = Vec::new();
        for c in term.chars() {
            if matches!(c, '*' | '?') {
                marks.push((clean.len(), c));
            } else {
                clean.push(c);
            }
        }
        let tokens = tokenize(&clean);
        let tokens: Vec<_> = tokens.iter().filter(|t| t.kind.is_word()).collect();
        // Each mark belongs to the word it touches (the earlier one where two touch it), or
        // else to a word of wildcards only, between words.
        let owner = |at: usize| tokens.iter().position(|t| t.start <= at && at <= t.end);
        let mut words: Vec<(usize, usize, PatternWord)> = Vec::new(); // (start, end, word)
        for (i, t) in tokens.iter().enumerate() {
            let mine: Vec<(usize, char)> = marks
                .iter()
                .copied()
                .filter(|&(at, _)| owner(at) == Some(i))
                .collect();
            let word = match mine.as_slice() {
                [] => PatternWord {
                    text: t.norm.to_string(),
                    wildcard: Wildcard::None,
                },
                [(at, '*')] if *at == t.end => PatternWord {
                    text: t.norm.to_string(),
                    wildcard: Wildcard::Prefix,
                },
                _ => {
                    let mut text = String::new();
                    let mut from = t.start;
                    for &(at, c) in &mine {
                        text.push_str(&normalize(&clean[from..at]));
                        text.push(c);
                        from = at;
                    }
                    text.push_str(&normalize(&clean[from..t.end]));
                    PatternWord {
                        text,
                        wildcard: Wildcard::Glob,
                    }
                }
            };
            words.push((t.start, t.end, word));
        }
        let mut bare = marks
            .iter()
            .filter(|&&(at, _)| owner(at).is_none())
            .peekable();
        while let Some(&(at, c)) = bare.next() {
            let mut text = c.to_string();
            while let Some(&&(next, c)) = bare.peek() {
                if next != at {
                    break;
                }
                text.push(c);
                bare.next();
            }
            let before = words.iter().rev().find(|w| w.1 <= at).map_or(0, |w| w.1);
            let after = words
                .iter()
                .find(|w| w.0 >= at)
                .map_or(clean.len(), |w| w.0);
            let (gap_before, gap_after) = (&clean[before..at], &clean[at..after]);
            let edge_ok = |gap: &str, edge: bool| {
                if edge {
                    gap.trim().is_empty()
                } else {
                    joins(gap)
                }
            };
            let (first, last) = (before == 0, after == clean.len());
            if !edge_ok(gap_before, first) || !edge_ok(gap_after, last) {
                // Between two words the fault is the punctuation; at an edge, the wildcard.
                return Err(if first || last {
                    PatternError::MisplacedWildcard
                } else {
                    let gap = if joins(gap_before) {
                        gap_after
                    } else {
                        gap_before
                    };
                    PatternError::BreakingPunctuation(gap.trim().to_string())
                });
            }
            let word = PatternWord {
                text,
                wildcard: Wildcard::Glob,
            };
            let place = words.partition_point(|w| w.0 < at);
            words.insert(place, (at, at, word));
        }
        if words.is_empty() {
            return Err(if marks.is_empty() {
                PatternError::Empty
            } else {
                PatternError::MisplacedWildcard
            });
        }
        if words.iter().all(|(_, _, w)| {
            w.wildcard == Wildcard::Glob
                && w.text.contains('*')
                && w.text.chars().all(|c| matches!(c, '*' | '?'))
        }) {
            return Err(PatternError::MisplacedWildcard);
        }
        // Consecutive words must be joined as they would be in text.
        for pair in words.windows(2) {
            let gap = &clean[pair[0].1..pair[1].0];
            let joined = match tokens
                .iter()
                .find(|t| t.start == pair[1].0 && pair[1].1 > pair[1].0)
            {
                Some(t) if pair[0].1 > pair[0].0 => t.joined,
                _ => joins(gap),
            };
            if !joined {
                return Err(PatternError::BreakingPunctuation(gap.trim().to_string()));
            }
        }
        Ok(Pattern {
            words: words.into_iter().map(|(_, _, w)| w).collect(),
        })
    }
}

/// A term's weight in a weighted dictionary (AFINN's −5 … +5): a finite number. A hit adds
/// its term's score to the `score` columns (in millionths: [`Score::micros`]); `lexicon
/// convert` writes it.
#[derive(Debug, Clone, Copy, PartialOrd)]
pub struct Score(f64);

impl Score {
    /// A score, if `x` is finite.
    pub fn new(x: f64) -> Option<Score> {
        x.is_finite().then_some(Score(x))
    }

    pub fn get(self) -> f64 {
        self.0
    }

    /// The score in millionths, rounded: sums of these are exact and do not depend on the
    /// order they are added in, so tables stay byte-identical whatever the threads or shards.
    pub fn micros(self) -> i64 {
        (self.0 * 1e6).round() as i64
    }
}

/// Scores are equal when their numbers are the very same (finite, so `==` on the bits is `==`
/// on the numbers but for ±0).
impl PartialEq for Score {
    fn eq(&self, other: &Score) -> bool {
        self.0 == other.0
    }
}

impl Eq for Score {}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `-2` for -2.0, `0.25` for 0.25: the shortest text that reads back the same number
        write!(f, "{}", self.0)
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
    /// The term's weight, in a weighted dictionary.
    pub score: Option<Score>,
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
    /// What the contrast measures: shares of its members, or also a tone.
    pub kind: ContrastKind,
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
    /// Entries as read from the file (lines or list items), before any was set aside.
    pub entries: usize,
    /// Problems that did not stop loading (an entry that can never match was left out...).
    pub warnings: Vec<Problem>,
    /// Whether quotation speakers are grouped by this lexicon's categories (`groups_speakers =
    /// true` in the TOML metadata): a speaker named by one of its terms is in that category.
    pub groups_speakers: bool,
    /// Negators before a hit that exclude or flip it (`[negation]` in the TOML format).
    pub negation: Option<Negation>,
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
    /// A warning leaves the lexicon usable; an error does not.
    pub warning: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.warning { "warning: " } else { "" };
        if self.line > 0 {
            write!(f, "{}:{}: {kind}{}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {kind}{}", self.file, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {path}: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{}", format_problems(.0))]
    Invalid(Vec<Problem>),
}

fn format_problems(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| !p.warning).count();
    let mut s = format!(
        "{} error{} in lexicon:",
        errors,
        if errors == 1 { "" } else { "s" }
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
    /// slant's own TOML.
    Toml,
    /// `category<TAB>term` lines.
    Tsv,
    /// LIWC `.dic`: a `%`-delimited header of category ids, then `entry<TAB>ids`.
    Liwc,
    /// LIWC-22 `.dicx` (CSV): `DicTerm,category,…`, then a row per term with `X` or a weight.
    Dicx,
    /// quanteda YAML: nested keys, lists of glob patterns.
    Yaml,
    /// Lexicoder `.lc3`: `+category` lines, then one pattern per line.
    Lexicoder,
    /// WordStat `.cat`: categories and `ENTRY (1)` lines nested by tab indentation.
    WordStat,
    /// One term per line (a `term<TAB>score` line keeps its term), one category named after
    /// the file; `#` and `;` start comments.
    WordList,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &[
        "toml",
        "tsv",
        "liwc",
        "dicx",
        "yaml",
        "lexicoder",
        "wordstat",
        "words",
    ];

    /// The format a name given with `--lexicon-format` stands for.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "toml" | "slant" => Format::Toml,
            "tsv" => Format::Tsv,
            "liwc" | "dic" => Format::Liwc,
            "dicx" | "liwc22" => Format::Dicx,
            "yaml" | "yml" | "quanteda" => Format::Yaml,
            "lexicoder" | "lc3" => Format::Lexicoder,
            "wordstat" | "cat" => Format::WordStat,
            "words" | "wordlist" | "txt" => Format::WordList,
            _ => return None,
        })
    }

    /// The format a file name implies, if any. A `.txt` file whose lines are all
    /// `category<TAB>term` (the second field not a number) is read as TSV.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "tsv" | "tab" => Some(Format::Tsv),
            "dic" => Some(Format::Liwc),
            "dicx" => Some(Format::Dicx),
            "yml" | "yaml" => Some(Format::Yaml),
            "lc3" | "lcd" => Some(Format::Lexicoder),
            "cat" => Some(Format::WordStat),
            "txt" | "lst" | "list" => Some(Format::WordList),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Tsv => "tsv",
            Format::Liwc => "liwc",
            Format::Dicx => "dicx",
            Format::Yaml => "yaml",
            Format::Lexicoder => "lexicoder",
            Format::WordStat => "wordstat",
            Format::WordList => "words",
        }
    }
}

/// The lines of a file whatever its line endings (LF, CRLF, or old-Mac CR only), so that
/// index + 1 is the line number.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(&text[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push(&text[start..]);
    }
    out
}

/// Reads and validates a lexicon file; the format comes from its extension.
pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
    load_as(path, None)
}

/// Reads and validates a lexicon file in the given format, or the one its extension implies.
pub fn load_as(path: &Path, format: Option<Format>) -> Result<Lexicon, LexiconError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|cause| LexiconError::Read {
        path: display.clone(),
        cause,
    })?;
    let problem = |line: usize, message: String| {
        LexiconError::Invalid(vec![Problem {
            file: display.clone(),
            line,
            message,
            warning: false,
        }])
    };
    let Some(format) = format.or_else(|| Format::from_path(path)) else {
        return Err(problem(
            0,
            format!(
                "unknown lexicon format: expected .toml (slant), .tsv (category<TAB>term), .dic \
                 (LIWC), .yml (quanteda), .lc3 (Lexicoder), .cat (WordStat) or .txt (word list), \
                 or name the format with --lexicon-format ({})",
                Format::NAMES.join(", ")
            ),
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
            return Err(problem(
                line,
                "not valid UTF-8: save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"
                    .to_string(),
            ));
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("lexicon");
    parse(text, &display, stem, format)
}

/// Parses lexicon text in the given format. `source` names it in messages; `stem` is the
/// name used when the file gives none. A word list whose lines are all `category<TAB>term`
/// is read as TSV.
pub fn parse(
    text: &str,
    source: &str,
    stem: &str,
    format: Format,
) -> Result<Lexicon, LexiconError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = match format {
        Format::WordList if looks_like_tsv(text) => Format::Tsv,
        f => f,
    };
    let mut lexicon = match format {
        Format::Toml => parse_toml(text, source, stem)?,
        Format::Tsv => parse_tsv(text, source, stem)?,
        Format::Liwc => liwc::parse(text, source, stem)?,
        Format::Dicx => dicx::parse(text, source, stem)?,
        Format::Yaml => yaml::parse(text, source, stem)?,
        Format::Lexicoder => lexicoder::parse(text, source, stem)?,
        Format::WordStat => wordstat::parse(text, source, stem)?,
        Format::WordList => wordlist::parse(text, source, stem)?,
    };
    lexicon.sha256 = sha256_hex(text.as_bytes());
    Ok(lexicon)
}

/// Whether a `.txt` file is `category<TAB>term` lines rather than a word list (where a tab, if
/// any, is followed by a score).
fn looks_like_tsv(text: &str) -> bool {
    let content: Vec<&str> = lines(text)
        .into_iter()
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with(';')
        })
        .collect();
    !content.is_empty()
        && content.iter().all(|l| match l.split_once('\t') {
            Some((category, term)) => {
                !category.trim().is_empty() && term.trim().parse::<f64>().is_err()
            }
            None => false,
        })
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    crate::outdir::hex(&Sha256::digest(bytes))
}

/// Lexicons shipped with slant, embedded in the binary: (path, text).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "lexicons/syria.toml",
        include_str!("../../lexicons/syria.toml"),
    ),
    (
        "lexicons/attribution.toml",
        include_str!("../../lexicons/attribution.toml"),
    ),
    (
        "lexicons/epistemic.toml",
        include_str!("../../lexicons/epistemic.toml"),
    ),
    (
        "lexicons/delegitimation.toml",
        include_str!("../../lexicons/delegitimation.toml"),
    ),
    (
        "lexicons/actors.toml",
        include_str!("../../lexicons/actors.toml"),
    ),
];

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
                warning: false,
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
    pub warnings: Vec<Problem>,
    /// Strict (slant's own formats): every problem is an error. Lenient (imported
    /// dictionaries): an entry that cannot be used, a duplicate or an empty category is a
    /// warning, and the entry is set aside.
    pub strict: bool,
}

impl<'a> Builder<'a> {
    pub fn new(file: &'a str) -> Self {
        Builder {
            file,
            problems: Vec::new(),
            warnings: Vec::new(),
            strict: true,
        }
    }

    /// For imported formats: entry-level problems are warnings.
    pub fn lenient(file: &'a str) -> Self {
        Builder {
            strict: false,
            ..Builder::new(file)
        }
    }

    pub fn problem(&mut self, line: usize, message: impl Into<String>) {
        let file = self.file.to_string();
        self.problems.push(Problem {
            file,
            line,
            message: message.into(),
            warning: false,
        });
    }

    pub fn warning(&mut self, line: usize, message: impl Into<String>) {
        let file = self.file.to_string();
        self.warnings.push(Problem {
            file,
            line,
            message: message.into(),
            warning: true,
        });
    }

    /// An entry-level problem: an error in strict mode, a warning otherwise.
    fn entry_problem(&mut self, line: usize, message: String) {
        if self.strict {
            self.problem(line, message);
        } else {
            self.warning(line, format!("{message}; left out"));
        }
    }

    /// Parses a term, recording a problem (and returning `None`) when it cannot match.
    pub fn term(&mut self, text: &str, line: usize, what: &str) -> Option<Term> {
        match Pattern::parse(text) {
            Ok(pattern) => Some(Term {
                text: text.to_string(),
                pattern,
                line,
                score: None,
            }),
            Err(e) => {
                self.entry_problem(line, format!("{what} `{text}` {e}"));
                None
            }
        }
    }

    /// Adds a term to the category named `name`, created (in order) on first use.
    pub fn add(&mut self, categories: &mut Categories, name: &str, text: &str, line: usize) {
        self.add_scored(categories, name, text, line, None);
    }

    /// [`Builder::add`] with the term's score.
    pub fn add_scored(
        &mut self,
        categories: &mut Categories,
        name: &str,
        text: &str,
        line: usize,
        score: Option<Score>,
    ) {
        let index = categories.index(name, line);
        if let Some(term) = self.term(text, line, "entry") {
            categories.list[index].terms.push(Term { score, ..term });
        }
    }

    /// Opens the category `name` at a header line (`+name` in Lexicoder, a category line in
    /// WordStat). A name opened a second time is a warning: its entries go into the category
    /// opened first, as one category.
    pub fn open_category(&mut self, categories: &mut Categories, name: &str, line: usize) {
        if let Some(&first) = categories.index.get(name) {
            let first_line = categories.lines[first];
            self.warning(
                line,
                format!(
                    "category `{name}` is opened again (first on line {first_line}): its entries are merged into one category"
                ),
            );
        } else {
            categories.index(name, line);
        }
    }

    /// Checks that each category has terms and no duplicate. In lenient mode a duplicate is
    /// dropped and an empty category kept, each with a warning.
    pub fn check_categories(&mut self, categories: &mut [Category], lines: &[usize]) {
        for (category, &line) in categories.iter_mut().zip(lines) {
            if category.terms.is_empty() {
                let message = format!("category `{}` has no terms", category.name);
                if self.strict {
                    self.problem(line, format!("{message}; add terms or remove it"));
                } else {
                    self.warning(line, format!("{message}: it will count nothing"));
                }
            }
            let mut kept: Vec<Term> = Vec::with_capacity(category.terms.len());
            let mut first_of: HashMap<Pattern, usize> = HashMap::with_capacity(kept.capacity());
            for term in std::mem::take(&mut category.terms) {
                match first_of.get(&term.pattern).map(|&k| &kept[k]) {
                    Some(first) => {
                        let message = format!(
                            "duplicate term `{}` in category `{}` (same as `{}` on line {})",
                            term.text, category.name, first.text, first.line
                        );
                        if self.strict {
                            self.problem(term.line, message);
                            kept.push(term);
                        } else {
                            self.warning(term.line, format!("{message}; counted once"));
                        }
                    }
                    None => {
                        first_of.insert(term.pattern.clone(), kept.len());
                        kept.push(term);
                    }
                }
            }
            category.terms = kept;
        }
    }

    /// Warns about a term that a longer term of another category starts with: where both
    /// match, leftmost-longest counts only the longer one.
    ///
    /// The terms are put in a trie of their words once, each node keeping the first terms (of
    /// two different categories) that go on past it, so the check takes time in proportion to
    /// the words of all terms, not to the square of their number.
    pub fn check_shadowing(&mut self, categories: &[Category]) {
        let trie = Trie::of(categories);
        for (a, short_category) in categories.iter().enumerate() {
            for short in &short_category.terms {
                let shadow = trie.longer(&short.pattern.words, a).map(|(c, t)| {
                    let long_category = &categories[c];
                    (long_category, &long_category.terms[t])
                });
                if let Some((long_category, long)) = shadow {
                    self.warning(
                        short.line,
                        format!(
                            "term `{}` (category `{}`) is shadowed by the longer `{}` (category `{}`, \
                             line {}): where both match, only `{}` counts",
                            short.text, short_category.name, long.text, long_category.name, long.line, long.text
                        ),
                    );
                }
            }
        }
    }

    /// Checks the categories (duplicates, empty ones, shadowing) of a lexicon with no metadata
    /// but its name, then finishes it: the common end of the TSV reader and the importers.
    pub fn finish_import(
        mut self,
        categories: Categories,
        stem: &str,
        entries: usize,
    ) -> Result<Lexicon, LexiconError> {
        let Categories {
            list: mut categories,
            lines,
            ..
        } = categories;
        self.check_categories(&mut categories, &lines);
        self.check_shadowing(&categories);
        let source = self.file.to_string();
        let mut lexicon = imported(stem, &source, categories, entries);
        valence::add_tone(&mut lexicon);
        self.finish(lexicon)
    }

    pub fn finish(self, mut lexicon: Lexicon) -> Result<Lexicon, LexiconError> {
        if self.problems.is_empty() {
            lexicon.warnings = self.warnings;
            Ok(lexicon)
        } else {
            // Every problem in one pass: the warnings too, in line order.
            let mut all = self.problems;
            all.extend(self.warnings);
            all.sort_by_key(|p| p.line);
            Err(LexiconError::Invalid(all))
        }
    }
}

/// The categories of a dictionary as it is read: in order of first appearance, each with the
/// line it first appeared on, found by name in constant time.
#[derive(Default)]
pub struct Categories {
    pub list: Vec<Category>,
    pub lines: Vec<usize>,
    index: HashMap<String, usize>,
}

impl Categories {
    /// The index of the category named `name`, created at the end (with its line) if new.
    pub fn index(&mut self, name: &str, line: usize) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.list.push(Category {
            name: name.to_string(),
            description: None,
            terms: Vec::new(),
            not: Vec::new(),
        });
        self.lines.push(line);
        self.index.insert(name.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The terms of a lexicon in a trie of their words, for the shadowing check.
struct Trie<'a> {
    /// children of each node by word; node 0 is the root
    children: Vec<HashMap<&'a PatternWord, usize>>,
    /// the first term (category, term index) of two different categories that goes on past
    /// each node
    longer: Vec<[Option<(usize, usize)>; 2]>,
}

impl<'a> Trie<'a> {
    fn of(categories: &'a [Category]) -> Trie<'a> {
        let mut trie = Trie {
            children: vec![HashMap::new()],
            longer: vec![[None, None]],
        };
        for (c, category) in categories.iter().enumerate() {
            for (t, term) in category.terms.iter().enumerate() {
                let mut node = 0;
                for word in &term.pattern.words {
                    // this term goes on past `node`
                    let slots = &mut trie.longer[node];
                    match slots {
                        [None, _] => slots[0] = Some((c, t)),
                        [Some((first, _)), None] if *first != c => slots[1] = Some((c, t)),
                        _ => {}
                    }
                    node = match trie.children[node].get(word) {
                        Some(&n) => n,
                        None => {
                            let n = trie.children.len();
                            trie.children.push(HashMap::new());
                            trie.longer.push([None, None]);
                            trie.children[node].insert(word, n);
                            n
                        }
                    };
                }
            }
        }
        trie
    }

    /// The first term of a category other than `category` whose words start with `words` and
    /// go on past them.
    fn longer(&self, words: &[PatternWord], category: usize) -> Option<(usize, usize)> {
        let mut node = 0;
        for w in words {
            node = *self.children[node].get(w)?;
        }
        self.longer[node]
            .iter()
            .flatten()
            .copied()
            .find(|&(c, _)| c != category)
    }
}

/// A lexicon with no metadata but its name, for imported formats.
pub(crate) fn imported(
    name: &str,
    source: &str,
    categories: Vec<Category>,
    entries: usize,
) -> Lexicon {
    Lexicon {
        name: name.to_string(),
        version: None,
        language: None,
        description: None,
        source: source.to_string(),
        sha256: String::new(),
        categories,
        contrasts: Vec::new(),
        negation: None,
        entries,
        warnings: Vec::new(),
        groups_speakers: false,
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
            ("ter*ror", "ter*ror"),
            ("**", "error: MisplacedWildcard"),
            ("* *", "error: MisplacedWildcard"),
            ("? *", "? *"),
            ("colo?r", "colo?r"),
            ("Colo?R*", "colo?r*"),
            ("*ISM", "*ism"),
            ("heckl**", "heckl**"),
            ("fair-*", "fair *"),
            ("Гвине*-Бисау", "гвине* бисау"),
            ("the * of", "the * of"),
            ("war *, crimes", "error: BreakingPunctuation(\",\")"),
            ("*,war", "error: MisplacedWildcard"),
            ("Amnesty’s*", "amnesty's*"),
            ("9/11", "error: BreakingPunctuation(\"/\")"),
            ("war,crimes", "error: BreakingPunctuation(\",\")"),
            ("war, crimes", "error: BreakingPunctuation(\",\")"),
            ("“moderate” opposition", "error: BreakingPunctuation(\"”\")"),
            ("U.S. forces", "u.s forces"),
            ("rebels' commander*", "rebels commander*"),
            ("U.S.*", "error: MisplacedWildcard"),
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
