//! The Rust API on the real page part and engine, in headless Chromium: Rust errors and
//! their `source()` chains, the scope, hooks written in Rust, whole events, and `close`.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline::{BeforeBreadcrumb, BeforeSend, Breadcrumb, EngineMode, Event, Level, User};
use serde_json::json;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A Rust error with an optional cause.
#[derive(Debug)]
enum CheckoutError {
    /// The payment failed, because of the source.
    Payment(ProviderError),
}

#[derive(Debug)]
struct ProviderError;

impl std::fmt::Display for CheckoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("checkout failed")
    }
}

impl std::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("payment provider timed out")
    }
}

impl std::error::Error for CheckoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CheckoutError::Payment(e) => Some(e),
        }
    }
}

impl std::error::Error for ProviderError {}

#[wasm_bindgen_test]
async fn a_rust_error_and_its_source_chain_are_linked_exceptions() {
    let db = start(options("chain")).await;
    let id = faultline::capture_error(&CheckoutError::Payment(ProviderError)).unwrap();
    assert_eq!(faultline::last_event_id(), Some(id));
    let stats = faultline::stats();
    assert_eq!(stats.captured + stats.pending, 1, "{stats:?}");
    let stored = stop(&db).await;
    let event = stored.one();
    assert_eq!(event.event_id, id);
    let values = exceptions(event);
    let read: Vec<_> = values
        .iter()
        .map(|x| (x.ty.clone().unwrap(), x.value.clone().unwrap()))
        .collect();
    // Sentry's order: the root cause first, the captured error last.
    assert_eq!(
        read,
        [
            ("ProviderError".into(), "payment provider timed out".into()),
            ("Payment".into(), "checkout failed".into()),
        ]
    );
    assert_eq!(mechanism(event, 1), ("generic".into(), Some(true)));
    assert_eq!(mechanism(event, 0).0, "chained");
    assert_eq!(
        values[0].mechanism.as_ref().unwrap().source.as_deref(),
        Some("cause")
    );
    assert_eq!(event.release.as_deref(), Some("shop@1.0.0"));
    assert_eq!(stored.issues[0].title, "Payment: checkout failed");
}

#[wasm_bindgen_test]
async fn the_scope_set_from_rust_reaches_events_and_with_scope_undoes_its_changes() {
    let db = start(options("scope")).await;
    faultline::set_user(Some(User {
        id: Some("u-42".into()),
        email: Some("ada@example.com".into()),
        ..User::default()
    }));
    faultline::set_tags([("plan", "pro"), ("area", "outer")]);
    faultline::set_extra("cart", json!({ "items": 3, "coupon": null }));
    faultline::set_context("checkout", Some(json!({ "step": "payment" })));
    faultline::add_breadcrumb(Breadcrumb {
        category: Some("auth".into()),
        message: Some("signed in".into()),
        level: Some(Level::Info),
        data: [("method".to_string(), json!("password"))].into(),
        ..Breadcrumb::default()
    });
    faultline::with_scope(|| {
        faultline::set_tag("area", "inner");
        faultline::set_level(Some(Level::Warning));
        faultline::set_fingerprint(vec!["checkout".into(), "{{ default }}".into()]);
        faultline::capture_message("inside", Level::Info);
    });
    faultline::set_context("checkout", None);
    faultline::capture_message("outside", Level::Info);
    let stored = stop(&db).await;
    let inside = stored.find("inside");
    assert_eq!(inside.tags["area"], "inner");
    assert_eq!(inside.tags["plan"], "pro");
    assert_eq!(inside.level, Level::Warning, "the scope's level wins");
    assert_eq!(inside.fingerprint, ["checkout", "{{ default }}"]);
    assert_eq!(inside.extra["cart"], json!({ "items": 3, "coupon": null }));
    assert_eq!(inside.contexts.0["checkout"], json!({ "step": "payment" }));
    assert_eq!(inside.user.as_ref().unwrap().id.as_deref(), Some("u-42"));
    let crumb = inside
        .breadcrumbs
        .as_ref()
        .unwrap()
        .values
        .iter()
        .find(|b| b.category.as_deref() == Some("auth"))
        .expect("the breadcrumb added from Rust");
    assert_eq!(crumb.message.as_deref(), Some("signed in"));
    assert_eq!(crumb.data["method"], "password");
    let outside = stored.find("outside");
    assert_eq!(outside.tags["area"], "outer");
    assert_eq!(outside.level, Level::Info);
    assert!(outside.fingerprint.is_empty());
    assert!(!outside.contexts.0.contains_key("checkout"));
}

