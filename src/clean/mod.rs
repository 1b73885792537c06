//! Boilerplate: the parts of a scraped page that are not the story.
//!
//! News pages carry text around the story: navigation crumbs (`News / Russia`), page date lines,
//! related-story headlines in the middle of the body, photo credits, donation appeals, comment
//! widgets, share buttons and promo links. Counted as the outlet's words they distort its
//! framing (the Moscow Times' appeal says "The authorities claim our work ...": a claim verb
//! that is not reporting). [`Cleaner::clean`] marks such paragraphs as excluded byte ranges;
//! the text is never edited, and excluded tokens are neither counted nor matched.
//!
//! Paragraphs are the tokenizer's ([`crate::token`]). Three sources of exclusions:
//!
//! 1. **Repetition across an outlet's articles**: a line that recurs in at least
//!    [`Settings::repeat_min_stories`] different stories of one outlet *and* in at least
//!    [`Settings::repeat_min_share`] of its stories (syndicated copies of one story count
//!    once) is page furniture. The counts come from a first pass over the corpus
//!    ([`crate::syndication::Prepass`]).
//! 2. **A per-paragraph classifier**, in the spirit of jusText (Pomikálek 2011, *Removing
//!    Boilerplate and Duplicate Content from Web Corpora*, ch. 3) but tuned for news pages,
//!    whose stories are short paragraphs too, so length alone cannot decide:
//!    - *furniture*: crumbs (short segments between `/ › » | >`), page date lines
//!      (`Monday 19 February 2018`, `Posted On:` + `11th October 2016`), bare web addresses,
//!      ad slots (`Advertisement`, `Story continued below`) and scraped video/photo widgets
//!      (`JUST WATCHED … MUST WATCH`, `Enlarge this image toggle caption`);
//!    - *repeat*: a paragraph identical to the one before it (a scraped caption twice);
//!    - *action*: a call to action on its own line (at most 15 words with an unambiguous cue:
//!      share, subscribe, newsletter, read more...; not a sentence such as `He declined to
//!      comment.`);
//!    - *related*: three or more headline-like paragraphs in a row (3–20 words, no sentence
//!      punctuation at the end, not starting in lower case, not a quotation on its own), or
//!      two carrying link labels (`RELATED:`, `READ MORE:`), or one link-labelled line, after
//!      the story has begun and not after a lead-in ending in `?` or `:`. Two in a row are
//!      subheadings or a caption and stay;
//!    - *tail*: a block that runs to the end of the article, made only of calls to action
//!      (share, subscribe, comment, donate, read more, promoted links...), credits, furniture,
//!      short lines and the outlet addressing its reader (`we`, `our`, `you` in its own
//!      voice; `US` is not the reader), that opens with a call to action or credit, and in
//!      which every paragraph addressing the reader is followed by a call to action or
//!      credit: a donation appeal is cut as one block, an op-ed's last words are not;
//!    - *credit*: an agency credit line (`Source: TASS`, `Press Association`, `(Reuters)`)
//!      or a contributor line (`X contributed to this report.`);
//!    - *inside a paragraph*, for texts without paragraph breaks (`inline.rs`): a wire
//!      sign-off running to the end of the last (`Reporting by …; Editing by …`, Reuters'
//!      standards notice) is a credit, a page header at the start of the first
//!      (`21.08.2013Get short URL 0 0 0`) furniture.
//! 3. **User rules** (`--boilerplate FILE`, [`Rules`]): per outlet or global regular
//!    expressions that drop a paragraph, or cut from a marker to the end of the article.
//!
//! The agency of a wire story is read from its credit lines, then from a dateline such as
//! `BEIRUT (AP) —` in its first paragraphs, then from AP's `The Latest:` headlines, with or
//! without the classifier ([`Cleaning::wire`], `wire.rs`).

mod cues;
mod inline;
mod repeated;
mod rules;
mod wire;

use cues::*;
pub use repeated::{line_key, line_keys, line_tag, Repeated, RepeatedLines};
pub use rules::{Rule, Rules};
use wire::*;

use crate::token::{is_closing, is_terminal, Token};
use crate::voice::Voice;

