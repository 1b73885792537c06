//! LIWC-22 dictionaries (`.dicx`), and weighted dictionaries as CSV in the same layout (the
//! lingmatch collection's `.csv`): a header row naming the term column (`DicTerm`) and then
//! one column per category; each row a term, and in each category's column `X` when the term
//! is in it, a number (its weight) when the dictionary is weighted, or nothing.

use super::{Builder, Categories, Lexicon, LexiconError, Score};

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let mut categories = Categories::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            b.problem(1, format!("cannot read the header row: {e}"));
            return Err(LexiconError::Invalid(b.problems));
        }
        None => {
            b.problem(0, "empty: expected a header row `DicTerm,category,…`");
            return Err(LexiconError::Invalid(b.problems));
        }
    };
    let names: Vec<String> = header
        .iter()
        .skip(1)
        .map(|n| n.trim().to_string())
        .collect();
    if names.is_empty() || names.iter().any(String::is_empty) {
        b.problem(
            1,
            "the header row must name the term column and then each category (`DicTerm,posemo,negemo`)",
        );
        return Err(LexiconError::Invalid(b.problems));
    }
    let mut entries = 0;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                b.problem(line, format!("unreadable row: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let term = record.get(0).unwrap_or("").trim();
        if term.is_empty() {
            continue;
        }
        entries += 1;
        if record.len() > names.len() + 1 {
            b.problem(
                line,
                format!(
                    "row `{term}` has {} cells, the header {}",
                    record.len(),
                    names.len() + 1
                ),
            );
            continue;
        }
        let mut placed = false;
        for (cell, name) in record.iter().skip(1).zip(&names) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let score = if cell.eq_ignore_ascii_case("x") {
                None
            } else {
                match cell.parse::<f64>().ok().and_then(Score::new) {
                    Some(s) => Some(s),
                    None => {
                        b.problem(
                            line,
                            format!(
                                "row `{term}`, column `{name}`: `{cell}` is neither X nor a number"
                            ),
                        );
                        continue;
                    }
                }
            };
            b.add_scored(&mut categories, name, term, line, score);
            placed = true;
        }
        if !placed {
            b.warning(line, format!("term `{term}` is in no category; left out"));
        }
    }
    if entries == 0 {
        b.problem(0, "no terms: expected one row per term after the header");
    }
    // a category weighted in part reads as unweighted in its unmarked terms: say so
    for c in &categories.list {
        let scored = c.terms.iter().filter(|t| t.score.is_some()).count();
        if scored > 0 && scored < c.terms.len() {
            b.warning(
                0,
                format!(
                    "category `{}` gives weights to {scored} of its {} terms; the others (X) count no score",
                    c.name,
                    c.terms.len()
                ),
            );
        }
    }
    b.finish_import(categories, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::ContrastKind;

    #[test]
    fn marks_weights_and_problems() {
        let text = "DicTerm,posemo,negemo,social\r\ngood,X,,\r\n\"can't stand\",,X,\r\nfriend*,2.5,,X\r\nhate,,-3,\r\n";
        let lex = parse(text, "d.dicx", "d").unwrap();
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["posemo", "negemo", "social"]);
        let pos = &lex.categories[0].terms;
        assert_eq!((pos[0].text.as_str(), pos[0].score), ("good", None));
        assert_eq!(pos[1].score.map(Score::get), Some(2.5));
        assert_eq!(lex.categories[1].terms[0].text, "can't stand");
        assert_eq!(lex.categories[2].terms[0].text, "friend*");
        assert_eq!(lex.contrasts[0].kind, ContrastKind::Tone);
        assert_eq!(lex.entries, 4);
        assert_eq!(lex.warnings.len(), 2, "{:?}", lex.warnings);

        let bad = parse("DicTerm,a\nx,maybe\n", "b.dicx", "b").unwrap_err();
        assert!(
            bad.to_string()
                .contains("b.dicx:2: row `x`, column `a`: `maybe` is neither X nor a number"),
            "{bad}"
        );
        assert!(parse("DicTerm\nx\n", "c.dicx", "c").is_err());
    }
}
