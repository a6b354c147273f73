//! An export's records checked against each other before anything is written. Sorted
//! vectors and binary search, not maps: this runs in the read module and the viewer, and
//! every map type costs their wasm kilobytes.

use super::{ExportContents, ExportedEvent, ExportedIssue, ImportProblem, RecordKind};
use crate::{heapsort, Fingerprint};

/// Checks records against each other: issue numbers and fingerprints must be unique,
/// event ids too, and every record must belong to an issue of the file (users, counters
/// and history may name a part of a merged issue; they then belong to that issue, and
/// `exported_issue` says which). Issues sharing a
/// number with a different fingerprint are rejected with everything that refers to that
/// number (which issue it means is unknown); exact repeats of an issue are rejected and
/// the first is kept. Problems are listed array by array, each in file order.
pub fn check_export(contents: ExportContents) -> (ExportContents, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let (issues, refusals) = check_issues(contents.issues, &mut problems);
    let mut kept: Vec<u64> = issues.iter().map(|issue| issue.exported_id).collect();
    heapsort(&mut kept);
    let known = |id: u64| kept.binary_search(&id).is_ok();
    // Every number records may name (an issue's or one of its parts'), and its issue.
    let mut owners: Vec<(u64, u64)> = Vec::new();
    for exported in &issues {
        let id = exported.exported_id;
        owners.push((id, id));
        for part in exported.issue.parts.iter().filter(|p| p.id.0 != id) {
            owners.push((part.id.0, id));
        }
    }
    heapsort(&mut owners);
    let owner = |id: u64| {
        let at = owners.binary_search_by_key(&id, |(tally, _)| *tally).ok()?;
        owners.get(at).map(|(_, owner)| *owner)
    };
    let orphan = |kind: RecordKind, index: usize, id: u64| {
        let refused = refusals.binary_search_by_key(&id, |(refused, _)| *refused);
        let reason = match refused.ok().and_then(|at| refusals.get(at)) {
            Some((_, reason)) => reason.clone(),
            None => format!("no issue {id} in the file"),
        };
        ImportProblem::rejected(kind, index, reason)
    };
    let mut events = check_events(contents.events, &known, &orphan, &mut problems);
    for event in &mut events {
        if owner(event.tally) != Some(event.exported_issue) {
            event.tally = event.exported_issue;
        }
    }
    let mut user_keys: Vec<(u64, &str, usize)> = contents
        .users
        .iter()
        .enumerate()
        .map(|(at, user)| (user.tally, user.key.as_str(), at))
        .collect();
    heapsort(&mut user_keys);
    let repeated_users = later_repeats(&user_keys, |(issue, key, at)| ((*issue, *key), *at));
    let mut users = Vec::with_capacity(contents.users.len());
    for (at, mut user) in contents.users.into_iter().enumerate() {
        match owner(user.tally) {
            None => problems.push(orphan(RecordKind::User, user.index, user.tally)),
            // A repeated user is kept once, silently: users are a set.
            Some(_) if repeated_users.binary_search(&at).is_ok() => {}
            Some(issue) => {
                user.exported_issue = issue;
                users.push(user);
            }
        }
    }
    let mut counters = Vec::with_capacity(contents.counters.len());
    let mut counter_keys: Vec<(u64, u8, i64, usize)> = contents
        .counters
        .iter()
        .enumerate()
        .map(|(at, c)| (c.tally, c.unit as u8, c.bucket, at))
        .collect();
    heapsort(&mut counter_keys);
    let repeated = later_repeats(&counter_keys, |(issue, unit, bucket, at)| {
        ((*issue, *unit, *bucket), *at)
    });
    for (at, mut counter) in contents.counters.into_iter().enumerate() {
        let Some(issue) = owner(counter.tally) else {
            problems.push(orphan(RecordKind::Counter, counter.index, counter.tally));
            continue;
        };
        counter.exported_issue = issue;
        if repeated.binary_search(&at).is_ok() {
            let reason = "the same issue, unit and bucket appear again";
            problems.push(ImportProblem::rejected(
                RecordKind::Counter,
                counter.index,
                reason,
            ));
        } else {
            counters.push(counter);
        }
    }
    let mut activity = Vec::with_capacity(contents.activity.len());
    for mut entry in contents.activity {
        let id = entry.activity.issue.0;
        match owner(id) {
            Some(issue) => {
                entry.exported_issue = issue;
                activity.push(entry);
            }
            None => problems.push(orphan(RecordKind::Activity, entry.index, id)),
        }
    }
    let contents = ExportContents {
        issues,
        events,
        users,
        counters,
        activity,
    };
    (contents, problems)
}

/// Positions (sorted) of the entries of `sorted` whose key appeared at an earlier
/// position: `sorted` is ordered by key then position, so each run's first is the first.
fn later_repeats<T, K: PartialEq>(sorted: &[T], key_of: impl Fn(&T) -> (K, usize)) -> Vec<usize> {
    let mut repeats = Vec::new();
    let mut previous: Option<K> = None;
    for entry in sorted {
        let (key, at) = key_of(entry);
        if previous.as_ref() == Some(&key) {
            repeats.push(at);
        }
        previous = Some(key);
    }
    heapsort(&mut repeats);
    repeats
}

