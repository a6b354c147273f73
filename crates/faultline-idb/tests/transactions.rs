//! Transactions: atomic batches, and why nothing but IndexedDB is awaited inside one.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_idb::{Store, StoreConfig};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_batch_that_fails_midway_leaves_nothing_behind() {
    let name = unique_name("atomic");
    let store = Store::open(&name).await.unwrap();
    let first = thrown(1, "TypeError", "first", 1);
    let second = thrown(2, "RangeError", "second", 2);
    // A damaged record under the second event's fingerprint makes the batch fail after the
    // first event was already written inside the transaction.
    let raw = raw_open(&name, 5, |_| {}).await;
    let damaged = object(&[
        ("id", 99.0.into()),
        ("fingerprint", second.grouping.fingerprint.as_str().into()),
    ]);
    raw_put(&raw, "issues", &damaged).await;
    raw.close();

    let err = store
        .record(&[first, second])
        .await
        .expect_err("the batch must fail");
    assert!(err.to_string().contains("rolled back"), "{err}");
    let stats = store.stats().await.unwrap();
    assert_eq!(
        (stats.issues, stats.events, stats.bytes),
        (1, 0, 0),
        "only the damaged record remains"
    );
    assert!(store.all_issues().await.unwrap().is_empty());
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn awaiting_anything_but_a_request_inside_a_transaction_lets_it_commit() {
    // The rule storage code follows, shown on the raw API: after awaiting a timer the
    // transaction has auto-committed and the next request fails.
    let name = unique_name("inactive");
    let db = raw_open(&name, 1, |db| drop(db.create_object_store("s").unwrap())).await;
    let tx = db
        .transaction_with_str_and_mode("s", web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let s = tx.object_store("s").unwrap();
    wait_request(&s.put_with_key(&1.0.into(), &"a".into()).unwrap())
        .await
        .unwrap();
    // Awaiting a request keeps it active...
    wait_request(&s.put_with_key(&2.0.into(), &"b".into()).unwrap())
        .await
        .unwrap();
    // ...awaiting a timer does not.
    sleep_ms(1).await;
    let err = s
        .put_with_key(&3.0.into(), &"c".into())
        .expect_err("inactive");
    assert_eq!(
        err.unchecked_into::<web_sys::DomException>().name(),
        "TransactionInactiveError"
    );
    db.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn recording_announces_changed_issues_to_other_pages() {
    let name = unique_name("broadcast");
    let store = Store::open_with(&name, StoreConfig::default())
        .await
        .unwrap();
    let listener = web_sys::BroadcastChannel::new(&format!("faultline:{name}")).unwrap();
    let heard = js_sys::Promise::new(&mut |resolve, _| listener.set_onmessage(Some(&resolve)));
    store
        .record(&[thrown(1, "TypeError", "f", 1)])
        .await
        .unwrap();
    let message: web_sys::MessageEvent = wasm_bindgen_futures::JsFuture::from(heard)
        .await
        .unwrap()
        .unchecked_into();
    let data = message.data();
    assert_eq!(
        js_sys::Reflect::get(&data, &"type".into()).unwrap(),
        "recorded"
    );
    assert_eq!(
        js_sys::Reflect::get(&data, &"issues".into())
            .unwrap()
            .unchecked_into::<js_sys::Array>()
            .to_vec(),
        [1.0]
    );
    listener.close();
    cleanup(store, Some(name)).await;
}

use wasm_bindgen::JsCast;
