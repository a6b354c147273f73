//! Sync linked into this wasm (Rust and Yew apps, feature `sync`): the sender runs here.

use std::cell::RefCell;

use crate::options::Options;
use crate::sensors::warn;
use faultline_core::Dsn;
use faultline_idb::{OutboxConfig, Store, StoreConfig};
use faultline_sync::{Sender, SyncOptions};

thread_local! {
    static SENDER: RefCell<Option<Sender>> = const { RefCell::new(None) };
}

/// The DSN to sync to, if `options` has one that parses; a bad one is reported on the
/// console and leaves sync off (capture works as without a DSN).
pub(crate) fn parse_dsn(options: &Options) -> Option<Dsn> {
    let text = options.dsn.as_deref()?.trim();
    if text.is_empty() {
        return None;
    }
    match Dsn::parse(text) {
        Ok(dsn) => Some(dsn),
        Err(e) => {
            warn(&format!("sync is off: {e}"));
            None
        }
    }
}

/// Storage limits: the defaults, with the outbox on when there is a DSN.
pub(crate) fn store_config(dsn: Option<&Dsn>) -> StoreConfig {
    StoreConfig {
        outbox: dsn.map(|_| OutboxConfig::default()),
        ..StoreConfig::default()
    }
}

/// Starts the sender for `store`. The outbox lives in IndexedDB, so a store kept in
/// memory cannot sync.
pub(crate) fn start(store: &Store, dsn: Dsn, send_default_pii: bool) {
    if !store.is_persistent() {
        warn("sync is off: IndexedDB is unavailable, so there is no outbox");
        return;
    }
    let mut sync = SyncOptions::new(dsn);
    sync.send_default_pii = send_default_pii;
    let sender = Sender::start(store.clone(), sync);
    SENDER.with(|s| *s.borrow_mut() = Some(sender));
}

fn sender() -> Option<Sender> {
    SENDER.with(|s| s.try_borrow().ok()?.clone())
}

/// Newly stored events wait in the outbox: wake the sender.
pub(crate) fn notify() {
    if let Some(sender) = sender() {
        sender.notify();
    }
}

/// The endpoint events are posted to, while sync runs (its requests are no breadcrumbs).
#[cfg(feature = "rust-api")]
pub(crate) fn endpoint() -> Option<String> {
    sender().map(|s| s.endpoint().to_string())
}

/// Stops the sender and its timers (`close()`).
pub(crate) fn close() {
    if let Some(sender) = SENDER.with(|s| s.try_borrow_mut().ok()?.take()) {
        sender.close();
    }
}

/// Waits up to `timeout_ms` for the outbox to empty; `true` at once when sync is off.
pub(crate) async fn drained(timeout_ms: u32) -> bool {
    match sender() {
        Some(sender) => sender.drained(timeout_ms).await,
        None => true,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn with_dsn(dsn: &str) -> Options {
        Options {
            dsn: Some(dsn.to_string()),
            ..Options::default()
        }
    }

    #[wasm_bindgen_test]
    fn a_bad_dsn_leaves_sync_off_and_the_outbox_unused() {
        for bad in ["", "  ", "https://host/1", "sentry.io/1"] {
            let dsn = parse_dsn(&with_dsn(bad));
            assert_eq!(dsn, None, "{bad:?}");
            assert_eq!(store_config(dsn.as_ref()).outbox, None);
        }
        assert_eq!(parse_dsn(&Options::default()), None);
    }

    #[wasm_bindgen_test]
    fn a_good_dsn_turns_the_outbox_on() {
        let dsn = parse_dsn(&with_dsn(" https://key@errors.example.com/42 "));
        assert_eq!(dsn.as_ref().map(Dsn::project_id), Some(42));
        assert_eq!(
            store_config(dsn.as_ref()).outbox,
            Some(OutboxConfig::default())
        );
    }
}