/// Why a range was excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// A line that recurs across many stories of the outlet.
    Repeated,
    /// The same paragraph again, right after itself.
    Repeat,
    /// Crumbs, page date lines, bare web addresses.
    Furniture,
    /// A run of related-story headlines.
    Related,
    /// An appeal, widget or footer block running to the end.
    Tail,
    /// An agency credit line.
    Credit,
    /// A call to action on its own (share, subscribe, newsletter, advertisement...).
    Action,
    /// A user rule.
    Rule,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Repeated => "repeated",
            Reason::Repeat => "repeat",
            Reason::Furniture => "furniture",
            Reason::Related => "related",
            Reason::Tail => "tail",
            Reason::Credit => "credit",
            Reason::Action => "action",
            Reason::Rule => "rule",
        }
    }
}

/// One excluded byte range of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusion {
    pub start: usize,
    pub end: usize,
    pub reason: Reason,
}

/// What cleaning found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaning {
    /// Excluded ranges, sorted and disjoint; each runs from the first byte of a paragraph's
    /// first token to the last byte of a paragraph's last token, but for a page header or
    /// sign-off inside a paragraph (`inline.rs`) and a user's cut, which start or end inside
    /// one.
    pub excluded: Vec<Exclusion>,
    /// The news agency the story credits, if any (`AP`, `Reuters`, `TASS`...).
    pub wire: Option<&'static str>,
}

impl Cleaning {
    /// Bytes excluded (the whitespace between excluded paragraphs and the story is not counted).
    pub fn bytes(&self) -> u64 {
        self.excluded.iter().map(|e| (e.end - e.start) as u64).sum()
    }

    /// For each token, whether it is kept (not inside an excluded range).
    pub fn keep_mask(&self, tokens: &[Token<'_>]) -> Vec<bool> {
        let mut mask = vec![true; tokens.len()];
        let mut ranges = self.excluded.iter().peekable();
        for (t, keep) in tokens.iter().zip(mask.iter_mut()) {
            while ranges.peek().is_some_and(|r| r.end <= t.start) {
                ranges.next();
            }
            if ranges.peek().is_some_and(|r| r.start <= t.start) {
                *keep = false;
            }
        }
        mask
    }

    /// Whether the byte offset lies in an excluded range.
    pub fn excludes(&self, at: usize) -> bool {
        let i = self.excluded.partition_point(|r| r.end <= at);
        self.excluded.get(i).is_some_and(|r| r.start <= at)
    }
}

/// Thresholds of the repetition rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// A line must recur in at least this many different stories of one outlet...
    pub repeat_min_stories: u32,
    /// ... and in at least this share of the outlet's stories.
    pub repeat_min_share: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            repeat_min_stories: 5,
            repeat_min_share: 0.02,
        }
    }
}

/// Decides what is boilerplate in a document.
#[derive(Debug, Clone, Default)]
pub struct Cleaner {
    /// Whether the built-in classifier runs.
    pub classify: bool,
    pub rules: Rules,
    pub repeated: Repeated,
}

/// A paragraph of a document, with what the classifier looks at.
struct Para<'t> {
    /// First and one-past-last token.
    first: usize,
    last: usize,
    /// Byte range from the first token's start to the last token's end.
    start: usize,
    end: usize,
    text: &'t str,
    words: usize,
    /// Whether the paragraph ends like a sentence (`.`, `!`, `?`, `…`, perhaps before closing
    /// quotes or brackets).
    ends_sentence: bool,
    ends_colon: bool,
    /// `we`, `our`, `us`, `you`, `your` in the outlet's own voice: the page talking to its
    /// reader, which a news story's narrator does not do.
    addresses_reader: usize,
}

