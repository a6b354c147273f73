//! The JavaScript API of the Rust path, as exported by wasm-bindgen: capture running inside
//! this wasm, with its own sensors (feature `rust-api`). The JS package's engine has only
//! `intake.rs`'s exports (`start`, `ingest`, ..., and `flush`, `close`, `stats`,
//! `parseStack`, which both paths share). No export throws: bad arguments are ignored, and
//! failures are counted in `stats()`.

use faultline_core::{EventId, Level};
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{pop_scope, push_scope};
use crate::client::{self, configure_scope, Body};
use crate::convert::{self, get, get_f64, get_text, text, value_from_js};
use crate::raw::{How, Origin};
use crate::{sensors, stats};

/// Starts capturing in this wasm, its own sensors included (the Rust path's JS entry; the
/// JS package's page part uses the engine's `start` and `ingest` instead).
#[wasm_bindgen(js_name = init)]
pub fn init_js(options: JsValue) -> Promise {
    client::init(convert::options_from_js(&options))
}

fn id_string(id: Option<EventId>) -> String {
    id.map(|id| id.to_string()).unwrap_or_default()
}

/// Applies a capture context (`{ tags, extra, contexts, user, level, fingerprint }`) to
/// a scope pushed for one capture; returns whether one was pushed.
fn push_capture_context(hint: &JsValue) -> bool {
    let keys = ["tags", "extra", "contexts", "user", "level", "fingerprint"];
    if !keys.iter().any(|k| !get(hint, k).is_undefined()) {
        return false;
    }
    push_scope();
    for (name, value) in convert::entries(&get(hint, "tags")) {
        set_tag_js(&name, value);
    }
    for (name, value) in convert::entries(&get(hint, "extra")) {
        set_extra_js(&name, value);
    }
    for (name, value) in convert::entries(&get(hint, "contexts")) {
        set_context_js(&name, value);
    }
    let user = get(hint, "user");
    if !user.is_undefined() {
        set_user_js(user);
    }
    if let Some(level) = convert::level_from_js(&get(hint, "level")) {
        configure_scope(|s| s.level = Some(level));
    }
    let fingerprint = get(hint, "fingerprint");
    if !fingerprint.is_undefined() {
        set_fingerprint_js(fingerprint);
    }
    true
}

/// Captures a thrown value (any value) as a handled exception; returns its event id, or
/// `""` when it was dropped. `hint` may carry `event_id`, `mechanism` and a capture
/// context (`tags`, `extra`, `contexts`, `user`, `level`, `fingerprint`).
#[wasm_bindgen(js_name = captureException)]
pub fn capture_exception_js(error: JsValue, hint: JsValue) -> String {
    let raw = convert::raw_error_from_js(&sensors::read_error(&error));
    let id = get_text(&hint, "event_id").and_then(|s| EventId::parse(&s).ok());
    let at = get_f64(&hint, "timestamp").unwrap_or_else(js_sys::Date::now);
    let pushed = push_capture_context(&hint);
    let body = Body::Error {
        raw,
        how: How::Manual,
        origin: Origin::default(),
        cross_origin: false,
    };
    let id = client::capture(body, error, at, id);
    if pushed {
        pop_scope();
    }
    id_string(id)
}

/// Captures a message at `level` (default `info`); returns its event id or `""`.
#[wasm_bindgen(js_name = captureMessage)]
pub fn capture_message_js(message: JsValue, level: JsValue, hint: JsValue) -> String {
    let text = text(&message).unwrap_or_else(|| convert::render(&message));
    let level = convert::level_from_js(&level).unwrap_or(Level::Info);
    let id = get_text(&hint, "event_id").and_then(|s| EventId::parse(&s).ok());
    let at = get_f64(&hint, "timestamp").unwrap_or_else(js_sys::Date::now);
    id_string(client::capture(
        Body::Message { text, level },
        JsValue::UNDEFINED,
        at,
        id,
    ))
}

