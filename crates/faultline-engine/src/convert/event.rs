//! Events, exceptions, frames, breadcrumbs and users from plain JS objects in Sentry's
//! JSON shape (`captureEvent`, what `beforeSend` returns, the page's breadcrumbs and
//! scope). The other way is storage's hand-written conversion
//! (`faultline_idb::event_to_js`), shared.

use std::collections::BTreeMap;

use faultline_core::{
    console_join, console_message, Breadcrumb, Breadcrumbs, Event, EventId, Exception,
    ExceptionList, Frame, Level, Mechanism, Request, Stacktrace, Timestamp, User,
};
use js_sys::Array;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::value::{get, get_f64, get_text, primitive_text, text, value_from_js};

/// `obj[key]` as a list of JS values (empty when it is not an array).
fn items(obj: &JsValue, key: &str) -> Vec<JsValue> {
    get(obj, key)
        .dyn_into::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// A JS object's fields as core values (bounded, cycle-safe).
fn map_from_js(value: &JsValue) -> BTreeMap<String, Value> {
    match value_from_js(value).0 {
        Value::Object(map) => map_from_pairs(map),
        _ => BTreeMap::new(),
    }
}

/// A map from `(key, value)` pairs, a later duplicate key winning (as `collect` does).
/// Inserted one by one: `collect` into a B-tree map sorts with a stable sort of its own
/// per key and value type, which the capture wasm need not carry.
fn map_from_pairs<V>(pairs: impl IntoIterator<Item = (String, V)>) -> BTreeMap<String, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// `"warning"`, `"warn"`, `"log"`, ... to a level.
pub(crate) fn level_from_js(value: &JsValue) -> Option<Level> {
    Some(match text(value)?.as_str() {
        "debug" | "trace" => Level::Debug,
        "info" | "log" => Level::Info,
        "warning" | "warn" => Level::Warning,
        "error" => Level::Error,
        "fatal" | "critical" => Level::Fatal,
        _ => return None,
    })
}

/// A user object (`setUser`); ids given as numbers become strings.
pub(crate) fn user_from_js(value: &JsValue) -> Option<User> {
    if !value.is_object() {
        return None;
    }
    let mut other = map_from_js(value);
    let mut take = |key: &str| match other.remove(key)? {
        Value::String(s) => Some(s),
        Value::Number(_) => get(value, key)
            .as_f64()
            .map(|_| super::value::primitive_text(&get(value, key))),
        _ => None,
    };
    Some(User {
        id: take("id"),
        email: take("email"),
        username: take("username"),
        ip_address: take("ip_address"),
        other,
    })
}

/// A breadcrumb object (`addBreadcrumb`, a sensor's, or what `beforeBreadcrumb`
/// returned). A console breadcrumb (`data.arguments`: the call's arguments) whose message
/// is still the sensor's (each argument's `String()`, what Sentry shows and hooks see) or
/// missing gets its message written from the arguments scrubbed by key (core's
/// `console_message`, floats as JavaScript writes them); a message a hook changed stays.
pub(crate) fn breadcrumb_from_js(value: &JsValue, now: Timestamp) -> Breadcrumb {
    let data = map_from_js(&get(value, "data"));
    let mut message = get_text(value, "message");
    if let Some(Value::Array(arguments)) = data.get("arguments") {
        let float = |n: f64| primitive_text(&JsValue::from_f64(n));
        if message
            .as_deref()
            .is_none_or(|m| m == console_join(arguments, &float))
        {
            message = Some(console_message(arguments, &[], &float));
        }
    }
    Breadcrumb {
        timestamp: get_f64(value, "timestamp").map_or(now, Timestamp::from_secs_f64),
        ty: get_text(value, "type"),
        category: get_text(value, "category"),
        level: level_from_js(&get(value, "level")),
        message,
        data,
        ..Breadcrumb::default()
    }
}

/// An event object (`captureEvent`, or what `beforeSend` returned), over `base` (whose
/// id, time and fields not in the object are kept).
pub(crate) fn event_from_js(value: &JsValue, mut e: Event) -> Event {
    if let Some(id) = get_text(value, "event_id").and_then(|s| EventId::parse(&s).ok()) {
        e.event_id = id;
    }
    if let Some(t) = get_f64(value, "timestamp") {
        e.timestamp = Timestamp::from_secs_f64(t);
    }
    e.level = level_from_js(&get(value, "level")).unwrap_or(e.level);
    e.logger = get_text(value, "logger");
    e.message =
        get_text(value, "message").or_else(|| get_text(&get(value, "message"), "formatted"));
    let values = items(&get(value, "exception"), "values");
    e.exception = (!values.is_empty()).then(|| ExceptionList {
        values: values.iter().map(exception_from_js).collect(),
    });
    let crumbs = get(value, "breadcrumbs");
    let crumbs = if crumbs.is_instance_of::<Array>() {
        crumbs.unchecked_into::<Array>().iter().collect()
    } else {
        items(&crumbs, "values")
    };
    e.breadcrumbs = (!crumbs.is_empty()).then(|| Breadcrumbs {
        values: crumbs
            .iter()
            .map(|b| breadcrumb_from_js(b, e.timestamp))
            .collect(),
    });
    e.user = user_from_js(&get(value, "user"));
    e.request = request_from_js(&get(value, "request"));
    for (key, slot) in [
        ("release", &mut e.release),
        ("dist", &mut e.dist),
        ("environment", &mut e.environment),
    ] {
        *slot = get_text(value, key);
    }
    let tags = get(value, "tags");
    e.tags = map_from_js(&tags)
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                Value::Bool(b) => b.to_string(),
                Value::Number(_) => super::value::primitive_text(&get(&tags, &k)),
                _ => return None,
            };
            Some((k, text))
        })
        .collect();
    e.contexts = faultline_core::Contexts(map_from_js(&get(value, "contexts")));
    e.extra = map_from_js(&get(value, "extra"));
    e.fingerprint = items(value, "fingerprint")
        .iter()
        .filter_map(text)
        .collect();
    e
}

