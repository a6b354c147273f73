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
mod chunk_plan;
mod chunks;

pub use check::check_export;
pub use chunk_plan::{plan_import, ImportKnown, ImportPlan};
pub use chunks::import_chunks;

use super::{CounterKey, CounterUnit, Lookups, StoredIssue};
use crate::{heapsort, Activity, EventId, Fingerprint, Issue, IssueId, Level, Timestamp};

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
    /// The exported number of the part of a merged issue it belongs to (its issue's own
    /// number otherwise).
    pub tally: u64,
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
    /// The issue's exported number (once checked; as read, the number it names).
    pub exported_issue: u64,
    /// The number it names: its issue's, or a part's of a merged issue.
    pub tally: u64,
    /// The distinct-user key.
    pub key: String,
}

/// An hour or day counter of an issue, from an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedCounter {
    /// Its position in `counters`.
    pub index: usize,
    /// The issue's exported number (once checked; as read, the number it names).
    pub exported_issue: u64,
    /// The number it names: its issue's, or a part's of a merged issue.
    pub tally: u64,
    /// Hour or day.
    pub unit: CounterUnit,
    /// Which hour or day.
    pub bucket: i64,
    /// Events in it.
    pub count: u64,
}

/// A history entry of an issue, from an export (`activity.issue` is the exported number
/// it names: its issue's, or a part's of a merged issue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedActivity {
    /// Its position in `activity`.
    pub index: usize,
    /// The issue's exported number (once checked; as read, `activity.issue`).
    pub exported_issue: u64,
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
    /// Every fingerprint of its issues (their own, their aliases, their parts'): the
    /// issues to look up here first.
    pub fn fingerprints(&self) -> Vec<&Fingerprint> {
        let mut all: Vec<&Fingerprint> = Vec::new();
        for exported in &self.issues {
            all.extend(routes_of(&exported.issue));
        }
        all
    }

    /// Given the issues found here and the chunk's events already here (`present`,
    /// sorted), the users and counters of found issues whose stored state the plan needs:
    /// for a user, whether each part of the issue here has it; for an event, its part's
    /// counters.
    pub fn lookups(&self, found: &[StoredIssue], present: &[EventId]) -> Lookups {
        let local = |exported: u64| {
            let issue = &self
                .issues
                .iter()
                .find(|i| i.exported_id == exported)?
                .issue;
            let here = found
                .iter()
                .find(|s| routes_of(issue).any(|fp| s.issue.route(fp).is_some()))?;
            Some((issue, &here.issue))
        };
        let mut lookups = Lookups::default();
        for event in &self.events {
            if let Some((exported, here)) = local(event.exported_issue) {
                if present.binary_search(&event.id).is_err() {
                    let tally = local_tally(here, exported, event.tally);
                    lookups
                        .counters
                        .extend(CounterKey::both(tally, event.timestamp));
                }
            }
        }
        heapsort(&mut lookups.counters);
        lookups.counters.dedup();
        for user in &self.users {
            if let Some((_, here)) = local(user.exported_issue) {
                for tally in here.tallies() {
                    lookups.users.push((tally, user.key.clone()));
                }
            }
        }
        lookups
    }
}

/// Every fingerprint whose events count on `issue`: its own, its aliases, its parts'.
pub(crate) fn routes_of(issue: &Issue) -> impl Iterator<Item = &Fingerprint> {
    std::iter::once(&issue.fingerprint).chain(issue.other_fingerprints())
}

/// The part of `here` (its id) where records of the exported part `tally` of `exported`
/// count: the part its fingerprints lead to, else the one `exported`'s own fingerprint
/// leads to, else the first.
pub(crate) fn local_tally(here: &Issue, exported: &Issue, tally: u64) -> IssueId {
    let part = exported
        .parts
        .iter()
        .find(|p| p.id.0 == tally)
        .unwrap_or(exported);
    let routed = |of: &Issue| {
        std::iter::once(&of.fingerprint)
            .chain(&of.aliases)
            .find_map(|fp| here.route(fp))
    };
    routed(part).or_else(|| routed(exported)).unwrap_or(here.id)
}

#[cfg(test)]
mod tests;
