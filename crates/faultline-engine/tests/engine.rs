//! The engine through its exports, in headless Chromium: journal items in, stored issues
//! and events, counters and acknowledgements out.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn an_uncaught_error_is_one_event_with_its_frames_breadcrumbs_and_scope() {
    let host = Host::new(None);
    let options = json!({ "release": "shop@1.0.0", "environment": "test", "userAgent": "Mozilla/5.0 Chrome/156.0.0.0 Safari/537.36" });
    let db = start("uncaught", options, &host).await;
    let ts = now();
    let mut error = uncaught(1, ts, "TypeError", "cart.total is not a function");
    error["scope"] = json!({ "v": 1, "user": { "id": "42", "email": "ada@example.com" }, "tags": { "plan": "pro" } });
    ingest(
        1,
        &[
            crumb("opened the cart", 1.0),
            crumb("clicked pay", 2.0),
            error,
        ],
    );
    assert!(flush().await);
    assert_eq!(host.acks(), [1]);
    let stored = stop(&db).await;
    let event = stored.one();
    assert_eq!(event.event_id.to_string(), format!("{:032x}", 1));
    let x = event.primary_exception().unwrap();
    assert_eq!(x.ty.as_deref(), Some("TypeError"));
    assert_eq!(x.value.as_deref(), Some("cart.total is not a function"));
    let mechanism = x.mechanism.as_ref().unwrap();
    assert_eq!(
        (mechanism.ty.as_str(), mechanism.handled),
        ("onerror", Some(false))
    );
    let frames = &x.stacktrace.as_ref().unwrap().frames;
    assert!(
        frames
            .iter()
            .any(|f| f.function.as_deref() == Some("checkout")),
        "{frames:#?}"
    );
    let crumbs: Vec<_> = event
        .breadcrumbs
        .iter()
        .flat_map(|b| &b.values)
        .filter_map(|b| b.message.as_deref())
        .collect();
    assert_eq!(crumbs, ["opened the cart", "clicked pay"]);
    assert_eq!(event.tags["plan"], "pro");
    assert_eq!(
        event.user.as_ref().and_then(|u| u.id.as_deref()),
        Some("42")
    );
    assert_eq!(event.release.as_deref(), Some("shop@1.0.0"));
    assert_eq!(event.contexts.0["browser"]["name"], "Chrome");
    assert_eq!(
        event.request.as_ref().unwrap().url.as_deref(),
        Some("https://shop.example/cart")
    );
    assert_eq!(
        stored.issues[0].title,
        "TypeError: cart.total is not a function"
    );
}

#[wasm_bindgen_test]
async fn folded_repeats_count_each_and_repeats_within_a_second_keep_one_body() {
    let host = Host::new(None);
    let db = start("repeats", json!({}), &host).await;
    let mut error = uncaught(1, now(), "Error", "tick failed");
    error["n"] = json!(5);
    ingest(1, &[error]);
    assert!(flush().await);
    assert_eq!(
        (stat("captured"), stat("stored"), stat("deduped")),
        (5, 1, 4)
    );
    let stored = stop(&db).await;
    assert_eq!(stored.issues.len(), 1);
    assert_eq!(stored.issues[0].count, 5);
    assert_eq!(stored.events.len(), 1);
}

#[wasm_bindgen_test]
async fn before_send_answers_keep_change_drop_and_count_and_never_store_an_empty_event() {
    // One answer per event: keep (changed), drop, an error, and a missing answer.
    let hook = "return events.map((e, i) => [
        { keep: Object.assign({}, e, { message: 'changed', exception: undefined }) },
        { drop: true },
        { error: 'not-an-event' },
    ][i]);";
    let host = Host::new(Some(hook));
    let db = start("before-send", json!({}), &host).await;
    let ts = now();
    let items: Vec<_> = (0..4)
        .map(|i| uncaught(i + 1, ts + i as i64 * 1500, "Error", &format!("bug {i}")))
        .collect();
    ingest(1, &items);
    assert!(flush().await);
    assert_eq!(stat("beforeSendDropped"), 1);
    assert_eq!(
        stat("beforeSendError"),
        2,
        "an error answer and a missing one"
    );
    let stored = stop(&db).await;
    let event = stored.one();
    assert_eq!(event.message.as_deref(), Some("changed"));
    assert!(event.exception.is_none());
    let dropped: u64 = stored.drops.iter().map(|(_, n)| n).sum();
    assert_eq!(dropped, 3, "{:?}", stored.drops);
}

