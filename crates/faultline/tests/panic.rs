//! A Rust panic on the real page part and engine, in headless Chromium: one fatal event,
//! and the trap that follows it is not another. Its own test binary: a panic leaves this
//! wasm instance aborted mid-call, so nothing else runs in it afterwards.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline::Level;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_rust_panic_is_one_fatal_event_at_its_location_and_its_trap_is_not_another() {
    let db = start(options("panic")).await;
    // The panic runs in a task of its own, as an app's event handler would: its trap then
    // reaches the page as an uncaught `RuntimeError: unreachable`.
    let panicking = Closure::once_into_js(|| {
        let cart: Vec<u32> = Vec::new();
        if cart.is_empty() {
            panic!("cart is empty at checkout");
        }
    });
    let set_timeout: js_sys::Function = js("return setTimeout").into();
    set_timeout
        .call2(&JsValue::UNDEFINED, &panicking, &JsValue::from(0))
        .unwrap();
    tick(100).await;
    let stored = stop(&db).await;
    let event = stored.one();
    let x = event.primary_exception().unwrap();
    assert_eq!(x.ty.as_deref(), Some("panic"));
    assert_eq!(x.value.as_deref(), Some("cart is empty at checkout"));
    assert_eq!(event.level, Level::Fatal);
    assert_eq!(mechanism(event, 0), ("panic".into(), Some(false)));
    let frames = &x.stacktrace.as_ref().expect("a stack").frames;
    let crashing = frames.last().unwrap();
    assert!(
        crashing
            .filename
            .as_deref()
            .is_some_and(|f| f.ends_with("tests/panic.rs")),
        "{crashing:?}"
    );
    assert!(crashing.lineno.is_some_and(|l| l > 0));
    assert!(frames.len() > 1, "the JS stack at the panic is kept too");
}