impl<'t> Para<'t> {
    fn new(
        text: &'t str,
        tokens: &[Token<'_>],
        voices: &[Voice],
        first: usize,
        last: usize,
    ) -> Self {
        let ts = &tokens[first..last];
        let start = ts[0].start;
        let end = ts[ts.len() - 1].end;
        let surface = |t: &Token<'_>| &text[t.start..t.end];
        let mut closing = ts.len();
        while closing > 1 && is_closing(surface(&ts[closing - 1])) {
            closing -= 1;
        }
        let last_mark = surface(&ts[closing - 1]);
        let addresses_reader = ts
            .iter()
            .zip(&voices[first..last])
            .filter(|(t, v)| {
                // `US` is the country, not the reader
                **v == Voice::Narrator
                    && &text[t.start..t.end] != "US"
                    && matches!(
                        t.norm.as_ref(),
                        "we" | "our" | "us" | "ours" | "you" | "your" | "you're" | "we're"
                    )
            })
            .count();
        Para {
            first,
            last,
            start,
            end,
            text: &text[start..end],
            words: ts.iter().filter(|t| t.kind.is_word()).count(),
            ends_sentence: is_terminal(last_mark),
            ends_colon: last_mark == ":",
            addresses_reader,
        }
    }

    /// 3–20 words without closing sentence punctuation, not a broken line (starting in lower
    /// case, ending in `, ; — –`) and not a quotation on its own line.
    /// Not: an all-capitals line (`RIYADH, SAUDI ARABIA`) or a `Label: value` line with a
    /// short value (`ATTACKER: Michael Zehaf-Bibeau`, `Fiscal Year 2011: 29`), which are a
    /// story's own data, unless they carry a link label.
    fn headline_like(&self) -> bool {
        let t = self.text.trim();
        let shape = (3..=20).contains(&self.words)
            && !self.ends_sentence
            && !self.ends_colon
            && !crate::token::starts_lowercase(t)
            && !t.ends_with([',', ';', '—', '–', '-', '…'])
            && !(t.starts_with(['“', '"', '‘', '\'']) && t.ends_with(['”', '"', '’', '\'']));
        if !shape {
            return false;
        }
        if self.link_label() {
            return true;
        }
        let capitals = !t.chars().any(char::is_lowercase);
        let data = t.split_once(": ").is_some_and(|(label, value)| {
            label.split_whitespace().count() <= 3 && value.split_whitespace().count() <= 4
        });
        !capitals && !data
    }

    /// A related-story link on its own: a headline-like line opening with a link label
    /// (`RELATED:`, `SEE ALSO:`, `Read more:`, `Watch:`).
    fn link_label(&self) -> bool {
        let t = self.text.trim_start_matches(['(', '[', ' ']);
        LINK_LABELS.iter().any(|l| starts_with_ci(t, l))
            || [": column", ": our view", ": opposing view"]
                .iter()
                .any(|s| ends_with_ci(t.trim_end(), s))
    }

    /// A byline or contributor line (`By Anthony Zurcher`), not counted in a run of related links.
    fn byline(&self) -> bool {
        let t = self.text.trim();
        self.words <= 8 && (t.starts_with("By ") || t.starts_with("by "))
    }

    /// A paragraph of running story text: at least 8 words ending like a sentence.
    fn is_body(&self) -> bool {
        self.words >= 8 && self.ends_sentence
    }
}

/// What the classifier makes of one paragraph on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Story,
    Furniture,
    Credit,
    CallToAction,
    /// Date labels such as `Posted On:`, furniture when a date line follows.
    DateLabel,
    /// A date line.
    Date,
    /// An ad slot or a scraped video/photo widget.
    Widget,
}

