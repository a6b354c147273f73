//! The viewer's search language, after Sentry's issue search:
//! `is:unresolved level:error release:1.2 error.type:TypeError user:42 firstSeen:-24h
//! assigned:ada is:unassigned has:notes "quoted phrase" !environment:staging sort:freq`.
//!
//! Terms are ANDed; `!` negates one. [`Query::parse`] is strict (the first mistake is an
//! error with its position); [`Query::parse_lenient`] is for a search box being typed in:
//! unknown keys and bad values become free text, and each is reported. The matcher works
//! on the small [`IssueView`] trait, not on the issue type, so the lifecycle can change
//! without touching search.

mod parse;

use std::cmp::Ordering;
use std::fmt;

use crate::bytes::contains_ignoring_ascii_case;
use crate::{Level, Timestamp};

/// An issue's triage state, as search sees it. "Resolved in next release" is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStatus {
    /// Open.
    Unresolved,
    /// Resolved, now or in the next release.
    Resolved,
    /// Ignored (archived), with or without a condition.
    Ignored,
}

/// The sub-state search can ask for with `is:new` and `is:regressed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuerySubstatus {
    /// Neither new nor regressed.
    Ongoing,
    /// Opened recently.
    New,
    /// Came back after being resolved.
    Regressed,
}

/// What search needs to know about an issue. Sets (releases, environments, users) are
/// asked by membership so the caller keeps them however it likes.
pub trait IssueView {
    /// Triage state.
    fn status(&self) -> QueryStatus;
    /// New, regressed or ongoing.
    fn substatus(&self) -> QuerySubstatus;
    /// Severity.
    fn level(&self) -> Level;
    /// `TypeError: x is null`.
    fn title(&self) -> &str;
    /// `send_welcome at /app.js:12`.
    fn culprit(&self) -> Option<&str>;
    /// The primary exception's type.
    fn error_type(&self) -> Option<&str>;
    /// Whether an event of the issue came from `release`.
    fn has_release(&self, release: &str) -> bool;
    /// Whether an event of the issue came from `environment`.
    fn has_environment(&self, environment: &str) -> bool;
    /// Whether the user with distinct key `key` (`id:42`, see [`crate::User::distinct_key`])
    /// hit the issue.
    fn has_user(&self, key: &str) -> bool;
    /// First event.
    fn first_seen(&self) -> Timestamp;
    /// Latest event.
    fn last_seen(&self) -> Timestamp;
    /// Events.
    fn count(&self) -> u64;
    /// Distinct users.
    fn user_count(&self) -> u64;
    /// Who it is assigned to (a name or an email, free text).
    fn assignee(&self) -> Option<&str>;
    /// How many notes it has.
    fn notes(&self) -> u64;
}

/// A parsed search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// All must hold.
    pub terms: Vec<Term>,
    /// `sort:…`, when given.
    pub sort: Option<SortKey>,
}

/// One condition, possibly negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Written with a leading `!`.
    pub negated: bool,
    /// The condition.
    pub filter: Filter,
}

/// One condition on an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `is:unresolved`, `is:resolved`, `is:ignored`.
    Status(QueryStatus),
    /// `is:new`, `is:regressed`.
    QuerySubstatus(QuerySubstatus),
    /// `level:error`.
    Level(Level),
    /// `release:1.2`.
    Release(String),
    /// `environment:prod`.
    Environment(String),
    /// `error.type:TypeError`.
    ErrorType(String),
    /// `user:42` (any of id, email, username, ip) or `user.email:a@b.c` (one of them).
    User(UserFilter),
    /// `firstSeen:-24h`.
    FirstSeen(TimeFilter),
    /// `lastSeen:+7d`.
    LastSeen(TimeFilter),
    /// `assigned:ada@example.com`, `is:assigned`, `is:unassigned`.
    Assigned(AssigneeFilter),
    /// `has:notes`.
    HasNotes,
    /// Free text or a quoted phrase: a case-insensitive substring of title or culprit.
    Text(String),
}

/// Which users `user:` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserFilter {
    /// A value that may be any of id, email, username or ip: `user:42`.
    Any(String),
    /// One distinct-user key: `user.id:42` or `user:id:42` is `id:42`.
    Key(String),
}

