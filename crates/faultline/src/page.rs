//! The JS package's page part, as this crate imports it: every call of the Rust API ends
//! in one of these.
//!
//! The page part (`js/faultline.js` and the modules it imports) comes bundled and minified
//! in one file, `page/faultline.min.js` (`scripts/page-bundle.sh` writes it from the
//! sources; `make test` checks it is up to date). wasm-bindgen copies it into the app's
//! output (`snippets/faultline-<hash>/page/`) and trunk serves it as it is, so a Yew app
//! pays for the minified page part. The files it loads later (the engine and its Worker,
//! the read API, the sync sender) are not in it: `init`'s `engineUrl` says where they are
//! served.
//!
//! None of these throws: the page part catches and counts its own failures.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/page/faultline.min.js")]
extern "C" {
    /// Installs the sensors; the engine loads on the first event.
    pub(crate) fn init(options: &JsValue) -> Promise;
    /// Captures a thrown value; returns its event id, `""` when dropped.
    #[wasm_bindgen(js_name = captureException)]
    pub(crate) fn capture_exception(error: &JsValue, hint: &JsValue) -> String;
    /// Captures a message at a level; returns its event id, `""` when dropped.
    #[wasm_bindgen(js_name = captureMessage)]
    pub(crate) fn capture_message(message: &str, level: &str) -> String;
    /// Captures an event in Sentry's shape; returns its event id, `""` when dropped.
    #[wasm_bindgen(js_name = captureEvent)]
    pub(crate) fn capture_event(event: &JsValue) -> String;
    /// Adds a breadcrumb (after `beforeBreadcrumb`).
    #[wasm_bindgen(js_name = addBreadcrumb)]
    pub(crate) fn add_breadcrumb(crumb: &JsValue);
    /// Sets or (`null`) forgets the user.
    #[wasm_bindgen(js_name = setUser)]
    pub(crate) fn set_user(user: &JsValue);
    /// Sets a tag.
    #[wasm_bindgen(js_name = setTag)]
    pub(crate) fn set_tag(key: &str, value: &str);
    /// Sets an extra value.
    #[wasm_bindgen(js_name = setExtra)]
    pub(crate) fn set_extra(key: &str, value: &JsValue);
    /// Sets or (`null`) removes a named context.
    #[wasm_bindgen(js_name = setContext)]
    pub(crate) fn set_context(name: &str, context: &JsValue);
    /// Overrides the level, or (`null`) stops overriding.
    #[wasm_bindgen(js_name = setLevel)]
    pub(crate) fn set_level(level: &JsValue);
    /// Sets the fingerprint (an array of strings).
    #[wasm_bindgen(js_name = setFingerprint)]
    pub(crate) fn set_fingerprint(parts: &JsValue);
    /// Runs `callback` in a copy of the scope, undone afterwards.
    #[wasm_bindgen(js_name = withScope)]
    pub(crate) fn with_scope(callback: &mut dyn FnMut());
    /// The id of the last captured event, if any.
    #[wasm_bindgen(js_name = lastEventId)]
    pub(crate) fn last_event_id() -> Option<String>;
    /// Resolves to `true` once everything captured so far is stored.
    pub(crate) fn flush(timeout_ms: Option<u32>) -> Promise;
    /// Flushes, then removes everything `init` installed.
    pub(crate) fn close(timeout_ms: Option<u32>) -> Promise;
    /// The counters, as of the engine's last report.
    pub(crate) fn stats() -> JsValue;
    /// `console[level](text)` without leaving a breadcrumb.
    pub(crate) fn say(level: &str, text: &str);
}

#[wasm_bindgen]
extern "C" {
    /// `import.meta` of the app's wasm-bindgen glue (an ES module, `--target web`).
    type ImportMeta;
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// The URL of the app's JS glue (where trunk and wasm-bindgen put the app's files).
pub(crate) fn glue_url() -> String {
    IMPORT_META.with(ImportMeta::url)
}
