use faultline_core::{Level, Status};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testing::{issue, NOW};

fn parsed(text: &str) -> Query {
    Query::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn status_only_searches_use_the_index() {
    assert_eq!(plan(&parsed("")), Plan::Indexed { status: None });
    assert_eq!(
        plan(&parsed("is:unresolved")),
        Plan::Indexed {
            status: Some("unresolved")
        }
    );
    assert_eq!(
        plan(&parsed("is:ignored sort:freq")),
        Plan::Indexed {
            status: Some("ignored")
        }
    );
    assert_eq!(plan(&parsed("!is:resolved")), Plan::Scan);
    assert_eq!(plan(&parsed("is:regressed")), Plan::Scan);
    assert_eq!(plan(&parsed("is:unresolved level:error")), Plan::Scan);
    assert_eq!(plan(&parsed("checkout")), Plan::Scan);
}

#[wasm_bindgen_test]
fn tabs_are_recognised_whatever_the_spacing() {
    assert_eq!(active_tab("is:unresolved"), Some(0));
    assert_eq!(active_tab("  is:regressed "), Some(1));
    assert_eq!(active_tab(""), Some(4));
    assert_eq!(active_tab("is:unresolved level:error"), None);
}

#[wasm_bindgen_test]
fn sort_term_wins_over_the_menu() {
    assert_eq!(
        effective_sort(&parsed("sort:freq"), Some(SortKey::New)),
        SortKey::Freq
    );
    assert_eq!(
        effective_sort(&parsed(""), Some(SortKey::New)),
        SortKey::New
    );
    assert_eq!(effective_sort(&parsed(""), None), SortKey::Date);
}

#[wasm_bindgen_test]
fn user_terms_need_their_keys_looked_up() {
    assert_eq!(
        user_keys(&parsed("user:42 user.email:a@b.c")),
        ["email:42", "email:a@b.c", "id:42", "ip:42", "username:42"]
    );
    assert!(user_keys(&parsed("level:error")).is_empty());
}

fn ids(issues: &[Issue], found: &[usize]) -> Vec<u64> {
    found.iter().map(|&i| issues[i].id.0).collect()
}

#[wasm_bindgen_test]
fn scan_filters_with_the_query_language_and_sorts() {
    let mut a = issue(1, "checkout failed");
    a.count = 5;
    let mut b = issue(2, "null user");
    b.level = Level::Warning;
    b.count = 9;
    let mut c = issue(3, "checkout slow");
    c.status = Status::Resolved;
    c.count = 7;
    let all = Snapshot::new(vec![a, b, c]);
    let issues = &all.issues;
    let users = UserHits::default();
    let now = Timestamp(NOW);
    let found = scan(&all, &parsed("checkout"), &users, SortKey::Freq, now);
    assert_eq!(ids(issues, &found), [3, 1]);
    // A text term with others: the index narrows, the whole query decides.
    let found = scan(
        &all,
        &parsed("CHECKOUT is:unresolved"),
        &users,
        SortKey::Freq,
        now,
    );
    assert_eq!(ids(issues, &found), [1]);
    let found = scan(&all, &parsed("!checkout"), &users, SortKey::Freq, now);
    assert_eq!(ids(issues, &found), [2]);
    let found = scan(
        &all,
        &parsed("is:unresolved !level:warning"),
        &users,
        SortKey::Date,
        now,
    );
    assert_eq!(ids(issues, &found), [1]);
}

#[wasm_bindgen_test]
fn scan_asks_user_hits_for_user_terms() {
    let all = Snapshot::new(vec![issue(1, "a"), issue(2, "b")]);
    let mut users = UserHits::default();
    users.add("email:42", &[IssueId(2)]);
    let found = scan(
        &all,
        &parsed("user:42"),
        &users,
        SortKey::Date,
        Timestamp(NOW),
    );
    assert_eq!(ids(&all.issues, &found), [2]);
}

#[wasm_bindgen_test]
fn scan_breaks_ties_by_newest_issue() {
    let all = Snapshot::new(vec![issue(1, "a"), issue(2, "b"), issue(3, "c")]);
    let found = scan(
        &all,
        &parsed(""),
        &UserHits::default(),
        SortKey::Freq,
        Timestamp(NOW),
    );
    assert_eq!(ids(&all.issues, &found), [3, 2, 1]);
}

#[wasm_bindgen_test]
fn a_patched_snapshot_replaces_adds_and_drops_only_what_changed() {
    let snapshot = vec![issue(1, "a"), issue(2, "b"), issue(4, "d")];
    let mut b = issue(2, "b");
    b.count = 50;
    // 2 changed, 3 is new, 4 is gone from the index, 1 was not touched.
    let patched = patch_snapshot(
        &snapshot,
        &[IssueId(2), IssueId(3), IssueId(4)],
        vec![issue(3, "c"), b],
    );
    let seen: Vec<(u64, u64)> = patched.iter().map(|i| (i.id.0, i.count)).collect();
    assert_eq!(
        seen,
        [(1, snapshot[0].count), (2, 50), (3, issue(3, "c").count)]
    );
}
