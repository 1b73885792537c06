//! Syndicated copies: the same story under several outlets, or twice in one.
//!
//! Wire stories are reprinted with house-style edits (`US` or `U.S.`), other headlines and
//! other footers, and corpora repeat articles. Counting every copy as its outlet's own framing
//! inflates what outlets share. A first pass over the corpus ([`prepass`]) gives every
//! document a fingerprint ([`Fingerprints`]): a MinHash signature of its 5-word shingles (Broder 1997, *On
//! the resemblance and containment of documents*), computed with one-permutation hashing and
//! rotation densification (Shrivastava & Li 2014, *Densifying One Permutation Hashing via
//! Rotation for Fast Near Neighbor Search*): the share of equal signature slots estimates the
//! Jaccard similarity of the two shingle sets. Words are compared by their letters and digits
//! only, lowercased, so `U.S.` and `US`, `Maj. Gen.` and `Maj Gen` are the same word.
//!
//! Candidate pairs come from locality-sensitive hashing ([`BANDS`] bands of [`ROWS`] slots;
//! Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, §3.4): a pair with similarity
//! 0.5 shares a band with probability 1 − (1 − 0.5³)²¹ ≈ 0.94, one with 0.6 ≈ 0.99. A
//! candidate pair is a copy when its estimated similarity reaches the threshold (default
//! 0.5); copies are clustered transitively. Each cluster's *first copy* is the earliest by
//! date, then by id (documents without a date come after dated ones); every other member is
//! a `duplicate_of` it.
//!
//! The same pass counts the lines of each outlet's stories for the repetition rule of
//! [`crate::clean`]: copies of one story count as one story.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::clean::{line_keys, Repeated, Settings};
use crate::corpus::{Corpus, CorpusError, Document};
use crate::strings::{IdMap, Strings};

/// Slots of a signature.
pub const SLOTS: usize = 64;
/// Bands and rows of the locality-sensitive hashing (`BANDS × ROWS ≤ SLOTS`).
pub const BANDS: usize = 21;
pub const ROWS: usize = 3;
/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Members of an LSH bucket each document is compared with, at most (bounds the work on
/// buckets of thousands of near-identical stubs).
pub const BUCKET_COMPARISONS: usize = 64;

/// splitmix64's finalizer: a strong 64-bit mix.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What an ASCII byte is to [`word_hashes`]: its lowercase form if a letter or digit, else
/// [`SPACE`] for whitespace (`char::is_whitespace`) or [`OTHER`].
static WORD_BYTES: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            table[b] = SPACE;
        }
        b += 1;
    }
    table
};
const OTHER: u8 = 0;
const SPACE: u8 = 1;

/// The words of a text as hashes of their letters and digits, lowercased; chunks between
/// whitespace without any letter or digit are skipped.
pub fn word_hashes(text: &str) -> Vec<u64> {
    const START: u64 = 0xcbf2_9ce4_8422_2325;
    let fnv = |h: u64, x: u64| (h ^ x).wrapping_mul(0x100_0000_01b3);
    let mut out = Vec::with_capacity(text.len() / 6);
    let (mut h, mut any) = (START, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    // Byte by byte for ASCII (most of any news text), char by char otherwise; the same
    // hashes as splitting at `char::is_whitespace` and hashing each chunk's chars.
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match WORD_BYTES[usize::from(b)] {
                OTHER => {}
                SPACE => {
                    if any {
                        out.push(h);
                    }
                    (h, any) = (START, false);
                }
                lower => {
                    any = true;
                    h = fnv(h, u64::from(lower));
                }
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        if c.is_alphanumeric() {
            any = true;
            for l in c.to_lowercase() {
                h = fnv(h, l as u64);
            }
        } else if c.is_whitespace() {
            if any {
                out.push(h);
            }
            (h, any) = (START, false);
        }
        i += c.len_utf8();
    }
    if any {
        out.push(h);
    }
    out
}

/// A MinHash signature; empty for a text without words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    pub fn of(text: &str) -> Signature {
        let words = word_hashes(text);
        if words.is_empty() {
            return Signature(Vec::new());
        }
        let width = SHINGLE.min(words.len());
        let mut slots = [u32::MAX; SLOTS];
        let mut filled = [false; SLOTS];
        for window in words.windows(width) {
            let mut h: u64 = 0;
            for w in window {
                h = mix(h.rotate_left(17) ^ w);
            }
            let slot = (h >> 58) as usize; // top 6 bits: 64 slots
            let value = h as u32;
            if value <= slots[slot] {
                slots[slot] = value;
                filled[slot] = true;
            }
        }
        // Rotation densification: an empty slot takes the value of the next filled slot to
        // its right (circularly), offset by the distance, so that two documents agree on it
        // exactly when they agree on that slot.
        let mut out = slots;
        for (i, value) in out.iter_mut().enumerate() {
            if !filled[i] {
                let mut d = 1;
                while !filled[(i + d) % SLOTS] {
                    d += 1;
                }
                *value = slots[(i + d) % SLOTS].wrapping_add((d as u32).wrapping_mul(0x9e37_79b9));
            }
        }
        Signature(out.to_vec())
    }

    /// Estimated Jaccard similarity of the two shingle sets: the share of equal slots.
    pub fn similarity(&self, other: &Signature) -> f64 {
        similarity(&self.0, &other.0)
    }
}

