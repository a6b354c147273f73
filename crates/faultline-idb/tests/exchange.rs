//! Export and import: a round trip into another database, and importing twice.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{IgnoreFor, IssueId, Timestamp};
use faultline_idb::{ImportReport, Store, Triage};
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
