//! Plain word lists: one term per line, one category named after the file. Lines starting
//! with `#` or `;` are comments. A line `term<TAB>score` (AFINN) keeps its term and its score
//! ([`super::Score`]), which `lexicon convert` writes; counting does not use scores yet.

use super::{lines, Builder, Categories, Lexicon, LexiconError, Score};

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let mut categories = Categories::default();
    let mut entries = 0;
    let mut scored = false;
    for (k, raw) in lines(text).into_iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        entries += 1;
        let (term, score) = match line.split_once('\t') {
            Some((term, score)) => match score.trim().parse::<f64>().ok().and_then(Score::new) {
                Some(score) => {
                    scored = true;
                    (term.trim(), Some(score))
                }
                None => (line, None),
            },
            None => (line, None),
        };
        b.add_scored(&mut categories, stem, term, k + 1, score);
    }
    if entries == 0 {
        b.problem(0, "no entries: expected one term per line");
    }
    if scored {
        b.warning(
            0,
            "the scores after the tabs are kept (`lexicon convert` writes them) but not yet \
             counted: every hit counts 1",
        );
    }
    b.finish_import(categories, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_scores() {
        let text = "; opinion lexicon\n#hedges\nallegedly\napparently\r\nsort of\n\n";
        let lex = parse(text, "hedges.txt", "hedges").unwrap();
        assert_eq!((lex.entries, lex.categories.len()), (3, 1));
        assert_eq!(lex.categories[0].name, "hedges");
        assert_eq!(lex.categories[0].terms[2].text, "sort of");
        let afinn = parse("abandon\t-2\nabhor\t-3\n", "afinn.txt", "afinn").unwrap();
        assert_eq!(afinn.categories[0].terms[1].text, "abhor");
        let scores: Vec<f64> = afinn.categories[0]
            .terms
            .iter()
            .map(|t| t.score.unwrap().get())
            .collect();
        assert_eq!(scores, [-2.0, -3.0]);
        assert_eq!(afinn.warnings.len(), 1);
        assert_eq!(lex.categories[0].terms[0].score, None);
    }
}
