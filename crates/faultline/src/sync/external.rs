//! Sync in a module of its own (the JavaScript package): this side fills the outbox when
//! `init` has a DSN, and learns the sender's endpoint so its requests leave no breadcrumbs.

#[cfg(feature = "rust-api")]
use std::cell::RefCell;

use faultline_idb::{OutboxConfig, Store, StoreConfig};
#[cfg(feature = "rust-api")]
use wasm_bindgen::prelude::*;

use crate::options::Options;

/// The DSN, unparsed: the sender module parses it (and warns when it is bad).
pub(crate) type Dsn = ();

#[cfg(feature = "rust-api")]
thread_local! {
    static ENDPOINT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether `options` asks for sync.
pub(crate) fn parse_dsn(options: &Options) -> Option<Dsn> {
    options
        .dsn
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty())
        .then_some(())
}

/// Storage limits: the defaults, with the outbox on when there is a DSN.
pub(crate) fn store_config(dsn: Option<&Dsn>) -> StoreConfig {
    StoreConfig {
        outbox: dsn.map(|_| OutboxConfig::default()),
        ..StoreConfig::default()
    }
}

/// The sender module starts itself (`faultline.js`).
pub(crate) fn start(_store: &Store, _dsn: Dsn, _send_default_pii: bool) {}

/// The sender module hears of new outbox entries from storage's broadcast channel.
pub(crate) fn notify() {}

/// `faultline.js` waits for the sender module itself.
pub(crate) async fn drained(_timeout_ms: u32) -> bool {
    true
}

/// `faultline.js` closes the sender module itself.
pub(crate) fn close() {
    #[cfg(feature = "rust-api")]
    ENDPOINT.with(|e| e.borrow_mut().take());
}

/// The sender's endpoint, as `faultline.js` reported it (for this wasm's own sensors).
#[cfg(feature = "rust-api")]
pub(crate) fn endpoint() -> Option<String> {
    ENDPOINT.with(|e| e.borrow().clone())
}

/// Tells capture where the sender posts, so those requests leave no breadcrumbs.
#[cfg(feature = "rust-api")]
#[wasm_bindgen(js_name = setSyncEndpoint)]
pub fn set_sync_endpoint_js(endpoint: Option<String>) {
    ENDPOINT.with(|e| *e.borrow_mut() = endpoint);
}
