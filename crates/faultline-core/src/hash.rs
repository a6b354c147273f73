//! A small, stable 128-bit hash (FNV-1a) for fingerprints.
//!
//! Fingerprints are stored and compared across page loads, tabs and releases, so the hash
//! must never change with the compiler or platform (unlike `std`'s `DefaultHasher`).

const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const PRIME: u128 = 0x0000000001000000000000000000013B;

/// Incremental FNV-1a over a sequence of parts, each followed by a separator byte so that
/// `["ab", "c"]` and `["a", "bc"]` hash differently.
#[derive(Debug, Clone)]
pub(crate) struct Hasher(u128);

impl Hasher {
    pub(crate) fn new() -> Self {
        Hasher(OFFSET)
    }

    pub(crate) fn part(&mut self, s: &str) {
        for &b in s.as_bytes().iter().chain(std::iter::once(&0xff)) {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// The hash as 32 lowercase hex digits, Sentry's fingerprint hash width.
    pub(crate) fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(parts: &[&str]) -> String {
        let mut h = Hasher::new();
        parts.iter().for_each(|p| h.part(p));
        h.hex()
    }

    #[test]
    fn is_stable_and_separates_parts() {
        assert_eq!(hash(&["TypeError"]), hash(&["TypeError"]));
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
        assert_eq!(hash(&[]).len(), 32);
        // Pinned: a change here would split every stored issue.
        assert_eq!(hash(&[]), "6c62272e07bb014262b821756295c58d");
    }
}
