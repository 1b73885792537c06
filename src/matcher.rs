//! The matcher: finds a lexicon's terms in a tokenized text.
//!
//! A [`Matcher`] is compiled once per lexicon (a trie over normalized words) and then scans
//! the words of many documents, returning [`Hit`]s. It never fails and never looks at raw
//! substrings: it compares normalized words (see [`crate::token`]), so `opposition` never
//! matches inside `oppositional`.
//!
//! # Rules, with worked examples
//!
//! 1. **Words, not substrings; case and apostrophes folded.** `Terrorists`, `TERRORISTS` match
//!    `terrorists`; `won’t` matches `won't`.
//! 2. **Wildcards follow quanteda's glob**, on any word of a term. A `*` ending a word is a
//!    prefix: `terrorist*` matches `terrorist`, `terrorists`, `terrorist's`; `war crime*`
//!    matches `war crime` and `war crimes`, not `war criminal`. Anywhere else `*` is any run of
//!    characters (`*ism` matches `terrorism` and `ism`; `ter*ror` matches `terror`), `?` is one
//!    character (`colo?r` matches `colour`, not `color`), `**` is `*` (`heckl**`),
//!    and a `*` standing as a word of its own is any one word (`fair-*` matches `fair-minded`;
//!    `the * of` matches `the end of`). Prefixes are looked up in a table, whatever their
//!    number; other globs are tried one by one on the words that reach them, so a lexicon
//!    should not hold thousands of them.
//! 3. **Possessives do not stop a match.** A text word ending in `'s` (or `’s`) also matches
//!    the term word without it: `Moscow's` matches `moscow`; `Amnesty’s report` matches
//!    `amnesty report`; `Islamic State's` matches `islamic state`. A plural possessive
//!    (`rebels'`) is the word `rebels` followed by punctuation, so it matches `rebels`.
//! 4. **Hyphens**: the tokenizer splits `so-called` into `so`, `called`, in terms and in
//!    text alike, and a hyphen written without spaces joins the two words. So the term
//!    `so-called` matches `so-called`, `so called` and `So-Called`; `war crimes` matches
//!    `war-crimes`; `us` matches the `US` of `US-controlled`; `russian` matches the `Russian`
//!    of `US-Russian`. A spaced hyphen or a dash (`war - crimes`, `war—crimes`) is not a
//!    joiner.
//! 5. **Phrases stay inside a clause.** Consecutive words of a phrase may be separated only by
//!    whitespace within one paragraph or by a joining hyphen: `war, crimes`, `war. Crimes`,
//!    `the “moderate” opposition` and a paragraph break between `war` and `crimes` do not
//!    match `war crimes` (resp. `moderate opposition`).
//! 6. **Leftmost-longest within a lexicon.** Scanning left to right, at each word the longest
//!    matching term wins and the scan continues after it: with terms `opposition` and
//!    `moderate opposition`, the text `moderate opposition forces` gives one hit,
//!    `moderate opposition`; and with `terror*` and `counter terrorism operation`, the text
//!    `counter-terrorism operation` gives one hit, not a second one for `terrorism`.
//! 7. **Every category at the winning length counts.** A term listed in two categories counts
//!    in both; two different terms of two categories that match the same longest span (say
//!    `terrorists` in one and `terror*` in another) count in both. Within one category a span
//!    counts once, reported with its most specific term (fewest wildcards, then longest).
//! 8. **`not` phrases veto** a category's candidate when a `not` match covers it (starts at or
//!    before it and ends at or after it): with `opposition` vetoed by `opposition party`, the
//!    text `the opposition party` gives no hit. Vetoes apply before rule 6, so a vetoed term
//!    does not hide a shorter term of another category at the same place.
//! 9. **Lexicons are independent**: each has its own matcher; hits of two lexicons may overlap.

use rustc_hash::{FxHashMap, FxHashSet};

use wildmatch::WildMatch;

use crate::lexicon::{Lexicon, Pattern, Wildcard};
use crate::token::Token;

/// One match of a term in a document's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the category in its lexicon.
    pub category: u32,
    /// Index of the term within its category's terms.
    pub term: u32,
    /// Index of the first matched word among the document's words and numbers.
    pub word_start: u32,
    /// One past the last matched word.
    pub word_end: u32,
    /// Byte span of the match in the original text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Sentence of the first matched word.
    pub sentence: u32,
}

