//! The Rust API, for Rust and Yew apps: the same operations as the JS API (feature
//! `rust-api`).

use faultline_core::{
    Breadcrumb, Event, EventId, Exception, ExceptionList, Level, Mechanism, Timestamp, User,
};
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::client::{self, configure_scope, with_client, Body};

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Captures a Rust error and its `source()` chain (up to 5 causes) as a handled
/// exception; returns the event id, or `None` when it was dropped (and counted).
pub fn capture_error(error: &dyn std::error::Error) -> Option<EventId> {
    let mut values = Vec::new();
    let mut current: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = current.take() {
        if values.len() == 6 {
            break;
        }
        // `Debug` of most error types starts with the type's name.
        let debug = format!("{e:?}");
        let ty: String = debug
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        values.push(Exception {
            ty: Some(if ty.is_empty() { "Error".into() } else { ty }),
            value: Some(e.to_string()),
            mechanism: Some(Mechanism {
                ty: if values.is_empty() {
                    "generic"
                } else {
                    "chained"
                }
                .into(),
                handled: Some(true),
                ..Mechanism::default()
            }),
            ..Exception::default()
        });
        current = e.source();
    }
    // Sentry's order: the root cause first, the thrown error last.
    values.reverse();
    let event = Event {
        exception: Some(ExceptionList { values }),
        ..Event::default()
    };
    capture_event(event)
}

/// Captures a message at `level`.
pub fn capture_message(message: &str, level: Level) -> Option<EventId> {
    let body = Body::Message {
        text: message.to_string(),
        level,
    };
    client::capture(body, JsValue::UNDEFINED, now_ms(), None)
}

/// Captures a whole event; missing release, environment and context are filled in.
pub fn capture_event(event: Event) -> Option<EventId> {
    client::capture(
        Body::Event(Box::new(event)),
        JsValue::UNDEFINED,
        now_ms(),
        None,
    )
}

/// Adds a breadcrumb (after `before_breadcrumb`); a zero timestamp means now.
pub fn add_breadcrumb(mut crumb: Breadcrumb) {
    if crumb.timestamp == Timestamp(0) {
        crumb.timestamp = Timestamp(now_ms() as i64);
    }
    crate::hooks::add_breadcrumb(crumb, None);
}

/// Sets the user of the following events; `None` forgets it.
pub fn set_user(user: Option<User>) {
    configure_scope(|s| s.user = user);
}

/// Sets a tag on the following events.
pub fn set_tag(key: &str, value: &str) {
    configure_scope(|s| {
        s.tags.insert(key.to_string(), value.to_string());
    });
}

/// Sets several tags.
pub fn set_tags<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) {
    configure_scope(|s| {
        for (k, v) in tags {
            s.tags.insert(k.to_string(), v.to_string());
        }
    });
}

/// Sets a named context (an object); `None` removes it.
pub fn set_context(name: &str, context: Option<Value>) {
    configure_scope(|s| match context {
        Some(c) => {
            s.contexts.insert(name.to_string(), c);
        }
        None => {
            s.contexts.remove(name);
        }
    });
}

/// Sets an extra value on the following events.
pub fn set_extra(key: &str, value: Value) {
    configure_scope(|s| {
        s.extra.insert(key.to_string(), value);
    });
}

/// Overrides the level of the following events; `None` stops overriding.
pub fn set_level(level: Option<Level>) {
    configure_scope(|s| s.level = level);
}

/// Sets the fingerprint of the following events (`{{ default }}` stands for the default).
pub fn set_fingerprint(parts: Vec<String>) {
    configure_scope(|s| s.fingerprint = parts);
}

/// Runs `f` in a new scope: changes made inside (tags, user, ...) apply to events
/// captured inside and are undone afterwards.
pub fn with_scope<R>(f: impl FnOnce() -> R) -> R {
    push_scope();
    let out = f();
    pop_scope();
    out
}

pub(crate) fn push_scope() {
    with_client(|c| c.scopes.push());
}

pub(crate) fn pop_scope() {
    with_client(|c| c.scopes.pop());
}

/// The id of the last event captured (and not dropped at capture time).
pub fn last_event_id() -> Option<EventId> {
    with_client(|c| c.last_event_id).flatten()
}
