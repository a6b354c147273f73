//! The batch planner, one `check(batch, known, expected)` per behaviour.

use super::*;
use crate::{default_fingerprint, ActivityKind, Exception, ExceptionList, Level, Status};

/// One event of a test batch: bug `bug` at `at` ms.
#[derive(Clone)]
pub(crate) struct Item {
    grouping: Grouping,
    event: Event,
    user: Option<String>,
    body: Option<u64>,
    occurrences: u64,
}

/// An event of bug `bug` at `at` ms: a `{bug}Error` thrown with the value "boom" (the
/// planner's, merge's and import's tests build on it).
pub(crate) fn bug_event(bug: &str, at: i64) -> Event {
    Event {
        timestamp: Timestamp(at),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some(format!("{bug}Error")),
                value: Some("boom".into()),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    }
}

pub(crate) fn item(bug: &str, at: i64) -> Item {
    let event = Event {
        release: Some("1.0".into()),
        ..bug_event(bug, at)
    };
    Item {
        grouping: default_fingerprint(&event),
        event,
        user: None,
        body: Some(100),
        occurrences: 1,
    }
}

impl Item {
    fn by(mut self, user: &str) -> Item {
        self.user = Some(user.to_string());
        self
    }

    pub(crate) fn repeat(mut self) -> Item {
        self.body = None;
        self
    }

    fn standing_for(mut self, occurrences: u64) -> Item {
        self.occurrences = occurrences;
        self
    }

    fn sized(mut self, size: u64) -> Item {
        self.body = Some(size);
        self
    }
}

impl Item {
    pub(crate) fn batch_event(&self) -> BatchEvent<'_> {
        BatchEvent {
            grouping: &self.grouping,
            event: &self.event,
            user: self.user.clone(),
            body_size: self.body,
            occurrences: self.occurrences,
        }
    }
}

fn batch(items: &[Item]) -> Vec<BatchEvent<'_>> {
    items.iter().map(Item::batch_event).collect()
}

/// A stored issue of bug `bug` numbered `id`, with `count` events and `bodies` bodies.
pub(crate) fn stored_issue(bug: &str, id: u64, count: u64, bodies: StoredBodies) -> StoredIssue {
    let first = item(bug, 0);
    let (mut issue, _) = Issue::open(IssueId(id), &first.grouping, &first.event, true);
    issue.count = count;
    StoredIssue { issue, bodies }
}

fn bodies(events: u64, bytes: u64) -> StoredBodies {
    StoredBodies { events, bytes }
}

/// An issue of a plan: (id, count, userCount, firstSeen, lastSeen, status, bodies, change).
type IssueRow = (
    u64,
    u64,
    u64,
    i64,
    i64,
    &'static str,
    (u64, u64),
    IssueChange,
);