/// The id of a word that is in no pattern.
const UNKNOWN: u32 = u32::MAX;

/// What the matchers of a run need to know of one word of a text, looked up once for all of
/// them ([`Matcher::ids`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordIds {
    /// Vocabulary id of the normalized word, or [`UNKNOWN`].
    id: u32,
    /// Id of the word without a possessive `'s` (`Amnesty's` → `amnesty`), or [`UNKNOWN`].
    base: u32,
    /// Bit `t % 64` is set when the word may start a pattern of trie `t` of the run (each
    /// lexicon has two: terms and vetoes). Most words start nothing, and the scan of a trie
    /// passes them with one test instead of a walk.
    starts: u64,
}

/// The tries' roots as seen from a word: which tries a word may start a pattern of.
#[derive(Debug)]
struct Starts {
    /// Every exact word of the patterns, with its id.
    vocabulary: FxHashMap<Box<str>, u32>,
    /// [`shape`] of every vocabulary word as a 32,768-bit set: a word whose shape is not in it
    /// is not in the vocabulary (most words of a text), and is settled without hashing it.
    shapes: Box<[u64; 512]>,
    /// Per vocabulary id, the tries whose root has it as a first word.
    by_id: Vec<u64>,
    /// The first two bytes of every first-word prefix (`terror*`) as a 65,536-bit set, when all
    /// are that long: a word outside it starts no prefix of any trie.
    pairs: Option<Box<[u64; 1024]>>,
    /// Per trie with first-word prefixes: its bit, the prefixes' lengths, the prefixes, and
    /// their first three bytes when all are that long (see [`Node::prefix_heads`]): common
    /// words share the first two bytes of a prefix (`with`, `witch*`) far more often than
    /// three, and a miss there spares a lookup per prefix length.
    prefixes: Vec<(
        u64,
        Vec<usize>,
        FxHashSet<Box<str>>,
        Option<FxHashSet<[u8; HEAD]>>,
    )>,
    /// Per trie with first-word globs that are not prefixes (`*ism`, `colo?r`): its bit and
    /// the globs, tried on every word.
    globs: Vec<(u64, Vec<WildMatch>)>,
}

/// A word's length (up to 31) and the low five bits of its first and last bytes, as a number
/// below 32,768.
fn shape(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, last) = (
        b.first().copied().unwrap_or(0),
        b.last().copied().unwrap_or(0),
    );
    (b.len().min(31) << 10) | (usize::from(first & 31) << 5) | usize::from(last & 31)
}

impl Starts {
    fn lookup(&self, w: &str) -> u32 {
        let s = shape(w);
        if self.shapes[s / 64] & (1 << (s % 64)) == 0 {
            return UNKNOWN;
        }
        self.vocabulary.get(w).copied().unwrap_or(UNKNOWN)
    }

    fn word(&self, word: &Token<'_>) -> WordIds {
        let norm: &str = &word.norm;
        let id = self.lookup(norm);
        let base = norm
            .strip_suffix("'s")
            .filter(|b| !b.is_empty())
            .map_or(UNKNOWN, |b| self.lookup(b));
        let mut starts = 0;
        for i in [id, base] {
            if i != UNKNOWN {
                starts |= self.by_id[i as usize];
            }
        }
        let may_prefix = self.pairs.as_ref().is_none_or(|bits| {
            let p = pair(norm);
            bits[p / 64] & (1 << (p % 64)) != 0
        });
        if may_prefix {
            for (bit, lengths, set, heads) in &self.prefixes {
                if starts & bit != 0 || heads.as_ref().is_some_and(|h| !h.contains(&head(norm))) {
                    continue;
                }
                for &end in lengths {
                    if end > norm.len() {
                        break;
                    }
                    if norm.is_char_boundary(end) && set.contains(&norm[..end]) {
                        starts |= bit;
                        break;
                    }
                }
            }
        }
        for (bit, globs) in &self.globs {
            if starts & bit == 0 && globs.iter().any(|g| glob_matches(g, norm)) {
                starts |= bit;
            }
        }
        WordIds { id, base, starts }
    }
}

/// Bytes of a prefix's head, see [`Node::prefix_heads`].
const HEAD: usize = 3;

/// The first two bytes of a word as a number below 65,536.
fn pair(s: &str) -> usize {
    let b = s.as_bytes();
    (usize::from(b.first().copied().unwrap_or(0)) << 8)
        | usize::from(b.get(1).copied().unwrap_or(0))
}