impl Cleaner {
    /// The excluded ranges of a document and its wire agency. `voices` are aligned with
    /// `tokens`.
    pub fn clean(
        &self,
        outlet: &str,
        text: &str,
        tokens: &[Token<'_>],
        voices: &[Voice],
    ) -> Cleaning {
        let paras = paragraphs(text, tokens, voices);
        let mut reasons: Vec<Option<Reason>> = vec![None; paras.len()];
        // with or without --keep-boilerplate
        let wire = wire_of(&paras);
        let mut cut_from: Option<usize> = None;

        // User rules first: they are the researcher's decision.
        for rule in &self.rules.0 {
            if rule.outlet.as_deref().is_some_and(|o| o != outlet) {
                continue;
            }
            for (i, p) in paras.iter().enumerate() {
                if let Some(m) = rule.pattern.find(p.text) {
                    if rule.cut {
                        let at = p.start + m.start();
                        cut_from = Some(cut_from.map_or(at, |c| c.min(at)));
                        break;
                    }
                    reasons[i] = Some(Reason::Rule);
                }
            }
        }

        if let Some(lines) = self.repeated.0.get(outlet) {
            for (i, p) in paras.iter().enumerate() {
                if reasons[i].is_some() {
                    continue;
                }
                // Every line with a key is a repeated line, and there is at least one. A line
                // whose first letters and digits begin no repeated line is not hashed whole.
                let mut keyed = false;
                let repeated = p
                    .text
                    .lines()
                    .filter_map(|line| Some((line, line_tag(line)?)))
                    .all(|(line, tag)| {
                        keyed = true;
                        lines.may_have(tag) && line_key(line).is_some_and(|k| lines.contains(k))
                    });
                if keyed && repeated {
                    reasons[i] = Some(Reason::Repeated);
                }
            }
        }

        if self.classify {
            let kinds: Vec<Kind> = paras.iter().map(|p| kind(p, tokens, text)).collect();
            for (i, p) in paras.iter().enumerate() {
                if reasons[i].is_some() {
                    continue;
                }
                let reason = match kinds[i] {
                    Kind::Furniture | Kind::Date | Kind::Widget => Some(Reason::Furniture),
                    Kind::DateLabel if kinds.get(i + 1) == Some(&Kind::Date) => {
                        Some(Reason::Furniture)
                    }
                    Kind::Credit => Some(Reason::Credit),
                    _ if i > 0 && same_text(paras[i - 1].text, p.text) => Some(Reason::Repeat),
                    _ if lone_action(p) => Some(Reason::Action),
                    _ if p.headline_like() && p.link_label() => Some(Reason::Related),
                    _ => None,
                };
                reasons[i] = reason;
            }
            let body_start = paras.iter().position(Para::is_body);
            if let Some(body_start) = body_start {
                // related-story headlines: runs of three or more within the story (two when
                // both carry a link label), not a list a lead-in announces
                let mut i = body_start + 1;
                while i < paras.len() {
                    let run = paras[i..]
                        .iter()
                        .zip(&reasons[i..])
                        .take_while(|(p, r)| r.is_none() && p.headline_like())
                        .count();
                    let counted = paras[i..i + run].iter().filter(|p| !p.byline()).count();
                    let labelled = paras[i..i + run].iter().all(Para::link_label);
                    let before = &paras[i - 1];
                    let lead_in = before.text.trim_end().ends_with('?')
                        || (before.ends_colon && before.words >= 4);
                    if (counted >= 3 || (counted == 2 && labelled)) && !lead_in {
                        for r in &mut reasons[i..i + run] {
                            *r = Some(Reason::Related);
                        }
                    }
                    i += run.max(1);
                }
                // a block of calls to action, credits and furniture that runs to the end
                if let Some(start) = tail(&paras, &kinds, body_start) {
                    for r in &mut reasons[start..] {
                        if matches!(r, None | Some(Reason::Related | Reason::Action)) {
                            *r = Some(Reason::Tail);
                        }
                    }
                }
            }
        }

        // Inside a paragraph (a text without paragraph breaks): a page header at the start of
        // the first, a wire sign-off at the end of the last.
        let mut header: Option<Exclusion> = None;
        let mut sign_off: Option<Exclusion> = None;
        if self.classify {
            if let (Some(p), Some(None)) = (paras.first(), reasons.first()) {
                header = inline::header(p.text)
                    .filter(|&end| end > 0)
                    .map(|end| Exclusion {
                        start: p.start,
                        end: p.start + end,
                        reason: Reason::Furniture,
                    });
            }
            if let (Some(p), Some(None)) = (paras.last(), reasons.last()) {
                let from = header.map_or(p.start, |h| h.end);
                sign_off = inline::sign_off(p.text)
                    .map(|at| p.start + at)
                    .filter(|&at| at >= from && at < p.end)
                    .map(|at| Exclusion {
                        start: at,
                        end: p.end,
                        reason: Reason::Credit,
                    });
            }
        }

        // Paragraphs excluded for one reason merge when no kept paragraph lies between them:
        // exactly when the last one excluded is the paragraph just before.
        let mut excluded: Vec<Exclusion> = Vec::new();
        let mut last_excluded: Option<usize> = None;
        for (i, (p, reason)) in paras.iter().zip(&reasons).enumerate() {
            let Some(reason) = *reason else { continue };
            let adjacent = i > 0 && last_excluded == Some(i - 1);
            match excluded.last_mut() {
                Some(last) if last.reason == reason && adjacent => last.end = p.end,
                _ => excluded.push(Exclusion {
                    start: p.start,
                    end: p.end,
                    reason,
                }),
            }
            last_excluded = Some(i);
        }
        if let Some(h) = header {
            excluded.insert(0, h); // the first paragraph is not excluded: it comes first
        }
        excluded.extend(sign_off); // in the last paragraph, which is not excluded
        if let Some(at) = cut_from {
            excluded.retain(|e| e.end <= at);
            if let Some(last) = excluded.last_mut().filter(|e| e.start < at) {
                last.end = last.end.min(at);
            }
            let end = paras.last().map_or(at, |p| p.end);
            if at < end {
                excluded.push(Exclusion {
                    start: at,
                    end,
                    reason: Reason::Rule,
                });
            }
        }
        Cleaning { excluded, wire }
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn paragraphs<'t>(text: &'t str, tokens: &[Token<'_>], voices: &[Voice]) -> Vec<Para<'t>> {
    let mut paras = Vec::new();
    let mut first = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || tokens[i].paragraph != tokens[first].paragraph {
            paras.push(Para::new(text, tokens, voices, first, i));
            first = i;
        }
    }
    paras
}

fn kind(p: &Para<'_>, tokens: &[Token<'_>], text: &str) -> Kind {
    if widget(p) {
        return Kind::Widget;
    }
    if crumbs(p, tokens, text) || web_address(p) {
        return Kind::Furniture;
    }
    match date_line(p, tokens) {
        (true, true) => return Kind::Date,
        (true, false) if p.ends_colon && p.words <= 3 => return Kind::DateLabel,
        _ => {}
    }
    if credit(p).is_some() {
        return Kind::Credit;
    }
    if call_to_action(p) {
        return Kind::CallToAction;
    }
    Kind::Story
}

/// The first paragraph of the closing block of boilerplate, if the article has one: the
/// longest run up to the end in which every paragraph is a call to action, credit,
/// furniture, date, widget, short line (at most 3 words), headline-like line, or the page
/// addressing its reader; starting after the last reader-addressing paragraph that no call to
/// action or credit follows; trimmed to open with a call to action or credit; and starting
/// after the first story paragraph.
fn tail(paras: &[Para<'_>], kinds: &[Kind], body_start: usize) -> Option<usize> {
    let mut start = paras.len();
    while start > body_start + 1 {
        let p = &paras[start - 1];
        let tail_like = kinds[start - 1] != Kind::Story
            || p.words <= 3
            || p.headline_like()
            || p.addresses_reader >= 2;
        if !tail_like {
            break;
        }
        start -= 1;
    }
    let action = |k: Kind| matches!(k, Kind::CallToAction | Kind::Credit);
    // A paragraph there only because it addresses the reader (an op-ed's last words) needs
    // a call to action or credit after it: the block starts after the last one that has none.
    let last_action = (start..paras.len()).rev().find(|&i| action(kinds[i]));
    if let Some(last_reader) = (start..paras.len())
        .rev()
        .find(|&i| kinds[i] == Kind::Story && paras[i].addresses_reader >= 2 && paras[i].words > 3)
    {
        if last_action.is_none_or(|a| a < last_reader) {
            start = last_reader + 1;
        }
    }
    // Open with a call to action or a credit: furniture, an ad slot, a line addressing the
    // reader or a headline-like line may still be the story's.
    while start < paras.len() && !action(kinds[start]) {
        start += 1;
    }
    (start < paras.len()).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::repeated::LineHasher;
    use super::*;
    use crate::token::tokenize;
    use crate::voice::label;

    fn cleaned(text: &str) -> (Vec<(String, Reason)>, Option<&'static str>) {
        let cleaner = Cleaner {
            classify: true,
            ..Cleaner::default()
        };
        let tokens = tokenize(text);
        let voices = label(text, &tokens);
        let c = cleaner.clean("x", text, &tokens, &voices.of);
        (
            c.excluded
                .iter()
                .map(|e| (text[e.start..e.end].to_string(), e.reason))
                .collect(),
            c.wire,
        )
    }

    const STORY: &str = "Russian officials have accused the United States of siding with \"terrorists\" in Syria, in a sign of escalating tensions.\n\n";

    #[test]
    fn crumbs_and_dates_are_furniture() {
        let text = format!("News \u{a0}/ \u{a0}Russia\n\nMonday 19 February 2018\n\n{STORY}Posted On:\u{a0}\n11th October 2016\n\n{STORY}");
        let (cut, _) = cleaned(&text);
        assert_eq!(
            cut,
            [
                (
                    "News \u{a0}/ \u{a0}Russia\n\nMonday 19 February 2018".to_string(),
                    Reason::Furniture
                ),
                (
                    "Posted On:\u{a0}\n11th October 2016".to_string(),
                    Reason::Furniture
                ),
            ]
        );
    }

    #[test]
    fn a_story_sentence_about_dates_stays() {
        let text = format!("{STORY}On Monday, 19 February.\n\nThe talks resume in October.\n");
        assert!(cleaned(&text).0.is_empty());
    }

    #[test]
    fn related_headlines_in_a_run_go_and_a_caption_stays() {
        let text = format!(
            "{STORY}Vladimir Putin pictured in Istanbul yesterday\n\n{STORY}Labour MPs urge leadership to take harder stance against Russia\n\nAndrew Mitchell likens Russian attacks in Syria to Nazi bombing of Guernica\n\nMichael Fallon: Russia must be held to account for Syria 'war crime'\n\n{STORY}"
        );
        let (cut, _) = cleaned(&text);
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].1, Reason::Related);
        assert!(cut[0].0.starts_with("Labour MPs") && cut[0].0.ends_with("crime'"));
        // two subheadings in a row, a list after a lead-in, and broken lines stay
        for kept in [
            format!("{STORY}Passports and visas, please\n\nThe road to Aleppo\n\n{STORY}"),
            format!("{STORY}What is Nato?\n\nThe North Atlantic Treaty Organization\n\nA military alliance of Western countries\n\nFounded in 1949 in Washington\n\n{STORY}"),
            format!("{STORY}Options under discussion at the meeting include:\n\nA no-fly zone over Aleppo\n\nSafe zones along the Turkish border\n\nMore sanctions on Russian banks\n\n{STORY}"),
        ] {
            assert!(cleaned(&kept).0.is_empty(), "{kept}");
        }
        // a story's own data lines are not related links
        let text = format!("{STORY}October 22, 2014\n\nRIYADH, SAUDI ARABIA\n\nATTACKER: Michael Zehaf-Bibeau\n\nTARGET: Canadian soldiers\n\nFiscal Year 2011: 29\n\n{STORY}");
        assert!(
            cleaned(&text).0.iter().all(|(_, r)| *r != Reason::Related),
            "{:?}",
            cleaned(&text).0
        );
        // a slash inside words is not a crumb
        assert!(
            cleaned(&format!("{STORY}Foreign fighters in Syria/Iraq\n\n{STORY}"))
                .0
                .is_empty()
        );
        // a labelled link goes on its own
        let text = format!("{STORY}RELATED: Russia vetoes UN resolution on Aleppo\n\n{STORY}");
        assert_eq!(cleaned(&text).0[0].1, Reason::Related);
    }

    #[test]
    fn comment_widget_and_credit_run_to_the_end() {
        let text = format!(
            "{STORY}Source: TASS\n\nBe the first to comment at \"Kremlin rules out Russian involvement\"\n\nWrite your comment\n\nThis site uses Akismet to reduce spam. Learn how your comment data is processed."
        );
        let (cut, wire) = cleaned(&text);
        assert_eq!(wire, Some("TASS"));
        assert_eq!(cut.len(), 2);
        assert_eq!(
            (cut[0].0.as_str(), cut[0].1),
            ("Source: TASS", Reason::Credit)
        );
        assert_eq!(cut[1].1, Reason::Tail);
        assert!(cut[1].0.ends_with("is processed."));
    }

    #[test]
    fn a_story_that_ends_with_a_short_quote_is_kept() {
        let text = format!("{STORY}\"We cannot agree with these accusations,\" he said.\n\nHe declined to comment.\n");
        assert!(cleaned(&text).0.is_empty());
    }

    #[test]
    fn a_repeated_caption_is_cut_once() {
        let caption = "Secretary of State John Kerry threatened to cut off all contacts with Moscow over Syria (AP)";
        let text = format!("Title of the story here\n\n{caption}\n{caption}\n\n{STORY}");
        let (cut, wire) = cleaned(&text);
        assert_eq!(cut, [(caption.to_string(), Reason::Repeat)]);
        assert_eq!(wire, None, "a photo credit is not a wire credit");
    }

    #[test]
    fn datelines_name_the_agency() {
        let text =
            "BEIRUT (AP) — Syrian troops advanced on Sunday into the eastern part of the city.\n";
        assert_eq!(cleaned(text).1, Some("AP"));
        let text = "MOSCOW, Oct 11 (Reuters) - Russia said on Tuesday that the convoy was not hit by its planes.\n";
        assert_eq!(cleaned(text).1, Some("Reuters"));
        let text =
            "(Reuters) - Russia said on Tuesday that the convoy was not hit by its planes.\n";
        assert_eq!(cleaned(text).1, Some("Reuters"));
        // after a headline line that reads like a sentence, with a date, in mixed case
        let text = "Governor vows to veto the budget bill passed by the state senate.\n\nDENVER, Jan. 9 (UPI) — The governor said on Friday that he would veto the bill.\n";
        assert_eq!(cleaned(text).1, Some("UPI"));
        let text = "Senators trade barbs over the delayed vote.\n\nWashington (AFP) – Senators traded barbs on Monday over the vote.\n";
        assert_eq!(cleaned(text).1, Some("AFP"));
        // a bracket in a sentence is not a dateline
        let text = "The governor told reporters (AP) — and others — that he would veto the bill.\n";
        assert_eq!(cleaned(text).1, None);
        // AP's running roundups, a byline
        let text = "The Latest: Senate passes the budget\n\nThe Senate passed the budget on a close vote, with two members absent.\n";
        assert_eq!(cleaned(text).1, Some("AP"));
        let text = format!("By The Associated Press\n\n{STORY}");
        assert_eq!(cleaned(&text).1, Some("AP"));
    }

    #[test]
    fn photo_credits_and_kept_boilerplate() {
        // an agency in capitals under a picture is the photographer's credit
        let text = format!("{STORY}ASSOCIATED PRESS.\n\n{STORY}");
        assert_eq!(cleaned(&text).1, None);
        // the wire is found with --keep-boilerplate too
        let text =
            "BEIRUT (AP) — Syrian troops advanced on Sunday into the eastern part of the city.\n";
        let tokens = tokenize(text);
        let voices = label(text, &tokens);
        let kept = Cleaner::default().clean("x", text, &tokens, &voices.of);
        assert!(kept.excluded.is_empty());
        assert_eq!(kept.wire, Some("AP"));
    }

    #[test]
    fn user_rules_drop_and_cut() {
        let rules = Rules::parse(
            "[[drop]]\npattern = '^Vladimir Putin pictured'\n[[cut]]\noutlet = 'x'\npattern = 'A Message from'\n[[cut]]\noutlet = 'other'\npattern = 'Russian'\n",
            "rules.toml",
        )
        .unwrap();
        let cleaner = Cleaner {
            classify: false,
            rules,
            ..Cleaner::default()
        };
        let text = format!("{STORY}Vladimir Putin pictured in Istanbul yesterday\n\n{STORY}A Message from The Moscow Times:\nDear readers,\n");
        let tokens = tokenize(&text);
        let voices = label(&text, &tokens);
        let c = cleaner.clean("x", &text, &tokens, &voices.of);
        let cut: Vec<&str> = c.excluded.iter().map(|e| &text[e.start..e.end]).collect();
        assert_eq!(
            cut,
            [
                "Vladimir Putin pictured in Istanbul yesterday",
                "A Message from The Moscow Times:\nDear readers,"
            ]
        );
        assert!(c.excludes(c.excluded[0].start) && !c.excludes(0));
        let mask = c.keep_mask(&tokens);
        // 6 tokens, then `A Message from The Moscow Times : Dear readers ,`
        assert_eq!(mask.iter().filter(|k| !**k).count(), 6 + 10);
    }

    proptest::proptest! {
        /// Any text, in any script, with any line structure: cleaning never panics and its
        /// ranges are sorted, disjoint and on character boundaries.
        #[test]
        fn any_text_cleans(lines in proptest::collection::vec("\\PC{0,40}", 0..12)) {
            let text = lines.join("\n");
            let cleaner = Cleaner { classify: true, ..Cleaner::default() };
            let tokens = tokenize(&text);
            let voices = label(&text, &tokens);
            let c = cleaner.clean("x", &text, &tokens, &voices.of);
            let mut last = 0;
            for e in &c.excluded {
                proptest::prop_assert!(e.start >= last && e.start < e.end && e.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                last = e.end;
            }
        }
    }

    /// The definition of [`line_key`] without its fast paths: the line's letters and digits,
    /// lowercased, hashed.
    fn line_key_by_chars(line: &str) -> Option<u64> {
        let mut key = LineHasher::default();
        let kept: String = line
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        kept.bytes().for_each(|b| key.push(b));
        key.finish()
    }

    proptest::proptest! {
        #[test]
        fn line_keys_are_keys_of_letters_and_digits(line in "[a-zA-Z0-9 .,’“”ÉéÑñİ\u{a0}\u{2014}-]{0,150}") {
            proptest::prop_assert_eq!(line_key(&line), line_key_by_chars(&line));
            proptest::prop_assert_eq!(line_tag(&line), line_key(&line).map(|k| (k >> 48) as u16));
        }
    }

    #[test]
    fn line_keys_ignore_case_spacing_and_punctuation() {
        for line in [
            "Peña Nieto’s “fake” war — İdlib",
            "Be the first to comment",
            " … ",
        ] {
            assert_eq!(line_key(line), line_key_by_chars(line));
            assert_eq!(line_tag(line), line_key(line).map(|k| (k >> 48) as u16));
        }
        // lines that share their first 8 letters share a tag, not a key
        let (a, b) = ("Subscribe to our newsletter", "SUBSCRIBE TO our podcast");
        assert_eq!(line_tag(a), line_tag(b));
        assert_ne!(line_key(a), line_key(b));
        let mut lines = RepeatedLines::default();
        lines.insert(line_key(a).unwrap());
        assert!(lines.may_have(line_tag(b).unwrap()) && !lines.contains(line_key(b).unwrap()));
        assert!(!lines.may_have(line_tag("Share this article").unwrap()));
        assert_eq!(
            line_key("Be the first to comment"),
            line_key("be the FIRST  to comment!")
        );
        assert_eq!(line_key("Peña Nieto"), line_key("PEÑA NIETO"));
        assert_ne!(
            line_key("Be the first to comment"),
            line_key("Be the first to commit")
        );
        assert_ne!(line_key("abcdefgh"), line_key("abcdefghi"));
        assert_eq!(line_key(" … — "), None);
    }

    #[test]
    fn ordinals_and_accents() {
        assert_eq!(date_word("11th"), (true, false));
        assert_eq!(date_word("peña"), (false, false));
        assert_eq!(date_word("ñth"), (false, false));
    }

    #[test]
    fn bad_rules_name_the_file_and_line() {
        let e = Rules::parse("[[drop]]\npatern = 'x'\n", "rules.toml").unwrap_err();
        assert!(e.to_string().starts_with("rules.toml:2:"), "{e}");
        let e = Rules::parse("[[cut]]\npattern = '('\n", "rules.toml").unwrap_err();
        assert!(e.to_string().contains("bad pattern `(`"), "{e}");
    }
}
