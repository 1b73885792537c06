//! The reported voice: what the outlet reports someone as saying outside quotation marks, the
//! clause a reporting cue governs. The rules are in [`super`]'s docs; this module finds the
//! clauses, one sentence at a time, each sentence in time proportional to its length.

use super::*;

/// A reported clause: the token ranges of its content (one, or two around a cue in the
/// middle: `The attack, officials said, killed 20`), its cue and where its source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Report {
    /// Half-open token ranges of the content, in text order.
    pub(super) pieces: Vec<(usize, usize)>,
    /// The cue's token: the speech verb, or `according`.
    pub(super) cue: usize,
    pub(super) source: Source,
}

/// Where a reported clause says who speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The subject of the verb before the content: `Peskov said Russia rejects …`.
    Before,
    /// The subject of the verb after the content, `after` being the first token after its
    /// comma: `…, Peskov said.`, `…, said Peskov.`
    After { after: usize },
    /// The words after `according to` (a half-open token range).
    According { from: usize, to: usize },
}

/// Speech verbs whose clause may follow them directly, `that` or not (`Peskov said Russia
/// rejects …`). The other speech verbs, and the verbs of [`EVIDENCE_VERBS`], govern a clause
/// only through a complementizer (`noted that`, `asked whether`, `found that`).
const DIRECT_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "add",
    "adds",
    "added",
    "adding",
    "insisted",
    "insists",
    "argued",
    "argues",
    "arguing",
    "argue",
    "suggested",
    "suggest",
    "alleged",
    "contended",
    "predicted",
    "think",
    "thinks",
    "believes",
    "hopes",
    "hoped",
    "noted",
    "noting",
    "notes",
    "revealed",
    "recalled",
    "explained",
    "acknowledged",
    "admitted",
    "accused",
    "accuses",
    "accusing",
    "showed",
];

/// Verbs of evidence and belief that report what someone holds through `that`: `the poll
/// found that …`, `officials believe that …`.
const EVIDENCE_VERBS: &[&str] = &[
    "found",
    "finds",
    "show",
    "shows",
    "showed",
    "shown",
    "suggests",
    "suggest",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "fear",
    "fears",
    "feared",
    "estimate",
    "estimates",
    "estimated",
    "revealed",
    "reveals",
    "indicated",
    "indicates",
    "contend",
    "contends",
    "contended",
    "maintain",
    "maintains",
    "maintained",
    "concede",
    "conceded",
    "concedes",
    "agree",
    "agreed",
    "agrees",
    "hope",
    "hopes",
    "hoped",
    "expect",
    "expects",
    "expected",
    "worry",
    "worries",
    "worried",
    "promised",
    "promises",
    "vowed",
    "vows",
    "allege",
    "alleges",
];

/// Verbs whose object comes before the clause: `told reporters (that) …`, `told The Post he …`.
const TELL_VERBS: &[&str] = &["told", "tell", "tells", "telling"];

/// Objects of [`TELL_VERBS`] that are no names: `told reporters`, `told him`.
const OBJECTS: &[&str] = &[
    "him",
    "her",
    "them",
    "me",
    "us",
    "you",
    "reporters",
    "journalists",
    "lawmakers",
    "supporters",
    "voters",
    "senators",
    "officials",
    "members",
    "students",
    "listeners",
    "viewers",
    "donors",
    "delegates",
    "parliament",
    "congress",
    "investigators",
    "police",
    "prosecutors",
];

/// Words that open a phrase of time or place after a verb (`said on Tuesday`, `said in a
/// statement`), not the clause.
const PHRASE_OPENERS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "last",
    "this",
    "earlier",
    "later",
    "late",
    "yesterday",
    "today",
    "tuesday",
    "monday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "through",
    "via",
    "from",
    "to",
    "about",
    "of",
    "with",
    "for",
    "while",
    "when",
    "as",
    "under",
    "over",
    "into",
    "outside",
    "inside",
    "near",
    "recently",
    "again",
    "shortly",
    "privately",
    "publicly",
    "repeatedly",
    "previously",
    "separately",
    "afterward",
    "afterwards",
    "by",
    "without",
    "here",
    "there",
    "then",
    "now",
    "back",
    "instead",
    "only",
    "also",
    "too",
    "up",
    "down",
    "out",
    "off",
    "so",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "tonight",
    "overnight",
    "late",
];

/// Words that open the clause after a verb that needs one (`noted that`, `asked whether`).
const COMPLEMENTIZERS: &[&str] = &["that", "whether", "if"];

