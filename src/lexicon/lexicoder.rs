//! Lexicoder `.lc3` dictionaries: a line `+category#colour` opens a category, and every
//! following line (usually with a leading space) until the next `+` line is one pattern;
//! `*` is a prefix wildcard, patterns may have several words.

use super::{lines, Builder, Categories, Lexicon, LexiconError};

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let mut categories = Categories::default();
    let mut current: Option<String> = None;
    let mut entries = 0;
    for (k, raw) in lines(text).into_iter().enumerate() {
        let line_no = k + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = raw.trim_start().strip_prefix('+') {
            let name = header.split('#').next().unwrap_or("").trim();
            if name.is_empty() {
                b.problem(
                    line_no,
                    "bad Lexicoder category line: expected `+name#colour`",
                );
                current = None;
            } else {
                b.open_category(&mut categories, name, line_no);
                current = Some(name.to_string());
            }
            continue;
        }
        entries += 1;
        match &current {
            Some(name) => {
                let name = name.clone();
                b.add(&mut categories, &name, line, line_no);
            }
            None => b.problem(
                line_no,
                format!("pattern `{line}` comes before any `+category` line"),
            ),
        }
    }
    if categories.is_empty() && b.problems.is_empty() {
        b.problem(
            0,
            "no categories: a Lexicoder file opens each category with `+name#colour`",
        );
    }
    b.finish_import(categories, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_categories_and_patterns() {
        let text =
            "+negative#FF0000\r\n abandon*\r\n beyond the pale\r\n+positive#00BB00\r\n abide*\r\n";
        let lex = parse(text, "l.lc3", "l").unwrap();
        assert_eq!(lex.entries, 3);
        assert_eq!(lex.categories[0].name, "negative");
        assert_eq!(lex.categories[0].terms[1].text, "beyond the pale");
        assert_eq!(lex.categories[1].terms[0].line, 5);
        let Err(LexiconError::Invalid(p)) = parse(" orphan\n", "l.lc3", "l") else {
            panic!()
        };
        assert_eq!(
            p[0].to_string(),
            "l.lc3:1: pattern `orphan` comes before any `+category` line"
        );
        let lex = parse("+neg\n bad\n+pos\n good\n+neg\n worse\n", "l.lc3", "l").unwrap();
        assert_eq!(lex.categories.len(), 2);
        assert_eq!(lex.categories[0].terms.len(), 2);
        assert_eq!(
            lex.warnings[0].to_string(),
            "l.lc3:5: warning: category `neg` is opened again (first on line 1): its entries are merged into one category"
        );
    }
}
