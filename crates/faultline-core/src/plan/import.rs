//! Import: an export's records checked against each other, split into chunks of whole
//! issues, and each chunk planned like a batch.
//!
//! An exported issue whose fingerprint is not here is created with the counts it carries
//! (renumbered, with its activity and counters); one whose fingerprint is here is merged:
//! each event new here counts on it ([`crate::Issue::count_sighting`]: counts and times,
//! no status change) and each new user too. Events already here (same id) are skipped, so
//! importing a file twice changes nothing. What cannot be imported as it is, is rejected
//! or repaired, and the report lists each such record with its reason.

mod check;
mod chunks;

pub use check::check_export;
pub use chunks::import_chunks;

use super::{
    BatchPlan, CounterKey, CounterUnit, IssueChange, Known, Lookups, Planner, StoredIssue,
};
use crate::{heapsort, Activity, EventId, Fingerprint, Issue, IssueId, Level, Sighting, Timestamp};

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

impl ImportChunk {
    /// The fingerprints of its issues: the issues to look up here first.
    pub fn fingerprints(&self) -> Vec<&Fingerprint> {
        self.issues.iter().map(|i| &i.issue.fingerprint).collect()
    }

    /// Given the issues found here and the chunk's events already here (`present`,
    /// sorted), the users and counters of found issues whose stored state the plan needs.
    pub fn lookups(&self, found: &[StoredIssue], present: &[EventId]) -> Lookups {
        let mut merged: Vec<(u64, IssueId)> = Vec::new();
        for exported in &self.issues {
            let fingerprint = &exported.issue.fingerprint;
            if let Some(stored) = found.iter().find(|s| s.issue.fingerprint == *fingerprint) {
                merged.push((exported.exported_id, stored.issue.id));
            }
        }
        let local = |exported: u64| {
            merged
                .iter()
                .find(|(id, _)| *id == exported)
                .map(|(_, here)| *here)
        };
        let mut lookups = Lookups::default();
        for event in &self.events {
            if let Some(issue) = local(event.exported_issue) {
                if present.binary_search(&event.id).is_err() {
                    lookups
                        .counters
                        .extend(CounterKey::both(issue, event.timestamp));
                }
            }
        }
        heapsort(&mut lookups.counters);
        lookups.counters.dedup();
        for user in &self.users {
            if let Some(issue) = local(user.exported_issue) {
                lookups.users.push((issue, user.key.clone()));
            }
        }
        lookups
    }
}

/// What storage read for an import chunk.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportKnown {
    /// Issues found by the chunk's fingerprints, users, counters and totals, as for a batch.
    pub base: Known,
    /// The chunk's events already stored here, sorted.
    pub present: Vec<EventId>,
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
    // (exported number, position in the plan, created here), sorted by number.
    let mut targets: Vec<(u64, usize, bool)> = Vec::with_capacity(chunk.issues.len());
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
        targets.push((exported.exported_id, target.0, target.1));
    }
    heapsort(&mut targets);
    let target = |exported: u64| {
        let found = targets.binary_search_by_key(&exported, |(id, _, _)| *id);
        found
            .ok()
            .and_then(|at| targets.get(at))
            .map(|(_, index, created)| (*index, *created))
    };
    for (position, event) in chunk.events.iter().enumerate() {
        let Some((index, created)) = target(event.exported_issue) else {
            continue;
        };
        if known.present.binary_search(&event.id).is_ok() {
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
        let Some((index, created)) = target(user.exported_issue) else {
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
    copy_history(chunk, &target, &mut planner);
    ImportPlan {
        batch: planner.finish(),
        renumbered,
        report,
    }
}

/// Copies the counters and activity of created issues, under their numbers here.
fn copy_history(
    chunk: &ImportChunk,
    target: &dyn Fn(u64) -> Option<(usize, bool)>,
    planner: &mut Planner,
) {
    let created = |exported: u64| match target(exported) {
        Some((index, true)) => Some(index),
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
