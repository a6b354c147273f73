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

/// Requests issued together in one transaction and awaited as one. IndexedDB carries out a
/// transaction's requests in the order they were made and fires their events in that
/// order, so once the last succeeds every earlier one has: only the last gets handlers and
/// a promise (a chart page of 50 reads made 50 promises and 100 closures before). As with
/// [`pending`], the handlers are attached when the batch is made, so it may be awaited
/// after other requests. Not used on the capture engine's recording path: there it cost
/// 1,155 B gzip of engine for a few promises per transaction.
pub(crate) struct Batch {
    requests: Vec<IdbRequest>,
    last: Option<Pending>,
}

impl Batch {
    /// The requests, in the order they were made.
    pub(crate) fn new(requests: Vec<IdbRequest>) -> Batch {
        let last = requests.last().cloned().map(pending);
        Batch { requests, last }
    }

    /// Every request's result, in order; the first error when one failed (a failed request
    /// aborts the transaction, and the requests after it fail as aborted).
    pub(crate) async fn results(self) -> Result<Vec<JsValue>, JsError> {
        let Some(last) = self.last else {
            return Ok(Vec::new());
        };
        if let Err(e) = last.result().await {
            let first = self
                .requests
                .iter()
                .find(|r| matches!(r.error(), Ok(Some(_))));
            return Err(first.map_or(e, request_error));
        }
        self.requests
            .iter()
            .map(|r| r.result().map_err(JsError::from))
            .collect()
    }
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
    use web_sys::IdbTransactionMode;

    use super::*;
    use crate::schema::META;
    use crate::transaction::transaction;
    use crate::Store;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_batch_answers_every_request_in_order_or_says_which_failed() {
        let name = format!("batch-{}", js_sys::Math::random());
        let store = Store::open(&name).await.unwrap();
        let db = store.backend_db().unwrap();
        let tx = transaction(db, &[META], IdbTransactionMode::Readwrite, "test").unwrap();
        let meta = tx.object_store(META).unwrap();
        let key = |k: &str| JsValue::from_str(k);
        let batch = Batch::new(vec![
            meta.put_with_key(&key("a"), &key("k1")).unwrap(),
            meta.put_with_key(&key("b"), &key("k2")).unwrap(),
            meta.get(&key("k2")).unwrap(),
            meta.get(&key("k1")).unwrap(),
        ]);
        // Awaited after another request: its handlers were attached when it was made.
        request(&meta.get(&key("k1")).unwrap()).await.unwrap();
        let results = batch.results().await.unwrap();
        let texts: Vec<Option<String>> = results[2..].iter().map(JsValue::as_string).collect();
        assert_eq!(texts, [Some("b".to_string()), Some("a".to_string())]);
        assert!(Batch::new(Vec::new()).results().await.unwrap().is_empty());

        // The second request fails (the key exists); the batch says so, not "aborted".
        let failing = Batch::new(vec![
            meta.get(&key("k1")).unwrap(),
            meta.add_with_key(&key("c"), &key("k1")).unwrap(),
            meta.get(&key("k2")).unwrap(),
        ]);
        let error = failing.results().await.unwrap_err();
        assert_eq!(error.name, "ConstraintError", "{error:?}");
    }
}
