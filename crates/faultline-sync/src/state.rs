//! The sync state the sender keeps in the database, for itself across reloads and for the
//! viewer to show.
//!
//! It lives under the `meta` key [`STATE_KEY`] as a plain object (all times in
//! milliseconds since the epoch, `null` when unknown):
//!
//! ```text
//! {
//!   server: "errors.example.com/42",  // where events go (never the key)
//!   pending: 3, pendingBytes: 5120,    // outbox entries waiting, as of `updated`
//!   lastSuccess: 1795858492123,        // last envelope the server accepted
//!   lastError: "HTTP 503", lastErrorAt: 1795858493000,
//!   nextRetry: 1795858498000,          // backing off after failures until then
//!   rateLimitedUntil: null,            // the server asked to wait until then
//!   failures: 1,                       // consecutive failed attempts
//!   sent: 120, dropped: 2,             // events accepted / refused for good (413, 4xx)
//!   errors: 0,                         // Faultline's own failures while syncing
//!   reported: { queue_overflow: 4 },   // drop counters already sent in client reports
//!   updated: 1795858493000
//! }
//! ```

use faultline_core::Timestamp;

/// The `meta` key the state is kept under.
pub const STATE_KEY: &str = "sync";

/// What the sender knows about syncing; see the module docs for its stored shape.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    /// `host[:port][/path]/PROJECT`: where events go.
    pub server: String,
    /// Outbox entries waiting.
    pub pending: u64,
    /// Bytes of the outbox entries waiting.
    pub pending_bytes: u64,
    /// When the server last accepted an envelope.
    pub last_success: Option<Timestamp>,
    /// What went wrong last (`HTTP 503`, `network error: …`, `HTTP 429 (rate limited)`).
    pub last_error: Option<String>,
    /// When it went wrong.
    pub last_error_at: Option<Timestamp>,
    /// When the sender retries after failures.
    pub next_retry: Option<Timestamp>,
    /// Until when the server asked not to send.
    pub rate_limited_until: Option<Timestamp>,
    /// Consecutive failed attempts.
    pub failures: u32,
    /// Events the server accepted, in total.
    pub sent: u64,
    /// Events the server refused for good (413 and other 4xx), in total.
    pub dropped: u64,
    /// Faultline's own failures while syncing (storage errors, encoding errors).
    pub errors: u64,
    /// Drop counters as of the last client report: `(reason, count)`.
    pub reported: Vec<(String, u64)>,
    /// When this state was written.
    pub updated: Timestamp,
}

impl SyncState {
    /// Whether the server is refusing events at `now`.
    pub fn is_rate_limited(&self, now: Timestamp) -> bool {
        self.rate_limited_until.is_some_and(|t| t > now)
    }

    /// Counts `message` as the latest error at `now`.
    pub(crate) fn failed(&mut self, message: String, now: Timestamp) {
        self.last_error = Some(message);
        self.last_error_at = Some(now);
    }
}
