//! Import: checks across records, chunks, and plans against a small store kept here.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::plan::tests::bug_event;
use crate::plan::{IssueChange, Known, StoredBodies};
use crate::{default_fingerprint, ActivityKind, IssueId};

fn issue(bug: &str, id: u64, count: u64, first: i64, last: i64) -> Issue {
    let event = bug_event(bug, first);
    let (mut issue, _) = Issue::open(IssueId(id), &default_fingerprint(&event), &event, false);
    issue.count = count;
    issue.last_seen = Timestamp(last);
    issue
}

fn exported(index: usize, bug: &str, id: u64, count: u64) -> ExportedIssue {
    ExportedIssue {
        index,
        exported_id: id,
        issue: issue(bug, id, count, 100, 900),
    }
}

fn event_id(n: u8) -> EventId {
    EventId([n; 16])
}

fn event(index: usize, issue: u64, n: u8, at: i64) -> ExportedEvent {
    ExportedEvent {
        index,
        exported_issue: issue,
        tally: issue,
        id: event_id(n),
        timestamp: Timestamp(at),
        size: 50,
        level: Level::Error,
        release: Some("2.0".into()),
        environment: None,
    }
}

fn user(index: usize, issue: u64, key: &str) -> ExportedUser {
    ExportedUser {
        index,
        exported_issue: issue,
        tally: issue,
        key: key.into(),
    }
}

/// Two issues (exported as 7 and 8) with three events, users, a counter and history.
fn file() -> ExportContents {
    ExportContents {
        issues: vec![exported(0, "Type", 7, 2), exported(1, "Range", 8, 1)],
        events: vec![
            event(0, 7, 1, 100),
            event(1, 7, 2, 900),
            event(2, 8, 3, 500),
        ],
        users: vec![user(0, 7, "id:a"), user(1, 7, "id:b"), user(2, 8, "id:a")],
        counters: vec![ExportedCounter {
            index: 0,
            exported_issue: 8,
            tally: 8,
            unit: CounterUnit::Day,
            bucket: 0,
            count: 1,
        }],
        activity: vec![ExportedActivity {
            index: 0,
            exported_issue: 8,
            activity: Activity {
                issue: IssueId(8),
                at: Timestamp(500),
                kind: ActivityKind::FirstSeen { release: None },
            },
        }],
    }
}

/// Just enough of a store to apply import plans to and read the next chunk's input from.
#[derive(Default)]
struct Store {
    issues: BTreeMap<u64, StoredIssue>,
    events: BTreeSet<EventId>,
    users: BTreeSet<(IssueId, String)>,
    counters: BTreeMap<CounterKey, u64>,
    activity: Vec<Activity>,
    /// Each body's part, when it is not its issue's own.
    parts: Vec<(EventId, IssueId)>,
    next_issue: u64,
    event_bytes: u64,
}

impl Store {
    fn import(&mut self, contents: ExportContents) -> ImportReport {
        let (checked, problems) = check_export(contents);
        let mut report = ImportReport::default();
        for problem in problems {
            report.note(problem);
        }
        for chunk in import_chunks(checked, 2) {
            report.absorb(self.import_chunk(&chunk));
        }
        report
    }

    fn import_chunk(&mut self, chunk: &ImportChunk) -> ImportReport {
        let fingerprints = chunk.fingerprints();
        let found: Vec<StoredIssue> = self
            .issues
            .values()
            .filter(|s| fingerprints.iter().any(|fp| s.issue.route(fp).is_some()))
            .cloned()
            .collect();
        let mut present: Vec<EventId> = chunk
            .events
            .iter()
            .map(|e| e.id)
            .filter(|id| self.events.contains(id))
            .collect();
        crate::heapsort(&mut present);
        let lookups = chunk.lookups(&found, &present);
        let known = ImportKnown {
            base: Known {
                issues: found,
                users: lookups
                    .users
                    .into_iter()
                    .filter(|pair| self.users.contains(pair))
                    .collect(),
                counters: lookups
                    .counters
                    .into_iter()
                    .filter_map(|key| Some((key, *self.counters.get(&key)?)))
                    .collect::<Vec<_>>(),
                next_issue: self.next_issue,
                event_bytes: self.event_bytes,
                event_count: 0,
                outbox: None,
            },
            present,
        };
        let plan = plan_import(chunk, known);
        let batch = plan.batch;
        for planned in batch.issues {
            if planned.change != IssueChange::Unchanged {
                let stored = StoredIssue {
                    issue: planned.issue,
                    bodies: planned.bodies,
                };
                self.issues.insert(stored.issue.id.0, stored);
            }
        }
        self.events
            .extend(batch.bodies.iter().map(|b| chunk.events[b.item].id));
        self.parts.extend(
            batch
                .bodies
                .iter()
                .filter_map(|b| Some((chunk.events[b.item].id, b.part?))),
        );
        self.users.extend(batch.users);
        self.counters.extend(batch.counters);
        self.activity.extend(batch.activity);
        self.next_issue = batch.next_issue;
        self.event_bytes = batch.event_bytes;
        plan.report
    }

