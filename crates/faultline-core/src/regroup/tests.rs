//! Regroup planning: which issues merge, which would split, which aliases are added.

use super::*;
use crate::{default_fingerprint, Event, Exception, ExceptionList};

const OLD: &str = "faultline:2";
const NEW: &str = "faultline:3";

fn fp(name: &str) -> Fingerprint {
    Fingerprint(name.to_string())
}

/// Issue `id` with fingerprint `name`, `count` events, grouped by `config`.
fn issue(id: u64, name: &str, count: u64, config: &str) -> Issue {
    let event = Event {
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".into()),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    };
    let (mut issue, _) = Issue::open(IssueId(id), &default_fingerprint(&event), &event, false);
    issue.fingerprint = fp(name);
    issue.grouping_config = config.to_string();
    issue.count = count;
    issue
}

fn seen(pairs: &[(u64, &str)]) -> Vec<(IssueId, Fingerprint)> {
    pairs
        .iter()
        .map(|(id, name)| (IssueId(*id), fp(name)))
        .collect()
}

#[test]
fn issues_whose_events_now_share_a_fingerprint_merge_into_the_largest() {
    let issues = [
        issue(1, "a", 3, OLD),
        issue(2, "b", 7, OLD),
        issue(3, "c", 1, OLD),
    ];
    let observed = seen(&[(1, "x"), (1, "x"), (2, "x"), (3, "y")]);
    let plan = plan_regroup(&issues, observed, NEW);
    assert_eq!(plan.merges, [(IssueId(2), vec![IssueId(1)])]);
    // The new fingerprints lead to the issues from now on.
    assert_eq!(plan.aliases, [(IssueId(1), fp("x")), (IssueId(3), fp("y"))]);
    assert_eq!(plan.parts.len(), 3);
    assert!(plan.splits().next().is_none());
    let activity = plan.activity(Timestamp(9));
    assert_eq!(activity.len(), 2, "one entry per issue that remains");
    assert_eq!(
        activity[0].kind,
        ActivityKind::Regrouped {
            from: OLD.into(),
            to: NEW.into(),
            merged: vec![IssueId(1)],
            groups: 1
        }
    );
    assert_eq!(activity[0].issue, IssueId(2));
}

#[test]
fn an_issue_whose_events_would_split_is_kept_whole_and_listed() {
    let issues = [issue(1, "a", 5, OLD), issue(2, "b", 2, OLD)];
    let observed = seen(&[(1, "x"), (1, "y"), (1, "z"), (2, "y")]);
    let plan = plan_regroup(&issues, observed, NEW);
    assert!(plan.merges.is_empty(), "a split issue merges with nothing");
    let splits: Vec<(IssueId, u64)> = plan.splits().map(|p| (p.tally, p.groups)).collect();
    assert_eq!(splits, [(IssueId(1), 3)]);
    assert_eq!(
        plan.aliases,
        [(IssueId(2), fp("y"))],
        "y's events follow the new rules"
    );
}

#[test]
fn an_issue_with_no_stored_event_is_kept_as_it_is() {
    let issues = [issue(1, "a", 5, OLD)];
    let plan = plan_regroup(&issues, Vec::new(), NEW);
    assert_eq!(
        plan.unknown().map(|p| p.tally).collect::<Vec<_>>(),
        [IssueId(1)]
    );
    assert!(plan.aliases.is_empty() && plan.merges.is_empty());
    let mut regrouped = issues[0].clone();
    plan.apply_to(&mut regrouped);
    assert_eq!(regrouped.grouping_config, NEW, "it is not offered again");
}

#[test]
fn an_outdated_issue_joins_a_current_issue_that_has_its_new_fingerprint() {
    let issues = [issue(1, "a", 1, OLD), issue(2, "x", 9, NEW)];
    let plan = plan_regroup(&issues, seen(&[(1, "x")]), NEW);
    assert_eq!(plan.merges, [(IssueId(2), vec![IssueId(1)])]);
    assert!(plan.aliases.is_empty(), "x already leads to issue 2");
    assert_eq!(outdated(&issues, NEW), [IssueId(1)]);
}

#[test]
fn unchanged_fingerprints_add_nothing_and_up_to_date_issues_are_not_outdated() {
    let issues = [issue(1, "a", 1, OLD), issue(2, "b", 1, NEW)];
    let plan = plan_regroup(&issues, seen(&[(1, "a")]), NEW);
    assert!(plan.merges.is_empty() && plan.aliases.is_empty());
    assert_eq!(plan.parts.len(), 1);
    assert!(plan_regroup(&issues[1..], Vec::new(), NEW).is_empty());
}

#[test]
fn parts_of_a_merged_issue_are_regrouped_one_by_one() {
    let mut merged = issue(1, "a", 4, OLD);
    merged.parts = vec![issue(1, "a", 3, OLD), issue(2, "b", 1, NEW)];
    merged.reroute();
    let other = issue(3, "c", 2, OLD);
    let issues = [merged, other];
    let plan = plan_regroup(&issues, seen(&[(1, "z"), (3, "z")]), NEW);
    assert_eq!(outdated(&issues, NEW), [IssueId(1), IssueId(3)]);
    assert_eq!(plan.merges, [(IssueId(1), vec![IssueId(3)])]);
    assert_eq!(plan.aliases, [(IssueId(1), fp("z"))]);
    let mut regrouped = issues[0].clone();
    plan.apply_to(&mut regrouped);
    assert_eq!(regrouped.parts[0].aliases, [fp("z")]);
    assert_eq!(regrouped.parts[0].grouping_config, NEW);
    assert_eq!(regrouped.grouping_config, NEW);
    assert_eq!(regrouped.route(&fp("z")), Some(IssueId(1)));
}
