//! Retention keeps bodies bounded while counts stay exact.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{IssueId, Timestamp};
use faultline_idb::StoreConfig;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn per_issue_limit_keeps_the_first_and_the_latest_bodies() {
    let config = StoreConfig {
        max_events_per_issue: 5,
        keep_first_events: 2,
        ..StoreConfig::default()
    };
    for (store, name) in both_backends("per-issue", config).await {
        // One batch of 8, then 4 single events.
        let batch: Vec<_> = (0..8u32)
            .map(|i| thrown(i, "TypeError", "f", i64::from(i)))
            .collect();
        store.record(&batch).await.unwrap();
        for i in 8..12u32 {
            store
                .record(&[thrown(i, "TypeError", "f", i64::from(i))])
                .await
                .unwrap();
        }
        let issue = store.issue(IssueId(1)).await.unwrap().unwrap();
        assert_eq!(
            (issue.count, issue.first_seen, issue.last_seen),
            (12, Timestamp(0), Timestamp(11))
        );
        let kept: Vec<i64> = store
            .events_of(IssueId(1))
            .await
            .unwrap()
            .iter()
            .map(|e| e.timestamp.as_millis())
            .collect();
        assert_eq!(kept, [11, 10, 9, 1, 0]);
        let stats = store.stats().await.unwrap();
        assert_eq!(stats.events, 5);
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn byte_budget_evicts_the_largest_issue_first_and_counts_stay_exact() {
    let one = thrown(0, "TypeError", "big", 0);
    // Probe the size of one body with an unlimited store.
    let (probe, probe_name) = both_backends("probe", StoreConfig::default())
        .await
        .into_iter()
        .next()
        .unwrap();
    let size = probe.record(&[one]).await.unwrap().bytes;
    cleanup(probe, probe_name).await;

    let config = StoreConfig {
        max_bytes: size * 5,
        ..StoreConfig::default()
    };
    for (store, name) in both_backends("budget", config.clone()).await {
        let mut batch: Vec<_> = (0..8u32)
            .map(|i| thrown(i, "TypeError", "big", i64::from(i)))
            .collect();
        batch.extend((0..2u32).map(|i| thrown(100 + i, "RangeError", "small", i64::from(i))));
        let recorded = store.record(&batch).await.unwrap();
        assert!(recorded.evicted >= 5, "evicted {}", recorded.evicted);
        let stats = store.stats().await.unwrap();
        assert!(
            stats.bytes <= config.max_bytes,
            "{} > {}",
            stats.bytes,
            config.max_bytes
        );
        let issues = store.all_issues().await.unwrap();
        let counts: Vec<u64> = issues.iter().map(|i| i.count).collect();
        assert_eq!(counts, [8, 2], "counts are exact whatever was evicted");
        let big = issues.iter().find(|i| i.count == 8).unwrap().id;
        let small = issues.iter().find(|i| i.count == 2).unwrap().id;
        assert_eq!(
            store.events_of(small).await.unwrap().len(),
            2,
            "the small issue keeps its bodies"
        );
        let big_kept = store.events_of(big).await.unwrap();
        assert!(!big_kept.is_empty() && big_kept.len() < 8);
        assert_eq!(
            big_kept.last().unwrap().timestamp,
            Timestamp(0),
            "the first body is kept"
        );
        cleanup(store, name).await;
    }
}