    /// (id, count, userCount, firstSeen, lastSeen, bodies)
    fn summary(&self) -> Vec<(u64, u64, u64, i64, i64, StoredBodies)> {
        self.issues
            .values()
            .map(|s| {
                let i = &s.issue;
                let times = (i.first_seen.as_millis(), i.last_seen.as_millis());
                (i.id.0, i.count, i.user_count, times.0, times.1, s.bodies)
            })
            .collect()
    }
}

fn bodies(events: u64, bytes: u64) -> StoredBodies {
    StoredBodies { events, bytes }
}

#[test]
fn created_issues_keep_their_counts_and_history_under_new_numbers() {
    let mut store = Store {
        next_issue: 3,
        ..Store::default()
    };
    let report = store.import(file());
    assert_eq!(
        (
            report.issues_created,
            report.issues_merged,
            report.events_added
        ),
        (2, 0, 3)
    );
    assert_eq!(
        (report.users_added, report.invalid, report.repaired),
        (3, 0, 0)
    );
    // Counts come with the issues; events add bodies only.
    assert_eq!(
        store.summary(),
        [
            (3, 2, 0, 100, 900, bodies(2, 100)),
            (4, 1, 0, 100, 900, bodies(1, 50))
        ]
    );
    let counter = CounterKey {
        issue: IssueId(4),
        unit: CounterUnit::Day,
        bucket: 0,
    };
    assert_eq!(store.counters, [(counter, 1)].into_iter().collect());
    assert_eq!(store.activity.len(), 1);
    assert_eq!(store.activity[0].issue, IssueId(4));
    assert_eq!((store.next_issue, store.event_bytes), (5, 150));
}

#[test]
fn a_merged_issue_counts_each_new_event_and_user_once() {
    let mut store = Store {
        next_issue: 2,
        ..Store::default()
    };
    // Here, issue 1 has the Type fingerprint, one event (id 2, also in the file) and
    // user a.
    store.issues.insert(
        1,
        StoredIssue {
            issue: issue("Type", 1, 1, 400, 400),
            bodies: bodies(1, 50),
        },
    );
    store.events.insert(event_id(2));
    store.users.insert((IssueId(1), "id:a".into()));
    store.event_bytes = 50;
    let report = store.import(file());
    assert_eq!(
        (report.issues_created, report.issues_merged),
        (1, 1),
        "{report:?}"
    );
    assert_eq!((report.events_added, report.events_skipped), (2, 1));
    // b is new on issue 1; a is new on the created issue 2.
    assert_eq!(report.users_added, 2);
    assert_eq!(
        store.summary(),
        [
            // One new event (at 100): count 2, first seen 100; user b added.
            (1, 2, 1, 100, 400, bodies(2, 100)),
            (2, 1, 0, 100, 900, bodies(1, 50))
        ]
    );
    let merged_day = CounterKey {
        issue: IssueId(1),
        unit: CounterUnit::Day,
        bucket: 0,
    };
    assert_eq!(store.counters.get(&merged_day), Some(&1));
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let mut store = Store {
        next_issue: 1,
        ..Store::default()
    };
    store.import(file());
    let before = (
        store.summary(),
        store.counters.clone(),
        store.users.clone(),
        store.activity.len(),
        store.next_issue,
        store.event_bytes,
    );
    let again = store.import(file());
    assert_eq!(
        again,
        ImportReport {
            issues_merged: 2,
            events_skipped: 3,
            ..ImportReport::default()
        }
    );
    let after = (
        store.summary(),
        store.counters.clone(),
        store.users.clone(),
        store.activity.len(),
        store.next_issue,
        store.event_bytes,
    );
    assert_eq!(after, before);
}

