//! The flood guard and dedupe: rules over time given as an argument (milliseconds).
//!
//! Beyond [`RATE_PER_SEC`] events a second, an event is not queued whole: it is tallied
//! under a key of its type, value and stack, and once per [`TALLY_WINDOW_MS`] each key's
//! first event is stored as the sample standing for all of them. Dedupe drops an event
//! identical to the previously stored one within [`DEDUPE_WINDOW_MS`].

/// Sustained events per second admitted whole.
pub const RATE_PER_SEC: f64 = 100.0;
/// Events admitted whole in a burst.
pub const BURST: f64 = 100.0;
/// How long tallies gather before their samples are stored.
pub const TALLY_WINDOW_MS: i64 = 1000;
/// Distinct keys tallied per window; events with further keys are dropped and counted.
pub const MAX_TALLIES: usize = 100;
/// Repeats of the previous event within this time are counted, not stored.
pub const DEDUPE_WINDOW_MS: i64 = 1000;

/// A token bucket: [`BURST`] tokens, refilled at [`RATE_PER_SEC`].
#[derive(Debug)]
pub struct Bucket {
    tokens: f64,
    at: i64,
}

impl Bucket {
    /// A full bucket.
    pub fn new(now: i64) -> Bucket {
        Bucket {
            tokens: BURST,
            at: now,
        }
    }

    /// Takes a token if there is one.
    pub fn admit(&mut self, now: i64) -> bool {
        let elapsed = (now - self.at).max(0) as f64;
        self.tokens = (self.tokens + elapsed * RATE_PER_SEC / 1000.0).min(BURST);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Events with one key, beyond the rate: how many, and the first as their sample.
#[derive(Debug)]
pub struct Tally<T> {
    /// What the tallied events share ([`KeyHasher`] of type, value and stack).
    pub key: u64,
    /// How many events were tallied under it.
    pub count: u64,
    /// The first of them, stored standing for all.
    pub sample: T,
}

/// The tallies of the current window.
#[derive(Debug)]
pub struct Tallies<T> {
    items: Vec<Tally<T>>,
    opened_at: i64,
}

impl<T> Default for Tallies<T> {
    fn default() -> Self {
        Tallies {
            items: Vec::new(),
            opened_at: 0,
        }
    }
}

impl<T> Tallies<T> {
    /// Counts one event under `key`; `sample` makes its sample when the key is new.
    /// `false` when the key is new and the window has no room for it.
    pub fn add(&mut self, key: u64, now: i64, sample: impl FnOnce() -> T) -> bool {
        if let Some(t) = self.items.iter_mut().find(|t| t.key == key) {
            t.count += 1;
            return true;
        }
        if self.items.len() >= MAX_TALLIES {
            return false;
        }
        if self.items.is_empty() {
            self.opened_at = now;
        }
        self.items.push(Tally {
            key,
            count: 1,
            sample: sample(),
        });
        true
    }

    /// Milliseconds until the window is over.
    pub fn remaining(&self, now: i64) -> i64 {
        (TALLY_WINDOW_MS - (now - self.opened_at)).clamp(0, TALLY_WINDOW_MS)
    }

    /// The samples waiting in this window (each the first event of its key).
    pub fn samples(&self) -> impl Iterator<Item = &T> {
        self.items.iter().map(|t| &t.sample)
    }

    /// Ends the window, handing over its tallies.
    pub fn take(&mut self) -> Vec<Tally<T>> {
        std::mem::take(&mut self.items)
    }
}

/// Remembers the last stored event's signature.
#[derive(Debug, Default)]
pub struct Dedupe {
    last: Option<(u64, i64)>,
}

impl Dedupe {
    /// Whether an event with `signature` at `now` repeats the last stored one within the
    /// window; when it does not, it becomes the one to compare with.
    pub fn is_repeat(&mut self, signature: u64, now: i64) -> bool {
        if let Some((last, at)) = self.last {
            if last == signature && (now - at).abs() < DEDUPE_WINDOW_MS {
                return true;
            }
        }
        self.last = Some((signature, now));
        false
    }
}

/// A 64-bit FNV-1a hash of parts, for tally keys and dedupe signatures (never stored).
#[derive(Debug, Clone, Copy)]
pub struct KeyHasher(u64);

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::new()
    }
}

impl KeyHasher {
    /// An empty hash.
    pub fn new() -> KeyHasher {
        KeyHasher(0xcbf2_9ce4_8422_2325)
    }

    /// Adds `s` and a separator, so `["ab", "c"]` and `["a", "bc"]` differ.
    pub fn part(&mut self, s: &str) -> &mut KeyHasher {
        for &b in s.as_bytes().iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Adds a number.
    pub fn num(&mut self, n: u32) -> &mut KeyHasher {
        for b in n.to_le_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// The hash.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_admits_a_burst_then_the_rate() {
        let mut bucket = Bucket::new(0);
        let burst = (0..1000).filter(|_| bucket.admit(0)).count();
        assert_eq!(burst, 100);
        assert!(!bucket.admit(5));
        assert!(bucket.admit(10), "one token per 10 ms");
        let next_second = (0..1000).filter(|_| bucket.admit(1010)).count();
        assert_eq!(next_second, 100);
    }

    #[test]
    fn tallies_count_per_key_and_are_bounded() {
        let mut tallies = Tallies::default();
        for _ in 0..5 {
            assert!(tallies.add(7, 100, || "sample"));
        }
        for key in 0..MAX_TALLIES as u64 - 1 {
            assert!(tallies.add(1000 + key, 150, || "other"));
        }
        assert!(!tallies.add(99_999, 200, || "no room"));
        assert_eq!(tallies.remaining(100 + TALLY_WINDOW_MS - 1), 1);
        assert_eq!(tallies.remaining(100 + TALLY_WINDOW_MS), 0);
        let taken = tallies.take();
        assert_eq!((taken[0].key, taken[0].count), (7, 5));
        assert!(tallies.take().is_empty());
    }

    #[test]
    fn dedupe_drops_repeats_within_the_window_only() {
        let mut dedupe = Dedupe::default();
        assert!(!dedupe.is_repeat(1, 0));
        assert!(dedupe.is_repeat(1, 500));
        assert!(!dedupe.is_repeat(1, DEDUPE_WINDOW_MS));
        assert!(!dedupe.is_repeat(2, DEDUPE_WINDOW_MS + 1));
        assert!(!dedupe.is_repeat(1, DEDUPE_WINDOW_MS + 2));
    }
}
