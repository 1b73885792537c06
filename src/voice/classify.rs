//! Quote or scare: the rules of [`super`]'s docs, and the speech verbs next to a quotation.

use super::*;

pub(super) fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Quote or scare, by the rules in the module docs.
pub(super) fn classify(
    text: &str,
    tokens: &[Token<'_>],
    span: &Span,
    sentences: &Sentences,
) -> Voice {
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
pub(super) fn verb_before(text: &str, tokens: &[Token<'_>], open: usize) -> Option<usize> {
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
pub(super) fn verb_after(text: &str, tokens: &[Token<'_>], close: usize) -> Option<usize> {
    let paragraph = tokens[close].paragraph;
    let mut i = close + 1;
    if tokens
        .get(i)
        .is_some_and(|t| t.paragraph == paragraph && &text[t.start..t.end] == ",")
    {
        i += 1;
    }
    // up to six words before the verb, in the same sentence as the closing mark, or in the
    // next when the quotation ends its own sentence (`“… such fun!” Trump tweeted.`, `“…?”
    // he asked`, `“… .” Smith said`): the attribution completes it
    // (`?''`, `?’”`: back over the marks that close with it)
    let surface = |k: usize| &text[tokens[k].start..tokens[k].end];
    let mut last = close;
    while last > 0
        && tokens[last - 1].end == tokens[last].start
        && quote_mark(surface(last - 1)).is_some()
    {
        last -= 1;
    }
    let ends_sentence = last > 0 && is_terminal(surface(last - 1));
    let sentence = match tokens.get(i) {
        Some(t) if ends_sentence && t.paragraph == paragraph => t.sentence,
        _ => tokens[close].sentence,
    };
    // `” a senior official said`: a description may hold lowercase words
    let described = tokens
        .get(i)
        .is_some_and(|t| DETERMINERS.contains(&&*t.norm));
    for j in i..(i + 7).min(tokens.len()) {
        let t = &tokens[j];
        if j > i
            && t.paragraph == paragraph
            && t.sentence == sentence
            && &text[t.start..t.end] == ","
            && (described || starts_upper(&text[tokens[i].start..tokens[i].end]))
        {
            // `” Jeb Bush, the former Florida governor, told …`: a name, its appositive, the
            // verb; `” the White House spokesman, Josh Earnest, said`: a description, the name
            return verb_after_appositive(text, tokens, i, j, described);
        }
        // `Mark-Viverito`, `co-founder`: a hyphen inside a word
        let hyphen = &text[t.start..t.end] == "-"
            && j > i
            && tokens
                .get(j + 1)
                .is_some_and(|n| n.kind == TokenKind::Word && n.start == t.end)
            && tokens[j - 1].end == t.start;
        if t.paragraph != paragraph
            || t.sentence != sentence
            || (t.kind == TokenKind::Punct && &text[t.start..t.end] != "." && !hyphen)
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
                    || ROLES.contains(&&*b.norm)
                    || b.norm == "the"
            }) || description_start(text, tokens, j) == Some(i)
                || named_run_before(text, between);
            return ok.then_some(j);
        }
        // `” White House press secretary Josh Earnest said`: lowercase role words inside a
        // run that opens with a capital
        let named_run = starts_upper(&text[tokens[i].start..tokens[i].end])
            && !NOT_IN_DESCRIPTIONS.contains(&&*t.norm)
            && !AUXILIARIES.contains(&&*t.norm);
        if t.kind == TokenKind::Word
            && !described
            && !named_run
            && !(starts_upper(&text[t.start..t.end])
                || PRONOUNS.contains(&&*t.norm)
                || is_title(&t.norm)
                || is_particle(&t.norm)
                || ROLES.contains(&&*t.norm)
                || matches!(&*t.norm, "the" | "a"))
        {
            return None;
        }
    }
    None
}

/// The speech verb after a source's appositive: the name at `name` up to the comma at `comma`,
/// then at most sixteen tokens of the same sentence to another comma, then the verb (after
/// auxiliaries): `Jeb Bush, the former Florida governor and a candidate, told`. With
/// `described`, the source opens with a determiner and its name is the appositive (`the White
/// House spokesman, Josh Earnest, said`): at most six words, none a verb.
fn verb_after_appositive(
    text: &str,
    tokens: &[Token<'_>],
    name: usize,
    comma: usize,
    described: bool,
) -> Option<usize> {
    let sentence = tokens[name].sentence;
    let words_only = tokens[name..comma].iter().all(|t| {
        (t.kind == TokenKind::Word
            && !(described
                && (is_speech_verb(&t.norm)
                    || AUXILIARIES.contains(&&*t.norm)
                    || NOT_IN_DESCRIPTIONS.contains(&&*t.norm))))
            || matches!(&text[t.start..t.end], "." | "-")
    });
    let opens = if described {
        comma - name <= 7
    } else {
        name_after(text, tokens, name).is_some()
    };
    if !words_only || !opens {
        return None;
    }
    let close = (comma + 1..(comma + 18).min(tokens.len()))
        .take_while(|&k| tokens[k].sentence == sentence)
        .find(|&k| &text[tokens[k].start..tokens[k].end] == ",")?;
    let mut v = close + 1;
    while v < tokens.len() && AUXILIARIES.contains(&&*tokens[v].norm) {
        v += 1;
    }
    (v < tokens.len() && tokens[v].sentence == sentence && speech_verb_at(text, tokens, v))
        .then_some(v)
}

/// Is `run` a name led by capitals with lowercase role words inside, ending in a name:
/// `White House press secretary Josh Earnest`?
fn named_run_before(text: &str, run: &[Token<'_>]) -> bool {
    let capital = |t: &Token<'_>| t.kind == TokenKind::Word && starts_upper(&text[t.start..t.end]);
    run.first().is_some_and(capital)
        && run.last().is_some_and(capital)
        && run.iter().all(|t| {
            (t.kind == TokenKind::Word
                && !NOT_IN_DESCRIPTIONS.contains(&&*t.norm)
                && !AUXILIARIES.contains(&&*t.norm))
                || matches!(&text[t.start..t.end], "." | "-")
        })
}
