//! The word lists voice reads: speech and label verbs, titles, roles, words that are no names.

use super::*;

/// Words that report speech. Lowercase; matched against normalized tokens.
pub(super) const SPEECH_VERBS: &[&str] = &[
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
pub(super) fn set(words: &'static [&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

pub(super) static SPEECH_VERB_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(SPEECH_VERBS));
pub(super) static NOT_NAME_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(NOT_NAMES));
pub(super) static TITLE_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(TITLES));

pub(super) fn is_speech_verb(norm: &str) -> bool {
    SPEECH_VERB_SET.contains(norm)
}

/// Verbs by which a sentence gives someone's words for a thing (`called Obama a “petulant
/// child”`, `accused them of “treason”`): a short quotation after one is that person's, a
/// partial quote. Not after `so-` (`the so-called ‘moderate’ rebels` is the outlet's distance).
pub(super) const LABEL_VERBS: &[&str] = &[
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

pub(super) static LABEL_VERB_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(LABEL_VERBS));

/// Is token `i` one of the [`LABEL_VERBS`] as a verb, not in `so-called`?
pub(super) fn labels_speech(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    LABEL_VERB_SET.contains(&*tokens[i].norm)
        && lowercase_or_first(text, tokens, i)
        && !(i >= 2 && tokens[i - 1].norm == "-" && tokens[i - 2].norm == "so")
}

/// Is token `i` a speech verb as a verb: a word of [`SPEECH_VERBS`] written in lowercase, or
/// opening its sentence? A capitalized one inside a sentence is part of a name (`the United
/// States`, `Islamic State`).
pub(super) fn speech_verb_at(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    t.kind == TokenKind::Word && is_speech_verb(&t.norm) && lowercase_or_first(text, tokens, i)
}

pub(super) fn lowercase_or_first(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    !starts_upper(&text[t.start..t.end]) || i == 0 || tokens[i - 1].sentence != t.sentence
}

pub(super) fn is_not_name(norm: &str) -> bool {
    NOT_NAME_SET.contains(norm)
}

pub(super) fn is_title(norm: &str) -> bool {
    TITLE_SET.contains(norm)
}

pub(super) const PRONOUNS: &[&str] = &["he", "she"];

/// Capitalized words that start sentences or name roles but are not part of a name.
pub(super) const NOT_NAMES: &[&str] = &[
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
pub(super) const TITLES: &[&str] = &[
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

/// Words between a source and its speech verb: `has said`, `also told`, `would later add`.
pub(super) const AUXILIARIES: &[&str] = &[
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
pub(super) fn is_particle(norm: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "da", "di", "del", "della", "dos", "du", "van", "von", "der", "den", "ter", "la",
        "le", "al", "el", "bin", "ibn", "of", "for",
    ];
    PARTICLES.contains(&norm)
}

/// Role words between an organisation or place and a person's name: `said Observatory
/// director Rami Abdel Rahman`, `said Aleppo-based activist Abu Omar`.
pub(super) const ROLES: &[&str] = &[
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
pub(super) const BEFORE_PLACES: &[&str] = &[
    "in", "inside", "at", "from", "near", "across", "into", "outside", "to", "of", "over", "last",
    "next", "since", "until", "on",
];

/// Words that open a description of a source: `the governor`, `a senior US official`,
/// `another intelligence source`, `his spokesman`.
pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "another", "one", "two", "three", "several", "some", "many", "his", "her",
    "their", "its",
];

/// Words that end a description before it starts: conjunctions, pronouns and quantifiers of a
/// clause (`the death toll and`, `the group it`, `its forces used any such weapons`).
pub(super) const NOT_IN_DESCRIPTIONS: &[&str] = &[
    "and", "or", "but", "it", "they", "he", "she", "we", "that", "which", "who", "any", "what",
    "when", "if", "as", "than",
];
