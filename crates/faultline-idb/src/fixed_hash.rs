//! Hash maps with a small fixed hasher (FNV-1a) for storage's working sets.
//!
//! The keys are a batch's fingerprints, users and counter buckets, or the in-memory
//! stand-in's ids: data of the page itself, not of a remote peer, so the DoS-resistant
//! (and larger) SipHash with random keys that `std`'s default brings buys nothing here.

use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed with [`Fnv`].
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A set keyed with [`Fnv`].
pub(crate) type HashSet<T> = std::collections::HashSet<T, BuildHasherDefault<Fnv>>;

/// 64-bit FNV-1a.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