#[wasm_bindgen_test]
async fn a_before_send_round_trip_that_fails_drops_and_counts_the_whole_batch() {
    let host = Host::new(Some("throw new Error('the page is gone');"));
    let db = start("round-trip-fails", json!({}), &host).await;
    ingest(1, &[uncaught(1, now(), "Error", "lost?")]);
    assert!(flush().await);
    assert_eq!(stat("beforeSendError"), 1);
    assert_eq!(stat("stored"), 0);
    let stored = stop(&db).await;
    assert!(stored.events.is_empty());
}

#[wasm_bindgen_test]
async fn ignore_errors_deny_urls_and_sample_rate_drop_and_count() {
    let host = Host::new(None);
    let db = start(
        "filters",
        json!({ "ignoreErrors": ["flaky extension"] }),
        &host,
    )
    .await;
    let ts = now();
    let mut denied = uncaught(3, ts + 2000, "Error", "from an ad");
    denied["record"]["r"][0]["s"] =
        json!("Error: from an ad\n    at show (https://ads.example/x.js:1:1)");
    ingest(
        1,
        &[
            uncaught(1, ts, "Error", "a flaky extension broke"),
            uncaught(2, ts + 1000, "Error", "ResizeObserver loop limit exceeded"),
        ],
    );
    assert!(flush().await);
    assert_eq!(stat("ignored"), 2, "the app's pattern and the default one");
    let stored = stop(&db).await;
    assert!(stored.events.is_empty());

    // A RegExp cannot come through JSON: a second engine with denyUrls as text.
    let db = start(
        "deny",
        json!({ "denyUrls": ["ads.example"], "sampleRate": 1 }),
        &host,
    )
    .await;
    ingest(1, &[denied]);
    assert!(flush().await);
    assert_eq!(stat("ignored"), 1);
    stop(&db).await;

    let db = start("sampled", json!({ "sampleRate": 0 }), &host).await;
    ingest(1, &[uncaught(1, ts, "Error", "never sampled")]);
    assert!(flush().await);
    assert_eq!((stat("captured"), stat("sampledOut")), (1, 1));
    let stored = stop(&db).await;
    assert!(stored.events.is_empty());
    assert_eq!(stored.drops, [("sample_rate".to_string(), 1)]);
}

#[wasm_bindgen_test]
async fn a_flood_is_counted_exactly_with_bounded_bodies() {
    let host = Host::new(None);
    let db = start("flood", json!({}), &host).await;
    let ts = now();
    // 1,000 errors of 10 kinds within one second: beyond the burst they are tallied.
    const KINDS: [&str; 10] = [
        "cart", "search", "login", "avatar", "coupon", "invoice", "menu", "upload", "chart", "map",
    ];
    let items: Vec<_> = (0..1000u32)
        .map(|i| {
            let kind = KINDS[i as usize % 10];
            uncaught(i + 1, ts + i64::from(i), "Error", &format!("{kind} failed"))
        })
        .collect();
    ingest(1, &items);
    assert!(flush().await);
    assert_eq!(stat("captured"), 1000);
    let stored = stop(&db).await;
    assert_eq!(stored.issues.len(), 10);
    assert_eq!(stored.counted(), 1000, "every event counted on its issue");
    assert!(stored.events.len() <= 120, "{} bodies", stored.events.len());
}

#[wasm_bindgen_test]
async fn stored_batches_carry_their_events_only_when_the_page_forwards_them() {
    for (forwards, carried) in [(false, 0), (true, 1)] {
        let host = Host::new(None);
        let db = start("stored-events", json!({ "storedEvents": forwards }), &host).await;
        ingest(1, &[uncaught(1, now(), "Error", "stored")]);
        assert!(flush().await);
        assert_eq!(host.stored(), [carried], "storedEvents: {forwards}");
        stop(&db).await;
    }
}

#[wasm_bindgen_test]
async fn captures_handed_over_while_the_drain_starts_join_its_first_batch() {
    let host = Host::new(None);
    let db = start("one-batch", json!({ "storedEvents": true }), &host).await;
    let ts = now();
    ingest(1, &[uncaught(1, ts, "Error", "first")]);
    // The next batch (or a `flush` releasing the flood guard's samples) arrives as a
    // message of its own, after the drain was scheduled and its microtasks ran.
    let settled = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(settled).await.unwrap();
    ingest(2, &[uncaught(2, ts, "TypeError", "second")]);
    assert!(flush().await);
    assert_eq!(host.stored(), [2], "one transaction for both");
    let stored = stop(&db).await;
    assert_eq!(stored.events.len(), 2);
}

