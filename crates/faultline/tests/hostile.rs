//! Hostile inputs: huge messages and stacks, cycles, proxies, overflow and floods.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline::js_api::*;
use faultline::Options;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_10_mb_message_is_cut_and_counted() {
    let db = start("huge-message", Options::default()).await;
    capture_exception_js(
        js("return new Error('x'.repeat(10 * 1024 * 1024))"),
        JsValue::UNDEFINED,
    );
    let stored = stop(&db).await;
    let value = stored
        .one()
        .primary_exception()
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert!(
        value.len() <= 8200 && value.len() >= 8192,
        "{}",
        value.len()
    );
    assert_eq!(faultline::stats().truncated, 1);
}

#[wasm_bindgen_test]
async fn a_5000_frame_stack_keeps_the_crashing_end() {
    let db = start("deep-stack", Options::default()).await;
    let error = js(
        "const limit = Error.stackTraceLimit; Error.stackTraceLimit = Infinity; \
        function down(n) { if (n === 0) return new Error('deep'); return down(n - 1); } \
        const e = down(5000); Error.stackTraceLimit = limit; return e;",
    );
    capture_exception_js(error, JsValue::UNDEFINED);
    let stored = stop(&db).await;
    let frames = frames(stored.one());
    assert_eq!(frames.len(), 50);
    assert_eq!(frames.last().unwrap().0, "down");
}

#[wasm_bindgen_test]
async fn stack_overflow_is_captured() {
    let db = start("overflow", Options::default()).await;
    let error = js(
        "function recurse() { return recurse() + 1; } try { recurse(); } catch (e) { return e; }",
    );
    capture_exception_js(error, JsValue::UNDEFINED);
    let stored = stop(&db).await;
    let x = stored.one().primary_exception().unwrap();
    // Each engine words it its own way (V8 and JavaScriptCore, then SpiderMonkey).
    let read = (x.ty.as_deref(), x.value.as_deref());
    assert!(
        matches!(
            read,
            (Some("RangeError"), Some("Maximum call stack size exceeded"))
                | (Some("InternalError"), Some("too much recursion"))
        ),
        "{read:?}"
    );
}

#[wasm_bindgen_test]
async fn cyclic_proxy_and_throwing_values_in_extra_are_stored_safely() {
    let db = start("hostile-extra", Options::default()).await;
    set_extra_js(
        "cycle",
        js("const a = { name: 'a' }; a.self = a; a.list = [a]; return a;"),
    );
    set_extra_js(
        "proxy",
        js("return new Proxy({}, { ownKeys() { throw new Error('no keys'); } })"),
    );
    set_extra_js(
        "getter",
        js("return { get boom() { throw new Error('getter'); }, ok: 1 }"),
    );
    set_extra_js("deep", js("let o = {}; const root = o; for (let i = 0; i < 100; i++) { o.next = {}; o = o.next; } return root;"));
    capture_exception_js(
        js("return { toString() { throw new Error('toString'); } }"),
        JsValue::UNDEFINED,
    );
    let stored = stop(&db).await;
    let extra = &stored.one().extra;
    assert_eq!(extra["cycle"]["self"], "[Circular]");
    assert_eq!(extra["cycle"]["list"][0], "[Circular]");
    assert_eq!(extra["proxy"], "[unreadable]");
    assert_eq!(extra["getter"]["boom"], "[unreadable]");
    assert_eq!(extra["getter"]["ok"], 1);
    // Core's truncation: below three levels (counting `extra` itself), a marker.
    assert_eq!(extra["deep"]["next"]["next"], "[Object]");
}

#[wasm_bindgen_test]
async fn a_flood_of_20000_errors_is_counted_exactly_with_bounded_storage() {
    let db = start("flood", Options::default()).await;
    let capture = wasm_bindgen::closure::Closure::<dyn Fn(JsValue) -> String>::new(|e| {
        capture_exception_js(e, JsValue::UNDEFINED)
    })
    .into_js_value();
    // Ten tight loops of 2,000 with a task between them: this debug build is slow enough
    // that a larger flood can stall the test driver on a loaded machine (the release build
    // takes 100,000 in one loop on a real page: tests/e2e/capture.test.mjs).
    let flood: js_sys::Function = js("return function (capture) { for (let i = 0; i < 2000; i++) capture(new Error('tight loop')); }").into();
    let started = js_sys::Date::now();
    for _ in 0..10 {
        flood.call1(&JsValue::UNDEFINED, &capture).unwrap();
        tick(0).await;
    }
    let seconds = ((js_sys::Date::now() - started) / 1000.0).ceil() as usize;
    let stored = stop(&db).await;
    let stats = faultline::stats();
    assert_eq!(stats.captured, 20_000);
    assert_eq!(stored.issues.len(), 1);
    // Bodies: at most two per second the loop ran: one of each second's identical events
    // admitted whole (the rate admits 100 a second, dedupe keeps one), and the sample that
    // stands for each tally window's rest (stored when the window closes, so it can fall
    // outside the dedupe window of the whole events stored around it).
    assert!(
        stored.events.len() <= 2 * seconds + 2,
        "{} bodies in {seconds} s",
        stored.events.len()
    );
    assert_eq!(
        stats.stored + stats.deduped + stats.rate_limited + stats.queue_full,
        20_000,
        "{stats:?}"
    );
    assert_eq!(stats.queue_full, 0);
    assert_eq!(stats.stored as usize, stored.events.len());
    // Every event counts on the issue: stored bodies, repeats, and the tallied rest that a
    // sample stands for.
    assert_eq!(stored.issues[0].count, 20_000, "{stats:?}");
}
