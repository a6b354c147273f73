//! Faultline's capture engine: what the JS package's page part hands over, finished,
//! grouped and stored.
//!
//! The page part (`crates/faultline/js/`, plain JS) captures; this wasm does the rest, in
//! a module Worker where one can start (`js/worker.js`), on the page otherwise
//! (`js/engine.js` hosts it either way). The page starts it with `init`'s options and its
//! callbacks ([`start`]), hands the journal over in numbered batches ([`ingest`]), and may
//! ask for [`flush`], [`close`], [`stats`] and [`known_events`]. Every rule it applies is
//! `faultline-core`'s; storage is `faultline-idb`'s.
//!
//! Nothing here throws into the page: bad input is ignored or counted, and every event
//! that is not stored is counted by reason ([`stats`]).

#![warn(missing_docs)]

mod config;
mod convert;
mod drain;
mod engine;
mod intake;
mod notify;
mod round_trip;
mod stats;
mod symbols;

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::{parse_stack_wire, Timestamp};
use faultline_idb::{OutboxConfig, Store, StoreConfig};
use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::config::Config;
use crate::engine::Engine;

pub use config::{DEFAULT_DB_NAME, DEFAULT_IGNORE_ERRORS, DEFAULT_MAX_BREADCRUMBS};

thread_local! {
    /// The running engine, from [`start`] to [`close`]: the JS boundary's one piece of
    /// state. Only the exports below read it, each cloning the `Rc` in a borrow that ends
    /// at once; the engine's own state is behind `Engine`'s methods (see `engine.rs`).
    static ENGINE: RefCell<Option<Rc<Engine>>> = const { RefCell::new(None) };
}

fn running() -> Option<Rc<Engine>> {
    ENGINE.with(|e| e.borrow().clone())
}

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// Starts the engine with `init`'s options (plain data: the page keeps the hooks) and the
/// page's callbacks `{ warn, sleep, ack, stored, beforeSend?, resolveFrames?, upgrade? }`
/// (see `config.rs`; a database an older version wrote is converted through `upgrade`,
/// since this wasm does not carry the conversions, then opened). Resolves
/// to whether storage is persistent (`false`: IndexedDB could not be opened and events
/// are kept in memory). A second call while running resolves at once.
#[wasm_bindgen]
pub fn start(options: JsValue, host: JsValue) -> Promise {
    if running().is_some() {
        return Promise::resolve(&JsValue::TRUE);
    }
    let engine = Rc::new(Engine::new(Config::from_js(&options, &host), now()));
    if let Some(why) = &engine.config().rules_error {
        let text = "fingerprintRules ignored (default grouping applies): ".to_string() + why;
        notify::warn(&engine, &text);
    }
    ENGINE.with(|e| *e.borrow_mut() = Some(engine.clone()));
    wasm_bindgen_futures::future_to_promise(async move {
        let config = StoreConfig {
            outbox: engine.config().has_dsn.then(OutboxConfig::default),
            grouping: Some(engine.config().grouping.clone()),
            ..StoreConfig::default()
        };
        let name = &engine.config().db_name;
        // A database an older version wrote is converted through the host, then opened.
        let store =
            Store::open_converting(name, config, async |name| upgraded(&engine, name).await).await;
        if let Some(e) = store.fallback_reason() {
            let text = "storage is unavailable, events are kept in memory: ".to_string();
            notify::warn(&engine, &(text + &e.to_string()));
        }
        let persistent = store.is_persistent();
        engine.set_store(store);
        drain::schedule(&engine);
        Ok(JsValue::from_bool(persistent))
    })
}

/// Whether the host's `upgrade` converted database `name` (an older version wrote it).
async fn upgraded(engine: &Engine, name: &str) -> bool {
    let Some(upgrade) = &engine.config().host.upgrade else {
        return false;
    };
    let answer = round_trip::call_host(upgrade, &JsValue::from_str(name)).await;
    answer.is_some_and(|ok| ok.is_truthy())
}

