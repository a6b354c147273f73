//! Issues: events grouped by fingerprint, with exact counts and a triage status.
//!
//! The data lives here; how events and triage actions change it is in `lifecycle.rs`.

use serde::{Deserialize, Serialize};

use crate::{Event, Fingerprint, Grouping, IssueId, Level, Timestamp};

/// How long an issue stays `new` (or `regressed`) before it counts as `ongoing`.
pub const NEW_FOR_MS: i64 = 7 * 24 * 3600 * 1000;

/// Where an issue stands in triage.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Status {
    /// Needs attention.
    #[default]
    Unresolved,
    /// Fixed: any new event regresses it.
    Resolved,
    /// Fixed in the release after `release`: only an event from another release regresses it.
    ResolvedInNextRelease {
        /// The release current when it was resolved (`None`: no release was known).
        release: Option<String>,
    },
    /// Muted until a condition is met.
    Ignored {
        /// When it comes back.
        until: Ignore,
    },
}

/// How long an ignored issue stays ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Ignore {
    /// Until it is reopened by hand.
    Forever,
    /// Until `count` more events arrive (counted from `from_count`).
    Events {
        /// How many more events.
        count: u64,
        /// The issue's event count when it was ignored.
        from_count: u64,
    },
    /// Until `count` more distinct users are affected (counted from `from_users`).
    Users {
        /// How many more users.
        count: u64,
        /// The issue's user count when it was ignored.
        from_users: u64,
    },
    /// Until this time.
    Time {
        /// When it comes back.
        until: Timestamp,
    },
}

/// Sentry's substatus: why an issue is in its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Substatus {
    /// Opened recently and not triaged.
    #[default]
    New,
    /// Was resolved, and happened again.
    Regressed,
    /// Was ignored until a condition, which was met.
    Escalating,
    /// Open for a while, or reopened by hand.
    Ongoing,
    /// Ignored for good.
    ArchivedForever,
    /// Ignored until a condition.
    ArchivedUntilConditionMet,
    /// Resolved (Sentry reports no substatus; kept for completeness).
    Resolved,
}

impl Substatus {
    /// Sentry's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Substatus::New => "new",
            Substatus::Regressed => "regressed",
            Substatus::Escalating => "escalating",
            Substatus::Ongoing => "ongoing",
            Substatus::ArchivedForever => "archived_forever",
            Substatus::ArchivedUntilConditionMet => "archived_until_condition_met",
            Substatus::Resolved => "resolved",
        }
    }
}

/// A group of events with the same fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Local number.
    pub id: IssueId,
    /// The grouping hash shared by all its events.
    pub fingerprint: Fingerprint,
    /// The grouping rules that produced the fingerprint.
    pub grouping_config: String,
    /// `Type: value`, or the message.
    pub title: String,
    /// Where it happened: function and file:line of the crashing in-app frame.
    pub culprit: Option<String>,
    /// Error type of the first event, for filtering (`error.type:`).
    #[serde(default)]
    pub error_type: Option<String>,
    /// Severity of the latest event.
    pub level: Level,
    /// Triage state.
    pub status: Status,
    /// Why it is in that state.
    pub substatus: Substatus,
    /// When the status or substatus last changed (for `new`/`regressed` ageing).
    pub status_changed: Timestamp,
    /// When it was last resolved, if ever.
    #[serde(default)]
    pub resolved_at: Option<Timestamp>,
    /// Events seen, exact.
    pub count: u64,
    /// Distinct users seen, exact.
    pub user_count: u64,
    /// First event.
    pub first_seen: Timestamp,
    /// Latest event.
    pub last_seen: Timestamp,
    /// Release of the first event.
    pub first_release: Option<String>,
    /// Release of the latest event.
    pub last_release: Option<String>,
    /// Releases its events came from, oldest first (at most [`MAX_SEEN_VALUES`]).
    #[serde(default)]
    pub releases: Vec<String>,
    /// Environments its events came from, oldest first (at most [`MAX_SEEN_VALUES`]).
    #[serde(default)]
    pub environments: Vec<String>,
    /// Who is looking into it: a name or an email, as typed (`assigned:NAME`).
    #[serde(default)]
    pub assignee: Option<String>,
    /// How many notes it has (the notes themselves are activity entries).
    #[serde(default)]
    pub notes: u64,
    /// Further fingerprints whose events count on it: a regroup adds the fingerprint the
    /// current rules give its events, so they keep landing here.
    #[serde(default)]
    pub aliases: Vec<Fingerprint>,
    /// When other issues were merged into it: every merged issue as it would stand alone
    /// (its own id, fingerprint, aliases, counts and times, kept exact as its events
    /// arrive), this issue's own part first. Empty when nothing was merged into it. A part
    /// has no parts; its distinct users and counters are stored under its own id.
    #[serde(default)]
    pub parts: Vec<Issue>,
    /// Every fingerprint leading to it besides its own, with the part whose counters and
    /// users its events add to: what recording reads (it never reads parts). Kept by
    /// [`Issue::reroute`] from the aliases and parts.
    #[serde(default)]
    pub routes: Vec<(Fingerprint, IssueId)>,
    /// On a part: what its own counters and users held when it was last brought up to
    /// date (recording counts events on the merged issue only, and on the part's
    /// counters and users, so its own counts are what came since, added).
    #[serde(default)]
    pub tallied: Option<Tally>,
}