/// [`Signature::similarity`] of two signatures' slots (empty for a text without words).
fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / SLOTS as f64
}

/// What the first pass keeps of the documents, in flat arrays: a few allocations for the whole
/// corpus, not four per document (small allocations kept to the end of the pass, between the
/// documents' own, leave the freed memory in pieces the allocator cannot return; see
/// [`crate::strings`]).
#[derive(Debug, Clone, Default)]
pub struct Fingerprints {
    ids: Strings,
    dates: Strings,
    outlets: Vec<u32>,
    /// [`SLOTS`] values per document with a signature.
    signatures: Vec<u32>,
    /// Where each document's signature starts in `signatures`; `None` for a text without words.
    signature_at: Vec<Option<u32>>,
    /// Keys of the documents' lines ([`line_keys`]), one run per document.
    lines: Vec<u64>,
    line_ends: Vec<usize>,
}

impl Fingerprints {
    /// Adds a document.
    pub fn push(
        &mut self,
        id: &str,
        outlet: u32,
        date: Option<&str>,
        signature: &Signature,
        lines: &[u64],
    ) {
        self.ids.push(id);
        self.dates.push_opt(date);
        self.outlets.push(outlet);
        self.signature_at.push(if signature.0.is_empty() {
            None
        } else {
            let at = (self.signatures.len() / SLOTS) as u32;
            self.signatures.extend_from_slice(&signature.0);
            Some(at)
        });
        self.lines.extend_from_slice(lines);
        self.line_ends.push(self.lines.len());
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i)
    }

    pub fn date(&self, i: usize) -> Option<&str> {
        self.dates.get_opt(i)
    }

    pub fn outlet(&self, i: usize) -> u32 {
        self.outlets[i]
    }

    /// The signature's slots; empty for a text without words.
    pub fn signature(&self, i: usize) -> &[u32] {
        match self.signature_at[i] {
            Some(at) => &self.signatures[at as usize * SLOTS..(at as usize + 1) * SLOTS],
            None => &[],
        }
    }

    pub fn lines(&self, i: usize) -> &[u64] {
        let start = if i == 0 { 0 } else { self.line_ends[i - 1] };
        &self.lines[start..self.line_ends[i]]
    }
}

/// A document's place among the copies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copy {
    /// The id of the cluster's first copy (the document's own id when it has no copy).
    pub cluster: String,
    /// The first copy, when this document is not it.
    pub duplicate_of: Option<String>,
    /// Whether this is the first copy of its cluster within its own outlet.
    pub first_in_outlet: bool,
}

/// What the first pass found.
#[derive(Debug, Clone, Default)]
pub struct Prepass {
    /// The copies that are not their cluster's first, by id (a few bytes each, the ids in one
    /// buffer: on a corpus with many copies this map holds many of its articles until the run
    /// ends). A first copy is not in it: its record is that of a document without copies.
    copies: IdMap<Member>,
    /// The id of each cluster's first copy, by cluster number.
    firsts: Strings,
    pub repeated: Repeated,
    /// Clusters of two or more documents.
    pub clusters: usize,
    /// Documents that are a copy of an earlier one.
    pub duplicates: usize,
}

impl Prepass {
    /// The copy record of a document (a cluster of its own when it has no copy, or when it is
    /// its cluster's first copy).
    pub fn copy_of(&self, id: &str) -> Copy {
        match self.copies.get(id) {
            Some(m) => {
                let first = self.firsts.get(m.cluster as usize);
                Copy {
                    cluster: first.to_string(),
                    duplicate_of: Some(first.to_string()),
                    first_in_outlet: m.first_in_outlet,
                }
            }
            None => Copy {
                cluster: id.to_string(),
                duplicate_of: None,
                first_in_outlet: true,
            },
        }
    }
}