#[wasm_bindgen_test]
async fn hooks_written_in_rust_change_and_drop_events_and_breadcrumbs() {
    let mut o = options("hooks");
    o.before_send = Some(BeforeSend::new(|mut e: Event| {
        if e.message.as_deref() == Some("drop me") {
            return None;
        }
        e.tags.insert("seen".into(), "yes".into());
        Some(e)
    }));
    o.before_breadcrumb = Some(BeforeBreadcrumb::new(|mut b: Breadcrumb| {
        if b.category.as_deref() == Some("noise") {
            return None;
        }
        b.message = b.message.map(|m| m.to_uppercase());
        Some(b)
    }));
    let db = start(o).await;
    for category in ["noise", "cart"] {
        faultline::add_breadcrumb(Breadcrumb {
            category: Some(category.into()),
            message: Some("added".into()),
            ..Breadcrumb::default()
        });
    }
    faultline::capture_message("keep me", Level::Info);
    faultline::capture_message("drop me", Level::Info);
    let flushed = wasm_bindgen_futures::JsFuture::from(faultline::flush(Some(10_000)))
        .await
        .unwrap();
    assert_eq!(flushed, JsValue::TRUE);
    let stats = faultline::stats();
    assert_eq!(stats.before_send_dropped, 1, "{stats:?}");
    assert_eq!(stats.breadcrumbs_dropped, 1, "{stats:?}");
    let stored = stop(&db).await;
    let kept = stored.one();
    assert_eq!(kept.tags["seen"], "yes");
    let crumbs = &kept.breadcrumbs.as_ref().unwrap().values;
    assert!(!crumbs
        .iter()
        .any(|b| b.category.as_deref() == Some("noise")));
    let cart = crumbs
        .iter()
        .find(|b| b.category.as_deref() == Some("cart"))
        .unwrap();
    assert_eq!(cart.message.as_deref(), Some("ADDED"));
}

#[wasm_bindgen_test]
async fn a_whole_event_keeps_its_fields_and_the_engine_runs_in_a_worker() {
    let db = start(options("event")).await;
    let mut event = Event {
        message: Some("quota low".into()),
        level: Level::Warning,
        fingerprint: vec!["quota".into()],
        ..Event::default()
    };
    event.tags.insert("shard".into(), "3".into());
    let id = faultline::capture_event(event).unwrap();
    let flushed = wasm_bindgen_futures::JsFuture::from(faultline::flush(Some(10_000)))
        .await
        .unwrap();
    assert_eq!(flushed, JsValue::TRUE);
    let stats = faultline::stats();
    assert_eq!(stats.engine, EngineMode::Worker);
    assert_eq!((stats.stored, stats.pending), (1, 0), "{stats:?}");
    let stored = stop(&db).await;
    let event = stored.one();
    assert_eq!(event.event_id, id);
    assert_eq!(event.level, Level::Warning);
    assert_eq!(event.tags["shard"], "3");
    assert_eq!(event.fingerprint, ["quota"]);
    assert_eq!(event.environment.as_deref(), Some("test"));
}

#[wasm_bindgen_test]
async fn close_removes_what_init_installed_and_later_captures_are_dropped() {
    let read = "return [console.log, fetch, history.pushState, XMLHttpRequest.prototype.open]";
    let before = js(read);
    let db = start(options("close")).await;
    let during = js(read);
    let stored = stop(&db).await;
    assert!(stored.events.is_empty());
    let after = js(read);
    let same = |a: &JsValue, b: &JsValue| {
        js_sys::Array::from(a)
            .iter()
            .zip(js_sys::Array::from(b).iter())
            .all(|(x, y)| js_sys::Object::is(&x, &y))
    };
    assert!(!same(&before, &during), "wrappers were installed");
    assert!(same(&before, &after), "and removed by close");
    assert_eq!(faultline::capture_message("after close", Level::Info), None);
}
