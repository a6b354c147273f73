//! The sync error type.

use faultline_core::ParseDsnError;
pub use faultline_idb::JsError;

/// What went wrong while syncing; each variant names the operation that failed.
///
/// The sender never throws into the page: these end up counted in [`crate::SyncState`]
/// (`errors`, `last_error`), and only [`crate::SyncState::load`] returns one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The DSN given to `init` is not a DSN.
    #[error("the DSN is not valid: {0}")]
    Dsn(#[from] ParseDsnError),
    /// Reading or writing the outbox or the sync state failed.
    #[error("{operation} failed: {source}")]
    Storage {
        /// What was being done.
        operation: &'static str,
        /// Storage's error.
        source: faultline_idb::Error,
    },
    /// `fetch` could not be called at all (no `fetch` in this context).
    #[error("sending an envelope failed: {source}")]
    Send {
        /// The browser's error.
        source: JsError,
    },
    /// An outbox entry could not be turned into JSON.
    #[error("encoding event {event_id} failed: {source}")]
    Encode {
        /// The entry's event id.
        event_id: String,
        /// The browser's error.
        source: JsError,
    },
    /// Asking for the sync lock failed (the lease fallback is then used).
    #[error("taking the sync lock failed: {source}")]
    Lock {
        /// The browser's error.
        source: JsError,
    },
}

impl Error {
    /// A storage error while doing `operation`.
    pub(crate) fn storage(operation: &'static str, source: faultline_idb::Error) -> Error {
        Error::Storage { operation, source }
    }
}
