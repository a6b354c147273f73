use super::*;
use crate::NEW_FOR_MS;
use crate::{default_fingerprint, Exception, ExceptionList};

const HOUR: i64 = 3_600_000;

fn event(at: i64, release: Option<&str>) -> Event {
    Event {
        timestamp: Timestamp(at),
        release: release.map(str::to_string),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".into()),
                value: Some("x is null".into()),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    }
}

fn opened(at: i64, release: Option<&str>) -> Issue {
    let e = event(at, release);
    Issue::open(IssueId(7), &default_fingerprint(&e), &e, true).0
}

#[test]
fn first_event_opens_a_new_issue_with_first_seen_activity() {
    let e = event(1_000, Some("1.0"));
    let (issue, activity) = Issue::open(IssueId(7), &default_fingerprint(&e), &e, true);
    assert_eq!((issue.count, issue.user_count), (1, 1));
    assert_eq!(issue.status, Status::Unresolved);
    assert_eq!(issue.substatus, Substatus::New);
    assert_eq!(issue.error_type.as_deref(), Some("TypeError"));
    assert_eq!(
        activity,
        Activity {
            issue: IssueId(7),
            at: Timestamp(1_000),
            kind: ActivityKind::FirstSeen {
                release: Some("1.0".into())
            },
        }
    );
}

#[test]
fn events_update_counts_times_and_last_release() {
    let mut issue = opened(5_000, Some("1.0"));
    assert_eq!(
        issue.apply(&event(9_000, Some("1.1")), false).outcome,
        Outcome::Counted
    );
    assert_eq!(
        issue.apply(&event(2_000, Some("0.9")), true).outcome,
        Outcome::Counted
    );
    assert_eq!((issue.count, issue.user_count), (3, 2));
    assert_eq!(
        (issue.first_seen, issue.last_seen),
        (Timestamp(2_000), Timestamp(9_000))
    );
    // A late-arriving older event does not become the "last" release.
    assert_eq!(issue.last_release.as_deref(), Some("1.1"));
    assert_eq!(issue.first_release.as_deref(), Some("1.0"));
}

#[test]
fn resolved_issue_regresses_on_new_event() {
    let mut issue = opened(1_000, Some("1.0"));
    issue.resolve(Timestamp(2_000));
    assert_eq!(issue.status_name(), "resolved");
    let applied = issue.apply(&event(3_000, Some("1.0")), false);
    assert_eq!(applied.outcome, Outcome::Regressed);
    assert_eq!(issue.status, Status::Unresolved);
    assert_eq!(issue.substatus, Substatus::Regressed);
    assert_eq!(
        applied.activity.map(|a| a.kind),
        Some(ActivityKind::Regressed {
            release: Some("1.0".into()),
            resolved_at: Some(Timestamp(2_000)),
        })
    );
}

#[test]
fn resolved_in_next_release_regresses_only_on_another_release() {
    let mut issue = opened(1_000, Some("1.0"));
    issue.resolve_in_next_release(Timestamp(2_000));
    assert_eq!(
        issue.apply(&event(3_000, Some("1.0")), false).outcome,
        Outcome::Counted
    );
    assert_eq!(
        issue.apply(&event(3_500, None), false).outcome,
        Outcome::Counted
    );
    assert_eq!(issue.status_name(), "resolved");
    assert_eq!(
        issue.apply(&event(4_000, Some("1.1")), false).outcome,
        Outcome::Regressed
    );
    assert_eq!(issue.status_name(), "unresolved");
}

#[test]
fn ignored_until_more_events_comes_back_when_they_arrive() {
    let mut issue = opened(1_000, None);
    issue.ignore(IgnoreFor::Events(2), Timestamp(1_500));
    assert_eq!(issue.substatus, Substatus::ArchivedUntilConditionMet);
    assert_eq!(
        issue.apply(&event(2_000, None), false).outcome,
        Outcome::StillIgnored
    );
    let applied = issue.apply(&event(3_000, None), false);
    assert_eq!(applied.outcome, Outcome::IgnoreExpired);
    assert_eq!(issue.status, Status::Unresolved);
    assert_eq!(issue.substatus, Substatus::Escalating);
    assert!(matches!(
        applied.activity.map(|a| a.kind),
        Some(ActivityKind::IgnoreExpired {
            until: Ignore::Events {
                count: 2,
                from_count: 1
            }
        })
    ));
}

#[test]
fn ignored_until_more_users_counts_only_new_users() {
    let mut issue = opened(1_000, None);
    issue.ignore(IgnoreFor::Users(2), Timestamp(1_500));
    assert_eq!(
        issue.apply(&event(2_000, None), false).outcome,
        Outcome::StillIgnored
    );
    assert_eq!(
        issue.apply(&event(2_100, None), true).outcome,
        Outcome::StillIgnored
    );
    assert_eq!(
        issue.apply(&event(2_200, None), false).outcome,
        Outcome::StillIgnored
    );
    assert_eq!(
        issue.apply(&event(2_300, None), true).outcome,
        Outcome::IgnoreExpired
    );
}

#[test]
fn ignored_for_a_time_expires_on_the_first_event_after_it() {
    let mut issue = opened(0, None);
    issue.ignore(IgnoreFor::Millis(HOUR), Timestamp(0));
    assert_eq!(
        issue.apply(&event(HOUR - 1, None), false).outcome,
        Outcome::StillIgnored
    );
    assert_eq!(issue.status_name_at(Timestamp(HOUR - 1)), "ignored");
    // Without any event, reading it after the hour shows it unresolved, escalating.
    assert_eq!(issue.status_name_at(Timestamp(HOUR)), "unresolved");
    assert_eq!(issue.substatus_at(Timestamp(HOUR)), Substatus::Escalating);
    assert_eq!(
        issue.apply(&event(HOUR, None), false).outcome,
        Outcome::IgnoreExpired
    );
}

#[test]
fn ignored_forever_stays_ignored_until_reopened() {
    let mut issue = opened(0, None);
    issue.ignore(IgnoreFor::Forever, Timestamp(1));
    for at in 2..50 {
        assert_eq!(
            issue.apply(&event(at, None), true).outcome,
            Outcome::StillIgnored
        );
    }
    assert_eq!(issue.substatus, Substatus::ArchivedForever);
    let activity = issue.unresolve(Timestamp(100));
    assert_eq!(activity.kind, ActivityKind::Reopened);
    assert_eq!(
        (issue.status_name(), issue.substatus),
        ("unresolved", Substatus::Ongoing)
    );
    assert_eq!(issue.count, 49);
}

#[test]
fn new_and_regressed_age_into_ongoing_after_a_week() {
    let issue = opened(0, None);
    assert_eq!(
        issue.substatus_at(Timestamp(NEW_FOR_MS - 1)),
        Substatus::New
    );
    assert_eq!(
        issue.substatus_at(Timestamp(NEW_FOR_MS)),
        Substatus::Ongoing
    );
}

#[test]
fn a_sampled_event_counts_every_occurrence_it_stands_for() {
    let mut issue = opened(0, None);
    issue.ignore(IgnoreFor::Events(100), Timestamp(1));
    assert_eq!(
        issue.apply_occurrences(&event(2, None), false, 60).outcome,
        Outcome::StillIgnored
    );
    assert_eq!(
        issue.apply_occurrences(&event(3, None), false, 40).outcome,
        Outcome::IgnoreExpired
    );
    assert_eq!(issue.count, 101);
}
