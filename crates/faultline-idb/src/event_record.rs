//! Events as stored: Sentry's event payload as a plain JS object, wrapped with the keys
//! the indexes need.
//!
//! `{ id, issueId, ts, size, event }` where `event` is the JSON shape of core's `Event`
//! (timestamps as seconds since the epoch, as Sentry's browser SDK sends them).

use faultline_core::{
    count_from_f64_clamped, Breadcrumb, Event, Exception, Frame, IssueId, LogEntry, Mechanism,
    Request, Sdk, Stacktrace, Timestamp, User,
};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::js_write::{get, get_num, get_str, Writer};

/// An event's body as stored (Sentry's payload as a plain JS object) and its JSON size.
pub(crate) struct EventBody {
    /// The body.
    pub body: JsValue,
    /// Its approximate `JSON.stringify` length, what the byte budget counts.
    pub size: u64,
}

/// The body of `event`.
pub(crate) fn body_of_event(event: &Event) -> EventBody {
    let mut writer = Writer::default();
    let body = write_event(&mut writer, event);
    EventBody {
        body,
        size: writer.bytes as u64,
    }
}

/// An event record: `{ id, issueId, ts, size, event }` around `body`.
pub(crate) fn event_record(
    id: &str,
    issue: IssueId,
    at: Timestamp,
    size: u64,
    body: &JsValue,
) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.str(&record, "id", id);
    writer.num(&record, "issueId", issue.0 as f64);
    writer.num(&record, "ts", at.as_millis() as f64);
    writer.num(&record, "size", size as f64);
    writer.set(&record, "event", body);
    record.into()
}

/// The record's event id, time and size, read without decoding the body.
pub(crate) struct EventKeys {
    pub id: String,
    pub ts: Timestamp,
    pub size: u64,
}

/// Reads the index keys of a stored event record.
pub(crate) fn event_keys(record: &JsValue) -> Option<EventKeys> {
    Some(EventKeys {
        id: get_str(record, "id")?,
        ts: Timestamp(get_num(record, "ts")? as i64),
        size: count_from_f64_clamped(get_num(record, "size").unwrap_or(0.0)),
    })
}

/// The Sentry-shaped event object inside a record.
pub(crate) fn event_body(record: &JsValue) -> Option<JsValue> {
    get(record, "event")
}

fn secs(t: Timestamp) -> f64 {
    t.as_millis() as f64 / 1000.0
}

/// Core's `Event` as a plain JS object in Sentry's JSON shape: what storage keeps, what
/// `beforeSend` sees, what is sent to a server. Built by hand, without a serializer.
pub fn event_to_js(e: &Event) -> JsValue {
    write_event(&mut Writer::default(), e)
}

/// Frames as Sentry's JSON has them.
pub fn frames_to_js(frames: &[Frame]) -> Array {
    let mut w = Writer::default();
    frames.iter().map(|f| frame_to_js(&mut w, f)).collect()
}

/// A breadcrumb as Sentry's JSON has it.
pub fn breadcrumb_to_js(b: &Breadcrumb) -> JsValue {
    write_breadcrumb(&mut Writer::default(), b)
}

fn write_event(w: &mut Writer, e: &Event) -> JsValue {
    let o = Object::new();
    w.str(&o, "event_id", &e.event_id.to_string());
    w.num(&o, "timestamp", secs(e.timestamp));
    w.str(&o, "platform", &e.platform);
    w.str(&o, "level", e.level.as_str());
    w.opt_str(&o, "logger", e.logger.as_deref());
    w.opt_str(&o, "message", e.message.as_deref());
    if let Some(entry) = &e.logentry {
        let entry = logentry_to_js(w, entry);
        w.set(&o, "logentry", &entry);
    }
    if let Some(list) = &e.exception {
        let values: Array = list.values.iter().map(|x| exception_to_js(w, x)).collect();
        let exc = Object::new();
        w.set(&exc, "values", &values);
        w.set(&o, "exception", &exc);
    }
    if let Some(crumbs) = &e.breadcrumbs {
        let values: Array = crumbs
            .values
            .iter()
            .map(|b| write_breadcrumb(w, b))
            .collect();
        let obj = Object::new();
        w.set(&obj, "values", &values);
        w.set(&o, "breadcrumbs", &obj);
    }
    if let Some(user) = &e.user {
        let user = user_to_js(w, user);
        w.set(&o, "user", &user);
    }
    if let Some(request) = &e.request {
        let request = request_to_js(w, request);
        w.set(&o, "request", &request);
    }
    w.opt_str(&o, "release", e.release.as_deref());
    w.opt_str(&o, "dist", e.dist.as_deref());
    w.opt_str(&o, "environment", e.environment.as_deref());
    w.strings(&o, "tags", &e.tags);
    w.values(&o, "contexts", &e.contexts.0);
    w.values(&o, "extra", &e.extra);
    if !e.fingerprint.is_empty() {
        let parts: Array = e.fingerprint.iter().map(|s| JsValue::from_str(s)).collect();
        w.bytes += e.fingerprint.iter().map(|s| s.len() + 3).sum::<usize>();
        w.set(&o, "fingerprint", &parts);
    }
    if let Some(sdk) = &e.sdk {
        let sdk = sdk_to_js(w, sdk);
        w.set(&o, "sdk", &sdk);
    }
    w.other(&o, &e.other);
    o.into()
}