/// Events of issues the file keeps, each id once (the first); the rest are problems.
fn check_events(
    events: Vec<ExportedEvent>,
    known: &dyn Fn(u64) -> bool,
    orphan: &dyn Fn(RecordKind, usize, u64) -> ImportProblem,
    problems: &mut Vec<ImportProblem>,
) -> Vec<ExportedEvent> {
    let mut ids: Vec<(crate::EventId, usize)> = events
        .iter()
        .enumerate()
        .filter(|(_, event)| known(event.exported_issue))
        .map(|(at, event)| (event.id, at))
        .collect();
    heapsort(&mut ids);
    let repeated = later_repeats(&ids, |(id, at)| (*id, *at));
    let mut kept = Vec::with_capacity(events.len());
    for (at, event) in events.into_iter().enumerate() {
        if !known(event.exported_issue) {
            problems.push(orphan(RecordKind::Event, event.index, event.exported_issue));
        } else if repeated.binary_search(&at).is_ok() {
            let reason = format!("event id {} appears again", event.id);
            problems.push(ImportProblem::rejected(
                RecordKind::Event,
                event.index,
                reason,
            ));
        } else {
            kept.push(event);
        }
    }
    kept
}

/// What happens to one issue record.
enum Verdict {
    Keep,
    Reject(String),
}

/// Keeps the issues that can be told apart; returns them and, sorted by number, why the
/// records referring to each refused number are rejected.
fn check_issues(
    issues: Vec<ExportedIssue>,
    problems: &mut Vec<ImportProblem>,
) -> (Vec<ExportedIssue>, Vec<(u64, String)>) {
    let mut verdicts: Vec<Verdict> = issues.iter().map(|_| Verdict::Keep).collect();
    let mut refusals: Vec<(u64, String)> = Vec::new();
    // Issues by number: a number shared by different fingerprints refuses them all; an
    // exact repeat is dropped.
    let mut by_number: Vec<(u64, usize)> = issues
        .iter()
        .enumerate()
        .map(|(at, issue)| (issue.exported_id, at))
        .collect();
    heapsort(&mut by_number);
    for run in by_number.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(id, _)) = run.first() else {
            continue;
        };
        let mut fingerprints: Vec<&Fingerprint> = Vec::new();
        for (_, at) in run {
            if let Some(issue) = issues.get(*at) {
                if !fingerprints.contains(&&issue.issue.fingerprint) {
                    fingerprints.push(&issue.issue.fingerprint);
                }
            }
        }
        let ambiguous = fingerprints.len() > 1;
        let reason = format!(
            "issue number {id} is shared by {} different issues",
            fingerprints.len()
        );
        for (position, (_, at)) in run.iter().enumerate() {
            let verdict = if ambiguous {
                Verdict::Reject(reason.clone())
            } else if position > 0 {
                Verdict::Reject(format!("issue {id} appears again"))
            } else {
                continue;
            };
            if let Some(slot) = verdicts.get_mut(*at) {
                *slot = verdict;
            }
        }
        if ambiguous {
            refusals.push((id, reason));
        }
    }
    // Of the rest, by every fingerprint that leads to them: the first in the file stays.
    let mut by_fingerprint: Vec<(&Fingerprint, usize)> = issues
        .iter()
        .enumerate()
        .filter(|(at, _)| matches!(verdicts.get(*at), Some(Verdict::Keep)))
        .flat_map(|(at, issue)| super::routes_of(&issue.issue).map(move |fp| (fp, at)))
        .collect();
    heapsort(&mut by_fingerprint);
    by_fingerprint.dedup();
    for run in by_fingerprint.chunk_by(|a, b| a.0 == b.0) {
        let Some(first) = run.first().and_then(|(_, at)| issues.get(*at)) else {
            continue;
        };
        let reason = format!(
            "issue {} of the file has the same fingerprint",
            first.exported_id
        );
        for (_, at) in run.iter().skip(1) {
            let first_at = run.first().map(|(_, at)| *at);
            if Some(*at) == first_at || !matches!(verdicts.get(*at), Some(Verdict::Keep)) {
                continue;
            }
            if let (Some(slot), Some(issue)) = (verdicts.get_mut(*at), issues.get(*at)) {
                *slot = Verdict::Reject(reason.clone());
                let id = issue.exported_id;
                refusals.push((id, format!("issue {id} was rejected: {reason}")));
            }
        }
    }
    heapsort(&mut refusals);
    let mut kept = Vec::with_capacity(issues.len());
    for (issue, verdict) in issues.into_iter().zip(verdicts) {
        match verdict {
            Verdict::Reject(reason) => {
                problems.push(ImportProblem::rejected(
                    RecordKind::Issue,
                    issue.index,
                    reason,
                ));
            }
            Verdict::Keep => kept.push(issue),
        }
    }
    (kept, refusals)
}
