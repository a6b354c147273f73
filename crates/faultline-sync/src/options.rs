//! How a sender is set up: [`SyncOptions`] and how the sending tab is chosen.

use std::rc::Rc;

use faultline_core::Dsn;

use crate::clock::{BrowserClock, Clock};

/// The SDK name sent in envelope headers and `sentry_client`.
pub const SDK_NAME: &str = "faultline.javascript";

/// How the tab that sends is chosen when several tabs of the app are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Election {
    /// Web Locks where the browser has them, else the lease.
    #[default]
    Auto,
    /// A lease renewed in the database (the fallback; also for tests).
    Lease,
    /// This sender always sends (tests, or a page known to be alone).
    Always,
}

/// How a [`Sender`] is set up.
#[derive(Clone)]
pub struct SyncOptions {
    /// Where events go.
    pub dsn: Dsn,
    /// Whether the server may record personal data: with it, the server fills in the
    /// sender's IP address; without it, IP addresses are removed before sending.
    pub send_default_pii: bool,
    /// The SDK name in envelopes.
    pub sdk_name: String,
    /// The SDK version in envelopes.
    pub sdk_version: String,
    /// Requests in flight at most.
    pub max_in_flight: usize,
    /// How the sending tab is chosen.
    pub election: Election,
    /// A request without an answer after this long is aborted (and retried).
    pub request_timeout_ms: i64,
    /// Time, jitter and timers.
    pub clock: Rc<dyn Clock>,
}

impl SyncOptions {
    /// The defaults for `dsn`: three requests in flight, Web Locks, 30 s timeout, the
    /// browser's clock, no personal data.
    pub fn new(dsn: Dsn) -> SyncOptions {
        SyncOptions {
            dsn,
            send_default_pii: false,
            sdk_name: SDK_NAME.to_string(),
            sdk_version: env!("CARGO_PKG_VERSION").to_string(),
            max_in_flight: 3,
            election: Election::Auto,
            request_timeout_ms: 30_000,
            clock: Rc::new(BrowserClock),
        }
    }
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("dsn", &self.dsn.to_string())
            .field("send_default_pii", &self.send_default_pii)
            .field("max_in_flight", &self.max_in_flight)
            .field("election", &self.election)
            .finish_non_exhaustive()
    }
}
