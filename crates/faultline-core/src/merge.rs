//! Merging issues into one, and unmerging them again, with exact counts.
//!
//! A merged issue keeps every merged issue as a *part* ([`Issue::parts`]): its own id,
//! fingerprint, aliases, counts, times, releases and environments as they were when it
//! was merged, with its tallies then ([`Issue::tallied`]). Recording counts an event on
//! the merged issue, and on its part's own counters and users, which stay stored under
//! the part's id: nothing is copied when issues merge, and the capture engine never
//! rewrites parts. A part's own counts now are its snapshot plus what its tallies gained
//! since, and its stored events tell its latest times and releases ([`PartNow`]), so
//! unmerging a part gives back its own issue with its exact counts; its fingerprint then
//! leads to it again, so later events go to it and not back to the merged issue (the
//! failure of getsentry/sentry#84590).
//!
//! The merged issue's counts are always its parts' combined: events add up, distinct
//! users are the union of the parts' users (storage hands over every part's user keys),
//! first seen is the earliest, last seen the latest, releases and environments the union.
//! It keeps the primary's id, title and status: which issue stays primary is the caller's
//! choice (getsentry/sentry#30876). Pure: storage reads, this decides, storage writes.

use crate::count::add_count;
use crate::issue::remember;
use crate::{heapsort, Activity, ActivityKind, Ignore, Issue, IssueId, Level, Sighting, Status};
use crate::{StoredBodies, StoredIssue, Tally, Timestamp};

/// What storage holds of one part now, besides its snapshot: its tallies and what its
/// stored events say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartNow {
    /// The part's own id (its tallies are stored under it).
    pub id: IssueId,
    /// Its tallies now.
    pub tally: Tally,
    /// Its stored events: when, how severe, in which release and environment.
    pub events: Vec<(Timestamp, Level, Option<String>, Option<String>)>,
}

/// The most parts one issue holds: each is read and written with every event of the
/// issue, so a bound keeps recording fast.
pub const MAX_PARTS: usize = 50;

/// Why a merge or an unmerge cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// A merge needs a primary and at least one other issue.
    NothingToMerge,
    /// The merged issue would hold more than [`MAX_PARTS`] parts.
    TooManyParts(usize),
    /// The issue has no parts: nothing was merged into it.
    NotMerged(IssueId),
    /// The issue has no part with this id.
    NoSuchPart(IssueId),
    /// The primary's own part stays: unmerge the others instead.
    PrimaryPart(IssueId),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::NothingToMerge => f.write_str("a merge needs at least two issues"),
            MergeError::TooManyParts(n) => write!(
                f,
                "the merged issue would hold {n} issues; at most {MAX_PARTS} can be merged into one"
            ),
            MergeError::NotMerged(id) => write!(f, "nothing was merged into {}", id.short_id()),
            MergeError::NoSuchPart(id) => write!(f, "{} is not part of this issue", id.short_id()),
            MergeError::PrimaryPart(id) => write!(
                f,
                "{} is the primary issue; unmerge the others instead",
                id.short_id()
            ),
        }
    }
}

impl std::error::Error for MergeError {}

/// What a merge writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged issue under the primary's id, with every part; its bodies' bookkeeping
    /// includes the bodies of the issues merged in.
    pub issue: StoredIssue,
    /// The issues merged in: their records go, and their bodies are filed under the
    /// merged issue, each keeping its part (a body without one belongs to the issue it
    /// was filed under).
    pub removed: Vec<IssueId>,
    /// The parts that came in with them, by their own ids (what unmerging undoes it).
    pub parts_in: Vec<IssueId>,
    /// `merge` on the merged issue; `merged_into` on each issue merged in.
    pub activity: Vec<Activity>,
}

/// What an unmerge writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmerged {
    /// The merged issue without the part (a plain issue again when one part is left).
    pub issue: StoredIssue,
    /// The part, standing alone again under its own id, with its bodies.
    pub restored: StoredIssue,
    /// `unmerge_source` on the merged issue; `unmerge_destination` on the restored one.
    pub activity: Vec<Activity>,
}

/// The number of distinct keys among `keys` (the union of several parts' users).
pub fn union_count(mut keys: Vec<String>) -> u64 {
    crate::heapsort(&mut keys);
    keys.dedup();
    keys.len() as u64
}

