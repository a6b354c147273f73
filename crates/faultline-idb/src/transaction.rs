//! Opening transactions and finishing them: commit after success, abort after failure.

use js_sys::Array;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbTransaction, IdbTransactionMode};

use crate::error::{Error, JsError};
use crate::request::{self, committed};

/// Waits for `tx` to commit after `body` succeeded, or aborts it after `body` failed.
pub(crate) async fn finish<T>(
    tx: &IdbTransaction,
    body: Result<T, JsError>,
    operation: &'static str,
) -> Result<T, Error> {
    match body {
        Ok(value) => {
            committed(tx)
                .await
                .map_err(|source| Error::Transaction { operation, source })?;
            Ok(value)
        }
        Err(source) => {
            request::abort(tx);
            // A request error aborts the transaction itself; its own error says more.
            let source = match tx.error() {
                Some(error) if source.name == "AbortError" => JsError {
                    name: error.name(),
                    message: error.message(),
                },
                _ => source,
            };
            Err(Error::Transaction { operation, source })
        }
    }
}

/// A transaction over `stores`.
pub(crate) fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: IdbTransactionMode,
    operation: &'static str,
) -> Result<IdbTransaction, Error> {
    let names: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|error| Error::transaction(operation, &error))
}

/// A readwrite transaction with relaxed durability where the browser supports it: the
/// write is atomic and ordered, but the browser may acknowledge it before flushing to disk.
pub(crate) fn relaxed_transaction(
    db: &IdbDatabase,
    stores: &[&str],
    operation: &'static str,
) -> Result<IdbTransaction, Error> {
    let names: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"durability".into(), &"relaxed".into());
    db.unchecked_ref::<DatabaseWithOptions>()
        .transaction_with_options(&names, "readwrite", &options)
        .map_err(|error| Error::transaction(operation, &error))
}

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase`, seen through the transaction options web-sys marks unstable.
    type DatabaseWithOptions;

    /// `IDBDatabase.transaction(names, mode, options)`; browsers without the options
    /// argument ignore it.
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        names: &Array,
        mode: &str,
        options: &js_sys::Object,
    ) -> Result<IdbTransaction, JsValue>;
}
