//! Events as Sentry's JSON text, written by hand: what storage keeps and what an app's
//! `beforeSend` sees, in the shape Sentry's browser SDK sends (timestamps in seconds since
//! the epoch). An adapter turns the text into a JS object with one `JSON.parse` instead of
//! one boundary crossing per field, and the text's length is the body's exact size. No
//! serializer reaches the capture package: this is the one encoder of the event shape.

use crate::VecMap;
use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::{
    Breadcrumb, Event, Exception, Frame, LogEntry, Mechanism, Request, Sdk, Stacktrace, User,
};
use crate::envelope::push_json_string;
use crate::Timestamp;

/// Writes a number that is not a whole one (in `extra`, `contexts`, breadcrumb data) as
/// JSON text. An adapter passes its platform's own (JavaScript's `Number#toString`), so
/// that no float formatter reaches the capture package.
pub type FloatText = fn(f64, &mut String);

/// Rust's float formatting, for hosts that have it anyway.
fn rust_float_text(value: f64, out: &mut String) {
    let _ = write!(out, "{value}");
}

/// `event` as JSON text (fields in a fixed order, absent ones left out).
pub fn event_to_json(event: &Event) -> String {
    event_to_json_with(event, rust_float_text)
}

/// [`event_to_json`], writing fractional numbers with `floats`.
pub fn event_to_json_with(event: &Event, floats: FloatText) -> String {
    let mut json = Json::new(4096, floats);
    write_event(&mut json, event);
    json.out
}

/// A breadcrumb as JSON text, fractional numbers written with `floats`.
pub fn breadcrumb_to_json(breadcrumb: &Breadcrumb, floats: FloatText) -> String {
    let mut json = Json::new(256, floats);
    write_breadcrumb(&mut json, breadcrumb);
    json.out
}

/// Frames as a JSON array, every field of each frame kept, fractional numbers written
/// with `floats`.
pub fn frames_to_json(frames: &[Frame], floats: FloatText) -> String {
    let mut json = Json::new(frames.len() * 160, floats);
    write_list(&mut json, frames, write_frame);
    json.out
}

/// The text being written, and how fractional numbers are written.
struct Json {
    out: String,
    floats: FloatText,
}

impl Json {
    fn new(capacity: usize, floats: FloatText) -> Json {
        Json {
            out: String::with_capacity(capacity),
            floats,
        }
    }
}

/// Writes the fields of one JSON object, commas and braces included.
struct Fields<'a> {
    json: &'a mut Json,
    empty: bool,
}

impl<'a> Fields<'a> {
    fn open(json: &'a mut Json) -> Fields<'a> {
        json.out.push('{');
        Fields { json, empty: true }
    }

    /// Starts field `name`; its value is written next.
    fn key(&mut self, name: &str) -> &mut Json {
        if !self.empty {
            self.json.out.push(',');
        }
        self.empty = false;
        push_json_string(&mut self.json.out, name);
        self.json.out.push(':');
        self.json
    }

    fn str(&mut self, name: &str, value: &str) {
        push_json_string(&mut self.key(name).out, value);
    }

    fn opt_str(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.str(name, value);
        }
    }

    fn opt_bool(&mut self, name: &str, value: Option<bool>) {
        if let Some(value) = value {
            let text = if value { "true" } else { "false" };
            self.key(name).out.push_str(text);
        }
    }

    fn opt_u64(&mut self, name: &str, value: Option<u64>) {
        if let Some(value) = value {
            push_u64(&mut self.key(name).out, value);
        }
    }

    fn seconds(&mut self, name: &str, at: Timestamp) {
        push_seconds(&mut self.key(name).out, at);
    }

    /// An object of strings, when not empty.
    fn strings(&mut self, name: &str, map: &VecMap<String, String>) {
        if map.is_empty() {
            return;
        }
        let mut inner = Fields::open(self.key(name));
        for (key, value) in map {
            inner.str(key, value);
        }
        inner.close();
    }

    /// An object of JSON values, when not empty.
    fn values(&mut self, name: &str, map: &BTreeMap<String, Value>) {
        if !map.is_empty() {
            write_map(self.key(name), map);
        }
    }

