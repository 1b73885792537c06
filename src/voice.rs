//! Voice: who is speaking in each token, the outlet or the people it quotes.
//!
//! [`label`] finds the quotations of a text from its quotation marks and gives every token one
//! [`Voice`]:
//!
//! - [`Voice::Quote`]: inside a direct quotation, `“It is time…,” he said`;
//! - [`Voice::Scare`]: inside a short quoted span that labels rather than reports speech, the
//!   outlet's own distancing: `the whole 'opposition'`, `the so-called ‘moderate’ rebels`;
//! - [`Voice::Narrator`]: everything else, the outlet's own words, indirect speech included
//!   (`Peskov said Russia rejects the accusations`).
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
//! [`SpeakerKind`] says which the speaker is. The speaker is `None` when none of this finds one
//! (`said the Russian official`: a description after the verb).

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::token::{Token, TokenKind};

/// Who is speaking in a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Voice {
    Narrator,
    Quote,
    Scare,
}

impl Voice {
    pub const ALL: [Voice; 3] = [Voice::Narrator, Voice::Quote, Voice::Scare];

    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Narrator => "narrator",
            Voice::Quote => "quote",
            Voice::Scare => "scare",
        }
    }

    /// Index into per-voice arrays: narrator 0, quote 1, scare 2.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Scare quotes have at most this many words.
pub const SCARE_MAX_WORDS: usize = 4;

/// One top-level quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// Byte offset of the opening mark.
    pub start: usize,
    /// Byte offset one past the closing mark, or past the last token when it was left open.
    pub end: usize,
    /// Words and numbers inside.
    pub words: usize,
    /// [`Voice::Quote`] or [`Voice::Scare`].
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Guillemet,
    SingleGuillemet,
}

/// The quotations open at a point of the text, innermost last, with the places of each
/// family's open marks, so that finding the innermost open mark of a family takes constant time
/// however many are open (a text of thousands of stray marks stays linear).
#[derive(Default)]
struct OpenMarks {
    stack: Vec<Open>,
    of_family: [Vec<usize>; 4],
}

impl OpenMarks {
    fn push(&mut self, o: Open) {
        self.of_family[o.family as usize].push(self.stack.len());
        self.stack.push(o);
    }

    fn pop(&mut self) -> Option<Open> {
        let o = self.stack.pop()?;
        self.of_family[o.family as usize].pop();
        Some(o)
    }

    /// The place of the innermost open mark of family `f`.
    fn innermost(&self, f: Family) -> Option<usize> {
        self.of_family[f as usize].last().copied()
    }

    fn len(&self) -> usize {
        self.stack.len()
    }

    fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }
}

impl std::ops::Index<usize> for OpenMarks {
    type Output = Open;

    fn index(&self, i: usize) -> &Open {
        &self.stack[i]
    }
}

/// An open quotation on the stack.
#[derive(Debug, Clone, Copy)]
struct Open {
    family: Family,
    /// Token index of the opening mark.
    token: usize,
    /// Opened by a low-9 mark (`„` `‚`), which `“`/`‘` close.
    low: bool,
    /// Opened by `»`/`›` (German order), which `«`/`‹` close.
    reversed: bool,
}

/// A quotation found: token range of its marks (inclusive) and nesting depth.
#[derive(Debug, Clone, Copy)]
struct Span {
    open: usize,
    close: usize,
    closed: bool,
    depth: usize,
    paragraphs: u32,
}

fn quote_mark(s: &str) -> Option<Family> {
    Some(match s {
        "“" | "”" | "„" | "‟" | "\"" | "〝" | "〞" | "＂" => Family::Double,
        "‘" | "’" | "‚" | "'" | "‛" => Family::Single,
        "«" | "»" => Family::Guillemet,
        "‹" | "›" => Family::SingleGuillemet,
        _ => return None,
    })
}

fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '„' | '«' | '‹' | '"' | '\''
    )
}

/// Is the mark at `start..end` preceded by space (or the start, or an opening bracket or mark)?
fn space_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .map_or(true, |c| c.is_whitespace() || is_opening_punct(c))
}

fn space_after(text: &str, end: usize) -> bool {
    text[end..].chars().next().map_or(true, char::is_whitespace)
}

/// Words that report speech. Lowercase; matched against normalized tokens.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "add",
    "adds",
    "added",
    "adding",
    "state",
    "states",
    "stated",
    "stress",
    "stresses",
    "stressed",
    "ask",
    "asks",
    "asked",
    "asking",
    "explain",
    "explains",
    "explained",
    "note",
    "notes",
    "noted",
    "insist",
    "insists",
    "insisted",
    "claim",
    "claims",
    "claimed",
    "warn",
    "warns",
    "warned",
    "write",
    "writes",
    "wrote",
    "declare",
    "declares",
    "declared",
    "announce",
    "announces",
    "announced",
    "argue",
    "argues",
    "argued",
    "reply",
    "replies",
    "replied",
    "continue",
    "continues",
    "continued",
    "conclude",
    "concluded",
    "remark",
    "remarked",
    "tweet",
    "tweeted",
    "declared",
    "quipped",
    "urged",
    "admitted",
    "acknowledged",
    "suggested",
    "pointed",
    "emphasised",
    "emphasized",
    "underlined",
    "recalled",
    "wondered",
    "responded",
    "answered",
    "commented",
    "observed",
    "alleged",
    "denied",
    "confirmed",
    "reported",
    "spoke",
    "according",
];

/// A word list as a set, built once.
fn set(words: &'static [&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static SPEECH_VERB_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(SPEECH_VERBS));
static NOT_NAME_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(NOT_NAMES));
static TITLE_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(TITLES));

fn is_speech_verb(norm: &str) -> bool {
    SPEECH_VERB_SET.contains(norm)
}

/// Verbs by which a sentence gives someone's words for a thing (`called Obama a “petulant
/// child”`, `accused them of “treason”`): a short quotation after one is that person's, a
/// partial quote. Not after `so-` (`the so-called ‘moderate’ rebels` is the outlet's distance).
const LABEL_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "dub",
    "dubs",
    "dubbed",
    "describe",
    "describes",
    "described",
    "describing",
    "label",
    "labels",
    "labeled",
    "labelled",
    "brand",
    "brands",
    "branded",
    "term",
    "termed",
    "accuse",
    "accuses",
    "accused",
    "accusing",
    "denounce",
    "denounces",
    "denounced",
    "condemn",
    "condemns",
    "condemned",
    "promise",
    "promised",
    "promises",
    "vow",
    "vowed",
    "vows",
    "predict",
    "predicted",
    "predicts",
];

static LABEL_VERB_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(LABEL_VERBS));

/// Is token `i` one of the [`LABEL_VERBS`] as a verb, not in `so-called`?
fn labels_speech(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    LABEL_VERB_SET.contains(&*tokens[i].norm)
        && lowercase_or_first(text, tokens, i)
        && !(i >= 2 && tokens[i - 1].norm == "-" && tokens[i - 2].norm == "so")
}

/// Is token `i` a speech verb as a verb: a word of [`SPEECH_VERBS`] written in lowercase, or
/// opening its sentence? A capitalized one inside a sentence is part of a name (`the United
/// States`, `Islamic State`).
fn speech_verb_at(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    t.kind == TokenKind::Word && is_speech_verb(&t.norm) && lowercase_or_first(text, tokens, i)
}

