//! Plain `category<TAB>term` lexicons: one term per line, `#` starts a comment line.

use super::{Builder, Categories, Lexicon, LexiconError};

/// Parses a TSV lexicon. Categories appear in the order of their first term; the lexicon is
/// named after the file.
pub fn parse_tsv(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::new(source);
    let mut categories = Categories::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((category, term)) = raw.split_once('\t') else {
            b.problem(line, "expected `category<TAB>term`: no tab on this line");
            continue;
        };
        let (category, term) = (category.trim(), term.trim());
        if category.is_empty() {
            b.problem(line, "empty category name before the tab");
            continue;
        }
        if term.contains('\t') {
            b.problem(line, "more than one tab: expected `category<TAB>term`");
            continue;
        }
        let Some(term) = b.term(term, line, "term") else {
            continue;
        };
        let c = categories.index(category, line);
        categories.list[c].terms.push(term);
    }
    if categories.is_empty() && b.problems.is_empty() {
        b.problem(0, "no terms: expected lines of `category<TAB>term`");
    }
    let entries = categories.list.iter().map(|c| c.terms.len()).sum();
    b.finish_import(categories, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_categories_in_order() {
        let text = "# designations\nterrorist_label\tterrorist*\nopposition_label\trebel*\n\
                    terrorist_label\tjihadist*\r\n";
        let lex = parse_tsv(text, "d.tsv", "d").unwrap();
        assert_eq!(lex.name, "d");
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["terrorist_label", "opposition_label"]);
        assert_eq!(lex.categories[0].terms[1].text, "jihadist*");
        assert_eq!(lex.categories[0].terms[1].line, 4);
    }

    #[test]
    fn reports_bad_lines() {
        let text = "a\tx\nno tab here\na\tU.S.*\n";
        let Err(LexiconError::Invalid(p)) = parse_tsv(text, "d.tsv", "d") else {
            panic!()
        };
        let p: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            p,
            [
                "d.tsv:2: expected `category<TAB>term`: no tab on this line",
                "d.tsv:3: term `U.S.*` has a `*` or `?` that belongs to no word (after punctuation, as in \
                 `U.S.*`), or only wildcards (which would match every word); write it inside or at \
                 the edge of a word (`war crime*`, `colo?r`, `fair-*`)",
            ]
        );
    }
}
