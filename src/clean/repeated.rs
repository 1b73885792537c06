//! Lines repeated across an outlet's stories: their keys (a hash of a line's letters and digits)
//! and the lines found repeated, per outlet.

use rustc_hash::{FxHashMap, FxHashSet};

/// The key of a line for the repetition rule: a hash of its letters and digits, lowercased
/// (so spacing and punctuation do not matter). `None` for a line without any.
///
/// The top 16 bits are the line's [`line_tag`], a hash of only its first 8 such bytes, so that
/// most lines can be ruled out without hashing them whole ([`RepeatedLines::may_have`]).
pub fn line_key(line: &str) -> Option<u64> {
    // The lowercased letters and digits as one byte stream, hashed 64 bytes at a time.
    // Byte by byte for ASCII, char by char only where a char is not (a line of news text
    // with one curly quote is still mostly ASCII).
    let mut key = LineHasher::default();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            key.push_ascii(b);
            i += 1;
            continue;
        }
        let c = line[i..].chars().next().unwrap_or_default();
        key_bytes(c, |b| key.push(b));
        i += c.len_utf8();
    }
    key.finish()
}

/// The top 16 bits of a line's [`line_key`], from the first 8 bytes of its lowercased letters
/// and digits only (the whole line need not be read); `None` for a line without any.
pub fn line_tag(line: &str) -> Option<u16> {
    let mut first = Prefix::default();
    for c in line.chars() {
        if c.is_ascii() {
            let l = ALNUM_LOWER[c as usize];
            if l != 0 {
                first.push(l);
            }
        } else {
            key_bytes(c, |b| first.push(b));
        }
        if first.len == 8 {
            break;
        }
    }
    (first.len > 0).then(|| first.tag())
}

/// The bytes a non-ASCII char adds to a line's key stream: its lowercase form in UTF-8 if it
/// is a letter or digit, else none.
pub(super) fn key_bytes(c: char, mut push: impl FnMut(u8)) {
    if c.is_alphanumeric() {
        let mut buf = [0u8; 4];
        for l in c.to_lowercase() {
            l.encode_utf8(&mut buf).bytes().for_each(&mut push);
        }
    }
}

/// The first (up to) 8 bytes of a line's key stream, packed; the stream never holds a 0 byte.
#[derive(Default, Clone, Copy)]
pub(super) struct Prefix {
    packed: u64,
    len: u32,
}

impl Prefix {
    pub(super) fn push(&mut self, b: u8) {
        if self.len < 8 {
            self.packed |= u64::from(b) << (8 * self.len);
            self.len += 1;
        }
    }

    fn tag(self) -> u16 {
        (self.packed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as u16
    }
}

/// Each ASCII byte's lowercase form if it is a letter or digit, else 0.
pub(super) static ALNUM_LOWER: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

pub(super) struct LineHasher {
    hash: rustc_hash::FxHasher,
    buf: [u8; 64],
    filled: usize,
    any: bool,
    /// The first bytes of the stream, taken from `buf` at the first flush.
    first: Option<Prefix>,
}

impl Default for LineHasher {
    fn default() -> Self {
        LineHasher {
            hash: Default::default(),
            buf: [0; 64],
            filled: 0,
            any: false,
            first: None,
        }
    }
}

impl LineHasher {
    /// An ASCII byte: kept (lowercased) if a letter or digit, without a branch on which.
    #[inline]
    fn push_ascii(&mut self, b: u8) {
        let l = ALNUM_LOWER[usize::from(b & 0x7f)];
        self.buf[self.filled] = l;
        self.filled += usize::from(l != 0);
        self.any |= l != 0;
        if self.filled == self.buf.len() {
            self.flush();
        }
    }

    pub(super) fn push(&mut self, b: u8) {
        self.any = true;
        self.buf[self.filled] = b;
        self.filled += 1;
        if self.filled == self.buf.len() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        use std::hash::Hasher;
        if self.first.is_none() {
            let mut first = Prefix::default();
            self.buf[..self.filled.min(8)]
                .iter()
                .for_each(|&b| first.push(b));
            self.first = Some(first);
        }
        self.hash.write(&self.buf[..self.filled]);
        self.filled = 0;
    }

    pub(super) fn finish(mut self) -> Option<u64> {
        use std::hash::Hasher;
        if !self.any {
            return None;
        }
        let rest = self.filled;
        self.flush();
        self.hash.write_usize(rest);
        let tag = self.first.unwrap_or_default().tag();
        Some(u64::from(tag) << 48 | self.hash.finish() & ((1 << 48) - 1))
    }
}

/// The lines of a text that are worth keys (see [`line_key`]), deduplicated.
pub fn line_keys(text: &str) -> Vec<u64> {
    let mut keys: Vec<u64> = text.lines().filter_map(line_key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Lines found to recur across each outlet's stories.
#[derive(Debug, Clone, Default)]
pub struct Repeated(pub FxHashMap<String, RepeatedLines>);

/// The keys ([`line_key`]) of one outlet's repeated lines, and which tags ([`line_tag`]) they
/// have.
#[derive(Debug, Clone)]
pub struct RepeatedLines {
    keys: FxHashSet<u64>,
    /// A bit per possible tag.
    tags: Box<[u64; 1024]>,
}

impl Default for RepeatedLines {
    fn default() -> Self {
        RepeatedLines {
            keys: FxHashSet::default(),
            tags: Box::new([0; 1024]),
        }
    }
}

impl RepeatedLines {
    pub fn insert(&mut self, key: u64) {
        let tag = (key >> 48) as usize;
        self.tags[tag / 64] |= 1 << (tag % 64);
        self.keys.insert(key);
    }

    pub fn contains(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }

    /// False when no repeated line has this tag, so a line with it is not repeated.
    pub fn may_have(&self, tag: u16) -> bool {
        let tag = usize::from(tag);
        self.tags[tag / 64] & (1 << (tag % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl Repeated {
    /// Number of repeated lines found over all outlets.
    pub fn len(&self) -> usize {
        self.0.values().map(RepeatedLines::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
