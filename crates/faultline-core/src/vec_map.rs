//! [`VecMap`]: an ordered map kept as a sorted vector.
//!
//! For maps in code the capture wasm ships (every app pays for its bytes) that are not on
//! a hot path: a `BTreeMap` instance per key and value type (node balancing, iteration,
//! drop) costs a few KB of wasm each, and storage's in-memory fallback had three (7 KB
//! gzip of the engine). Lookups are binary searches; inserts and removals move the entries
//! after them, so it suits maps of bounded size.

use std::ops::RangeBounds;

/// Entries sorted by key, each key once.
#[derive(Debug)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn search(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    /// The value at `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        let at = self.search(key).ok()?;
        self.0.get(at).map(|(_, v)| v)
    }

    /// The value at `key`, to change.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let at = self.search(key).ok()?;
        self.0.get_mut(at).map(|(_, v)| v)
    }

    /// The value at `key`, inserted as `V::default()` when there is none.
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let at = match self.search(&key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, V::default()));
                at
            }
        };
        &mut self.0[at].1
    }

    /// Sets `key` to `value`, replacing the value it had.
    pub fn insert(&mut self, key: K, value: V) {
        match self.search(&key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let at = self.search(key).ok()?;
        Some(self.0.remove(at).1)
    }

    /// The entries whose keys are in `range`, in order.
    pub fn range(&self, range: impl RangeBounds<K>) -> &[(K, V)] {
        use std::ops::Bound::{Excluded, Included, Unbounded};
        let start = match range.start_bound() {
            Included(k) => self.0.partition_point(|(e, _)| e < k),
            Excluded(k) => self.0.partition_point(|(e, _)| e <= k),
            Unbounded => 0,
        };
        let end = match range.end_bound() {
            Included(k) => self.0.partition_point(|(e, _)| e <= k),
            Excluded(k) => self.0.partition_point(|(e, _)| e < k),
            Unbounded => self.0.len(),
        };
        self.0.get(start..end.max(start)).unwrap_or_default()
    }

    /// Every entry, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Every value, in the keys' order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn behaves_as_a_btree_map_under_the_same_operations() {
        let mut map = VecMap::default();
        let mut model = BTreeMap::new();
        // A fixed pseudo-random walk of inserts, increments and removals.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = x % 64;
            match x % 5 {
                0 => assert_eq!(map.remove(&key), model.remove(&key)),
                1 => {
                    *map.get_or_default(key) += 1;
                    *model.entry(key).or_default() += 1;
                }
                _ => {
                    map.insert(key, x);
                    model.insert(key, x);
                }
            }
            assert_eq!(map.len(), model.len());
        }
        let all: Vec<(u64, u64)> = map.iter().map(|(k, v)| (*k, *v)).collect();
        let expected: Vec<(u64, u64)> = model.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(all, expected);
        for key in 0..64 {
            assert_eq!(map.get(&key), model.get(&key));
        }
        for (lo, hi) in [(0, 63), (10, 20), (20, 10), (63, 63), (5, 5)] {
            let got: Vec<u64> = map.range(lo..=hi).iter().map(|(k, _)| *k).collect();
            let want: Vec<u64> = if lo <= hi {
                model.range(lo..=hi).map(|(k, _)| *k).collect()
            } else {
                Vec::new()
            };
            assert_eq!(got, want, "{lo}..={hi}");
            let got: Vec<u64> = map.range(lo..hi).iter().map(|(k, _)| *k).collect();
            let want: Vec<u64> = if lo < hi {
                model.range(lo..hi).map(|(k, _)| *k).collect()
            } else {
                Vec::new()
            };
            assert_eq!(got, want, "{lo}..{hi}");
        }
    }

    #[test]
    fn a_missing_key_changes_nothing() {
        let mut map: VecMap<u32, &str> = VecMap::default();
        map.insert(2, "b");
        assert_eq!(map.remove(&1), None);
        assert!(map.get_mut(&3).is_none());
        assert!(map.range(3..).is_empty());
        assert!(!map.is_empty() && VecMap::<u8, u8>::default().is_empty());
        assert_eq!(map.values().copied().collect::<Vec<_>>(), ["b"]);
    }
}