fn lowercase_or_first(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    !starts_upper(&text[t.start..t.end]) || i == 0 || tokens[i - 1].sentence != t.sentence
}

fn is_not_name(norm: &str) -> bool {
    NOT_NAME_SET.contains(norm)
}

fn is_title(norm: &str) -> bool {
    TITLE_SET.contains(norm)
}

const PRONOUNS: &[&str] = &["he", "she"];

/// Capitalized words that start sentences or name roles but are not part of a name.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "of",
    "for",
    "and",
    "but",
    "or",
    "if",
    "as",
    "by",
    "to",
    "with",
    "from",
    "when",
    "while",
    "after",
    "before",
    "there",
    "here",
    "today",
    "yesterday",
    "on",
    "elsewhere",
    "his",
    "her",
    "their",
    "our",
    "its",
    "my",
    "your",
    "what",
    "who",
    "why",
    "how",
    "once",
    "even",
    "also",
    "meanwhile",
    "however",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "speaking",
    "then",
    "others",
    "who's",
    "here's",
    "that's",
    "it's",
    "now",
    "just",
    "watch",
    "watched",
    "read",
    "more",
    "related",
    "update",
    "breaking",
];

/// Titles and roles dropped from the front of a name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "lord",
    "lady",
    "dame",
    "prof",
    "professor",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "foreign",
    "defence",
    "defense",
    "interior",
    "state",
    "deputy",
    "chief",
    "general",
    "gen",
    "major",
    "maj",
    "lieutenant",
    "lt",
    "colonel",
    "col",
    "captain",
    "capt",
    "admiral",
    "adm",
    "brigadier",
    "commander",
    "sergeant",
    "sgt",
    "senator",
    "sen",
    "representative",
    "rep",
    "governor",
    "gov",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sheikh",
    "ministry",
    "department",
    "office",
    "kremlin",
    "pentagon",
    "white",
    "house",
    "un",
    "us",
    "u.s",
    "uk",
    "eu",
    "nato",
    "russian",
    "british",
    "american",
    "syrian",
    "french",
    "iranian",
    "turkish",
    "israeli",
    "chairman",
    "chairwoman",
    "leader",
    "mp",
    "mep",
    "labour",
    "tory",
    "conservative",
    "democratic",
    "republican",
    "pope",
    "father",
    "bishop",
    "archbishop",
    "imam",
    "general's",
    "field",
    "marshal",
    "air",
    "force",
    "army",
    "navy",
];

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Labels every token with its voice and finds the quotations of `text`.
pub fn label(text: &str, tokens: &[Token<'_>]) -> Voices {
    let spans = find_spans(text, tokens);
    let mut of = vec![Voice::Narrator; tokens.len()];
    let mut quotations = Vec::new();
    let mut people = People::default();
    // (quotation, speaker, verb, paragraph)
    #[allow(clippy::type_complexity)]
    let mut previous: Option<(usize, Option<(String, SpeakerKind)>, Option<String>, u32)> = None;
    let mut scanned = 0; // tokens before this index have been scanned for names
    let sentences = Sentences::default();
    for span in spans.iter().filter(|s| s.depth == 0) {
        let kind = classify(text, tokens, span, &sentences);
        for v in &mut of[span.open..=span.close] {
            *v = kind;
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
            if let Some((name, v)) = attribute(text, tokens, span, &people, &sentences) {
                speaker = name;
                verb = Some(v);
            } else if let Some((_, s, v, paragraph)) = &previous {
                let here = tokens[span.open].paragraph;
                if here <= paragraph + 1 && s.is_some() {
                    speaker = s.clone();
                    verb = v.clone();
                }
            }
            // a description is no one a later pronoun or short name refers to
            if let Some((s, k)) = &speaker {
                if *k != SpeakerKind::Description {
                    people.speaker(s);
                }
            }
        }
        let speaker = speaker.map(|(s, k)| match k {
            SpeakerKind::Description => (s, k),
            _ => (people.full_name(&s), k),
        });
        if kind == Voice::Quote {
            previous = Some((
                quotations.len(),
                speaker.clone(),
                verb.clone(),
                tokens[span.close].paragraph,
            ));
        }
        scanned = span.close + 1;
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
    Voices { of, quotations }
}

/// Finds every quotation (nested ones too) as token ranges.
fn find_spans(text: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut stack = OpenMarks::default();
    let close =
        |stack: &mut OpenMarks, spans: &mut Vec<Span>, upto: usize, at: usize, closed: bool| {
            // close stack[upto..] at token `at` (innermost first)
            while stack.len() > upto {
                let o = stack.pop().expect("non-empty");
                let paragraphs = tokens[at].paragraph - tokens[o.token].paragraph + 1;
                spans.push(Span {
                    open: o.token,
                    close: at,
                    closed,
                    depth: stack.len(),
                    paragraphs,
                });
            }
        };
    let mut continuation = None; // token index of a paragraph-opening mark that continues a quote
                                 // whether a closing straight double mark follows each token in its paragraph: found once,
                                 // the first time a spaced mark asks (asking at each mark would be quadratic in the marks)
    let mut closer_after: Option<Vec<bool>> = None;
    let mut taken = 0; // tokens before this one were read as part of a mark
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if t.kind == TokenKind::Punct && continuation != Some(i) && i >= taken {
            // `''` and ``` `` ``` are one double mark, closing at the second token
            let (surface, last) = mark_at(text, tokens, i);
            taken = last + 1;
            if let Some(family) = quote_mark(surface) {
                let before = space_before(text, t.start);
                let after = space_after(text, tokens[last].end);
                let open_at = |f: Family| stack.innermost(f);
                let opener = |low: bool, reversed: bool| Open {
                    family,
                    token: i,
                    low,
                    reversed,
                };
                match surface {
                    "“" | "〝" => match open_at(Family::Double) {
                        // closes „…“, or sloppy copy that closes with an opening mark (`fact,“ he`)
                        Some(k) if stack[k].low || (!before && after) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ => stack.push(opener(false, false)),
                    },
                    "„" | "‟" => stack.push(opener(surface == "„", false)),
                    "”" | "〞" => match open_at(Family::Double) {
                        Some(k) => close(&mut stack, &mut spans, k, last, true),
                        None if before && !after => stack.push(opener(false, false)),
                        None => {}
                    },
                    "\"" | "＂" => match open_at(Family::Double) {
                        Some(k) if !before || after => close(&mut stack, &mut spans, k, last, true),
                        _ if !after => stack.push(opener(false, false)),
                        // `" Terrorists are everywhere," he said`: a spaced opening mark, when a
                        // closing one follows in the paragraph
                        _ if closer_after
                            .get_or_insert_with(|| closers_after(text, tokens, &["\"", "＂"]))
                            [i] =>
                        {
                            stack.push(opener(false, false))
                        }
                        _ => {}
                    },
                    "‘" => match open_at(Family::Single) {
                        Some(k) if stack[k].low || (!before && after) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        // `the ‘90s`, `‘bout`: an elision typed with the wrong mark
                        _ if elision_after(text, tokens, i) => {}
                        _ if !after => stack.push(opener(false, false)),
                        _ => {}
                    },
                    "‚" | "‛" => stack.push(opener(surface == "‚", false)),
                    "’" => match open_at(Family::Single) {
                        Some(k) if !before && !plural_possessive(text, tokens, i) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ => {} // an apostrophe
                    },
                    "'" => match open_at(Family::Single) {
                        Some(k) if !before && !plural_possessive(text, tokens, i) => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        // `'90s`, `'em`, `In 't Veld`: elisions are apostrophes
                        _ if before && !after && !elision_after(text, tokens, i) => {
                            stack.push(opener(false, false))
                        }
                        _ => {} // an apostrophe
                    },
                    "«" | "‹" => match open_at(family) {
                        Some(k) if stack[k].reversed => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ => stack.push(opener(false, false)),
                    },
                    "»" | "›" => match open_at(family) {
                        Some(k) if !stack[k].reversed => {
                            close(&mut stack, &mut spans, k, last, true)
                        }
                        _ if !after => stack.push(opener(false, true)),
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        // End of a paragraph: continue open quotations if the next paragraph opens with a
        // quotation mark of a family still open, else close them here.
        let last_of_paragraph = tokens
            .get(i + 1)
            .map_or(true, |n| n.paragraph != t.paragraph);
        if last_of_paragraph && !stack.is_empty() {
            let next = tokens.get(i + 1).filter(|n| n.kind == TokenKind::Punct);
            // Any opening mark continues the quotation (closing-only marks do not open a
            // paragraph); it is consumed only if it is of an open family, else it opens a quote
            // nested in the continued one.
            let opening = next
                .map(|_| mark_at(text, tokens, i + 1))
                .filter(|(s, _)| quote_mark(s).is_some() && !matches!(*s, "”" | "’" | "»" | "›"));
            if let Some((mark, last)) = opening {
                let family = quote_mark(mark);
                if family.is_some_and(|f| stack.innermost(f).is_some()) {
                    continuation = Some(i + 1);
                    taken = last + 1;
                }
            } else {
                close(&mut stack, &mut spans, 0, i, false);
            }
        }
    }
    spans.sort_by_key(|s| (s.open, std::cmp::Reverse(s.close)));
    // Spans are properly nested (an outer mark or a paragraph end closes the inner ones at the
    // same token), so in this order a span's depth is the number of open enclosing spans.
    let mut enclosing: Vec<usize> = Vec::new(); // close token of each enclosing span
    for s in &mut spans {
        while enclosing.last().is_some_and(|&close| close < s.close) {
            enclosing.pop();
        }
        s.depth = enclosing.len();
        enclosing.push(s.close);
    }
    spans
}

/// The quotation mark at token `i` as the rules read it, and the last token it takes: two
/// apostrophes, backticks or single curly marks typed for a double mark read as one (`''…''`
/// as `"…"`, the New York Times' house style; ``` ``…'' ``` and `‘‘…’’` as `“…”`).
fn mark_at<'t>(text: &'t str, tokens: &[Token<'_>], i: usize) -> (&'t str, usize) {
    let t = &tokens[i];
    let surface = &text[t.start..t.end];
    if let Some(n) = tokens.get(i + 1).filter(|n| n.start == t.end) {
        match (surface, &text[n.start..n.end]) {
            ("'", "'") => return ("\"", i + 1),
            ("`", "`") | ("‘", "‘") => return ("“", i + 1),
            ("’", "’") => return ("”", i + 1),
            _ => {}
        }
    }
    (surface, i)
}

/// Words written with a leading apostrophe for letters left out (`'em`, `‘bout`, `'til`, the
/// Dutch `'t`), after which `'` or `‘` is an apostrophe, not an opening mark.
const ELISIONS: &[&str] = &[
    "t", "s", "n", "em", "bout", "til", "till", "cause", "cuz", "round", "tis", "twas", "nuff",
    "ol", "neath", "fraid",
];

/// Is the `'` or `‘` at token `i` the apostrophe of an elision: directly before a digit (`'90s`)
/// or one of the [`ELISIONS`]?
fn elision_after(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    if text[tokens[i].end..].starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    tokens.get(i + 1).is_some_and(|n| {
        n.start == tokens[i].end && n.kind == TokenKind::Word && ELISIONS.contains(&&*n.norm)
    })
}

/// Is the `’`/`'` at token `i` a plural possessive inside a single-quoted quotation
/// (`'The rebels' commander fled,' he said`) rather than its closing mark? It follows a word
/// ending in `s`, and the next single mark in the paragraph closes speech (`,'` `.'` `?'` `!'`)
/// with no opening mark before it. Otherwise the quotation closes here, as in `the ‘terrorists’
/// and the ‘bandits’` or `'terrorists' but the rebels' commander`.
fn plural_possessive(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    let after_s_word = i > 0
        && tokens[i - 1].kind == TokenKind::Word
        && tokens[i - 1].end == t.start
        && text[tokens[i - 1].start..tokens[i - 1].end].ends_with(['s', 'S']);
    if !after_s_word {
        return false;
    }
    let rest = tokens[i + 1..]
        .iter()
        .enumerate()
        .take_while(|(_, n)| n.paragraph == t.paragraph);
    for (k, n) in rest {
        let mark = &text[n.start..n.end];
        if !matches!(mark, "'" | "’" | "‘") {
            continue;
        }
        if mark == "‘" || space_before(text, n.start) {
            return false; // an opening mark comes first
        }
        let before = &tokens[i + k]; // the token just before this mark
        return matches!(&text[before.start..before.end], "," | "." | "?" | "!" | "…");
    }
    false
}

/// For each token, whether a closing mark (one of `marks`, touching the word before it)
/// follows it in its paragraph: one pass from the end.
fn closers_after(text: &str, tokens: &[Token<'_>], marks: &[&str]) -> Vec<bool> {
    let mut after = vec![false; tokens.len()];
    for i in (0..tokens.len().saturating_sub(1)).rev() {
        let n = &tokens[i + 1];
        if n.paragraph == tokens[i].paragraph {
            let closer = marks.contains(&&text[n.start..n.end]) && !space_before(text, n.start);
            after[i] = closer || after[i + 1];
        }
    }
    after
}

fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Quote or scare, by the rules in the module docs.
fn classify(text: &str, tokens: &[Token<'_>], span: &Span, sentences: &Sentences) -> Voice {
    let inner = &tokens[span.open + 1..span.close.max(span.open + 1)];
    let inner = if span.closed {
        inner
    } else {
        &tokens[span.open + 1..=span.close]
    };
    let words = inner.iter().filter(|t| t.kind.is_word()).count();
    if words > SCARE_MAX_WORDS || span.paragraphs > 1 || !span.closed {
        return Voice::Quote;
    }
    let surface = |t: &Token<'_>| &text[t.start..t.end];
    // inner punctuation other than trailing marks
    let last_word = inner.iter().rposition(|t| t.kind.is_word()).unwrap_or(0);
    if inner[..last_word].iter().any(|t| is_terminal(surface(t))) {
        return Voice::Quote;
    }
    if let Some(last) = inner.last() {
        if matches!(surface(last), "," | ":" | ";") {
            return Voice::Quote;
        }
    }
    let colon_before = span.open > 0
        && tokens[span.open - 1].paragraph == tokens[span.open].paragraph
        && &text[tokens[span.open - 1].start..tokens[span.open - 1].end] == ":";
    if colon_before
        || verb_before(text, tokens, span.open).is_some()
        || verb_after(text, tokens, span.close).is_some()
    {
        return Voice::Quote;
    }
    // a partial quote: the words of someone a cue earlier in the sentence reports
    // (`Trump said they are “planting the seeds”`, `Christie called Obama a “petulant child”`)
    let sentence = tokens[span.open].sentence;
    if span.open > 0
        && tokens[span.open - 1].sentence == sentence
        && sentences.last_verb(text, tokens, span.open - 1).is_some()
    {
        return Voice::Quote;
    }
    Voice::Scare
}

/// A speech verb directly before the opening mark (`said “`, `said: “`, `asking '`).
fn verb_before(text: &str, tokens: &[Token<'_>], open: usize) -> Option<usize> {
    let mut i = open.checked_sub(1)?;
    if tokens[i].paragraph != tokens[open].paragraph {
        return None;
    }
    if matches!(&text[tokens[i].start..tokens[i].end], ":" | ",") {
        i = i.checked_sub(1)?;
    }
    speech_verb_at(text, tokens, i).then_some(i)
}

/// A speech verb directly after the closing mark: `” he said`, `” said Peskov`,
/// `” Foreign Ministry spokeswoman Maria Zakharova said`. Returns the verb's token index.
fn verb_after(text: &str, tokens: &[Token<'_>], close: usize) -> Option<usize> {
    let paragraph = tokens[close].paragraph;
    let mut i = close + 1;
    if tokens
        .get(i)
        .is_some_and(|t| t.paragraph == paragraph && &text[t.start..t.end] == ",")
    {
        i += 1;
    }
    // up to six words before the verb, in the same sentence as the closing mark
    let sentence = tokens[close].sentence;
    // `” a senior official said`: a description may hold lowercase words
    let described = tokens
        .get(i)
        .is_some_and(|t| DETERMINERS.contains(&&*t.norm));
    for j in i..(i + 7).min(tokens.len()) {
        let t = &tokens[j];
        if t.paragraph != paragraph
            || t.sentence != sentence
            || (t.kind == TokenKind::Punct && &text[t.start..t.end] != ".")
        {
            return None;
        }
        if speech_verb_at(text, tokens, j) {
            // `” he said`, `” Konashenkov said`: the words between must be a name or pronoun
            let between = &tokens[i..j];
            let ok = between.iter().all(|b| {
                b.kind == TokenKind::Punct
                    || starts_upper(&text[b.start..b.end])
                    || PRONOUNS.contains(&&*b.norm)
                    || is_title(&b.norm)
                    || is_particle(&b.norm)
                    || b.norm == "the"
            }) || description_start(text, tokens, j) == Some(i);
            return ok.then_some(j);
        }
        if t.kind == TokenKind::Word
            && !described
            && !(starts_upper(&text[t.start..t.end])
                || PRONOUNS.contains(&&*t.norm)
                || is_title(&t.norm)
                || is_particle(&t.norm)
                || matches!(&*t.norm, "the" | "a"))
        {
            return None;
        }
    }
    None
}

/// The run of capitalized name words ending just before token `end` (exclusive), with titles
/// stripped, or `None`.
fn name_before(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
    let mut start = end;
    while start > 0 {
        let t = &tokens[start - 1];
        let s = &text[t.start..t.end];
        let capital = |k: usize| {
            tokens[k].kind == TokenKind::Word && starts_upper(&text[tokens[k].start..tokens[k].end])
        };
        if t.kind == TokenKind::Word && starts_upper(s) && !is_not_name(&t.norm) {
            start -= 1;
        } else if start < end && start > 1 && is_particle(&t.norm) && capital(start - 2) {
            start -= 1; // `Pierre de Vos`
        } else if t.kind == TokenKind::Punct && s == "-" && start > 1 {
            start -= 1; // hyphenated names
        } else {
            break;
        }
    }
    name_of(text, &tokens[start..end])
}

/// [`name_before`], unless a preposition or a time word comes just before the name (`in the
/// Middle East said`, `inside Aleppo said`, `last September said`): a subject, not a place.
fn subject_before(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
    let name = name_before(text, tokens, end)?;
    let words = name.split_whitespace().count();
    // the first token of the run: count back over its words
    let mut start = end;
    let mut seen = 0;
    while start > 0 && seen < words {
        start -= 1;
        if tokens[start].kind == TokenKind::Word {
            seen += 1;
        }
    }
    let before = |k: usize| start.checked_sub(k).map(|i| &*tokens[i].norm);
    let compass = |w: &str| {
        matches!(
            w,
            "the"
                | "east"
                | "west"
                | "north"
                | "south"
                | "central"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
        )
    };
    let place = before(1).is_some_and(|w| BEFORE_PLACES.contains(&w))
        || (before(1).is_some_and(compass)
            && before(2).is_some_and(|w| BEFORE_PLACES.contains(&w)));
    (!place).then_some(name)
}

/// The run of capitalized name words starting at token `start`, or `None`.
fn name_after(text: &str, tokens: &[Token<'_>], start: usize) -> Option<String> {
    let mut end = start;
    while let Some(t) = tokens.get(end) {
        let s = &text[t.start..t.end];
        let capital_next = tokens.get(end + 1).is_some_and(|n| {
            n.kind == TokenKind::Word
                && starts_upper(&text[n.start..n.end])
                && !is_not_name(&n.norm)
        });
        if t.kind == TokenKind::Word && starts_upper(s) && !is_not_name(&t.norm) {
            end += 1;
        } else if end > start && is_particle(&t.norm) && capital_next {
            end += 1; // `Pierre de Vos`
        } else {
            break;
        }
    }
    // `Observatory director Rami Abdel Rahman`, `Aleppo-based activist Abu Omar`: the person
    // named after the role words
    let mut k = end;
    while k < (end + 4).min(tokens.len()) {
        let t = &tokens[k];
        let role = t.kind == TokenKind::Word
            && !starts_upper(&text[t.start..t.end])
            && (ROLES.contains(&&*t.norm) || is_title(&t.norm));
        if !(role || &text[t.start..t.end] == "-") {
            break;
        }
        k += 1;
    }
    if end > start && k > end && tokens[end..k].iter().any(|t| t.kind == TokenKind::Word) {
        if let Some(person) = name_after(text, tokens, k).filter(|n| n.contains(' ')) {
            return Some(person);
        }
    }
    name_of(text, &tokens[start..end])
}

/// Words between a source and its speech verb: `has said`, `also told`, `would later add`.
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "would",
    "will",
    "also",
    "later",
    "then",
    "again",
    "recently",
    "previously",
    "once",
    "often",
    "repeatedly",
    "was",
    "is",
    "may",
    "might",
    "could",
    "can",
    "did",
    "does",
    "never",
    "just",
    "already",
    "quickly",
    "flatly",
    "simply",
];

/// Lowercase words inside names: `Pierre de Vos`, `Ursula von der Leyen`, `Omar al Bashir`.
fn is_particle(norm: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "da", "di", "del", "della", "dos", "du", "van", "von", "der", "den", "ter", "la",
        "le", "al", "el", "bin", "ibn", "of", "for",
    ];
    PARTICLES.contains(&norm)
}

/// Role words between an organisation or place and a person's name: `said Observatory
/// director Rami Abdel Rahman`, `said Aleppo-based activist Abu Omar`.
const ROLES: &[&str] = &[
    "director",
    "head",
    "chief",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "activist",
    "commander",
    "resident",
    "correspondent",
    "analyst",
    "researcher",
    "expert",
    "member",
    "leader",
    "envoy",
    "minister",
    "based",
    "coordinator",
    "founder",
    "chairman",
    "president",
    "monitor",
    "doctor",
    "journalist",
    "lawyer",
];

/// Words before a capitalized run that make it a place or a time, not a speaker: `in the
/// Middle East said`, `inside Aleppo said`, `last September said`.
const BEFORE_PLACES: &[&str] = &[
    "in", "inside", "at", "from", "near", "across", "into", "outside", "to", "of", "over", "last",
    "next", "since", "until", "on",
];

/// Words that open a description of a source: `the governor`, `a senior US official`,
/// `another intelligence source`, `his spokesman`.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "another", "one", "two", "three", "several", "some", "many", "his", "her",
    "their", "its",
];

/// Words that end a description before it starts: conjunctions, pronouns and quantifiers of a
/// clause (`the death toll and`, `the group it`, `its forces used any such weapons`).
const NOT_IN_DESCRIPTIONS: &[&str] = &[
    "and", "or", "but", "it", "they", "he", "she", "we", "that", "which", "who", "any", "what",
    "when", "if", "as", "than",
];

/// A description of the source ending just before token `end`: a run of at most six words (no
/// punctuation but hyphens and possessives, no speech verb, auxiliary or word of
/// [`NOT_IN_DESCRIPTIONS`], not ending in a verb form in `-ed` or `-ing`) that opens with one of
/// [`DETERMINERS`]: `The former pollster said`, `a senior US official told`. Its last word must
/// not be a pronoun.
fn description_before(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
    let start = description_start(text, tokens, end)?;
    Some(text[tokens[start].start..tokens[end - 1].end].to_string())
}

/// The first token of [`description_before`]'s description.
fn description_start(text: &str, tokens: &[Token<'_>], end: usize) -> Option<usize> {
    let mut start = end;
    let mut words = 0;
    while start > 0 && words < 6 {
        let t = &tokens[start - 1];
        if t.kind == TokenKind::Punct {
            if !matches!(&text[t.start..t.end], "-" | "’" | "'") {
                return None;
            }
        } else {
            words += 1;
            // a verb inside is a clause, not a description (`the US has rejected`)
            if is_speech_verb(&t.norm)
                || AUXILIARIES.contains(&&*t.norm)
                || NOT_IN_DESCRIPTIONS.contains(&&*t.norm)
                || (start == end && (t.norm.ends_with("ing") || t.norm.ends_with("ed")))
            {
                return None;
            }
            if DETERMINERS.contains(&&*t.norm) {
                start -= 1;
                let last = &tokens[end - 1];
                if start + 1 == end
                    || last.kind != TokenKind::Word
                    || PRONOUNS.contains(&&*last.norm)
                {
                    return None;
                }
                return Some(start);
            }
        }
        start -= 1;
    }
    None
}

/// Joins name words, dropping titles, page furniture in capitals (`JUST WATCHED`) and
/// function words (`Then`, `Who's`) in front, and a possessive at the end.
fn name_of(text: &str, run: &[Token<'_>]) -> Option<String> {
    let shouting = |t: &Token<'_>| {
        let s = &text[t.start..t.end];
        s.chars().filter(|c| c.is_alphabetic()).count() > 1 && !s.chars().any(char::is_lowercase)
    };
    let first = run.iter().position(|t| {
        t.kind == TokenKind::Word
            && !is_title(&t.norm)
            && !is_not_name(&t.norm)
            && !shouting(t)
            && !is_particle(&t.norm)
    })?;
    let run = &run[first..];
    if run.is_empty() || run.len() > 5 {
        return None;
    }
    let mut name = String::with_capacity(run.iter().map(|t| t.end - t.start + 1).sum());
    for (k, t) in run.iter().enumerate() {
        let s = &text[t.start..t.end];
        if k > 0 && !(t.kind == TokenKind::Punct || name.ends_with('-')) {
            name.push(' ');
        }
        name.push_str(s);
    }
    for suffix in ["'s", "’s"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.to_string();
        }
    }
    (!name.is_empty()).then_some(name)
}

/// The people named so far in a text, for pronouns and full names.
#[derive(Debug, Default)]
struct People {
    /// Every multi-word name seen.
    names: rustc_hash::FxHashSet<String>,
    /// By last word, the longest multi-word name seen with it (of equal lengths, the one seen
    /// last), for the longest form of a surname: looked up, never searched, so an article
    /// naming thousands of people takes time in proportion to them.
    longest: rustc_hash::FxHashMap<String, String>,
    /// The last person named as a speaker or sentence subject.
    last: Option<String>,
}

impl People {
    fn is_person(&self, name: &str) -> bool {
        name.contains(' ') || self.longest.contains_key(name)
    }

    fn remember(&mut self, name: &str) {
        if name.contains(' ') && !self.names.contains(name) {
            self.names.insert(name.to_string());
            let last = name.rsplit(' ').next().unwrap_or(name);
            match self.longest.get_mut(last) {
                Some(longest) if longest.len() > name.len() => {}
                Some(longest) => *longest = name.to_string(),
                None => {
                    self.longest.insert(last.to_string(), name.to_string());
                }
            }
        }
    }

    fn speaker(&mut self, name: &str) {
        self.remember(name);
        self.last = Some(name.to_string());
    }

    /// `Konashenkov` → `Igor Konashenkov` if that was seen.
    fn full_name(&self, name: &str) -> String {
        let last = name.rsplit(' ').next().unwrap_or(name);
        match self.longest.get(last) {
            Some(longest) if longest.len() >= name.len() => longest.clone(),
            _ => name.to_string(),
        }
    }

    /// Notes names in narrator tokens `from..to`: names after titles, sentence subjects,
    /// and subjects of speech verbs.
    fn scan(&mut self, text: &str, tokens: &[Token<'_>], from: usize, to: usize, voices: &[Voice]) {
        let mut i = from;
        while i < to {
            let t = &tokens[i];
            let s = &text[t.start..t.end];
            let name_start = t.kind == TokenKind::Word && starts_upper(s) && !is_not_name(&t.norm);
            if !name_start || voices[i] != Voice::Narrator {
                i += 1;
                continue;
            }
            let mut end = i;
            while end < to
                && tokens[end].kind == TokenKind::Word
                && starts_upper(&text[tokens[end].start..tokens[end].end])
                && !is_not_name(&tokens[end].norm)
            {
                end += 1;
            }
            if let Some(name) = name_of(text, &tokens[i..end]) {
                let titled = tokens[i..end].iter().any(|w| is_title(&w.norm))
                    || (i > 0 && is_title(&tokens[i - 1].norm));
                self.remember_if(&name, titled);
                let sentence_start = i == 0
                    || tokens[i - 1].sentence != t.sentence
                    || &text[tokens[i - 1].start..tokens[i - 1].end] == ","
                    || is_title(&tokens[i - 1].norm);
                let next = tokens.get(end);
                let verb_follows = next.is_some_and(|n| {
                    n.kind == TokenKind::Word
                        && !starts_upper(&text[n.start..n.end])
                        && !is_not_name(&n.norm)
                });
                let comma_follows = next.is_some_and(|n| &text[n.start..n.end] == ",");
                let possessive = text[tokens[end - 1].start..tokens[end - 1].end].ends_with('s')
                    && tokens[end - 1].norm.ends_with("'s");
                if !possessive
                    && (sentence_start && (verb_follows || comma_follows)
                        || next.is_some_and(|n| is_speech_verb(&n.norm)))
                    && self.is_person(&name)
                {
                    self.last = Some(name);
                }
            }
            i = end.max(i + 1);
        }
    }

    fn remember_if(&mut self, name: &str, titled: bool) {
        if titled || name.contains(' ') {
            self.remember(name);
        }
    }
}

/// Where each token's sentence starts (found once per text, the first time a quotation asks),
/// and the last speech verb before a quotation in its sentence, found by a scan that goes on
/// from where the previous quotation's stopped (quotations come in text order): attributing
/// many quotations in one long sentence scans it once, not again for each.
#[derive(Default)]
struct Sentences {
    first: std::cell::OnceCell<Vec<usize>>,
    verbs: std::cell::Cell<VerbScan>,
}

/// How far the scan for speech verbs has gone: tokens before `next` in `sentence` are seen,
/// and `last` is the last speech verb among them.
#[derive(Clone, Copy, Default)]
struct VerbScan {
    sentence: u32,
    next: usize,
    last: Option<usize>,
}

impl Sentences {
    /// The first token of token `i`'s sentence.
    fn first(&self, tokens: &[Token<'_>], i: usize) -> usize {
        self.first.get_or_init(|| {
            let mut first = Vec::with_capacity(tokens.len());
            for (k, t) in tokens.iter().enumerate() {
                let same = k > 0 && tokens[k - 1].sentence == t.sentence;
                first.push(if same { first[k - 1] } else { k });
            }
            first
        })[i]
    }

    /// The last speech verb at or before token `i`, in its sentence.
    fn last_verb(&self, text: &str, tokens: &[Token<'_>], i: usize) -> Option<usize> {
        let mut scan = self.verbs.get();
        let sentence = tokens[i].sentence;
        if scan.sentence != sentence || scan.next > i + 1 || scan.next == 0 {
            let first = self.first(tokens, i);
            scan = VerbScan {
                sentence,
                next: first,
                last: None,
            };
        }
        while scan.next <= i {
            let t = &tokens[scan.next];
            if (speech_verb_at(text, tokens, scan.next) || labels_speech(text, tokens, scan.next))
                && t.norm != "according"
            {
                scan.last = Some(scan.next);
            }
            scan.next += 1;
        }
        self.verbs.set(scan);
        scan.last
    }
}

/// The speaker and verb of a quotation, by the patterns in the module docs.
fn attribute(
    text: &str,
    tokens: &[Token<'_>],
    span: &Span,
    people: &People,
    sentences: &Sentences,
) -> Option<(Option<(String, SpeakerKind)>, String)> {
    let verb_text = |i: usize| text[tokens[i].start..tokens[i].end].to_string();
    let pronoun = || people.last.clone().map(|n| (n, SpeakerKind::Pronoun));
    let named = |n: String| (n, SpeakerKind::Name);
    let described = |n: String| (n, SpeakerKind::Description);
    let resolve = |i_verb: usize, subject_end: usize| -> Option<(String, SpeakerKind)> {
        let (mut i_verb, mut subject_end) = (i_verb, subject_end);
        // `Anderson said, adding that …`: a cue after another cue and a comma shares its subject
        while subject_end >= 2
            && &text[tokens[subject_end - 1].start..tokens[subject_end - 1].end] == ","
            && speech_verb_at(text, tokens, subject_end - 2)
        {
            i_verb = subject_end - 2;
            subject_end = i_verb;
        }
        // `Brooks has said`, `Clinton also told`: auxiliaries and adverbs before the verb
        let mut skipped = 0;
        let mut passive = false;
        while subject_end > 0
            && skipped < 3
            && AUXILIARIES.contains(&&*tokens[subject_end - 1].norm)
        {
            passive |= matches!(&*tokens[subject_end - 1].norm, "was" | "is");
            subject_end -= 1;
            skipped += 1;
        }
        // `Homs was once dubbed …`: the subject of a passive is not the one who spoke
        if passive && LABEL_VERB_SET.contains(&*tokens[i_verb].norm) {
            return None;
        }
        // the subject ending right before the verb (skipping one appositive comma)
        let mut end = subject_end;
        let appositive = end > 0 && &text[tokens[end - 1].start..tokens[end - 1].end] == ",";
        if appositive {
            end -= 1;
        }
        if end > 0 && PRONOUNS.contains(&&*tokens[end - 1].norm) {
            return pronoun();
        }
        // `”, said Bennett`: the subject after the verb, when punctuation comes before it
        if subject_end > 0 && tokens[subject_end - 1].kind == TokenKind::Punct {
            if let Some(name) = name_after(text, tokens, i_verb + 1) {
                return Some(named(name));
            }
        }
        if let Some(name) = subject_before(text, tokens, end) {
            // Across a comma, one capitalized word may be a place (`over Syria, asking`).
            if !appositive || name.contains(' ') || people.is_person(&name) {
                return Some(named(name));
            }
        }
        if !appositive {
            if let Some(description) = description_before(text, tokens, end) {
                return Some(described(description));
            }
        }
        // the sentence's leading name (`Mr Kirby, asked what …, said:`) or pronoun
        let first = sentences.first(tokens, i_verb);
        if first == i_verb {
            return None;
        }
        if PRONOUNS.contains(&&*tokens[first].norm) {
            return pronoun();
        }
        let lead = name_after(text, tokens, first)?;
        (people.is_person(&lead) || tokens[first].norm == "mr" || tokens[first].norm == "ms")
            .then(|| named(lead))
    };
    // `“…,” X said` / `“…,” said X`
    if let Some(v) = verb_after(text, tokens, span.close) {
        let after_close = if tokens
            .get(span.close + 1)
            .is_some_and(|t| &text[t.start..t.end] == ",")
        {
            span.close + 2
        } else {
            span.close + 1
        };
        let speaker = if v == after_close {
            name_after(text, tokens, v + 1).map(named)
        } else if PRONOUNS.contains(&&*tokens[v - 1].norm) {
            pronoun()
        } else {
            subject_before(text, tokens, v)
                .map(named)
                .or_else(|| description_before(text, tokens, v).map(described))
        };
        return Some((speaker, verb_text(v)));
    }
    // `X said: “…”`, `X said “…”`
    if let Some(v) = verb_before(text, tokens, span.open) {
        return Some((resolve(v, v), verb_text(v)));
    }
    // `X told reporters: “…”`: a colon before the quote and a speech verb earlier in the sentence
    let sentence = tokens[span.open].sentence;
    if span.open > 0 && tokens[span.open - 1].sentence == sentence {
        if let Some(k) = sentences.last_verb(text, tokens, span.open - 1) {
            return Some((resolve(k, k), verb_text(k)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    /// The text with each non-narrator word marked: `[q:word]` for quote, `[s:word]` for scare.
    fn marked(text: &str) -> String {
        let tokens = tokenize(text);
        let v = label(text, &tokens);
        tokens
            .iter()
            .zip(&v.of)
            .filter(|(t, _)| t.kind.is_word())
            .map(|(t, v)| {
                let s = &text[t.start..t.end];
                match v {
                    Voice::Narrator => s.to_string(),
                    Voice::Quote => format!("[q:{s}]"),
                    Voice::Scare => format!("[s:{s}]"),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// One rule per line: (text, words with their voices).
    #[test]
    fn voice_table() {
        let cases: &[(&str, &str)] = &[
            // each double mark
            ("He said “we won” today.", "He said [q:we] [q:won] today"),
            ("He said \"we won\" today.", "He said [q:we] [q:won] today"),
            ("He said „we won“ today.", "He said [q:we] [q:won] today"),
            ("He said « we have won » today.", "He said [q:we] [q:have] [q:won] today"),
            ("He said »we won« today.", "He said [q:we] [q:won] today"),
            ("the « label » here", "the [s:label] here"),
            // scare quotes: short, no verb attached
            ("the whole 'opposition' ostensibly", "the whole [s:opposition] ostensibly"),
            ("Amnesty’s ‘fake’ report", "Amnesty’s [s:fake] report"),
            ("the “Russophobic hysteria” of the week", "the [s:Russophobic] [s:hysteria] of the week"),
            // partial quotes: a short quotation in what a cue earlier in the sentence reports
            ("accused of “Russophobic hysteria” after", "accused of [q:Russophobic] [q:hysteria] after"),
            ("The senator said they are “sowing the seeds” of doubt.", "The senator said they are [q:sowing] [q:the] [q:seeds] of doubt"),
            ("The governor called his rival a “spoiled child” on Monday.", "The governor called his rival a [q:spoiled] [q:child] on Monday"),
            ("They met the so-called ‘moderate’ rebels.", "They met the so called [s:moderate] rebels"),
            ("He said so. The ‘moderate’ rebels left.", "He said so The [s:moderate] rebels left"),
            ("fighting a 'civil war' in Syria", "fighting a [s:civil] [s:war] in Syria"),
            ("a ‹label› here", "a [s:label] here"),
            // apostrophes are not quote marks
            ("Amnesty’s report and can't and won’t", "Amnesty’s report and can't and won’t"),
            ("the rebels' commander and terrorists’ activity", "the rebels commander and terrorists activity"),
            ("in the '90s they fought", "in the 90s they fought"),
            ("'The rebels' commander fled,' he said.", "[q:The] [q:rebels] [q:commander] [q:fled] he said"),
            ("saw the fighters as ‘terrorists’ and the opposition as ‘bandits’ in a statement", "saw the fighters as [s:terrorists] and the opposition as [s:bandits] in a statement"),
            ("took them for 'terrorists' but the rebels' commander disagreed.", "took them for [s:terrorists] but the rebels commander disagreed"),
            ("‘The Americans’ Syria policy has failed,’ Lavrov said.", "[q:The] [q:Americans] [q:Syria] [q:policy] [q:has] [q:failed] Lavrov said"),
            ("Since the ‘90s, rebels fought.", "Since the 90s rebels fought"),
            ("\" Terrorists are everywhere,\" Konashenkov said.", "[q:Terrorists] [q:are] [q:everywhere] Konashenkov said"),
            ("Moscow called them “terrorists”. He said so.", "Moscow called them [q:terrorists] He said so"),
            ("Moscow saw them as “terrorists”. He said so.", "Moscow saw them as [s:terrorists] He said so"),
            ("He said: “Terrorists shelled Aleppo.\n\n‘Moderate’ rebels do not exist,” he added.", "He said [q:Terrorists] [q:shelled] [q:Aleppo] [q:Moderate] [q:rebels] [q:do] [q:not] [q:exist] he added"),
            ("‘The rebels’ commander fled,’ he said.", "[q:The] [q:rebels] [q:commander] [q:fled] he said"),
            ("siding with 'terrorists' in Syria", "siding with [s:terrorists] in Syria"),
            ("“We won,“ he said. Then", "[q:We] [q:won] he said Then"),
            ("He said 'we will fight on.\n\nNext paragraph.", "He said [q:we] [q:will] [q:fight] [q:on] Next paragraph"),
            ("'We will fight on.\n\n'And win,' he said.", "[q:We] [q:will] [q:fight] [q:on] [q:And] [q:win] he said"),
            // doubled single marks typed for double ones (a house style of some papers)
            ("''The vote is ours,'' the senator said. Then came the rain.", "[q:The] [q:vote] [q:is] [q:ours] the senator said Then came the rain"),
            ("``The vote is ours,'' the senator said. Then came the rain.", "[q:The] [q:vote] [q:is] [q:ours] the senator said Then came the rain"),
            ("‘‘Ours,’’ she said, and left.", "[q:Ours] she said and left"),
            ("He said ''we will fight on.\n\n''And win,'' he added.", "He said [q:we] [q:will] [q:fight] [q:on] [q:And] [q:win] he added"),
            ("the ''moderate'' rebels", "the [s:moderate] rebels"),
            // elisions never open a quotation
            ("Sophie In 't Veld spoke to the committee for an hour.", "Sophie In t Veld spoke to the committee for an hour"),
            ("they talked ‘bout the plan with residents’ leaders", "they talked bout the plan with residents leaders"),
            ("we told 'em we would wait 'til noon, he said.", "we told em we would wait til noon he said"),
            // speech verbs make short spans quotes
            ("“We won,” he said.", "[q:We] [q:won] he said"),
            ("He said: “No.”", "He said [q:No]"),
            ("He told MPs: “No.”", "He told MPs [q:No]"),
            ("asking 'what have you achieved?'", "asking [q:what] [q:have] [q:you] [q:achieved]"),
            ("“No” said Peskov.", "[q:No] said Peskov"),
            // a sentence inside makes a quote
            ("“Yes. No” he", "[q:Yes] [q:No] he"),
            // long spans are quotes
            ("called it “a US-controlled international terrorist alliance” then", "called it [q:a] [q:US] [q:controlled] [q:international] [q:terrorist] [q:alliance] then"),
            // nesting: a scare inside a quote stays quote
            ("said “the whole 'opposition' is a sham” then", "said [q:the] [q:whole] [q:opposition] [q:is] [q:a] [q:sham] then"),
            ("“He called them ‘terrorists’,” she said.", "[q:He] [q:called] [q:them] [q:terrorists] she said"),
            // mixed marks: “ opened, \" closed, and the reverse
            ("was “in line with the hysteric Russophobia.\" Then", "was [q:in] [q:line] [q:with] [q:the] [q:hysteric] [q:Russophobia] Then"),
            ("\"There were none; this is a fact,” Konashenkov said.", "[q:There] [q:were] [q:none] [q:this] [q:is] [q:a] [q:fact] Konashenkov said"),
            // a stray mark closes at the paragraph's end
            ("He said “we won today.\n\nThe next paragraph.", "He said [q:we] [q:won] [q:today] The next paragraph"),
            ("A stray ” mark changes nothing.", "A stray mark changes nothing"),
            // a quote continues into a paragraph that opens with a quote mark
            ("He said: “First part.\n\n“Second part,” he added.\n\nNarrator.", "He said [q:First] [q:part] [q:Second] [q:part] he added Narrator"),
            // single-line paragraphs (no blank lines): each line is a paragraph
            ("“Open quote\nNarrator line.", "[q:Open] [q:quote] Narrator line"),
            // straight single quotes for speech
            ("'We won,' he said.", "[q:We] [q:won] he said"),
        ];
        for (text, expected) in cases {
            assert_eq!(marked(text), *expected, "text: {text:?}");
        }
    }

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        let tokens = tokenize(text);
        label(text, &tokens)
            .quotations
            .iter()
            .map(|q| {
                (
                    format!("{}:{}", q.kind.as_str(), &text[q.start..q.end]),
                    q.speaker.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn speaker_patterns() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            speakers("“We won,” Konashenkov said."),
            [("quote:“We won,”".into(), s("Konashenkov"))]
        );
        assert_eq!(
            speakers("“We won,” said Dmitry Peskov."),
            [("quote:“We won,”".into(), s("Dmitry Peskov"))]
        );
        assert_eq!(
            speakers("Foreign Secretary Boris Johnson said: “It is time.”"),
            [("quote:“It is time.”".into(), s("Boris Johnson"))]
        );
        assert_eq!(
            speakers("Kremlin spokesman Dmitry Peskov spoke. “We won,” he said."),
            [("quote:“We won,”".into(), s("Dmitry Peskov"))]
        );
        assert_eq!(
            speakers("Peskov told reporters: “We won.”"),
            [("quote:“We won.”".into(), s("Peskov"))]
        );
        assert_eq!(
            speakers("“It was strange,” said the Russian official."),
            [("quote:“It was strange,”".into(), None)]
        );
        assert_eq!(
            speakers("Major General Igor Konashenkov spoke. “No,” Konashenkov said."),
            [("quote:“No,”".into(), s("Igor Konashenkov"))]
        );
        assert_eq!(
            speakers("the ‘fake’ report"),
            [("scare:‘fake’".into(), None)]
        );
        assert_eq!(
            speakers("Moscow hits back at UK over Syria, asking 'what have you achieved?'"),
            [("quote:'what have you achieved?'".into(), None)]
        );
    }

    #[test]
    fn seed_speakers() {
        let text = include_str!("../data/003_ea494074b19b6663.txt");
        let tokens = tokenize(text);
        let quotes: Vec<(Voice, Option<String>)> = label(text, &tokens)
            .quotations
            .into_iter()
            .map(|q| (q.kind, q.speaker))
            .collect();
        let s = |x: &str| Some(x.to_string());
        use Voice::*;
        assert_eq!(
            quotes,
            [
                (Quote, s("Russia")),           // Russia accuses US of siding with 'terrorists'
                (Quote, None),                  // Russian officials have accused … "terrorists"
                (Quote, s("Maria Zakharova")),  // "We can't assess …," … Maria Zakharova said
                (Quote, s("Igor Konashenkov")), // Konashenkov said … amounted to "the most frank …"
                (Quote, s("Igor Konashenkov")), // "What makes Kirby's statement …," he added.
                (Quote, s("John Kirby")),       // Mr Kirby, asked …, said: "That extremists …"
                (Quote, s("Igor Konashenkov")), // He said … "exclude even a hint …"
                (Quote, s("Dmitry Peskov")),    // "Our colleagues …," he said.
            ]
        );
    }

    /// Speakers and how the text names them, one pattern per line.
    #[test]
    fn speaker_table() {
        use SpeakerKind::*;
        let cases: &[(&str, Option<(&str, SpeakerKind)>)] = &[
            (
                "“We will win,” said Pierre de Vos, a professor of law.",
                Some(("Pierre de Vos", Name)),
            ),
            (
                "“We will win,” Anna Berg said. “And soon.”",
                Some(("Anna Berg", Name)),
            ),
            (
                "The former pollster said, “She is behind in the polls.”",
                Some(("The former pollster", Description)),
            ),
            (
                "“It is over,” a senior official said.",
                Some(("a senior official", Description)),
            ),
            (
                "Senator Brooks has said that he would consider “anything short of war” there.",
                Some(("Brooks", Name)),
            ),
            (
                "“He is honest,” Anna Berg said, adding that he is “the most trustworthy” of them.",
                Some(("Anna Berg", Name)),
            ),
            (
                "Anna Berg spoke first. “It is over,” she said.",
                Some(("Anna Berg", Pronoun)),
            ),
            ("The US has rejected “any such claims” outright.", None),
            ("“It is over,” the Syrian Observatory for Human Rights said.", Some(("Observatory for Human Rights", Name))),
            ("“It is over,” said Observatory director Rami Abdel Rahman.", Some(("Rami Abdel Rahman", Name))),
            ("“It is bad,” said Aleppo-based activist Abu Omar.", Some(("Abu Omar", Name))),
            ("“We wait,” Secretary of State John Kerry said.", Some(("John Kerry", Name))),
            ("A resident inside Aleppo said they were “left to die” there.", Some(("A resident inside Aleppo", Description))),
            ("The coalition launched in September last year. Homs was once dubbed the “capital of the revolution” by many.", None),
        ];
        for (text, expected) in cases {
            let tokens = tokenize(text);
            let q = label(text, &tokens).quotations.pop().expect("a quotation");
            let got = q.speaker.as_deref().zip(q.speaker_kind);
            assert_eq!(got, *expected, "{text}");
        }
    }

    /// A speech verb written with a capital inside a sentence is part of a name.
    #[test]
    fn capitalized_speech_verbs_are_names() {
        let text = "Officials accused the United States of backing “terrorists” in the region.";
        let tokens = tokenize(text);
        let q = &label(text, &tokens).quotations[0];
        assert_eq!((q.kind, q.verb.as_deref()), (Voice::Quote, Some("accused")));
        assert_eq!(q.speaker.as_deref(), Some("Officials"));
        let text = "Islamic State fighters took the “liberated” town.";
        let tokens = tokenize(text);
        let q = &label(text, &tokens).quotations[0];
        assert_eq!((q.kind, q.verb.as_deref()), (Voice::Scare, None));
    }

    proptest::proptest! {
        #[test]
        fn every_token_gets_a_voice(text in "(\\PC|[\"'“”‘’«»„ \n]){0,120}") {
            let tokens = tokenize(&text);
            let v = label(&text, &tokens);
            proptest::prop_assert_eq!(v.of.len(), tokens.len());
            for q in &v.quotations {
                proptest::prop_assert!(q.start < q.end && q.end <= text.len());
            }
        }
    }
}