impl Prepass {
    /// What a first pass found elsewhere (by the stages of a Spark job, see
    /// [`crate::distributed`]): each later copy as (its id, the id of its cluster's first copy,
    /// whether it is the first of the cluster in its own outlet), and the repeated lines.
    pub fn from_copies<'a>(
        copies: impl IntoIterator<Item = (&'a str, &'a str, bool)>,
        repeated: Repeated,
    ) -> Prepass {
        let mut out = Prepass {
            repeated,
            ..Prepass::default()
        };
        let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
        for (id, first, first_in_outlet) in copies {
            let cluster = *numbers
                .entry(first)
                .or_insert_with(|| out.firsts.push(first) as u32);
            if out
                .copies
                .insert(
                    id,
                    Member {
                        cluster,
                        first_in_outlet,
                    },
                )
                .is_ok()
            {
                out.duplicates += 1;
            }
        }
        out.clusters = numbers.len();
        out
    }
}

/// A document's place in its cluster of copies, see [`Prepass::copy_of`].
#[derive(Debug, Clone, Copy)]
struct Member {
    /// Number of the cluster, an index into [`Prepass::firsts`].
    cluster: u32,
    first_in_outlet: bool,
}

/// The order in which copies are first: by date (dated before undated), then id.
fn earlier(prints: &Fingerprints, a: usize, b: usize) -> std::cmp::Ordering {
    let key = |i: usize| {
        let date = prints.date(i);
        (date.is_none(), date, prints.id(i))
    };
    key(a).cmp(&key(b))
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        parent[i as usize] = parent[parent[i as usize] as usize];
        i = parent[i as usize];
    }
    i
}

/// The [`BANDS`] bucket keys of a signature (each band's [`ROWS`] slots hashed with the
/// band's number): two documents are compared when they share a key.
pub fn band_keys(signature: &[u32]) -> impl Iterator<Item = u64> + '_ {
    (0..BANDS).map(move |b| {
        let mut h = mix(b as u64 + 1);
        for v in &signature[b * ROWS..(b + 1) * ROWS] {
            h = mix(h ^ *v as u64);
        }
        h
    })
}

/// The cluster of every document, as the index of its first copy.
pub fn cluster(prints: &Fingerprints, threshold: f64) -> Vec<usize> {
    let n = prints.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(n * BANDS);
    for i in 0..n {
        let signature = prints.signature(i);
        if signature.is_empty() {
            continue;
        }
        keys.extend(band_keys(signature).map(|h| (h, i as u32)));
    }
    keys.par_sort_unstable();
    let mut start = 0;
    while start < keys.len() {
        let end = start
            + keys[start..]
                .iter()
                .take_while(|k| k.0 == keys[start].0)
                .count();
        let bucket = &keys[start..end];
        for (k, &(_, i)) in bucket.iter().enumerate().skip(1) {
            for &(_, j) in &bucket[k.saturating_sub(BUCKET_COMPARISONS)..k] {
                if find(&mut parent, i) == find(&mut parent, j) {
                    continue;
                }
                let sim = similarity(prints.signature(i as usize), prints.signature(j as usize));
                if sim >= threshold {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b) as usize] = a.min(b);
                }
            }
        }
        start = end;
    }
    let roots: Vec<u32> = (0..n as u32).map(|i| find(&mut parent, i)).collect();
    let mut first: FxHashMap<u32, usize> = FxHashMap::default();
    for (i, &r) in roots.iter().enumerate() {
        first
            .entry(r)
            .and_modify(|f| {
                if earlier(prints, i, *f).is_lt() {
                    *f = i
                }
            })
            .or_insert(i);
    }
    roots.iter().map(|r| first[r]).collect()
}

/// Lines recurring across each outlet's stories, counting a cluster of copies as one story.
pub fn repeated_lines(
    prints: &Fingerprints,
    clusters: &[usize],
    outlets: &[String],
    settings: Settings,
) -> Repeated {
    // (outlet, line, story), each once: sorted, so counting is a scan (a vector of 16-byte
    // entries, not a hash set, keeps the peak memory down on large corpora)
    let mut stories: Vec<FxHashSet<usize>> = vec![FxHashSet::default(); outlets.len()];
    let mut seen: Vec<(u32, u64, u32)> = Vec::new();
    for (i, &c) in clusters.iter().enumerate() {
        let outlet = prints.outlet(i);
        stories[outlet as usize].insert(c);
        seen.extend(prints.lines(i).iter().map(|&key| (outlet, key, c as u32)));
    }
    seen.par_sort_unstable();
    seen.dedup();
    let mut counts: Vec<((u32, u64), u32)> = Vec::new();
    for &(outlet, key, _) in &seen {
        match counts.last_mut() {
            Some((k, n)) if *k == (outlet, key) => *n += 1,
            _ => counts.push(((outlet, key), 1)),
        }
    }
    drop(seen);
    let mut out = Repeated::default();
    for ((outlet, key), n) in counts {
        let total = stories[outlet as usize].len() as f64;
        if n >= settings.repeat_min_stories && n as f64 >= settings.repeat_min_share * total {
            out.0
                .entry(outlets[outlet as usize].clone())
                .or_default()
                .insert(key);
        }
    }
    out
}

