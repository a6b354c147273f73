//! The search index and the stored-body total follow every write: recording, triage,
//! import and retention, in headless Chromium.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{Fingerprint, IgnoreFor, Issue, IssueId, Timestamp};
use faultline_idb::{Store, StoreConfig, Triage};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every issue as the index holds it: without fingerprint and grouping config, by id.
fn as_indexed(mut issues: Vec<Issue>) -> Vec<Issue> {
    for issue in &mut issues {
        issue.fingerprint = Fingerprint(String::new());
        issue.grouping_config = String::new();
    }
    issues.sort_by_key(|i| i.id);
    issues
}

/// Checks that the index says what the issues say.
async fn check_index(store: &Store) {
    let index = store.issue_index().await.unwrap();
    assert_eq!(index.unreadable, 0);
    assert_eq!(index.issues, as_indexed(store.all_issues().await.unwrap()));
}

/// Records issues `from..to`, each its own error type, in batches of 500.
async fn record_issues(store: &Store, from: u32, to: u32) {
    let events: Vec<_> = (from..to)
        .map(|i| thrown(i, &format!("Error{i}"), "f", 1_000 + i64::from(i)))
        .collect();
    for batch in events.chunks(500) {
        store.record(batch).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn the_whole_index_is_read_in_slices_of_chunks_and_misses_none() {
    let name = unique_name("index-slices");
    let store = Store::open(&name).await.unwrap();
    // Issues 1 to 2,047 fill chunks 0 to 7: exactly one slice, then an empty one.
    record_issues(&store, 0, 2_047).await;
    check_index(&store).await;
    assert_eq!(store.issue_index().await.unwrap().issues.len(), 2_047);
    // 2,647 issues are 11 chunks: a whole slice and part of another.
    record_issues(&store, 2_047, 2_647).await;
    check_index(&store).await;
    let index = store.issue_index().await.unwrap();
    assert_eq!(index.issues.len(), 2_647);
    assert!(index.issues.windows(2).all(|w| w[0].id < w[1].id));
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn the_index_follows_recording_triage_and_import() {
    let name = unique_name("index");
    let store = Store::open(&name).await.unwrap();
    check_index(&store).await;
    // 300 issues span two chunks; a second batch counts on some of them again.
    let first: Vec<_> = (0..300)
        .map(|i| thrown(i, &format!("Error{i}"), "f", 1_000 + i64::from(i)))
        .collect();
    store.record(&first).await.unwrap();
    store
        .record(&[
            thrown(400, "Error7", "f", 5_000),
            thrown(401, "Error299", "f", 6_000),
        ])
        .await
        .unwrap();
    check_index(&store).await;
    let index = store.issue_index().await.unwrap();
    assert_eq!(index.issues.len(), 300);
    assert_eq!(index.issues[7].count, 2);

    store
        .triage(
            &[IssueId(3), IssueId(260)],
            Triage::Resolve,
            Timestamp(7_000),
        )
        .await
        .unwrap();
    store
        .triage(
            &[IssueId(4)],
            Triage::Ignore(IgnoreFor::Events(5)),
            Timestamp(7_000),
        )
        .await
        .unwrap();
    check_index(&store).await;

    // An import merges into issue 1 and creates one more.
    let other_name = unique_name("index-from");
    let other = Store::open(&other_name).await.unwrap();
    other
        .record(&[
            thrown(500, "Error0", "f", 8_000),
            thrown(501, "Fresh", "g", 9_000),
        ])
        .await
        .unwrap();
    let data = other.export(None, Timestamp(10_000)).await.unwrap();
    store.import(&data).await.unwrap();
    check_index(&store).await;
    assert_eq!(store.issue_index().await.unwrap().issues.len(), 301);

    // Refreshing a few issues reads only their entries.
    let some = store
        .indexed_issues(&[IssueId(260), IssueId(1), IssueId(9_999)])
        .await
        .unwrap();
    let ids: Vec<u64> = some.iter().map(|i| i.id.0).collect();
    assert_eq!(ids, [1, 260]);
    assert_eq!(some[1].status_name(), "resolved");
    cleanup(other, Some(other_name)).await;
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn search_reads_the_index_and_returns_whole_issues() {
    let name = unique_name("index-search");
    let store = Store::open(&name).await.unwrap();
    store
        .record(&[
            thrown(1, "TypeError", "send_email", 1_000),
            thrown(2, "RangeError", "paginate", 2_000),
            thrown(3, "TypeError", "send_email", 3_000),
        ])
        .await
        .unwrap();
    let found = store
        .search("send_email", Timestamp(4_000), 10)
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.issues[0].count, 2);
    assert!(!found.issues[0].fingerprint.0.is_empty());
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn the_body_total_follows_recording_and_retention_without_counting() {
    let config = StoreConfig {
        max_events_per_issue: 3,
        keep_first_events: 1,
        ..StoreConfig::default()
    };
    for (store, name) in both_backends("body-total", config).await {
        let batch: Vec<_> = (0..5)
            .map(|i| thrown(i, "TypeError", "f", i64::from(i)))
            .collect();
        store.record(&batch).await.unwrap();
        store
            .record(&[thrown(9, "RangeError", "g", 10)])
            .await
            .unwrap();
        let stats = store.stats().await.unwrap();
        // Five bodies of the first issue, three kept; one of the second.
        assert_eq!((stats.issues, stats.events), (2, 4));
        cleanup(store, name).await;
    }
}
