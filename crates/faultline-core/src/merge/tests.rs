//! Merge and unmerge arithmetic, checked against a store that never merged: the same
//! events recorded in both must give the same counts, users and counters.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::plan::tests::bug_event;
use crate::Tally;
use crate::{
    default_fingerprint, plan_batch, BatchEvent, CounterKey, Event, Grouping, IssueChange, Known,
    Level, Status,
};

/// An event of bug `bug` at `at` ms, by `user`, in `release`.
struct Item {
    grouping: Grouping,
    event: Event,
    user: Option<String>,
}

fn item(bug: &str, at: i64, user: Option<&str>, release: &str) -> Item {
    let event = Event {
        release: Some(release.into()),
        environment: Some(format!("env-{bug}")),
        level: if at % 2 == 0 {
            Level::Error
        } else {
            Level::Warning
        },
        ..bug_event(bug, at)
    };
    Item {
        grouping: default_fingerprint(&event),
        event,
        user: user.map(str::to_string),
    }
}

/// What a stored event says: when, how severe, release, environment.
type Seen = (Timestamp, Level, Option<String>, Option<String>);

/// Just enough of a store: issues, users and counters by tally, bodies with their part.
#[derive(Default, Clone)]
struct Store {
    issues: BTreeMap<u64, StoredIssue>,
    users: BTreeSet<(IssueId, String)>,
    counters: BTreeMap<CounterKey, u64>,
    /// (issue, part, what the event says) per body, in order.
    bodies: Vec<(IssueId, Option<IssueId>, Seen)>,
    activity: Vec<Activity>,
    next: u64,
}

impl Store {
    fn record(&mut self, items: &[Item]) {
        let batch: Vec<BatchEvent<'_>> = items
            .iter()
            .map(|i| BatchEvent {
                grouping: &i.grouping,
                event: &i.event,
                user: i.user.clone(),
                body_size: Some(10),
                occurrences: 1,
            })
            .collect();
        let found: Vec<StoredIssue> = self
            .issues
            .values()
            .filter(|s| {
                batch
                    .iter()
                    .any(|b| s.issue.route(&b.grouping.fingerprint).is_some())
            })
            .cloned()
            .collect();
        let lookups = crate::lookups_of(&batch, &found);
        let known = Known {
            users: lookups
                .users
                .into_iter()
                .filter(|pair| self.users.contains(pair))
                .collect(),
            counters: lookups
                .counters
                .into_iter()
                .filter_map(|k| self.counters.get(&k).map(|n| (k, *n)))
                .collect(),
            issues: found,
            next_issue: self.next,
            ..Known::default()
        };
        let plan = plan_batch(&batch, known);
        for planned in &plan.issues {
            if planned.change != IssueChange::Unchanged {
                let stored = StoredIssue {
                    issue: planned.issue.clone(),
                    bodies: planned.bodies,
                };
                self.issues.insert(planned.issue.id.0, stored);
            }
        }
        self.users.extend(plan.users.iter().cloned());
        self.counters.extend(plan.counters.iter().copied());
        self.bodies.extend(plan.bodies.iter().map(|b| {
            let event = &items[b.item].event;
            let seen = (
                event.timestamp,
                event.level,
                event.release.clone(),
                event.environment.clone(),
            );
            (b.issue, b.part, seen)
        }));
        self.activity.extend(plan.activity);
        self.next = plan.next_issue;
    }

    /// What the store holds now of each tally of `issues`.
    fn parts_now(&self, issues: &[&Issue]) -> Vec<PartNow> {
        issues
            .iter()
            .flat_map(|issue| issue.tallies().into_iter().map(move |t| (issue.id, t)))
            .map(|(issue, tally)| PartNow {
                id: tally,
                tally: Tally {
                    events: self
                        .counters
                        .iter()
                        .filter(|(k, _)| k.issue == tally && k.unit == CounterUnit::Day)
                        .map(|(_, n)| n)
                        .sum(),
                    users: self.users.iter().filter(|(t, _)| *t == tally).count() as u64,
                },
                events: self
                    .bodies
                    .iter()
                    .filter(|(i, part, _)| *i == issue && part.unwrap_or(issue) == tally)
                    .map(|(_, _, seen)| seen.clone())
                    .collect(),
            })
            .collect()
    }

