//! The engine's front door: what the eager package (`js/faultline.js`) hands over.
//!
//! In the JS package the page keeps only the sensors, the breadcrumb ring and the scope
//! (plain JS). Everything it captures goes into a journal, handed to this engine (in a
//! Worker, or on the page when no Worker can start) in numbered batches through [`ingest`]:
//! breadcrumbs and captures, in the order they happened. Each capture carries the scope it
//! was captured in; the engine keeps its own copy of the breadcrumb ring, so every event
//! gets exactly the breadcrumbs that came before it. From here on, events take the same
//! path as on the Rust side: flood guard, dedupe, finishing, grouping, storage.
//!
//! Journal items, one shape per kind `k` (written by `faultline.js`, all plain data):
//! - `{ k: "crumb", crumb }`: a breadcrumb in Sentry's shape, after `beforeBreadcrumb`.
//! - `{ k: "error", id, ts, url, scope, n?, record }`: an uncaught error; `record` is the
//!   sensors' ERROR record.
//! - `{ k: "rejection", ... record }`: an unhandled rejection (REJECTION record).
//! - `{ k: "exception", ... record }`: `captureException`; `record` is `{ r }` with
//!   `readError` entries.
//! - `{ k: "message", ..., text, level }`: `captureMessage`.
//! - `{ k: "event", ..., event }`: `captureEvent` (Sentry's event shape).
//! - `{ k: "reset" }`: the breadcrumbs so far belong to another page view (items recovered
//!   from a page that closed): forget them.
//!
//! `id` is the event id the page returned (32 hex digits), `ts` milliseconds since the
//! epoch, `url` the page's URL then, `n` how many identical captures in a row the item
//! stands for. `scope` is `{ v, user?, tags?, extra?, contexts?, level?, fingerprint? }`;
//! `v` numbers the page's scope versions, so an unchanged scope is not converted again.
//!
//! After each stored batch the engine acknowledges the highest batch number all of whose
//! items are stored or dropped (and counted), so the page knows what it no longer has to
//! keep for `pagehide`.

use std::cell::Cell;

use faultline_core::{parse_stack, EventId, Level, Timestamp};
use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::client::{self, configure_scope, Body, Source};
use crate::convert::{self, get, get_f64, get_text, set, text};
use crate::handlers::{error_body, rejection_body};
use crate::raw::{How, Origin};
use crate::scope::ScopeData;
use crate::{drain, stats};

thread_local! {
    /// The JS boundary's one piece of state: the scope version applied last, the batch
    /// numbers, and who hears of acknowledgements. Only this module reads or writes it.
    static INTAKE: Intake = const { Intake::new() };
}

struct Intake {
    scope_version: Cell<f64>,
    /// The last batch handed over.
    last_seq: Cell<u32>,
    /// The last batch acknowledged.
    acked: Cell<u32>,
    on_ack: std::cell::RefCell<Option<Function>>,
}

impl Intake {
    const fn new() -> Intake {
        Intake {
            scope_version: Cell::new(-1.0),
            last_seq: Cell::new(0),
            acked: Cell::new(0),
            on_ack: std::cell::RefCell::new(None),
        }
    }
}

/// Starts the engine with the app's options (as `init` got them; the sensors are the
/// page's, so none is installed here). Resolves to whether storage is persistent.
#[wasm_bindgen(js_name = start)]
pub fn start_js(options: JsValue) -> Promise {
    let mut options = convert::options_from_js(&options);
    let on = &mut options.integrations;
    (on.on_error, on.on_unhandled_rejection, on.panic) = (false, false, false);
    (on.console, on.dom, on.history, on.fetch, on.xhr) = (false, false, false, false, false);
    // beforeBreadcrumb ran on the page, when each breadcrumb was made.
    #[cfg(feature = "rust-api")]
    {
        options.before_breadcrumb = None;
        options.before_send = None;
    }
    INTAKE.with(|i| i.scope_version.set(-1.0));
    client::init(options)
}

/// Sets the function called with the highest batch number fully stored (or dropped).
#[wasm_bindgen(js_name = onAck)]
pub fn on_ack_js(listener: JsValue) {
    INTAKE.with(|i| *i.on_ack.borrow_mut() = listener.dyn_into::<Function>().ok());
}

/// Takes batch `seq` of the journal (see the module docs), in order.
#[wasm_bindgen(js_name = ingest)]
pub fn ingest_js(seq: u32, items: Array) {
    INTAKE.with(|i| i.last_seq.set(seq));
    for item in items.iter() {
        take(&item, seq);
    }
    acknowledge();
}

