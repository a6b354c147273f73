//! The sync error type.

pub use faultline_idb::JsError;

/// What went wrong while syncing; each variant names the operation that failed.
///
/// The sender never throws into the page: these end up counted in [`crate::SyncState`]
/// (`errors`, `last_error`); only [`crate::SyncState`]'s `load` and `save` return one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing the outbox or the sync state failed.
    #[error("{operation} failed: {source}")]
    Storage {
        /// What was being done.
        operation: &'static str,
        /// Storage's error.
        source: faultline_idb::Error,
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
