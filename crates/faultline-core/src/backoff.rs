//! Exponential backoff with jitter for retrying a server that failed.
//!
//! The n-th consecutive failure waits `base = min(5 s · 2^(n−1), 1 h)` scaled into
//! `[base/2, base)` by the jitter, never less than 5 s: 5 s, then 5–10 s, 10–20 s, … up to
//! 30–60 min. Jitter keeps many tabs or devices from retrying in lockstep; the caller
//! passes it in (core has no random source).

use crate::Timestamp;

/// The shortest wait after a failure.
pub const BACKOFF_MIN_MS: i64 = 5_000;
/// The longest wait after a failure.
pub const BACKOFF_MAX_MS: i64 = 3_600_000;

/// The wait after the `failures`-th consecutive failure (1 for the first), with `jitter`
/// in `[0, 1)` (other values are clamped into it; NaN reads as 0).
pub fn backoff_delay_ms(failures: u32, jitter: f64) -> i64 {
    let doublings = failures.saturating_sub(1).min(32);
    let base = BACKOFF_MIN_MS
        .saturating_mul(1i64 << doublings)
        .min(BACKOFF_MAX_MS);
    let jitter = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(0.0, 1.0 - f64::EPSILON)
    };
    let half = base / 2;
    // `half` is at most 30 minutes in ms, exact in an f64; the product is below `half`.
    let spread = (half as f64 * jitter) as i64;
    (half + spread).max(BACKOFF_MIN_MS)
}

/// Consecutive failures and when the next attempt may happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Backoff {
    failures: u32,
    retry_at: Option<Timestamp>,
}

impl Backoff {
    /// No failures.
    pub fn new() -> Backoff {
        Backoff::default()
    }

    /// Records a failure at `now`; returns when to try again.
    pub fn on_failure(&mut self, now: Timestamp, jitter: f64) -> Timestamp {
        self.failures = self.failures.saturating_add(1);
        let at = now.plus_millis(backoff_delay_ms(self.failures, jitter));
        self.retry_at = Some(at);
        at
    }

    /// Records a success: the next failure starts again from 5 s.
    pub fn on_success(&mut self) {
        *self = Backoff::default();
    }

    /// Forgets the failures and allows an attempt at once (the browser came back online).
    pub fn reset(&mut self) {
        *self = Backoff::default();
    }

    /// Consecutive failures so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// When the next attempt may happen, if waiting was ever asked for.
    pub fn retry_at(&self) -> Option<Timestamp> {
        self.retry_at
    }

    /// Whether an attempt must still wait at `now`.
    pub fn is_waiting(&self, now: Timestamp) -> bool {
        self.retry_at.is_some_and(|at| at > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failure_waits_five_seconds() {
        assert_eq!(backoff_delay_ms(1, 0.0), 5_000);
        assert_eq!(backoff_delay_ms(1, 0.99), 5_000);
    }

    #[test]
    fn waits_double_within_their_jitter_band() {
        assert_eq!(backoff_delay_ms(2, 0.0), 5_000);
        assert_eq!(backoff_delay_ms(2, 0.5), 7_500);
        assert_eq!(backoff_delay_ms(3, 0.0), 10_000);
        assert_eq!(backoff_delay_ms(4, 0.5), 30_000);
    }

    #[test]
    fn waits_never_exceed_an_hour() {
        for failures in [11, 12, 40, u32::MAX] {
            let d = backoff_delay_ms(failures, 0.999_999);
            assert!((1_800_000..BACKOFF_MAX_MS).contains(&d), "{failures}: {d}");
        }
        assert_eq!(backoff_delay_ms(100, 0.0), 1_800_000);
    }

    #[test]
    fn out_of_range_jitter_is_clamped() {
        assert_eq!(backoff_delay_ms(3, f64::NAN), 10_000);
        assert_eq!(backoff_delay_ms(3, -3.0), 10_000);
        assert!(backoff_delay_ms(3, 7.0) < 20_000);
    }

    #[test]
    fn failures_accumulate_and_success_resets() {
        let now = Timestamp(0);
        let mut b = Backoff::new();
        assert_eq!(b.on_failure(now, 0.0), Timestamp(5_000));
        assert_eq!(b.on_failure(now, 0.0), Timestamp(5_000));
        assert_eq!(b.on_failure(now, 0.0), Timestamp(10_000));
        assert_eq!(b.failures(), 3);
        assert!(b.is_waiting(Timestamp(9_999)));
        assert!(!b.is_waiting(Timestamp(10_000)));
        b.on_success();
        assert_eq!((b.failures(), b.retry_at()), (0, None));
        assert_eq!(b.on_failure(now, 0.0), Timestamp(5_000));
    }

    #[test]
    fn reset_allows_an_attempt_at_once() {
        let mut b = Backoff::new();
        b.on_failure(Timestamp(0), 0.3);
        b.reset();
        assert!(!b.is_waiting(Timestamp(0)));
    }
}
