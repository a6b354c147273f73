//! What capture did and why it dropped things: the page part's `stats()`, as Rust reads it.

use crate::convert::get;
use crate::page;

/// Where the engine runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EngineMode {
    /// Not loaded yet (nothing has needed it).
    #[default]
    NotLoaded,
    /// In a module Worker, off the page's main thread.
    Worker,
    /// On the page's main thread (no Worker could start, or `worker: false`).
    Main,
}

/// What capture has done since `init` (counters survive `close` until the next `init`).
/// The engine's counters are as of its last report (each stored batch); `pending` says how
/// many captures it has not acknowledged yet.
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
    /// Events `before_send` dropped (returned `None`).
    pub before_send_dropped: u64,
    /// Events dropped because `before_send` failed.
    pub before_send_error: u64,
    /// Breadcrumbs `before_breadcrumb` dropped, or dropped because it failed.
    pub breadcrumbs_dropped: u64,
    /// Times `before_breadcrumb` failed.
    pub before_breadcrumb_error: u64,
    /// Events lost because storage failed.
    pub storage_error: u64,
    /// Failures inside Faultline itself (re-entrant captures, internal errors).
    pub internal_error: u64,
    /// Events cut to the limits, once each whatever was cut: a text the sensors cut while
    /// reading it, or any part of the finished event (core's `Limits`: texts, tags,
    /// fingerprint, free-form data, breadcrumbs, frames, the 1 MB whole).
    pub truncated: u64,
    /// Captures taken over from a page of this app that closed before storing them.
    pub recovered: u64,
    /// Captures the engine has not acknowledged as stored (or dropped) yet.
    pub pending: u64,
    /// Where the engine runs.
    pub engine: EngineMode,
}

/// The counters now.
pub fn stats() -> Stats {
    let js = page::stats();
    let n = |key: &str| get(&js, key).as_f64().map_or(0, |v| v.max(0.0) as u64);
    let engine = match get(&js, "engine").as_string().as_deref() {
        Some("worker") => EngineMode::Worker,
        Some("main") => EngineMode::Main,
        _ => EngineMode::NotLoaded,
    };
    Stats {
        captured: n("captured"),
        stored: n("stored"),
        sampled_out: n("sampledOut"),
        rate_limited: n("rateLimited"),
        deduped: n("deduped"),
        queue_full: n("queueFull"),
        ignored: n("ignored"),
        before_send_dropped: n("beforeSendDropped"),
        before_send_error: n("beforeSendError"),
        breadcrumbs_dropped: n("breadcrumbsDropped"),
        before_breadcrumb_error: n("beforeBreadcrumbError"),
        storage_error: n("storageError"),
        internal_error: n("internalError"),
        truncated: n("truncated"),
        recovered: n("recovered"),
        pending: n("pending"),
        engine,
    }
}

impl Stats {
    /// `(camelCaseName, value)` pairs of the counters, as the JS `stats()` object has them.
    pub fn entries(&self) -> [(&'static str, u64); 16] {
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
            ("recovered", self.recovered),
            ("pending", self.pending),
        ]
    }
}
