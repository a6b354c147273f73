//! Planning what a batch of events writes to storage.
//!
//! Storage reads what a batch needs (the issues its fingerprints name, whether its users
//! were already seen on them, the counters it adds to, the next issue number and the byte
//! total: [`fingerprints_of`], then [`lookups_of`]), hands that to [`plan_batch`] with the
//! batch, and writes what the [`BatchPlan`] says: new and updated issues, distinct users,
//! hour and day counters with their new values, activity, the bodies to keep, the totals.
//! Retention is decided from what storage lists of an issue's oldest bodies
//! (`plan/retention.rs`); import checks a file and plans it in chunks (`plan/import.rs`);
//! the search index entries of the issues a plan writes are rewritten with them
//! (`plan/search.rs`).
//! IndexedDB, the in-memory store and import all follow these plans, so they cannot
//! disagree. Pure: time and ids are in the input.

mod import;
mod retention;
mod search;

pub use import::{
    check_export, import_chunks, plan_import, ExportContents, ExportedActivity, ExportedCounter,
    ExportedEvent, ExportedIssue, ExportedUser, ImportChunk, ImportKnown, ImportPlan,
    ImportProblem, ImportReport, ProblemAction, RecordKind,
};
pub use retention::{BodyListing, BudgetPass, OutboxLimits, OutboxTotals, Retention};

use crate::count::{add_count, MAX_COUNT};
use crate::{Activity, Event, Fingerprint, Grouping, Issue, IssueId, Outcome, Sighting, Timestamp};

/// Bookkeeping of the bodies storage keeps for an issue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredBodies {
    /// Bodies kept.
    pub events: u64,
    /// Their size in bytes (the JSON length of each).
    pub bytes: u64,
}

impl StoredBodies {
    fn add(&mut self, size: u64) {
        self.events = self.events.saturating_add(1);
        self.bytes = self.bytes.saturating_add(size);
    }
}

/// An issue as storage holds it: the issue and its bodies' bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredIssue {
    /// The issue.
    pub issue: Issue,
    /// Its kept bodies.
    pub bodies: StoredBodies,
}

/// The span of an event counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CounterUnit {
    /// Events per hour.
    Hour,
    /// Events per day (UTC).
    Day,
}

impl CounterUnit {
    /// Both units.
    pub const ALL: [CounterUnit; 2] = [CounterUnit::Hour, CounterUnit::Day];

    /// The stored name: `h` or `d`.
    pub fn as_str(self) -> &'static str {
        match self {
            CounterUnit::Hour => "h",
            CounterUnit::Day => "d",
        }
    }

    /// A stored name back to the unit.
    pub fn parse(name: &str) -> Option<CounterUnit> {
        match name {
            "h" => Some(CounterUnit::Hour),
            "d" => Some(CounterUnit::Day),
            _ => None,
        }
    }

    /// The unit's length in milliseconds.
    pub fn millis(self) -> i64 {
        match self {
            CounterUnit::Hour => 3_600_000,
            CounterUnit::Day => 86_400_000,
        }
    }

    /// The bucket `at` falls in: whole units since the epoch.
    pub fn bucket(self, at: Timestamp) -> i64 {
        at.as_millis().div_euclid(self.millis())
    }
}

/// One counter: the events of `issue` in one hour or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CounterKey {
    /// The issue.
    pub issue: IssueId,
    /// Hour or day.
    pub unit: CounterUnit,
    /// Which one: [`CounterUnit::bucket`].
    pub bucket: i64,
}

impl CounterKey {
    /// Both counters an event at `at` of `issue` adds to.
    pub fn both(issue: IssueId, at: Timestamp) -> [CounterKey; 2] {
        CounterUnit::ALL.map(|unit| CounterKey {
            issue,
            unit,
            bucket: unit.bucket(at),
        })
    }
}

