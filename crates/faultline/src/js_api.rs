//! The JavaScript API, as exported by wasm-bindgen (wrapped by `js/faultline.js`).

use faultline_core::Timestamp;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ErrorEvent;

use crate::handlers::capture_error_event;
use crate::js_error::{exception_from_js, Origin};
use crate::options::options_from_js;

/// Starts capturing. `early` holds `{ event, ts }` records of `error` events that the JS
/// wrapper buffered while the wasm module loaded.
#[wasm_bindgen(js_name = init)]
pub fn init_js(options: JsValue, early: Option<Array>) -> Promise {
    let ready = crate::client::init(options_from_js(&options));
    for record in early.iter().flat_map(|a| a.iter()) {
        let event = Reflect::get(&record, &"event".into()).ok();
        let at = Reflect::get(&record, &"ts".into())
            .ok()
            .and_then(|v| v.as_f64());
        if let (Some(event), Some(at)) = (event.and_then(|e| e.dyn_into::<ErrorEvent>().ok()), at) {
            capture_error_event(&event, Timestamp(at as i64));
        }
    }
    ready
}

/// Captures a thrown value as a handled exception; returns its event id, or `""` when it
/// was dropped.
#[wasm_bindgen(js_name = captureException)]
pub fn capture_exception_js(error: JsValue) -> String {
    let exception = exception_from_js(&error, "generic", true, &Origin::default());
    crate::client::capture_exceptions(vec![exception], Timestamp(js_sys::Date::now() as i64))
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// Resolves once everything captured so far is stored and, with sync on, sent; `false`
/// when events were still waiting to be sent after `timeout_ms` (default 2 s).
#[wasm_bindgen(js_name = flush)]
pub fn flush_js(timeout_ms: Option<u32>) -> Promise {
    crate::client::flush(timeout_ms)
}
