//! Recording and reading back, in headless Chromium, against IndexedDB and the in-memory
//! stand-in alike. Each test uses its own database and deletes it after.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{ActivityKind, IgnoreFor, IssueId, Outcome, Timestamp};
use faultline_idb::{IssueQuery, SortBy, Store, StoreConfig, Triage};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn recorded_events_read_back_grouped_into_issues() {
    for (store, name) in both_backends("readback", StoreConfig::default()).await {
        let batch = [
            thrown(1, "TypeError", "send_welcome", 1_000),
            thrown(2, "TypeError", "send_welcome", 2_000),
            thrown(3, "RangeError", "paginate", 1_500),
        ];
        let first = store.record(&batch[..1]).await.expect("first batch");
        assert_eq!(first.outcomes, [(IssueId(1), Outcome::New)]);
        let second = store.record(&batch[1..]).await.expect("second batch");
        assert_eq!(
            second.outcomes,
            [(IssueId(1), Outcome::Counted), (IssueId(2), Outcome::New)]
        );

        let issues = store.all_issues().await.expect("list");
        assert_eq!(issues.len(), 2);
        let welcome = &issues[0];
        assert_eq!(welcome.title, "TypeError: boom");
        assert_eq!(
            welcome.culprit.as_deref(),
            Some("send_welcome at /app.js:2")
        );
        assert_eq!(welcome.count, 2);
        assert_eq!(
            (welcome.first_seen, welcome.last_seen),
            (Timestamp(1_000), Timestamp(2_000))
        );
        assert_eq!(welcome.first_release.as_deref(), Some("shop@1.0.0"));

        let events = store.events_of(welcome.id).await.expect("events");
        let ids: Vec<_> = events.iter().map(|e| e.event_id).collect();
        assert_eq!(ids, [batch[1].event.event_id, batch[0].event.event_id]);
        // What comes back is exactly what went in.
        assert_eq!(events[1], batch[0].event);
        cleanup(store, name).await;
    }
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
        .all_issues()
        .await
        .expect("list")
        .iter()
        .map(|i| i.id.0)
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, 2]);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn distinct_users_are_counted_exactly_across_batches() {
    for (store, name) in both_backends("users", StoreConfig::default()).await {
        store
            .record(&[thrown_by(1, "f", 1, "ann"), thrown_by(2, "f", 2, "ann")])
            .await
            .unwrap();
        store
            .record(&[thrown_by(3, "f", 3, "bob"), thrown_by(4, "f", 4, "ann")])
            .await
            .unwrap();
        store
            .record(&[thrown(5, "TypeError", "f", 5)])
            .await
            .unwrap();
        store.record(&[thrown_by(6, "g", 6, "bob")]).await.unwrap();
        let issue = store.issue(IssueId(1)).await.unwrap().unwrap();
        assert_eq!((issue.count, issue.user_count), (5, 2));
        assert_eq!(
            store.issues_with_user("id:ann").await.unwrap(),
            [IssueId(1)]
        );
        assert_eq!(
            store.issues_with_user("id:bob").await.unwrap(),
            [IssueId(1), IssueId(2)]
        );
        assert!(store.issues_with_user("id:eve").await.unwrap().is_empty());
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn resolved_issue_regresses_and_the_history_says_why() {
    for (store, name) in both_backends("regress", StoreConfig::default()).await {
        store
            .record(&[thrown_in(1, "f", 1_000, "1.0")])
            .await
            .unwrap();
        let done = store
            .triage(&[IssueId(1)], Triage::Resolve, Timestamp(2_000))
            .await
            .unwrap();
        assert_eq!(done.len(), 1);
        assert_eq!(
            store
                .issue(IssueId(1))
                .await
                .unwrap()
                .unwrap()
                .status_name(),
            "resolved"
        );
        let again = store
            .record(&[thrown_in(2, "f", 3_000, "1.1")])
            .await
            .unwrap();
        assert_eq!(again.outcomes, [(IssueId(1), Outcome::Regressed)]);
        let issue = store.issue(IssueId(1)).await.unwrap().unwrap();
        assert_eq!(
            (issue.status_name(), issue.substatus.as_str()),
            ("unresolved", "regressed")
        );
        let kinds: Vec<ActivityKind> = store
            .activity(IssueId(1))
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ActivityKind::FirstSeen {
                    release: Some("1.0".into())
                },
                ActivityKind::Resolved,
                ActivityKind::Regressed {
                    release: Some("1.1".into()),
                    resolved_at: Some(Timestamp(2_000))
                },
            ]
        );
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn ignored_until_two_more_events_comes_back_with_the_second() {
    for (store, name) in both_backends("ignore", StoreConfig::default()).await {
        store
            .record(&[thrown(1, "TypeError", "f", 1)])
            .await
            .unwrap();
        store
            .triage(
                &[IssueId(1)],
                Triage::Ignore(IgnoreFor::Events(2)),
                Timestamp(2),
            )
            .await
            .unwrap();
        let one = store
            .record(&[thrown(2, "TypeError", "f", 3)])
            .await
            .unwrap();
        assert_eq!(one.outcomes[0].1, Outcome::StillIgnored);
        assert_eq!(
            store
                .issue(IssueId(1))
                .await
                .unwrap()
                .unwrap()
                .status_name(),
            "ignored"
        );
        let two = store
            .record(&[thrown(3, "TypeError", "f", 4)])
            .await
            .unwrap();
        assert_eq!(two.outcomes[0].1, Outcome::IgnoreExpired);
        assert_eq!(
            store
                .issue(IssueId(1))
                .await
                .unwrap()
                .unwrap()
                .status_name(),
            "unresolved"
        );
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn hourly_and_daily_counters_count_every_event() {
    const HOUR: i64 = 3_600_000;
    for (store, name) in both_backends("counters", StoreConfig::default()).await {
        let batch: Vec<_> = [0, 10, HOUR + 5, 30 * HOUR]
            .iter()
            .enumerate()
            .map(|(i, at)| thrown(i as u32, "TypeError", "f", *at))
            .collect();
        store.record(&batch).await.unwrap();
        assert_eq!(
            store.histogram(IssueId(1), true, 0, 100).await.unwrap(),
            [(0, 2), (1, 1), (30, 1)]
        );
        assert_eq!(
            store.histogram(IssueId(1), false, 0, 10).await.unwrap(),
            [(0, 3), (1, 1)]
        );
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn issue_pages_cover_every_issue_once_in_order_despite_ties() {
    for (store, name) in both_backends("paging", StoreConfig::default()).await {
        // 23 issues; counts 1..=3 repeat, so the `events` order has many ties.
        let mut batch = Vec::new();
        for i in 0..23u32 {
            for k in 0..=(i % 3) {
                batch.push(thrown(
                    i * 10 + k,
                    "TypeError",
                    &format!("f{i}"),
                    i64::from(i * 100 + k),
                ));
            }
        }
        store.record(&batch).await.unwrap();
        store
            .triage(
                &[IssueId(2), IssueId(5)],
                Triage::Resolve,
                Timestamp(10_000),
            )
            .await
            .unwrap();
        for (status, expected) in [(None, 23), (Some("unresolved"), 21), (Some("resolved"), 2)] {
            let mut q = IssueQuery {
                status: status.map(str::to_string),
                sort: SortBy::Events,
                after: None,
                limit: 5,
            };
            let mut seen = Vec::new();
            loop {
                let page = store.issues_page(&q).await.unwrap();
                seen.extend(page.issues.iter().map(|i| (i.count, i.id.0)));
                match page.next {
                    Some(next) => q.after = Some(next),
                    None => break,
                }
            }
            assert_eq!(seen.len(), expected, "{status:?}");
            assert!(
                seen.windows(2).all(|w| w[0] > w[1]),
                "descending, no repeats: {seen:?}"
            );
        }
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn event_pages_go_newest_first_without_gaps() {
    for (store, name) in both_backends("event-pages", StoreConfig::default()).await {
        // Pairs of events share a timestamp.
        let batch: Vec<_> = (0..9u32)
            .map(|i| thrown(i, "TypeError", "f", i64::from(i / 2)))
            .collect();
        store.record(&batch).await.unwrap();
        let mut before = None;
        let mut seen = Vec::new();
        loop {
            let page = store
                .events_page(IssueId(1), before.as_ref(), 2)
                .await
                .unwrap();
            for e in &page.events {
                seen.push(faultline_idb::decode_event(e).unwrap());
            }
            match page.next {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        assert_eq!(seen.len(), 9);
        assert!(seen
            .windows(2)
            .all(|w| (w[0].timestamp, w[0].event_id) > (w[1].timestamp, w[1].event_id)));
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn drop_counters_add_up() {
    for (store, name) in both_backends("drops", StoreConfig::default()).await {
        store
            .add_drops(&[("queue_overflow", 2), ("sample_rate", 1)])
            .await
            .unwrap();
        store.add_drops(&[("queue_overflow", 3)]).await.unwrap();
        let mut drops = store.stats().await.unwrap().drops;
        drops.sort();
        assert_eq!(
            drops,
            [
                ("queue_overflow".to_string(), 5),
                ("sample_rate".to_string(), 1)
            ]
        );
        cleanup(store, name).await;
    }
}

#[wasm_bindgen_test]
async fn the_browser_answers_whether_storage_is_persistent() {
    let name = unique_name("persist");
    let store = Store::open(&name).await.unwrap();
    let answer = store.request_persistence().await;
    assert_ne!(answer, faultline_idb::Persistence::Unsupported);
    assert_eq!(store.persistence().await, answer);
    let memory = Store::memory("m", StoreConfig::default(), None);
    assert_eq!(
        memory.request_persistence().await,
        faultline_idb::Persistence::Unsupported
    );
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn the_memory_store_exports_like_the_database() {
    let memory = Store::memory("m", StoreConfig::default(), None);
    memory
        .record(&[
            thrown(1, "TypeError", "f", 10),
            thrown(2, "RangeError", "g", 20),
        ])
        .await
        .unwrap();
    let data = memory.export(None, Timestamp(30)).await.unwrap();
    let name = unique_name("from-memory");
    let store = Store::open(&name).await.unwrap();
    let report = store.import(&data).await.unwrap();
    assert_eq!((report.issues_created, report.events_added), (2, 2));
    assert_eq!(store.all_issues().await.unwrap().len(), 2);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn every_field_of_an_event_survives_storage() {
    use faultline_core::{Breadcrumb, Breadcrumbs, Level, LogEntry, Mechanism, Request, Sdk, User};
    use serde_json::json;
    let mut g = thrown(1, "TypeError", "f", 1_234);
    let e = &mut g.event;
    e.level = Level::Fatal;
    e.logger = Some("checkout".into());
    e.message = Some("while paying".into());
    e.logentry = Some(LogEntry {
        message: Some("paying %s".into()),
        formatted: Some("paying 42".into()),
        params: Some(json!(["42"])),
        ..LogEntry::default()
    });
    e.dist = Some("7".into());
    e.environment = Some("staging".into());
    e.tags.insert("plan".into(), "pro".into());
    e.contexts.0.insert(
        "browser".into(),
        json!({"name": "Chrome", "version": "156"}),
    );
    e.extra.insert(
        "cart".into(),
        json!({"items": [1, 2.5, null, true, "x"], "nested": {"deep": {"er": 1}}}),
    );
    e.fingerprint = vec!["{{ default }}".into(), "mail".into()];
    e.user = Some(User {
        id: Some("42".into()),
        email: Some("a@b.c".into()),
        username: Some("ann".into()),
        ip_address: None,
        other: [("segment".to_string(), json!("beta"))].into(),
    });
    e.request = Some(Request {
        url: Some("https://shop/x?y=1".into()),
        method: Some("GET".into()),
        headers: [("User-Agent".to_string(), "UA".to_string())].into(),
        ..Request::default()
    });
    e.sdk = Some(Sdk {
        name: "faultline.javascript".into(),
        version: "0.1.0".into(),
        ..Sdk::default()
    });
    e.breadcrumbs = Some(Breadcrumbs {
        values: vec![Breadcrumb {
            timestamp: Timestamp(1_000),
            ty: Some("http".into()),
            category: Some("fetch".into()),
            level: Some(Level::Warning),
            message: Some("GET /api".into()),
            data: [("status_code".to_string(), json!(500))].into(),
            other: [("event_id".to_string(), json!("abc"))].into(),
        }],
    });
    e.other.insert("server_name".into(), json!("web-1"));
    let exc = &mut e.exception.as_mut().unwrap().values[0];
    exc.module = Some("app".into());
    exc.mechanism = Some(Mechanism {
        ty: "onerror".into(),
        handled: Some(false),
        source: Some("cause".into()),
        exception_id: Some(1),
        parent_id: Some(0),
        is_exception_group: Some(false),
        ..Mechanism::default()
    });
    exc.other.insert("thread_id".into(), json!(3));
    let st = exc.stacktrace.as_mut().unwrap();
    st.other.insert("frames_omitted".into(), json!([1, 3]));
    st.frames[0].module = Some("app::main".into());
    st.frames[0]
        .other
        .insert("instruction_addr".into(), json!("0x1a2b"));
    let expected = g.event.clone();
    for (store, name) in both_backends("all-fields", StoreConfig::default()).await {
        store.record(std::slice::from_ref(&g)).await.unwrap();
        let back = store.events_of(IssueId(1)).await.unwrap();
        assert_eq!(back, std::slice::from_ref(&expected));
        cleanup(store, name).await;
    }
}
