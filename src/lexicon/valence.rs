//! Tone and negation: what a lexicon of positive and negative words measures beyond counts.
//!
//! - A **tone** contrast ([`ContrastKind::Tone`]) has two members, positive then negative; its
//!   tone is `(P − N) / (P + N)` = `2 s − 1`, `s` the positive member's share of the contrast
//!   (Young & Soroka 2012's net tone as a proportion), so its interval is the share's.
//! - Imported dictionaries get one when they have a positive and a negative category
//!   ([`add_tone`]); LSD2015's negation keys are applied as its authors prescribe.
//! - A **negation** rule ([`Negation`], `[negation]` in the TOML format) excludes or flips a
//!   hit with a negator a few words before it in its sentence.
//! - A scored word list (AFINN) is split by the sign of its scores ([`by_sign`]).

use super::{Category, Contrast, Lexicon, PatternWord, Term};
use crate::token::Token;

/// What a contrast measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContrastKind {
    /// Each member's share of the contrast's hits.
    #[default]
    Shares,
    /// Two members, positive then negative: their shares and the tone `(P − N) / (P + N)`.
    Tone,
}

impl ContrastKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContrastKind::Shares => "shares",
            ContrastKind::Tone => "tone",
        }
    }
}

/// What a negated hit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NegationAction {
    /// The hit is not counted.
    Exclude,
    /// The hit counts for the other member of its tone contrast (`not good` is negative), and
    /// its score changes sign.
    Flip,
}

impl NegationAction {
    pub fn as_str(self) -> &'static str {
        match self {
            NegationAction::Exclude => "exclude",
            NegationAction::Flip => "flip",
        }
    }
}

/// Negators used when a `[negation]` table lists none.
pub const DEFAULT_NEGATORS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "without", "hardly", "cannot", "*n't", "nobody",
    "nothing", "none",
];

/// Words before a hit searched for a negator when a `[negation]` table gives no `window`.
pub const DEFAULT_WINDOW: u32 = 3;

/// Negators within `window` words before a hit, in its sentence, negate it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negation {
    /// The negators, matched like one-word terms (`*n't` matches `don't`).
    pub words: Vec<PatternWord>,
    /// The same, as written.
    pub written: Vec<String>,
    pub window: u32,
    pub action: NegationAction,
    /// Per category of the lexicon: whether its hits can be negated.
    pub applies: Vec<bool>,
    /// Per category: where a flipped hit is counted (the other member of its first tone
    /// contrast); itself when it has none (only its score changes sign).
    pub partner: Vec<usize>,
}

impl Negation {
    /// Whether a negator is among the `window` words before `words[at]` in its sentence.
    pub fn negates(&self, words: &[Token], at: usize) -> bool {
        let Some(hit) = words.get(at) else {
            return false;
        };
        let from = at.saturating_sub(self.window as usize);
        words[from..at]
            .iter()
            .rev()
            .take_while(|w| w.sentence == hit.sentence)
            .any(|w| self.words.iter().any(|n| n.matches(&w.norm)))
    }
}

/// The partner of each category under [`NegationAction::Flip`]: the other member of the
/// first tone contrast it is in, else itself.
pub fn partners(categories: usize, contrasts: &[Contrast]) -> Vec<usize> {
    let mut partner: Vec<usize> = (0..categories).collect();
    let mut set = vec![false; categories];
    for c in contrasts.iter().filter(|c| c.kind == ContrastKind::Tone) {
        if let [a, b] = c.categories[..] {
            for (x, y) in [(a, b), (b, a)] {
                if x < categories && !set[x] {
                    partner[x] = y;
                    set[x] = true;
                }
            }
        }
    }
    partner
}

/// Names of a positive and a negative category that make a tone, in any case.
const TONE_PAIRS: &[(&str, &str)] = &[
    ("positive", "negative"),
    ("pos", "neg"),
    ("posemo", "negemo"),
    ("tone_pos", "tone_neg"),
];

fn find(categories: &[Category], name: &str) -> Option<usize> {
    categories
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(name))
}