/// One entry of a batch to record: a captured event, grouped.
#[derive(Debug, Clone)]
pub struct BatchEvent<'a> {
    /// Its grouping (the fingerprint names its issue; the rest opens a new one).
    pub grouping: &'a Grouping,
    /// The event.
    pub event: &'a Event,
    /// Its distinct-user key ([`crate::user_key`]), if it has a user.
    pub user: Option<String>,
    /// The size of its body when the body is kept; `None` counts it without a body (a
    /// repeat of an event stored just before).
    pub body_size: Option<u64>,
    /// How many events it stands for (a flood sampled to one body); 0 reads as 1.
    pub occurrences: u64,
}

/// What storage read for a batch (or an import chunk).
///
/// Plain vectors searched in order: a batch is small, and the capture package pays for
/// every map type in bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    /// The stored issues the fingerprints name; a fingerprint not here opens a new issue.
    pub issues: Vec<StoredIssue>,
    /// Of the (issue, user) pairs asked for ([`Lookups::users`]), those already recorded.
    pub users: Vec<(IssueId, String)>,
    /// The current values of the counters asked for ([`Lookups::counters`]); 0 if absent.
    pub counters: Vec<(CounterKey, u64)>,
    /// The next issue number to hand out (0 reads as 1).
    pub next_issue: u64,
    /// Bytes of all stored bodies.
    pub event_bytes: u64,
    /// How many bodies are stored.
    pub event_count: u64,
    /// The sync outbox's totals, when events are queued for sync.
    pub outbox: Option<OutboxTotals>,
}

/// The second round of reads, once the issues are known: which users and counters of
/// existing issues the plan needs. New issues need none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookups {
    /// (issue, user) pairs: is this user already recorded on this issue?
    pub users: Vec<(IssueId, String)>,
    /// Counters whose current value is added to.
    pub counters: Vec<CounterKey>,
}

/// How a plan changes an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueChange {
    /// Opened by the plan: write it.
    Opened,
    /// Changed: write it.
    Updated,
    /// Read but not changed: nothing to write.
    Unchanged,
}

/// An issue the plan read or opened, as it must be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedIssue {
    /// The issue with its new counts and status.
    pub issue: Issue,
    /// Its kept bodies after the plan.
    pub bodies: StoredBodies,
    /// Whether to write it.
    pub change: IssueChange,
}

impl PlannedIssue {
    /// Marks a read issue changed (an opened one stays opened).
    fn touch(&mut self) {
        if self.change == IssueChange::Unchanged {
            self.change = IssueChange::Updated;
        }
    }
}

/// A body to write: item `item` of the batch (or event `item` of an import chunk), filed
/// under `issue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedBody {
    /// Its position in the batch.
    pub item: usize,
    /// Its issue.
    pub issue: IssueId,
    /// The part of a merged issue it belongs to, when that is not `issue`'s own part
    /// (an unmerge files it under the part again).
    pub part: Option<IssueId>,
}

/// The writes of a batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchPlan {
    /// Each event's issue and what happened to it, in batch order.
    pub outcomes: Vec<(IssueId, Outcome)>,
    /// The issues read or opened, found ones first, then opened ones in batch order.
    pub issues: Vec<PlannedIssue>,
    /// Users to record on issues, in batch order.
    pub users: Vec<(IssueId, String)>,
    /// Counters with their new values, in the order the batch first adds to them.
    pub counters: Vec<(CounterKey, u64)>,
    /// History entries to add, in batch order.
    pub activity: Vec<Activity>,
    /// Bodies to write, in batch order; with sync on, each is also queued in the outbox.
    pub bodies: Vec<PlannedBody>,
    /// Bytes of the bodies written.
    pub bytes_added: u64,
    /// Bodies evicted by retention (see `BatchPlan::evict`).
    pub evicted: u64,
    /// The next issue number after the plan.
    pub next_issue: u64,
    /// Bytes of all stored bodies after the plan (and its evictions).
    pub event_bytes: u64,
    /// Bodies stored after the plan (and its evictions).
    pub event_count: u64,
    /// The outbox's totals with the queued bodies, when sync is on.
    pub outbox: Option<OutboxTotals>,
}

