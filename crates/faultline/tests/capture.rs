//! Manual capture, scope, hooks, filters and breadcrumbs, in headless Chromium.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline::js_api::*;
use faultline::{BeforeSend, Level, Options, Pattern};
use serde_json::json;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Debug)]
struct PaymentError;

impl std::fmt::Display for PaymentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("payment provider timed out")
    }
}

impl std::error::Error for PaymentError {}

fn options() -> Options {
    Options {
        release: Some("shop@1.0.0".into()),
        environment: Some("test".into()),
        ..Options::default()
    }
}

#[wasm_bindgen_test]
async fn captured_rust_errors_are_stored_as_one_issue() {
    let db = start("rust-errors", options()).await;
    assert!(faultline::capture_error(&PaymentError).is_some());
    assert!(faultline::capture_error(&PaymentError).is_some());
    let stored = stop(&db).await;
    assert_eq!(stored.issues.len(), 1);
    assert_eq!(
        stored.issues[0].title,
        "PaymentError: payment provider timed out"
    );
    // The second is a repeat within a second: counted on the issue, not stored twice.
    assert_eq!(stored.issues[0].count, 2);
    assert_eq!(stored.events.len(), 1);
    assert_eq!(faultline::stats().deduped, 1);
    assert_eq!(
        stored.issues[0].first_release.as_deref(),
        Some("shop@1.0.0")
    );
}

#[wasm_bindgen_test]
async fn manual_capture_has_type_value_frames_user_tags_breadcrumbs_and_context() {
    let db = start("manual", options()).await;
    let error = js("function checkout(cart) { return cart.applyCoupon(); }\n\
                    try { checkout({}); } catch (e) { return e; }");
    set_user_js(js("return { id: 42, email: 'ada@example.com' }"));
    set_tag_js("plan", JsValue::from_str("pro"));
    set_extra_js("cart", js("return { items: 3 }"));
    add_breadcrumb_js(
        js("return { category: 'auth', message: 'signed in' }"),
        JsValue::UNDEFINED,
    );
    let id = capture_exception_js(error, JsValue::UNDEFINED);
    assert_eq!(id.len(), 32);
    assert_eq!(last_event_id_js().as_deref(), Some(id.as_str()));
    let stored = stop(&db).await;
    let event = stored.one();
    let x = event.primary_exception().unwrap();
    assert_eq!(x.ty.as_deref(), Some("TypeError"));
    assert_eq!(
        x.value.as_deref(),
        Some("cart.applyCoupon is not a function")
    );
    // Code made by `new Function` is reported at the line of the script that made it.
    let (function, _, line) = frames(event).pop().unwrap();
    assert_eq!(function, "checkout");
    assert!(line > 0);
    assert_eq!(mechanism(event), ("generic".into(), Some(true)));
    assert_eq!(event.event_id.to_string(), id);
    assert_eq!(event.release.as_deref(), Some("shop@1.0.0"));
    assert_eq!(event.environment.as_deref(), Some("test"));
    assert_eq!(event.user.as_ref().unwrap().id.as_deref(), Some("42"));
    assert_eq!(event.tags["plan"], "pro");
    assert_eq!(event.extra["cart"], json!({ "items": 3 }));
    let crumbs = &event.breadcrumbs.as_ref().unwrap().values;
    assert!(crumbs
        .iter()
        .any(|b| b.message.as_deref() == Some("signed in")));
    // The browser context is parsed from this browser's own user agent.
    let agent = js("return navigator.userAgent").as_string().unwrap();
    let browser = if agent.contains("Firefox/") {
        "Firefox"
    } else {
        "Chrome Headless"
    };
    assert_eq!(event.contexts.0["browser"]["name"], browser);
    assert!(event.request.as_ref().unwrap().url.is_some());
}