/// Words before a verb that make it no reporting verb: an infinitive (`to say`), a determiner
/// (`the reported attack`), a passive or perfect auxiliary (`was found`, `been shown`).
const NOT_SUBJECTS: &[&str] = &[
    "to", "the", "a", "an", "this", "that", "these", "those", "was", "were", "be", "been", "being",
    "is", "are", "not", "as", "of", "for", "by", "with", "so", "unlike", "when", "if", "after",
    "before", "while", "once", "unless", "because", "since", "until", "whenever",
];

/// Speech verbs that may follow what was said: `…, he said.`, `…, she told reporters.`
const TRAILING_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "added",
    "adds",
    "told",
    "tells",
    "wrote",
    "writes",
    "explained",
    "noted",
    "notes",
    "stated",
    "reported",
    "recalled",
    "acknowledged",
    "stressed",
    "confirmed",
    "admitted",
    "announced",
    "argued",
    "argues",
    "insisted",
    "insists",
    "warned",
    "claimed",
    "tweeted",
    "emphasized",
    "emphasised",
    "observed",
    "replied",
    "responded",
    "remarked",
    "commented",
    "declared",
    "suggested",
    "predicted",
    "alleged",
    "conceded",
    "contended",
];

/// Pronouns that may be the subject of a cue.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// What a word is to the rules, as bits: every list above in one map, so that each word of a
/// text is looked up once.
const SPEECH: u8 = 1;
const DIRECT: u8 = 2;
const EVIDENCE: u8 = 4;
const PHRASE: u8 = 8;
const TRAILING: u8 = 16;
const COMPLEMENTIZER: u8 = 32;
const ACCORDING: u8 = 64;

static WORD_FLAGS: LazyLock<rustc_hash::FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut flags = rustc_hash::FxHashMap::default();
    let lists: [(&[&str], u8); 6] = [
        (DIRECT_VERBS, DIRECT),
        (EVIDENCE_VERBS, EVIDENCE),
        (PHRASE_OPENERS, PHRASE),
        (TRAILING_VERBS, TRAILING),
        (COMPLEMENTIZERS, COMPLEMENTIZER),
        (&["according"], ACCORDING),
    ];
    for (words, flag) in lists {
        for &w in words {
            *flags.entry(w).or_insert(0) |= flag;
        }
    }
    for w in SPEECH_VERBS {
        *flags.entry(*w).or_insert(0) |= SPEECH;
    }
    flags
});

/// Whether any bit of `flag` is set for `word`.
fn has(flags: u8, flag: u8) -> bool {
    flags & flag != 0
}

/// How far the appositive of a trailing cue's subject is looked for: a name and at most ten
/// words of apposition, with punctuation.
const APPOSITIVE_REACH: usize = 24;

/// The fewest words of the outlet's own a clause must hold to be reported.
const MIN_WORDS: usize = 3;

/// Words after a trailing cue before the sentence ends: `…, he said on Tuesday.`
const TAIL_WORDS: usize = 8;

/// How far after a verb a complementizer is looked for: `said on Tuesday that`.
const COMPLEMENTIZER_REACH: usize = 7;

/// How far a complementizer is looked for after a phrase of time or place: `said on ABC's
/// “This Week” that`.
const PHRASE_REACH: usize = 16;

/// The reported clauses of a text, given each token's voice so far (quotations labelled).
pub(super) fn find(text: &str, tokens: &[Token<'_>], of: &[Voice]) -> Vec<Report> {
    let flags: Vec<u8> = tokens
        .iter()
        .map(|t| match t.kind {
            TokenKind::Word => WORD_FLAGS.get(&*t.norm).copied().unwrap_or(0),
            _ => 0,
        })
        .collect();
    let clause = Clause {
        text,
        tokens,
        of,
        flags: &flags,
    };
    let mut reports = Vec::new();
    let mut a = 0;
    while a < tokens.len() {
        let mut b = a + 1;
        let mut cue = has(flags[a], SPEECH | EVIDENCE | ACCORDING);
        while b < tokens.len() && tokens[b].sentence == tokens[a].sentence {
            cue |= has(flags[b], SPEECH | EVIDENCE | ACCORDING);
            b += 1;
        }
        // a sentence without a cue word has no reported clause
        if cue {
            if let Some(r) = in_sentence(&clause, a, b) {
                reports.push(r);
            }
        }
        a = b;
    }
    reports
}

/// What the rules read.
struct Clause<'a, 't> {
    text: &'a str,
    tokens: &'a [Token<'t>],
    of: &'a [Voice],
    /// Each token's [`WORD_FLAGS`].
    flags: &'a [u8],
}