/// Resolves to those of `ids` whose events are stored already: items recovered from a page
/// that closed before it heard they were stored are recorded only once.
#[wasm_bindgen(js_name = knownEvents)]
pub fn known_events_js(ids: Array) -> Promise {
    let ready = client::ready();
    wasm_bindgen_futures::future_to_promise(async move {
        if let Some(ready) = ready {
            let _ = wasm_bindgen_futures::JsFuture::from(ready).await;
        }
        let known = Array::new();
        let Some(Some(store)) = client::store() else {
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

/// Tells the page which batches are done: all of batch N's items stored or dropped.
pub(crate) fn acknowledge() {
    let oldest_waiting = client::oldest_waiting_seq();
    INTAKE.with(|i| {
        let done = match oldest_waiting {
            Some(seq) => seq.saturating_sub(1),
            None => i.last_seq.get(),
        };
        if done <= i.acked.get() {
            return;
        }
        i.acked.set(done);
        if let Some(listener) = i.on_ack.borrow().as_ref() {
            let _ = listener.call1(&JsValue::UNDEFINED, &JsValue::from(done));
        }
    });
}

// Shared with the Rust path's JS API (`js_api.rs`).

/// Resolves to `true` when everything captured so far is stored, `false` on timeout.
#[wasm_bindgen(js_name = flush)]
pub fn flush_js(timeout_ms: Option<u32>) -> Promise {
    drain::flush(timeout_ms)
}

/// Flushes, then removes every listener and wrapper Faultline installed.
#[wasm_bindgen(js_name = close)]
pub fn close_js(timeout_ms: Option<u32>) -> Promise {
    drain::close(timeout_ms)
}

/// Frames of a stack string, oldest call first, in Sentry's shape: one JSON text across
/// the boundary (`JSON.parse`d here), not one crossing per field.
#[wasm_bindgen(js_name = parseStack)]
pub fn parse_stack_js(stack: JsValue) -> JsValue {
    let stack = convert::text_cut(&stack, 65_536)
        .map(|(s, _)| s)
        .unwrap_or_default();
    let json = faultline_core::frames_json(&parse_stack(&stack).frames);
    js_sys::JSON::parse(&json).unwrap_or_else(|_| Array::new().into())
}

/// The capture counters: `{ captured, stored, sampledOut, rateLimited, ... }`.
#[wasm_bindgen(js_name = stats)]
pub fn stats_js() -> Object {
    let out = Object::new();
    for (name, value) in stats::stats().entries() {
        set(&out, name, value as f64);
    }
    out
}

fn take(item: &JsValue, seq: u32) {
    let kind = get_text(item, "k").unwrap_or_default();
    match kind.as_str() {
        "crumb" => {
            let crumb = get(item, "crumb");
            let now = Timestamp(js_sys::Date::now() as i64);
            client::keep_breadcrumb(convert::breadcrumb_from_js(&crumb, now));
        }
        "reset" => client::forget_breadcrumbs(),
        _ => capture(item, &kind, seq),
    }
}

fn capture(item: &JsValue, kind: &str, seq: u32) {
    let record = get(item, "record");
    let at = get_f64(item, "ts").unwrap_or_else(js_sys::Date::now);
    let body = match kind {
        "error" => error_body(&record).map(|(body, _)| body),
        "rejection" => rejection_body(&record).map(|(body, _)| body),
        "exception" => Some(Body::Error {
            raw: convert::raw_error_from_js(&get(&record, "r")),
            how: How::Manual,
            origin: Origin::default(),
            cross_origin: false,
        }),
        "message" => Some(Body::Message {
            text: get_text(item, "text").unwrap_or_default(),
            level: convert::level_from_js(&get(item, "level")).unwrap_or(Level::Info),
        }),
        "event" => Some(Body::Event(Box::new(convert::event_from_js(
            &get(item, "event"),
            faultline_core::Event {
                platform: String::new(),
                ..faultline_core::Event::default()
            },
        )))),
        _ => None,
    };
    let Some(body) = body else { return };
    apply_scope(&get(item, "scope"));
    let id = get_text(item, "id").and_then(|s| EventId::parse(&s).ok());
    let source = Source {
        url: get_text(item, "url"),
        seq,
    };
    let times = get_f64(item, "n").map_or(1, |n| n.clamp(1.0, 1e9) as u64);
    // Identical captures in a row were folded into one item; each counts as itself (the
    // first keeps the page's id, the others get their own).
    for repeat in 0..times {
        let id = if repeat == 0 { id } else { None };
        client::capture_from(body.clone(), JsValue::UNDEFINED, at, id, source.clone());
    }
}

/// Makes the item's scope the engine's, unless it is the version applied last.
fn apply_scope(scope: &JsValue) {
    let version = get_f64(scope, "v").unwrap_or(0.0);
    if INTAKE.with(|i| i.scope_version.replace(version)) == version {
        return;
    }
    let mut data = ScopeData {
        user: convert::user_from_js(&get(scope, "user")),
        level: convert::level_from_js(&get(scope, "level")),
        ..ScopeData::default()
    };
    for (key, value) in convert::entries(&get(scope, "tags")) {
        data.tags.insert(key, text(&value).unwrap_or_default());
    }
    for (key, value) in convert::entries(&get(scope, "extra")) {
        data.extra.insert(key, convert::value_from_js(&value).0);
    }
    for (key, value) in convert::entries(&get(scope, "contexts")) {
        data.contexts.insert(key, convert::value_from_js(&value).0);
    }
    if let Some(parts) = get(scope, "fingerprint").dyn_ref::<Array>() {
        data.fingerprint = parts.iter().filter_map(|p| text(&p)).collect();
    }
    configure_scope(|s| *s = data);
}