fn request_from_js(value: &JsValue) -> Option<Request> {
    if !value.is_object() {
        return None;
    }
    Some(Request {
        url: get_text(value, "url"),
        method: get_text(value, "method"),
        headers: map_from_js(&get(value, "headers"))
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .collect(),
        ..Request::default()
    })
}

fn exception_from_js(value: &JsValue) -> Exception {
    let mechanism = get(value, "mechanism");
    let frames = items(&get(value, "stacktrace"), "frames");
    Exception {
        ty: get_text(value, "type"),
        value: get_text(value, "value"),
        module: get_text(value, "module"),
        mechanism: mechanism.is_object().then(|| {
            let mut other = map_from_js(&mechanism);
            other.remove("type");
            other.remove("handled");
            Mechanism {
                ty: get_text(&mechanism, "type").unwrap_or_else(|| "generic".into()),
                handled: get(&mechanism, "handled").as_bool(),
                other,
                ..Mechanism::default()
            }
        }),
        stacktrace: (!frames.is_empty()).then(|| Stacktrace {
            frames: frames.iter().map(frame_from_js).collect(),
            ..Stacktrace::default()
        }),
        ..Exception::default()
    }
}

/// A frame; fields core does not model (`data`, `pre_context`, `context_line`, `vars`,
/// ...) are kept, as a hook or the source map resolver set them.
fn frame_from_js(value: &JsValue) -> Frame {
    let num = |key: &str| get_f64(value, key).filter(|n| *n >= 0.0).map(|n| n as u32);
    let mut other = map_from_js(value);
    for key in FRAME_FIELDS {
        other.remove(key);
    }
    Frame {
        function: get_text(value, "function"),
        filename: get_text(value, "filename"),
        abs_path: get_text(value, "abs_path"),
        lineno: num("lineno"),
        colno: num("colno"),
        in_app: get(value, "in_app").as_bool(),
        module: get_text(value, "module"),
        other,
    }
}

/// The frame fields core models, read one by one above.
const FRAME_FIELDS: [&str; 7] = [
    "function", "filename", "abs_path", "lineno", "colno", "in_app", "module",
];