    fn users_of(&self, issues: &[&Issue]) -> Vec<String> {
        let tallies: Vec<IssueId> = issues.iter().flat_map(|i| i.tallies()).collect();
        self.users
            .iter()
            .filter(|(t, _)| tallies.contains(t))
            .map(|(_, key)| key.clone())
            .collect()
    }

    fn merge(&mut self, primary: u64, others: &[u64]) -> Result<(), MergeError> {
        let primary = self.issues[&primary].clone();
        let others: Vec<StoredIssue> = others.iter().map(|id| self.issues[id].clone()).collect();
        let mut all = vec![&primary.issue];
        all.extend(others.iter().map(|o| &o.issue));
        let users = self.users_of(&all);
        let now = self.parts_now(&all);
        let merged = plan_merge(primary, others, &now, users, Timestamp(1_000_000))?;
        for removed in &merged.removed {
            self.issues.remove(&removed.0);
            for body in &mut self.bodies {
                if body.0 == *removed {
                    body.1 = Some(body.1.unwrap_or(*removed));
                    body.0 = merged.issue.issue.id;
                }
            }
        }
        self.issues
            .insert(merged.issue.issue.id.0, merged.issue.clone());
        self.activity.extend(merged.activity);
        Ok(())
    }

    fn unmerge(&mut self, issue: u64, part: u64) -> Result<(), MergeError> {
        let stored = self.issues[&issue].clone();
        let staying: Vec<&Issue> = stored
            .issue
            .parts
            .iter()
            .filter(|p| p.id.0 != part)
            .collect();
        let users = self.users_of(&staying);
        let now = self.parts_now(&[&stored.issue]);
        let part = IssueId(part);
        let mut moved = StoredBodies::default();
        for body in &mut self.bodies {
            if body.0 == stored.issue.id && body.1 == Some(part) {
                body.0 = part;
                body.1 = None;
                moved.events += 1;
                moved.bytes += 10;
            }
        }
        let unmerged = plan_unmerge(stored, part, &now, users, moved, Timestamp(2_000_000))?;
        self.issues
            .insert(unmerged.issue.issue.id.0, unmerged.issue);
        self.issues
            .insert(unmerged.restored.issue.id.0, unmerged.restored);
        self.activity.extend(unmerged.activity);
        Ok(())
    }

    /// An issue's counters summed over its tallies: (unit, bucket) → events.
    fn histogram(&self, id: u64) -> BTreeMap<(CounterUnit, i64), u64> {
        let tallies = self.issues[&id].issue.tallies();
        let mut sums = BTreeMap::new();
        for (key, n) in &self.counters {
            if tallies.contains(&key.issue) {
                *sums.entry((key.unit, key.bucket)).or_default() += n;
            }
        }
        sums
    }

    fn issue(&self, id: u64) -> &Issue {
        &self.issues[&id].issue
    }
}

use crate::CounterUnit;

/// Events of two bugs, A and B, over several hours, some users on both.
fn history() -> (Vec<Item>, Vec<Item>) {
    let hour = 3_600_000;
    let before = vec![
        item("A", 5 * hour, Some("id:1"), "1.0"),
        item("B", hour, Some("id:1"), "0.9"),
        item("A", 6 * hour, Some("id:2"), "1.1"),
        item("B", 7 * hour, Some("id:3"), "1.1"),
        item("B", 7 * hour + 1, None, "1.1"),
    ];
    let after = vec![
        item("B", 9 * hour, Some("id:4"), "1.2"),
        item("A", 9 * hour + 5, Some("id:4"), "1.2"),
        item("B", 30 * hour, Some("id:1"), "1.3"),
        item("A", 2 * hour, Some("id:5"), "0.8"),
    ];
    (before, after)
}

/// Records `before` in two batches per bug so issue numbers are A = 1, B = 2.
fn recorded(before: &[Item]) -> Store {
    let mut store = Store::default();
    for bug in ["AError", "BError"] {
        let items: Vec<Item> = before
            .iter()
            .filter(|i| i.event.exception.as_ref().unwrap().values[0].ty.as_deref() == Some(bug))
            .map(item_copy)
            .collect();
        store.record(&items);
    }
    store
}

fn item_copy(i: &Item) -> Item {
    Item {
        grouping: i.grouping.clone(),
        event: i.event.clone(),
        user: i.user.clone(),
    }
}

