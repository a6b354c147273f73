use faultline_core::{IgnoreFor, IssueId};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testing::{issue, HOUR, NOW};

fn at(ms: i64) -> Timestamp {
    Timestamp(ms)
}

#[wasm_bindgen_test]
fn a_fresh_issue_is_new_and_an_old_one_has_no_badge() {
    let mut fresh = issue(1, "x");
    fresh.substatus = Substatus::New;
    fresh.status_changed = at(NOW - HOUR);
    let labels: Vec<_> = badges(&fresh, at(NOW)).iter().map(|b| b.label).collect();
    assert_eq!(labels, ["New"]);
    // New ages into ongoing after a week.
    assert!(badges(&fresh, at(NOW + 8 * 24 * HOUR)).is_empty());
}

#[wasm_bindgen_test]
fn regression_is_explained_from_the_history() {
    let mut i = issue(1, "x");
    i.resolve(at(NOW - 3 * HOUR));
    let event = faultline_core::Event {
        timestamp: at(NOW - HOUR / 6),
        release: Some("1.4.2".into()),
        ..Default::default()
    };
    let applied = i.apply(&event, false);
    let history = vec![applied.activity.unwrap()];
    assert_eq!(badges(&i, at(NOW))[0].label, "Regressed");
    assert_eq!(
        status_note(&i, &history, at(NOW)).unwrap(),
        "Regressed: resolved 3 h ago, seen again 10 min ago in 1.4.2."
    );
    let (class, text) = describe_activity(&history[0]);
    assert_eq!(class, "regressed");
    assert_eq!(
        text,
        "Regressed: seen again in 1.4.2, 2 h after it was resolved"
    );
}

#[wasm_bindgen_test]
fn ignore_until_events_shows_progress_then_comes_back() {
    let mut i = issue(1, "x");
    i.count = 4;
    let ignored = i.ignore(IgnoreFor::Events(2), at(NOW - HOUR));
    assert_eq!(describe_activity(&ignored).1, "Ignored until 2 more events");
    let event = faultline_core::Event {
        timestamp: at(NOW - 2_000),
        ..Default::default()
    };
    i.apply(&event, false);
    assert_eq!(
        status_note(&i, std::slice::from_ref(&ignored), at(NOW)).unwrap(),
        "Ignored until 2 more events (1 so far)."
    );
    let back = i.apply(&event, false).activity.unwrap();
    assert_eq!(badges(&i, at(NOW))[0].label, "Escalating");
    assert_eq!(
        status_note(&i, &[ignored, back.clone()], at(NOW)).unwrap(),
        "Back from ignored: it was ignored until 2 more events, and that was met just now."
    );
    assert_eq!(back.issue, IssueId(1));
}

#[wasm_bindgen_test]
fn timed_ignores_count_down_and_expire() {
    let mut i = issue(1, "x");
    let a = i.ignore(IgnoreFor::Millis(2 * HOUR), at(NOW));
    assert_eq!(describe_activity(&a).1, "Ignored for 2 h");
    assert_eq!(
        status_note(&i, &[], at(NOW + HOUR / 2)).unwrap(),
        "Ignored for 1 h more."
    );
    assert_eq!(badges(&i, at(NOW + 3 * HOUR))[0].label, "Escalating");
}

#[wasm_bindgen_test]
fn resolved_in_next_release_names_the_release() {
    let mut i = issue(1, "x");
    let a = i.resolve_in_next_release(at(NOW));
    assert_eq!(
        describe_activity(&a).1,
        "Marked as resolved in the release after 1.0"
    );
    assert_eq!(
        badges(&i, at(NOW))[0].title,
        "Resolved in the release after 1.0"
    );
    assert!(status_note(&i, &[a], at(NOW))
        .unwrap()
        .starts_with("Resolved in the release after 1.0."));
}

#[wasm_bindgen_test]
fn open_ongoing_issue_needs_no_banner() {
    assert_eq!(status_note(&issue(1, "x"), &[], at(NOW)), None);
}
