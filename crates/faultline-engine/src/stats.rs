//! What the engine did and why it dropped things: counters the page reads as `stats()`
//! (merged with its own), the viewer shows and sync reports to the server.

/// One counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    /// Captures that reached the engine (before sampling, filters and limits).
    Captured,
    /// Event bodies written to storage.
    Stored,
    /// Dropped by `sampleRate`.
    SampledOut,
    /// Beyond the flood limit: counted on their issue's sample, body not stored.
    RateLimited,
    /// Repeats of the previous event within the dedupe window: counted, not stored.
    Deduped,
    /// Lost because the queue (or the flood tally) was full.
    QueueFull,
    /// Dropped by `ignoreErrors`, `denyUrls` or `allowUrls`.
    Ignored,
    /// Dropped by `beforeSend` (it returned null).
    BeforeSendDropped,
    /// Dropped because `beforeSend` threw, timed out or returned something not an event.
    BeforeSendError,
    /// Lost because storage failed.
    StorageError,
    /// Events whose message, stack or data was cut to the limits.
    Truncated,
}

const COUNTERS: usize = 11;

/// Names in the JS `stats()` object, in [`Counter`]'s order.
const NAMES: [&str; COUNTERS] = [
    "captured",
    "stored",
    "sampledOut",
    "rateLimited",
    "deduped",
    "queueFull",
    "ignored",
    "beforeSendDropped",
    "beforeSendError",
    "storageError",
    "truncated",
];

/// Sentry's discard reason for each counter that loses events (the names storage's drop
/// counters, the viewer and sync's client reports use). Events counted on their issue
/// without a body are not among them: locally nothing is lost.
const DROP_REASONS: [(Counter, &str); 6] = [
    (Counter::SampledOut, "sample_rate"),
    (Counter::QueueFull, "queue_overflow"),
    (Counter::Ignored, "event_processor"),
    (Counter::BeforeSendDropped, "before_send"),
    (Counter::BeforeSendError, "internal_sdk_error"),
    (Counter::StorageError, "internal_sdk_error"),
];

/// The engine's counters, and how many drops of each were reported to storage already.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    counts: [u64; COUNTERS],
    reported: [u64; COUNTERS],
}

impl Counters {
    /// Adds `n` to `counter` (saturating: counts never wrap).
    pub fn bump(&mut self, counter: Counter, n: u64) {
        let count = &mut self.counts[counter as usize];
        *count = count.saturating_add(n);
    }

    /// `(name, value)` pairs, as the JS `stats()` object has them.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        NAMES.iter().copied().zip(self.counts.iter().copied())
    }

    /// The value of one counter.
    #[cfg(test)]
    pub fn get(&self, counter: Counter) -> u64 {
        self.counts[counter as usize]
    }

    /// The events dropped since the last call, by discard reason; they count as reported.
    pub fn take_drops(&mut self) -> Vec<(&'static str, u64)> {
        let mut drops: Vec<(&'static str, u64)> = Vec::new();
        for (counter, reason) in DROP_REASONS {
            let i = counter as usize;
            let delta = self.counts[i].saturating_sub(self.reported[i]);
            self.reported[i] = self.counts[i];
            if delta == 0 {
                continue;
            }
            match drops.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n = n.saturating_add(delta),
                None => drops.push((reason, delta)),
            }
        }
        drops
    }

    /// Puts drops back as unreported (storage could not take them).
    pub fn unreport(&mut self, drops: &[(&'static str, u64)]) {
        for (reason, mut n) in drops.iter().copied() {
            for (counter, r) in DROP_REASONS {
                if r != reason || n == 0 {
                    continue;
                }
                let i = counter as usize;
                let back = n.min(self.reported[i]);
                self.reported[i] -= back;
                n -= back;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn drops_are_reported_once_by_reason_and_can_be_put_back() {
        let mut counters = Counters::default();
        counters.bump(Counter::BeforeSendError, 2);
        counters.bump(Counter::StorageError, 1);
        counters.bump(Counter::Deduped, 5);
        let drops = counters.take_drops();
        assert_eq!(drops, [("internal_sdk_error", 3)]);
        assert!(counters.take_drops().is_empty());
        counters.unreport(&drops);
        assert_eq!(counters.take_drops(), [("internal_sdk_error", 3)]);
        counters.bump(Counter::Captured, u64::MAX);
        counters.bump(Counter::Captured, 1);
        assert_eq!(counters.get(Counter::Captured), u64::MAX);
    }
}
