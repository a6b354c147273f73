//! What a read asks for and what it returns: sort orders, cursors, pages, totals.

use faultline_core::{Issue, IssueId};
use wasm_bindgen::JsValue;

use crate::schema;

/// The order of the issue stream (always descending: latest, most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Most recently seen first.
    #[default]
    LastSeen,
    /// Most recently opened first.
    FirstSeen,
    /// Most events first.
    Events,
    /// Most users first.
    Users,
}

impl SortBy {
    /// The record field (and index) this order sorts by.
    pub(crate) fn key(self) -> &'static str {
        schema::SORT_KEYS[self as usize]
    }

    /// The sort value of `issue`.
    pub fn value(self, issue: &Issue) -> f64 {
        match self {
            SortBy::LastSeen => issue.last_seen.as_millis() as f64,
            SortBy::FirstSeen => issue.first_seen.as_millis() as f64,
            SortBy::Events => issue.count as f64,
            SortBy::Users => issue.user_count as f64,
        }
    }
}

/// Where a page of issues ends: the last item's sort value and id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssueCursor {
    /// The sort value.
    pub key: f64,
    /// The issue (ties are ordered by id, descending).
    pub id: IssueId,
}

/// A page of issues.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssuePage {
    /// The issues, in order.
    pub issues: Vec<Issue>,
    /// Where the next page starts, when there may be one.
    pub next: Option<IssueCursor>,
}

/// Which issues and in what order.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueQuery {
    /// Only issues with this status name (`unresolved`, `resolved`, `ignored`); all when `None`.
    pub status: Option<String>,
    /// The order.
    pub sort: SortBy,
    /// Start after this issue.
    pub after: Option<IssueCursor>,
    /// Page size.
    pub limit: u32,
}

impl Default for IssueQuery {
    fn default() -> Self {
        IssueQuery {
            status: None,
            sort: SortBy::LastSeen,
            after: None,
            limit: 50,
        }
    }
}

/// Where a page of events ends.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCursor {
    /// The last event's time (ms).
    pub ts: f64,
    /// Its id.
    pub id: String,
}

/// A page of an issue's events, newest first, as Sentry-shaped JS objects.
#[derive(Debug, Clone, Default)]
pub struct EventPage {
    /// The events.
    pub events: Vec<JsValue>,
    /// Where the next page starts, when there may be one.
    pub next: Option<EventCursor>,
}

/// Storage totals and drop counters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Issues stored.
    pub issues: u64,
    /// Event bodies stored.
    pub events: u64,
    /// Their bytes.
    pub bytes: u64,
    /// What was dropped, by reason.
    pub drops: Vec<(String, u64)>,
}
