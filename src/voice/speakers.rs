//! Speakers: the name, description or pronoun a quotation is attributed to.

use super::*;

/// The run of capitalized name words ending just before token `end` (exclusive), with titles
/// stripped, or `None`.
pub(super) fn name_before(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
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
pub(super) fn subject_before(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
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
pub(super) fn name_after(text: &str, tokens: &[Token<'_>], start: usize) -> Option<String> {
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
        } else if end > start && s == "." && is_title(&tokens[end - 1].norm) && capital_next {
            end += 1; // `Rep. Diane Russell`, `Mr. Pike`
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

/// A description of the source ending just before token `end`: a run of at most six words (no
/// punctuation but hyphens and possessives, no speech verb, auxiliary or word of
/// [`NOT_IN_DESCRIPTIONS`], not ending in a verb form in `-ed` or `-ing`) that opens with one of
/// [`DETERMINERS`]: `The former pollster said`, `a senior US official told`. Its last word must
/// not be a pronoun.
pub(super) fn description_before(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
    let start = description_start(text, tokens, end)?;
    Some(text[tokens[start].start..tokens[end - 1].end].to_string())
}

/// The first token of [`description_before`]'s description.
pub(super) fn description_start(text: &str, tokens: &[Token<'_>], end: usize) -> Option<usize> {
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
                // `Activists in the town said`, `a source in the city told`: the place is the
                // object of a preposition; the source is the phrase before it
                if start > 0 && BEFORE_PLACES.contains(&&*tokens[start - 1].norm) {
                    return source_before_place(text, tokens, start - 1);
                }
                return Some(start);
            }
        }
        start -= 1;
    }
    None
}

/// The source before a preposition at `prep` (`Activists in the town`, `A government source in
/// the city`, `SANA reporter in the province`): at most four words back to a determiner, a
/// capitalized word or the sentence's start, none of them a verb or clause word.
fn source_before_place(text: &str, tokens: &[Token<'_>], prep: usize) -> Option<usize> {
    let sentence = tokens[prep].sentence;
    let mut start = prep;
    let mut words = 0;
    while start > 0 && words < 4 && tokens[start - 1].sentence == sentence {
        let t = &tokens[start - 1];
        if t.kind != TokenKind::Word
            || is_speech_verb(&t.norm)
            || AUXILIARIES.contains(&&*t.norm)
            || NOT_IN_DESCRIPTIONS.contains(&&*t.norm)
        {
            break;
        }
        start -= 1;
        words += 1;
        if DETERMINERS.contains(&&*t.norm) {
            break;
        }
    }
    let opens = start == 0
        || tokens[start - 1].sentence != sentence
        || tokens[start - 1].kind == TokenKind::Punct
        || DETERMINERS.contains(&&*tokens[start].norm)
        || starts_upper(&text[tokens[start].start..tokens[start].end]);
    (words > 0 && opens).then_some(start)
}

/// Joins name words, dropping titles, page furniture in capitals (`JUST WATCHED`) and
/// function words (`Then`, `Who's`) in front, and a possessive at the end.
pub(super) fn name_of(text: &str, run: &[Token<'_>]) -> Option<String> {
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
pub(super) struct People {
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
    pub(super) fn is_person(&self, name: &str) -> bool {
        name.contains(' ') || self.longest.contains_key(name)
    }

    pub(super) fn remember(&mut self, name: &str) {
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

    pub(super) fn speaker(&mut self, name: &str) {
        self.remember(name);
        self.last = Some(name.to_string());
    }

    /// A speaker found for a quotation or clause, settled: a name or pronoun's referent is
    /// remembered as the last speaker (a description is no one a later pronoun or short name
    /// refers to), and a name is given in its longest form in the text.
    pub(super) fn settle(
        &mut self,
        speaker: Option<(String, SpeakerKind)>,
    ) -> Option<(String, SpeakerKind)> {
        let (s, k) = speaker?;
        if k == SpeakerKind::Description {
            return Some((s, k));
        }
        self.speaker(&s);
        Some((self.full_name(&s), k))
    }

    /// `Konashenkov` → `Igor Konashenkov` if that was seen.
    pub(super) fn full_name(&self, name: &str) -> String {
        let last = name.rsplit(' ').next().unwrap_or(name);
        match self.longest.get(last) {
            Some(longest) if longest.len() >= name.len() => longest.clone(),
            _ => name.to_string(),
        }
    }

    /// Notes names in the outlet's tokens (narrator or reported) `from..to`: names after titles, sentence subjects,
    /// and subjects of speech verbs.
    pub(super) fn scan(
        &mut self,
        text: &str,
        tokens: &[Token<'_>],
        from: usize,
        to: usize,
        voices: &[Voice],
    ) {
        let mut i = from;
        while i < to {
            let t = &tokens[i];
            let s = &text[t.start..t.end];
            let name_start = t.kind == TokenKind::Word && starts_upper(s) && !is_not_name(&t.norm);
            if !name_start || matches!(voices[i], Voice::Quote | Voice::Scare) {
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
                // a clause's subject: at the sentence's start, after a comma or title, or after
                // a conjunction (`and since then Ben Carson has …`)
                let sentence_start = i == 0
                    || tokens[i - 1].sentence != t.sentence
                    || &text[tokens[i - 1].start..tokens[i - 1].end] == ","
                    || is_title(&tokens[i - 1].norm)
                    || matches!(
                        &*tokens[i - 1].norm,
                        "and"
                            | "but"
                            | "then"
                            | "since"
                            | "when"
                            | "while"
                            | "because"
                            | "after"
                            | "as"
                            | "so"
                            | "yet"
                            | "although"
                            | "though"
                            | "before"
                    );
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

    pub(super) fn remember_if(&mut self, name: &str, titled: bool) {
        if titled || name.contains(' ') {
            self.remember(name);
        }
    }
}

/// The speaker of the speech verb at `i_verb`, from its subject: the name, pronoun or
/// description before it (`Brooks has said`, `The former pollster said`), the name after it when
/// punctuation comes before (`”, said Bennett`), or the sentence's leading name (`Mr Kirby,
/// asked what …, said:`). `None` for the subject of a passive label verb (`Homs was once dubbed`).
pub(super) fn subject_of(
    text: &str,
    tokens: &[Token<'_>],
    i_verb: usize,
    people: &People,
    sentences: &Sentences,
) -> Option<(String, SpeakerKind)> {
    let pronoun = || people.last.clone().map(|n| (n, SpeakerKind::Pronoun));
    let named = |n: String| (n, SpeakerKind::Name);
    let (mut i_verb, mut subject_end) = (i_verb, i_verb);
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
        && (AUXILIARIES.contains(&&*tokens[subject_end - 1].norm)
            || is_adverb(text, &tokens[subject_end - 1]))
    {
        passive |= matches!(&*tokens[subject_end - 1].norm, "was" | "is");
        subject_end -= 1;
        skipped += 1;
    }
    // `Governor Mary Fallin (R-OK) said`: a parenthesis after the name
    if subject_end > 0 && &text[tokens[subject_end - 1].start..tokens[subject_end - 1].end] == ")" {
        if let Some(open) = (subject_end.saturating_sub(8)..subject_end - 1)
            .rev()
            .find(|&k| &text[tokens[k].start..tokens[k].end] == "(")
        {
            subject_end = open;
        }
    }
    // `Trump told a rally, saying …`, `Sanders said …, adding, …`: a participle after a comma
    // shares the subject of the cue before it in its sentence
    if tokens[i_verb].norm.ends_with("ing")
        && subject_end > 1
        && &text[tokens[subject_end - 1].start..tokens[subject_end - 1].end] == ","
        && tokens[subject_end - 2].sentence == tokens[i_verb].sentence
    {
        let first = sentences.first(tokens, i_verb);
        // at most PARTICIPLE_REACH tokens back, so that many quotations in one sentence cost
        // linear time
        let from = first.max((subject_end - 1).saturating_sub(PARTICIPLE_REACH));
        if let Some(k) = (from..subject_end - 1)
            .rev()
            .find(|&k| speech_verb_at(text, tokens, k) && !tokens[k].norm.ends_with("ing"))
        {
            return subject_of(text, tokens, k, people, sentences);
        }
    }
    // `Homs was once dubbed …`: the subject of a passive is not the one who spoke
    if passive && LABEL_VERB_SET.contains(&*tokens[i_verb].norm) {
        return None;
    }
    // `Johnson condemned the attack saying …`: a participle's subject is its main clause's,
    // at the sentence's start
    let participle = tokens[i_verb].norm.ends_with("ing") && i_verb == subject_end;
    if participle && subject_end > 0 && !PRONOUNS.contains(&&*tokens[subject_end - 1].norm) {
        // one capitalized word may be a place (`Moscow hits back at UK over Syria, asking`)
        return clause_subject(text, tokens, i_verb, i_verb, people, sentences)
            .filter(|(n, k)| *k == SpeakerKind::Pronoun || people.is_person(n) || n.contains(' '));
    }
    // `Mr. Sanders, who said`: the relative pronoun's antecedent
    if subject_end >= 2
        && tokens[subject_end - 1].norm == "who"
        && matches!(
            &text[tokens[subject_end - 2].start..tokens[subject_end - 2].end],
            "," | "-" | "—" | "–"
        )
    {
        return subject_before(text, tokens, subject_end - 2)
            .map(named)
            .or_else(|| {
                description_before(text, tokens, subject_end - 2)
                    .map(|d| (d, SpeakerKind::Description))
            });
    }
    // `Trump … calling her a witness, and then tweeted`: a coordinated verb shares the
    // sentence's subject
    if subject_end >= 1 && tokens[subject_end - 1].norm == "and" {
        return clause_subject(text, tokens, i_verb, subject_end, people, sentences);
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
    // `”, said Bennett`: the subject after the verb, when a closing quotation mark comes
    // before it (not `Zeke Emanuel, an oncologist, said Obamacare …`)
    let mark = |k: usize| quote_mark(&text[tokens[k].start..tokens[k].end]).is_some();
    let after_quote = subject_end > 0
        && (mark(subject_end - 1)
            || (subject_end > 1
                && &text[tokens[subject_end - 1].start..tokens[subject_end - 1].end] == ","
                && mark(subject_end - 2)));
    if after_quote {
        if let Some(name) = name_after(text, tokens, i_verb + 1) {
            return Some(named(name));
        }
    }
    // `Dean Johnson, a salesman from Sumter, South Carolina, says`: across an appositive, the
    // name that opens the sentence, not the place that ends the appositive
    let lead = leading_name(text, tokens, i_verb, people, sentences);
    if appositive {
        if let Some(lead) = lead.clone() {
            return Some(lead);
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
            return Some((description, SpeakerKind::Description));
        }
    }
    lead
}

/// The sentence's leading name as the subject of an interrupted clause, the name then a comma
/// (`Mr Kirby, asked what …, said:`), or its leading pronoun.
fn leading_name(
    text: &str,
    tokens: &[Token<'_>],
    i_verb: usize,
    people: &People,
    sentences: &Sentences,
) -> Option<(String, SpeakerKind)> {
    let first = sentences.first(tokens, i_verb);
    if first == i_verb {
        return None;
    }
    if PRONOUNS.contains(&&*tokens[first].norm) {
        return people.last.clone().map(|n| (n, SpeakerKind::Pronoun));
    }
    let lead = name_after(text, tokens, first)?;
    let words = lead.split_whitespace().count();
    let mut after = first;
    let mut seen = 0;
    while after < i_verb && seen < words + 2 {
        if tokens[after].kind == TokenKind::Word {
            seen += 1;
        }
        if &text[tokens[after].start..tokens[after].end] == "," {
            break;
        }
        after += 1;
    }
    let comma = after < i_verb && &text[tokens[after].start..tokens[after].end] == ",";
    (comma && (people.is_person(&lead) || tokens[first].norm == "mr" || tokens[first].norm == "ms"))
        .then_some((lead, SpeakerKind::Name))
}

/// The subject of the clause a verb at `i_verb` belongs to, at its sentence's start and before
/// `end`: a pronoun (resolved) or a name; not a word after a preposition (`In Washington`).
fn clause_subject(
    text: &str,
    tokens: &[Token<'_>],
    i_verb: usize,
    end: usize,
    people: &People,
    sentences: &Sentences,
) -> Option<(String, SpeakerKind)> {
    let first = sentences.first(tokens, i_verb);
    if PRONOUNS.contains(&&*tokens[first].norm) {
        return people.last.clone().map(|n| (n, SpeakerKind::Pronoun));
    }
    (first < end && !BEFORE_PLACES.contains(&&*tokens[first].norm))
        .then(|| name_after(text, tokens, first))
        .flatten()
        .map(|n| (n, SpeakerKind::Name))
}

/// The speaker of a speech verb at `v` that follows what was said (`“…,” X said`, `…, X
/// said.`), `after` being the first token after the quotation or clause (and its comma): the
/// name after the verb when the verb comes first (`”, said Bennett`), else the pronoun, name or
/// description before it.
pub(super) fn speaker_after(
    text: &str,
    tokens: &[Token<'_>],
    after: usize,
    v: usize,
    people: &People,
) -> Option<(String, SpeakerKind)> {
    let surface = |i: usize| &text[tokens[i].start..tokens[i].end];
    if v == after {
        name_after(text, tokens, v + 1)
            .map(|n| (n, SpeakerKind::Name))
            .or_else(|| described_after(text, tokens, v + 1))
    } else if v >= 2
        && (surface(v - 1) == "," || AUXILIARIES.contains(&&*tokens[v - 1].norm))
        && starts_upper(surface(after))
        && {
            // `” Jeb Bush, the former Florida governor, told`: the name before the appositive
            let mut k = v;
            while k > after && AUXILIARIES.contains(&&*tokens[k - 1].norm) {
                k -= 1;
            }
            surface(k - 1) == ","
        }
    {
        name_after(text, tokens, after).map(|n| (n, SpeakerKind::Name))
    } else if v >= 2 && surface(v - 1) == "," && DETERMINERS.contains(&&*tokens[after].norm) {
        // `” the White House spokesman, Josh Earnest, said`: the name in the appositive, else
        // the description before it
        let comma = (after + 1..v - 1).find(|&k| surface(k) == ",")?;
        name_after(text, tokens, comma + 1)
            .filter(|n| n.contains(' '))
            .map(|n| (n, SpeakerKind::Name))
            .or_else(|| {
                Some((
                    text[tokens[after].start..tokens[comma - 1].end].to_string(),
                    SpeakerKind::Description,
                ))
            })
    } else if PRONOUNS.contains(&&*tokens[v - 1].norm) {
        people.last.clone().map(|n| (n, SpeakerKind::Pronoun))
    } else {
        subject_before(text, tokens, v)
            .map(|n| (n, SpeakerKind::Name))
            .or_else(|| description_before(text, tokens, v).map(|d| (d, SpeakerKind::Description)))
    }
}

/// The speaker and verb of a quotation, by the patterns in the module docs.
pub(super) fn attribute(
    text: &str,
    tokens: &[Token<'_>],
    span: &Span,
    people: &People,
    sentences: &Sentences,
) -> Option<(Option<(String, SpeakerKind)>, String)> {
    let verb_text = |i: usize| text[tokens[i].start..tokens[i].end].to_string();
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
        let speaker = speaker_after(text, tokens, after_close, v, people);
        return Some((speaker, verb_text(v)));
    }
    // `X said: “…”`, `X said “…”`
    if let Some(v) = verb_before(text, tokens, span.open) {
        return Some((subject_of(text, tokens, v, people, sentences), verb_text(v)));
    }
    // `X told reporters: “…”`: a colon before the quote and a speech verb earlier in the sentence
    let sentence = tokens[span.open].sentence;
    if span.open > 0 && tokens[span.open - 1].sentence == sentence {
        if let Some(k) = sentences.last_verb(text, tokens, span.open - 1) {
            return Some((subject_of(text, tokens, k, people, sentences), verb_text(k)));
        }
    }
    None
}

/// The source of `according to X`: the words `from..to` after `to`, as a name when each is
/// capitalized (`according to Reuters`), else as a description (`according to the Syrian
/// Observatory for Human Rights`, `according to state media`). At most eight words.
pub(super) fn according_source(
    text: &str,
    tokens: &[Token<'_>],
    from: usize,
    to: usize,
) -> Option<(String, SpeakerKind)> {
    let words: Vec<usize> = (from..to)
        .filter(|&i| tokens[i].kind == TokenKind::Word)
        .collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let named = words.iter().all(|&i| {
        starts_upper(&text[tokens[i].start..tokens[i].end]) || is_particle(&tokens[i].norm)
    });
    if named {
        let name = name_of(text, &tokens[from..to])?;
        return Some((name, SpeakerKind::Name));
    }
    // `according to type, location and flight patterns` is no source
    let opens = DETERMINERS.contains(&&*tokens[words[0]].norm)
        || starts_upper(&text[tokens[words[0]].start..tokens[words[0]].end]);
    if words.len() > 3 && !opens {
        return None;
    }
    let last = *words.last()?;
    Some((
        text[tokens[from].start..tokens[last].end].to_string(),
        SpeakerKind::Description,
    ))
}

/// A source of lowercase words before a trailing verb, `…, officials said`, `…, several
/// friends said`, as a description (auxiliaries before the verb left out).
pub(super) fn bare_source(
    text: &str,
    tokens: &[Token<'_>],
    from: usize,
    v: usize,
) -> Option<(String, SpeakerKind)> {
    let mut end = v;
    while end > from && AUXILIARIES.contains(&&*tokens[end - 1].norm) {
        end -= 1;
    }
    (end > from && tokens[end - 1].kind == TokenKind::Word).then(|| {
        (
            text[tokens[from].start..tokens[end - 1].end].to_string(),
            SpeakerKind::Description,
        )
    })
}

/// A description after a verb that comes first, `said another leading advocate, Andrew
/// Pincus of …` (the name after the comma is the speaker) or `said a senior official` (the
/// description): a determiner and at most six more words.
fn described_after(text: &str, tokens: &[Token<'_>], from: usize) -> Option<(String, SpeakerKind)> {
    let first = tokens.get(from)?;
    if !DETERMINERS.contains(&&*first.norm) {
        return None;
    }
    let sentence = first.sentence;
    let mut end = from + 1;
    while end < tokens.len()
        && end < from + 7
        && tokens[end].sentence == sentence
        && tokens[end].kind == TokenKind::Word
        && !NOT_IN_DESCRIPTIONS.contains(&&*tokens[end].norm)
        && !is_speech_verb(&tokens[end].norm)
    {
        end += 1;
    }
    if end == from + 1 {
        return None;
    }
    if tokens
        .get(end)
        .is_some_and(|t| &text[t.start..t.end] == ",")
    {
        if let Some(name) = name_after(text, tokens, end + 1).filter(|n| n.contains(' ')) {
            return Some((name, SpeakerKind::Name));
        }
    }
    Some((
        text[tokens[from].start..tokens[end - 1].end].to_string(),
        SpeakerKind::Description,
    ))
}

/// How far back a participle's cue is looked for: `Trump told a North Carolina rally on
/// Tuesday, saying`.
const PARTICIPLE_REACH: usize = 30;

/// A lowercase adverb in `-ly` between a subject and its verb: `Cruz gingerly said`.
fn is_adverb(text: &str, t: &Token<'_>) -> bool {
    t.kind == TokenKind::Word
        && t.norm.len() > 4
        && t.norm.ends_with("ly")
        && !starts_upper(&text[t.start..t.end])
}