#[wasm_bindgen_test]
async fn with_scope_isolates_changes() {
    let db = start("scope", options()).await;
    set_tag_js("area", JsValue::from_str("outer"));
    faultline::with_scope(|| {
        faultline::set_tag("area", "inner");
        faultline::capture_message("inside", Level::Warning);
    });
    faultline::capture_message("outside", Level::Info);
    let stored = stop(&db).await;
    let by_message = |m: &str| {
        stored
            .events
            .iter()
            .find(|e| e.message.as_deref() == Some(m))
            .unwrap()
    };
    assert_eq!(by_message("inside").tags["area"], "inner");
    assert_eq!(by_message("inside").level, Level::Warning);
    assert_eq!(by_message("outside").tags["area"], "outer");
}

#[wasm_bindgen_test]
async fn capture_event_keeps_its_fields_and_fingerprint() {
    let db = start("event", options()).await;
    capture_event_js(js("return { message: 'quota low', level: 'warning', tags: { shard: 3 }, fingerprint: ['quota'] }"));
    let stored = stop(&db).await;
    let event = stored.one();
    assert_eq!(event.message.as_deref(), Some("quota low"));
    assert_eq!(event.level, Level::Warning);
    assert_eq!(event.tags["shard"], "3");
    assert_eq!(stored.issues[0].fingerprint.as_str().len(), 32);
    assert_eq!(event.fingerprint, ["quota"]);
}

#[wasm_bindgen_test]
async fn secrets_cookies_and_the_ip_address_never_reach_storage() {
    let db = start("privacy", options()).await;
    capture_event_js(js("return { message: 'login failed for Bearer abc.def.ghi', \
        user: { id: 'u-7', ip_address: '203.0.113.9' }, \
        request: { url: 'https://shop.example/login?token=s3cret&next=/cart', \
          headers: { Cookie: 'sid=42', Authorization: 'Basic dXNlcjpwYXNz', Accept: 'text/html' } }, \
        extra: { password: 'hunter2', card: '4111 1111 1111 1111', note: 'fine' }, \
        tags: { api_key: 'k-123', plan: 'pro' } }"));
    let stored = stop(&db).await;
    let event = stored.one();
    let user = event.user.as_ref().expect("the user is kept");
    assert_eq!(user.id.as_deref(), Some("u-7"));
    assert_eq!(
        user.ip_address, None,
        "no IP address without sendDefaultPii"
    );
    let request = event.request.as_ref().expect("the request is kept");
    assert!(
        !request
            .headers
            .keys()
            .any(|k| k.eq_ignore_ascii_case("cookie")),
        "{request:?}"
    );
    assert_eq!(request.headers["Authorization"], "[Filtered]");
    assert_eq!(request.headers["Accept"], "text/html");
    let url = request.url.as_deref().unwrap_or_default();
    assert!(!url.contains("s3cret") && url.contains("next="), "{url}");
    assert_eq!(event.extra["password"], "[Filtered]");
    assert!(
        !event.extra["card"].to_string().contains("4111 1111"),
        "{:?}",
        event.extra["card"]
    );
    assert_eq!(event.extra["note"], "fine");
    assert_eq!(event.tags["api_key"], "[Filtered]");
    assert_eq!(event.tags["plan"], "pro");
    assert!(!event
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("abc.def.ghi"));
}

#[wasm_bindgen_test]
async fn before_send_can_change_and_drop_events() {
    let mut o = options();
    o.before_send = Some(BeforeSend::new(|mut e| {
        if e.message.as_deref() == Some("drop me") {
            return None;
        }
        e.tags.insert("seen".into(), "yes".into());
        Some(e)
    }));
    let db = start("before-send", o).await;
    faultline::capture_message("keep me", Level::Info);
    faultline::capture_message("drop me", Level::Info);
    let stored = stop(&db).await;
    assert_eq!(stored.one().tags["seen"], "yes");
    assert_eq!(faultline::stats().before_send_dropped, 1);
}

