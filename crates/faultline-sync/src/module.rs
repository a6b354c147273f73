//! The sender as a module of its own: the JavaScript package's `faultline.js` loads it
//! (`pkg/sync/`) when `init` has a `dsn`, and drives it through these exports. Capture
//! fills the outbox in its wasm; this module drains it, hearing of new entries over
//! storage's broadcast channel.

use std::cell::RefCell;

use faultline_core::Dsn;
use faultline_idb::{OutboxConfig, Store, StoreConfig};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::{Sender, SyncOptions};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn warn(message: &str);
}

thread_local! {
    static SENDER: RefCell<Option<Sender>> = const { RefCell::new(None) };
}

fn sender() -> Option<Sender> {
    SENDER.with(|s| s.try_borrow().ok()?.clone())
}

/// Starts sending database `db_name`'s outbox to `dsn`; resolves to the endpoint events go
/// to, or `null` when sync stays off (a bad DSN, or no IndexedDB), which is warned about
/// on the console. Calling it again while running changes nothing.
#[wasm_bindgen]
pub fn start(db_name: String, dsn: String, send_default_pii: bool) -> Promise {
    future_to_promise(async move {
        if let Some(running) = sender() {
            return Ok(JsValue::from_str(running.endpoint()));
        }
        let dsn = match Dsn::parse(dsn.trim()) {
            Ok(dsn) => dsn,
            Err(e) => {
                warn(&format!("[faultline] sync is off: {e}"));
                return Ok(JsValue::NULL);
            }
        };
        let config = StoreConfig {
            outbox: Some(OutboxConfig::default()),
            ..StoreConfig::default()
        };
        let store = match Store::open_with(&db_name, config).await {
            Ok(store) => store,
            Err(e) => {
                warn(&format!(
                    "[faultline] sync is off: IndexedDB is unavailable ({e})"
                ));
                return Ok(JsValue::NULL);
            }
        };
        let mut options = SyncOptions::new(dsn);
        options.send_default_pii = send_default_pii;
        let sender = Sender::start(store, options);
        let endpoint = JsValue::from_str(sender.endpoint());
        SENDER.with(|s| *s.borrow_mut() = Some(sender));
        Ok(endpoint)
    })
}

/// Resolves to `true` once the outbox is empty, or `false` after `timeout_ms`.
#[wasm_bindgen]
pub fn drained(timeout_ms: u32) -> Promise {
    future_to_promise(async move {
        let done = match sender() {
            Some(sender) => sender.drained(timeout_ms).await,
            None => true,
        };
        Ok(JsValue::from_bool(done))
    })
}

/// Stops the sender and its timers; what is pending stays in the outbox.
#[wasm_bindgen]
pub fn close() {
    if let Some(sender) = SENDER.with(|s| s.try_borrow_mut().ok()?.take()) {
        sender.close();
    }
}
