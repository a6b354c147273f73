//! The issue lifecycle: how events and triage actions change an issue.
//!
//! A pure state machine. Every status change yields an [`Activity`] entry with its time and
//! reason, which storage keeps as the issue's history.

use serde::{Deserialize, Serialize};

use crate::count::add_count;
use crate::issue::{fresh, remember};
use crate::{Event, Grouping, Ignore, Issue, IssueId, Level, Status, Substatus, Timestamp};

/// What the lifecycle reads of an event: when it happened, how severe it was, and in which
/// release and environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sighting<'a> {
    /// When the event happened.
    pub timestamp: Timestamp,
    /// Its level.
    pub level: Level,
    /// Its release, if it has one.
    pub release: Option<&'a str>,
    /// Its environment, if it has one.
    pub environment: Option<&'a str>,
}

impl<'a> Sighting<'a> {
    /// What the lifecycle reads of `event`.
    pub fn of(event: &'a Event) -> Sighting<'a> {
        Sighting {
            timestamp: event.timestamp,
            level: event.level,
            release: event.release.as_deref(),
            environment: event.environment.as_deref(),
        }
    }
}

/// What applying an event did to its issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The event opened a new issue.
    New,
    /// The event was counted on an open (or still resolved-in-next-release) issue.
    Counted,
    /// The issue was resolved and is open again.
    Regressed,
    /// The issue is ignored and stays so; the event was counted.
    StillIgnored,
    /// The issue was ignored until a condition that this event met; it is open again.
    IgnoreExpired,
}

/// A triage request: how long to ignore an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IgnoreFor {
    /// Until reopened by hand.
    Forever,
    /// Until this many more events.
    Events(u64),
    /// Until this many more distinct users.
    Users(u64),
    /// For this many milliseconds.
    Millis(i64),
    /// Until this time.
    Until(Timestamp),
}

/// One entry in an issue's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// The issue.
    pub issue: IssueId,
    /// When.
    pub at: Timestamp,
    /// What happened.
    #[serde(flatten)]
    pub kind: ActivityKind,
}

/// What happened to an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ActivityKind {
    /// Its first event arrived.
    FirstSeen {
        /// In this release.
        release: Option<String>,
    },
    /// Resolved by hand.
    Resolved,
    /// Resolved in the release after `release`.
    ResolvedInNextRelease {
        /// The release current at the time.
        release: Option<String>,
    },
    /// Ignored by hand.
    Ignored {
        /// Until when.
        until: Ignore,
    },
    /// Reopened by hand.
    Reopened,
    /// A new event arrived after it was resolved.
    Regressed {
        /// The event's release.
        release: Option<String>,
        /// When it had been resolved.
        resolved_at: Option<Timestamp>,
    },
    /// The condition it was ignored until was met.
    IgnoreExpired {
        /// The condition.
        until: Ignore,
    },
    /// Other issues were merged into it (Sentry's `merge`).
    Merge {
        /// The issues merged in, by their own ids.
        issues: Vec<IssueId>,
    },
    /// It was merged into another issue; kept under its own id for when it is unmerged.
    MergedInto {
        /// The issue it became part of.
        issue: IssueId,
    },
    /// A part was unmerged from it and stands alone again (Sentry's `unmerge_source`).
    UnmergeSource {
        /// The part, by its own id.
        issue: IssueId,
    },
    /// It was unmerged from the issue it was part of (Sentry's `unmerge_destination`).
    UnmergeDestination {
        /// The issue it was part of.
        issue: IssueId,
    },
    /// A regroup applied newer grouping rules to its stored events.
    Regrouped {
        /// The grouping config it was grouped by.
        from: String,
        /// The config it was regrouped by.
        to: String,
        /// Issues merged into it because their events now group with its own.
        merged: Vec<IssueId>,
        /// How many issues its stored events now group as: 0 when none is stored, 1 when
        /// they stay together, more when they would split (kept whole: bodies evicted
        /// under retention make an exact split impossible).
        groups: u64,
    },
    /// A note was added (Sentry's `note`).
    Note {
        /// What it says, as typed.
        text: String,
    },
    /// It was assigned, or unassigned when `to` is `None`.
    Assigned {
        /// A name or an email, as typed.
        to: Option<String>,
    },
}

/// The result of applying an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// What happened.
    pub outcome: Outcome,
    /// The history entry, when the status changed.
    pub activity: Option<Activity>,
}

impl Issue {
    /// A new issue opened by its first event. `new_user` says whether the event's user
    /// (see [`crate::user_key`]) counts as a distinct user.
    pub fn open(
        id: IssueId,
        grouping: &Grouping,
        event: &Event,
        new_user: bool,
    ) -> (Issue, Activity) {
        let mut issue = fresh(id, grouping, event);
        issue.count = 1;
        issue.user_count = u64::from(new_user);
        let activity = issue.activity(
            event.timestamp,
            ActivityKind::FirstSeen {
                release: event.release.clone(),
            },
        );
        (issue, activity)
    }

    /// Counts a further event with this issue's fingerprint and applies the lifecycle:
    /// a resolved issue regresses, an ignored one comes back when its condition is met.
    pub fn apply(&mut self, event: &Event, new_user: bool) -> Applied {
        self.apply_occurrences(event, new_user, 1)
    }

    /// Like [`Issue::apply`] for an event that stands for `occurrences` identical events
    /// (a flood sampled to one body): all of them count.
    pub fn apply_occurrences(
        &mut self,
        event: &Event,
        new_user: bool,
        occurrences: u64,
    ) -> Applied {
        self.apply_sighting(&Sighting::of(event), new_user, occurrences)
    }

