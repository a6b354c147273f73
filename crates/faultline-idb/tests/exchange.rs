//! Export and import: a round trip into another database, and importing twice.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{IgnoreFor, IssueId, Timestamp, MAX_COUNT};
use faultline_idb::{ImportReport, ProblemAction, Store, Triage};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn export_then_import_reproduces_issues_events_and_history() {
    let (from_name, to_name) = (unique_name("export"), unique_name("import"));
    let from = Store::open(&from_name).await.unwrap();
    from.record(&[
        thrown(1, "TypeError", "f", 10),
        thrown(2, "TypeError", "f", 20),
        thrown(3, "RangeError", "g", 30),
    ])
    .await
    .unwrap();
    from.triage(
        &[IssueId(2)],
        Triage::Ignore(IgnoreFor::Events(5)),
        Timestamp(40),
    )
    .await
    .unwrap();
    // Through JSON text, as a file would carry it.
    let text = js_sys::JSON::stringify(&from.export(None, Timestamp(50)).await.unwrap()).unwrap();
    let data = js_sys::JSON::parse(&String::from(text)).unwrap();

    let to = Store::open(&to_name).await.unwrap();
    // The target already has an issue of its own, and the `f` issue under another number.
    to.record(&[
        thrown(9, "SyntaxError", "h", 5),
        thrown(10, "TypeError", "f", 25),
    ])
    .await
    .unwrap();
    let report = to.import(&data).await.unwrap();
    assert_eq!(
        report,
        ImportReport {
            issues_created: 1,
            issues_merged: 1,
            events_added: 3,
            events_skipped: 0,
            users_added: 0,
            invalid: 0,
            ..ImportReport::default()
        }
    );

    let issues = to.all_issues().await.unwrap();
    let f = issues
        .iter()
        .find(|i| i.title.starts_with("TypeError"))
        .unwrap();
    assert_eq!(
        (f.count, f.first_seen, f.last_seen),
        (3, Timestamp(10), Timestamp(25))
    );
    assert_eq!(to.events_of(f.id).await.unwrap().len(), 3);
    let g = issues
        .iter()
        .find(|i| i.title.starts_with("RangeError"))
        .unwrap();
    assert_eq!(g.id, IssueId(3), "created issues are renumbered here");
    assert_eq!(g.status_name(), "ignored");
    assert_eq!(
        to.activity(g.id).await.unwrap().len(),
        2,
        "first seen + ignored"
    );
    assert_eq!(to.histogram(g.id, true, 0, 1).await.unwrap(), [(0, 1)]);

    let twice = to.import(&data).await.unwrap();
    assert_eq!(
        twice,
        ImportReport {
            issues_created: 0,
            issues_merged: 2,
            events_added: 0,
            events_skipped: 3,
            users_added: 0,
            invalid: 0,
            ..ImportReport::default()
        }
    );
    let after: Vec<(u64, u64)> = to
        .all_issues()
        .await
        .unwrap()
        .iter()
        .map(|i| (i.id.0, i.count))
        .collect();
    let before: Vec<(u64, u64)> = issues.iter().map(|i| (i.id.0, i.count)).collect();
    assert_eq!(after, before, "importing twice changes nothing");
    cleanup(from, Some(from_name)).await;
    cleanup(to, Some(to_name)).await;
}