/// Which assignee `assigned:` and `is:[un]assigned` ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// `is:assigned`: anyone.
    Anyone,
    /// `is:unassigned`: no one.
    Nobody,
    /// `assigned:NAME`: this name or email, ignoring case.
    Named(String),
}

/// A condition on a time; relative ones are resolved against `now` when matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFilter {
    /// `-24h`: at or after `now` minus this many milliseconds.
    Within(i64),
    /// `+7d`: at or before `now` minus this many milliseconds.
    OlderThan(i64),
    /// `>2026-11-01T12:00:00Z`, `<=2026-11-01`, ...
    Compare(Comparison, Timestamp),
    /// `2026-11-01`: during that UTC day.
    Day(Timestamp),
}

/// `>`, `>=`, `<`, `<=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// After.
    Gt,
    /// At or after.
    Ge,
    /// Before.
    Lt,
    /// At or before.
    Le,
}

/// How the issue list is ordered: `sort:date|new|freq|user`, largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Last seen, latest first (the default).
    #[default]
    Date,
    /// First seen, latest first.
    New,
    /// Event count.
    Freq,
    /// Distinct users.
    User,
}

/// A mistake in a search, with the byte offset where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseQueryError {
    /// Byte offset into the search text.
    pub position: usize,
    /// What is wrong, for people.
    pub message: String,
}

impl fmt::Display for ParseQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.position, self.message)
    }
}

impl std::error::Error for ParseQueryError {}

const MS_PER_DAY: i64 = 86_400_000;

impl Query {
    /// Parses a search strictly: the first mistake is an error.
    pub fn parse(text: &str) -> Result<Query, ParseQueryError> {
        parse::parse(text, true).map(|(query, _)| query)
    }

    /// Parses a search as typed: never fails. Unknown keys and bad values become free
    /// text, an unclosed quote runs to the end, an empty value is skipped; each such
    /// repair is reported.
    pub fn parse_lenient(text: &str) -> (Query, Vec<ParseQueryError>) {
        // Lenient parsing reports instead of failing, so this is always `Ok`.
        parse::parse(text, false).unwrap_or_else(|e| (Query::default(), vec![e]))
    }

    /// The sort asked for, or the default.
    pub fn sort_key(&self) -> SortKey {
        self.sort.unwrap_or_default()
    }
}

/// Whether `issue` satisfies every term of `query`, with relative times taken from `now`.
pub fn matches(query: &Query, issue: &impl IssueView, now: Timestamp) -> bool {
    query
        .terms
        .iter()
        .all(|term| filter_matches(&term.filter, issue, now) != term.negated)
}

fn filter_matches(filter: &Filter, issue: &impl IssueView, now: Timestamp) -> bool {
    match filter {
        Filter::Status(status) => issue.status() == *status,
        Filter::QuerySubstatus(sub) => issue.substatus() == *sub,
        Filter::Level(level) => issue.level() == *level,
        Filter::Release(release) => issue.has_release(release),
        Filter::Environment(env) => issue.has_environment(env),
        Filter::ErrorType(ty) => issue.error_type() == Some(ty.as_str()),
        Filter::User(UserFilter::Key(key)) => issue.has_user(key),
        Filter::User(UserFilter::Any(value)) => ["id", "email", "username", "ip"]
            .iter()
            .any(|field| issue.has_user(&format!("{field}:{value}"))),
        Filter::Assigned(AssigneeFilter::Anyone) => issue.assignee().is_some(),
        Filter::Assigned(AssigneeFilter::Nobody) => issue.assignee().is_none(),
        Filter::Assigned(AssigneeFilter::Named(name)) => issue
            .assignee()
            .is_some_and(|a| a.trim().to_lowercase() == name.trim().to_lowercase()),
        Filter::HasNotes => issue.notes() > 0,
        Filter::FirstSeen(time) => time_matches(*time, issue.first_seen(), now),
        Filter::LastSeen(time) => time_matches(*time, issue.last_seen(), now),
        Filter::Text(text) => {
            let found = |hay: &str| contains_ignoring_case(hay, text);
            found(issue.title()) || issue.culprit().is_some_and(found)
        }
    }
}

/// Whether `hay` contains `needle`, ignoring case. ASCII text (most titles) is compared in
/// place: a search runs this for every issue's title and culprit, and a lowercase copy of
/// each cost the viewer 9 ms over 10,000 issues. Other text goes through Unicode's
/// lowercase, as before.
pub(crate) fn contains_ignoring_case(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        return contains_ignoring_ascii_case(hay.as_bytes(), needle.as_bytes());
    }
    hay.to_lowercase().contains(&needle.to_lowercase())
}

