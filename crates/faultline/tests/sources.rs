//! Uncaught errors, rejections, non-Error throws and Rust panics, in headless Chromium.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline::{Level, Options};
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Throws `value` (JS source) from a timer, uncaught, and waits for it to be dispatched.
async fn throw_uncaught(value: &str) {
    js(&format!(
        "setTimeout(function failingTimer() {{ throw {value}; }}, 0);"
    ));
    tick(20).await;
}

#[wasm_bindgen_test]
async fn uncaught_errors_are_captured_and_the_apps_onerror_still_runs() {
    js("globalThis.__appSaw = []; window.onerror = (m) => { globalThis.__appSaw.push(String(m)); };");
    let db = start("uncaught", Options::default()).await;
    throw_uncaught("new TypeError('user is null')").await;
    let stored = stop(&db).await;
    js("window.onerror = null;");
    let event = stored.one();
    let x = event.primary_exception().unwrap();
    assert_eq!(
        (x.ty.as_deref(), x.value.as_deref()),
        (Some("TypeError"), Some("user is null"))
    );
    assert_eq!(mechanism(event), ("onerror".into(), Some(false)));
    assert_eq!(frames(event).last().unwrap().0, "failingTimer");
    assert_eq!(event.level, Level::Error);
    let saw = js("return globalThis.__appSaw.join('|')")
        .as_string()
        .unwrap();
    assert!(
        saw.contains("user is null"),
        "the app's own onerror ran: {saw}"
    );
}

#[wasm_bindgen_test]
async fn non_error_throws_become_readable_exceptions() {
    let db = start("non-errors", Options::default()).await;
    for value in [
        "'plain string'",
        "42",
        "null",
        "{ code: 7, reason: 'nope' }",
        "{ get message() { throw new Error('getter'); }, toString() { throw new Error('toString'); } }",
        "new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } })",
    ] {
        throw_uncaught(value).await;
    }
    let stored = stop(&db).await;
    let mut values: Vec<String> = stored
        .events
        .iter()
        .map(|e| {
            e.primary_exception()
                .unwrap()
                .value
                .clone()
                .unwrap_or_default()
        })
        .collect();
    values.sort();
    assert_eq!(
        values,
        [
            "42".to_string()
                .replace("42", "Non-Error exception captured with value: 42"),
            "Non-Error exception captured with value: null".into(),
            "Object captured as exception with keys: [object has no keys]".into(),
            "Object captured as exception with keys: code, reason".into(),
            "Object captured as exception with keys: message, toString".into(),
            "plain string".into(),
        ]
    );
    for event in &stored.events {
        assert_eq!(mechanism(event), ("onerror".into(), Some(false)));
    }
}

#[wasm_bindgen_test]
async fn a_stackless_error_gets_the_error_events_location_as_its_frame() {
    let db = start("stackless", Options::default()).await;
    js(
        "window.dispatchEvent(new ErrorEvent('error', { error: 'boom', message: 'Uncaught boom', \
        filename: 'http://127.0.0.1/static/app.js?v=3', lineno: 12, colno: 7 }));",
    );
    let stored = stop(&db).await;
    let event = stored.one();
    assert_eq!(
        frames(event),
        [(String::new(), "/static/app.js".to_string(), 12)]
    );
    let frame = &event
        .primary_exception()
        .unwrap()
        .stacktrace
        .as_ref()
        .unwrap()
        .frames[0];
    assert_eq!(
        frame.abs_path.as_deref(),
        Some("http://127.0.0.1/static/app.js?v=3")
    );
    assert_eq!(frame.colno, Some(7));
}

#[wasm_bindgen_test]
async fn unhandled_rejections_are_captured_with_readable_reasons() {
    let db = start("rejections", Options::default()).await;
    js("Promise.reject(new RangeError('page out of range')); Promise.reject(404);");
    tick(50).await;
    let stored = stop(&db).await;
    assert_eq!(stored.events.len(), 2);
    let find = |ty: &str| {
        stored
            .events
            .iter()
            .find(|e| e.primary_exception().unwrap().ty.as_deref() == Some(ty))
            .unwrap()
    };
    let range = find("RangeError");
    assert_eq!(
        mechanism(range),
        ("onunhandledrejection".into(), Some(false))
    );
    assert_eq!(
        find("UnhandledRejection")
            .primary_exception()
            .unwrap()
            .value
            .as_deref(),
        Some("Non-Error promise rejection captured with value: 404")
    );
}

#[wasm_bindgen_test]
async fn cross_origin_script_errors_are_one_tagged_issue() {
    let db = start("script-error", Options::default()).await;
    for _ in 0..2 {
        js("window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.' }));");
        tick(1100).await;
    }
    let stored = stop(&db).await;
    assert_eq!(stored.issues.len(), 1);
    assert_eq!(stored.issues[0].count, 2);
    assert_eq!(stored.issues[0].title, "Error: Script error.");
    assert_eq!(stored.events[0].tags["cross_origin"], "true");
}

#[wasm_bindgen_test]
async fn a_rust_panic_is_one_fatal_event_and_its_trap_is_not_another() {
    let db = start("panic", Options::default()).await;
    let panicking = Closure::once_into_js(|| {
        let cart: Vec<u32> = Vec::new();
        if cart.is_empty() {
            panic!("cart is empty at checkout");
        }
    });
    let set_timeout = js("return setTimeout");
    let set_timeout: js_sys::Function = set_timeout.into();
    set_timeout
        .call2(&JsValue::UNDEFINED, &panicking, &JsValue::from(0))
        .unwrap();
    tick(50).await;
    let stored = stop(&db).await;
    let event = stored.one();
    let x = event.primary_exception().unwrap();
    assert_eq!(x.ty.as_deref(), Some("panic"));
    assert_eq!(x.value.as_deref(), Some("cart is empty at checkout"));
    assert_eq!(mechanism(event), ("panic".into(), Some(false)));
    assert_eq!(event.level, Level::Fatal);
    let (_, file, line) = frames(event).pop().unwrap();
    assert!(file.ends_with("tests/sources.rs"), "{file}");
    assert!(line > 0);
    assert!(frames(event).len() > 1, "the JS stack is kept too");
}
