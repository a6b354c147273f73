//! The sync outbox: written with the event, bounded, drained in order.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_idb::{OutboxConfig, Store, StoreConfig};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn with_outbox(max_entries: u64) -> StoreConfig {
    StoreConfig {
        outbox: Some(OutboxConfig {
            max_entries,
            ..OutboxConfig::default()
        }),
        ..StoreConfig::default()
    }
}

#[wasm_bindgen_test]
async fn stored_events_wait_in_the_outbox_with_their_fingerprint_across_reopening() {
    let name = unique_name("outbox");
    let store = Store::open_with(&name, with_outbox(100)).await.unwrap();
    let batch = [
        thrown(1, "TypeError", "f", 10),
        thrown(2, "RangeError", "g", 20),
    ];
    store.record(&batch).await.unwrap();
    store.close();

    let store = Store::open_with(&name, with_outbox(100)).await.unwrap();
    let entries = store.outbox_peek(10).await.unwrap();
    let ids: Vec<String> = entries.iter().map(|e| e.event_id.clone()).collect();
    assert_eq!(
        ids,
        [
            batch[0].event.event_id.to_string(),
            batch[1].event.event_id.to_string()
        ]
    );
    let fingerprint = js_sys::Reflect::get(&entries[0].event, &"fingerprint".into()).unwrap();
    assert_eq!(
        js_sys::Array::from(&fingerprint).to_vec(),
        [wasm_bindgen::JsValue::from_str(
            batch[0].grouping.fingerprint.as_str()
        )]
    );
    let decoded = faultline_idb::decode_event(&entries[1].event).unwrap();
    assert_eq!(decoded.exception, batch[1].event.exception);
    assert_eq!(store.outbox_len().await.unwrap().0, 2);

    store.outbox_remove(&[entries[0].seq]).await.unwrap();
    let rest = store.outbox_peek(10).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].event_id, batch[1].event.event_id.to_string());
    assert_eq!(store.outbox_len().await.unwrap(), (1, rest[0].size));
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn a_full_outbox_drops_its_oldest_entries_and_counts_them() {
    let name = unique_name("outbox-full");
    let store = Store::open_with(&name, with_outbox(3)).await.unwrap();
    let batch: Vec<_> = (0..5u32)
        .map(|i| thrown(i, "TypeError", "f", i64::from(i)))
        .collect();
    let recorded = store.record(&batch[..4]).await.unwrap();
    assert_eq!(recorded.outbox_dropped, 1);
    store.record(&batch[4..]).await.unwrap();
    let left: Vec<String> = store
        .outbox_peek(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event_id)
        .collect();
    let expected: Vec<String> = batch[2..]
        .iter()
        .map(|g| g.event.event_id.to_string())
        .collect();
    assert_eq!(left, expected);
    assert_eq!(
        store.stats().await.unwrap().drops,
        [("queue_overflow".to_string(), 2)]
    );
    // Counts on the issue are exact regardless.
    assert_eq!(store.all_issues().await.unwrap()[0].count, 5);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn without_sync_nothing_is_queued() {
    let name = unique_name("no-outbox");
    let store = Store::open(&name).await.unwrap();
    store
        .record(&[thrown(1, "TypeError", "f", 1)])
        .await
        .unwrap();
    assert!(store.outbox_peek(10).await.unwrap().is_empty());
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn adapters_keep_their_own_metadata_but_not_storages() {
    let name = unique_name("meta");
    let store = Store::open(&name).await.unwrap();
    store.meta_put("sync", &"state".into()).await.unwrap();
    assert_eq!(store.meta_get("sync").await.unwrap(), "state");
    assert!(store.meta_put("eventBytes", &1.into()).await.is_err());
    cleanup(store, Some(name)).await;
}
