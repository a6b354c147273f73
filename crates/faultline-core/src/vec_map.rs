//! [`VecMap`]: an ordered map kept as a sorted vector.
//!
//! For maps in code the capture wasm ships (every app pays for its bytes) that are not on
//! a hot path: a `BTreeMap` instance per key and value type (node balancing, iteration,
//! drop) costs a few KB of wasm each, and storage's in-memory fallback had three (7 KB
//! gzip of the engine). Lookups are binary searches; inserts and removals move the entries
//! after them, so it suits maps of bounded size.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, RangeBounds};

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Entries sorted by key, each key once. Serialized as a map, in key order; a map read
/// with a key twice keeps the last value, as serde's maps do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn search<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value at `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let at = self.search(key).ok()?;
        self.0.get(at).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.search(key).is_ok()
    }

    /// The value at `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
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

    /// Sets `key` to `value` unless it has one.
    pub fn insert_if_absent(&mut self, key: K, value: impl FnOnce() -> V) {
        if let Err(at) = self.search(&key) {
            self.0.insert(at, (key, value()));
        }
    }

    /// Keeps the entries `keep` says yes to, in order (it may change their values).
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes `key` and returns its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
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

    /// Every entry, in order, values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// Every value, in the keys' order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Every value, in the keys' order, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
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

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// The pairs sorted by key; of a key given twice, the last value stays.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = VecMap::default();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&(K, V)) -> (&K, &V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for VecMap<K, V> {
    type Output = V;

    /// The value at `key`; panics when there is none, as a `BTreeMap` does (for tests).
    #[allow(clippy::expect_used)]
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = VecMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = VecMap::default();
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(Entries(PhantomData))
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
    fn reads_and_writes_as_a_json_object_in_key_order() {
        let map: VecMap<String, String> =
            serde_json::from_str(r#"{"b": "2", "a": "1", "b": "3"}"#).unwrap_or_default();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(map["b"], "3");
        assert_eq!(
            serde_json::to_string(&map).ok().as_deref(),
            Some(r#"{"a":"1","b":"3"}"#)
        );
        assert!(serde_json::from_str::<VecMap<String, String>>("[1]").is_err());
    }

    #[test]
    fn retains_extends_and_inserts_only_when_absent() {
        let mut map: VecMap<String, u32> = [("c", 3), ("a", 1), ("b", 2)]
            .map(|(k, v)| (k.to_string(), v))
            .into_iter()
            .collect();
        map.insert_if_absent("a".into(), || 9);
        map.insert_if_absent("d".into(), || 4);
        map.retain(|k, v| {
            *v *= 10;
            k != "b"
        });
        map.extend(VecMap::from([("e".to_string(), 5)]));
        let all: Vec<(&str, u32)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(all, [("a", 10), ("c", 30), ("d", 40), ("e", 5)]);
        assert!(map.contains_key("c") && !map.contains_key("b"));
        map.values_mut().for_each(|v| *v += 1);
        map.iter_mut().for_each(|(_, v)| *v += 1);
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [12, 32, 42, 7]);
        assert_eq!(map.into_iter().count(), 4);
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