impl Node {
    /// Whether a word of this text could continue through one of the node's prefixes.
    fn may_prefix(&self, w: &str) -> bool {
        !self.prefix.is_empty()
            && w.len() >= self.prefix_min
            && self.prefix_pairs.as_ref().is_none_or(|bits| {
                let p = pair(w);
                bits[p / 64] & (1 << (p % 64)) != 0
            })
            && self
                .prefix_heads
                .as_ref()
                .is_none_or(|heads| heads.contains(&head(w)))
    }
}

fn head(s: &str) -> [u8; HEAD] {
    let mut h = [0u8; HEAD];
    for (x, b) in h.iter_mut().zip(s.bytes()) {
        *x = b;
    }
    h
}

#[derive(Debug, Default)]
struct Node {
    /// Children by exact word, the word given by its id in the matcher's vocabulary.
    exact: FxHashMap<u32, u32>,
    prefix: FxHashMap<Box<str>, u32>,
    prefix_min: usize,
    prefix_max: usize,
    /// The distinct byte lengths of the prefixes, ascending: the only lengths worth a lookup.
    prefix_lengths: Vec<usize>,
    /// The first [`HEAD`] bytes of every prefix, when all are that long: a word whose head is
    /// not among them cannot match any prefix (most words), so no lookup is made.
    prefix_heads: Option<FxHashSet<[u8; HEAD]>>,
    /// The first two bytes of every prefix as a 65,536-bit set, when all are that long: one
    /// memory access rules out most words before [`Node::prefix_heads`] is asked.
    prefix_pairs: Option<Box<[u64; 1024]>>,
    /// Children by a glob that is not a prefix (`colo?r`, `*ism`, the `*` of `fair-*`), each
    /// tried on every word that reaches the node: they are rare, so a list does.
    globs: Vec<(Box<str>, WildMatch, u32)>,
    /// Entries (category, term) whose pattern ends here.
    ends: Vec<u32>,
}

#[derive(Debug, Default)]
struct Trie {
    nodes: Vec<Node>,
}

impl Trie {
    fn new() -> Trie {
        Trie {
            nodes: vec![Node::default()],
        }
    }

    fn insert(&mut self, pattern: &Pattern, entry: u32, vocabulary: &mut FxHashMap<Box<str>, u32>) {
        let mut at = 0usize;
        for word in &pattern.words {
            let next = self.nodes.len() as u32;
            let node = &mut self.nodes[at];
            let prefix = word.as_prefix();
            let child = if let Some(p) = prefix {
                *node.prefix.entry(p.into()).or_insert(next)
            } else if word.wildcard == Wildcard::Glob {
                match node.globs.iter().find(|g| *g.0 == *word.text) {
                    Some(g) => g.2,
                    None => {
                        let glob = WildMatch::new(&word.text);
                        node.globs.push((word.text.as_str().into(), glob, next));
                        next
                    }
                }
            } else {
                let known = vocabulary.len() as u32;
                let id = *vocabulary.entry(word.text.as_str().into()).or_insert(known);
                *node.exact.entry(id).or_insert(next)
            };
            if let Some(p) = prefix {
                let len = p.len();
                node.prefix_min = if node.prefix.len() == 1 {
                    len
                } else {
                    node.prefix_min.min(len)
                };
                node.prefix_max = node.prefix_max.max(len);
                if let Err(at) = node.prefix_lengths.binary_search(&len) {
                    node.prefix_lengths.insert(at, len);
                }
            }
            if child == next {
                self.nodes.push(Node::default());
            }
            at = child as usize;
        }
        self.nodes[at].ends.push(entry);
    }

    /// Builds each node's filters of its prefixes ([`Node::prefix_heads`],
    /// [`Node::prefix_pairs`]) once every pattern is in: building them at each insert would
    /// take time in the square of a node's prefixes (a lexicon of 100,000 `word*` terms).
    fn finish(mut self) -> Trie {
        for node in &mut self.nodes {
            if node.prefix.is_empty() {
                continue;
            }
            node.prefix_heads =
                (node.prefix_min >= HEAD).then(|| node.prefix.keys().map(|k| head(k)).collect());
            node.prefix_pairs = (node.prefix_min >= 2).then(|| {
                let mut bits = Box::new([0u64; 1024]);
                for k in node.prefix.keys() {
                    let p = pair(k);
                    bits[p / 64] |= 1 << (p % 64);
                }
                bits
            });
        }
        self
    }

