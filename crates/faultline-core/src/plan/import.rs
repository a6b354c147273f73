//! Import: an export's records checked against each other, split into chunks of whole
//! issues, and each chunk planned like a batch.
//!
//! An exported issue whose fingerprint is not here is created with the counts it carries
//! (renumbered, with its activity and counters); one whose fingerprint is here is merged:
//! each event new here counts on it ([`crate::Issue::count_sighting`]: counts and times,
//! no status change) and each new user too. Events already here (same id) are skipped, so
//! importing a file twice changes nothing. What cannot be imported as it is, is rejected
//! or repaired, and the report lists each such record with its reason.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    BatchPlan, CounterKey, CounterUnit, IssueChange, Known, Lookups, Planner, StoredIssue,
};
use crate::{Activity, EventId, Fingerprint, Issue, IssueId, Level, Sighting, Timestamp};

/// Which array of an export a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// `issues`.
    Issue,
    /// `events`.
    Event,
    /// `users`.
    User,
    /// `counters`.
    Counter,
    /// `activity`.
    Activity,
}

impl RecordKind {
    /// The singular name: `issue`, `event`, `user`, `counter`, `activity`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Issue => "issue",
            RecordKind::Event => "event",
            RecordKind::User => "user",
            RecordKind::Counter => "counter",
            RecordKind::Activity => "activity",
        }
    }
}

/// What import did with a record it could not take as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemAction {
    /// Left out.
    Rejected,
    /// Imported after a fix (the reason says which).
    Repaired,
}

/// A record import rejected or repaired, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Its array.
    pub kind: RecordKind,
    /// Its position in that array.
    pub index: usize,
    /// Rejected or repaired.
    pub action: ProblemAction,
    /// Why, in words.
    pub reason: String,
}

impl ImportProblem {
    /// Record `index` of `kind` was left out because of `reason`.
    pub fn rejected(kind: RecordKind, index: usize, reason: impl Into<String>) -> ImportProblem {
        ImportProblem {
            kind,
            index,
            action: ProblemAction::Rejected,
            reason: reason.into(),
        }
    }

    /// Record `index` of `kind` was imported after the fix `reason` describes.
    pub fn repaired(kind: RecordKind, index: usize, reason: impl Into<String>) -> ImportProblem {
        ImportProblem {
            kind,
            index,
            action: ProblemAction::Repaired,
            reason: reason.into(),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Issues that did not exist here.
    pub issues_created: u64,
    /// Issues merged into one with the same fingerprint.
    pub issues_merged: u64,
    /// Events added.
    pub events_added: u64,
    /// Events already present (same event id).
    pub events_skipped: u64,
    /// Distinct users added to issues.
    pub users_added: u64,
    /// Records rejected (each is in `problems`).
    pub invalid: u64,
    /// Records imported after a repair (each is in `problems`).
    pub repaired: u64,
    /// Every record rejected or repaired, with the reason.
    pub problems: Vec<ImportProblem>,
}

impl ImportReport {
    /// Notes a problem and counts it.
    pub fn note(&mut self, problem: ImportProblem) {
        match problem.action {
            ProblemAction::Rejected => self.invalid += 1,
            ProblemAction::Repaired => self.repaired += 1,
        }
        self.problems.push(problem);
    }

    /// Adds what another part of the same import did.
    pub fn absorb(&mut self, other: ImportReport) {
        self.issues_created += other.issues_created;
        self.issues_merged += other.issues_merged;
        self.events_added += other.events_added;
        self.events_skipped += other.events_skipped;
        self.users_added += other.users_added;
        for problem in other.problems {
            self.note(problem);
        }
    }
}

/// An issue record of an export, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedIssue {
    /// Its position in `issues`.
    pub index: usize,
    /// Its number in the exporting database (the file's other records refer to it).
    pub exported_id: u64,
    /// The issue (its `id` is replaced when it is created here).
    pub issue: Issue,
}

/// An event record of an export, read (its body stays with storage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedEvent {
    /// Its position in `events`.
    pub index: usize,
    /// Its issue's exported number.
    pub exported_issue: u64,
    /// Its id.
    pub id: EventId,
    /// When it happened.
    pub timestamp: Timestamp,
    /// Its body's size in bytes.
    pub size: u64,
    /// Its level.
    pub level: Level,
    /// Its release.
    pub release: Option<String>,
    /// Its environment.
    pub environment: Option<String>,
}

