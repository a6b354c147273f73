//! Opening, upgrading and failing to open, in headless Chromium.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{IssueId, Timestamp};
use faultline_idb::{Error, Store};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Creates the stores exactly as schema version 1 did.
fn create_v1(db: &web_sys::IdbDatabase) {
    let params = web_sys::IdbObjectStoreParameters::new();
    params.set_key_path(&"id".into());
    let issues = db
        .create_object_store_with_optional_parameters("issues", &params)
        .unwrap();
    let unique = web_sys::IdbIndexParameters::new();
    unique.set_unique(true);
    issues
        .create_index_with_str_and_optional_parameters("fingerprint", "fingerprint", &unique)
        .unwrap();
    for key in ["status", "lastSeen", "firstSeen", "count", "userCount"] {
        issues.create_index_with_str(key, key).unwrap();
    }
    let events = db
        .create_object_store_with_optional_parameters("events", &params)
        .unwrap();
    events
        .create_index_with_str_sequence(
            "issue_ts",
            &js_sys::Array::of2(&"issueId".into(), &"ts".into()),
        )
        .unwrap();
    db.create_object_store("meta").unwrap();
}

/// A database as version 1 wrote it: one issue with two events, records holding JSON text.
async fn seed_v1(name: &str) -> (web_sys::IdbDatabase, Vec<faultline_core::Event>) {
    let db = raw_open(name, 1, create_v1).await;
    let events: Vec<_> = [1_000, 2_000]
        .iter()
        .enumerate()
        .map(|(i, at)| thrown(i as u32, "TypeError", "send_welcome", *at).event)
        .collect();
    let fp = faultline_core::default_fingerprint(&events[0])
        .fingerprint
        .0;
    let issue_json = format!(
        r#"{{"id":1,"fingerprint":"{fp}","grouping_config":"faultline:1","title":"TypeError: boom","culprit":"send_welcome at /app.js:1","level":"error","status":"resolved","count":2,"user_count":0,"first_seen":"1970-01-01T00:00:01.000Z","last_seen":"1970-01-01T00:00:02.000Z","first_release":"shop@1.0.0","last_release":"shop@1.0.0"}}"#
    );
    let issue = object(&[
        ("id", 1.0.into()),
        ("fingerprint", fp.as_str().into()),
        ("status", "resolved".into()),
        ("lastSeen", 2_000.0.into()),
        ("json", issue_json.as_str().into()),
    ]);
    raw_put(&db, "issues", &issue).await;
    for e in &events {
        let json = serde_json::to_string(e).unwrap();
        let record = object(&[
            ("id", e.event_id.to_string().as_str().into()),
            ("issueId", 1.0.into()),
            ("ts", (e.timestamp.as_millis() as f64).into()),
            ("size", (json.len() as f64).into()),
            ("json", json.as_str().into()),
        ]);
        raw_put(&db, "events", &record).await;
    }
    raw_put_key(&db, "meta", &2.0.into(), &"nextIssueId".into()).await;
    (db, events)
}

async fn raw_put_key(db: &web_sys::IdbDatabase, store: &str, value: &JsValue, key: &JsValue) {
    let tx = db
        .transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let req = tx
        .object_store(store)
        .unwrap()
        .put_with_key(value, key)
        .unwrap();
    wait_request(&req).await.unwrap();
}