    /// The fields a type does not model, as they came.
    fn other(&mut self, other: &BTreeMap<String, Value>) {
        for (key, value) in other {
            write_value(self.key(key), value);
        }
    }

    fn close(self) {
        self.json.out.push('}');
    }
}

/// `n` in decimal, without `core::fmt`.
fn push_u64(out: &mut String, n: u64) {
    let mut divisor = 1;
    while n / divisor >= 10 {
        divisor *= 10;
    }
    while divisor > 0 {
        push_digit(out, n / divisor % 10);
        divisor /= 10;
    }
}

fn push_digit(out: &mut String, digit: u64) {
    out.push(char::from(b'0' + (digit % 10) as u8));
}

/// Milliseconds as seconds with up to three decimals: the decimal text of `ms / 1000`,
/// which parses to exactly the number that division gives.
fn push_seconds(out: &mut String, at: Timestamp) {
    let ms = at.as_millis();
    if ms < 0 {
        out.push('-');
    }
    let abs = ms.unsigned_abs();
    push_u64(out, abs / 1000);
    let mut fraction = abs % 1000;
    if fraction != 0 {
        out.push('.');
        // Digits from the tenths down, until only zeros are left.
        let mut place = 100;
        while fraction > 0 {
            push_digit(out, fraction / place);
            fraction %= place;
            place /= 10;
        }
    }
}

fn write_list<T>(json: &mut Json, items: &[T], write: fn(&mut Json, &T)) {
    json.out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            json.out.push(',');
        }
        write(json, item);
    }
    json.out.push(']');
}

fn write_map(json: &mut Json, map: &BTreeMap<String, Value>) {
    let mut fields = Fields::open(json);
    fields.other(map);
    fields.close();
}

fn write_value(json: &mut Json, value: &Value) {
    match value {
        Value::Null => json.out.push_str("null"),
        Value::Bool(flag) => json.out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => {
            if let Some(whole) = number.as_u64() {
                push_u64(&mut json.out, whole);
            } else if let Some(negative) = number.as_i64() {
                json.out.push('-');
                push_u64(&mut json.out, negative.unsigned_abs());
            } else if let Some(fraction) = number.as_f64() {
                // serde_json's numbers are finite: their text is valid JSON.
                (json.floats)(fraction, &mut json.out);
            }
        }
        Value::String(text) => push_json_string(&mut json.out, text),
        Value::Array(items) => write_list(json, items, write_value),
        Value::Object(map) => {
            let mut fields = Fields::open(json);
            for (key, value) in map {
                write_value(fields.key(key), value);
            }
            fields.close();
        }
    }
}

fn write_event(json: &mut Json, event: &Event) {
    let mut fields = Fields::open(json);
    let id = event.event_id.to_string();
    fields.str("event_id", &id);
    fields.seconds("timestamp", event.timestamp);
    fields.str("platform", &event.platform);
    fields.str("level", event.level.as_str());
    fields.opt_str("logger", event.logger.as_deref());
    fields.opt_str("message", event.message.as_deref());
    if let Some(entry) = &event.logentry {
        write_logentry(fields.key("logentry"), entry);
    }
    if let Some(list) = &event.exception {
        let mut inner = Fields::open(fields.key("exception"));
        write_list(inner.key("values"), &list.values, write_exception);
        inner.close();
    }
    if let Some(breadcrumbs) = &event.breadcrumbs {
        let mut inner = Fields::open(fields.key("breadcrumbs"));
        write_list(inner.key("values"), &breadcrumbs.values, write_breadcrumb);
        inner.close();
    }
    if let Some(user) = &event.user {
        write_user(fields.key("user"), user);
    }
    if let Some(request) = &event.request {
        write_request(fields.key("request"), request);
    }
    fields.opt_str("release", event.release.as_deref());
    fields.opt_str("dist", event.dist.as_deref());
    fields.opt_str("environment", event.environment.as_deref());
    fields.strings("tags", &event.tags);
    fields.values("contexts", &event.contexts.0);
    fields.values("extra", &event.extra);
    if !event.fingerprint.is_empty() {
        write_list(
            fields.key("fingerprint"),
            &event.fingerprint,
            |json, part| push_json_string(&mut json.out, part),
        );
    }
    if let Some(sdk) = &event.sdk {
        write_sdk(fields.key("sdk"), sdk);
    }
    fields.other(&event.other);
    fields.close();
}