fn time_matches(filter: TimeFilter, at: Timestamp, now: Timestamp) -> bool {
    match filter {
        TimeFilter::Within(ms) => at >= now.plus_millis(ms.saturating_neg()),
        TimeFilter::OlderThan(ms) => at <= now.plus_millis(ms.saturating_neg()),
        TimeFilter::Compare(Comparison::Gt, t) => at > t,
        TimeFilter::Compare(Comparison::Ge, t) => at >= t,
        TimeFilter::Compare(Comparison::Lt, t) => at < t,
        TimeFilter::Compare(Comparison::Le, t) => at <= t,
        TimeFilter::Day(start) => at >= start && at < start.plus_millis(MS_PER_DAY),
    }
}

impl SortKey {
    /// The wire name: `date`, `new`, `freq`, `user`.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::New => "new",
            SortKey::Freq => "freq",
            SortKey::User => "user",
        }
    }

    /// The sort named `s`.
    pub fn parse(s: &str) -> Option<SortKey> {
        Some(match s.to_ascii_lowercase().as_str() {
            "date" => SortKey::Date,
            "new" => SortKey::New,
            "freq" => SortKey::Freq,
            "user" => SortKey::User,
            _ => return None,
        })
    }

    /// Orders `a` before `b` when its key is larger; ties go to the latest seen.
    /// Use with `sort_by(|a, b| key.compare(a, b))`.
    pub fn compare<V: IssueView>(self, a: &V, b: &V) -> Ordering {
        let primary = match self {
            SortKey::Date => b.last_seen().cmp(&a.last_seen()),
            SortKey::New => b.first_seen().cmp(&a.first_seen()),
            SortKey::Freq => b.count().cmp(&a.count()),
            SortKey::User => b.user_count().cmp(&a.user_count()),
        };
        primary.then_with(|| b.last_seen().cmp(&a.last_seen()))
    }
}

/// An [`Issue`](crate::Issue) as search sees it: its own fields, plus a lookup of whether a
/// user (by distinct key) hit it, which only storage can answer.
pub struct IssueSearch<'a, F: Fn(&str) -> bool> {
    /// The issue.
    pub issue: &'a crate::Issue,
    /// As of when (`is:new` and expired ignores depend on it).
    pub now: Timestamp,
    /// Whether the user with this distinct key hit the issue.
    pub has_user: F,
}

impl<F: Fn(&str) -> bool> IssueView for IssueSearch<'_, F> {
    fn status(&self) -> QueryStatus {
        match self.issue.status_name_at(self.now) {
            "resolved" => QueryStatus::Resolved,
            "ignored" => QueryStatus::Ignored,
            _ => QueryStatus::Unresolved,
        }
    }

    fn substatus(&self) -> QuerySubstatus {
        match self.issue.substatus_at(self.now) {
            crate::Substatus::New => QuerySubstatus::New,
            crate::Substatus::Regressed => QuerySubstatus::Regressed,
            _ => QuerySubstatus::Ongoing,
        }
    }

    fn level(&self) -> Level {
        self.issue.level
    }

    fn title(&self) -> &str {
        &self.issue.title
    }

    fn culprit(&self) -> Option<&str> {
        self.issue.culprit.as_deref()
    }

    fn error_type(&self) -> Option<&str> {
        self.issue.error_type.as_deref()
    }

    fn has_release(&self, release: &str) -> bool {
        self.issue.releases.iter().any(|r| r == release)
    }

    fn has_environment(&self, environment: &str) -> bool {
        self.issue.environments.iter().any(|e| e == environment)
    }

    fn has_user(&self, key: &str) -> bool {
        (self.has_user)(key)
    }

    fn first_seen(&self) -> Timestamp {
        self.issue.first_seen
    }

    fn last_seen(&self) -> Timestamp {
        self.issue.last_seen
    }

    fn count(&self) -> u64 {
        self.issue.count
    }

    fn user_count(&self) -> u64 {
        self.issue.user_count
    }

    fn assignee(&self) -> Option<&str> {
        self.issue.assignee.as_deref()
    }

    fn notes(&self) -> u64 {
        self.issue.notes
    }
}
