//! The storage error type.

use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript error, owned: its `name` and `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsError {
    /// `QuotaExceededError`, `VersionError`, ...
    pub name: String,
    /// The browser's explanation.
    pub message: String,
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for JsError {}

impl JsError {
    /// Reads `name` and `message` of a thrown value or `DOMException`.
    pub fn from_js(value: &JsValue) -> JsError {
        if let Some(e) = value.dyn_ref::<web_sys::DomException>() {
            return JsError {
                name: e.name(),
                message: e.message(),
            };
        }
        if let Some(e) = value.dyn_ref::<js_sys::Error>() {
            return JsError {
                name: String::from(e.name()),
                message: String::from(e.message()),
            };
        }
        JsError {
            name: "Error".to_string(),
            message: value.as_string().unwrap_or_else(|| format!("{value:?}")),
        }
    }
}

/// A thrown JS value (or a `DOMException` in an `Err`) as an owned error, so that `?`
/// turns web-sys results into [`JsError`] results.
impl From<JsValue> for JsError {
    fn from(value: JsValue) -> JsError {
        JsError::from_js(&value)
    }
}

/// What went wrong in storage; each variant names the operation that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// IndexedDB is not available in this context.
    #[error("IndexedDB is not available here")]
    Unavailable,
    /// Opening (or upgrading) the database failed.
    #[error("opening database \"{db}\" failed: {source}")]
    Open {
        /// The database name.
        db: String,
        /// The browser's error.
        source: JsError,
    },
    /// Another connection kept an upgrade of the database waiting too long.
    #[error("opening database \"{db}\" is blocked by another tab that keeps it open; close other tabs of this app or reload them")]
    Blocked {
        /// The database name.
        db: String,
    },
    /// The database was written by a newer version of Faultline.
    #[error("database \"{db}\" has schema version {found}, newer than this page's {supported}; reload the page to update it")]
    NewerSchema {
        /// The database name.
        db: String,
        /// The version on disk.
        found: u32,
        /// The newest version this code knows.
        supported: u32,
    },
    /// The database was written by an older version of Faultline, and this build does not
    /// convert it (the capture engine's: the read module's `upgradeStorage` does).
    #[error("database \"{db}\" has schema version {found}, older than this page's {supported}, and this build does not convert it")]
    Outdated {
        /// The database name.
        db: String,
        /// The version on disk.
        found: u32,
        /// The newest version this code knows.
        supported: u32,
    },
    /// A transaction failed and was rolled back as a whole.
    #[error("{operation} failed and was rolled back: {source}")]
    Transaction {
        /// What was being done.
        operation: &'static str,
        /// The browser's error.
        source: JsError,
    },
    /// A stored record could not be read back.
    #[error("stored {what} could not be decoded: {message}")]
    Decode {
        /// The kind of record.
        what: &'static str,
        /// Why.
        message: String,
    },
}

/// The error name of a refusal: a merge, unmerge, regroup, note or assignment that core
/// (or a missing issue) said no to, in a transaction rolled back before any write.
pub(crate) const REFUSED: &str = "Refused";

impl Error {
    /// A refused `operation`, and why (see [`Error::refusal`]).
    pub(crate) fn refused(operation: &'static str, reason: impl Into<String>) -> Error {
        Error::Transaction {
            operation,
            source: JsError {
                name: REFUSED.into(),
                message: reason.into(),
            },
        }
    }

    /// Why a merge, unmerge, regroup, note or assignment was refused, for people (nothing
    /// was changed); `None` for other errors.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            Error::Transaction { source, .. } if source.name == REFUSED => Some(&source.message),
            _ => None,
        }
    }

    /// A transaction error from a thrown JS value.
    pub(crate) fn transaction(operation: &'static str, value: &JsValue) -> Error {
        Error::Transaction {
            operation,
            source: JsError::from_js(value),
        }
    }
}