fn exception_to_js(w: &mut Writer, x: &Exception) -> JsValue {
    let o = Object::new();
    w.opt_str(&o, "type", x.ty.as_deref());
    w.opt_str(&o, "value", x.value.as_deref());
    w.opt_str(&o, "module", x.module.as_deref());
    if let Some(m) = &x.mechanism {
        let m = mechanism_to_js(w, m);
        w.set(&o, "mechanism", &m);
    }
    if let Some(s) = &x.stacktrace {
        let s = stacktrace_to_js(w, s);
        w.set(&o, "stacktrace", &s);
    }
    w.other(&o, &x.other);
    o.into()
}

fn mechanism_to_js(w: &mut Writer, m: &Mechanism) -> JsValue {
    let o = Object::new();
    w.str(&o, "type", &m.ty);
    w.opt_bool(&o, "handled", m.handled);
    w.opt_str(&o, "source", m.source.as_deref());
    w.opt_num(&o, "exception_id", m.exception_id.map(|n| n as f64));
    w.opt_num(&o, "parent_id", m.parent_id.map(|n| n as f64));
    w.opt_bool(&o, "is_exception_group", m.is_exception_group);
    w.other(&o, &m.other);
    o.into()
}

fn stacktrace_to_js(w: &mut Writer, s: &Stacktrace) -> JsValue {
    let o = Object::new();
    let frames: Array = s.frames.iter().map(|f| frame_to_js(w, f)).collect();
    w.set(&o, "frames", &frames);
    w.other(&o, &s.other);
    o.into()
}

fn frame_to_js(w: &mut Writer, f: &Frame) -> JsValue {
    let o = Object::new();
    w.opt_str(&o, "function", f.function.as_deref());
    w.opt_str(&o, "filename", f.filename.as_deref());
    w.opt_str(&o, "abs_path", f.abs_path.as_deref());
    w.opt_num(&o, "lineno", f.lineno.map(f64::from));
    w.opt_num(&o, "colno", f.colno.map(f64::from));
    w.opt_bool(&o, "in_app", f.in_app);
    w.opt_str(&o, "module", f.module.as_deref());
    w.other(&o, &f.other);
    o.into()
}

fn write_breadcrumb(w: &mut Writer, b: &Breadcrumb) -> JsValue {
    let o = Object::new();
    w.num(&o, "timestamp", secs(b.timestamp));
    w.opt_str(&o, "type", b.ty.as_deref());
    w.opt_str(&o, "category", b.category.as_deref());
    w.opt_str(&o, "level", b.level.map(|l| l.as_str()));
    w.opt_str(&o, "message", b.message.as_deref());
    w.values(&o, "data", &b.data);
    w.other(&o, &b.other);
    o.into()
}

fn logentry_to_js(w: &mut Writer, l: &LogEntry) -> JsValue {
    let o = Object::new();
    w.opt_str(&o, "message", l.message.as_deref());
    w.opt_str(&o, "formatted", l.formatted.as_deref());
    if let Some(params) = &l.params {
        let params = w.value(params);
        w.set(&o, "params", &params);
    }
    w.other(&o, &l.other);
    o.into()
}

fn user_to_js(w: &mut Writer, u: &User) -> JsValue {
    let o = Object::new();
    w.opt_str(&o, "id", u.id.as_deref());
    w.opt_str(&o, "email", u.email.as_deref());
    w.opt_str(&o, "username", u.username.as_deref());
    w.opt_str(&o, "ip_address", u.ip_address.as_deref());
    w.other(&o, &u.other);
    o.into()
}

fn request_to_js(w: &mut Writer, r: &Request) -> JsValue {
    let o = Object::new();
    w.opt_str(&o, "url", r.url.as_deref());
    w.opt_str(&o, "method", r.method.as_deref());
    w.strings(&o, "headers", &r.headers);
    w.other(&o, &r.other);
    o.into()
}

fn sdk_to_js(w: &mut Writer, s: &Sdk) -> JsValue {
    let o = Object::new();
    w.str(&o, "name", &s.name);
    w.str(&o, "version", &s.version);
    w.other(&o, &s.other);
    o.into()
}
