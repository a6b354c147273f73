//! Events as stored: Sentry's event payload, wrapped with the keys the indexes need.
//!
//! `{ id, issueId, ts, size, event }` where `event` is the JSON shape of core's `Event`
//! (timestamps as seconds since the epoch, as Sentry's browser SDK sends them), plus
//! `part` when the issue is a merged one and the event belongs to a part other than the
//! issue's own (an unmerge files it under that part again).
//!
//! Recording and import store `event` as its JSON text: the browser copies one string
//! into the database instead of walking an object of a few hundred fields, and the engine
//! makes no object at all. Records written before, and those a merge re-files, hold the
//! object. [`event_body`] reads either as the object; an export writes the object.

use std::fmt::Write;

use faultline_core::{
    breadcrumb_to_json, count_from_f64_clamped, event_to_json_with, frames_to_json, Breadcrumb,
    Event, EventId, Frame, IssueId, Timestamp,
};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_write::{get, get_num, get_str, set_field, Writer};

/// An event's body as stored (Sentry's payload as a plain JS object) and its JSON size.
pub(crate) struct EventBody {
    /// The body as JSON text (core's encoding).
    pub json: String,
    /// Its length in bytes, what the byte budget counts.
    pub size: u64,
}

/// The body of `event`; its size is the length of its JSON.
pub(crate) fn body_of_event(event: &Event) -> EventBody {
    let json = event_to_json_with(event, float_text);
    EventBody {
        size: json.len() as u64,
        json,
    }
}

/// An event record made before its issue is known, filed under it once planned.
pub(crate) struct BodyRecord {
    /// `{ id, issueId, ts, size, event }`.
    pub record: JsValue,
    /// The body's size.
    pub size: u64,
}

impl BodyRecord {
    /// The record of a body: its keys made by one `JSON.parse` of text written here, the
    /// body's JSON text set as `event`; its `issueId` is set by
    /// [`BodyRecord::file_under`].
    pub(crate) fn new(id: &EventId, at: Timestamp, body: &EventBody) -> BodyRecord {
        let mut text = String::with_capacity(96);
        // An event id is hex digits and the numbers are integers: nothing to escape.
        let _ = write!(
            text,
            "{{\"id\":\"{id}\",\"issueId\":0,\"ts\":{},\"size\":{}}}",
            at.as_millis(),
            body.size
        );
        let record = parse_json(&text);
        set_field(&record, "event", &JsValue::from_str(&body.json));
        BodyRecord {
            record,
            size: body.size,
        }
    }

    /// Sets the record's issue, and its part when the issue is a merged one and the event
    /// belongs to a part other than the issue's own.
    pub(crate) fn file_under(&self, issue: IssueId, part: Option<IssueId>) {
        set_field(&self.record, "issueId", &JsValue::from_f64(issue.0 as f64));
        if let Some(part) = part {
            set_field(&self.record, "part", &JsValue::from_f64(part.0 as f64));
        }
    }
}

/// An event record: `{ id, issueId, ts, size, event }` around `body` (with `part`, when
/// given).
pub(crate) fn event_record(
    id: &str,
    (issue, part): (IssueId, Option<IssueId>),
    at: Timestamp,
    size: u64,
    body: &JsValue,
) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.str(&record, "id", id);
    writer.num(&record, "issueId", issue.0 as f64);
    writer.opt_num(&record, "part", part.map(|p| p.0 as f64));
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

/// The Sentry-shaped event object inside a record (parsed when it is stored as text).
pub(crate) fn event_body(record: &JsValue) -> Option<JsValue> {
    let body = get(record, "event")?;
    match body.as_string() {
        Some(text) => js_sys::JSON::parse(&text).ok(),
        None => Some(body),
    }
}

/// `record` as an export writes it: with its event as an object. A record storing the
/// event as text is copied, so the stored record is left as it is.
pub(crate) fn exported_event_record(record: &JsValue) -> JsValue {
    let Some(text) = get(record, "event").and_then(|body| body.as_string()) else {
        return record.clone();
    };
    let copy = Object::assign(&Object::new(), record.unchecked_ref());
    let event = js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL);
    set_field(&copy, "event", &event);
    copy.into()
}

/// A fractional number as JavaScript writes it (`Number#toString`, valid JSON for the
/// finite numbers an event holds): no float formatter in the wasm.
fn float_text(value: f64, out: &mut String) {
    match js_sys::Number::from(value).to_string_with_radix(10) {
        Ok(text) => out.push_str(&String::from(text)),
        Err(_) => out.push('0'),
    }
}

/// A JS value from JSON text core wrote. Core's encoder writes valid JSON, so the parse
/// cannot fail; if it did, the value would be `null` rather than a throw into the page.
fn parse_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Core's `Event` as a plain JS object in Sentry's JSON shape: what storage keeps, what
/// `beforeSend` sees, what is sent to a server. One `JSON.parse` of core's hand-written
/// encoding: one crossing of the boundary instead of one per field, and no serializer.
pub fn event_to_js(event: &Event) -> JsValue {
    parse_json(&event_to_json_with(event, float_text))
}

/// Frames as Sentry's JSON has them.
pub fn frames_to_js(frames: &[Frame]) -> Array {
    Array::from(&parse_json(&frames_to_json(frames, float_text)))
}

/// A breadcrumb as Sentry's JSON has it.
pub fn breadcrumb_to_js(breadcrumb: &Breadcrumb) -> JsValue {
    parse_json(&breadcrumb_to_json(breadcrumb, float_text))
}
