//! The sensors this wasm installs itself (the Rust path), and where their records go.

use faultline_core::Timestamp;
use js_sys::Function;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{error_body, rejection_body};
use crate::client;
use crate::convert;
use crate::options::Integrations;
use crate::sensors;

/// Record kinds, as `js/sensors.js` numbers them.
const ERROR: u32 = 1;
const REJECTION: u32 = 2;
const CRUMB: u32 = 3;

/// What Faultline installed; dropping it removes all of it.
#[must_use]
pub(crate) struct Handlers {
    _sink: Closure<dyn FnMut(u32, JsValue, JsValue)>,
    undo: Vec<Function>,
}

impl Handlers {
    /// Installs the sensors that `on` switches on.
    pub fn install(on: &Integrations) -> Handlers {
        let sink = Closure::<dyn FnMut(u32, JsValue, JsValue)>::new(dispatch);
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

/// Handles one record from a sensor (`extra` is a rejection's reason, for the hint).
fn dispatch(kind: u32, record: JsValue, extra: JsValue) {
    match kind {
        ERROR => capture_error_record(&record),
        REJECTION => capture_rejection_record(&record, extra),
        CRUMB => sensor_breadcrumb(&record),
        _ => {}
    }
}

/// Captures an `error` event's record.
fn capture_error_record(record: &JsValue) {
    if let Some((body, at)) = error_body(record) {
        client::capture(body, JsValue::UNDEFINED, at, None);
    }
}

/// Captures an `unhandledrejection` event's record (`reason` is kept for the hint).
fn capture_rejection_record(record: &JsValue, reason: JsValue) {
    if let Some((body, at)) = rejection_body(record) {
        client::capture(body, reason, at, None);
    }
}

/// Keeps a sensor's breadcrumb (Sentry's shape, built by `js/sensors.js`).
fn sensor_breadcrumb(record: &JsValue) {
    let crumb = convert::breadcrumb_from_js(record, Timestamp(js_sys::Date::now() as i64));
    // Faultline's own requests to the sync server are not the app's doing.
    let url = crumb.data.get("url").and_then(Value::as_str);
    if let (Some(url), Some(endpoint)) = (url, crate::sync::endpoint()) {
        if is_same_endpoint(url, &endpoint) {
            return;
        }
    }
    crate::hooks::add_breadcrumb(crumb, None);
}

/// Whether `url` is a request to `endpoint`, ignoring the query string.
fn is_same_endpoint(url: &str, endpoint: &str) -> bool {
    let path = |u: &str| u.split(['?', '#']).next().unwrap_or(u).to_string();
    path(url) == path(endpoint)
}
