//! The Rust API: the JS API's operations with Rust types, each one call into the page part.

use faultline_core::{Breadcrumb, Event, EventId, Level, User};
use js_sys::{Array, Promise};
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::convert::{self, set};
use crate::options::{Options, DEFAULT_ENGINE_DIR};
use crate::{page, panic};

/// Linked errors read from a `source()` chain besides the error itself (as the page part
/// reads `cause` chains).
const MAX_SOURCES: usize = 5;

/// Starts capturing with `options`: installs the page part's sensors and, unless
/// `integrations.panic` is off, the panic hook (once). The engine loads on the first
/// event, from `engine_url`. Calling it again before `close` has no effect. Resolves to
/// `true`.
pub fn init(options: Options) -> Promise {
    if options.integrations.panic {
        panic::install_once();
    }
    let engine_url = options
        .engine_url
        .clone()
        .unwrap_or_else(|| beside_app(DEFAULT_ENGINE_DIR));
    page::init(&options.to_js(&engine_url))
}

/// `path` resolved against the directory of the app's JS glue.
fn beside_app(path: &str) -> String {
    let glue = page::glue_url();
    let glue = glue.split(['?', '#']).next().unwrap_or_default();
    match glue.rsplit_once('/') {
        Some((dir, _)) => dir.to_string() + "/" + path,
        None => path.to_string(),
    }
}

/// An event id from the page part (`""` when the capture was dropped).
fn event_id(id: String) -> Option<EventId> {
    EventId::parse(&id).ok()
}

/// Captures a Rust error and its `source()` chain (up to 5 causes) as linked exceptions,
/// handled; returns the event id, or `None` when it was dropped (and counted).
pub fn capture_error(error: &dyn std::error::Error) -> Option<EventId> {
    let mut chain = vec![error];
    let mut next = error.source();
    while let Some(source) = next.filter(|_| chain.len() <= MAX_SOURCES) {
        chain.push(source);
        next = source.source();
    }
    // Built from the root cause up, each error the `cause` of the one above it.
    let mut thrown = JsValue::UNDEFINED;
    for e in chain.iter().rev() {
        let js = js_sys::Error::new(&e.to_string());
        js.set_name(&type_name(*e));
        // A Rust error has no JS stack: the stack of this call would only say where it was
        // captured, and would split its issue on every build.
        set(&js, "stack", JsValue::UNDEFINED);
        if !thrown.is_undefined() {
            js.set_cause(&thrown);
        }
        thrown = js.into();
    }
    event_id(page::capture_exception(&thrown, &JsValue::UNDEFINED))
}

/// The error's type as its `Debug` output starts (`EmptyCart` for `SaveError::EmptyCart`,
/// `PaymentError` for `PaymentError { .. }`), or `Error`.
fn type_name(error: &dyn std::error::Error) -> String {
    let debug = format!("{error:?}");
    let name: String = debug
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        "Error".into()
    } else {
        name
    }
}

/// Captures a message at `level`; returns the event id, or `None` when it was dropped.
pub fn capture_message(message: &str, level: Level) -> Option<EventId> {
    event_id(page::capture_message(message, level.as_str()))
}

/// Captures a whole event; missing release, environment and context are filled in.
pub fn capture_event(event: Event) -> Option<EventId> {
    event_id(page::capture_event(&convert::event_to_js(&event)))
}

/// Adds a breadcrumb (after `before_breadcrumb`); a zero timestamp means now.
pub fn add_breadcrumb(crumb: Breadcrumb) {
    page::add_breadcrumb(&convert::breadcrumb_to_js(&crumb));
}

/// Sets the user of the following events; `None` forgets it.
pub fn set_user(user: Option<User>) {
    page::set_user(&user.as_ref().map_or(JsValue::NULL, convert::user_to_js));
}

/// Sets a tag on the following events.
pub fn set_tag(key: &str, value: &str) {
    page::set_tag(key, value);
}

/// Sets several tags.
pub fn set_tags<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) {
    for (key, value) in tags {
        page::set_tag(key, value);
    }
}

/// Sets a named context (an object); `None` removes it.
pub fn set_context(name: &str, context: Option<Value>) {
    page::set_context(
        name,
        &context.as_ref().map_or(JsValue::NULL, convert::value_to_js),
    );
}

/// Sets an extra value on the following events.
pub fn set_extra(key: &str, value: Value) {
    page::set_extra(key, &convert::value_to_js(&value));
}

/// Overrides the level of the following events; `None` stops overriding.
pub fn set_level(level: Option<Level>) {
    page::set_level(&level.map_or(JsValue::NULL, |l| JsValue::from_str(l.as_str())));
}

/// Sets the fingerprint of the following events (`{{ default }}` stands for the default).
pub fn set_fingerprint(parts: Vec<String>) {
    let parts: Array = parts.iter().map(|p| JsValue::from_str(p)).collect();
    page::set_fingerprint(&parts);
}

/// Runs `f` in a new scope: changes made inside (tags, user, ...) apply to events
/// captured inside and are undone afterwards.
pub fn with_scope<R>(f: impl FnOnce() -> R) -> R {
    let mut f = Some(f);
    let mut out = None;
    page::with_scope(&mut || {
        if let Some(f) = f.take() {
            out = Some(f());
        }
    });
    match (out, f) {
        (Some(out), _) => out,
        // The page part always calls back; were it not to, `f` still runs (unscoped).
        (None, Some(f)) => f(),
        (None, None) => unreachable!("`out` is set whenever `f` was taken"),
    }
}

/// The id of the last event captured (and not dropped at capture time).
pub fn last_event_id() -> Option<EventId> {
    page::last_event_id().and_then(event_id)
}

/// Resolves to `true` once everything captured so far is stored (and, with a `dsn`,
/// sent), or to `false` when `timeout_ms` passes first.
pub fn flush(timeout_ms: Option<u32>) -> Promise {
    page::flush(timeout_ms)
}

/// Flushes (within `timeout_ms`), then removes everything Faultline installed except the
/// panic hook (which captures nothing until the next `init`). Resolves to whether
/// everything was stored in time.
pub fn close(timeout_ms: Option<u32>) -> Promise {
    page::close(timeout_ms)
}
