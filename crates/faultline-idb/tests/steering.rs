//! Steering issues after the fact in IndexedDB: merge and unmerge with exact counts,
//! later events following the merge and the unmerge, refusals that change nothing, notes
//! and an assignee that search finds and export carries, and the search index following
//! each of them, in headless Chromium.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_core::{
    fingerprint_with, plan_regroup, ActivityKind, FingerprintRules, Issue, IssueId, Timestamp,
};
use faultline_idb::GroupedEvent;
use faultline_idb::Store;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// (count, users, first seen, last seen) of issue `id`, as stored.
async fn counts(store: &Store, id: u64) -> (u64, u64, i64, i64) {
    let issue = store.issue(IssueId(id)).await.unwrap().expect("issue");
    (
        issue.count,
        issue.user_count,
        issue.first_seen.0,
        issue.last_seen.0,
    )
}

/// The search index agrees with the issues: same ids, counts, users, assignee and notes.
async fn check_index(store: &Store) {
    let index = store.issue_index().await.unwrap();
    assert_eq!(index.unreadable, 0);
    let view = |i: &Issue| (i.id, i.count, i.user_count, i.assignee.clone(), i.notes);
    let mut issues = store.all_issues().await.unwrap();
    issues.sort_by_key(|i| i.id);
    let indexed: Vec<_> = index.issues.iter().map(view).collect();
    assert_eq!(indexed, issues.iter().map(view).collect::<Vec<_>>());
    for (entry, issue) in index.issues.iter().zip(&issues) {
        assert_eq!(entry.tallies(), issue.tallies(), "{}", issue.id);
    }
}

/// The ids a search finds.
async fn found(store: &Store, text: &str) -> Vec<u64> {
    let result = store.search(text, Timestamp(1_000_000), 100).await.unwrap();
    let mut ids: Vec<u64> = result.issues.iter().map(|i| i.id.0).collect();
    ids.sort_unstable();
    ids
}

