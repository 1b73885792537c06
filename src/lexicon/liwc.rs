//! LIWC `.dic` dictionaries.
//!
//! A header between two lines holding only `%` maps category ids to names (`01	HarmVirtue`);
//! then each line is an entry: the pattern, a tab, and one or more category ids separated by
//! spaces or tabs (`preserve		01 07 09`). A pattern may have several words (`civil rights`)
//! and a trailing `*` (prefix wildcard). Line endings may be LF, CRLF or CR only.

use super::{lines, Builder, Categories, Lexicon, LexiconError};

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let lines = lines(text);
    let mut i = 0;
    // Skip blank lines before the header.
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if lines.get(i).map(|l| l.trim()) != Some("%") {
        b.problem(
            i + 1,
            "bad LIWC header: the file must start with a line holding only `%`",
        );
        return Err(LexiconError::Invalid(b.problems));
    }
    i += 1;
    let mut ids: Vec<(String, String)> = Vec::new(); // (id, name)
    let mut categories = Categories::default();
    loop {
        let Some(line) = lines.get(i) else {
            b.problem(
                i,
                "bad LIWC header: no closing `%` line after the categories",
            );
            return Err(LexiconError::Invalid(b.problems));
        };
        i += 1;
        let line = line.trim();
        if line == "%" {
            break;
        }
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next()) {
            (Some(id), Some(name)) => {
                let name = std::iter::once(name)
                    .chain(parts)
                    .collect::<Vec<_>>()
                    .join(" ");
                categories.index(&name, i);
                ids.push((id.to_string(), name));
            }
            _ => b.problem(
                i,
                format!("bad LIWC header line `{line}`: expected `id<TAB>category name`"),
            ),
        }
    }
    // ids without leading zeros (`01` is `1`) -> category name
    let mut by_id: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (id, name) in &ids {
        // of two ids alike but for leading zeros, the first one defined
        by_id
            .entry(id.trim_start_matches('0'))
            .or_insert(name.as_str());
    }
    let find = |id: &str| by_id.get(id.trim_start_matches('0')).copied();
    let mut defined: Vec<&str> = ids.iter().take(20).map(|(id, _)| id.as_str()).collect();
    if ids.len() > 20 {
        defined.push("…");
    }
    let defined = defined.join(", ");
    let mut entries = 0;
    for (k, raw) in lines.iter().enumerate().skip(i) {
        let line_no = k + 1;
        let raw = raw.trim_end();
        if raw.trim().is_empty() {
            continue;
        }
        entries += 1;
        // The pattern is everything before the first tab; without a tab, the words before the
        // trailing ids.
        let (pattern, id_text) = match raw.split_once('\t') {
            Some((p, rest)) => (p.trim().to_string(), rest.to_string()),
            None => {
                let words: Vec<&str> = raw.split_whitespace().collect();
                let first_id = words
                    .iter()
                    .position(|w| find(w).is_some())
                    .unwrap_or(words.len());
                (words[..first_id].join(" "), words[first_id..].join(" "))
            }
        };
        let entry_ids: Vec<&str> = id_text.split_whitespace().collect();
        if entry_ids.is_empty() {
            b.problem(line_no, format!("entry `{pattern}` has no category id"));
            continue;
        }
        for id in entry_ids {
            match find(id) {
                Some(name) => b.add(&mut categories, name, &pattern, line_no),
                None => b.problem(
                    line_no,
                    format!("entry `{pattern}` names unknown category id `{id}` (the header defines {defined})"),
                ),
            }
        }
    }
    b.finish_import(categories, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIC: &str = "%\n01\tHarmVirtue\n02\tHarmVice\n%\nsafe*\t\t01\nhurt*\t02\nprotect \t01 02\ncivil rights\t01\n";

    #[test]
    fn reads_header_entries_and_multiple_categories() {
        let lex = parse(DIC, "m.dic", "m").unwrap();
        assert_eq!(lex.name, "m");
        assert_eq!(lex.entries, 4);
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["HarmVirtue", "HarmVice"]);
        let terms = |c: usize| {
            lex.categories[c]
                .terms
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(terms(0), ["safe*", "protect", "civil rights"]);
        assert_eq!(terms(1), ["hurt*", "protect"]);
        assert_eq!(lex.categories[1].terms[1].line, 7);
    }

    #[test]
    fn line_endings_and_bom_do_not_matter() {
        let cr = DIC.replace('\n', "\r");
        let crlf = DIC.replace('\n', "\r\n");
        let a = parse(DIC, "m.dic", "m").unwrap();
        for other in [cr, crlf] {
            let b = parse(&other, "m.dic", "m").unwrap();
            assert_eq!(a.categories, b.categories);
        }
    }

    #[test]
    fn problems_with_lines() {
        let bad = "%\n01\tA\n%\nfoo\t03\nU.S.*\t01\n";
        let Err(LexiconError::Invalid(p)) = parse(bad, "b.dic", "b") else {
            panic!("should fail")
        };
        let p: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        let unknown = "b.dic:4: entry `foo` names unknown category id `03` (the header defines 01)";
        assert!(p.iter().any(|m| m == unknown), "{p:?}");
        assert!(
            p.iter().any(|m| m.starts_with(
                "b.dic:5: warning: entry `U.S.*` has a `*` or `?` that belongs to no word"
            )),
            "{p:?}"
        );
        let no_header = "foo\t01\n";
        let Err(LexiconError::Invalid(p)) = parse(no_header, "b.dic", "b") else {
            panic!()
        };
        assert!(p[0].to_string().starts_with("b.dic:1: bad LIWC header"));
    }
}
