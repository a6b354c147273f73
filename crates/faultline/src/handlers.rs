//! The sensors Faultline installs, and what their records become: captures or breadcrumbs.

use faultline_core::{Breadcrumb, Level, Timestamp};
use js_sys::{Array, Function};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::{self, Body};
use crate::convert::{self, get, get_f64, get_text};
use crate::options::Integrations;
use crate::raw::How;
use crate::{panic, sensors};

/// Record kinds, as `js/sensors.js` numbers them.
const ERROR: u32 = 1;
const REJECTION: u32 = 2;
const CONSOLE: u32 = 3;
const UI: u32 = 4;
const NAVIGATION: u32 = 5;
const HTTP: u32 = 6;

/// What Faultline installed; dropping it removes all of it.
#[must_use]
pub(crate) struct Handlers {
    _sink: Closure<dyn FnMut(u32, JsValue)>,
    undo: Vec<Function>,
}

impl Handlers {
    /// Installs the sensors that `on` switches on.
    pub fn install(on: &Integrations) -> Handlers {
        let sink = Closure::<dyn FnMut(u32, JsValue)>::new(dispatch);
        let wanted = [
            ("error", on.on_error),
            ("rejection", on.on_unhandled_rejection),
            ("console", on.console),
            ("dom", on.dom),
            ("history", on.history),
            ("fetch", on.fetch),
            ("xhr", on.xhr),
        ];
        let undo = wanted
            .iter()
            .filter(|(_, on)| *on)
            .filter_map(|(what, _)| sensors::install(what, sink.as_ref()).dyn_into().ok())
            .collect();
        Handlers { _sink: sink, undo }
    }
}

impl Drop for Handlers {
    fn drop(&mut self) {
        for undo in &self.undo {
            let _ = undo.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Handles one record from a sensor.
fn dispatch(kind: u32, record: JsValue) {
    match kind {
        ERROR => capture_error_record(&record),
        REJECTION => capture_rejection_record(&record),
        CONSOLE => console_breadcrumb(&record),
        UI => ui_breadcrumb(&record),
        NAVIGATION => navigation_breadcrumb(&record),
        HTTP => http_breadcrumb(&record),
        _ => {}
    }
}

/// Captures an `error` event's record (live, or built from a buffered event).
pub(crate) fn capture_error_record(record: &JsValue) {
    let r = convert::error_record_from_js(record);
    let first = r.raw.values.first();
    if panic::is_panic_trap(
        first.and_then(|v| v.name.as_deref()),
        first.and_then(|v| v.message.as_deref()),
    ) {
        return;
    }
    // A script from another origin without CORS: the browser hides everything.
    let cross_origin = r.message.as_deref() == Some("Script error.")
        && r.origin.filename.is_none()
        && first.is_none_or(|v| !v.is_error);
    let body = Body::Error {
        raw: r.raw,
        how: How::OnError,
        origin: r.origin,
        cross_origin,
    };
    client::capture(body, JsValue::UNDEFINED, r.at, None);
}

/// Captures an `unhandledrejection` event's record.
pub(crate) fn capture_rejection_record(record: &JsValue) {
    let (raw, at, reason) = convert::rejection_record_from_js(record);
    let first = raw.values.first();
    if panic::is_panic_trap(
        first.and_then(|v| v.name.as_deref()),
        first.and_then(|v| v.message.as_deref()),
    ) {
        return;
    }
    let body = Body::Error {
        raw,
        how: How::OnRejection,
        origin: Default::default(),
        cross_origin: false,
    };
    client::capture(body, reason, at, None);
}

fn at(record: &JsValue) -> Timestamp {
    Timestamp(get_f64(record, "ts").unwrap_or_else(js_sys::Date::now) as i64)
}

fn console_breadcrumb(record: &JsValue) {
    let level = get_text(record, "l").unwrap_or_default();
    let args: Vec<JsValue> = get(record, "a")
        .dyn_into::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let message = args
        .iter()
        .map(convert::render)
        .collect::<Vec<_>>()
        .join(" ");
    let mut crumb = Breadcrumb {
        timestamp: at(record),
        category: Some("console".into()),
        level: Some(convert::level_from_js(&JsValue::from_str(&level)).unwrap_or(Level::Info)),
        message: Some(message),
        ..Breadcrumb::default()
    };
    crumb.data.insert("logger".into(), Value::from("console"));
    client::add_breadcrumb(crumb, None);
}

fn ui_breadcrumb(record: &JsValue) {
    let what = get_text(record, "c").unwrap_or_default();
    client::add_breadcrumb(
        Breadcrumb {
            timestamp: Timestamp(js_sys::Date::now() as i64),
            category: Some("ui.".to_string() + &what),
            message: get_text(record, "t"),
            ..Breadcrumb::default()
        },
        None,
    );
}

fn navigation_breadcrumb(record: &JsValue) {
    let page = sensors::page_url().unwrap_or_default();
    let mut crumb = Breadcrumb {
        timestamp: Timestamp(js_sys::Date::now() as i64),
        ty: Some("navigation".into()),
        category: Some("navigation".into()),
        ..Breadcrumb::default()
    };
    for (key, field) in [("from", "f"), ("to", "t")] {
        let url = get_text(record, field).unwrap_or_default();
        crumb
            .data
            .insert(key.into(), Value::from(relative(&url, &page)));
    }
    client::add_breadcrumb(crumb, None);
}

/// `url` without its origin when it is on the page's origin, as Sentry shows navigations.
fn relative<'a>(url: &'a str, page: &str) -> &'a str {
    let origin_len = page
        .split_once("://")
        .map(|(scheme, rest)| scheme.len() + 3 + rest.find('/').unwrap_or(rest.len()))
        .unwrap_or(0);
    match page.get(..origin_len) {
        Some(origin) if origin_len > 0 => url
            .strip_prefix(origin)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(url),
        _ => url,
    }
}

fn http_breadcrumb(record: &JsValue) {
    let url = get_text(record, "u").unwrap_or_default();
    // Faultline's own requests to the sync server are not the app's doing.
    if crate::sync::endpoint().is_some_and(|endpoint| is_same_endpoint(&url, &endpoint)) {
        return;
    }
    let status = get_f64(record, "s").unwrap_or(0.0);
    let level = match status as u32 {
        0 | 500.. => Some(Level::Error),
        400..=499 => Some(Level::Warning),
        _ => None,
    };
    let method = get_text(record, "m")
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    let mut crumb = Breadcrumb {
        timestamp: at(record),
        ty: Some("http".into()),
        category: get_text(record, "k"),
        level,
        ..Breadcrumb::default()
    };
    crumb.data.insert("method".into(), Value::from(method));
    crumb.data.insert("url".into(), Value::from(url));
    if status > 0.0 {
        crumb
            .data
            .insert("status_code".into(), Value::from(status as u64));
    }
    if let Some(ms) = get_f64(record, "d") {
        crumb
            .data
            .insert("duration_ms".into(), Value::from(ms.max(0.0) as u64));
    }
    client::add_breadcrumb(crumb, None);
}

/// Whether `url` is a request to `endpoint`, ignoring the query string.
fn is_same_endpoint(url: &str, endpoint: &str) -> bool {
    let path = |u: &str| u.split(['?', '#']).next().unwrap_or(u).to_string();
    path(url) == path(endpoint)
}
