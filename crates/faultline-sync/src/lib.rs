//! Faultline's sync adapter: sends the IndexedDB outbox to a Sentry-compatible server
//! (sentry.io, self-hosted Sentry, GlitchTip, Bugsink) with Sentry's envelope protocol.
//!
//! Storage (`faultline-idb`) writes every event to send into the outbox in the same
//! transaction that stores it. A [`Sender`] drains the outbox in order, a few requests at
//! a time, posting each event as an envelope (`text/plain`, so no CORS preflight) to the
//! DSN's endpoint, and applies core's [`SendPolicy`](faultline_core::SendPolicy) to each
//! response:
//!
//! - 2xx: delivered, removed from the outbox;
//! - 5xx or no response: kept, retried with exponential backoff and jitter (5 s to 1 h),
//!   reset by a success or the `online` event;
//! - 429: kept, nothing sent until `X-Sentry-Rate-Limits`, `Retry-After` (seconds or an
//!   HTTP date) or, for a bare 429, 60 s say;
//! - 413 and other 4xx: removed and counted as dropped (`send_error`).
//!
//! An event keeps its `event_id`, so a server that gets it twice (a response lost on the
//! way back) discards the copy; the sender never resends what the server accepted.
//! Counts of dropped events go to the server in client reports. Only one tab sends at a
//! time (Web Locks, or a lease in the database). Requests go with `keepalive` while the
//! browser's 64 KiB budget allows, and the page being hidden or left sends what is pending
//! at once, so they outlive the page; the rest waits in the outbox for the next visit.
//! The sender keeps its [`SyncState`] in the database for the viewer.
//!
//! The sender never throws into the page: failures are counted in its state.

#![warn(missing_docs)]

mod clock;
mod error;
mod js;
mod leader;
mod listeners;
#[cfg(feature = "module")]
pub mod module;
mod options;
mod persist;
mod pump;
mod report;
mod send;
mod sender;
mod shared;
mod state;

pub use clock::{BrowserClock, Clock, Timer};
pub use error::{Error, JsError};
pub use leader::{LEASE_KEY, LEASE_MS, LEASE_RENEW_MS};
pub use options::{Election, SyncOptions, SDK_NAME};
pub use report::discarded_since;
pub use send::{KEEPALIVE_MAX_BYTES, KEEPALIVE_MAX_REQUESTS};
pub use sender::Sender;
pub use state::{SyncState, STATE_KEY};
