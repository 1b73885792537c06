//! WordStat (Provalis) `.cat` dictionaries: categories and entries nested by tab indentation.
//! An entry line ends with a weight in parentheses (`ABANDON (1)`, `WORD* (1)`); any other
//! line is a category, nested under the category one tab to its left. Nested names are
//! flattened with dots (`ECONOMY.+STATE+`), as quanteda does.

use super::{lines, Builder, Categories, Lexicon, LexiconError};

/// `ABANDON (1)` → `ABANDON`; `None` for a line without a weight (a category).
fn entry(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let open = line.rfind('(')?;
    let weight = line[open + 1..].strip_suffix(')')?;
    weight.trim().parse::<f64>().ok()?;
    Some(line[..open].trim())
}

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let mut categories = Categories::default();
    let mut path: Vec<String> = Vec::new(); // category names by depth
    let mut entries = 0;
    for (k, raw) in lines(text).into_iter().enumerate() {
        let line_no = k + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let depth = raw.chars().take_while(|&c| c == '\t').count();
        let content = raw.trim();
        match entry(content) {
            Some(pattern) => {
                entries += 1;
                if path.is_empty() {
                    b.problem(
                        line_no,
                        format!("entry `{content}` comes before any category"),
                    );
                    continue;
                }
                path.truncate(depth.max(1));
                let name = path.join(".");
                b.add(&mut categories, &name, pattern, line_no);
            }
            None => {
                if depth > path.len() {
                    b.problem(
                        line_no,
                        format!("category `{content}` is indented deeper than its parent"),
                    );
                    continue;
                }
                path.truncate(depth);
                path.push(content.to_string());
                b.open_category(&mut categories, &path.join("."), line_no);
            }
        }
    }
    // Categories that only hold sub-categories are structure, not categories to count: every
    // name before a dot of a nested name (names may hold dots of their own, as `U.S.` does).
    let parents: std::collections::HashSet<String> = categories
        .list
        .iter()
        .flat_map(|c| {
            c.name
                .match_indices('.')
                .map(|(i, _)| c.name[..i].to_string())
        })
        .collect();
    let mut kept = Categories::default();
    for (c, line) in categories.list.into_iter().zip(categories.lines) {
        if c.terms.is_empty() && parents.contains(&c.name) {
            continue;
        }
        let i = kept.index(&c.name, line);
        kept.list[i] = c;
    }
    b.finish_import(kept, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_nested() {
        let flat = "NEGATIVE\r\n\tABANDON (1)\r\n\tABUSE* (1)\r\nMODAL WORDS WEAK\r\n";
        let lex = parse(flat, "f.cat", "f").unwrap();
        assert_eq!(lex.entries, 2);
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["NEGATIVE", "MODAL WORDS WEAK"]);
        assert_eq!(lex.categories[0].terms[1].text, "ABUSE*");
        assert!(lex.warnings[0]
            .to_string()
            .contains("`MODAL WORDS WEAK` has no terms"));

        let nested = "ECONOMY\n\t+STATE+\n\t\tACCOMMODATION (1)\n\t\tAGE (1)\n\t-STATE-\n\t\tASSETS (1)\nCULTURE\n\tARTS (1)\n";
        let lex = parse(nested, "n.cat", "n").unwrap();
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["ECONOMY.+STATE+", "ECONOMY.-STATE-", "CULTURE"]);
        assert_eq!(lex.entries, 4);
    }
}
