//! IndexedDB requests and transactions as futures.
//!
//! A request's `success` handler resolves a promise; the continuation runs as a microtask
//! while the transaction is still active, so further requests can be issued after `.await`.
//! That holds only while nothing else is awaited: awaiting a timer, a fetch or any other
//! promise inside a transaction lets it auto-commit, and the next request then fails with
//! `TransactionInactiveError`. Code in this crate awaits nothing but these futures while a
//! transaction is open.

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbRequest, IdbTransaction};

use crate::error::JsError;

/// A request whose outcome is being listened for. Its handlers are attached when it is
/// created, so several requests can be issued together and awaited one after another
/// without missing a `success` that fires while an earlier one is awaited.
pub(crate) struct Pending {
    req: IdbRequest,
    outcome: JsFuture,
}

/// Starts listening to `req` now.
pub(crate) fn pending(req: IdbRequest) -> Pending {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    Pending {
        req,
        outcome: JsFuture::from(promise),
    }
}

impl Pending {
    /// The request's result, or its error.
    pub(crate) async fn result(self) -> Result<JsValue, JsError> {
        let outcome = self.outcome.await;
        self.req.set_onsuccess(None);
        self.req.set_onerror(None);
        match outcome {
            Ok(_) => self.req.result().map_err(JsError::from),
            Err(_) => Err(request_error(&self.req)),
        }
    }
}

/// The result of a request, or its error.
pub(crate) async fn request(req: &IdbRequest) -> Result<JsValue, JsError> {
    pending(req.clone()).result().await
}

fn request_error(req: &IdbRequest) -> JsError {
    match req.error() {
        Ok(Some(e)) => JsError {
            name: e.name(),
            message: e.message(),
        },
        Ok(None) => JsError {
            name: "UnknownError".into(),
            message: "request failed".into(),
        },
        Err(e) => JsError::from_js(&e),
    }
}

/// Waits until `tx` commits; an abort or error becomes the transaction's error.
pub(crate) async fn committed(tx: &IdbTransaction) -> Result<(), JsError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onerror(None);
    tx.set_onabort(None);
    outcome.map(drop).map_err(|_| transaction_error(tx))
}

/// The reason a transaction failed. Chrome aborts on quota without a request error, so a
/// missing error still reads as an abort.
pub(crate) fn transaction_error(tx: &IdbTransaction) -> JsError {
    match tx.error() {
        Some(e) => JsError {
            name: e.name(),
            message: e.message(),
        },
        None => JsError {
            name: "AbortError".into(),
            message: "transaction aborted".into(),
        },
    }
}

/// Aborts `tx` unless it already finished.
pub(crate) fn abort(tx: &IdbTransaction) {
    // Aborting a finished transaction throws InvalidStateError, which means there is
    // nothing left to undo.
    let _ = tx.abort();
}

/// Casts a JS value known to be an `IdbRequest` subtype.
pub(crate) fn cast<T: JsCast>(value: JsValue) -> Option<T> {
    value.dyn_into::<T>().ok()
}

/// A cursor request: each `success` delivers the next record, or `null` at the end.
pub(crate) struct Cursor {
    req: IdbRequest,
}

impl Cursor {
    /// Wraps the request returned by `openCursor`.
    pub(crate) fn new(req: IdbRequest) -> Cursor {
        Cursor { req }
    }

    /// The cursor at the next record, or `None` when the range is exhausted. Call
    /// `continue_()` (or `advance`) on the returned cursor before calling this again.
    pub(crate) async fn next(&self) -> Result<Option<web_sys::IdbCursorWithValue>, JsError> {
        let value = request(&self.req).await?;
        Ok(cast(value))
    }
}