/// A part as it stands now: its snapshot plus what its tallies gained since (a plain
/// issue, never merged, is exact as it is), marked with its tallies now.
fn current(snapshot: &Issue, now: &[PartNow]) -> Issue {
    let mut part = Issue {
        parts: Vec::new(),
        ..snapshot.clone()
    };
    let Some(now) = now.iter().find(|n| n.id == snapshot.id) else {
        return part;
    };
    if let Some(then) = snapshot.tallied {
        let events = now.tally.events.saturating_sub(then.events);
        part.count = add_count(part.count, events);
        let users = now.tally.users.saturating_sub(then.users);
        part.user_count = add_count(part.user_count, users);
        for (timestamp, level, release, environment) in &now.events {
            part.see(&Sighting {
                timestamp: *timestamp,
                level: *level,
                release: release.as_deref(),
                environment: environment.as_deref(),
            });
        }
    }
    part.tallied = Some(now.tally);
    part
}

/// An issue's parts as they stand now: its own when it has some, else itself as its one
/// part.
fn parts_of(issue: &Issue, now: &[PartNow]) -> Vec<Issue> {
    if issue.parts.is_empty() {
        vec![current(issue, now)]
    } else {
        issue.parts.iter().map(|part| current(part, now)).collect()
    }
}

/// Plans merging `others` into `primary`. `parts` says what storage holds now of every
/// part ([`Issue::tallies`]) of all of them; `users` holds their distinct-user keys,
/// repeats included: the merged issue's user count is their union. Repeated ids and the
/// primary among `others` are ignored.
pub fn plan_merge(
    primary: StoredIssue,
    others: Vec<StoredIssue>,
    parts: &[PartNow],
    users: Vec<String>,
    now: Timestamp,
) -> Result<Merged, MergeError> {
    let now_parts = parts;
    let mut merged_in: Vec<StoredIssue> = Vec::new();
    for other in others {
        let id = other.issue.id;
        if id != primary.issue.id && merged_in.iter().all(|m| m.issue.id != id) {
            merged_in.push(other);
        }
    }
    if merged_in.is_empty() {
        return Err(MergeError::NothingToMerge);
    }
    let mut parts = parts_of(&primary.issue, now_parts);
    let mut parts_in = Vec::new();
    let mut bodies = primary.bodies;
    for other in &merged_in {
        let theirs = parts_of(&other.issue, now_parts);
        parts_in.extend(theirs.iter().map(|p| p.id));
        parts.extend(theirs);
        bodies.events = add_count(bodies.events, other.bodies.events);
        bodies.bytes = add_count(bodies.bytes, other.bodies.bytes);
    }
    if parts.len() > MAX_PARTS {
        return Err(MergeError::TooManyParts(parts.len()));
    }
    // Each issue's count is exact as recorded; the merged issue's is theirs added.
    let count = merged_in.iter().fold(primary.issue.count, |n, other| {
        add_count(n, other.issue.count)
    });
    let issue = combine(&primary.issue, parts, count, union_count(users));
    let removed: Vec<IssueId> = merged_in.iter().map(|m| m.issue.id).collect();
    let mut activity = vec![issue.activity(
        now,
        ActivityKind::Merge {
            issues: removed.clone(),
        },
    )];
    for other in &merged_in {
        let kind = ActivityKind::MergedInto { issue: issue.id };
        activity.push(other.issue.activity(now, kind));
    }
    Ok(Merged {
        issue: StoredIssue { issue, bodies },
        removed,
        parts_in,
        activity,
    })
}