fn write_exception(json: &mut Json, exception: &Exception) {
    let mut fields = Fields::open(json);
    fields.opt_str("type", exception.ty.as_deref());
    fields.opt_str("value", exception.value.as_deref());
    fields.opt_str("module", exception.module.as_deref());
    if let Some(mechanism) = &exception.mechanism {
        write_mechanism(fields.key("mechanism"), mechanism);
    }
    if let Some(stacktrace) = &exception.stacktrace {
        write_stacktrace(fields.key("stacktrace"), stacktrace);
    }
    fields.other(&exception.other);
    fields.close();
}

fn write_mechanism(json: &mut Json, mechanism: &Mechanism) {
    let mut fields = Fields::open(json);
    fields.str("type", &mechanism.ty);
    fields.opt_bool("handled", mechanism.handled);
    fields.opt_str("source", mechanism.source.as_deref());
    fields.opt_u64("exception_id", mechanism.exception_id);
    fields.opt_u64("parent_id", mechanism.parent_id);
    fields.opt_bool("is_exception_group", mechanism.is_exception_group);
    fields.other(&mechanism.other);
    fields.close();
}

fn write_stacktrace(json: &mut Json, stacktrace: &Stacktrace) {
    let mut fields = Fields::open(json);
    write_list(fields.key("frames"), &stacktrace.frames, write_frame);
    fields.other(&stacktrace.other);
    fields.close();
}

fn write_frame(json: &mut Json, frame: &Frame) {
    let mut fields = Fields::open(json);
    fields.opt_str("function", frame.function.as_deref());
    fields.opt_str("filename", frame.filename.as_deref());
    fields.opt_str("abs_path", frame.abs_path.as_deref());
    fields.opt_u64("lineno", frame.lineno.map(u64::from));
    fields.opt_u64("colno", frame.colno.map(u64::from));
    fields.opt_bool("in_app", frame.in_app);
    fields.opt_str("module", frame.module.as_deref());
    fields.other(&frame.other);
    fields.close();
}

fn write_breadcrumb(json: &mut Json, breadcrumb: &Breadcrumb) {
    let mut fields = Fields::open(json);
    fields.seconds("timestamp", breadcrumb.timestamp);
    fields.opt_str("type", breadcrumb.ty.as_deref());
    fields.opt_str("category", breadcrumb.category.as_deref());
    fields.opt_str("level", breadcrumb.level.map(|level| level.as_str()));
    fields.opt_str("message", breadcrumb.message.as_deref());
    fields.values("data", &breadcrumb.data);
    fields.other(&breadcrumb.other);
    fields.close();
}

fn write_logentry(json: &mut Json, entry: &LogEntry) {
    let mut fields = Fields::open(json);
    fields.opt_str("message", entry.message.as_deref());
    fields.opt_str("formatted", entry.formatted.as_deref());
    if let Some(params) = &entry.params {
        write_value(fields.key("params"), params);
    }
    fields.other(&entry.other);
    fields.close();
}

fn write_user(json: &mut Json, user: &User) {
    let mut fields = Fields::open(json);
    fields.opt_str("id", user.id.as_deref());
    fields.opt_str("email", user.email.as_deref());
    fields.opt_str("username", user.username.as_deref());
    fields.opt_str("ip_address", user.ip_address.as_deref());
    fields.other(&user.other);
    fields.close();
}

fn write_request(json: &mut Json, request: &Request) {
    let mut fields = Fields::open(json);
    fields.opt_str("url", request.url.as_deref());
    fields.opt_str("method", request.method.as_deref());
    fields.strings("headers", &request.headers);
    fields.other(&request.other);
    fields.close();
}

fn write_sdk(json: &mut Json, sdk: &Sdk) {
    let mut fields = Fields::open(json);
    fields.str("name", &sdk.name);
    fields.str("version", &sdk.version);
    fields.other(&sdk.other);
    fields.close();
}

#[cfg(test)]
mod tests;