#[wasm_bindgen_test]
async fn a_merge_adds_up_exactly_and_an_unmerge_sticks() {
    let name = unique_name("merge");
    let store = Store::open(&name).await.unwrap();
    // Issue 1 (`f`): 3 events from a and b. Issue 2 (`g`): 2 events from b and c.
    // Issue 3 (`h`) stays out of it.
    store
        .record(&[
            thrown_by(1, "f", 100, "a"),
            thrown_by(2, "f", 200, "b"),
            thrown_by(3, "f", 300, "a"),
            thrown_by(4, "g", 50, "b"),
            thrown_by(5, "g", 400, "c"),
            thrown_by(6, "h", 60, "a"),
        ])
        .await
        .unwrap();
    let merged = store
        .merge(IssueId(1), &[IssueId(2)], Timestamp(500))
        .await
        .unwrap();
    assert_eq!(merged.id, IssueId(1));
    assert_eq!(counts(&store, 1).await, (5, 3, 50, 400), "b counted once");
    assert_eq!(store.issue(IssueId(2)).await.unwrap(), None);
    assert_eq!(
        counts(&store, 3).await,
        (1, 1, 60, 60),
        "not selected, not merged"
    );
    let day = store.histogram(IssueId(1), false, 0, 0).await.unwrap();
    assert_eq!(day, [(0, 5)], "the counters add up too");
    // The stream's charts: rows as the search index has them name the merged part.
    let rows = store.issue_index().await.unwrap().issues;
    let charts = store.histograms(&rows, false, 0, 0).await.unwrap();
    assert_eq!(
        charts,
        [(IssueId(1), vec![(0, 5)]), (IssueId(3), vec![(0, 1)])]
    );
    let history = store.activity(IssueId(1)).await.unwrap();
    assert!(history.iter().any(|a| matches!(
        &a.kind,
        ActivityKind::Merge { issues } if issues == &[IssueId(2)]
    )));
    check_index(&store).await;

    // A later event of `g` lands on the merged issue, from a new user d.
    store.record(&[thrown_by(7, "g", 600, "d")]).await.unwrap();
    assert_eq!(counts(&store, 1).await, (6, 4, 50, 600));

    // Unmerged, `g` has its own counts back, the one it gained included.
    let restored = store
        .unmerge(IssueId(1), IssueId(2), Timestamp(700))
        .await
        .unwrap();
    assert_eq!(restored.id, IssueId(2));
    assert_eq!(counts(&store, 2).await, (3, 3, 50, 600));
    assert_eq!(counts(&store, 1).await, (3, 2, 100, 300));
    assert_eq!(store.events_of(IssueId(2)).await.unwrap().len(), 3);
    check_index(&store).await;

    // And it sticks: the next `g` event goes to issue 2, not back to 1.
    store.record(&[thrown_by(8, "g", 800, "b")]).await.unwrap();
    assert_eq!(counts(&store, 2).await, (4, 3, 50, 800));
    assert_eq!(counts(&store, 1).await, (3, 2, 100, 300));
    check_index(&store).await;
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn a_refused_merge_changes_nothing() {
    let name = unique_name("refused");
    let store = Store::open(&name).await.unwrap();
    store
        .record(&[thrown_by(1, "f", 100, "a"), thrown_by(2, "g", 200, "b")])
        .await
        .unwrap();
    let before = store.all_issues().await.unwrap();
    let alone = store.merge(IssueId(1), &[IssueId(1)], Timestamp(300)).await;
    assert!(
        alone.unwrap_err().refusal().is_some(),
        "one issue is no merge"
    );
    let missing = store.merge(IssueId(9), &[IssueId(2)], Timestamp(300)).await;
    assert!(missing.unwrap_err().refusal().is_some(), "no issue 9");
    let not_merged = store.unmerge(IssueId(1), IssueId(2), Timestamp(300)).await;
    assert!(not_merged.unwrap_err().refusal().is_some());
    assert_eq!(store.all_issues().await.unwrap(), before);
    assert!(
        store.activity(IssueId(1)).await.unwrap().len() == 1,
        "only its opening"
    );
    check_index(&store).await;
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn notes_and_an_assignee_are_searchable_and_survive_export_and_import() {
    let (from_name, to_name) = (unique_name("notes"), unique_name("notes-import"));
    let store = Store::open(&from_name).await.unwrap();
    store
        .record(&[
            thrown_by(1, "f", 100, "a"),
            thrown_by(2, "g", 200, "b"),
            thrown_by(3, "h", 300, "c"),
        ])
        .await
        .unwrap();
    store
        .add_note(IssueId(1), "  <b>seen on checkout</b> ", Timestamp(400))
        .await
        .unwrap();
    assert!(store
        .add_note(IssueId(1), "   ", Timestamp(400))
        .await
        .is_err());
    store
        .assign(IssueId(2), Some("Ana@example.com"), Timestamp(410))
        .await
        .unwrap();
    assert_eq!(
        store
            .assign(IssueId(2), Some("Ana@example.com"), Timestamp(420))
            .await
            .unwrap(),
        None,
        "the same assignee again changes nothing"
    );
    check_index(&store).await;
    assert_eq!(found(&store, "has:notes").await, [1]);
    assert_eq!(found(&store, "assigned:ana@example.com").await, [2]);
    assert_eq!(found(&store, "is:unassigned").await, [1, 3]);
    assert_eq!(found(&store, "is:assigned has:notes").await, [] as [u64; 0]);

    let text = js_sys::JSON::stringify(&store.export(None, Timestamp(500)).await.unwrap()).unwrap();
    let data = js_sys::JSON::parse(&String::from(text)).unwrap();
    let to = Store::open(&to_name).await.unwrap();
    to.import(&data).await.unwrap();
    let noted = to.issue(IssueId(1)).await.unwrap().expect("imported");
    assert_eq!(noted.notes, 1);
    let assigned = to.issue(IssueId(2)).await.unwrap().expect("imported");
    assert_eq!(assigned.assignee.as_deref(), Some("Ana@example.com"));
    let history = to.activity(IssueId(1)).await.unwrap();
    assert!(history.iter().any(|a| matches!(
        &a.kind,
        ActivityKind::Note { text } if text == "<b>seen on checkout</b>"
    )));
    assert_eq!(found(&to, "has:notes").await, [1]);
    assert_eq!(found(&to, "assigned:ANA@example.com").await, [2]);
    check_index(&to).await;
    cleanup(store, Some(from_name)).await;
    cleanup(to, Some(to_name)).await;
}

#[wasm_bindgen_test]
async fn a_merged_issue_survives_export_and_import_and_still_unmerges() {
    let (from_name, to_name) = (unique_name("merged-export"), unique_name("merged-import"));
    let store = Store::open(&from_name).await.unwrap();
    store
        .record(&[
            thrown_by(1, "f", 100, "a"),
            thrown_by(2, "g", 200, "a"),
            thrown_by(3, "g", 300, "b"),
        ])
        .await
        .unwrap();
    store
        .merge(IssueId(2), &[IssueId(1)], Timestamp(400))
        .await
        .unwrap();
    let text = js_sys::JSON::stringify(&store.export(None, Timestamp(500)).await.unwrap()).unwrap();
    let data = js_sys::JSON::parse(&String::from(text)).unwrap();
    let to = Store::open(&to_name).await.unwrap();
    to.import(&data).await.unwrap();
    let all = to.all_issues().await.unwrap();
    assert_eq!(all.len(), 1);
    let merged = &all[0];
    assert_eq!((merged.count, merged.user_count), (3, 2));
    check_index(&to).await;
    let part = merged
        .parts
        .iter()
        .find(|p| p.id != merged.id)
        .map(|p| p.id)
        .expect("a part");
    let restored = to.unmerge(merged.id, part, Timestamp(600)).await.unwrap();
    assert_eq!((restored.count, restored.user_count), (1, 1));
    let left = to.issue(merged.id).await.unwrap().expect("still there");
    assert_eq!((left.count, left.user_count), (2, 2));
    check_index(&to).await;
    cleanup(store, Some(from_name)).await;
    cleanup(to, Some(to_name)).await;
}

#[wasm_bindgen_test]
async fn a_merge_that_fails_halfway_leaves_nothing_changed() {
    let name = unique_name("merge-atomic");
    let store = Store::open(&name).await.unwrap();
    store
        .record(&[thrown_by(1, "f", 100, "a"), thrown_by(2, "g", 200, "b")])
        .await
        .unwrap();
    let g = store.issue(IssueId(2)).await.unwrap().expect("g");
    // A damaged record already claims g's fingerprint as one of its own: writing the
    // merged issue breaks the unique index after g's record was deleted and its bodies
    // refiled, inside the transaction.
    let raw = raw_open(&name, 5, |_| {}).await;
    let claims = js_sys::Array::of1(&g.fingerprint.as_str().into());
    let damaged = object(&[
        ("id", 99.0.into()),
        ("fingerprint", "damaged".into()),
        ("otherFingerprints", claims.into()),
    ]);
    raw_put(&raw, "issues", &damaged).await;
    raw.close();
    let before = store.all_issues().await.unwrap();
    let index = store.issue_index().await.unwrap();
    let failed = store.merge(IssueId(1), &[IssueId(2)], Timestamp(300)).await;
    assert!(failed.is_err());
    assert_eq!(store.all_issues().await.unwrap(), before);
    assert_eq!(store.issue_index().await.unwrap(), index);
    assert_eq!(store.events_of(IssueId(2)).await.unwrap().len(), 1);
    assert_eq!(store.activity(IssueId(1)).await.unwrap().len(), 1);
    cleanup(store, Some(name)).await;
}

/// `event` grouped by `rules`, as the recorder groups it once the app has them.
fn regrouped(event: GroupedEvent, rules: &FingerprintRules) -> GroupedEvent {
    let grouping = fingerprint_with(&event.event, rules);
    GroupedEvent::new(event.event, grouping)
}

/// (count, users) of every issue, sorted.
async fn sorted_counts(store: &Store) -> Vec<(u64, u64)> {
    let issues = store.all_issues().await.unwrap();
    let mut counts: Vec<(u64, u64)> = issues.iter().map(|i| (i.count, i.user_count)).collect();
    counts.sort_unstable();
    counts
}

/// Two issues by the default grouping: `cart_total` (users a and b) and `cart_total_v2`
/// (user a), which the rule `stack.function:cart_total* -> cart` would group as one.
async fn record_cart_errors(store: &Store) {
    store
        .record(&[
            thrown_by(1, "cart_total", 100, "a"),
            thrown_by(2, "cart_total", 200, "b"),
            thrown_by(3, "cart_total_v2", 300, "a"),
        ])
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_regroup_merges_what_now_shares_a_fingerprint_and_undoing_it_restores_the_routes() {
    let name = unique_name("regroup");
    let store = Store::open(&name).await.unwrap();
    record_cart_errors(&store).await;
    let rules = FingerprintRules::parse("stack.function:cart_total* -> cart").unwrap();
    let issues = store.all_issues().await.unwrap();
    // What a viewer computes from the stored events: each issue's events, grouped anew.
    let mut observed = Vec::new();
    for issue in &issues {
        for event in store.events_of(issue.id).await.unwrap() {
            let grouping = fingerprint_with(&event, &rules);
            observed.push((issue.id, grouping.fingerprint));
        }
    }
    let plan = plan_regroup(&issues, observed, rules.config());
    assert_eq!(plan.merges.len(), 1);
    let report = store.regroup(&plan, Timestamp(400)).await.unwrap();
    assert_eq!(report.merged.len(), 1);
    let all = store.all_issues().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].count, all[0].user_count), (3, 2));
    check_index(&store).await;

    // Later events grouped by the new rules land on the merged issue.
    let later = regrouped(thrown_by(4, "cart_total_v2", 500, "c"), &rules);
    let recorded = store.record(&[later]).await.unwrap();
    assert_eq!(recorded.outcomes[0].0, all[0].id);
    assert_eq!(store.issue(all[0].id).await.unwrap().unwrap().count, 4);

    // Undone: two issues again with their own counts, the one since included, and the
    // new rules' fingerprint no longer leads to either.
    assert!(store.can_undo_regroup().await.unwrap());
    store.undo_regroup(Timestamp(600)).await.unwrap();
    assert!(!store.can_undo_regroup().await.unwrap());
    assert_eq!(sorted_counts(&store).await, [(2, 2), (2, 2)]);
    check_index(&store).await;
    let again = regrouped(thrown_by(5, "cart_total", 700, "d"), &rules);
    let recorded = store.record(&[again]).await.unwrap();
    assert_eq!(recorded.outcomes[0].1, faultline_core::Outcome::New);
    check_index(&store).await;
    cleanup(store, Some(name)).await;
}