#[wasm_bindgen_test]
async fn a_throwing_js_before_send_is_counted_once_and_never_loops() {
    let hook = js("return function (event) { \
        globalThis.__calls = (globalThis.__calls || 0) + 1; \
        globalThis.__inner = globalThis.__faultlineCapture(new Error('from inside beforeSend')); \
        throw new Error('beforeSend is broken'); }");
    js_sys::Reflect::set(
        &js_sys::global(),
        &"__faultlineCapture".into(),
        &wasm_bindgen::closure::Closure::<dyn Fn(JsValue) -> String>::new(|e| {
            capture_exception_js(e, JsValue::UNDEFINED)
        })
        .into_js_value(),
    )
    .unwrap();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"beforeSend".into(), &hook).unwrap();
    js_sys::Reflect::set(
        &options,
        &"dbName".into(),
        &unique_db("before-send-throws").into(),
    )
    .unwrap();
    let db = js_sys::Reflect::get(&options, &"dbName".into())
        .unwrap()
        .as_string()
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(init_js(options.into()))
        .await
        .unwrap();
    capture_message_js("one".into(), JsValue::UNDEFINED, JsValue::UNDEFINED);
    capture_message_js("two".into(), JsValue::UNDEFINED, JsValue::UNDEFINED);
    let stored = stop(&db).await;
    assert!(stored.events.is_empty());
    let stats = faultline::stats();
    assert_eq!(stats.before_send_error, 2);
    assert_eq!(
        stats.internal_error, 2,
        "the captures inside the hook were not captured"
    );
    assert_eq!(js("return globalThis.__calls"), JsValue::from(2));
    assert_eq!(js("return globalThis.__inner"), JsValue::from_str(""));
}

#[wasm_bindgen_test]
async fn ignore_errors_deny_urls_and_sample_rate_drop_and_count() {
    let mut o = options();
    o.ignore_errors.push(Pattern::text("flaky widget"));
    o.deny_urls
        .push(Pattern::regexp(js_sys::RegExp::new("ads\\.example", "")));
    let db = start("filters", o).await;
    capture_exception_js(
        js("return new Error('ResizeObserver loop completed with undelivered notifications')"),
        JsValue::UNDEFINED,
    );
    capture_exception_js(
        js("return new Error('the flaky widget broke')"),
        JsValue::UNDEFINED,
    );
    let from_ads = js("const e = new Error('tracker'); e.stack = 'Error: tracker\\n    at t (https://ads.example/t.js:1:1)'; return e;");
    capture_exception_js(from_ads, JsValue::UNDEFINED);
    capture_exception_js(js("return new Error('real bug')"), JsValue::UNDEFINED);
    let stored = stop(&db).await;
    assert_eq!(
        stored.one().primary_exception().unwrap().value.as_deref(),
        Some("real bug")
    );
    assert_eq!(faultline::stats().ignored, 3);

    let db = start(
        "sampled",
        Options {
            sample_rate: 0.0,
            ..options()
        },
    )
    .await;
    capture_message_js("never".into(), JsValue::UNDEFINED, JsValue::UNDEFINED);
    let stored = stop(&db).await;
    assert!(stored.events.is_empty());
    assert_eq!(faultline::stats().sampled_out, 1);
    // Storage counts the drop too, by Sentry's reason: the viewer shows it and sync
    // reports it to the server.
    assert_eq!(stored.drops, [("sample_rate".to_string(), 1)]);
}