#[test]
fn a_merged_issue_adds_counts_and_unites_users_releases_and_environments() {
    let (before, after) = history();
    let mut store = recorded(&before);
    store.merge(1, &[2]).unwrap();
    let merged = store.issue(1).clone();
    assert_eq!(merged.count, 5);
    assert_eq!(merged.user_count, 3, "id:1 is on both: a union, not a sum");
    assert_eq!(merged.first_seen, Timestamp(3_600_000), "B's first event");
    assert_eq!(merged.first_release.as_deref(), Some("0.9"));
    assert_eq!(merged.last_seen, Timestamp(7 * 3_600_000 + 1));
    assert_eq!(merged.level, Level::Warning, "the latest event's level");
    assert_eq!(merged.releases, ["0.9", "1.1", "1.0"]);
    assert_eq!(merged.environments, ["env-B", "env-A"]);
    assert_eq!(merged.parts.len(), 2);
    assert_eq!(merged.tallies(), [IssueId(1), IssueId(2)]);
    assert!(
        !store.issues.contains_key(&2),
        "the merged-in issue's record goes"
    );
    assert_eq!(merged.title, "AError: boom", "the primary's title stays");
    assert_eq!(store.issues[&1].bodies.events, 5, "bodies come along");
    assert!(store.bodies.iter().all(|b| b.0 == IssueId(1)));

    // Later events of both fingerprints land on the merged issue.
    let mut control = Store::default();
    control.record(&before.iter().map(item_copy).collect::<Vec<_>>());
    store.record(&after);
    control.record(&after);
    let merged = store.issue(1);
    assert_eq!(merged.count, 9);
    assert_eq!(merged.user_count, 5);
    assert_eq!(merged.last_seen, Timestamp(30 * 3_600_000));
    assert_eq!(merged.last_release.as_deref(), Some("1.3"));
    assert!(store.issues.len() == 1, "no issue was opened again");
    // Its counters are its parts' added: the same as both issues' counters added.
    let mut expected = control.histogram(1);
    for (key, n) in control.histogram(2) {
        *expected.entry(key).or_default() += n;
    }
    assert_eq!(store.histogram(1), expected);
}

#[test]
fn unmerging_restores_the_part_exactly_and_its_later_events_go_to_it() {
    let (before, after) = history();
    let mut store = recorded(&before);
    let mut control = recorded(&before);
    store.merge(1, &[2]).unwrap();
    store.record(&after);
    control.record(&after);
    store.unmerge(1, 2).unwrap();
    for id in [1, 2] {
        let (got, want) = (store.issue(id), control.issue(id));
        assert_eq!(
            (got.count, got.user_count, got.first_seen, got.last_seen),
            (want.count, want.user_count, want.first_seen, want.last_seen),
            "issue {id}"
        );
        assert_eq!(got.releases, want.releases, "issue {id}");
        assert_eq!(got.last_release, want.last_release, "issue {id}");
        assert_eq!(got.level, want.level, "issue {id}");
        assert!(got.parts.is_empty(), "issue {id} is plain again");
        assert_eq!(store.histogram(id), control.histogram(id), "issue {id}");
    }
    assert_eq!(store.issues[&2].bodies.events, 5);
    assert_eq!(store.issues[&1].bodies.events, 4);
    // The unmerge sticks: B's next event counts on B, not on the issue it left.
    let next = [item("B", 40 * 3_600_000, Some("id:9"), "2.0")];
    store.record(&next);
    control.record(&next);
    assert_eq!(store.issue(2).count, control.issue(2).count);
    assert_eq!(store.issue(1).count, control.issue(1).count);
    assert_eq!(store.issues.len(), 2);
    let kinds: Vec<&ActivityKind> = store.activity.iter().map(|a| &a.kind).collect();
    assert!(kinds.contains(&&ActivityKind::Merge {
        issues: vec![IssueId(2)]
    }));
    assert!(kinds.contains(&&ActivityKind::MergedInto { issue: IssueId(1) }));
    assert!(kinds.contains(&&ActivityKind::UnmergeSource { issue: IssueId(2) }));
    assert!(kinds.contains(&&ActivityKind::UnmergeDestination { issue: IssueId(1) }));
}