impl Clause<'_, '_> {
    fn surface(&self, i: usize) -> &str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }

    fn norm(&self, i: usize) -> &str {
        &self.tokens[i].norm
    }

    fn is_comma(&self, i: usize) -> bool {
        self.of[i] == Voice::Narrator && self.surface(i) == ","
    }

    /// Words of the outlet's own in `from..to`.
    fn own_words(&self, from: usize, to: usize) -> usize {
        (from..to)
            .filter(|&i| self.tokens[i].kind.is_word() && self.of[i] == Voice::Narrator)
            .count()
    }

    /// Whether `from..to` holds at least `n` words of the outlet's own (stopping at the `n`th).
    fn has_own_words(&self, from: usize, to: usize, n: usize) -> bool {
        (from..to)
            .filter(|&i| self.tokens[i].kind.is_word() && self.of[i] == Voice::Narrator)
            .nth(n.saturating_sub(1))
            .is_some()
    }

    /// A speech verb of the narrator's, as a verb (lowercase or opening its sentence).
    fn speech_verb(&self, i: usize) -> bool {
        has(self.flags[i], SPEECH)
            && !has(self.flags[i], ACCORDING)
            && self.of[i] == Voice::Narrator
            && lowercase_or_first(self.text, self.tokens, i)
    }

    fn is(&self, i: usize, flag: u8) -> bool {
        has(self.flags[i], flag)
    }

    /// A word that may stand in a source before its verb: `Peskov`, `he`, `the spokesman`.
    fn subject_word(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.kind == TokenKind::Word
            && (starts_upper(self.surface(i))
                || SUBJECT_PRONOUNS.contains(&self.norm(i))
                || is_title(self.norm(i))
                || is_particle(self.norm(i))
                || DETERMINERS.contains(&self.norm(i))
                || AUXILIARIES.contains(&self.norm(i)))
    }

    /// Is `from..v` a source, `v` being its verb: names, pronouns, titles, or a description
    /// (`a senior official`)? Empty is one when the name follows the verb (`, said Peskov`).
    fn source_before(&self, from: usize, v: usize) -> bool {
        if from == v {
            // `, said Peskov`, `, said the spokesman`; not `, said Tuesday`
            let next = self.tokens.get(v + 1).map_or("", |t| &*t.norm);
            let phrase = v + 1 < self.tokens.len() && self.is(v + 1, PHRASE);
            return !phrase
                && (name_after(self.text, self.tokens, v + 1).is_some()
                    || DETERMINERS.contains(&next));
        }
        let mut end = v;
        while end > from && AUXILIARIES.contains(&self.norm(end - 1)) {
            end -= 1;
        }
        // names, pronouns and descriptions of at most six words (`Republican candidate Ben
        // Carson`, `several friends`, `U.S. officials`): no clause words among them
        let words = (from..end)
            .filter(|&i| self.tokens[i].kind.is_word())
            .count();
        words > 0
            && words <= 6
            && (from..end).all(|i| match self.tokens[i].kind {
                TokenKind::Punct => matches!(self.surface(i), "-" | "’" | "'" | "."),
                _ => {
                    !NOT_IN_DESCRIPTIONS.contains(&self.norm(i))
                        && !self.is(i, COMPLEMENTIZER)
                        && self.of[i] == Voice::Narrator
                }
            })
    }

    /// The places where what was said may end before a trailing cue: a comma of the outlet's,
    /// or the closing mark of a quotation that ends in a comma (`Voters “think …,” he said`).
    fn clause_end(&self, k: usize) -> bool {
        self.is_comma(k)
            || (self.of[k] == Voice::Quote
                && self.of.get(k + 1) == Some(&Voice::Narrator)
                && k > 0
                && self.surface(k - 1) == ",")
    }
}

/// The reported clause of the sentence `a..b`, by the first rule that applies: `according to`,
/// a cue after the content (`…, X said.`) or in its middle (`…, X said, …`), a cue before it
/// (`X said (that) …`).
fn in_sentence(c: &Clause<'_, '_>, a: usize, b: usize) -> Option<Report> {
    // the sentence without its closing punctuation
    let mut end = b;
    while end > a && c.tokens[end - 1].kind == TokenKind::Punct && c.of[end - 1] == Voice::Narrator
    {
        end -= 1;
    }
    if end <= a {
        return None;
    }
    according(c, a, end)
        .or_else(|| trailing(c, a, end))
        .or_else(|| leading(c, a, end))
        .filter(|r| {
            r.pieces
                .iter()
                .map(|&(s, e)| c.own_words(s, e))
                .sum::<usize>()
                >= MIN_WORDS
        })
}