/// Captures an event object in Sentry's shape; returns its event id or `""`.
#[wasm_bindgen(js_name = captureEvent)]
pub fn capture_event_js(event: JsValue) -> String {
    if !event.is_object() {
        return String::new();
    }
    let base = faultline_core::Event {
        platform: String::new(),
        ..faultline_core::Event::default()
    };
    let parsed = convert::event_from_js(&event, base);
    let id = get_text(&event, "event_id").and_then(|s| EventId::parse(&s).ok());
    let at = get_f64(&event, "timestamp").map_or_else(js_sys::Date::now, |s| s * 1000.0);
    id_string(client::capture(
        Body::Event(Box::new(parsed)),
        JsValue::UNDEFINED,
        at,
        id,
    ))
}

/// Adds a breadcrumb `{ type, category, message, level, data, timestamp }`.
#[wasm_bindgen(js_name = addBreadcrumb)]
pub fn add_breadcrumb_js(crumb: JsValue, hint: JsValue) {
    if crumb.is_object() {
        let now = faultline_core::Timestamp(js_sys::Date::now() as i64);
        crate::hooks::add_breadcrumb(convert::breadcrumb_from_js(&crumb, now), Some(&hint));
    }
}

/// Sets the user `{ id, email, username, ... }`; `null` forgets it.
#[wasm_bindgen(js_name = setUser)]
pub fn set_user_js(user: JsValue) {
    let user = convert::user_from_js(&user);
    configure_scope(|s| s.user = user);
}

/// Sets a tag (numbers and booleans become strings).
#[wasm_bindgen(js_name = setTag)]
pub fn set_tag_js(key: &str, value: JsValue) {
    let value = text(&value).unwrap_or_else(|| convert::render(&value));
    configure_scope(|s| {
        s.tags.insert(key.to_string(), value);
    });
}

/// Sets several tags from an object.
#[wasm_bindgen(js_name = setTags)]
pub fn set_tags_js(tags: JsValue) {
    for (k, v) in convert::entries(&tags) {
        set_tag_js(&k, v);
    }
}

/// Sets a named context object; `null` removes it.
#[wasm_bindgen(js_name = setContext)]
pub fn set_context_js(name: &str, context: JsValue) {
    let value = (!context.is_null() && !context.is_undefined()).then(|| value_from_js(&context).0);
    configure_scope(|s| match value {
        Some(v) => {
            s.contexts.insert(name.to_string(), v);
        }
        None => {
            s.contexts.remove(name);
        }
    });
}

/// Sets an extra value (any value: cycles, proxies and huge data are cut safely).
#[wasm_bindgen(js_name = setExtra)]
pub fn set_extra_js(key: &str, value: JsValue) {
    let (value, cut) = value_from_js(&value);
    if cut {
        stats::bump(stats::Counter::Truncated, 1);
    }
    configure_scope(|s| {
        s.extra.insert(key.to_string(), value);
    });
}

/// Sets several extra values from an object.
#[wasm_bindgen(js_name = setExtras)]
pub fn set_extras_js(extras: JsValue) {
    for (k, v) in convert::entries(&extras) {
        set_extra_js(&k, v);
    }
}

/// Overrides the level of the following events; `null` stops overriding.
#[wasm_bindgen(js_name = setLevel)]
pub fn set_level_js(level: JsValue) {
    let level = convert::level_from_js(&level);
    configure_scope(|s| s.level = level);
}

/// Sets the fingerprint of the following events (an array of strings).
#[wasm_bindgen(js_name = setFingerprint)]
pub fn set_fingerprint_js(parts: JsValue) {
    let parts = parts
        .dyn_into::<Array>()
        .map(|a| a.iter().filter_map(|p| text(&p)).collect())
        .unwrap_or_default();
    configure_scope(|s| s.fingerprint = parts);
}

/// Enters a scope (the wrapper's `withScope` pairs it with `popScope`).
#[wasm_bindgen(js_name = pushScope)]
pub fn push_scope_js() {
    push_scope();
}

/// Leaves the scope entered by `pushScope`.
#[wasm_bindgen(js_name = popScope)]
pub fn pop_scope_js() {
    pop_scope();
}

/// The id of the last captured event, or undefined.
#[wasm_bindgen(js_name = lastEventId)]
pub fn last_event_id_js() -> Option<String> {
    crate::api::last_event_id().map(|id| id.to_string())
}
