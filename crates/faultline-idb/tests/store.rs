//! The store in headless Chromium: each test opens its own database and deletes it after.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use faultline_core::{
    default_fingerprint, parse_stack, Event, EventId, Exception, ExceptionList, Stacktrace,
    Timestamp,
};
use faultline_idb::{Grouped, Store};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn unique_name(test: &str) -> String {
    format!("faultline-test-{test}-{}", js_sys::Math::random().to_bits())
}

fn thrown(seq: u8, ty: &str, function: &str, at: i64) -> Grouped {
    let stack = format!("{ty}: boom\n    at {function} (http://127.0.0.1/app.js:{seq}:7)\n    at main (http://127.0.0.1/app.js:40:1)");
    let event = Event {
        event_id: EventId::from_random([seq; 16]),
        timestamp: Timestamp(at),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some(ty.to_string()),
                value: Some("boom".to_string()),
                stacktrace: Some(Stacktrace {
                    frames: parse_stack(&stack).frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    };
    let grouping = default_fingerprint(&event);
    Grouped { event, grouping }
}

#[wasm_bindgen_test]
async fn recorded_events_read_back_grouped_into_issues() {
    let name = unique_name("readback");
    let store = Store::open(&name).await.expect("open");
    let batch = [
        thrown(1, "TypeError", "send_welcome", 1_000),
        thrown(2, "TypeError", "send_welcome", 2_000),
        thrown(3, "RangeError", "paginate", 1_500),
    ];
    store.record(&batch[..1]).await.expect("first batch");
    store.record(&batch[1..]).await.expect("second batch");

    let issues = store.list_issues().await.expect("list");
    assert_eq!(issues.len(), 2);
    let welcome = &issues[0];
    assert_eq!(welcome.title, "TypeError: boom");
    assert_eq!(
        welcome.culprit.as_deref(),
        Some("send_welcome at /app.js:1")
    );
    assert_eq!(welcome.count, 2);
    assert_eq!(
        (welcome.first_seen, welcome.last_seen),
        (Timestamp(1_000), Timestamp(2_000))
    );
    assert_eq!(issues[1].count, 1);

    let events = store.events_of(welcome.id).await.expect("events");
    let ids: Vec<_> = events.iter().map(|e| e.event_id).collect();
    assert_eq!(ids, [batch[1].event.event_id, batch[0].event.event_id]);
    assert_eq!(events[1], batch[0].event);

    store.close();
    Store::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn issue_numbers_continue_across_connections() {
    let name = unique_name("ids");
    let store = Store::open(&name).await.expect("open");
    store
        .record(&[thrown(1, "TypeError", "a", 1)])
        .await
        .expect("record");
    store.close();
    let store = Store::open(&name).await.expect("reopen");
    store
        .record(&[thrown(2, "TypeError", "b", 2)])
        .await
        .expect("record");
    let mut ids: Vec<u64> = store
        .list_issues()
        .await
        .expect("list")
        .iter()
        .map(|i| i.id.0)
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, 2]);
    store.close();
    Store::delete(&name).await.expect("delete");
}
