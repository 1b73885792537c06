//! Voice: who is speaking in each token, the outlet or the people it quotes or reports.
//!
//! [`label`] finds the quotations of a text from its quotation marks and the reported clauses
//! from its reporting cues, and gives every token one [`Voice`]:
//!
//! - [`Voice::Quote`]: inside a direct quotation, `“It is time…,” he said`, or a partial one;
//! - [`Voice::Scare`]: inside a short quoted span that labels rather than reports speech, the
//!   outlet's own distancing: `the whole 'opposition'`, `the so-called ‘moderate’ rebels`;
//! - [`Voice::Reported`]: indirect speech, what the outlet reports someone as saying outside
//!   quotation marks (`Peskov said Russia rejects the accusations`);
//! - [`Voice::Narrator`]: everything else, the outlet's own assertions.
//!
//! It also attributes each quotation to a speaker where the text says who spoke. It never
//! fails and never edits the text; odd quotation marks give odd but bounded results.
//!
//! # Quotation marks
//!
//! Double: `“ ” „ ‟ "`, guillemets `« » ‹ ›`, single: `‘ ’ ‚ '`. A curly opening mark opens, a
//! closing mark closes the nearest open quotation of its family (`“` may be closed by `”` or
//! `"`: mixed marks occur in real copy; `„` by `“`, `”` or `"`). A straight `"` closes an open
//! double quotation when it touches the word before it, else opens one when it touches the word
//! after it. An apostrophe inside or at the end of a word is not a quote mark: UAX #29 keeps
//! `Amnesty’s` and `can't` whole, and a `’` or `'` after a word (`terrorists' activity`) closes a
//! quotation only if a single-quoted one is open, and not when it is a plural possessive inside
//! it (`'The rebels' commander fled,' he said`: after a word ending in `s`, before a lowercase
//! word, with a later mark that can close the quotation). A straight `'` opens only after a
//! space and before a letter: before a digit (`'90s`) or a word of [`ELISIONS`] (`'em`,
//! `‘bout`, `'til`, the Dutch `In 't Veld`) it is an elision. A sloppy `“` or `‘` in closing
//! position (`fact,“ he said`) closes. Two marks typed for one double mark are one: `''…''`
//! reads as `"…"` (the New York Times' house style), ``` ``…'' ``` and `‘‘…’’` as `“…”`.
//!
//! Quotations nest: a scare quote inside a quotation (`“…the whole 'opposition'…”`) stays
//! [`Voice::Quote`]. A quotation left open at the end of a paragraph continues if the next
//! paragraph opens with a quotation mark (the newspaper convention for long quotes); otherwise
//! it closes at the end of the paragraph, so one stray mark never flips the rest of an article.
//!
//! # Quote or scare
//!
//! A top-level quotation is a **scare** quote when all of these hold, else a **quote**:
//! it has at most [`SCARE_MAX_WORDS`] words; it does not span paragraphs; no sentence ends
//! inside it (a `.`, `!`, `?` or `…` may only be its last token); it does not end with a comma or
//! colon (`“…,” he said`); it is not introduced by a colon (`told reporters: “…”`); no
//! speech verb is attached to it: not directly before it (`said “…”`, `asking 'what…?'`,
//! `said: “…”`) nor directly after it (`“…” he said`, `“…” said Peskov`); and no cue earlier in
//! its sentence reports it. That last is a **partial quote**, someone's words inside what the
//! sentence reports them as saying: a speech verb (`Trump said they are “planting the seeds”`)
//! or a verb that gives someone's word for a thing ([`LABEL_VERBS`]: `Christie called Obama a
//! “petulant child”`, `Russia accuses US of siding with 'terrorists'`), but not `so-called`.
//! A speech verb counts as one only in lowercase or opening its sentence: `the United States`
//! and `Islamic State` are names.
//!
//! # Speakers
//!
//! A quote's speaker is the name attributed by the nearest of these patterns: `“…,” X said`,
//! `“…,” said X`, `X said: “…”` / `X said “…”`, `X told reporters: “…”`, or a speech verb
//! earlier in the quote's sentence (`Konashenkov said that the statement was “…”`). X is the
//! run of capitalized words before the verb, without titles (`Foreign Ministry spokeswoman Maria
//! Zakharova` gives `Maria Zakharova`); when the verb's subject is a pronoun or the run is
//! missing, the sentence's leading name is tried (`Mr Kirby, asked …, said: “…”`). A pronoun
//! (`he`, `she`) is resolved to the person most recently named as a speaker or as a sentence
//! subject before the quote. An unattributed quote right after an attributed one (same or
//! next paragraph) continues it. A name is reported in its longest form in the article
//! (`Konashenkov` after `Igor Konashenkov` gives `Igor Konashenkov`). Names may hold particles
//! (`Pierre de Vos`); after punctuation the subject may follow the verb (`”, said Bennett`);
//! auxiliaries and adverbs between subject and verb are skipped (`Brooks has also said`); a cue
//! a comma chains to an earlier one shares its subject (`Anderson said, adding that “…”`).
//! Where no name is found, a description before the verb is the speaker (`The former pollster
//! said`, `“…,” a senior official said`: a determiner and at most five more words, no verb,
//! conjunction or pronoun among them); a description is no one a later pronoun refers to.
//! A description after a verb that comes first is the speaker too (`”, said the Russian
//! official`), or the name after it (`said another advocate, Andrew Pincus`); a long appositive
//! may stand between a name and its verb (`” Jeb Bush, the former Florida governor, told`);
//! titles keep their full stop (`said Rep. Diane Russell`); an adverb (`Cruz gingerly said`)
//! or a parenthesis (`Mary Fallin (R-OK) said`) may come before the verb; a participle after a
//! comma (`told a rally, saying …`) or a coordinated verb (`…, and then tweeted`) shares the
//! subject of its clause; `X, who said` is X's; a place after a preposition belongs to the
//! description before it (`Activists in the town said`). [`SpeakerKind`] says which the
//! speaker is. The speaker is `None` when none of this finds one.
//!
//! # Reported speech
//!
//! A sentence's reported clause is found by the first of these rules that applies (quotation
//! tokens inside it stay quotes; a clause needs three words of the outlet's own):
//!
//! - `according to X, …` / `…, according to X.` / `…, according to X, …`: the rest of the
//!   sentence; the source is the words after `to` up to the comma (with an appositive that
//!   opens with `a`: `according to CrowdTangle, a tool that …,`);
//! - a cue after the clause: `…, X said.` or `…, said X.`, X a name, pronoun or description of
//!   at most six words, the verb one of the trailing verbs (`said`, `told`, `added`, `noted`,
//!   `wrote`...) and followed by nothing or a phrase of time or place (`…, he said on
//!   Tuesday.`); in the middle, `The attack, officials said, killed 20` gives two pieces. Not
//!   when the part before the comma is the verb's own subject and its appositive (`Katie
//!   Harbath, the group's director, said …`), nor when a clause follows the verb (`When asked
//!   …, Trump said the plan …`);
//! - a cue before the clause, `X said (that) …`: the verb has a subject (not after `to`, a
//!   determiner, `was`/`were`/`been`, `when`/`if`: `to say`, `the reported attack`, `was found`,
//!   `When asked`; nor an adjectival `alleged`/`reported` after a participle or preposition);
//!   the clause begins at a complementizer (`that`, `whether`, `if`) within seven tokens
//!   (`said on Monday that …`), or, for the verbs that take a clause directly (`said`, `says`,
//!   `added`, `argued`, `noted`, `believes`, `thinks`...), right after the verb, unless a phrase
//!   of time or place comes first with no complementizer after it (`said so in a statement`);
//!   `told`/`tell` take their object first (`told reporters he …`, `told The Post he …`). The
//!   other speech verbs and the verbs of evidence and belief (`found`, `showed`, `fears`,
//!   `estimated`) need the complementizer. A verb right after a quotation's closing mark
//!   (`“…,” said Dmitry Peskov, the spokesman`) is that quotation's attribution.
//!
//! The clause's source is found as a quotation's: the verb's subject (a name, a pronoun resolved
//! as above, or a description), the name after a verb that comes first, bare plural sources
//! (`officials said`) as descriptions, and the words after `according to`. A short quotation
//! inside a reported clause is a partial quote (`quote`, with the clause's speaker when nothing
//! closer attributes it), never a scare quote.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::token::{Token, TokenKind};