#[test]
fn merging_merged_issues_flattens_their_parts_and_unmerge_takes_one_part() {
    let hour = 3_600_000;
    let mut store = Store::default();
    for (bug, at) in [
        ("A", hour),
        ("B", 2 * hour),
        ("C", 3 * hour),
        ("D", 4 * hour),
    ] {
        store.record(&[item(bug, at, Some(&format!("id:{bug}")), "1.0")]);
    }
    store.merge(3, &[4]).unwrap();
    store.merge(1, &[2, 3]).unwrap();
    let merged = store.issue(1);
    assert_eq!(
        merged.tallies(),
        [IssueId(1), IssueId(2), IssueId(3), IssueId(4)]
    );
    assert_eq!((merged.count, merged.user_count), (4, 4));
    store.unmerge(1, 4).unwrap();
    assert_eq!(store.issue(1).count, 3);
    assert_eq!(store.issue(4).count, 1);
    assert_eq!(store.issue(4).first_seen, Timestamp(4 * hour));
    assert_eq!(
        store.unmerge(1, 1),
        Err(MergeError::PrimaryPart(IssueId(1)))
    );
    assert_eq!(store.unmerge(1, 9), Err(MergeError::NoSuchPart(IssueId(9))));
    assert_eq!(store.unmerge(4, 1), Err(MergeError::NotMerged(IssueId(4))));
}

#[test]
fn a_merge_needs_another_issue_and_keeps_the_primary_status() {
    let mut store = Store::default();
    store.record(&[item("A", 10, None, "1.0")]);
    store.record(&[item("B", 20, None, "1.0")]);
    assert_eq!(store.merge(1, &[1]), Err(MergeError::NothingToMerge));
    let now = Timestamp(30);
    store.issues.get_mut(&2).unwrap().issue.resolve(now);
    store.merge(2, &[1, 1]).unwrap();
    assert!(matches!(store.issue(2).status, Status::Resolved));
    assert_eq!(store.issue(2).count, 2, "a repeated id is merged once");
    // A later event of the other fingerprint regresses the merged issue, once.
    store.record(&[item("A", 40, None, "1.0"), item("A", 41, None, "1.0")]);
    assert_eq!(store.issue(2).substatus, crate::Substatus::Regressed);
    let regressions = store
        .activity
        .iter()
        .filter(|a| matches!(a.kind, ActivityKind::Regressed { .. }))
        .count();
    assert_eq!(regressions, 1);
}

#[test]
fn an_ignore_keeps_its_progress_through_a_merge_and_restarts_on_unmerge() {
    let mut store = Store::default();
    store.record(&[item("A", 10, None, "1.0")]);
    store.record(&[item("B", 20, None, "1.0"), item("B", 21, None, "1.0")]);
    let issue = &mut store.issues.get_mut(&1).unwrap().issue;
    issue.ignore(crate::IgnoreFor::Events(3), Timestamp(30));
    store.record(&[item("A", 40, None, "1.0")]);
    store.merge(1, &[2]).unwrap();
    let until = |s: &Store, id: u64| match &s.issue(id).status {
        Status::Ignored {
            until: Ignore::Events { count, from_count },
        } => (*count, s.issue(id).count.saturating_sub(*from_count)),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        until(&store, 1),
        (3, 1),
        "one of three events came before the merge"
    );
    store.unmerge(1, 2).unwrap();
    assert_eq!(
        until(&store, 2),
        (3, 0),
        "the restored issue waits for 3 of its own"
    );
    assert_eq!(until(&store, 1), (3, 1));
}

#[test]
fn too_many_parts_are_refused() {
    let mut store = Store::default();
    for n in 0..=MAX_PARTS {
        store.record(&[item(&format!("Bug{n}"), n as i64, None, "1.0")]);
    }
    let others: Vec<u64> = (2..=MAX_PARTS as u64 + 1).collect();
    assert_eq!(
        store.merge(1, &others),
        Err(MergeError::TooManyParts(MAX_PARTS + 1))
    );
    assert_eq!(store.issues.len(), MAX_PARTS + 1, "nothing changed");
}

#[test]
fn the_union_of_users_counts_each_key_once() {
    let keys = ["id:1", "id:2", "id:1", "email:a", "id:2"];
    assert_eq!(union_count(keys.iter().map(|k| k.to_string()).collect()), 3);
    assert_eq!(union_count(Vec::new()), 0);
}