    /// Calls `found(length, entries)` for every pattern that matches `words` from `start`;
    /// `ids` are the words' vocabulary ids (see [`Matcher::ids`]).
    fn walk(
        &self,
        words: &[Token<'_>],
        ids: &[WordIds],
        start: usize,
        stack: &mut Vec<(u32, usize)>,
        mut found: impl FnMut(usize, &[u32]),
    ) {
        stack.clear();
        stack.push((0, start));
        while let Some((id, pos)) = stack.pop() {
            let node = &self.nodes[id as usize];
            if pos > start && !node.ends.is_empty() {
                found(pos - start, &node.ends);
            }
            let Some(word) = words.get(pos) else { continue };
            if pos > start && !word.joined {
                continue;
            }
            let w: &str = &word.norm;
            let WordIds { id, base, .. } = ids[pos];
            if !node.exact.is_empty() {
                for id in [id, base] {
                    if id != UNKNOWN {
                        if let Some(&child) = node.exact.get(&id) {
                            stack.push((child, pos + 1));
                        }
                    }
                }
            }
            for (_, glob, child) in &node.globs {
                if glob_matches(glob, w) {
                    stack.push((*child, pos + 1));
                }
            }
            if node.may_prefix(w) {
                for &end in &node.prefix_lengths {
                    if end > w.len() {
                        break;
                    }
                    if w.is_char_boundary(end) {
                        if let Some(&child) = node.prefix.get(&w[..end]) {
                            stack.push((child, pos + 1));
                        }
                    }
                }
            }
        }
    }
}

/// Whether a glob matches a text word, or the word without a possessive `'s` (rule 3).
fn glob_matches(glob: &WildMatch, w: &str) -> bool {
    glob.matches(w)
        || w.strip_suffix("'s")
            .is_some_and(|b| !b.is_empty() && glob.matches(b))
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    category: u32,
    term: u32,
    /// Words without a wildcard: more is more specific.
    exact_words: u32,
    /// Length of the pattern's text: longer is more specific.
    text_len: u32,
}

/// A lexicon compiled for scanning. Immutable and `Sync`: one per lexicon per run, shared by
/// all threads.
#[derive(Debug)]
pub struct Matcher {
    /// The vocabulary and root filters of all matchers of the run: a text word is looked up
    /// once per scan, not once per trie node or per matcher.
    starts: std::sync::Arc<Starts>,
    /// This matcher's bits in [`WordIds::starts`].
    terms_bit: u64,
    vetoes_bit: u64,
    terms: Trie,
    vetoes: Trie,
    entries: Vec<Entry>,
    /// Category of each veto entry.
    veto_categories: Vec<u32>,
}

impl Matcher {
    pub fn new(lexicon: &Lexicon) -> Matcher {
        Matcher::compile_all(std::slice::from_ref(lexicon))
            .pop()
            .expect("one matcher per lexicon")
    }

    /// The matchers of several lexicons sharing one vocabulary, so that a text's words are
    /// looked up once for all of them ([`Matcher::ids`], [`Matcher::scan_ids`]).
    pub fn compile_all(lexicons: &[Lexicon]) -> Vec<Matcher> {
        let mut vocabulary = FxHashMap::default();
        let built: Vec<_> = lexicons
            .iter()
            .map(|l| Matcher::build(l, &mut vocabulary))
            .collect();
        let mut shapes = Box::new([0u64; 512]);
        for w in vocabulary.keys() {
            let s = shape(w);
            shapes[s / 64] |= 1 << (s % 64);
        }
        let mut starts = Starts {
            by_id: vec![0; vocabulary.len()],
            vocabulary,
            shapes,
            pairs: Some(Box::new([0; 1024])),
            prefixes: Vec::new(),
            globs: Vec::new(),
        };
        let bit = |t: usize| 1u64 << (t % 64);
        for (m, (terms, vetoes, _, _)) in built.iter().enumerate() {
            for (t, trie) in [(2 * m, terms), (2 * m + 1, vetoes)] {
                let root = &trie.nodes[0];
                for &id in root.exact.keys() {
                    starts.by_id[id as usize] |= bit(t);
                }
                if !root.globs.is_empty() {
                    let globs = root.globs.iter().map(|g| g.1.clone()).collect();
                    starts.globs.push((bit(t), globs));
                }
                if root.prefix.is_empty() {
                    continue;
                }
                for k in root.prefix.keys() {
                    match (&mut starts.pairs, k.len() >= 2) {
                        (Some(bits), true) => {
                            let p = pair(k);
                            bits[p / 64] |= 1 << (p % 64);
                        }
                        _ => starts.pairs = None,
                    }
                }
                let set = root.prefix.keys().cloned().collect();
                starts.prefixes.push((
                    bit(t),
                    root.prefix_lengths.clone(),
                    set,
                    root.prefix_heads.clone(),
                ));
            }
        }
        let starts = std::sync::Arc::new(starts);
        built
            .into_iter()
            .enumerate()
            .map(|(m, (terms, vetoes, entries, veto_categories))| Matcher {
                starts: starts.clone(),
                terms_bit: bit(2 * m),
                vetoes_bit: bit(2 * m + 1),
                terms,
                vetoes,
                entries,
                veto_categories,
            })
            .collect()
    }

