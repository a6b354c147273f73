//! Events, exceptions, frames, breadcrumbs and users to plain JS objects in Sentry's
//! JSON shape (as `beforeSend` sees them), and back (from `captureEvent` and hooks).

use std::collections::BTreeMap;

use faultline_core::{
    Breadcrumb, Breadcrumbs, Event, EventId, Exception, ExceptionList, Frame, Level, Mechanism,
    Request, Stacktrace, Timestamp, User,
};
use js_sys::{Array, Object};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::value::{get, get_f64, get_text, set, text, value_from_js, value_to_js};

fn put_str(obj: &Object, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        set(obj, key, v.as_str());
    }
}

fn put_map(obj: &Object, key: &str, map: &BTreeMap<String, Value>) {
    if !map.is_empty() {
        let inner = Object::new();
        map.iter().for_each(|(k, v)| set(&inner, k, value_to_js(v)));
        set(obj, key, inner);
    }
}

fn list<T>(items: &[T], f: impl Fn(&T) -> JsValue) -> Array {
    items.iter().map(f).collect()
}

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
        Value::Object(map) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    }
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

/// An event as Sentry's browser SDK shows it to `beforeSend`.
pub(crate) fn event_to_js(e: &Event) -> JsValue {
    let o = Object::new();
    set(&o, "event_id", e.event_id.to_string());
    set(&o, "timestamp", e.timestamp.as_secs_f64());
    set(&o, "platform", e.platform.as_str());
    set(&o, "level", e.level.as_str());
    put_str(&o, "logger", &e.logger);
    put_str(&o, "message", &e.message);
    if let Some(ex) = &e.exception {
        let values = Object::new();
        set(&values, "values", list(&ex.values, exception_to_js));
        set(&o, "exception", values);
    }
    if let Some(b) = &e.breadcrumbs {
        let values = Object::new();
        set(&values, "values", list(&b.values, breadcrumb_to_js));
        set(&o, "breadcrumbs", values);
    }
    if let Some(user) = &e.user {
        set(&o, "user", user_to_js(user));
    }
    if let Some(r) = &e.request {
        let req = Object::new();
        put_str(&req, "url", &r.url);
        put_str(&req, "method", &r.method);
        let headers = Object::new();
        r.headers
            .iter()
            .for_each(|(k, v)| set(&headers, k, v.as_str()));
        set(&req, "headers", headers);
        set(&o, "request", req);
    }
    put_str(&o, "release", &e.release);
    put_str(&o, "dist", &e.dist);
    put_str(&o, "environment", &e.environment);
    let tags = Object::new();
    e.tags.iter().for_each(|(k, v)| set(&tags, k, v.as_str()));
    set(&o, "tags", tags);
    put_map(&o, "contexts", &e.contexts);
    put_map(&o, "extra", &e.extra);
    if !e.fingerprint.is_empty() {
        set(
            &o,
            "fingerprint",
            list(&e.fingerprint, |s| JsValue::from_str(s)),
        );
    }
    if let Some(sdk) = &e.sdk {
        let s = Object::new();
        set(&s, "name", sdk.name.as_str());
        set(&s, "version", sdk.version.as_str());
        set(&o, "sdk", s);
    }
    o.into()
}

fn exception_to_js(x: &Exception) -> JsValue {
    let o = Object::new();
    put_str(&o, "type", &x.ty);
    put_str(&o, "value", &x.value);
    put_str(&o, "module", &x.module);
    if let Some(m) = &x.mechanism {
        let mech = Object::new();
        set(&mech, "type", m.ty.as_str());
        if let Some(h) = m.handled {
            set(&mech, "handled", h);
        }
        m.other
            .iter()
            .for_each(|(k, v)| set(&mech, k, value_to_js(v)));
        set(&o, "mechanism", mech);
    }
    if let Some(st) = &x.stacktrace {
        let s = Object::new();
        set(&s, "frames", frames_to_js(&st.frames));
        set(&o, "stacktrace", s);
    }
    o.into()
}

/// Frames as Sentry's JSON has them, oldest call first.
pub(crate) fn frames_to_js(frames: &[Frame]) -> Array {
    list(frames, |f| {
        let o = Object::new();
        put_str(&o, "function", &f.function);
        put_str(&o, "module", &f.module);
        put_str(&o, "filename", &f.filename);
        put_str(&o, "abs_path", &f.abs_path);
        if let Some(n) = f.lineno {
            set(&o, "lineno", n);
        }
        if let Some(n) = f.colno {
            set(&o, "colno", n);
        }
        if let Some(b) = f.in_app {
            set(&o, "in_app", b);
        }
        o.into()
    })
}

/// A breadcrumb as Sentry's JSON has it.
pub(crate) fn breadcrumb_to_js(b: &Breadcrumb) -> JsValue {
    let o = Object::new();
    set(&o, "timestamp", b.timestamp.as_secs_f64());
    put_str(&o, "type", &b.ty);
    put_str(&o, "category", &b.category);
    if let Some(level) = b.level {
        set(&o, "level", level.as_str());
    }
    put_str(&o, "message", &b.message);
    put_map(&o, "data", &b.data);
    o.into()
}

fn user_to_js(u: &User) -> JsValue {
    let o = Object::new();
    u.other.iter().for_each(|(k, v)| set(&o, k, value_to_js(v)));
    put_str(&o, "id", &u.id);
    put_str(&o, "email", &u.email);
    put_str(&o, "username", &u.username);
    put_str(&o, "ip_address", &u.ip_address);
    o.into()
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
        other: other.into_iter().collect(),
    })
}

/// A breadcrumb object (`addBreadcrumb`, or what `beforeBreadcrumb` returned).
pub(crate) fn breadcrumb_from_js(value: &JsValue, now: Timestamp) -> Breadcrumb {
    Breadcrumb {
        timestamp: get_f64(value, "timestamp").map_or(now, Timestamp::from_secs_f64),
        ty: get_text(value, "type"),
        category: get_text(value, "category"),
        level: level_from_js(&get(value, "level")),
        message: get_text(value, "message"),
        data: map_from_js(&get(value, "data")),
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
    e.contexts = map_from_js(&get(value, "contexts"));
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
                other: other.into_iter().collect(),
            }
        }),
        stacktrace: (!frames.is_empty()).then(|| Stacktrace {
            frames: frames.iter().map(frame_from_js).collect(),
            ..Stacktrace::default()
        }),
        ..Exception::default()
    }
}

fn frame_from_js(value: &JsValue) -> Frame {
    let num = |key: &str| get_f64(value, key).filter(|n| *n >= 0.0).map(|n| n as u32);
    Frame {
        function: get_text(value, "function"),
        filename: get_text(value, "filename"),
        abs_path: get_text(value, "abs_path"),
        lineno: num("lineno"),
        colno: num("colno"),
        in_app: get(value, "in_app").as_bool(),
        module: get_text(value, "module"),
        ..Frame::default()
    }
}
