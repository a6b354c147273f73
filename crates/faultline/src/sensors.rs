//! The JS half of capture (`js/sensors.js`), as the wasm module imports it.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/sensors.js")]
extern "C" {
    /// `console[level](text)` without leaving a breadcrumb.
    #[wasm_bindgen(catch)]
    fn say(level: &str, text: &str) -> Result<(), JsValue>;
    /// A promise resolved after `ms` milliseconds.
    pub(crate) fn sleep(ms: f64) -> Promise;
    /// The page's URL now, or `""`.
    #[wasm_bindgen(js_name = pageUrl)]
    fn page_url_or_empty() -> String;
    /// The browser's user agent, or `""`.
    #[wasm_bindgen(js_name = userAgent)]
    pub(crate) fn user_agent() -> String;
}

/// What only the Rust path calls: its panic hook, its JS API and its own sensors.
#[cfg(feature = "rust-api")]
#[wasm_bindgen(module = "/js/sensors.js")]
extern "C" {
    /// The stack at this point, cut.
    #[wasm_bindgen(js_name = stackHere)]
    pub(crate) fn stack_here() -> String;
    /// Raises V8's `Error.stackTraceLimit` to 50 (grouping counts 10 frames that are not
    /// built-ins).
    #[cfg(feature = "rust-api")]
    #[wasm_bindgen(js_name = raiseStackTraceLimit)]
    pub(crate) fn raise_stack_trace_limit();
    /// A thrown value as flat entries (the value, then its linked errors).
    #[wasm_bindgen(js_name = readError)]
    pub(crate) fn read_error(value: &JsValue) -> JsValue;
    /// Installs the sensor `what`, calling `sink(kind, record)`; returns its undo function.
    pub(crate) fn install(what: &str, sink: &JsValue) -> JsValue;
}

/// Writes a warning to the console, prefixed, without leaving a breadcrumb.
pub(crate) fn warn(text: &str) {
    let _ = say("warn", &("[faultline] ".to_string() + text));
}

/// Writes an error to the console without leaving a breadcrumb.
#[cfg(feature = "rust-api")]
pub(crate) fn error(text: &str) {
    let _ = say("error", text);
}

/// The page's URL now.
pub(crate) fn page_url() -> Option<String> {
    Some(page_url_or_empty()).filter(|s| !s.is_empty())
}