#[test]
fn issues_sharing_a_number_are_rejected_with_everything_that_refers_to_it() {
    // Three issues, two of them numbered 7 (issue 19's case): which one event 0 belongs
    // to cannot be known.
    let mut contents = file();
    contents.issues.push(exported(2, "Syntax", 7, 4));
    let (checked, problems) = check_export(contents);
    let ids: Vec<u64> = checked.issues.iter().map(|i| i.exported_id).collect();
    assert_eq!(ids, [8]);
    let rejected: Vec<(RecordKind, usize)> = problems
        .iter()
        .filter(|p| p.action == ProblemAction::Rejected)
        .map(|p| (p.kind, p.index))
        .collect();
    assert_eq!(
        rejected,
        [
            (RecordKind::Issue, 0),
            (RecordKind::Issue, 2),
            (RecordKind::Event, 0),
            (RecordKind::Event, 1),
            (RecordKind::User, 0),
            (RecordKind::User, 1),
        ]
    );
    assert_eq!(
        problems[0].reason,
        "issue number 7 is shared by 2 different issues"
    );
    let mut store = Store::default();
    let mut report = store.import(file_with_shared_number());
    assert_eq!((report.issues_created, report.invalid), (1, 6));
    report.problems.clear();
    assert_eq!(
        store.issues.len(),
        1,
        "only the issue that can be told apart"
    );
}

fn file_with_shared_number() -> ExportContents {
    let mut contents = file();
    contents.issues.push(exported(2, "Syntax", 7, 4));
    contents
}

#[test]
fn an_exact_repeat_of_an_issue_is_dropped_and_its_records_stay() {
    let mut contents = file();
    contents.issues.push(exported(2, "Type", 7, 2));
    let (checked, problems) = check_export(contents);
    assert_eq!(checked.issues.len(), 2);
    assert_eq!(checked.events.len(), 3);
    assert_eq!(
        problems,
        [ImportProblem::rejected(
            RecordKind::Issue,
            2,
            "issue 7 appears again"
        )]
    );
}

#[test]
fn a_second_issue_with_the_same_fingerprint_is_rejected_with_its_records() {
    let mut contents = file();
    contents.issues.push(exported(2, "Type", 9, 5));
    contents.events.push(event(3, 9, 4, 950));
    let (checked, problems) = check_export(contents);
    assert_eq!(checked.issues.len(), 2);
    assert_eq!(checked.events.len(), 3);
    let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "issue 7 of the file has the same fingerprint",
            "issue 9 was rejected: issue 7 of the file has the same fingerprint"
        ]
    );
}

#[test]
fn duplicate_event_ids_and_records_of_unknown_issues_are_rejected() {
    let mut contents = file();
    contents.events.push(event(3, 8, 3, 600));
    contents.events.push(event(4, 99, 5, 600));
    contents.users.push(user(3, 99, "id:z"));
    contents.users.push(user(4, 8, "id:a"));
    let (checked, problems) = check_export(contents);
    assert_eq!(checked.events.len(), 3);
    assert_eq!(checked.users.len(), 3, "a repeated user is kept once");
    let reasons: Vec<(RecordKind, usize, &str)> = problems
        .iter()
        .map(|p| (p.kind, p.index, p.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                RecordKind::Event,
                3,
                "event id 03030303030303030303030303030303 appears again"
            ),
            (RecordKind::Event, 4, "no issue 99 in the file"),
            (RecordKind::User, 3, "no issue 99 in the file"),
        ]
    );
}

#[test]
fn a_repeated_counter_is_rejected_and_the_first_kept() {
    let mut contents = file();
    let mut again = contents.counters[0].clone();
    again.index = 1;
    again.count = 99;
    contents.counters.push(again);
    let (checked, problems) = check_export(contents);
    assert_eq!(checked.counters.len(), 1);
    assert_eq!(checked.counters[0].count, 1);
    assert_eq!(
        problems,
        [ImportProblem::rejected(
            RecordKind::Counter,
            1,
            "the same issue, unit and bucket appear again"
        )]
    );
}

#[test]
fn chunks_hold_whole_issues_with_all_their_records() {
    let mut contents = file();
    contents.issues.push(exported(2, "Syntax", 9, 3));
    contents.events.push(event(3, 9, 4, 950));
    let (checked, _) = check_export(contents);
    let chunks = import_chunks(checked, 2);
    let shape: Vec<(Vec<u64>, usize, usize)> = chunks
        .iter()
        .map(|c| {
            let ids = c.issues.iter().map(|i| i.exported_id).collect();
            (ids, c.events.len(), c.users.len())
        })
        .collect();
    // Issue 7 has 2 events (a chunk's worth); 8 and 9 have one each.
    assert_eq!(shape, [(vec![7], 2, 2), (vec![8, 9], 2, 1)]);
    assert_eq!(chunks[1].counters.len() + chunks[1].activity.len(), 2);
}

#[test]
fn one_issue_larger_than_a_chunk_is_a_chunk_of_its_own() {
    let (checked, _) = check_export(file());
    let chunks = import_chunks(checked, 1);
    let events: Vec<usize> = chunks.iter().map(|c| c.events.len()).collect();
    assert_eq!(events, [2, 1]);
}