mod classify;
mod marks;
mod reported;
mod sentences;
mod speakers;
#[cfg(test)]
mod tests;
mod words;

use classify::*;
use marks::*;
use sentences::*;
use speakers::*;
use words::*;

/// Who is speaking in a token. The voices are a set: per-voice arrays are indexed by
/// [`Voice::index`] and every per-voice column is made from [`Voice::ALL`], so adding a voice is
/// one change here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Voice {
    /// The outlet's own assertions.
    Narrator,
    /// Indirect speech: what the outlet reports someone as saying, outside quotation marks.
    Reported,
    /// Inside a direct (or partial) quotation.
    Quote,
    /// Inside a scare quote, the outlet's own distancing.
    Scare,
}

const _: () = assert!(Voice::ALL[0] as usize == Voice::Narrator as usize);

/// Named selections of voices, for `--voice`: each name and the voices it counts.
pub const SELECTIONS: &[(&str, &[Voice])] = &[
    ("all", &Voice::ALL),
    ("narrator", &[Voice::Narrator]),
    ("reported", &[Voice::Reported]),
    ("quote", &[Voice::Quote]),
    ("scare", &[Voice::Scare]),
    ("quoted", &[Voice::Quote, Voice::Scare]),
    ("attributed", &[Voice::Reported, Voice::Quote]),
];

