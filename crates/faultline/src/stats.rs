//! Counters of what capture did and why it dropped things, for the viewer and for tests.
//!
//! They live apart from the client, in plain cells, so that they can be bumped from
//! anywhere, even while the client is borrowed or after a panic left it unusable.

use std::cell::Cell;

/// What capture has done since `init` (counters survive `close` until the next `init`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Events that reached capture (before sampling, filters and limits).
    pub captured: u64,
    /// Event bodies written to storage.
    pub stored: u64,
    /// Events dropped by `sample_rate`.
    pub sampled_out: u64,
    /// Events beyond the flood limit: counted on their issue's sample, body not stored.
    pub rate_limited: u64,
    /// Repeats of the previous event within the dedupe window: counted, body not stored.
    pub deduped: u64,
    /// Events lost because the queue (or the flood tally) was full.
    pub queue_full: u64,
    /// Events dropped by `ignore_errors`, `deny_urls` or `allow_urls`.
    pub ignored: u64,
    /// Events `before_send` dropped (returned null).
    pub before_send_dropped: u64,
    /// Events dropped because `before_send` threw.
    pub before_send_error: u64,
    /// Breadcrumbs `before_breadcrumb` dropped, or dropped because it threw.
    pub breadcrumbs_dropped: u64,
    /// Times `before_breadcrumb` threw.
    pub before_breadcrumb_error: u64,
    /// Events lost because storage failed.
    pub storage_error: u64,
    /// Failures inside Faultline itself (re-entrant captures, internal panics).
    pub internal_error: u64,
    /// Events cut to the limits, once each whatever was cut: a text the sensors cut while
    /// reading it, or any part of the finished event (core's `Limits`: texts, tags,
    /// fingerprint, free-form data, breadcrumbs, frames, the 1 MB whole).
    pub truncated: u64,
}

/// One counter of [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    Captured,
    Stored,
    SampledOut,
    RateLimited,
    Deduped,
    QueueFull,
    Ignored,
    BeforeSendDropped,
    BeforeSendError,
    BreadcrumbsDropped,
    BeforeBreadcrumbError,
    StorageError,
    InternalError,
    Truncated,
}

const COUNTERS: usize = 14;

thread_local! {
    static COUNTS: [Cell<u64>; COUNTERS] = const { [const { Cell::new(0) }; COUNTERS] };
}

/// Adds `n` to `counter`.
pub(crate) fn bump(counter: Counter, n: u64) {
    COUNTS.with(|c| {
        let cell = &c[counter as usize];
        cell.set(cell.get().saturating_add(n));
    });
}

/// Sets every counter back to zero (on `init`).
pub(crate) fn reset() {
    COUNTS.with(|c| c.iter().for_each(|cell| cell.set(0)));
    REPORTED.with(|c| c.iter().for_each(|cell| cell.set(0)));
}

/// The counters now.
pub fn stats() -> Stats {
    COUNTS.with(|c| {
        let get = |counter: Counter| c[counter as usize].get();
        Stats {
            captured: get(Counter::Captured),
            stored: get(Counter::Stored),
            sampled_out: get(Counter::SampledOut),
            rate_limited: get(Counter::RateLimited),
            deduped: get(Counter::Deduped),
            queue_full: get(Counter::QueueFull),
            ignored: get(Counter::Ignored),
            before_send_dropped: get(Counter::BeforeSendDropped),
            before_send_error: get(Counter::BeforeSendError),
            breadcrumbs_dropped: get(Counter::BreadcrumbsDropped),
            before_breadcrumb_error: get(Counter::BeforeBreadcrumbError),
            storage_error: get(Counter::StorageError),
            internal_error: get(Counter::InternalError),
            truncated: get(Counter::Truncated),
        }
    })
}

impl Stats {
    /// `(camelCaseName, value)` pairs, as the JS `stats()` object has them.
    pub fn entries(&self) -> [(&'static str, u64); COUNTERS] {
        [
            ("captured", self.captured),
            ("stored", self.stored),
            ("sampledOut", self.sampled_out),
            ("rateLimited", self.rate_limited),
            ("deduped", self.deduped),
            ("queueFull", self.queue_full),
            ("ignored", self.ignored),
            ("beforeSendDropped", self.before_send_dropped),
            ("beforeSendError", self.before_send_error),
            ("breadcrumbsDropped", self.breadcrumbs_dropped),
            ("beforeBreadcrumbError", self.before_breadcrumb_error),
            ("storageError", self.storage_error),
            ("internalError", self.internal_error),
            ("truncated", self.truncated),
        ]
    }
}

thread_local! {
    /// Drop counts already added to storage's counters.
    static REPORTED: [Cell<u64>; COUNTERS] = const { [const { Cell::new(0) }; COUNTERS] };
}

/// The events dropped since the last call, by Sentry's discard reason (the names storage's
/// drop counters, the viewer and sync's client reports use). Events counted on their issue
/// without a body are not among them here: locally nothing is lost.
pub(crate) fn take_drops() -> Vec<(&'static str, u64)> {
    const REASONS: [(Counter, &str); 6] = [
        (Counter::SampledOut, "sample_rate"),
        (Counter::QueueFull, "queue_overflow"),
        (Counter::Ignored, "event_processor"),
        (Counter::BeforeSendDropped, "before_send"),
        (Counter::BeforeSendError, "internal_sdk_error"),
        (Counter::StorageError, "internal_sdk_error"),
    ];
    let mut drops: Vec<(&'static str, u64)> = Vec::new();
    COUNTS.with(|counts| {
        REPORTED.with(|reported| {
            for (counter, reason) in REASONS {
                let (now, then) = (&counts[counter as usize], &reported[counter as usize]);
                let delta = now.get().saturating_sub(then.get());
                then.set(now.get());
                if delta == 0 {
                    continue;
                }
                match drops.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, n)) => *n += delta,
                    None => drops.push((reason, delta)),
                }
            }
        });
    });
    drops
}