    fn build(
        lexicon: &Lexicon,
        vocabulary: &mut FxHashMap<Box<str>, u32>,
    ) -> (Trie, Trie, Vec<Entry>, Vec<u32>) {
        let mut terms = Trie::new();
        let mut vetoes = Trie::new();
        let mut entries = Vec::new();
        let mut veto_categories = Vec::new();
        for (c, category) in lexicon.categories.iter().enumerate() {
            for (t, term) in category.terms.iter().enumerate() {
                let p = &term.pattern;
                terms.insert(p, entries.len() as u32, vocabulary);
                entries.push(Entry {
                    category: c as u32,
                    term: t as u32,
                    exact_words: p
                        .words
                        .iter()
                        .filter(|w| w.wildcard == Wildcard::None)
                        .count() as u32,
                    text_len: p.words.iter().map(|w| w.text.len() as u32).sum(),
                });
            }
            for phrase in &category.not {
                vetoes.insert(&phrase.pattern, veto_categories.len() as u32, vocabulary);
                veto_categories.push(c as u32);
            }
        }
        (terms.finish(), vetoes.finish(), entries, veto_categories)
    }

    /// What every matcher of the run needs to know of each word: its vocabulary ids and the
    /// tries it may start a pattern of (see [`WordIds`]).
    pub fn ids(&self, words: &[Token<'_>]) -> Vec<WordIds> {
        words.iter().map(|w| self.starts.word(w)).collect()
    }

    /// All hits in `words` (the word and number tokens of one document, in order), in text
    /// order and, at one place, in category order.
    pub fn scan(&self, words: &[Token<'_>]) -> Vec<Hit> {
        self.scan_ids(words, &self.ids(words))
    }

    /// [`Matcher::scan`] with the words' ids already looked up (by any matcher of the same
    /// [`Matcher::compile_all`]).
    pub fn scan_ids(&self, words: &[Token<'_>], ids: &[WordIds]) -> Vec<Hit> {
        self.scan_at(words, ids, &Matcher::openings(ids))
    }

    /// The positions of the words that can begin a pattern of any matcher of the run (most
    /// words begin none): where [`Matcher::scan_at`] needs to look.
    pub fn openings(ids: &[WordIds]) -> Vec<u32> {
        (0..ids.len() as u32)
            .filter(|&i| ids[i as usize].starts != 0)
            .collect()
    }

    /// [`Matcher::scan_ids`] looking only at `openings` ([`Matcher::openings`] of `ids`), so
    /// that the matchers of a run share one pass over the words.
    pub fn scan_at(&self, words: &[Token<'_>], ids: &[WordIds], openings: &[u32]) -> Vec<Hit> {
        let mut stack = Vec::new();
        // (start, end, category) of every veto match; usually none.
        let mut vetoed: Vec<(usize, usize, u32)> = Vec::new();
        if !self.veto_categories.is_empty() {
            for &i in openings {
                let i = i as usize;
                if ids[i].starts & self.vetoes_bit == 0 {
                    continue;
                }
                self.vetoes.walk(words, ids, i, &mut stack, |len, ends| {
                    for &v in ends {
                        vetoed.push((i, i + len, self.veto_categories[v as usize]));
                    }
                });
            }
        }
        // `vetoed` is in order of start; a veto that covers `start..end` starts at most the
        // longest veto's length before `end`, so only that window is searched (searching all of
        // them would take the square of the vetoes on a page that repeats a vetoed phrase).
        let longest = vetoed.iter().map(|&(s, e, _)| e - s).max().unwrap_or(0);
        let is_vetoed = |start: usize, end: usize, category: u32| {
            let from = vetoed.partition_point(|&(s, _, _)| s + longest < end);
            let to = vetoed.partition_point(|&(s, _, _)| s <= start);
            vetoed[from..to.max(from)]
                .iter()
                .any(|&(s, e, c)| c == category && s <= start && e >= end)
        };

        let mut hits = Vec::new();
        let mut candidates: Vec<(usize, u32)> = Vec::new();
        // Words before `next` are inside the last hit: hits do not overlap.
        let mut next = 0;
        for &i in openings {
            let i = i as usize;
            if i < next || ids[i].starts & self.terms_bit == 0 {
                continue;
            }
            candidates.clear();
            self.terms.walk(words, ids, i, &mut stack, |len, ends| {
                candidates.extend(ends.iter().map(|&e| (len, e)));
            });
            candidates
                .retain(|&(len, e)| !is_vetoed(i, i + len, self.entries[e as usize].category));
            let Some(best) = candidates.iter().map(|&(len, _)| len).max() else {
                continue;
            };
            let (first, last) = (&words[i], &words[i + best - 1]);
            let hit = |e: Entry| Hit {
                category: e.category,
                term: e.term,
                word_start: i as u32,
                word_end: (i + best) as u32,
                byte_start: first.start,
                byte_end: last.end,
                sentence: first.sentence,
            };
            if let [(_, e)] = candidates.as_slice() {
                // one candidate (the usual case): no sorting, no allocation
                hits.push(hit(self.entries[*e as usize]));
                next = i + best;
                continue;
            }
            let mut winners: Vec<Entry> = candidates
                .iter()
                .filter(|&&(len, _)| len == best)
                .map(|&(_, e)| self.entries[e as usize])
                .collect();
            // Per category, the most specific term first.
            winners.sort_by_key(|e| {
                (
                    e.category,
                    std::cmp::Reverse(e.exact_words),
                    std::cmp::Reverse(e.text_len),
                    e.term,
                )
            });
            winners.dedup_by_key(|e| e.category);
            hits.extend(winners.into_iter().map(hit));
            next = i + best;
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_toml;
    use crate::token::tokenize;
    use proptest::prelude::*;

    const LEXICON: &str = r#"
[categories.terror]
terms = ["terrorist*", "terror group*", "takfiri*"]
[categories.opposition]
terms = ["opposition", "moderate opposition", "rebels", "rebel-held"]
not = ["opposition party", "opposition leader*"]
[categories.war_crimes]
terms = ["war crime*", "atrocit*"]
[categories.hedge]
terms = ["so-called", "alleged*", "ostensibly"]
[categories.states]
terms = ["moscow", "amnesty international", "us", "russian", "islamic state"]
[categories.contractions]
terms = ["won't", "rebels"]
[categories.broad]
terms = ["terror*", "counter terrorism operation"]
"#;

    /// Hits as `category:surface`, in order.
    fn hits(text: &str) -> Vec<String> {
        hits_of(LEXICON, text)
    }

    /// [`hits`] of another lexicon.
    fn hits_of(lexicon: &str, text: &str) -> Vec<String> {
        let lexicon = parse_toml(lexicon, "t.toml", "t").unwrap();
        let matcher = Matcher::new(&lexicon);
        let words: Vec<Token<'_>> = tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        matcher
            .scan(&words)
            .iter()
            .map(|h| {
                format!(
                    "{}:{}",
                    lexicon.categories[h.category as usize].name,
                    &text[h.byte_start..h.byte_end]
                )
            })
            .collect()
    }

    /// One rule per line: (text, expected hits).
    #[test]
    fn rule_table() {
        let cases: &[(&str, &[&str])] = &[
            // 1. words, not substrings; case folded
            ("the oppositional party", &[]),
            ("OPPOSITION", &["opposition:OPPOSITION"]),
            ("Terrorists", &["terror:Terrorists", "broad:Terrorists"]),
            // 2. prefix wildcard on any word
            ("war crimes", &["war_crimes:war crimes"]),
            ("war crime", &["war_crimes:war crime"]),
            ("war criminal", &[]),
            ("atrocities", &["war_crimes:atrocities"]),
            (
                "Takfiri Daesh terrorists",
                &["terror:Takfiri", "terror:terrorists", "broad:terrorists"],
            ),
            ("terror groups", &["terror:terror groups"]),
            // 3. possessives
            ("Moscow's anger", &["states:Moscow's"]),
            (
                "Amnesty International’s report",
                &["states:Amnesty International’s"],
            ),
            ("the Islamic State’s fighters", &["states:Islamic State’s"]),
            (
                "the rebels' commander",
                &["opposition:rebels", "contractions:rebels"],
            ),
            ("won’t agree", &["contractions:won’t"]),
            // 4. hyphens join, in terms and text alike
            ("so-called rights activists", &["hedge:so-called"]),
            ("so called activists", &["hedge:so called"]),
            ("war-crimes", &["war_crimes:war-crimes"]),
            ("US-controlled alliance", &["states:US"]),
            ("US-Russian cooperation", &["states:US", "states:Russian"]),
            ("rebel-held Aleppo", &["opposition:rebel-held"]),
            ("rebel held", &["opposition:rebel held"]),
            // 5. phrases do not cross punctuation or paragraphs
            ("war, crimes", &[]),
            ("the “moderate” opposition", &["opposition:opposition"]),
            ("war\n\ncrimes", &[]),
            ("war - crimes", &[]),
            // 6. leftmost-longest
            (
                "moderate opposition forces",
                &["opposition:moderate opposition"],
            ),
            (
                "counter-terrorism operation",
                &["broad:counter-terrorism operation"],
            ),
            ("counter terrorism", &["broad:terrorism"]),
            // 7. a term in two categories counts in both
            ("rebels", &["opposition:rebels", "contractions:rebels"]),
            // 8. vetoes
            ("the opposition party said", &[]),
            ("opposition leaders met", &[]),
            ("opposition fighters", &["opposition:opposition"]),
            ("allegedly struck", &["hedge:allegedly"]),
            ("ostensibly fighting a 'civil war'", &["hedge:ostensibly"]),
        ];
        for (text, expected) in cases {
            assert_eq!(hits(text), *expected, "text: {text:?}");
        }
    }

    /// quanteda's glob rules (rule 2): `?` is one character, `*` any run anywhere in a word,
    /// `**` is `*`, and a bare `*` after a hyphen is any word.
    #[test]
    fn glob_table() {
        const GLOBS: &str = r#"
[categories.spelling]
terms = ["colo?r", "organi?ation*"]
[categories.suffix]
terms = ["*ism"]
[categories.inner]
terms = ["ter*ror", "гвине*-бисау", "heckl**"]
[categories.fair]
terms = ["fair-*"]
[categories.any]
terms = ["the * of", "?"]
"#;
        let cases: &[(&str, &[&str])] = &[
            // `?` is exactly one character
            ("color", &[]),
            ("Colour", &["spelling:Colour"]),
            ("colouur", &[]),
            ("colr", &[]),
            ("organisations", &["spelling:organisations"]),
            ("organization", &["spelling:organization"]),
            // `*` at the start of a word, and a possessive still matches (rule 3)
            ("terrorism", &["suffix:terrorism"]),
            ("terrorism's roots", &["suffix:terrorism's"]),
            ("ism", &["suffix:ism"]),
            ("isms", &[]),
            // `*` inside a word, `**` = `*`
            ("terror", &["inner:terror"]),
            ("terrible error", &[]),
            ("tersely-horror", &[]),
            ("Гвинея-Бисау", &["inner:Гвинея-Бисау"]),
            ("Гвинея Бисау", &["inner:Гвинея Бисау"]),
            ("Гвинея", &[]),
            ("heckled", &["inner:heckled"]),
            ("heckl", &["inner:heckl"]),
            // a bare `*` is any word, joined as phrase words are (rule 5)
            ("fair-minded", &["fair:fair-minded"]),
            ("fair", &[]),
            ("fair, minded", &[]),
            ("the end of it", &["any:the end of"]),
            ("the of", &[]),
            // a one-character word
            ("a b", &["any:a", "any:b"]),
        ];
        for (text, expected) in cases {
            assert_eq!(hits_of(GLOBS, text), *expected, "text: {text:?}");
        }
    }

    #[test]
    fn spans_and_word_indexes() {
        let lexicon = parse_toml(LEXICON, "t.toml", "t").unwrap();
        let matcher = Matcher::new(&lexicon);
        let text = "He said the moderate opposition lost.";
        let words: Vec<Token<'_>> = tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        let hits = matcher.scan(&words);
        assert_eq!(hits.len(), 1);
        let h = hits[0];
        assert_eq!((h.word_start, h.word_end), (3, 5));
        assert_eq!(&text[h.byte_start..h.byte_end], "moderate opposition");
        assert_eq!(
            lexicon.categories[h.category as usize].terms[h.term as usize].text,
            "moderate opposition"
        );
    }

    /// A first word's prefix is found through the filters on its first bytes whether it is
    /// shorter than they are (`un*`: no three-byte heads) or not (`witch*`), and common words
    /// that share only two bytes with a prefix (`with`, `until`) are passed over.
    #[test]
    fn first_word_prefixes_of_any_length() {
        let short = r#"
[categories.un]
terms = ["un*"]
[categories.witch]
terms = ["witch*", "with malice"]
"#;
        let long = r#"
[categories.witch]
terms = ["witch*"]
"#;
        let text =
            "Until the unrest, with malice, a witch-hunt began: witches and unknown witchery.";
        let words: Vec<Token<'_>> = tokenize(text)
            .into_iter()
            .filter(|t| t.kind.is_word())
            .collect();
        let found = |lexicon: &str| -> Vec<&str> {
            let lexicon = parse_toml(lexicon, "t.toml", "t").unwrap();
            Matcher::new(&lexicon)
                .scan(&words)
                .iter()
                .map(|h| &text[h.byte_start..h.byte_end])
                .collect()
        };
        assert_eq!(
            found(short),
            [
                "Until",
                "unrest",
                "with malice",
                "witch",
                "witches",
                "unknown",
                "witchery"
            ]
        );
        assert_eq!(found(long), ["witch", "witches", "witchery"]);
    }

    /// The bundled lexicons compiled together and scanned from shared openings give each
    /// lexicon's hits alone, on the five seed articles.
    #[test]
    fn shared_scans_equal_separate_ones_on_the_seeds() {
        let lexicons = crate::lexicon::bundled().unwrap();
        let together = Matcher::compile_all(&lexicons);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let mut seeds = 0;
        let mut total = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            seeds += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let words: Vec<Token<'_>> = tokenize(&text)
                .into_iter()
                .filter(|t| t.kind.is_word())
                .collect();
            let ids = together[0].ids(&words);
            let openings = Matcher::openings(&ids);
            for (lexicon, matcher) in lexicons.iter().zip(&together) {
                let shared = matcher.scan_at(&words, &ids, &openings);
                total += shared.len();
                assert_eq!(shared, Matcher::new(lexicon).scan(&words), "{path:?}");
            }
        }
        assert_eq!(seeds, 5);
        assert!(total > 50, "{total} hits");
    }

    proptest! {
        /// Every hit's words, normalized, fit its term's pattern, and hits of one category
        /// never overlap.
        #[test]
        fn hits_fit_their_terms(text in "(terror|Terrorists|war|crimes|so-called|rebels|opposition|party|Moscow's|, |\\. |\n| ){0,40}") {
            let lexicon = parse_toml(LEXICON, "t.toml", "t").unwrap();
            let matcher = Matcher::new(&lexicon);
            let words: Vec<Token<'_>> = tokenize(&text).into_iter().filter(|t| t.kind.is_word()).collect();
            let mut last_end = vec![0u32; lexicon.categories.len()];
            for h in matcher.scan(&words) {
                let pattern = &lexicon.categories[h.category as usize].terms[h.term as usize].pattern;
                let span = &words[h.word_start as usize..h.word_end as usize];
                prop_assert_eq!(span.len(), pattern.words.len());
                for (w, p) in span.iter().zip(&pattern.words) {
                    let norm: &str = &w.norm;
                    let ok = p.matches(norm) || norm.strip_suffix("'s").is_some_and(|b| p.matches(b));
                    prop_assert!(ok, "{} does not fit {}", norm, p.text);
                }
                prop_assert!(h.word_start >= last_end[h.category as usize]);
                last_end[h.category as usize] = h.word_end;
            }
        }
    }
}