/// `according to X, …`, `…, according to X.`, `…, according to X, …`.
fn according(c: &Clause<'_, '_>, a: usize, end: usize) -> Option<Report> {
    let i = (a..end.saturating_sub(1))
        .find(|&i| c.is(i, ACCORDING) && c.of[i] == Voice::Narrator && c.norm(i + 1) == "to")?;
    let from = i + 2;
    // the source runs to the next comma (or the sentence's end)
    let mut to = (from..end).find(|&k| c.is_comma(k)).unwrap_or(end);
    // `according to CrowdTangle, a tool that monitors social media, …`: the appositive is the
    // source's
    if to + 1 < end && DETERMINERS.contains(&c.norm(to + 1)) && matches!(c.norm(to + 1), "a" | "an")
    {
        if let Some(k) = (to + 2..(to + 14).min(end)).find(|&k| c.is_comma(k)) {
            to = k;
        }
    }
    if to == from {
        return None;
    }
    let source = Source::According { from, to };
    let opens =
        i == a || (i == a + 1 && matches!(c.norm(a), "but" | "and" | "yet" | "so" | "also"));
    let pieces = if opens {
        vec![(to + 1, end)]
    } else {
        let before = if i > a && c.is_comma(i - 1) { i - 1 } else { i };
        let mut pieces = vec![(a, before)];
        if to + 1 < end {
            pieces.push((to + 1, end));
        }
        pieces
    };
    Some(Report {
        pieces,
        cue: i,
        source,
    })
}

/// `…, X said.` (a short tail of time or place may follow: `…, he said on Tuesday.`) and
/// `…, X said, …`.
fn trailing(c: &Clause<'_, '_>, a: usize, end: usize) -> Option<Report> {
    for comma in (a + 1..end).filter(|&k| c.clause_end(k)) {
        let after = comma + 1;
        // the cue within a short source after the comma
        let Some(v) = (after..(after + 8).min(end)).find(|&k| c.speech_verb(k)) else {
            continue;
        };
        if !c.is(v, TRAILING) {
            continue;
        }
        // `Katie Harbath, the group's director, said …`: the subject and its appositive
        // (looked at only near the sentence's start, so that many commas cost linear time)
        let near = (a + APPOSITIVE_REACH).min(comma);
        let first_comma = (a..near).find(|&k| c.is_comma(k));
        let name_end = (a..near).find(|&k| !c.subject_word(k)).unwrap_or(near);
        if let Some(f) = first_comma.filter(|&f| comma - f <= APPOSITIVE_REACH) {
            let appositive = (f + 1..comma)
                .filter(|&k| c.tokens[k].kind.is_word())
                .count();
            let one_comma = (f + 1..comma).all(|k| !c.is_comma(k));
            if name_end > a && name_end == f && one_comma && appositive <= 10 {
                continue;
            }
        }
        if !c.source_before(after, v) {
            continue;
        }
        // what follows the verb: the end, a short tail, or a comma and more content
        let mut k = v + 1;
        if after == v {
            // `, said Peskov`, `, said a senior official`: skip the source
            if DETERMINERS.contains(&c.norm(k.min(end - 1))) {
                let limit = (k + 7).min(end);
                while k < limit && !c.is_comma(k) {
                    k += 1;
                }
            } else {
                while k < end && c.subject_word(k) {
                    k += 1;
                }
            }
        }
        let next_comma = (k..end).find(|&j| c.is_comma(j));
        let tail_end = next_comma.unwrap_or(end);
        let tail = &c.tokens[k..tail_end];
        let words = tail.iter().filter(|t| t.kind.is_word()).count();
        // a tail of time or place (`…, he said on Tuesday.`), not a clause of its own (`When
        // asked …, Trump said the plan …`)
        let phrase = tail.first().is_none_or(|_| c.is(k, PHRASE));
        if words > TAIL_WORDS || !phrase || (k..tail_end).any(|j| c.is(j, COMPLEMENTIZER)) {
            continue;
        }
        let content_end = if c.is_comma(comma) { comma } else { comma + 1 };
        let mut pieces = vec![(a, content_end)];
        if let Some(n) = next_comma {
            // `…, officials said, killed 20`; not `…, said Jeff Smith, a professor` (an
            // appositive) nor `…, he said, adding that …` (a clause of its own)
            if after == v || k < n || (n + 1..end).any(|j| c.speech_verb(j)) {
                return None;
            }
            pieces.push((n + 1, end));
        }
        return Some(Report {
            pieces,
            cue: v,
            source: Source::After { after },
        });
    }
    None
}