#[wasm_bindgen_test]
async fn version_1_database_upgrades_in_place_keeping_issues_and_events() {
    let name = unique_name("migrate-v1");
    let (raw, events) = seed_v1(&name).await;
    raw.close();

    let store = Store::open(&name).await.expect("upgrade");
    let issues = store.all_issues().await.unwrap();
    assert_eq!(issues.len(), 1);
    let issue = &issues[0];
    assert_eq!(
        (issue.id, issue.count, issue.status_name()),
        (IssueId(1), 2, "resolved")
    );
    assert_eq!(
        (issue.first_seen, issue.last_seen),
        (Timestamp(1_000), Timestamp(2_000))
    );
    assert_eq!(issue.culprit.as_deref(), Some("send_welcome at /app.js:1"));
    let stored = store.events_of(IssueId(1)).await.unwrap();
    assert_eq!(stored, [events[1].clone(), events[0].clone()]);
    assert_eq!(store.stats().await.unwrap().events, 2);
    // The index is built from the issues: without fingerprint and grouping config.
    let indexed = store.issue_index().await.unwrap();
    assert_eq!((indexed.issues.len(), indexed.unreadable), (1, 0));
    assert_eq!(indexed.issues[0].title, issue.title);
    assert_eq!(indexed.issues[0].count, 2);

    // The upgraded database works as a new one does: the next event regresses the issue
    // and new issues continue the numbering.
    let again = store
        .record(&[thrown(7, "TypeError", "send_welcome", 3_000)])
        .await
        .unwrap();
    assert_eq!(
        again.outcomes[0],
        (IssueId(1), faultline_core::Outcome::Regressed)
    );
    let other = store
        .record(&[thrown(8, "RangeError", "paginate", 4_000)])
        .await
        .unwrap();
    assert_eq!(other.outcomes[0].0, IssueId(2));
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn database_from_a_newer_version_fails_with_a_clear_error() {
    let name = unique_name("newer");
    raw_open(&name, 99, |_| {}).await.close();
    match Store::open(&name).await {
        Err(Error::NewerSchema {
            found: 99,
            supported: 5,
            ..
        }) => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn upgrade_blocked_by_a_connection_that_never_closes_settles_with_an_error() {
    let name = unique_name("blocked");
    let (raw, _) = seed_v1(&name).await;
    // `raw` stays open and ignores versionchange: the upgrade cannot start.
    match Store::open(&name).await {
        Err(e @ Error::Blocked { .. }) => assert!(e.to_string().contains("blocked")),
        other => panic!("expected Blocked, got {other:?}"),
    }
    raw.close();
    // Once the other connection is gone the upgrade goes through.
    let store = Store::open(&name).await.expect("open after close");
    assert_eq!(store.all_issues().await.unwrap().len(), 1);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn an_open_store_gives_way_to_another_tabs_upgrade() {
    let name = unique_name("versionchange");
    let store = Store::open(&name).await.unwrap();
    // Deleting needs every connection closed; the store's versionchange handler does it.
    Store::delete(&name).await.expect("delete is not blocked");
    store.close();
}

#[wasm_bindgen_test]
async fn memory_fallback_is_used_when_indexeddb_cannot_open() {
    let name = unique_name("fallback");
    raw_open(&name, 99, |_| {}).await.close();
    let store = Store::open_or_memory(&name, Default::default()).await;
    assert!(!store.is_persistent());
    assert!(matches!(
        store.fallback_reason(),
        Some(Error::NewerSchema { .. })
    ));
    let recorded = store
        .record(&[thrown(1, "TypeError", "f", 1)])
        .await
        .unwrap();
    assert_eq!(recorded.outcomes.len(), 1);
    assert_eq!(store.all_issues().await.unwrap()[0].count, 1);
    Store::delete(&name).await.unwrap();
}

/// Creates version 1's stores and the stores of version 4 that version 5 replaces or
/// keeps: users and counters, activity, outbox, search.
fn create_v4_stores(db: &web_sys::IdbDatabase) {
    create_v1(db);
    let keyed = |path: &[&str]| {
        let params = web_sys::IdbObjectStoreParameters::new();
        let path: js_sys::Array = path.iter().map(|p| JsValue::from_str(p)).collect();
        params.set_key_path(&path);
        params
    };
    let users = db
        .create_object_store_with_optional_parameters("users", &keyed(&["issueId", "key"]))
        .unwrap();
    users.create_index_with_str("key", "key").unwrap();
    db.create_object_store_with_optional_parameters(
        "counters",
        &keyed(&["issueId", "unit", "bucket"]),
    )
    .unwrap();
    let numbered = web_sys::IdbObjectStoreParameters::new();
    numbered.set_key_path(&"seq".into());
    numbered.set_auto_increment(true);
    let activity = db
        .create_object_store_with_optional_parameters("activity", &numbered)
        .unwrap();
    activity
        .create_index_with_str("issueId", "issueId")
        .unwrap();
    db.create_object_store_with_optional_parameters("outbox", &numbered)
        .unwrap();
    db.create_object_store("search").unwrap();
}

#[wasm_bindgen_test]
async fn version_4_users_and_counters_become_one_tallies_record_per_issue() {
    let name = unique_name("migrate-v4");
    let raw = raw_open(&name, 4, create_v4_stores).await;
    for (issue, key) in [(1.0, "id:a"), (1.0, "id:b"), (2.0, "id:a")] {
        let user = object(&[("issueId", issue.into()), ("key", key.into())]);
        raw_put(&raw, "users", &user).await;
    }
    let hour = 500_000_i64;
    let day = hour / 24;
    let old_hour = hour - faultline_core::HOURS_KEPT;
    for (issue, unit, bucket, n) in [
        (1.0, "h", hour, 3.0),
        (1.0, "h", hour - 1, 2.0),
        (1.0, "h", old_hour, 9.0),
        (1.0, "d", day, 5.0),
        (1.0, "d", day - 30, 9.0),
        (2.0, "d", 7, 1.0),
    ] {
        let counter = object(&[
            ("issueId", issue.into()),
            ("unit", unit.into()),
            ("bucket", (bucket as f64).into()),
            ("n", n.into()),
        ]);
        raw_put(&raw, "counters", &counter).await;
    }
    raw.close();

    let store = Store::open(&name).await.expect("upgrade");
    let hours = store.histogram(IssueId(1), true, 0, hour).await.unwrap();
    // Hour counters older than the hours kept behind the newest are dropped.
    assert_eq!(hours, [(hour - 1, 2), (hour, 3)]);
    let days = store.histogram(IssueId(1), false, 0, day).await.unwrap();
    assert_eq!(days, [(day - 30, 9), (day, 5)]);
    assert_eq!(
        store.histogram(IssueId(2), false, 0, day).await.unwrap(),
        [(7, 1)]
    );
    let mut with_a = store.issues_with_user("id:a").await.unwrap();
    with_a.sort();
    assert_eq!(with_a, [IssueId(1), IssueId(2)]);
    assert_eq!(store.issues_with_user("id:b").await.unwrap(), [IssueId(1)]);
    assert!(store.issues_with_user("id:c").await.unwrap().is_empty());
    // Exports keep one record per user and per counter.
    let export = store.export(None, Timestamp(0)).await.unwrap();
    let len = |key: &str| {
        js_sys::Array::from(&js_sys::Reflect::get(&export, &key.into()).unwrap()).length()
    };
    assert_eq!((len("users"), len("counters")), (3, 5));
    store.close();

    let raw = raw_open(&name, 5, |_| {}).await;
    let names = raw.object_store_names();
    assert!(names.contains("tallies"));
    assert!(!names.contains("users") && !names.contains("counters"));
    raw.close();
    let store = Store::open(&name).await.unwrap();
    cleanup(store, Some(name)).await;
}