/// What a plan says, in a form a test can spell out.
#[derive(Debug, PartialEq)]
struct Summary {
    outcomes: Vec<(u64, Outcome)>,
    issues: Vec<IssueRow>,
    users: Vec<(u64, String)>,
    /// (issue, unit, bucket, value)
    counters: Vec<(u64, &'static str, i64, u64)>,
    /// (issue, at, kind)
    activity: Vec<(u64, i64, &'static str)>,
    /// (batch item, issue)
    bodies: Vec<(usize, u64)>,
    next_issue: u64,
    event_bytes: u64,
}

fn summary(plan: &BatchPlan) -> Summary {
    Summary {
        outcomes: plan.outcomes.iter().map(|(id, o)| (id.0, *o)).collect(),
        issues: plan
            .issues
            .iter()
            .map(|p| {
                let i = &p.issue;
                let (first, last) = (i.first_seen.as_millis(), i.last_seen.as_millis());
                let stored = (p.bodies.events, p.bodies.bytes);
                let status = i.status_name();
                (
                    i.id.0,
                    i.count,
                    i.user_count,
                    first,
                    last,
                    status,
                    stored,
                    p.change,
                )
            })
            .collect(),
        users: plan.users.iter().map(|(id, u)| (id.0, u.clone())).collect(),
        counters: plan
            .counters
            .iter()
            .map(|(k, n)| (k.issue.0, k.unit.as_str(), k.bucket, *n))
            .collect(),
        activity: plan
            .activity
            .iter()
            .map(|a| (a.issue.0, a.at.as_millis(), activity_name(&a.kind)))
            .collect(),
        bodies: plan.bodies.iter().map(|b| (b.item, b.issue.0)).collect(),
        next_issue: plan.next_issue,
        event_bytes: plan.event_bytes,
    }
}

fn activity_name(kind: &ActivityKind) -> &'static str {
    match kind {
        ActivityKind::FirstSeen { .. } => "first_seen",
        ActivityKind::Regressed { .. } => "regressed",
        ActivityKind::IgnoreExpired { .. } => "ignore_expired",
        _ => "other",
    }
}

fn check(items: &[Item], known: Known, expected: Summary) -> BatchPlan {
    let plan = plan_batch(&batch(items), known);
    assert_eq!(summary(&plan), expected);
    plan
}

const HOUR: i64 = 3_600_000;
use crate::IssueChange::{Opened, Unchanged, Updated};
use crate::Outcome::{Counted, New, Regressed};

#[test]
fn new_fingerprints_open_issues_numbered_in_batch_order() {
    let known = Known {
        next_issue: 5,
        event_bytes: 1_000,
        ..Known::default()
    };
    check(
        &[item("Type", 10), item("Range", 20), item("Type", HOUR + 30)],
        known,
        Summary {
            outcomes: vec![(5, New), (6, New), (5, Counted)],
            issues: vec![
                (5, 2, 0, 10, HOUR + 30, "unresolved", (2, 200), Opened),
                (6, 1, 0, 20, 20, "unresolved", (1, 100), Opened),
            ],
            users: vec![],
            counters: vec![
                (5, "h", 0, 1),
                (5, "d", 0, 2),
                (6, "h", 0, 1),
                (6, "d", 0, 1),
                (5, "h", 1, 1),
            ],
            activity: vec![(5, 10, "first_seen"), (6, 20, "first_seen")],
            bodies: vec![(0, 5), (1, 6), (2, 5)],
            next_issue: 7,
            event_bytes: 1_300,
        },
    );
}

#[test]
fn found_issues_count_exactly_and_counters_add_to_what_is_stored() {
    let key = |unit| CounterKey {
        issue: IssueId(3),
        unit,
        bucket: 0,
    };
    let counters = vec![(key(CounterUnit::Hour), 4), (key(CounterUnit::Day), 7)];
    let known = Known {
        issues: vec![stored_issue("Type", 3, 7, bodies(2, 200))],
        counters,
        next_issue: 9,
        ..Known::default()
    };
    check(
        &[item("Type", 50), item("Type", 60).sized(40)],
        known,
        Summary {
            outcomes: vec![(3, Counted), (3, Counted)],
            issues: vec![(3, 9, 1, 0, 60, "unresolved", (4, 340), Updated)],
            users: vec![],
            counters: vec![(3, "h", 0, 6), (3, "d", 0, 9)],
            activity: vec![],
            bodies: vec![(0, 3), (1, 3)],
            next_issue: 9,
            event_bytes: 140,
        },
    );
}

#[test]
fn distinct_users_are_the_union_of_known_and_new_ones() {
    let users = vec![(IssueId(1), "id:a".to_string())];
    let known = Known {
        issues: vec![stored_issue("Type", 1, 5, bodies(1, 100))],
        users,
        next_issue: 2,
        ..Known::default()
    };
    let plan = plan_batch(
        &batch(&[
            item("Type", 1).by("id:a"),
            item("Type", 2).by("id:b"),
            item("Type", 3).by("id:b"),
            item("Type", 4).by("id:c"),
            item("Range", 5).by("id:a"),
            item("Range", 6).by("id:a"),
        ]),
        known,
    );
    let s = summary(&plan);
    assert_eq!(
        s.users,
        [(1, "id:b".into()), (1, "id:c".into()), (2, "id:a".into())]
    );
    // Issue 1 had one user (a) recorded; b and c are new. Issue 2 opens with a.
    let counts: Vec<(u64, u64, u64)> = s.issues.iter().map(|i| (i.0, i.1, i.2)).collect();
    assert_eq!(counts, [(1, 9, 3), (2, 2, 1)]);
}

#[test]
fn a_resolved_issue_regresses_once_and_the_history_says_so() {
    let mut found = stored_issue("Type", 4, 3, bodies(3, 300));
    found.issue.resolve(Timestamp(100));
    let known = Known {
        issues: vec![found],
        next_issue: 5,
        ..Known::default()
    };
    let plan = check(
        &[item("Type", 200), item("Type", 300)],
        known,
        Summary {
            outcomes: vec![(4, Regressed), (4, Counted)],
            issues: vec![(4, 5, 1, 0, 300, "unresolved", (5, 500), Updated)],
            users: vec![],
            counters: vec![(4, "h", 0, 2), (4, "d", 0, 2)],
            activity: vec![(4, 200, "regressed")],
            bodies: vec![(0, 4), (1, 4)],
            next_issue: 5,
            event_bytes: 200,
        },
    );
    assert_eq!(plan.issues[0].issue.status, Status::Unresolved);
}

#[test]
fn repeats_count_without_a_body() {
    check(
        &[item("Type", 10), item("Type", 20).repeat()],
        Known::default(),
        Summary {
            outcomes: vec![(1, New), (1, Counted)],
            issues: vec![(1, 2, 0, 10, 20, "unresolved", (1, 100), Opened)],
            users: vec![],
            counters: vec![(1, "h", 0, 2), (1, "d", 0, 2)],
            activity: vec![(1, 10, "first_seen")],
            bodies: vec![(0, 1)],
            next_issue: 2,
            event_bytes: 100,
        },
    );
}

#[test]
fn an_event_standing_for_many_counts_all_of_them() {
    let known = Known {
        issues: vec![stored_issue("Range", 1, 10, bodies(1, 100))],
        next_issue: 2,
        ..Known::default()
    };
    check(
        &[
            item("Type", 10).standing_for(40),
            item("Range", 20).standing_for(0),
        ],
        known,
        Summary {
            outcomes: vec![(2, New), (1, Counted)],
            issues: vec![
                (1, 11, 1, 0, 20, "unresolved", (2, 200), Updated),
                (2, 40, 0, 10, 10, "unresolved", (1, 100), Opened),
            ],
            users: vec![],
            counters: vec![
                (2, "h", 0, 40),
                (2, "d", 0, 40),
                (1, "h", 0, 1),
                (1, "d", 0, 1),
            ],
            activity: vec![(2, 10, "first_seen")],
            bodies: vec![(0, 2), (1, 1)],
            next_issue: 3,
            event_bytes: 200,
        },
    );
}

#[test]
fn counts_saturate_at_the_largest_exact_count_instead_of_wrapping() {
    let key = CounterKey {
        issue: IssueId(1),
        unit: CounterUnit::Day,
        bucket: 0,
    };
    let known = Known {
        issues: vec![stored_issue("Type", 1, MAX_COUNT - 1, bodies(1, 100))],
        counters: vec![(key, MAX_COUNT)],
        next_issue: 2,
        ..Known::default()
    };
    let plan = plan_batch(
        &batch(&[item("Type", 1).standing_for(u64::MAX), item("Type", 2)]),
        known,
    );
    assert_eq!(plan.issues[0].issue.count, MAX_COUNT);
    assert!(plan.counters.contains(&(key, MAX_COUNT)));
}

#[test]
fn only_found_issues_need_their_users_and_counters_read() {
    let items = [
        item("Type", 10).by("id:a"),
        item("Type", HOUR).by("id:a"),
        item("Range", 20).by("id:b"),
        item("Type", 30),
    ];
    let batch = batch(&items);
    let fingerprints = fingerprints_of(&batch);
    assert_eq!(fingerprints.len(), 2, "each fingerprint once");
    let found = [stored_issue("Type", 8, 1, bodies(0, 0))];
    let lookups = lookups_of(&batch, &found);
    assert_eq!(lookups.users, [(IssueId(8), "id:a".to_string())]);
    let keys: Vec<(u64, &str, i64)> = lookups
        .counters
        .iter()
        .map(|k| (k.issue.0, k.unit.as_str(), k.bucket))
        .collect();
    assert_eq!(keys, [(8, "h", 0), (8, "d", 0), (8, "h", 1)]);
}

#[test]
fn an_issue_over_its_limit_loses_its_oldest_bodies_after_the_first_ones() {
    let retention = Retention {
        max_events_per_issue: 5,
        keep_first_events: 2,
        max_bytes: u64::MAX,
    };
    let known = Known {
        issues: vec![stored_issue("Type", 1, 5, bodies(5, 500))],
        event_bytes: 500,
        next_issue: 2,
        ..Known::default()
    };
    let mut plan = plan_batch(&batch(&[item("Type", 10), item("Type", 20)]), known);
    let trims = plan.trims(&retention);
    let listing = BodyListing {
        issue: IssueId(1),
        keep_first: 2,
        count: 2,
    };
    assert_eq!(trims, [listing]);
    assert_eq!(listing.limit(), 4);
    // Storage lists the 4 oldest: the first 2 stay, the next 2 go.
    let doomed = plan.evict(&listing, &[100, 100, 90, 80]);
    assert_eq!(doomed, 2..4);
    assert_eq!(plan.issues[0].bodies, bodies(5, 530));
    assert_eq!((plan.event_bytes, plan.evicted), (530, 2));
    assert!(plan.trims(&retention).is_empty());
}

#[test]
fn an_eviction_takes_what_is_listed_when_fewer_bodies_exist() {
    let listing = BodyListing {
        issue: IssueId(1),
        keep_first: 10,
        count: 5,
    };
    assert_eq!(listing.doomed(12), 10..12);
    assert_eq!(listing.doomed(3), 3..3);
}

#[test]
fn over_budget_the_largest_issues_lose_their_oldest_bodies_but_their_first() {
    let retention = Retention {
        max_bytes: 1_000,
        ..Retention::default()
    };
    let known = Known {
        issues: vec![stored_issue("Type", 1, 1, bodies(1, 100))],
        event_bytes: 900,
        next_issue: 4,
        ..Known::default()
    };
    let mut plan = plan_batch(&batch(&[item("Type", 10).sized(300)]), known);
    assert!(plan.over_budget(&retention));
    let mut pass = plan.budget_pass(&retention).unwrap();
    // Storage offers the largest issue first: issue 2, not in the batch, with 2 bodies.
    // 200 bytes over, 100 a body on average: it can give 1 (its first stays).
    let listing = pass.consider(&mut plan, stored_issue("Range", 2, 9, bodies(2, 200)));
    assert_eq!(
        listing,
        Some(BodyListing {
            issue: IssueId(2),
            keep_first: 1,
            count: 1
        })
    );
    assert!(!pass.covered());
    // The next: issue 1 as the plan has it (2 bodies, 400 bytes), not as offered.
    let next = pass.consider(&mut plan, stored_issue("Type", 1, 1, bodies(1, 100)));
    assert_eq!(next.map(|l| (l.issue, l.count)), Some((IssueId(1), 1)));
    assert!(pass.covered());
    assert_eq!(
        pass.consider(&mut plan, stored_issue("Syntax", 3, 5, bodies(5, 50))),
        None
    );
    assert_eq!(plan.evict(&listing.unwrap(), &[100, 90]), 1..2);
    assert_eq!(plan.evict(&next.unwrap(), &[100, 300]), 1..2);
    assert_eq!((plan.event_bytes, plan.evicted), (810, 2));
    assert!(plan.budget_pass(&retention).is_none());
    let evicted = plan
        .issues
        .iter()
        .find(|p| p.issue.id == IssueId(2))
        .unwrap();
    assert_eq!((evicted.bodies, evicted.change), (bodies(1, 110), Updated));
}

#[test]
fn the_budget_never_takes_an_issues_only_body() {
    let retention = Retention {
        max_bytes: 10,
        ..Retention::default()
    };
    let mut plan = plan_batch(
        &[],
        Known {
            event_bytes: 500,
            ..Known::default()
        },
    );
    let mut pass = plan.budget_pass(&retention).unwrap();
    assert_eq!(
        pass.consider(&mut plan, stored_issue("Type", 1, 3, bodies(1, 500))),
        None
    );
    assert_eq!(plan.issues[0].change, Unchanged);
}

#[test]
fn queued_bodies_fill_the_outbox_and_the_oldest_entries_go_beyond_its_bounds() {
    let known = Known {
        outbox: Some(OutboxTotals {
            entries: 2,
            bytes: 200,
        }),
        ..Known::default()
    };
    let plan = plan_batch(&batch(&[item("Type", 1), item("Type", 2)]), known);
    let mut totals = plan.outbox.unwrap();
    assert_eq!(
        totals,
        OutboxTotals {
            entries: 4,
            bytes: 400
        }
    );
    let limits = OutboxLimits {
        max_entries: 3,
        max_bytes: 250,
    };
    assert_eq!(totals.overflow(&limits), Some(1));
    // The oldest listed: dropping one leaves 300 bytes, still over; the second fits.
    assert_eq!(totals.drop_oldest(&limits, &[100]), 1);
    assert_eq!(totals.overflow(&limits), Some(1));
    assert_eq!(totals.drop_oldest(&limits, &[60, 100]), 1);
    assert_eq!(
        totals,
        OutboxTotals {
            entries: 2,
            bytes: 240
        }
    );
    assert_eq!(totals.overflow(&limits), None);
}

#[test]
fn an_ignored_issue_counts_the_batch_and_comes_back_when_its_condition_is_met() {
    let mut found = stored_issue("Type", 1, 3, bodies(3, 300));
    found
        .issue
        .ignore(crate::IgnoreFor::Events(2), Timestamp(5));
    let known = Known {
        issues: vec![found],
        next_issue: 2,
        ..Known::default()
    };
    let plan = plan_batch(
        &batch(&[item("Type", 10), item("Type", 20), item("Type", 30)]),
        known,
    );
    let outcomes: Vec<Outcome> = plan.outcomes.iter().map(|(_, o)| *o).collect();
    assert_eq!(
        outcomes,
        [Outcome::StillIgnored, Outcome::IgnoreExpired, Counted]
    );
    assert_eq!(plan.activity.len(), 1);
    assert_eq!(plan.issues[0].issue.level, Level::Error);
}

#[test]
fn an_alias_leads_to_its_issue_and_a_merged_part_gets_its_own_counters_and_users() {
    // Issue 3 is Type with Range merged in (part 4); issue 5 is Syntax with the Eval
    // fingerprint as an alias.
    let mut merged = stored_issue("Type", 3, 2, bodies(0, 0));
    let mut part = stored_issue("Range", 4, 1, bodies(0, 0)).issue;
    part.user_count = 0;
    merged.issue.parts = vec![merged.issue.clone(), part];
    merged.issue.count = 3;
    merged.issue.reroute();
    let mut aliased = stored_issue("Syntax", 5, 1, bodies(0, 0));
    aliased.issue.aliases = vec![item("Eval", 0).grouping.fingerprint];
    aliased.issue.reroute();
    let items = [
        item("Range", 10).by("id:a"),
        item("Eval", 20),
        item("Type", 30).by("id:a"),
    ];
    let found = vec![merged, aliased];
    let lookups = lookups_of(&batch(&items), &found);
    assert_eq!(
        lookups.users,
        [(IssueId(3), "id:a".into()), (IssueId(4), "id:a".into())],
        "a user is asked of every part"
    );
    let known = Known {
        issues: found,
        // a was seen on the Type part already.
        users: vec![(IssueId(3), "id:a".into())],
        next_issue: 6,
        ..Known::default()
    };
    let plan = check(
        &items,
        known,
        Summary {
            outcomes: vec![(3, Counted), (5, Counted), (3, Counted)],
            issues: vec![
                (3, 5, 1, 0, 30, "unresolved", (2, 200), Updated),
                (5, 2, 1, 0, 20, "unresolved", (1, 100), Updated),
            ],
            users: vec![(4, "id:a".into())],
            counters: vec![
                (4, "h", 0, 1),
                (4, "d", 0, 1),
                (5, "h", 0, 1),
                (5, "d", 0, 1),
                (3, "h", 0, 1),
                (3, "d", 0, 1),
            ],
            activity: vec![],
            bodies: vec![(0, 3), (1, 5), (2, 3)],
            next_issue: 6,
            event_bytes: 300,
        },
    );
    let parts: Vec<Option<IssueId>> = plan.bodies.iter().map(|b| b.part).collect();
    assert_eq!(parts, [Some(IssueId(4)), None, None]);
    let merged = &plan.issues[0].issue;
    assert_eq!(
        (merged.parts[0].count, merged.parts[1].count),
        (2, 1),
        "parts are snapshots: their own counts are their tallies'"
    );
    assert_eq!(
        merged.user_count, 1,
        "a is new to the Range part, not to the merged issue"
    );
}