/// Takes batch `seq` of the journal (documented in `intake.rs`), in order.
#[wasm_bindgen]
pub fn ingest(seq: u32, items: Array) {
    let Some(engine) = running() else {
        return;
    };
    engine.begin_batch(seq);
    let now = now();
    let mut drain = false;
    let mut tallies_in = None;
    for item in items.iter() {
        let wake = intake::take(&engine, &item, seq, now);
        drain |= wake.drain;
        tallies_in = tallies_in.or(wake.tallies_in);
    }
    if let Some(ms) = tallies_in {
        drain::release_tallies_in(&engine, ms);
    }
    if drain {
        drain::schedule(&engine);
    }
    if let Some(seq) = engine.acknowledge(false) {
        notify::ack(&engine, seq);
    }
}

/// Resolves to those of `ids` whose events are stored already: items recovered from a
/// page that closed before it heard they were stored are recorded only once.
#[wasm_bindgen(js_name = knownEvents)]
pub fn known_events(ids: Array) -> Promise {
    let store = running().and_then(|e| e.store());
    wasm_bindgen_futures::future_to_promise(async move {
        let known = Array::new();
        let Some(store) = store else {
            return Ok(known.into());
        };
        for id in ids.iter().filter_map(|id| id.as_string()) {
            if matches!(store.event(&id).await, Ok(Some(_))) {
                known.push(&JsValue::from_str(&id));
            }
        }
        Ok(known.into())
    })
}

/// Resolves to `true` when everything handed over so far is stored, `false` on timeout.
#[wasm_bindgen]
pub fn flush(timeout_ms: Option<u32>) -> Promise {
    match running() {
        Some(engine) => drain::flush(&engine, timeout_ms),
        None => Promise::resolve(&JsValue::TRUE),
    }
}

/// Flushes (within `timeout_ms`), then stops the engine and closes storage. Resolves to
/// whether everything was stored in time.
#[wasm_bindgen]
pub fn close(timeout_ms: Option<u32>) -> Promise {
    let Some(engine) = running() else {
        return Promise::resolve(&JsValue::TRUE);
    };
    let flushed = drain::flush(&engine, timeout_ms);
    wasm_bindgen_futures::future_to_promise(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(flushed)
            .await
            .unwrap_or(JsValue::FALSE);
        ENGINE.with(|e| e.borrow_mut().take());
        if let Some(store) = engine.take_store() {
            store.close();
        }
        Ok(ok)
    })
}

/// The engine's counters: `{ captured, stored, sampledOut, rateLimited, ... }`.
#[wasm_bindgen]
pub fn stats() -> Object {
    let out = Object::new();
    if let Some(engine) = running() {
        for (name, value) in engine.counters() {
            convert::set(&out, name, value as f64);
        }
    }
    out
}

/// The frames of a stack string in core's compact form ([`parse_stack_wire`]), left in
/// this module's memory until the next call: the export returns its address. `engine.js`
/// (`loadParser`, for the page part's `parseStack`) reads it there and turns it into frame
/// objects, slicing their text from the string it passed: no text the stack holds copied
/// back, no JSON written or parsed, nothing allocated on the JS side but the frames. A
/// stack longer than 65,536 UTF-16 units is parsed up to the last whole line that fits (a
/// line cut short could read as a different frame); anything but a string has no frames.
#[wasm_bindgen(js_name = parseStack)]
pub fn parse_stack_js(stack: JsValue) -> u32 {
    thread_local! {
        /// The last stack's form, kept for `engine.js` to read.
        static WIRE: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    }
    let (text, cut) = convert::text_cut(&stack, 65_536).unwrap_or_default();
    // A cut text ends in `…` after the cut line: both go.
    let whole = if cut {
        let last = text.bytes().rposition(|b| b == b'\n').unwrap_or(0);
        text.get(..last).unwrap_or_default()
    } else {
        &text
    };
    let wire = parse_stack_wire(whole);
    WIRE.with(|kept| {
        let mut kept = kept.borrow_mut();
        *kept = wire;
        // An address in wasm32's 32-bit memory.
        kept.as_ptr() as usize as u32
    })
}