/// The voices a `--voice` name selects, or `None` for an unknown name.
pub fn selection(name: &str) -> Option<&'static [Voice]> {
    SELECTIONS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

impl Voice {
    /// How many voices there are.
    pub const COUNT: usize = 4;
    /// Every voice, the narrator first (tables list the narrator's columns first).
    pub const ALL: [Voice; Voice::COUNT] =
        [Voice::Narrator, Voice::Reported, Voice::Quote, Voice::Scare];

    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Narrator => "narrator",
            Voice::Reported => "reported",
            Voice::Quote => "quote",
            Voice::Scare => "scare",
        }
    }

    /// The voice named `name` (as [`Voice::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Voice> {
        Voice::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// Index into per-voice arrays, in the order of [`Voice::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Scare quotes have at most this many words.
pub const SCARE_MAX_WORDS: usize = 4;

/// One top-level quotation, or one piece of a reported clause (`kind` [`Voice::Reported`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// Byte offset of the opening mark (of a reported clause: of its first reported token).
    pub start: usize,
    /// Byte offset one past the closing mark, or past the last token when it was left open.
    pub end: usize,
    /// Words and numbers inside.
    pub words: usize,
    /// [`Voice::Quote`], [`Voice::Scare`] or [`Voice::Reported`].
    pub kind: Voice,
    /// Whether a closing mark was found (else it closed at a paragraph's end).
    pub closed: bool,
    pub speaker: Option<String>,
    /// How the text names the speaker; `None` when there is no speaker.
    pub speaker_kind: Option<SpeakerKind>,
    /// The speech verb of the attribution, as written (`said`, `told`, `added`).
    pub verb: Option<String>,
    /// The speaker's group (a category of the lexicon that groups speakers), filled by
    /// [`crate::analysis::Analyzer::measure`].
    pub speaker_group: Option<String>,
}

/// How the text names a quotation's speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerKind {
    /// A name: `Maria Zakharova`, `Igor Konashenkov` (or the organisation's name).
    Name,
    /// A description: `the former pollster`, `a senior US official`.
    Description,
    /// A pronoun (`he`, `she`), given as the name it refers to.
    Pronoun,
}

impl SpeakerKind {
    /// The kind named `name` (as [`SpeakerKind::as_str`] writes it); `None` for `none` or an
    /// unknown name.
    pub fn from_name(name: &str) -> Option<SpeakerKind> {
        [
            SpeakerKind::Name,
            SpeakerKind::Description,
            SpeakerKind::Pronoun,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Name => "name",
            SpeakerKind::Description => "description",
            SpeakerKind::Pronoun => "pronoun",
        }
    }
}