/// Plans unmerging part `part` from `stored`. `parts` says what storage holds now of
/// every part; `users` holds the distinct-user keys of the parts that stay (the merged
/// issue's user count becomes their union); `moved` is the bookkeeping of the part's
/// bodies, which storage files under the part's id again. The restored issue takes the
/// merged issue's status (its triage applied to all parts).
pub fn plan_unmerge(
    stored: StoredIssue,
    part: IssueId,
    parts: &[PartNow],
    users: Vec<String>,
    moved: StoredBodies,
    now: Timestamp,
) -> Result<Unmerged, MergeError> {
    let now_parts = parts;
    let merged = &stored.issue;
    if merged.parts.is_empty() {
        return Err(MergeError::NotMerged(merged.id));
    }
    if part == merged.id {
        return Err(MergeError::PrimaryPart(part));
    }
    let at = merged
        .parts
        .iter()
        .position(|p| p.id == part)
        .ok_or(MergeError::NoSuchPart(part))?;
    let mut parts: Vec<Issue> = merged.parts.iter().map(|p| current(p, now_parts)).collect();
    let mut restored = parts.remove(at);
    restored.tallied = None;
    restored.reroute();
    restored.status = merged.status.clone();
    restored.substatus = merged.substatus;
    restored.status_changed = merged.status_changed;
    restored.resolved_at = merged.resolved_at;
    restart_ignore(&mut restored);
    // The merged issue's count is exact as recorded: what stays is it less the part's.
    let count = merged.count.saturating_sub(restored.count);
    let issue = combine(merged, parts, count, union_count(users));
    let bodies = StoredBodies {
        events: stored.bodies.events.saturating_sub(moved.events),
        bytes: stored.bodies.bytes.saturating_sub(moved.bytes),
    };
    let activity = vec![
        issue.activity(now, ActivityKind::UnmergeSource { issue: part }),
        restored.activity(now, ActivityKind::UnmergeDestination { issue: issue.id }),
    ];
    Ok(Unmerged {
        issue: StoredIssue { issue, bodies },
        restored: StoredIssue {
            issue: restored,
            bodies: moved,
        },
        activity,
    })
}

/// The issue `base` (its id, title, status, assignee, notes) with `parts` combined:
/// `count` events, `user_count` distinct users, the earliest first seen and the latest
/// last seen (with that event's level and release), releases and environments united,
/// oldest part first. One part left makes it a plain issue again, with that part's
/// aliases.
pub(crate) fn combine(base: &Issue, mut parts: Vec<Issue>, count: u64, user_count: u64) -> Issue {
    let mut issue = Issue {
        parts: Vec::new(),
        aliases: Vec::new(),
        releases: Vec::new(),
        environments: Vec::new(),
        tallied: None,
        count,
        user_count,
        ..base.clone()
    };
    let mut by_first: Vec<(Timestamp, usize)> = parts
        .iter()
        .enumerate()
        .map(|(at, p)| (p.first_seen, at))
        .collect();
    heapsort(&mut by_first);
    if let Some(&(first_seen, at)) = by_first.first() {
        issue.first_seen = first_seen;
        issue.first_release = parts[at].first_release.clone();
    }
    for &(_, at) in &by_first {
        let part = &parts[at];
        for release in &part.releases {
            remember(&mut issue.releases, Some(release));
        }
        for environment in &part.environments {
            remember(&mut issue.environments, Some(environment));
        }
    }
    if let Some(latest) = parts.iter().max_by_key(|p| p.last_seen) {
        issue.last_seen = latest.last_seen;
        issue.level = latest.level;
    }
    issue.last_release = parts
        .iter()
        .filter(|p| p.last_release.is_some())
        .max_by_key(|p| p.last_seen)
        .and_then(|p| p.last_release.clone());
    let before = base.count;
    if parts.len() == 1 {
        // Plain again: recording keeps its counts exact from now on.
        issue.aliases = parts.remove(0).aliases;
    } else {
        issue.parts = parts;
    }
    issue.reroute();
    rebase_ignore(&mut issue, before, base.user_count);
    issue
}

/// Keeps an ignore's progress when an issue's counts change under it: an issue ignored
/// until 10 more events, 4 of which came, still waits for 6.
fn rebase_ignore(issue: &mut Issue, count_before: u64, users_before: u64) {
    let (count, users) = (issue.count, issue.user_count);
    if let Status::Ignored { until } = &mut issue.status {
        match until {
            Ignore::Events { from_count, .. } => {
                let progress = count_before.saturating_sub(*from_count);
                *from_count = count.saturating_sub(progress);
            }
            Ignore::Users { from_users, .. } => {
                let progress = users_before.saturating_sub(*from_users);
                *from_users = users.saturating_sub(progress);
            }
            Ignore::Forever | Ignore::Time { .. } => {}
        }
    }
}

/// A restored part's ignore counts from its own counts as they are now.
fn restart_ignore(issue: &mut Issue) {
    let (count, users) = (issue.count, issue.user_count);
    if let Status::Ignored { until } = &mut issue.status {
        match until {
            Ignore::Events { from_count, .. } => *from_count = count,
            Ignore::Users { from_users, .. } => *from_users = users,
            Ignore::Forever | Ignore::Time { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests;