#[wasm_bindgen_test]
async fn regrouping_the_outdated_issues_recomputes_their_fingerprints_from_the_stored_events() {
    let name = unique_name("regroup-outdated");
    let store = Store::open(&name).await.unwrap();
    record_cart_errors(&store).await;
    // Nothing to do while the recorder groups as the issues were grouped.
    assert_eq!(store.regroup_outdated(Timestamp(350)).await.unwrap(), None);
    assert_eq!(store.all_issues().await.unwrap().len(), 2);

    // The recorder now has rules (it says so when it records), and records with them.
    let text = "stack.function:cart_total* -> cart";
    let rules = FingerprintRules::parse(text).unwrap();
    let grouping = faultline_idb::Grouping {
        config: rules.config().to_string(),
        rules: text.to_string(),
    };
    let config = faultline_idb::StoreConfig {
        grouping: Some(grouping),
        ..faultline_idb::StoreConfig::default()
    };
    let recorder = Store::open_with(&name, config).await.unwrap();
    let later = regrouped(thrown_by(4, "checkout", 400, "c"), &rules);
    recorder.record(&[later]).await.unwrap();
    recorder.close();
    let (config, parsed) = store.grouping_now().await.unwrap();
    assert_eq!(
        (config.as_str(), parsed.is_empty()),
        (rules.config(), false)
    );

    let (plan, report) = store
        .regroup_outdated(Timestamp(500))
        .await
        .unwrap()
        .expect("two issues grouped by the old config");
    assert_eq!(plan.config, rules.config());
    assert_eq!(report.merged.len(), 1);
    assert_eq!(report.merged[0].1.len(), 1);
    // The cart issues merged (3 events, 2 users); the checkout one was never outdated.
    assert_eq!(sorted_counts(&store).await, [(1, 1), (3, 2)]);
    check_index(&store).await;
    // Every issue is grouped by the current rules now.
    assert_eq!(store.regroup_outdated(Timestamp(600)).await.unwrap(), None);
    cleanup(store, Some(name)).await;
}