/// Gives an imported lexicon with a positive and a negative category (names as in
/// [`TONE_PAIRS`], any case) and no contrast a `tone` contrast of the two, and applies
/// LSD2015's negation keys if it has them as its authors prescribe (Young & Soroka 2012;
/// quanteda.sentiment's polarity for `data_dictionary_LSD2015`): a negated positive
/// (`neg_positive`: `not good`) counts as negative, a negated negative (`neg_negative`: `not
/// bad`) as positive. Matching is leftmost-longest within a lexicon, so the `good` inside
/// `not good` is not counted as positive. The keys stay categories of their own, so how many
/// hits were negated can still be read.
pub fn add_tone(lexicon: &mut Lexicon) {
    if !lexicon.contrasts.is_empty() {
        return;
    }
    let Some((pos, neg)) = TONE_PAIRS
        .iter()
        .find_map(|(p, n)| Some((find(&lexicon.categories, p)?, find(&lexicon.categories, n)?)))
    else {
        return;
    };
    let mut description = format!(
        "net tone: ({p} − {n}) / ({p} + {n})",
        p = lexicon.categories[pos].name,
        n = lexicon.categories[neg].name
    );
    let keys = (
        find(&lexicon.categories, "neg_positive"),
        find(&lexicon.categories, "neg_negative"),
    );
    for (key, counted_in) in [(keys.0, neg), (keys.1, pos)] {
        let Some(key) = key else { continue };
        let terms: Vec<Term> = lexicon.categories[key]
            .terms
            .iter()
            .map(|t| Term {
                score: None,
                ..t.clone()
            })
            .collect();
        lexicon.categories[counted_in].terms.extend(terms);
    }
    if keys.0.is_some() || keys.1.is_some() {
        description.push_str(
            "; negation keys applied: a neg_positive term counts as negative, a neg_negative \
             term as positive",
        );
    }
    lexicon.contrasts.push(Contrast {
        name: "tone".to_string(),
        description: Some(description),
        categories: vec![pos, neg],
        kind: ContrastKind::Tone,
    });
}

/// Splits the scored terms of one category by the sign of their scores: `positive`,
/// `negative` and (if any term scores 0) `neutral`, in that order. The scores stay with the
/// terms; unscored terms stay in `neutral`.
pub fn by_sign(category: Category) -> Vec<Category> {
    let mut out: [Category; 3] = ["positive", "negative", "neutral"].map(|name| Category {
        name: name.to_string(),
        description: None,
        terms: Vec::new(),
        not: Vec::new(),
    });
    for t in category.terms {
        let i = match t.score.map(|s| s.get()) {
            Some(x) if x > 0.0 => 0,
            Some(x) if x < 0.0 => 1,
            _ => 2,
        };
        out[i].terms.push(t);
    }
    out[0].description = Some(format!("terms of {} with a score above 0", category.name));
    out[1].description = Some(format!("terms of {} with a score below 0", category.name));
    out[2].description = Some(format!("terms of {} scored 0", category.name));
    out.into_iter().filter(|c| !c.terms.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{parse, Format};

    fn lexicon(text: &str, format: Format) -> Lexicon {
        parse(text, "x", "x", format).unwrap()
    }

    #[test]
    fn negators_before_a_hit_in_its_sentence() {
        let negation = Negation {
            words: ["not", "*n't"]
                .iter()
                .map(|w| crate::lexicon::Pattern::parse(w).unwrap().words.remove(0))
                .collect(),
            written: vec!["not".into(), "*n't".into()],
            window: 2,
            action: NegationAction::Exclude,
            applies: vec![true],
            partner: vec![0],
        };
        let words: Vec<Token> =
            crate::token::tokenize("It is not very good not. Bad. Don’t a b good")
                .into_iter()
                .filter(|t| t.kind.is_word())
                .collect();
        assert_eq!(words[6].sentence, 1);
        let negated: Vec<bool> = (0..words.len())
            .map(|i| negation.negates(&words, i))
            .collect();
        // `good` (4): `not` two words before; `bad` (6): `not` ends the previous sentence;
        // `good` (10): `don't` three words before, past the window
        assert_eq!(
            negated,
            [false, false, false, true, true, false, false, false, true, true, false]
        );
    }

    #[test]
    fn lsd_negation_keys_count_for_the_other_side() {
        let lex = lexicon(
            "+negative\n bad*\n+positive\n good\n+neg_positive\n not good\n+neg_negative\n not bad*\n",
            Format::Lexicoder,
        );
        assert_eq!(lex.contrasts.len(), 1);
        let tone = &lex.contrasts[0];
        assert_eq!(
            (tone.kind, &tone.categories[..]),
            (ContrastKind::Tone, &[1, 0][..])
        );
        let terms = |c: usize| -> Vec<&str> {
            lex.categories[c]
                .terms
                .iter()
                .map(|t| t.text.as_str())
                .collect()
        };
        assert_eq!(terms(0), ["bad*", "not good"]);
        assert_eq!(terms(1), ["good", "not bad*"]);
    }

    #[test]
    fn scored_lists_split_by_sign() {
        let lex = lexicon(
            "good\t2\nbad\t-3\nsome kind\t0\nfine\t1\n",
            Format::WordList,
        );
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["positive", "negative", "neutral"]);
        assert_eq!(lex.categories[0].terms.len(), 2);
        assert_eq!(lex.contrasts[0].kind, ContrastKind::Tone);
        assert_eq!(lex.categories[1].terms[0].score.unwrap().get(), -3.0);
    }
}
