//! The engine's front door: the journal the page part (`js/journal.js`) hands over.
//!
//! The page keeps only the sensors, the breadcrumb ring and the scope (plain JS).
//! Everything it captures goes into a journal, handed to this engine (in a Worker, or on
//! the page when no Worker can start) in numbered batches: breadcrumbs and captures, in
//! the order they happened. Each capture carries the scope it was captured in; the engine
//! keeps its own copy of the breadcrumb ring, so every event gets exactly the breadcrumbs
//! that came before it.
//!
//! Journal items, one shape per kind `k` (written by `journal.js`, all plain data):
//! - `{ k: "crumb", crumb }`: a breadcrumb in Sentry's shape, after `beforeBreadcrumb`.
//! - `{ k: "error", id, ts, url, scope, n?, record }`: an uncaught error; `record` is the
//!   sensors' ERROR record (`js/sensors.js`).
//! - `{ k: "rejection", ... record }`: an unhandled rejection (REJECTION record).
//! - `{ k: "exception", ... record }`: `captureException`; `record` is `{ r, mechanism? }`
//!   with `readError` entries and the hint's `{ type, handled }` (`panic`: a Rust panic).
//! - `{ k: "message", ..., text, level }`: `captureMessage`.
//! - `{ k: "event", ..., event }`: `captureEvent` (Sentry's event shape).
//! - `{ k: "reset" }`: the breadcrumbs so far belong to another page view (items recovered
//!   from a page that closed): forget them.
//!
//! `id` is the event id the page returned (32 hex digits), `ts` milliseconds since the
//! epoch, `url` the page's URL then, `n` how many identical captures in a row the item
//! stands for. `scope` is `{ v, user?, tags?, extra?, contexts?, level?, fingerprint? }`;
//! `v` numbers the page's scope versions, so an unchanged scope is read once.
//!
//! After each stored batch the engine acknowledges the highest batch number all of whose
//! items are stored or dropped (and counted), so the page knows what it no longer has to
//! keep for `pagehide`.

use faultline_core::capture::{CaptureBody, ScopeData};
use faultline_core::{Event, EventId, Level, Timestamp};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use crate::convert::{self, get, get_f64, get_text, text};
use crate::engine::{Admission, Engine};

/// Identical captures in a row one item may stand for.
const MAX_REPEATS: f64 = 1e6;

/// What the caller must do after an item was taken.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wake {
    /// Start the drain.
    pub drain: bool,
    /// Release the flood tallies after this many milliseconds.
    pub tallies_in: Option<i64>,
}

/// Takes one journal item of batch `seq`.
pub(crate) fn take(engine: &Engine, item: &JsValue, seq: u32, now: Timestamp) -> Wake {
    let kind = convert::record_text(item, "k").unwrap_or_default();
    match kind.as_str() {
        "crumb" => {
            let crumb = convert::breadcrumb_from_js(&get(item, "crumb"), now);
            engine.keep_breadcrumb(crumb);
            Wake::default()
        }
        "reset" => {
            engine.forget_breadcrumbs();
            Wake::default()
        }
        _ => capture(engine, item, &kind, seq, now),
    }
}

fn capture(engine: &Engine, item: &JsValue, kind: &str, seq: u32, now: Timestamp) -> Wake {
    let Some(body) = body_of(item, kind) else {
        return Wake::default();
    };
    let scope = get(item, "scope");
    let version = get_f64(&scope, "v").unwrap_or(0.0);
    engine.use_scope(version, || scope_from_js(&scope));
    let at = get_f64(item, "ts").map_or(now, |ms| Timestamp(ms as i64));
    let url = convert::record_text(item, "url");
    let page_id = convert::record_text(item, "id").and_then(|s| EventId::parse(&s).ok());
    let times = get_f64(item, "n").map_or(1, |n| n.clamp(1.0, MAX_REPEATS) as u64);
    let mut wake = Wake::default();
    let mut admit = |body, url, id| {
        let random = js_sys::Math::random();
        match engine.admit(body, id, at, url, seq, random) {
            Admission::Queued => wake.drain = true,
            Admission::Tallied(Some(ms)) => wake.tallies_in = Some(ms),
            Admission::Tallied(None) | Admission::Dropped => {}
        }
    };
    // Identical captures in a row were folded into one item; each counts as itself (the
    // first keeps the page's id, the others get their own). The repeats get copies; the
    // last takes the body itself, so a single capture copies nothing.
    let mut id = page_id.unwrap_or_else(random_event_id);
    for _ in 1..times {
        admit(body.clone(), url.clone(), id);
        id = random_event_id();
    }
    admit(body, url, id);
    wake
}

/// What a capture item read, by kind; `None` for an unknown kind.
fn body_of(item: &JsValue, kind: &str) -> Option<CaptureBody> {
    let record = get(item, "record");
    Some(match kind {
        "error" => convert::error_capture(&record),
        "rejection" => convert::rejection_capture(&record),
        "exception" => convert::exception_capture(&record),
        "message" => CaptureBody::Message {
            text: get_text(item, "text").unwrap_or_default(),
            level: convert::level_from_js(&get(item, "level")).unwrap_or(Level::Info),
        },
        "event" => {
            let base = Event {
                platform: String::new(),
                ..Event::default()
            };
            CaptureBody::Event(Box::new(convert::event_from_js(&get(item, "event"), base)))
        }
        _ => return None,
    })
}

/// The page's scope object as core's.
fn scope_from_js(scope: &JsValue) -> ScopeData {
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
    data
}

/// A random version-4 event id (for the repeats of a folded item).
fn random_event_id() -> EventId {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let n = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&n.to_le_bytes());
    }
    EventId::from_random(bytes)
}
