//! slant's own lexicon format (TOML). See README.md, "Lexicon format".

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::valence::{self, ContrastKind, Negation, NegationAction, DEFAULT_NEGATORS};
use super::{Builder, Category, Contrast, Lexicon, LexiconError, Pattern, Score};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lexicon: Option<RawMeta>,
    #[serde(default)]
    categories: IndexMap<Spanned<String>, RawCategory>,
    #[serde(default)]
    contrasts: IndexMap<Spanned<String>, RawContrast>,
    negation: Option<Spanned<RawNegation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNegation {
    words: Option<Vec<Spanned<String>>>,
    window: Option<u32>,
    action: Option<Spanned<String>>,
    categories: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: Option<String>,
    version: Option<toml::Value>,
    language: Option<String>,
    description: Option<String>,
    #[allow(dead_code)] // documented metadata, kept in the file for readers
    sources: Option<Vec<String>>,
    #[allow(dead_code)]
    authors: Option<Vec<String>>,
    #[allow(dead_code)]
    license: Option<String>,
    groups_speakers: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    description: Option<String>,
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    not: Vec<Spanned<String>>,
    /// Weights of the terms, by the term as written (`abandon = -2`): all of them or none.
    #[serde(default)]
    scores: IndexMap<Spanned<String>, Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContrast {
    description: Option<String>,
    categories: Vec<Spanned<String>>,
    /// `"shares"` (the default) or `"tone"`.
    kind: Option<Spanned<String>>,
}

/// Line numbers of byte offsets, from the offsets of the line breaks found once (counting
/// the breaks before each of a file's 100,000 terms would take the square of its size).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The line (from 1) of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// Parses slant's TOML lexicon format, reporting every problem at once.
pub fn parse_toml(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let breaks = Lines::of(text);
    let line_of = |_: &str, offset: usize| breaks.line(offset);
    let mut b = Builder::new(source);
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            b.problem(line, e.message().trim().to_string());
            return Err(LexiconError::Invalid(b.problems));
        }
    };
    let meta = raw.lexicon;
    let mut categories = Vec::new();
    let mut category_lines = Vec::new();
    for (name, raw_cat) in &raw.categories {
        let line = line_of(text, name.span().start);
        let mut terms = Vec::new();
        for t in &raw_cat.terms {
            if let Some(term) = b.term(t.get_ref(), line_of(text, t.span().start), "term") {
                terms.push(term);
            }
        }
        let mut not = Vec::new();
        for t in &raw_cat.not {
            if let Some(term) = b.term(t.get_ref(), line_of(text, t.span().start), "`not` phrase") {
                not.push(term);
            }
        }
        for (term, value) in &raw_cat.scores {
            let at = line_of(text, term.span().start);
            let number = match value.get_ref() {
                toml::Value::Integer(i) => Score::new(*i as f64),
                toml::Value::Float(x) => Score::new(*x),
                _ => None,
            };
            let Some(score) = number else {
                b.problem(
                    at,
                    format!("the score of `{}` must be a number", term.get_ref()),
                );
                continue;
            };
            match terms.iter_mut().find(|t| t.text == *term.get_ref()) {
                Some(t) => t.score = Some(score),
                None => b.problem(
                    at,
                    format!(
                        "`scores` names `{}`, which is not a term of category `{}`",
                        term.get_ref(),
                        name.get_ref()
                    ),
                ),
            }
        }
        if !raw_cat.scores.is_empty() {
            for t in terms.iter().filter(|t| t.score.is_none()) {
                b.problem(
                    t.line,
                    format!(
                        "term `{}` of category `{}` has no score; give every term a score, or none",
                        t.text,
                        name.get_ref()
                    ),
                );
            }
        }
        // A term that failed to parse was reported; don't also call the category empty.
        let failed = raw_cat.terms.len() - terms.len();
        categories.push(Category {
            name: name.get_ref().clone(),
            description: raw_cat.description.clone(),
            terms,
            not,
        });
        category_lines.push(if failed > 0 { usize::MAX } else { line });
    }
    let (mut checkable, lines): (Vec<Category>, Vec<usize>) = categories
        .iter()
        .zip(&category_lines)
        .filter(|(_, &l)| l != usize::MAX)
        .map(|(c, &l)| (c.clone(), l))
        .unzip();
    b.check_categories(&mut checkable, &lines);
    b.check_shadowing(&categories);
    if raw.categories.is_empty() {
        b.problem(
            0,
            "no categories: add at least one [categories.NAME] table with `terms`",
        );
    }

    let mut contrasts = Vec::new();
    for (name, raw_contrast) in &raw.contrasts {
        let line = line_of(text, name.span().start);
        let mut members = Vec::new();
        for c in &raw_contrast.categories {
            match categories.iter().position(|cat| &cat.name == c.get_ref()) {
                Some(i) if members.contains(&i) => b.problem(
                    line_of(text, c.span().start),
                    format!(
                        "contrast `{}` lists category `{}` twice",
                        name.get_ref(),
                        c.get_ref()
                    ),
                ),
                Some(i) => members.push(i),
                None => b.problem(
                    line_of(text, c.span().start),
                    format!(
                        "contrast `{}` names unknown category `{}`; known: {}",
                        name.get_ref(),
                        c.get_ref(),
                        categories
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
        if raw_contrast.categories.len() < 2 {
            b.problem(
                line,
                format!(
                    "contrast `{}` needs at least two categories to compare",
                    name.get_ref()
                ),
            );
        }
        let kind = match raw_contrast
            .kind
            .as_ref()
            .map(|k| (k.get_ref().as_str(), k))
        {
            None | Some(("shares", _)) => ContrastKind::Shares,
            Some(("tone", k)) => {
                if raw_contrast.categories.len() != 2 {
                    b.problem(
                        line_of(text, k.span().start),
                        format!(
                            "contrast `{}` is a tone: it needs exactly two categories, \
                             positive then negative",
                            name.get_ref()
                        ),
                    );
                }
                ContrastKind::Tone
            }
            Some((other, k)) => {
                b.problem(
                    line_of(text, k.span().start),
                    format!(
                        "contrast `{}`: unknown kind `{other}`; use \"shares\" or \"tone\"",
                        name.get_ref()
                    ),
                );
                ContrastKind::Shares
            }
        };
        contrasts.push(Contrast {
            name: name.get_ref().clone(),
            description: raw_contrast.description.clone(),
            categories: members,
            kind,
        });
    }
    let negation = raw
        .negation
        .as_ref()
        .and_then(|n| negation(n, &categories, &contrasts, &mut b, &line_of, text));

    let version = meta
        .as_ref()
        .and_then(|m| m.version.as_ref())
        .map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    let lexicon = Lexicon {
        name: meta
            .as_ref()
            .and_then(|m| m.name.clone())
            .unwrap_or_else(|| stem.to_string()),
        version,
        language: meta.as_ref().and_then(|m| m.language.clone()),
        description: meta.as_ref().and_then(|m| m.description.clone()),
        source: source.to_string(),
        sha256: String::new(),
        entries: categories.iter().map(|c| c.terms.len()).sum(),
        categories,
        contrasts,
        negation,
        warnings: Vec::new(),
        groups_speakers: meta
            .as_ref()
            .and_then(|m| m.groups_speakers)
            .unwrap_or(false),
    };
    b.finish(lexicon)
}

/// The `[negation]` table, checked: its negators parse as one-word terms, its categories
/// exist, and with `action = "flip"` each has somewhere to flip to (a tone contrast) or a
/// score to change the sign of.
fn negation(
    raw: &Spanned<RawNegation>,
    categories: &[Category],
    contrasts: &[Contrast],
    b: &mut Builder,
    line_of: &dyn Fn(&str, usize) -> usize,
    text: &str,
) -> Option<Negation> {
    let line = line_of(text, raw.span().start);
    let n = raw.get_ref();
    let mut words = Vec::new();
    let mut written = Vec::new();
    let listed: &[Spanned<String>] = n.words.as_deref().unwrap_or(&[]);
    for w in listed {
        let at = line_of(text, w.span().start);
        match Pattern::parse(w.get_ref()) {
            Ok(mut p) if p.words.len() == 1 => {
                words.push(p.words.remove(0));
                written.push(w.get_ref().clone());
            }
            Ok(_) => b.problem(at, format!("negator `{}` must be one word", w.get_ref())),
            Err(e) => b.problem(at, format!("negator `{}`: {e}", w.get_ref())),
        }
    }
    if n.words.is_none() {
        written = DEFAULT_NEGATORS.iter().map(|w| w.to_string()).collect();
        words = DEFAULT_NEGATORS
            .iter()
            .filter_map(|w| Pattern::parse(w).ok().map(|mut p| p.words.remove(0)))
            .collect();
    } else if listed.is_empty() {
        b.problem(line, "negation: `words` is empty; list the negators, or leave `words` out for the default list");
    }
    let window = n.window.unwrap_or(valence::DEFAULT_WINDOW);
    if window == 0 {
        b.problem(line, "negation: `window` must be at least 1 word");
    }
    let action = match n.action.as_ref().map(|a| (a.get_ref().as_str(), a)) {
        None | Some(("exclude", _)) => NegationAction::Exclude,
        Some(("flip", _)) => NegationAction::Flip,
        Some((other, a)) => {
            b.problem(
                line_of(text, a.span().start),
                format!("negation: unknown action `{other}`; use \"exclude\" or \"flip\""),
            );
            NegationAction::Exclude
        }
    };
    let mut applies = vec![n.categories.is_none(); categories.len()];
    for c in n.categories.iter().flatten() {
        match categories.iter().position(|k| &k.name == c.get_ref()) {
            Some(i) => applies[i] = true,
            None => b.problem(
                line_of(text, c.span().start),
                format!("negation names unknown category `{}`", c.get_ref()),
            ),
        }
    }
    let partner = valence::partners(categories.len(), contrasts);
    if action == NegationAction::Flip {
        for (i, c) in categories.iter().enumerate() {
            let scored = c.terms.iter().any(|t| t.score.is_some());
            if applies[i] && partner[i] == i && !scored {
                b.problem(
                    line,
                    format!(
                        "negation flips category `{}`, but it is in no tone contrast and has no \
                         scores: there is nothing to flip it to; list the categories to negate \
                         in `categories`, or use action = \"exclude\"",
                        c.name
                    ),
                );
            }
        }
    }
    Some(Negation {
        words,
        written,
        window,
        action,
        applies,
        partner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse_toml(text, "x.toml", "x") {
            Ok(_) => vec![],
            Err(LexiconError::Invalid(p)) => p.iter().map(|p| p.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn reads_design_example() {
        let text = r#"
[lexicon]
name = "syria-designations"
version = 1
language = "en"

[categories.terrorist_label]
description = "armed anti-government groups called terrorists"
terms = ["terrorist*", "terror group*", "jihadist*", "takfiri*"]

[categories.opposition_label]
terms = ["opposition", "moderate opposition", "rebel*", "insurgent*"]
not = ["opposition party", "opposition leader*"]

[contrasts.armed_groups]
categories = ["terrorist_label", "opposition_label"]
"#;
        let lex = parse_toml(text, "x.toml", "x").unwrap();
        assert_eq!(lex.name, "syria-designations");
        assert_eq!(lex.version.as_deref(), Some("1"));
        assert_eq!(lex.categories.len(), 2);
        assert_eq!(lex.categories[0].name, "terrorist_label");
        assert_eq!(lex.categories[1].terms[1].text, "moderate opposition");
        assert_eq!(lex.categories[1].terms[1].line, 12);
        assert_eq!(lex.categories[1].not.len(), 2);
        assert_eq!(lex.contrasts[0].categories, vec![0, 1]);
    }

    const TONE: &str = r#"
[categories.positive]
terms = ["good", "fine"]
[categories.positive.scores]
good = 2
fine = 1

[categories.negative]
terms = ["bad*"]
[categories.negative.scores]
"bad*" = -3

[contrasts.tone]
categories = ["positive", "negative"]
kind = "tone"

[negation]
words = ["not", "*n't"]
window = 2
action = "flip"
"#;

    #[test]
    fn tone_contrast_and_negation() {
        let lex = parse_toml(TONE, "t.toml", "t").unwrap();
        assert_eq!(lex.contrasts[0].kind, ContrastKind::Tone);
        let n = lex.negation.as_ref().unwrap();
        assert_eq!((n.window, n.action), (2, NegationAction::Flip));
        assert_eq!(n.written, ["not", "*n't"]);
        assert_eq!(
            (n.applies.clone(), n.partner.clone()),
            (vec![true, true], vec![1, 0])
        );
        assert!(lex.warnings.is_empty());
        // written back as it was read
        let back = parse_toml(&crate::lexicon::to_toml(&lex), "t.toml", "t").unwrap();
        assert_eq!(
            (back.contrasts, back.negation),
            (lex.contrasts, lex.negation)
        );
        // the defaults
        let lex = parse_toml(
            "[categories.a]\nterms = [\"x\"]\n[negation]\n",
            "d.toml",
            "d",
        )
        .unwrap();
        let n = lex.negation.unwrap();
        assert_eq!((n.window, n.action), (3, NegationAction::Exclude));
        assert_eq!(n.written.len(), DEFAULT_NEGATORS.len());
    }

    #[test]
    fn tone_and_negation_problems() {
        let cases = [
            (
                "[categories.a]\nterms = [\"x\"]\n[categories.b]\nterms = [\"y\"]\n[categories.c]\nterms = [\"z\"]\n[contrasts.t]\ncategories = [\"a\", \"b\", \"c\"]\nkind = \"tone\"\n",
                "p.toml:9: contrast `t` is a tone: it needs exactly two categories, positive then negative",
            ),
            (
                "[categories.a]\nterms = [\"x\"]\n[categories.b]\nterms = [\"y\"]\n[contrasts.t]\ncategories = [\"a\", \"b\"]\nkind = \"net\"\n",
                "p.toml:7: contrast `t`: unknown kind `net`; use \"shares\" or \"tone\"",
            ),
            (
                "[categories.a]\nterms = [\"x\"]\n[negation]\naction = \"flip\"\n",
                "p.toml:3: negation flips category `a`, but it is in no tone contrast and has no scores: there is nothing to flip it to; list the categories to negate in `categories`, or use action = \"exclude\"",
            ),
            (
                "[categories.a]\nterms = [\"x\"]\n[negation]\nwords = [\"not at all\"]\ncategories = [\"b\"]\n",
                "p.toml:4: negator `not at all` must be one word",
            ),
            (
                "[categories.a]\nterms = [\"x\"]\n[negation]\nwords = []\nwindow = 0\n",
                "p.toml:3: negation: `words` is empty; list the negators, or leave `words` out for the default list",
            ),
            (
                "[categories.a]\nterms = [\"x\"]\n[negation]\naction = \"drop\"\n",
                "p.toml:4: negation: unknown action `drop`; use \"exclude\" or \"flip\"",
            ),
        ];
        for (text, first) in cases {
            let got = problems_of(text);
            assert_eq!(got.first().map(String::as_str), Some(first), "{text}");
        }
        assert!(problems_of(
            "[categories.a]\nterms = [\"x\"]\n[negation]\nwords = [\"not at all\"]\ncategories = [\"b\"]\n"
        )
        .contains(&"p.toml:5: negation names unknown category `b`".to_string()));
    }

    fn problems_of(text: &str) -> Vec<String> {
        match parse_toml(text, "p.toml", "p") {
            Err(LexiconError::Invalid(problems)) => {
                problems.iter().map(|p| p.to_string()).collect()
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let text = r#"[lexicon]
name = "bad"

[categories.a]
terms = ["war crime*", "U.S.*", "War Crime*", "..."]

[categories.empty]
terms = []

[contrasts.c]
categories = ["a", "nope"]
"#;
        assert_eq!(
            problems(text),
            [
                "x.toml:5: term `U.S.*` has a `*` or `?` that belongs to no word (after punctuation, as in \
                 `U.S.*`), or only wildcards (which would match every word); write it inside or at \
                 the edge of a word (`war crime*`, `colo?r`, `fair-*`)",
                "x.toml:5: term `...` has no word or number in it, so it can never match",
                "x.toml:7: category `empty` has no terms; add terms or remove it",
                "x.toml:11: contrast `c` names unknown category `nope`; known: a, empty",
            ]
        );
    }

    #[test]
    fn duplicates_and_syntax_errors() {
        let dup = "[categories.a]\nterms = [\"Rebels\",\n \"rebels\"]\n";
        assert_eq!(
            problems(dup),
            ["x.toml:3: duplicate term `rebels` in category `a` (same as `Rebels` on line 2)"]
        );
        let unknown = "[categories.a]\nterms = [\"x\"]\nterm = [\"y\"]\n";
        let p = problems(unknown);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("x.toml:3: unknown field `term`"), "{p:?}");
        let syntax = "[categories.a]\nterms = [\"x\"\n";
        assert!(
            problems(syntax)[0].starts_with("x.toml:"),
            "{:?}",
            problems(syntax)
        );
    }
}