#[wasm_bindgen_test]
async fn user_counts_stay_exact_across_export_and_import() {
    let (from_name, to_name) = (unique_name("users-from"), unique_name("users-to"));
    let from = Store::open(&from_name).await.unwrap();
    // Issue `f`: users a, b, c; issue `g`: user a.
    from.record(&[
        thrown_by(1, "f", 10, "a"),
        thrown_by(2, "f", 20, "b"),
        thrown_by(3, "f", 30, "c"),
        thrown_by(4, "g", 40, "a"),
    ])
    .await
    .unwrap();
    let data = from.export(None, Timestamp(50)).await.unwrap();

    let to = Store::open(&to_name).await.unwrap();
    // Here `f` already exists with users c and d.
    to.record(&[thrown_by(9, "f", 5, "c"), thrown_by(10, "f", 6, "d")])
        .await
        .unwrap();
    let report = to.import(&data).await.unwrap();
    assert_eq!(report.users_added, 3, "a and b on f, a on g: {report:?}");
    let users = |issues: &[faultline_core::Issue], title: &str| {
        let i = issues
            .iter()
            .find(|i| i.culprit.as_deref().unwrap_or_default().starts_with(title));
        i.map(|i| (i.id, i.user_count)).unwrap()
    };
    let issues = to.all_issues().await.unwrap();
    let (f, f_users) = users(&issues, "f");
    let (g, g_users) = users(&issues, "g");
    assert_eq!(f_users, 4, "a, b, c and d");
    assert_eq!(g_users, 1);

    // Importing again adds nobody; later events from known users do not count them again,
    // and a new user does.
    assert_eq!(to.import(&data).await.unwrap().users_added, 0);
    to.record(&[thrown_by(11, "f", 60, "b"), thrown_by(12, "g", 61, "a")])
        .await
        .unwrap();
    to.record(&[thrown_by(13, "g", 62, "e")]).await.unwrap();
    let issues = to.all_issues().await.unwrap();
    assert_eq!(users(&issues, "f"), (f, 4));
    assert_eq!(users(&issues, "g"), (g, 2));
    // Search by user finds imported issues.
    let mut with_a = to.issues_with_user("id:a").await.unwrap();
    with_a.sort_unstable();
    assert_eq!(with_a, [f, g]);
    cleanup(from, Some(from_name)).await;
    cleanup(to, Some(to_name)).await;
}

