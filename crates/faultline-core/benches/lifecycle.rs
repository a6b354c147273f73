//! Applying 100,000 events to issues: what storage does per event once it is grouped.
//!
//! 200 distinct bugs (one grouping each, computed once as capture does before storage),
//! 1,000 users, events spread over a day. Each event looks up its issue by fingerprint,
//! checks whether its user is new to the issue, then opens the issue or applies the
//! lifecycle. Every 5,000th event resolves its issue first, so regressions are on the
//! path too. `cargo bench -p faultline-core --bench lifecycle`.

use std::collections::{HashMap, HashSet};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use faultline_core::{
    default_fingerprint, user_key, Event, Exception, ExceptionList, Frame, Grouping, Issue,
    IssueId, Stacktrace, Timestamp, User,
};

const EVENTS: u64 = 100_000;
const BUGS: u64 = 200;
const USERS: u64 = 1_000;
const DAY_MS: i64 = 86_400_000;

/// Bug `n`'s event (distinct type, function and file per bug) by `user` at `at`.
fn event(n: u64, user: u64, at: i64) -> Event {
    let frames = (0..5)
        .map(|depth| Frame {
            function: Some(format!("handler{n}_{depth}")),
            filename: Some(format!(
                "https://app.example.com/static/module{n}.3f2a9c.js"
            )),
            lineno: Some(10 + depth),
            colno: Some(7),
            in_app: Some(true),
            ..Frame::default()
        })
        .collect();
    Event {
        timestamp: Timestamp(1_700_000_000_000 + at),
        release: Some(format!("shop@1.{}.0", at * 4 / DAY_MS)),
        user: Some(User {
            id: Some(format!("u{user}")),
            ..User::default()
        }),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some(format!("Error{}", n % 7)),
                value: Some(format!("bug {n} failed")),
                stacktrace: Some(Stacktrace {
                    frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    }
}

/// The events in arrival order, each with its bug's grouping.
fn workload() -> (Vec<(u64, Event)>, Vec<Grouping>) {
    let groupings = (0..BUGS)
        .map(|n| default_fingerprint(&event(n, 0, 0)))
        .collect();
    let events = (0..EVENTS)
        .map(|i| {
            // A skewed mix: low-numbered bugs are the frequent ones, as in real apps.
            let bug = (i * i + 7 * i) % BUGS * (i % 3 + 1) / 3;
            let user = (i * 7_919) % USERS;
            let at = i as i64 * DAY_MS / EVENTS as i64;
            (bug, event(bug, user, at))
        })
        .collect();
    (events, groupings)
}

/// Applies every event; returns the issues (for checks) and the number of regressions.
fn apply_all(events: &[(u64, Event)], groupings: &[Grouping]) -> (Vec<Issue>, u64) {
    let mut issues: Vec<Issue> = Vec::new();
    let mut by_fingerprint: HashMap<&str, usize> = HashMap::new();
    let mut users: HashSet<(usize, String)> = HashSet::new();
    let mut regressions = 0;
    for (i, (bug, event)) in events.iter().enumerate() {
        let grouping = &groupings[*bug as usize];
        let slot = by_fingerprint.get(grouping.fingerprint.as_str()).copied();
        let index = slot.unwrap_or(issues.len());
        let new_user = user_key(event).is_some_and(|key| users.insert((index, key)));
        match slot {
            None => {
                let id = IssueId(issues.len() as u64 + 1);
                let (issue, _activity) = Issue::open(id, grouping, event, new_user);
                by_fingerprint.insert(grouping.fingerprint.as_str(), index);
                issues.push(issue);
            }
            Some(index) => {
                let issue = &mut issues[index];
                if i % 5_000 == 0 {
                    issue.resolve(event.timestamp);
                }
                let applied = issue.apply(event, new_user);
                if applied.activity.is_some() {
                    regressions += 1;
                }
            }
        }
    }
    (issues, regressions)
}

fn bench(c: &mut Criterion) {
    let (events, groupings) = workload();
    let (issues, regressions) = apply_all(&events, &groupings);
    assert_eq!(issues.iter().map(|i| i.count).sum::<u64>(), EVENTS);
    assert!(regressions > 0, "the resolves make regressions");
    let mut group = c.benchmark_group("lifecycle");
    group.throughput(Throughput::Elements(EVENTS));
    group.sample_size(10);
    group.bench_function("apply_100000_events_200_issues_1000_users", |b| {
        b.iter(|| apply_all(black_box(&events), black_box(&groupings)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