/// Reads the corpus once, fingerprinting every document (in parallel batches), and finds the
/// copies and the repeated lines. Bad records and repeated ids are passed over: the main pass
/// reports them.
pub fn prepass(
    corpus: &mut Corpus,
    threshold: f64,
    settings: Settings,
    mut on_document: impl FnMut(&Document),
) -> Result<Prepass, CorpusError> {
    let mut outlets: Vec<String> = Vec::new();
    let mut outlet_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut seen: IdMap<()> = IdMap::default();
    let mut prints = Fingerprints::default();
    let fingerprint = |d: &Document| (Signature::of(&d.body), line_keys(&d.body));
    crate::corpus::batches::for_each_batch(corpus, fingerprint, |computed| {
        for (doc, print) in computed {
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) if e.is_record() => continue,
                Err(e) => return Err(e),
            };
            let Some((signature, lines)) = print else {
                continue;
            };
            if seen.insert(&doc.id, ()).is_err() {
                continue;
            }
            on_document(&doc);
            let next = outlet_index.len() as u32;
            let outlet = *outlet_index.entry(doc.outlet).or_insert_with_key(|name| {
                outlets.push(name.clone());
                next
            });
            prints.push(&doc.id, outlet, doc.date.as_deref(), &signature, &lines);
        }
        Ok(())
    })?;
    drop(seen);
    let clusters = cluster(&prints, threshold);
    let repeated = repeated_lines(&prints, &clusters, &outlets, settings);
    let mut out = Prepass {
        repeated,
        ..Prepass::default()
    };
    let mut sizes: FxHashMap<usize, usize> = FxHashMap::default();
    for &c in &clusters {
        *sizes.entry(c).or_default() += 1;
    }
    // the first copy of each cluster within each outlet
    let mut first_in_outlet: FxHashMap<(usize, u32), usize> = FxHashMap::default();
    for (i, &c) in clusters.iter().enumerate() {
        if sizes[&c] < 2 {
            continue;
        }
        first_in_outlet
            .entry((c, prints.outlet(i)))
            .and_modify(|f| {
                if earlier(&prints, i, *f).is_lt() {
                    *f = i
                }
            })
            .or_insert(i);
    }
    out.clusters = sizes.values().filter(|&&s| s >= 2).count();
    let duplicates: usize = sizes.values().filter(|&&s| s >= 2).map(|s| s - 1).sum();
    out.copies = IdMap::with_capacity(duplicates);
    let mut numbers: FxHashMap<usize, u32> = FxHashMap::default();
    for (i, &c) in clusters.iter().enumerate() {
        if sizes[&c] < 2 {
            continue;
        }
        if i == c {
            continue; // the first copy (first in its outlet too): a cluster of its own
        }
        out.duplicates += 1;
        let cluster = *numbers
            .entry(c)
            .or_insert_with(|| out.firsts.push(prints.id(c)) as u32);
        let member = Member {
            cluster,
            first_in_outlet: first_in_outlet[&(c, prints.outlet(i))] == i,
        };
        // ids are unique here (repeated ones were passed over above)
        let _ = out.copies.insert(prints.id(i), member);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PA: &str = "Russian officials have accused the United States of siding with \"terrorists\" in Syria, in a sign of escalating tensions between Moscow and Washington amid the battle for Aleppo. US State Department spokesman John Kirby's warning that the collapse of US-Russian cooperation in Syria could lead to a rise in extremism and potential attacks against Russia drew Moscow's anger. Defence Ministry spokeswoman Maj Gen. Igor Konashenkov said Mr Kirby's statement amounted to \"the most frank confession by the US side so far\".";
    const AP: &str = "MOSCOW (AP) — Russian officials have accused the United States of siding with \"terrorists\" in Syria, in a sign of escalating tensions between Moscow and Washington amid the battle for Aleppo. U.S. State Department spokesman John Kirby's warning that the collapse of U.S.-Russian cooperation in Syria could lead to a rise in extremism and potential attacks against Russia drew Moscow's anger. Defense Ministry spokeswoman Maj. Gen. Igor Konashenkov said Kirby's statement amounted to \"the most frank confession by the U.S. side so far\".";
    const OTHER: &str = "Russia has accused British Foreign Minister Boris Johnson of “Russophobic hysteria” after he attacked the Kremlin for carrying out \"war crimes\" in Syria. Speaking in the British parliament on Tuesday, Johnson called for protests outside the Russian embassy in London over the country's ongoing airstrikes in the besieged city of Aleppo.";

    /// The definition [`word_hashes`] implements byte by byte.
    fn word_hashes_by_chunk(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for chunk in text.split(char::is_whitespace) {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            let mut any = false;
            for c in chunk.chars().filter(|c| c.is_alphanumeric()) {
                any = true;
                for l in c.to_lowercase() {
                    h = (h ^ l as u64).wrapping_mul(0x100_0000_01b3);
                }
            }
            if any {
                out.push(h);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn word_hashes_by_byte_and_by_chunk_agree(
            text in "([a-zA-Z0-9 .,'\\-]|\t|\n|\r|\u{b}|\u{c}|\u{1c}|\u{a0}|\u{85}|é|É|İ|ß|’|—|\u{2003}|\u{3000}|д|Д|7){0,60}"
        ) {
            proptest::prop_assert_eq!(word_hashes(&text), word_hashes_by_chunk(&text));
        }
    }

    #[test]
    fn word_hashes_of_the_seed_articles() {
        for text in [PA, AP, OTHER] {
            assert_eq!(word_hashes(text), word_hashes_by_chunk(text));
        }
    }

    #[test]
    fn house_style_does_not_hide_a_copy() {
        assert_eq!(word_hashes("U.S.-Russian"), word_hashes("US-Russian"));
        let (pa, ap, other) = (Signature::of(PA), Signature::of(AP), Signature::of(OTHER));
        assert!(pa.similarity(&ap) >= 0.5, "{}", pa.similarity(&ap));
        assert!(pa.similarity(&other) < 0.1, "{}", pa.similarity(&other));
        assert_eq!(pa.similarity(&pa), 1.0);
        assert_eq!(Signature::of(" … ").similarity(&pa), 0.0);
    }

    /// Fingerprints of (id, outlet, date, text).
    fn fingerprints(docs: &[(&str, u32, Option<&str>, &str)]) -> Fingerprints {
        let mut out = Fingerprints::default();
        for &(id, outlet, date, text) in docs {
            out.push(id, outlet, date, &Signature::of(text), &line_keys(text));
        }
        out
    }

    #[test]
    fn the_first_copy_is_the_earliest_dated_then_the_smallest_id() {
        let prints = fingerprints(&[
            ("b", 0, None, PA),
            ("c", 1, Some("2016-09-30"), AP),
            ("a", 1, Some("2016-09-29"), PA),
            ("d", 0, Some("2016-09-28"), OTHER),
            ("e", 0, None, PA),
            ("f", 0, None, " … "),
        ]);
        assert_eq!(prints.len(), 6);
        assert_eq!(
            (prints.id(2), prints.date(2), prints.outlet(2)),
            ("a", Some("2016-09-29"), 1)
        );
        assert_eq!(prints.date(4), None);
        assert_eq!(prints.signature(3), Signature::of(OTHER).0);
        assert!(prints.signature(5).is_empty());
        assert_eq!(prints.lines(1), line_keys(AP));
        assert_eq!(cluster(&prints, 0.5), [2, 2, 2, 3, 2, 5]);
    }

    #[test]
    fn lines_repeat_across_stories_not_across_copies() {
        let footer = "Be the first to comment";
        let texts: Vec<String> = (0..6)
            .map(|i| format!("Story number {i} about Aleppo.\n{footer}"))
            .collect();
        let ids: Vec<String> = (0..6).map(|i| i.to_string()).collect();
        let docs: Vec<_> = (0..6)
            .map(|i| (ids[i].as_str(), 0, None, texts[i].as_str()))
            .collect();
        let prints = fingerprints(&docs);
        let settings = Settings {
            repeat_min_stories: 5,
            repeat_min_share: 0.5,
        };
        let outlets = vec!["x".to_string()];
        let clusters: Vec<usize> = (0..6).collect();
        let found = repeated_lines(&prints, &clusters, &outlets, settings);
        assert_eq!(found.len(), 1);
        assert!(found.0["x"].contains(crate::clean::line_key(footer).unwrap()));
        // the same story six times is one story
        let copies: Vec<_> = docs
            .iter()
            .map(|d| (d.0, 0, None, texts[0].as_str()))
            .collect();
        let copies = fingerprints(&copies);
        assert!(repeated_lines(&copies, &[0; 6], &outlets, settings).is_empty());
    }
}