/// A distinct user of an issue, from an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedUser {
    /// Its position in `users`.
    pub index: usize,
    /// The issue's exported number.
    pub exported_issue: u64,
    /// The distinct-user key.
    pub key: String,
}

/// An hour or day counter of an issue, from an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedCounter {
    /// Its position in `counters`.
    pub index: usize,
    /// The issue's exported number.
    pub exported_issue: u64,
    /// Hour or day.
    pub unit: CounterUnit,
    /// Which hour or day.
    pub bucket: i64,
    /// Events in it.
    pub count: u64,
}

/// A history entry of an issue, from an export (`activity.issue` is the exported number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedActivity {
    /// Its position in `activity`.
    pub index: usize,
    /// The entry.
    pub activity: Activity,
}

/// The records of an export that could be read, each checked on its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportContents {
    /// Issues.
    pub issues: Vec<ExportedIssue>,
    /// Events.
    pub events: Vec<ExportedEvent>,
    /// Distinct users.
    pub users: Vec<ExportedUser>,
    /// Counters.
    pub counters: Vec<ExportedCounter>,
    /// History.
    pub activity: Vec<ExportedActivity>,
}

/// Part of an export planned and written at once: whole issues with all their records.
pub type ImportChunk = ExportContents;

/// Checks records against each other: issue numbers and fingerprints must be unique,
/// event ids too, and every record must belong to an issue of the file. Issues sharing a
/// number with a different fingerprint are rejected with everything that refers to that
/// number (which issue it means is unknown); exact repeats of an issue are rejected and
/// the first is kept. An issue whose first and last seen are swapped is repaired.
pub fn check_export(contents: ExportContents) -> (ExportContents, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let (issues, refused) = check_issues(contents.issues, &mut problems);
    let issue_ids: BTreeSet<u64> = issues.iter().map(|i| i.exported_id).collect();
    let orphan = |kind: RecordKind, index: usize, id: u64, problems: &mut Vec<ImportProblem>| {
        let reason = refused
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("no issue {id} in the file"));
        problems.push(ImportProblem::rejected(kind, index, reason));
    };
    let mut event_ids = BTreeSet::new();
    let mut events = Vec::with_capacity(contents.events.len());
    for event in contents.events {
        if !issue_ids.contains(&event.exported_issue) {
            orphan(
                RecordKind::Event,
                event.index,
                event.exported_issue,
                &mut problems,
            );
        } else if !event_ids.insert(event.id) {
            let reason = format!("event id {} appears again", event.id);
            problems.push(ImportProblem::rejected(
                RecordKind::Event,
                event.index,
                reason,
            ));
        } else {
            events.push(event);
        }
    }
    let mut users = Vec::with_capacity(contents.users.len());
    let mut user_keys = BTreeSet::new();
    for user in contents.users {
        if !issue_ids.contains(&user.exported_issue) {
            orphan(
                RecordKind::User,
                user.index,
                user.exported_issue,
                &mut problems,
            );
        } else if user_keys.insert((user.exported_issue, user.key.clone())) {
            users.push(user);
        }
    }
    let mut counters = Vec::with_capacity(contents.counters.len());
    let mut counter_keys = BTreeSet::new();
    for counter in contents.counters {
        let key = (counter.exported_issue, counter.unit, counter.bucket);
        if !issue_ids.contains(&counter.exported_issue) {
            orphan(
                RecordKind::Counter,
                counter.index,
                counter.exported_issue,
                &mut problems,
            );
        } else if !counter_keys.insert(key) {
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
    for entry in contents.activity {
        let id = entry.activity.issue.0;
        if issue_ids.contains(&id) {
            activity.push(entry);
        } else {
            orphan(RecordKind::Activity, entry.index, id, &mut problems);
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

/// Keeps the issues that can be told apart; returns them and, for each refused number,
/// why the records referring to it are rejected.
fn check_issues(
    issues: Vec<ExportedIssue>,
    problems: &mut Vec<ImportProblem>,
) -> (Vec<ExportedIssue>, BTreeMap<u64, String>) {
    let mut fingerprints_by_id: BTreeMap<u64, BTreeSet<&Fingerprint>> = BTreeMap::new();
    for exported in &issues {
        fingerprints_by_id
            .entry(exported.exported_id)
            .or_default()
            .insert(&exported.issue.fingerprint);
    }
    let ambiguous: BTreeMap<u64, usize> = fingerprints_by_id
        .iter()
        .filter(|(_, fingerprints)| fingerprints.len() > 1)
        .map(|(id, fingerprints)| (*id, fingerprints.len()))
        .collect();
    let mut refused: BTreeMap<u64, String> = ambiguous
        .iter()
        .map(|(id, n)| {
            (
                *id,
                format!("issue number {id} is shared by {n} different issues"),
            )
        })
        .collect();
    let mut kept_ids = BTreeSet::new();
    let mut kept_fingerprints: BTreeMap<Fingerprint, u64> = BTreeMap::new();
    let mut kept = Vec::with_capacity(issues.len());
    for mut exported in issues {
        let id = exported.exported_id;
        let reject = |reason: String, problems: &mut Vec<ImportProblem>| {
            problems.push(ImportProblem::rejected(
                RecordKind::Issue,
                exported.index,
                reason,
            ));
        };
        if let Some(reason) = refused.get(&id).filter(|_| ambiguous.contains_key(&id)) {
            reject(reason.clone(), problems);
        } else if kept_ids.contains(&id) {
            reject(format!("issue {id} appears again"), problems);
        } else if let Some(first) = kept_fingerprints.get(&exported.issue.fingerprint) {
            let reason = format!("issue {first} of the file has the same fingerprint");
            reject(reason.clone(), problems);
            refused.insert(id, format!("issue {id} was rejected: {reason}"));
        } else {
            repair_issue(&mut exported, problems);
            kept_ids.insert(id);
            kept_fingerprints.insert(exported.issue.fingerprint.clone(), id);
            kept.push(exported);
        }
    }
    (kept, refused)
}

/// Fixes what an issue record says inconsistently.
fn repair_issue(exported: &mut ExportedIssue, problems: &mut Vec<ImportProblem>) {
    let issue = &mut exported.issue;
    let mut repair = |reason: &str| {
        problems.push(ImportProblem::repaired(
            RecordKind::Issue,
            exported.index,
            reason,
        ));
    };
    if issue.first_seen > issue.last_seen {
        std::mem::swap(&mut issue.first_seen, &mut issue.last_seen);
        repair("firstSeen was after lastSeen: swapped");
    }
}

/// Splits checked contents into chunks of whole issues, each with at most `max_events`
/// events unless one issue alone has more.
pub fn import_chunks(contents: ExportContents, max_events: usize) -> Vec<ImportChunk> {
    let mut events_of: BTreeMap<u64, usize> = BTreeMap::new();
    for event in &contents.events {
        *events_of.entry(event.exported_issue).or_default() += 1;
    }
    let mut chunks: Vec<ImportChunk> = Vec::new();
    let mut chunk_of: BTreeMap<u64, usize> = BTreeMap::new();
    let mut filled = 0;
    for exported in contents.issues {
        let events = events_of.get(&exported.exported_id).copied().unwrap_or(0);
        if chunks.is_empty() || (filled > 0 && filled + events > max_events) {
            chunks.push(ImportChunk::default());
            filled = 0;
        }
        filled += events;
        let last = chunks.len() - 1;
        chunk_of.insert(exported.exported_id, last);
        chunks[last].issues.push(exported);
    }
    let place = |id: u64| chunk_of.get(&id).copied();
    for event in contents.events {
        if let Some(chunk) = place(event.exported_issue) {
            chunks[chunk].events.push(event);
        }
    }
    for user in contents.users {
        if let Some(chunk) = place(user.exported_issue) {
            chunks[chunk].users.push(user);
        }
    }
    for counter in contents.counters {
        if let Some(chunk) = place(counter.exported_issue) {
            chunks[chunk].counters.push(counter);
        }
    }
    for entry in contents.activity {
        if let Some(chunk) = place(entry.activity.issue.0) {
            chunks[chunk].activity.push(entry);
        }
    }
    chunks
}

impl ImportChunk {
    /// The fingerprints of its issues: the issues to look up here first.
    pub fn fingerprints(&self) -> Vec<&Fingerprint> {
        self.issues.iter().map(|i| &i.issue.fingerprint).collect()
    }

    /// Given the issues found here and the chunk's events already here, the users and
    /// counters of found issues whose stored state the plan needs.
    pub fn lookups(&self, found: &[StoredIssue], present: &BTreeSet<EventId>) -> Lookups {
        let mut merged: BTreeMap<u64, IssueId> = BTreeMap::new();
        for exported in &self.issues {
            let fingerprint = &exported.issue.fingerprint;
            if let Some(stored) = found.iter().find(|s| s.issue.fingerprint == *fingerprint) {
                merged.insert(exported.exported_id, stored.issue.id);
            }
        }
        let mut lookups = Lookups::default();
        let mut counters = BTreeSet::new();
        for event in &self.events {
            if let Some(&issue) = merged.get(&event.exported_issue) {
                if !present.contains(&event.id) {
                    counters.extend(CounterKey::both(issue, event.timestamp));
                }
            }
        }
        for user in &self.users {
            if let Some(&issue) = merged.get(&user.exported_issue) {
                lookups.users.push((issue, user.key.clone()));
            }
        }
        lookups.counters = counters.into_iter().collect();
        lookups
    }
}

/// What storage read for an import chunk.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportKnown {
    /// Issues found by the chunk's fingerprints, users, counters and totals, as for a batch.
    pub base: Known,
    /// The chunk's events already stored here.
    pub present: BTreeSet<EventId>,
}

/// The writes of an import chunk and what it did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// The writes; its `bodies` refer to the chunk's `events` by position, and its
    /// `issues` say which were opened (created) and which changed.
    pub batch: BatchPlan,
    /// Numbers of the created issues: (exported, here).
    pub renumbered: Vec<(u64, u64)>,
    /// What the chunk did.
    pub report: ImportReport,
}

/// Plans a checked chunk: creates or merges each issue, adds the events and users new
/// here, and copies the history (activity, counters) of created issues.
pub fn plan_import(chunk: &ImportChunk, known: ImportKnown) -> ImportPlan {
    let mut planner = Planner::new(known.base);
    let mut report = ImportReport::default();
    let mut renumbered = Vec::new();
    // Exported number -> (position in the plan, created here).
    let mut targets: BTreeMap<u64, (usize, bool)> = BTreeMap::new();
    for exported in &chunk.issues {
        let target = match planner.index_of(&exported.issue.fingerprint) {
            Some(index) => {
                report.issues_merged += 1;
                (index, false)
            }
            None => {
                let id = planner.take_issue_number();
                let issue = Issue {
                    id,
                    ..exported.issue.clone()
                };
                report.issues_created += 1;
                renumbered.push((exported.exported_id, id.0));
                (planner.adopt(issue, IssueChange::Opened), true)
            }
        };
        targets.insert(exported.exported_id, target);
    }
    for (position, event) in chunk.events.iter().enumerate() {
        let Some(&(index, created)) = targets.get(&event.exported_issue) else {
            continue;
        };
        if known.present.contains(&event.id) {
            report.events_skipped += 1;
            continue;
        }
        if !created {
            let sighting = Sighting {
                timestamp: event.timestamp,
                level: event.level,
                release: event.release.as_deref(),
                environment: event.environment.as_deref(),
            };
            let planned = &mut planner.plan.issues[index];
            planned.issue.count_sighting(&sighting, false, 1);
            planned.touch();
            let id = planned.issue.id;
            planner.add_counters(id, event.timestamp, 1);
        }
        planner.keep_body(index, position, event.size);
        report.events_added += 1;
    }
    for user in &chunk.users {
        let Some(&(index, created)) = targets.get(&user.exported_issue) else {
            continue;
        };
        if !planner.note_user(index, Some(&user.key)) {
            continue;
        }
        report.users_added += 1;
        if !created {
            let planned = &mut planner.plan.issues[index];
            planned.issue.user_count = crate::count::add_count(planned.issue.user_count, 1);
            planned.touch();
        }
    }
    copy_history(chunk, &targets, &mut planner);
    ImportPlan {
        batch: planner.finish(),
        renumbered,
        report,
    }
}

/// Copies the counters and activity of created issues, under their numbers here.
fn copy_history(
    chunk: &ImportChunk,
    targets: &BTreeMap<u64, (usize, bool)>,
    planner: &mut Planner,
) {
    let created = |exported: u64| match targets.get(&exported) {
        Some(&(index, true)) => Some(index),
        _ => None,
    };
    for counter in &chunk.counters {
        let Some(index) = created(counter.exported_issue) else {
            continue;
        };
        let key = CounterKey {
            issue: planner.plan.issues[index].issue.id,
            unit: counter.unit,
            bucket: counter.bucket,
        };
        planner.add_to_counter(key, counter.count);
    }
    for entry in &chunk.activity {
        let Some(index) = created(entry.activity.issue.0) else {
            continue;
        };
        let mut activity = entry.activity.clone();
        activity.issue = planner.plan.issues[index].issue.id;
        planner.plan.activity.push(activity);
    }
}

#[cfg(test)]
mod tests;
