//! Plain word lists: one term per line, one category named after the file. Lines starting
//! with `#` or `;` are comments. A list of `term<TAB>score` lines (AFINN) is a valence list:
//! its terms keep their scores ([`super::Score`]) and go into `positive`, `negative` and
//! `neutral` by the sign of their scores, with a tone contrast of the first two
//! ([`super::valence`]).

use super::{lines, valence, Builder, Categories, Lexicon, LexiconError, Score};

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
    if scored && !categories.is_empty() {
        let line = categories.lines[0];
        let mut split = Categories::default();
        for c in valence::by_sign(categories.list.remove(0)) {
            split.index(&c.name, line);
            let i = split.list.len() - 1;
            split.list[i] = c;
        }
        categories = split;
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
        assert_eq!(afinn.categories[0].name, "negative");
        assert_eq!(afinn.categories[0].terms[1].text, "abhor");
        let scores: Vec<f64> = afinn.categories[0]
            .terms
            .iter()
            .map(|t| t.score.unwrap().get())
            .collect();
        assert_eq!(scores, [-2.0, -3.0]);
        assert!(afinn.warnings.is_empty());
        // one side only: no tone
        assert!(afinn.contrasts.is_empty());
        assert_eq!(lex.categories[0].terms[0].score, None);
    }
}