/// Issue 7 of the file: issues 7 (Type) and 9 (Range) merged, with an event, users and
/// counters of each part, and the history of both.
fn merged_file() -> ExportContents {
    let mut merged = exported(0, "Type", 7, 3);
    let mut other = issue("Range", 9, 2, 100, 900);
    other.user_count = 2;
    let mut own = merged.issue.clone();
    own.count = 1;
    own.user_count = 1;
    merged.issue.parts = vec![own, other];
    merged.issue.reroute();
    merged.issue.assignee = Some("ada".into());
    merged.issue.notes = 1;
    let mut on_part = event(1, 7, 2, 900);
    on_part.tally = 9;
    let history = |index: usize, issue: u64, kind: ActivityKind| ExportedActivity {
        index,
        exported_issue: issue,
        activity: Activity {
            issue: IssueId(issue),
            at: Timestamp(950),
            kind,
        },
    };
    let tallied = |mut u: ExportedUser, tally: u64| {
        u.tally = tally;
        u
    };
    ExportContents {
        issues: vec![merged],
        events: vec![event(0, 7, 1, 100), on_part],
        users: vec![
            user(0, 7, "id:a"),
            tallied(user(1, 7, "id:a"), 9),
            tallied(user(2, 7, "id:b"), 9),
        ],
        counters: vec![ExportedCounter {
            index: 0,
            exported_issue: 9,
            tally: 9,
            unit: CounterUnit::Day,
            bucket: 0,
            count: 2,
        }],
        activity: vec![
            history(0, 9, ActivityKind::MergedInto { issue: IssueId(7) }),
            history(
                1,
                7,
                ActivityKind::Merge {
                    issues: vec![IssueId(9)],
                },
            ),
            history(
                2,
                7,
                ActivityKind::Note {
                    text: "seen on checkout".into(),
                },
            ),
        ],
    }
}

#[test]
fn a_merged_issue_is_created_with_its_parts_renumbered_and_their_records_under_them() {
    let mut store = Store {
        next_issue: 3,
        ..Store::default()
    };
    let report = store.import(merged_file());
    assert_eq!(
        (report.issues_created, report.invalid),
        (1, 0),
        "{report:?}"
    );
    let created = &store.issues[&3].issue;
    assert_eq!(created.tallies(), [IssueId(3), IssueId(4)]);
    assert_eq!(
        (created.count, created.assignee.as_deref(), created.notes),
        (3, Some("ada"), 1)
    );
    assert_eq!(
        created.route(&issue("Range", 0, 0, 0, 0).fingerprint),
        Some(IssueId(4))
    );
    assert_eq!(store.parts, [(event_id(2), IssueId(4))]);
    let users: Vec<(u64, &str)> = store.users.iter().map(|(i, k)| (i.0, k.as_str())).collect();
    assert_eq!(users, [(3, "id:a"), (4, "id:a"), (4, "id:b")]);
    let counter = CounterKey {
        issue: IssueId(4),
        unit: CounterUnit::Day,
        bucket: 0,
    };
    assert_eq!(store.counters.get(&counter), Some(&2));
    let history: Vec<(u64, &ActivityKind)> = store
        .activity
        .iter()
        .map(|a| (a.issue.0, &a.kind))
        .collect();
    assert_eq!(
        history,
        [
            (4, &ActivityKind::MergedInto { issue: IssueId(3) }),
            (
                3,
                &ActivityKind::Merge {
                    issues: vec![IssueId(4)]
                }
            ),
            (
                3,
                &ActivityKind::Note {
                    text: "seen on checkout".into()
                }
            ),
        ]
    );
    assert_eq!(store.next_issue, 5);
}

#[test]
fn a_merged_issue_meets_a_part_here_and_counts_there() {
    let mut store = Store {
        next_issue: 2,
        ..Store::default()
    };
    // Here, the Range bug is issue 1, with user a.
    let mut here = issue("Range", 1, 1, 400, 400);
    here.user_count = 1;
    store.issues.insert(
        1,
        StoredIssue {
            issue: here,
            bodies: bodies(0, 0),
        },
    );
    store.users.insert((IssueId(1), "id:a".into()));
    let report = store.import(merged_file());
    assert_eq!(
        (report.issues_created, report.issues_merged),
        (0, 1),
        "{report:?}"
    );
    assert_eq!(report.events_added, 2);
    assert_eq!(report.users_added, 1, "only b is new here");
    assert_eq!(store.summary(), [(1, 3, 2, 100, 900, bodies(2, 100))]);
}