    /// Like [`Issue::apply_occurrences`], from what the lifecycle reads of the event.
    pub fn apply_sighting(
        &mut self,
        sighting: &Sighting<'_>,
        new_user: bool,
        occurrences: u64,
    ) -> Applied {
        self.count_sighting(sighting, new_user, occurrences);
        let at = sighting.timestamp;
        match self.status.clone() {
            Status::Unresolved => self.applied(Outcome::Counted, None),
            Status::Resolved => self.regress(sighting),
            Status::ResolvedInNextRelease { release } => {
                if sighting.release.is_some() && sighting.release != release.as_deref() {
                    self.regress(sighting)
                } else {
                    self.applied(Outcome::Counted, None)
                }
            }
            Status::Ignored { until } => {
                if self.ignore_met(&until, at) {
                    self.set_status(Status::Unresolved, Substatus::Escalating, at);
                    let kind = ActivityKind::IgnoreExpired { until };
                    let activity = self.activity(at, kind);
                    self.applied(Outcome::IgnoreExpired, Some(activity))
                } else {
                    self.applied(Outcome::StillIgnored, None)
                }
            }
        }
    }

    /// Counts `occurrences` events (at least 1) and their user without changing the
    /// status: counts, first and last seen, level and releases. For events copied from
    /// elsewhere (an import), which say nothing about whether a fix worked.
    pub fn count_sighting(&mut self, sighting: &Sighting<'_>, new_user: bool, occurrences: u64) {
        self.count = add_count(self.count, occurrences.max(1));
        self.user_count = add_count(self.user_count, u64::from(new_user));
        self.see(sighting);
    }

    /// What an event says beyond being counted: first and last seen, the latest level
    /// and release, releases and environments.
    pub fn see(&mut self, sighting: &Sighting<'_>) {
        self.first_seen = self.first_seen.min(sighting.timestamp);
        remember(&mut self.releases, sighting.release);
        remember(&mut self.environments, sighting.environment);
        if sighting.timestamp >= self.last_seen {
            self.last_seen = sighting.timestamp;
            self.level = sighting.level;
            if let Some(release) = sighting.release {
                self.last_release = Some(release.to_string());
            }
        }
    }

    /// Marks the issue fixed: any new event regresses it.
    pub fn resolve(&mut self, now: Timestamp) -> Activity {
        self.resolved_at = Some(now);
        self.set_status(Status::Resolved, Substatus::Resolved, now);
        self.activity(now, ActivityKind::Resolved)
    }

    /// Marks the issue fixed in the next release: events from its latest release are
    /// expected and counted; one from any other release regresses it.
    pub fn resolve_in_next_release(&mut self, now: Timestamp) -> Activity {
        let release = self.last_release.clone();
        self.resolved_at = Some(now);
        let status = Status::ResolvedInNextRelease {
            release: release.clone(),
        };
        self.set_status(status, Substatus::Resolved, now);
        self.activity(now, ActivityKind::ResolvedInNextRelease { release })
    }

    /// Mutes the issue until the condition is met.
    pub fn ignore(&mut self, request: IgnoreFor, now: Timestamp) -> Activity {
        let until = match request {
            IgnoreFor::Forever => Ignore::Forever,
            IgnoreFor::Events(count) => Ignore::Events {
                count,
                from_count: self.count,
            },
            IgnoreFor::Users(count) => Ignore::Users {
                count,
                from_users: self.user_count,
            },
            IgnoreFor::Millis(ms) => Ignore::Time {
                until: now.plus_millis(ms),
            },
            IgnoreFor::Until(until) => Ignore::Time { until },
        };
        let substatus = match until {
            Ignore::Forever => Substatus::ArchivedForever,
            _ => Substatus::ArchivedUntilConditionMet,
        };
        self.set_status(
            Status::Ignored {
                until: until.clone(),
            },
            substatus,
            now,
        );
        self.activity(now, ActivityKind::Ignored { until })
    }

    /// Reopens a resolved or ignored issue by hand.
    pub fn unresolve(&mut self, now: Timestamp) -> Activity {
        self.set_status(Status::Unresolved, Substatus::Ongoing, now);
        self.activity(now, ActivityKind::Reopened)
    }

    fn regress(&mut self, sighting: &Sighting<'_>) -> Applied {
        let resolved_at = self.resolved_at;
        self.set_status(Status::Unresolved, Substatus::Regressed, sighting.timestamp);
        let kind = ActivityKind::Regressed {
            release: sighting.release.map(str::to_string),
            resolved_at,
        };
        let activity = self.activity(sighting.timestamp, kind);
        self.applied(Outcome::Regressed, Some(activity))
    }

    fn ignore_met(&self, until: &Ignore, at: Timestamp) -> bool {
        match *until {
            Ignore::Forever => false,
            Ignore::Events { count, from_count } => self.count.saturating_sub(from_count) >= count,
            Ignore::Users { count, from_users } => {
                self.user_count.saturating_sub(from_users) >= count
            }
            Ignore::Time { until } => at >= until,
        }
    }

    fn set_status(&mut self, status: Status, substatus: Substatus, at: Timestamp) {
        self.status = status;
        self.substatus = substatus;
        self.status_changed = at;
    }

    pub(crate) fn activity(&self, at: Timestamp, kind: ActivityKind) -> Activity {
        Activity {
            issue: self.id,
            at,
            kind,
        }
    }

    fn applied(&self, outcome: Outcome, activity: Option<Activity>) -> Applied {
        Applied { outcome, activity }
    }
}

#[cfg(test)]
mod tests;