/// An issue's own tallies: the events its day counters add up to and its distinct users
/// recorded, under its id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Events in its day counters.
    pub events: u64,
    /// Distinct users recorded.
    pub users: u64,
}

/// How many distinct releases and environments an issue remembers; the oldest go first.
pub const MAX_SEEN_VALUES: usize = 100;

/// Adds `value` to `seen` unless present, forgetting the oldest beyond [`MAX_SEEN_VALUES`].
pub(crate) fn remember(seen: &mut Vec<String>, value: Option<&str>) {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return;
    };
    if seen.iter().any(|s| s == value) {
        return;
    }
    if seen.len() == MAX_SEEN_VALUES {
        seen.remove(0);
    }
    seen.push(value.to_string());
}

impl Issue {
    /// `unresolved`, `resolved` or `ignored`, as Sentry's API names the status.
    pub fn status_name(&self) -> &'static str {
        match self.status {
            Status::Unresolved => "unresolved",
            Status::Resolved | Status::ResolvedInNextRelease { .. } => "resolved",
            Status::Ignored { .. } => "ignored",
        }
    }

    /// The substatus as of `now`: `new` and `regressed` age into `ongoing` after
    /// [`NEW_FOR_MS`], and an ignore that has run out of time reads as `escalating`.
    pub fn substatus_at(&self, now: Timestamp) -> Substatus {
        match (&self.status, self.substatus) {
            (
                Status::Ignored {
                    until: Ignore::Time { until },
                },
                _,
            ) if now >= *until => Substatus::Escalating,
            (Status::Unresolved, Substatus::New | Substatus::Regressed)
                if now.as_millis() - self.status_changed.as_millis() >= NEW_FOR_MS =>
            {
                Substatus::Ongoing
            }
            (_, sub) => sub,
        }
    }

    /// The ids its distinct users and counters are stored under: its own, and each
    /// part's when issues were merged into it.
    pub fn tallies(&self) -> Vec<IssueId> {
        let mut tallies = vec![self.id];
        for (_, part) in &self.routes {
            if !tallies.contains(part) {
                tallies.push(*part);
            }
        }
        tallies
    }

    /// Where events with `fingerprint` count: the id of the part whose counters and users
    /// they add to (the issue's own id for its own fingerprint and aliases), or `None`
    /// when the fingerprint does not lead here.
    pub fn route(&self, fingerprint: &Fingerprint) -> Option<IssueId> {
        if self.fingerprint == *fingerprint {
            return Some(self.id);
        }
        self.routes
            .iter()
            .find(|(fp, _)| fp == fingerprint)
            .map(|(_, part)| *part)
    }

    /// Every fingerprint whose events count on it except [`Issue::fingerprint`] (storage
    /// indexes them, so each fingerprint leads to one issue).
    pub fn other_fingerprints(&self) -> Vec<&Fingerprint> {
        self.routes.iter().map(|(fp, _)| fp).collect()
    }

    /// Sets [`Issue::routes`] from its aliases and its parts' fingerprints and aliases.
    pub fn reroute(&mut self) {
        let mut routes: Vec<(Fingerprint, IssueId)> = self
            .aliases
            .iter()
            .map(|fp| (fp.clone(), self.id))
            .collect();
        for part in &self.parts {
            if part.fingerprint != self.fingerprint {
                routes.push((part.fingerprint.clone(), part.id));
            }
            routes.extend(part.aliases.iter().map(|fp| (fp.clone(), part.id)));
        }
        self.routes = routes;
    }

    /// The part with id `id`, if issues were merged into this one.
    pub fn part(&self, id: IssueId) -> Option<&Issue> {
        self.parts.iter().find(|part| part.id == id)
    }

    /// The status name as of `now` (a time-limited ignore that has expired is unresolved).
    pub fn status_name_at(&self, now: Timestamp) -> &'static str {
        match &self.status {
            Status::Ignored {
                until: Ignore::Time { until },
            } if now >= *until => "unresolved",
            _ => self.status_name(),
        }
    }
}