/// The distinct fingerprints of a batch, in order: the issues to look up first.
pub fn fingerprints_of<'a>(batch: &[BatchEvent<'a>]) -> Vec<&'a Fingerprint> {
    let mut fingerprints: Vec<&Fingerprint> = Vec::new();
    for item in batch {
        push_new(&mut fingerprints, &item.grouping.fingerprint);
    }
    fingerprints
}

/// Given the issues found, the users and counters whose stored state the plan needs, each
/// once, in batch order. An event counts on the issue its fingerprint leads to
/// ([`Issue::route`]) and, when issues were merged into it, on its part as well: its
/// counters are the part's, and whether its user is new is asked of every part (the
/// merged issue's users are the union of its parts').
pub fn lookups_of(batch: &[BatchEvent<'_>], found: &[StoredIssue]) -> Lookups {
    let mut lookups = Lookups::default();
    for item in batch {
        let fingerprint = &item.grouping.fingerprint;
        let Some((stored, tally)) = found
            .iter()
            .find_map(|s| s.issue.route(fingerprint).map(|tally| (&s.issue, tally)))
        else {
            continue;
        };
        if let Some(user) = &item.user {
            for tally in stored.tallies() {
                if !lookups.users.iter().any(|(i, u)| *i == tally && u == user) {
                    lookups.users.push((tally, user.clone()));
                }
            }
        }
        for key in CounterKey::both(tally, item.event.timestamp) {
            push_new(&mut lookups.counters, key);
        }
    }
    lookups
}

/// Appends `value` unless `values` has it.
fn push_new<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// Plans the writes of `batch` given what storage read (`known`): each event opens its
/// issue or goes through the lifecycle of the one found ([`Issue::open`],
/// [`Issue::apply_sighting`]); users new to an issue are counted once however often they
/// appear; counters add every occurrence; kept bodies are accounted. Retention comes after,
/// from listings ([`BatchPlan::trims`], [`BatchPlan::evict`]).
pub fn plan_batch(batch: &[BatchEvent<'_>], known: Known) -> BatchPlan {
    let mut planner = Planner::new(known);
    for (item_index, item) in batch.iter().enumerate() {
        let occurrences = item.occurrences.clamp(1, MAX_COUNT);
        let fingerprint = &item.grouping.fingerprint;
        let (index, tally, outcome) = match planner.index_of(fingerprint) {
            Some((index, tally)) => {
                // A part's own counts are its tallies': only the merged issue is counted.
                let (_, new_user) = planner.note_user(index, tally, item.user.as_deref());
                let sighting = Sighting::of(item.event);
                let planned = &mut planner.plan.issues[index];
                let applied = planned
                    .issue
                    .apply_sighting(&sighting, new_user, occurrences);
                planned.touch();
                planner.plan.activity.extend(applied.activity);
                (index, tally, applied.outcome)
            }
            None => {
                let id = planner.take_issue_number();
                let (mut issue, activity) =
                    Issue::open(id, item.grouping, item.event, item.user.is_some());
                issue.count = occurrences;
                let index = planner.adopt(issue, IssueChange::Opened);
                planner.note_user(index, id, item.user.as_deref());
                planner.plan.activity.push(activity);
                (index, id, Outcome::New)
            }
        };
        let issue = planner.plan.issues[index].issue.id;
        planner.add_counters(tally, item.event.timestamp, occurrences);
        if let Some(size) = item.body_size {
            planner.keep_body(index, item_index, size, (tally != issue).then_some(tally));
        }
        planner.plan.outcomes.push((issue, outcome));
    }
    planner.finish()
}

/// The plan being built, with what it needs to look up along the way.
struct Planner {
    plan: BatchPlan,
    /// Users recorded on issues: those read, then those the plan adds.
    known_users: Vec<(IssueId, String)>,
    known_counters: Vec<(CounterKey, u64)>,
    /// What the plan adds to each counter, in first-touch order.
    added_counters: Vec<(CounterKey, u64)>,
}

impl Planner {
    fn new(known: Known) -> Planner {
        let mut planner = Planner {
            plan: BatchPlan {
                next_issue: known.next_issue.max(1),
                event_bytes: known.event_bytes,
                event_count: known.event_count,
                outbox: known.outbox,
                ..BatchPlan::default()
            },
            known_users: known.users,
            known_counters: known.counters,
            added_counters: Vec::new(),
        };
        for stored in known.issues {
            // One issue may be found by several of the batch's fingerprints.
            if planner
                .plan
                .issues
                .iter()
                .any(|p| p.issue.id == stored.issue.id)
            {
                continue;
            }
            let index = planner.adopt(stored.issue, IssueChange::Unchanged);
            planner.plan.issues[index].bodies = stored.bodies;
        }
        planner
    }

    /// The planned issue `fingerprint` leads to, and the part whose tallies it adds to.
    fn index_of(&self, fingerprint: &Fingerprint) -> Option<(usize, IssueId)> {
        self.plan
            .issues
            .iter()
            .enumerate()
            .find_map(|(index, planned)| planned.issue.route(fingerprint).map(|p| (index, p)))
    }

    /// Adds an issue to the plan; returns its position.
    fn adopt(&mut self, issue: Issue, change: IssueChange) -> usize {
        let index = self.plan.issues.len();
        self.plan.issues.push(PlannedIssue {
            issue,
            bodies: StoredBodies::default(),
            change,
        });
        index
    }

    fn take_issue_number(&mut self) -> IssueId {
        let id = IssueId(self.plan.next_issue);
        self.plan.next_issue = self.plan.next_issue.saturating_add(1);
        id
    }

    /// Whether `user` is new to the part `tally` of the issue at `index`, and whether it
    /// is new to the issue (to every part); records it on the part when new there.
    fn note_user(&mut self, index: usize, tally: IssueId, user: Option<&str>) -> (bool, bool) {
        let Some(user) = user else {
            return (false, false);
        };
        let issue = &self.plan.issues[index].issue;
        let seen = |id: IssueId| self.known_users.iter().any(|(i, u)| *i == id && u == user);
        let new_to_issue = issue.tallies().into_iter().all(|id| !seen(id));
        let new_to_part = !seen(tally);
        if new_to_part {
            self.known_users.push((tally, user.to_string()));
            self.plan.users.push((tally, user.to_string()));
        }
        (new_to_part, new_to_issue)
    }

    fn add_counters(&mut self, issue: IssueId, at: Timestamp, occurrences: u64) {
        for key in CounterKey::both(issue, at) {
            self.add_to_counter(key, occurrences);
        }
    }

    fn add_to_counter(&mut self, key: CounterKey, count: u64) {
        match self.added_counters.iter_mut().find(|(k, _)| *k == key) {
            Some((_, added)) => *added = add_count(*added, count),
            None => self.added_counters.push((key, count.min(MAX_COUNT))),
        }
    }

    fn keep_body(&mut self, index: usize, item: usize, size: u64, part: Option<IssueId>) {
        let planned = &mut self.plan.issues[index];
        planned.bodies.add(size);
        planned.touch();
        let issue = planned.issue.id;
        self.plan.bodies.push(PlannedBody { item, issue, part });
        self.plan.bytes_added = self.plan.bytes_added.saturating_add(size);
        self.plan.event_bytes = self.plan.event_bytes.saturating_add(size);
        self.plan.event_count = self.plan.event_count.saturating_add(1);
        if let Some(outbox) = &mut self.plan.outbox {
            outbox.add(1, size);
        }
    }

    fn finish(mut self) -> BatchPlan {
        self.plan.counters = self
            .added_counters
            .into_iter()
            .map(|(key, added)| {
                let current = self.known_counters.iter().find(|(k, _)| *k == key);
                (
                    key,
                    add_count(current.map_or(0, |(_, count)| *count), added),
                )
            })
            .collect();
        self.plan
    }
}

#[cfg(test)]
pub(crate) mod tests;