#[wasm_bindgen_test]
async fn a_batch_is_acknowledged_only_once_it_is_stored() {
    let host = Host::new(None);
    let db = start("acks", json!({}), &host).await;
    let ts = now();
    ingest(1, &[uncaught(1, ts, "Error", "first")]);
    // Batch 2 arrives while batch 1 is being stored: acknowledging 2 now would let the
    // page forget batch 1 before it is written.
    ingest(2, &[crumb("later", 1.0)]);
    assert!(
        host.acks().is_empty(),
        "nothing stored yet: {:?}",
        host.acks()
    );
    assert!(flush().await);
    assert_eq!(host.acks().last(), Some(&2));
    let stored = stop(&db).await;
    assert_eq!(stored.events.len(), 1);
}

#[wasm_bindgen_test]
async fn secrets_cookies_and_the_ip_address_never_reach_storage() {
    let host = Host::new(None);
    let db = start("secrets", json!({}), &host).await;
    let event = item(
        "event",
        1,
        now(),
        json!({ "event": {
            "message": "login failed",
            "user": { "id": "7", "ip_address": "203.0.113.9" },
            "request": { "url": "https://shop.example/?token=abc123", "headers": { "Cookie": "sid=s3cret", "Authorization": "Bearer abc.def" } },
            "extra": { "password": "hunter2", "card": "4111 1111 1111 1111" },
        }}),
    );
    ingest(1, &[event]);
    assert!(flush().await);
    let stored = stop(&db).await;
    let text = serde_json::to_string(stored.one()).unwrap();
    for secret in [
        "hunter2",
        "4111 1111 1111 1111",
        "sid=s3cret",
        "abc.def",
        "abc123",
        "203.0.113.9",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert_eq!(stored.one().user.as_ref().unwrap().id.as_deref(), Some("7"));
}

#[wasm_bindgen_test]
async fn bad_fingerprint_rules_are_reported_once_and_good_ones_group() {
    let host = Host::new(None);
    let db = start("bad-rules", json!({ "fingerprintRules": "type:" }), &host).await;
    assert_eq!(host.warnings().len(), 1, "{:?}", host.warnings());
    assert!(host.warnings()[0].starts_with("fingerprintRules ignored"));
    stop(&db).await;

    let rules = "message:\"*timed out*\" -> timeouts";
    let db = start("rules", json!({ "fingerprintRules": rules }), &host).await;
    let ts = now();
    ingest(
        1,
        &[
            uncaught(1, ts, "Error", "payment timed out"),
            uncaught(2, ts + 2000, "TypeError", "search timed out"),
        ],
    );
    assert!(flush().await);
    let stored = stop(&db).await;
    assert_eq!(stored.issues.len(), 1, "both grouped by the rule");
    assert_eq!(stored.issues[0].count, 2);
}

#[wasm_bindgen_test]
async fn known_events_names_the_stored_ones() {
    let host = Host::new(None);
    let db = start("known", json!({}), &host).await;
    ingest(1, &[uncaught(1, now(), "Error", "stored once")]);
    assert!(flush().await);
    let ids = js(&json!([format!("{:032x}", 1), format!("{:032x}", 2)]));
    let known = wasm_bindgen_futures::JsFuture::from(faultline_engine::known_events(ids.into()))
        .await
        .unwrap();
    let known: Vec<String> = js_sys::Array::from(&known)
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(known, [format!("{:032x}", 1)]);
    stop(&db).await;
}

#[wasm_bindgen_test]
async fn a_reset_forgets_the_breadcrumbs_of_the_page_before() {
    let host = Host::new(None);
    let db = start("reset", json!({}), &host).await;
    let ts = now();
    ingest(
        1,
        &[
            crumb("on the old page", 1.0),
            json!({ "k": "reset" }),
            crumb("on this page", 2.0),
            uncaught(1, ts, "Error", "after the reset"),
        ],
    );
    assert!(flush().await);
    let stored = stop(&db).await;
    let crumbs: Vec<_> = stored
        .one()
        .breadcrumbs
        .iter()
        .flat_map(|b| &b.values)
        .filter_map(|b| b.message.as_deref())
        .collect();
    assert_eq!(crumbs, ["on this page"]);
}

#[wasm_bindgen_test]
async fn an_event_cut_on_the_page_and_again_here_counts_as_truncated_once() {
    let host = Host::new(None);
    let db = start("truncated-once", json!({}), &host).await;
    let mut error = uncaught(1, now(), "Error", &"x".repeat(20_000));
    // The sensors cut a text while reading it (`x`), and the 20,000-byte message is cut here.
    error["record"]["r"][0]["x"] = json!(true);
    ingest(1, &[error]);
    assert!(flush().await);
    assert_eq!(stat("truncated"), 1);
    let stored = stop(&db).await;
    let value = stored
        .one()
        .primary_exception()
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert!(value.len() < 20_000, "{} bytes", value.len());
}