/// `TypeError: Cannot read properties of null`, or the message of a message event.
pub fn title_of(event: &Event) -> String {
    match event.primary_exception() {
        Some(exc) => match (exc.ty.as_deref(), exc.value.as_deref()) {
            (Some(ty), Some(value)) if !value.is_empty() => format!("{ty}: {value}"),
            (Some(ty), _) => ty.to_string(),
            (None, Some(value)) => value.to_string(),
            (None, None) => "Error".to_string(),
        },
        None => event
            .message
            .clone()
            .unwrap_or_else(|| "(no message)".to_string()),
    }
}

/// `send_welcome at /demo/app.js:12` for the crashing in-app frame (else the crashing
/// frame): the function alone when there is no file, the file alone when the function is
/// anonymous, and `(unknown function)` when the frame has neither. Never a dangling `at`.
pub fn culprit_of(event: &Event) -> Option<String> {
    let frames = &event.primary_exception()?.stacktrace.as_ref()?.frames;
    let frame = frames
        .iter()
        .rev()
        .find(|f| f.in_app == Some(true))
        .or(frames.last())?;
    let function = frame.function.as_deref().filter(|f| !f.is_empty());
    let file = frame.filename.as_deref().filter(|f| !f.is_empty());
    let place = file.map(|file| match frame.lineno {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    });
    Some(match (function, place) {
        (Some(function), Some(place)) => format!("{function} at {place}"),
        (Some(function), None) => function.to_string(),
        (None, Some(place)) => format!("(anonymous) at {place}"),
        (None, None) => "(unknown function)".to_string(),
    })
}

/// A new issue's fields from its first event and grouping (counts are set by the lifecycle).
pub(crate) fn fresh(id: IssueId, grouping: &Grouping, event: &Event) -> Issue {
    Issue {
        id,
        fingerprint: grouping.fingerprint.clone(),
        grouping_config: grouping.config.clone(),
        // A fingerprint rule's `title="…"` names the issue.
        title: grouping.title.clone().unwrap_or_else(|| title_of(event)),
        culprit: culprit_of(event),
        error_type: event.primary_exception().and_then(|e| e.ty.clone()),
        level: event.level,
        status: Status::Unresolved,
        substatus: Substatus::New,
        status_changed: event.timestamp,
        resolved_at: None,
        count: 0,
        user_count: 0,
        first_seen: event.timestamp,
        last_seen: event.timestamp,
        first_release: event.release.clone(),
        last_release: event.release.clone(),
        releases: event.release.iter().cloned().collect(),
        environments: event.environment.iter().cloned().collect(),
        assignee: None,
        notes: 0,
        aliases: Vec::new(),
        parts: Vec::new(),
        routes: Vec::new(),
        tallied: None,
    }
}

#[cfg(test)]
mod tests;