/// `X said (that) …`, `X told reporters that …`, `the poll found that …`.
fn leading(c: &Clause<'_, '_>, a: usize, end: usize) -> Option<Report> {
    for v in a + 1..end {
        if !c.is(v, SPEECH | EVIDENCE) {
            continue;
        }
        let norm = c.norm(v);
        let direct = c.is(v, DIRECT);
        let cue = (c.speech_verb(v) && !matches!(norm, "state" | "states"))
            || (c.of[v] == Voice::Narrator && c.is(v, EVIDENCE) && !starts_upper(c.surface(v)));
        if !cue || !has_subject(c, a, v) {
            continue;
        }
        let Some(start) = clause_start(c, v, end, direct) else {
            continue;
        };
        if start == v + 1 && v > a && attached_to_quote(c, a, v) {
            continue;
        }
        if !c.has_own_words(start, end, MIN_WORDS) {
            continue;
        }
        return Some(Report {
            pieces: vec![(start, end)],
            cue: v,
            source: Source::Before,
        });
    }
    None
}

/// Where the clause the verb at `v` governs begins: at its complementizer (`said on Tuesday
/// that …`, `asked whether …`); for a verb of [`DIRECT_VERBS`], right after it (`said Russia
/// rejects …`) unless a phrase of time or place comes first and no complementizer follows
/// it; for one of [`TELL_VERBS`], after its object (`told reporters he …`). `None`: no clause.
fn clause_start(c: &Clause<'_, '_>, v: usize, end: usize, direct: bool) -> Option<usize> {
    let complementizer = |from: usize, reach: usize| {
        (from..(from + reach).min(end))
            .take_while(|&k| !c.speech_verb(k))
            .find(|&k| c.of[k] == Voice::Narrator && c.is(k, COMPLEMENTIZER))
    };
    let mut next = v + 1;
    while next < end && matches!(c.surface(next), "," | ":") {
        next += 1;
    }
    if next >= end {
        return None;
    }
    if c.is(next, PHRASE) {
        return complementizer(next, PHRASE_REACH);
    }
    if let Some(k) = complementizer(next, COMPLEMENTIZER_REACH) {
        // `said that`, `noted that`; `told him that`
        if k == next || TELL_VERBS.contains(&c.norm(v)) || !direct {
            return Some(k);
        }
    }
    if TELL_VERBS.contains(&c.norm(v)) {
        // the object: a pronoun or group (`told reporters`), or a name (`told The Post`)
        let mut k = next;
        if OBJECTS.contains(&c.norm(k)) {
            k += 1;
        } else {
            if c.norm(k) == "the" {
                k += 1;
            }
            let from = k;
            while k < end && c.tokens[k].kind == TokenKind::Word && starts_upper(c.surface(k)) {
                k += 1;
            }
            if k == from {
                return None;
            }
        }
        // then the clause's subject
        return (k < end && c.of[k] == Voice::Narrator && c.subject_word(k)).then_some(k);
    }
    direct.then_some(next)
}

/// Does the verb at `v` have a subject before it in its sentence (not an infinitive, a
/// determiner's noun or a passive)?
fn has_subject(c: &Clause<'_, '_>, a: usize, v: usize) -> bool {
    let mut p = v;
    let mut skipped = 0;
    while p > a
        && skipped < 3
        && AUXILIARIES.contains(&c.norm(p - 1))
        && !NOT_SUBJECTS.contains(&c.norm(p - 1))
    {
        p -= 1;
        skipped += 1;
    }
    if p == a {
        return false;
    }
    let before = p - 1;
    let t = &c.tokens[before];
    if t.kind == TokenKind::Punct {
        return c.surface(before) == "," && before > a;
    }
    // `targeting alleged Daesh positions`, `of reported abuses`: a participle as an adjective
    let adjectival = matches!(c.norm(v), "alleged" | "reported" | "accused" | "claimed")
        && (t.norm.ends_with("ing") || BEFORE_PLACES.contains(&&*t.norm) || t.norm == "about");
    !adjectival && !NOT_SUBJECTS.contains(&c.norm(before))
}

/// Is the verb at `v` the attribution of a quotation just before it, the verb first (`“…,”
/// said Dmitry Peskov, the Kremlin's spokesman`)? (With the subject first, `“…,” he said the
/// plan …` opens a clause of its own, and `“…,” he said on Tuesday` has none.)
fn attached_to_quote(c: &Clause<'_, '_>, a: usize, v: usize) -> bool {
    let mut k = v - 1;
    if c.surface(k) == "," && k > a {
        k -= 1;
    }
    c.of[k] != Voice::Narrator
}