/// The voice of every token of a text, and its quotations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voices {
    /// One per token, aligned with the tokens given to [`label`].
    pub of: Vec<Voice>,
    pub quotations: Vec<Quotation>,
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Labels every token with its voice and finds the quotations and reported clauses of `text`.
pub fn label(text: &str, tokens: &[Token<'_>]) -> Voices {
    let spans: Vec<Span> = find_spans(text, tokens)
        .into_iter()
        .filter(|s| s.depth == 0)
        .collect();
    let mut of = vec![Voice::Narrator; tokens.len()];
    let sentences = Sentences::default();
    let mut kinds: Vec<Voice> = spans
        .iter()
        .map(|span| classify(text, tokens, span, &sentences))
        .collect();
    for (span, &kind) in spans.iter().zip(&kinds) {
        for v in &mut of[span.open..=span.close] {
            *v = kind;
        }
    }
    let reports = reported::find(text, tokens, &of);
    // a short quotation inside a reported clause is the source's words, a partial quote
    let mut inside: Vec<Option<usize>> = vec![None; spans.len()];
    {
        let mut pieces = reports
            .iter()
            .enumerate()
            .flat_map(|(k, r)| r.pieces.iter().map(move |&p| (p, k)))
            .peekable();
        for (i, span) in spans.iter().enumerate() {
            while pieces.next_if(|&((_, e), _)| e <= span.open).is_some() {}
            if let Some(&((s, e), k)) = pieces.peek() {
                if s <= span.open && span.close < e {
                    inside[i] = Some(k);
                    if kinds[i] == Voice::Scare {
                        kinds[i] = Voice::Quote;
                        for v in &mut of[span.open..=span.close] {
                            *v = Voice::Quote;
                        }
                    }
                }
            }
        }
    }
    for r in &reports {
        for &(s, e) in &r.pieces {
            for v in &mut of[s..e] {
                if *v == Voice::Narrator {
                    *v = Voice::Reported;
                }
            }
        }
    }
    let mut quotations = Vec::new();
    let mut people = People::default();
    // (quotation, speaker, verb, paragraph)
    #[allow(clippy::type_complexity)]
    let mut previous: Option<(usize, Option<(String, SpeakerKind)>, Option<String>, u32)> = None;
    let mut scanned = 0; // tokens before this index have been scanned for names
                         // quotations and reported clauses in text order, for pronouns and continued quotes
    let mut next_report = reports.iter().enumerate().peekable();
    // the speaker and verb of each reported clause attributed so far
    let mut reported_by: Vec<(Option<(String, SpeakerKind)>, String)> = Vec::new();
    for ((span, &kind), within) in spans.iter().zip(&kinds).zip(&inside) {
        while let Some((_, r)) = next_report.next_if(|(_, r)| r.pieces[0].0.min(r.cue) < span.open)
        {
            let by = report(
                text,
                tokens,
                r,
                &of,
                &mut people,
                &sentences,
                &mut scanned,
                &mut quotations,
            );
            reported_by.push(by);
        }
        let words = tokens[span.open..=span.close]
            .iter()
            .filter(|t| t.kind.is_word())
            .count();
        if words == 0 {
            continue;
        }
        people.scan(text, tokens, scanned, span.open, &of);
        let (mut speaker, mut verb) = (None, None);
        if kind == Voice::Quote {
            let by = within.and_then(|k| reported_by.get(k));
            if let Some((name, v)) = attribute(text, tokens, span, &people, &sentences) {
                speaker = name;
                verb = Some(v);
            } else if let Some((s, v)) = by {
                // a partial quote takes the speaker of the clause it is in
                speaker = s.clone();
                verb = Some(v.clone());
            } else if let Some((_, s, v, paragraph)) = &previous {
                let here = tokens[span.open].paragraph;
                if here <= paragraph + 1 && s.is_some() {
                    speaker = s.clone();
                    verb = v.clone();
                }
            }
        }
        let speaker = people.settle(speaker);
        if kind == Voice::Quote {
            previous = Some((
                quotations.len(),
                speaker.clone(),
                verb.clone(),
                tokens[span.close].paragraph,
            ));
        }
        scanned = scanned.max(span.close + 1);
        quotations.push(Quotation {
            start: tokens[span.open].start,
            end: tokens[span.close].end,
            words,
            kind,
            closed: span.closed,
            speaker_kind: speaker.as_ref().map(|(_, k)| *k),
            speaker: speaker.map(|(s, _)| s),
            verb,
            speaker_group: None,
        });
    }
    for (_, r) in next_report {
        report(
            text,
            tokens,
            r,
            &of,
            &mut people,
            &sentences,
            &mut scanned,
            &mut quotations,
        );
    }
    Voices { of, quotations }
}

/// Attributes a reported clause and adds a row for each of its pieces.
#[allow(clippy::too_many_arguments)]
fn report(
    text: &str,
    tokens: &[Token<'_>],
    r: &reported::Report,
    of: &[Voice],
    people: &mut People,
    sentences: &Sentences,
    scanned: &mut usize,
    quotations: &mut Vec<Quotation>,
) -> (Option<(String, SpeakerKind)>, String) {
    let first = r.pieces[0].0.min(r.cue);
    people.scan(text, tokens, *scanned, first.max(*scanned), of);
    *scanned = (*scanned).max(first);
    let speaker = match r.source {
        reported::Source::Before => subject_of(text, tokens, r.cue, people, sentences),
        reported::Source::After { after } => speaker_after(text, tokens, after, r.cue, people)
            .or_else(|| bare_source(text, tokens, after, r.cue)),
        reported::Source::According { from, to } => according_source(text, tokens, from, to),
    };
    let speaker = people.settle(speaker);
    let verb = match r.source {
        reported::Source::According { .. } => "according to".to_string(),
        _ => text[tokens[r.cue].start..tokens[r.cue].end].to_string(),
    };
    for &(s, e) in &r.pieces {
        let mine: Vec<usize> = (s..e).filter(|&i| of[i] == Voice::Reported).collect();
        let (Some(&lo), Some(&hi)) = (mine.first(), mine.last()) else {
            continue;
        };
        let words = mine.iter().filter(|&&i| tokens[i].kind.is_word()).count();
        if words == 0 {
            continue;
        }
        quotations.push(Quotation {
            start: tokens[lo].start,
            end: tokens[hi].end,
            words,
            kind: Voice::Reported,
            closed: true,
            speaker_kind: speaker.as_ref().map(|(_, k)| *k),
            speaker: speaker.as_ref().map(|(s, _)| s.clone()),
            verb: Some(verb.clone()),
            speaker_group: None,
        });
    }
    (speaker, verb)
}