#[wasm_bindgen_test]
async fn causes_and_aggregate_errors_are_linked_exceptions() {
    let db = start("linked", options()).await;
    let error = js("const root = new RangeError('disk full'); \
        const mid = new Error('save failed', { cause: root }); \
        return new AggregateError([mid, new TypeError('bad input')], 'checkout failed');");
    capture_exception_js(error, JsValue::UNDEFINED);
    let stored = stop(&db).await;
    let values = exceptions(stored.one());
    let types: Vec<_> = values.iter().map(|x| x.ty.clone().unwrap()).collect();
    assert_eq!(
        types,
        ["TypeError", "RangeError", "Error", "AggregateError"]
    );
    let m = |i: usize| values[i].mechanism.clone().unwrap();
    assert_eq!(m(3).is_exception_group, Some(true));
    assert_eq!(m(3).exception_id, Some(0));
    assert_eq!(
        (m(2).ty.as_str(), m(2).source.as_deref()),
        ("chained", Some("errors[0]"))
    );
    assert_eq!(m(1).source.as_deref(), Some("cause"));
    assert_eq!(m(1).parent_id, Some(1));
    assert_eq!(m(0).source.as_deref(), Some("errors[1]"));
}

#[wasm_bindgen_test]
async fn breadcrumbs_record_console_clicks_keys_navigation_and_http() {
    let db = start("crumbs", options()).await;
    js("const loop = { name: 'cart' }; loop.self = loop; console.warn('low stock', 3, loop);");
    js("const form = document.createElement('form'); form.id = 'pay'; \
        const input = document.createElement('input'); input.name = 'card'; input.value = '4111 1111'; \
        form.append(input); document.body.append(form); \
        input.dispatchEvent(new MouseEvent('click', { bubbles: true })); \
        input.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: '4' }));");
    js("history.pushState({}, '', '#checkout');");
    let missing = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(js(
        "return fetch('/faultline-missing.json')",
    )))
    .await;
    assert!(missing.is_ok());
    tick(0).await;
    faultline::capture_message("after crumbs", Level::Info);
    let stored = stop(&db).await;
    let crumbs = &stored.one().breadcrumbs.as_ref().unwrap().values;
    let find = |category: &str| {
        crumbs
            .iter()
            .find(|b| b.category.as_deref() == Some(category))
            .unwrap_or_else(|| panic!("no {category} in {crumbs:#?}"))
    };
    let console = find("console");
    assert_eq!(
        console.message.as_deref(),
        Some("low stock 3 {name: cart, self: [Circular]}")
    );
    assert_eq!(console.level, Some(Level::Warning));
    assert_eq!(
        find("ui.click").message.as_deref(),
        Some("html > body > form#pay > input[name=\"card\"]")
    );
    assert_eq!(
        find("ui.input").message.as_deref(),
        Some("html > body > form#pay > input[name=\"card\"]")
    );
    assert!(
        !format!("{crumbs:?}").contains("4111"),
        "input values never recorded"
    );
    assert!(find("navigation").data["to"]
        .as_str()
        .unwrap()
        .ends_with("#checkout"));
    let http = find("fetch");
    assert_eq!(http.data["method"], "GET");
    assert_eq!(http.data["status_code"], 404);
    assert_eq!(http.level, Some(Level::Warning));
    assert!(http.data["url"]
        .as_str()
        .unwrap()
        .ends_with("/faultline-missing.json"));
}

#[wasm_bindgen_test]
async fn close_removes_every_wrapper_and_listener() {
    let before = js("return [console.log, console.error, fetch, history.pushState, XMLHttpRequest.prototype.open]");
    let db = start("close", options()).await;
    let during = js("return [console.log, console.error, fetch, history.pushState, XMLHttpRequest.prototype.open]");
    let db_stored = stop(&db).await;
    assert!(db_stored.events.is_empty());
    let after = js("return [console.log, console.error, fetch, history.pushState, XMLHttpRequest.prototype.open]");
    let same = |a: &JsValue, b: &JsValue| {
        js_sys::Array::from(a)
            .iter()
            .zip(js_sys::Array::from(b).iter())
            .all(|(x, y)| js_sys::Object::is(&x, &y))
    };
    assert!(!same(&before, &during), "wrappers were installed");
    assert!(same(&before, &after), "and removed by close");
    assert_eq!(
        capture_message_js("after close".into(), JsValue::UNDEFINED, JsValue::UNDEFINED),
        ""
    );
}
