//! Many short strings kept to the end of a run, without one allocation each.
//!
//! A run keeps a few strings per document (ids, dates, sources) until it ends. Allocated one
//! by one between the documents' own texts and tokens, they stay scattered over memory that
//! is otherwise freed, and the allocator cannot return a page that holds one of them: on
//! Article-Bias-Prediction doubled, that kept tens of megabytes resident (docs/PERFORMANCE.md).
//! Here they are appended to one buffer, which grows by doubling like any vector.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Strings in one buffer, each found by its index; a value may be null.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings {
    bytes: String,
    ends: Vec<usize>,
    /// Which values are null; empty while none is.
    nulls: Vec<bool>,
}

impl Strings {
    pub fn with_capacity(values: usize, bytes: usize) -> Strings {
        Strings {
            bytes: String::with_capacity(bytes),
            ends: Vec::with_capacity(values),
            nulls: Vec::new(),
        }
    }

    /// Appends a value; returns its index.
    pub fn push(&mut self, value: &str) -> usize {
        self.bytes.push_str(value);
        self.ends.push(self.bytes.len());
        if !self.nulls.is_empty() {
            self.nulls.push(false);
        }
        self.ends.len() - 1
    }

    /// Appends a value or a null; returns its index.
    pub fn push_opt(&mut self, value: Option<&str>) -> usize {
        match value {
            Some(v) => self.push(v),
            None => {
                if self.nulls.is_empty() {
                    self.nulls.resize(self.ends.len(), false);
                }
                self.ends.push(self.bytes.len());
                self.nulls.push(true);
                self.ends.len() - 1
            }
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes of all values together.
    pub fn text_len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether any value is null (`nulls` is filled only from the first null on).
    pub fn has_nulls(&self) -> bool {
        !self.nulls.is_empty()
    }

    /// The value at `index` (`""` for a null). Panics if `index` is out of range.
    pub fn get(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.bytes[start..self.ends[index]]
    }

    /// The value at `index`, `None` for a null.
    pub fn get_opt(&self, index: usize) -> Option<&str> {
        if self.nulls.get(index).copied().unwrap_or(false) {
            None
        } else {
            Some(self.get(index))
        }
    }

    /// Every value in order (`""` for nulls).
    pub fn values(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.bytes[a..b])
    }

    /// Every value in order, `None` for nulls.
    pub fn options(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        let nulls = self.nulls.iter().copied().chain(std::iter::repeat(false));
        self.values()
            .zip(nulls)
            .map(|(v, null)| (!null).then_some(v))
    }
}

/// A map from string keys (document ids) to values, the keys in one [`Strings`] buffer and the
/// table holding only their indices. The first value given a key stays.
#[derive(Clone)]
pub struct IdMap<V> {
    keys: Strings,
    values: Vec<V>,
    table: HashTable<usize>,
    hasher: FxBuildHasher,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap::with_capacity(0)
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for IdMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.keys.values().zip(&self.values))
            .finish()
    }
}

impl<V> IdMap<V> {
    pub fn with_capacity(keys: usize) -> IdMap<V> {
        IdMap {
            keys: Strings::with_capacity(keys, 0),
            values: Vec::with_capacity(keys),
            table: HashTable::with_capacity(keys),
            hasher: FxBuildHasher,
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The index of `key`, if it is in the map.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(key);
        self.table.find(hash, |&i| self.keys.get(i) == key).copied()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.index_of(key).map(|i| &self.values[i])
    }

    /// Adds `key` with `value` and returns `Ok(index)`; if the key is there already, changes
    /// nothing and returns `Err(its index)`.
    pub fn insert(&mut self, key: &str, value: V) -> Result<usize, usize> {
        let hash = self.hasher.hash_one(key);
        let keys = &self.keys;
        if let Some(&i) = self.table.find(hash, |&i| keys.get(i) == key) {
            return Err(i);
        }
        let index = self.keys.push(key);
        self.values.push(value);
        let (keys, hasher) = (&self.keys, &self.hasher);
        self.table
            .insert_unique(hash, index, |&i| hasher.hash_one(keys.get(i)));
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keep_values_and_nulls_in_order() {
        let mut s = Strings::default();
        assert_eq!(s.push("Aleppo"), 0);
        assert_eq!(s.push(""), 1);
        assert_eq!(s.push_opt(None), 2);
        assert_eq!(s.push("“rebels”"), 3);
        assert_eq!(s.len(), 4);
        assert_eq!(
            s.options().collect::<Vec<_>>(),
            [Some("Aleppo"), Some(""), None, Some("“rebels”")]
        );
        assert_eq!(
            s.values().collect::<Vec<_>>(),
            ["Aleppo", "", "", "“rebels”"]
        );
        assert_eq!(
            (s.get(3), s.get_opt(2), s.get_opt(1)),
            ("“rebels”", None, Some(""))
        );
        assert!(s.has_nulls() && !s.is_empty());
        assert!(!Strings::default().has_nulls());
    }

    #[test]
    fn the_first_value_of_a_key_stays() {
        let mut m: IdMap<&str> = IdMap::default();
        assert_eq!(m.insert("tass-1", "tass.jsonl:1"), Ok(0));
        assert_eq!(m.insert("rt-1", "rt.jsonl:1"), Ok(1));
        assert_eq!(m.insert("tass-1", "tass.jsonl:9"), Err(0));
        assert_eq!(m.get("tass-1"), Some(&"tass.jsonl:1"));
        assert_eq!(m.get("tass-2"), None);
        assert_eq!((m.len(), m.index_of("rt-1")), (2, Some(1)));
    }

    proptest::proptest! {
        /// The map agrees with std's HashMap on any keys, repeats and prefixes of each other
        /// included (the buffer has no separators).
        #[test]
        fn id_map_is_a_map(keys in proptest::collection::vec("[ab]{0,3}|é|\u{a0}", 0..200)) {
            let mut m = IdMap::default();
            let mut reference = std::collections::HashMap::new();
            for (n, k) in keys.iter().enumerate() {
                let fresh = !reference.contains_key(k);
                reference.entry(k.clone()).or_insert(n);
                proptest::prop_assert_eq!(m.insert(k, n).is_ok(), fresh);
            }
            proptest::prop_assert_eq!(m.len(), reference.len());
            for (k, n) in &reference {
                proptest::prop_assert_eq!(m.get(k), Some(n));
            }
            proptest::prop_assert_eq!(m.get("zzz"), None);
        }
    }
}