#[wasm_bindgen_test]
async fn exporting_one_issue_carries_only_its_records() {
    let name = unique_name("export-one");
    let store = Store::open(&name).await.unwrap();
    store
        .record(&[
            thrown(1, "TypeError", "f", 10),
            thrown(2, "RangeError", "g", 20),
        ])
        .await
        .unwrap();
    let data = store
        .export(Some(&[IssueId(2)]), Timestamp(30))
        .await
        .unwrap();
    let len = |key: &str| {
        js_sys::Array::from(&js_sys::Reflect::get(&data, &key.into()).unwrap()).length()
    };
    assert_eq!(
        (
            len("issues"),
            len("events"),
            len("activity"),
            len("counters")
        ),
        (1, 1, 1, 2)
    );
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn an_export_carries_each_event_as_an_object_though_recording_stores_its_text() {
    let name = unique_name("export-objects");
    let store = Store::open(&name).await.unwrap();
    let memory = Store::memory(
        "export-objects",
        faultline_idb::StoreConfig::default(),
        None,
    );
    let batch = [
        thrown(1, "TypeError", "f", 10),
        thrown(2, "RangeError", "g", 20),
    ];
    store.record(&batch).await.unwrap();
    memory.record(&batch).await.unwrap();
    let get = |value: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(value, &key.into()).unwrap()
    };
    for (what, data) in [
        ("all", store.export(None, Timestamp(30)).await.unwrap()),
        (
            "one issue",
            store
                .export(Some(&[IssueId(2)]), Timestamp(30))
                .await
                .unwrap(),
        ),
        (
            "in memory",
            memory.export(None, Timestamp(30)).await.unwrap(),
        ),
    ] {
        let events = js_sys::Array::from(&get(&data, "events"));
        assert!(events.length() > 0, "{what}: events exported");
        for record in events.iter() {
            let event = get(&record, "event");
            assert!(event.is_object(), "{what}: the event is an object");
            assert!(
                get(&event, "exception").is_object(),
                "{what}: Sentry's shape"
            );
        }
    }
    // The store keeps the text, unchanged by an export, and reads it as the event.
    let db = raw_open(&name, 5, |_| {}).await;
    let tx = db.transaction_with_str("events").unwrap();
    let all = wait_request(&tx.object_store("events").unwrap().get_all().unwrap())
        .await
        .unwrap();
    let stored = js_sys::Array::from(&all);
    assert_eq!(stored.length(), 2);
    assert!(stored
        .iter()
        .all(|record| get(&record, "event").is_string()));
    db.close();
    let page = store.events_page(IssueId(1), None, 10).await.unwrap();
    assert!(get(&page.events[0], "exception").is_object());
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn importing_something_else_is_a_clear_error() {
    let name = unique_name("import-bad");
    let store = Store::open(&name).await.unwrap();
    let err = store
        .import(&js_sys::JSON::parse(r#"{"issues": []}"#).unwrap())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a Faultline export"), "{err}");
    cleanup(store, Some(name)).await;
}

/// The export of a fresh database holding `batch`, as JSON text parsed back (as a file
/// would carry it).
async fn exported(test: &str, batch: &[faultline_idb::GroupedEvent]) -> wasm_bindgen::JsValue {
    let name = unique_name(test);
    let store = Store::open(&name).await.unwrap();
    store.record(batch).await.unwrap();
    let text = js_sys::JSON::stringify(&store.export(None, Timestamp(99)).await.unwrap()).unwrap();
    cleanup(store, Some(name)).await;
    js_sys::JSON::parse(&String::from(text)).unwrap()
}

/// Record `index` of the export's array `part`.
fn record(data: &wasm_bindgen::JsValue, part: &str, index: u32) -> wasm_bindgen::JsValue {
    js_sys::Array::from(&js_sys::Reflect::get(data, &part.into()).unwrap()).get(index)
}

fn set(record: &wasm_bindgen::JsValue, key: &str, value: wasm_bindgen::JsValue) {
    js_sys::Reflect::set(record, &key.into(), &value).unwrap();
}

#[wasm_bindgen_test]
async fn issues_sharing_a_number_are_rejected_with_their_events_and_the_report_says_so() {
    // Three issues, two of them numbered 1 (the export of issue 19's report): which one
    // event 1's record belongs to cannot be known.
    let data = exported(
        "shared-from",
        &[
            thrown(1, "TypeError", "f", 10),
            thrown(2, "RangeError", "g", 20),
            thrown(3, "SyntaxError", "h", 30),
        ],
    )
    .await;
    set(&record(&data, "issues", 2), "id", 1.into());
    let name = unique_name("shared-to");
    let store = Store::open(&name).await.unwrap();
    let report = store.import(&data).await.unwrap();
    assert_eq!(
        (report.issues_created, report.events_added),
        (1, 1),
        "{report:?}"
    );
    let rejected: Vec<(&str, usize)> = report
        .problems
        .iter()
        .filter(|p| p.action == ProblemAction::Rejected)
        .map(|p| (p.kind.as_str(), p.index))
        .collect();
    // Both issues numbered 1, and the events and history (first seen, two counters)
    // that refer to that number.
    assert_eq!(report.invalid as usize, rejected.len());
    assert!(rejected.contains(&("issue", 0)) && rejected.contains(&("issue", 2)));
    assert!(rejected.contains(&("event", 0)) && rejected.contains(&("event", 2)));
    assert!(report.problems[0]
        .reason
        .contains("shared by 2 different issues"));
    // What it reports is what it did.
    let issues = store.all_issues().await.unwrap();
    assert_eq!(issues.len() as u64, report.issues_created);
    assert_eq!(store.stats().await.unwrap().events, report.events_added);
    assert!(issues[0].title.starts_with("RangeError"));
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn a_huge_imported_count_is_clamped_and_never_wraps() {
    let data = exported("huge-from", &[thrown(1, "TypeError", "f", 10)]).await;
    set(&record(&data, "issues", 0), "count", 1e300.into());
    let name = unique_name("huge-to");
    let store = Store::open(&name).await.unwrap();
    let report = store.import(&data).await.unwrap();
    assert_eq!(
        (report.issues_created, report.repaired),
        (1, 1),
        "{report:?}"
    );
    assert!(report.problems[0]
        .reason
        .contains("clamped to 9007199254740991"));
    let count = |issues: &[faultline_core::Issue]| issues[0].count;
    assert_eq!(count(&store.all_issues().await.unwrap()), MAX_COUNT);
    // One more event of the same bug stays at the largest count; it never wraps to 0.
    store
        .record(&[thrown(2, "TypeError", "f", 20)])
        .await
        .unwrap();
    assert_eq!(count(&store.all_issues().await.unwrap()), MAX_COUNT);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn counts_and_times_that_cannot_be_read_are_rejected_with_reasons() {
    let data = exported(
        "bad-from",
        &[
            thrown(1, "TypeError", "f", 10),
            thrown(2, "RangeError", "g", 20),
            thrown(3, "SyntaxError", "h", 30),
        ],
    )
    .await;
    set(&record(&data, "issues", 0), "count", (-3.0).into());
    set(&record(&data, "issues", 1), "firstSeenMs", 1e17.into());
    set(&record(&data, "events", 2), "ts", f64::NAN.into());
    let name = unique_name("bad-to");
    let store = Store::open(&name).await.unwrap();
    let report = store.import(&data).await.unwrap();
    let reasons: Vec<String> = report.problems.iter().map(|p| p.reason.clone()).collect();
    assert!(
        reasons.iter().any(|r| r == "count -3 is negative"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r == "firstSeenMs 100000000000000000 is not a time between 1970 and 9999"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r == "ts NaN is not a time between 1970 and 9999"),
        "{reasons:?}"
    );
    // Issue 3 keeps its issue record but not its event; issues 1 and 2 are rejected.
    assert_eq!((report.issues_created, report.events_added), (1, 0));
    assert_eq!(store.all_issues().await.unwrap().len(), 1);
    assert_eq!(store.stats().await.unwrap().events, 0);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn importing_the_same_file_twice_leaves_every_store_as_it_was() {
    let data = exported(
        "twice-from",
        &[
            thrown_by(1, "f", 10, "a"),
            thrown_by(2, "f", 20, "b"),
            thrown_by(3, "g", 30, "a"),
        ],
    )
    .await;
    let name = unique_name("twice-to");
    let store = Store::open(&name).await.unwrap();
    store.import(&data).await.unwrap();
    let snapshot = |export: wasm_bindgen::JsValue| {
        // Everything but the export's own time.
        set(&export, "exportedAt", "".into());
        String::from(js_sys::JSON::stringify(&export).unwrap())
    };
    let before = snapshot(store.export(None, Timestamp(1)).await.unwrap());
    let again = store.import(&data).await.unwrap();
    assert_eq!((again.issues_merged, again.events_skipped), (2, 3));
    assert_eq!(
        (again.issues_created, again.events_added, again.users_added),
        (0, 0, 0)
    );
    let after = snapshot(store.export(None, Timestamp(1)).await.unwrap());
    assert_eq!(after, before);
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn events_already_stored_are_skipped_whether_the_store_is_small_or_large() {
    let data = exported(
        "presence-from",
        &[
            thrown_by(1, "f", 10, "a"),
            thrown_by(2, "f", 20, "b"),
            thrown_by(3, "g", 30, "a"),
        ],
    )
    .await;
    let name = unique_name("presence-to");
    let store = Store::open(&name).await.unwrap();
    // Small next to the import: every stored id is read at once.
    store.import(&data).await.unwrap();
    let small = store.import(&data).await.unwrap();
    assert_eq!((small.events_skipped, small.events_added), (3, 0));
    // Over four stored events per imported one: each event is looked up by its key.
    let more: Vec<_> = (10..24)
        .map(|seq| thrown(seq, "RangeError", "h", i64::from(seq)))
        .collect();
    store.record(&more).await.unwrap();
    let large = store.import(&data).await.unwrap();
    assert_eq!((large.events_skipped, large.events_added), (3, 0));
    assert_eq!(large.issues_merged, 2);
    cleanup(store, Some(name)).await;
}
