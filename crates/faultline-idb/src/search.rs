//! Search: the viewer's query language over the stored issues, shared by the viewer and
//! the capture package's `listIssues`.

use faultline_core::{Filter, Issue, IssueSearch, ParseQueryError, Query, Timestamp, UserFilter};

/// Issues found by a search.
#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    /// The first `limit` matches, in the query's order (`sort:`, default last seen).
    pub issues: Vec<Issue>,
    /// How many issues matched in all.
    pub total: usize,
    /// Parts of the text that were not understood (searched as free text instead).
    pub errors: Vec<ParseQueryError>,
}

/// The distinct-user keys a query's `user:` terms may name.
pub(crate) fn user_keys(query: &Query) -> Vec<String> {
    let mut keys = Vec::new();
    for term in &query.terms {
        match &term.filter {
            Filter::User(UserFilter::Key(key)) => keys.push(key.clone()),
            Filter::User(UserFilter::Any(value)) => {
                keys.extend(["id", "email", "username", "ip"].map(|f| format!("{f}:{value}")));
            }
            _ => {}
        }
    }
    keys
}

/// An issue as search sees it, for sorting (no user lookups needed).
pub(crate) fn plain(issue: &Issue, now: Timestamp) -> IssueSearch<'_, fn(&str) -> bool> {
    IssueSearch {
        issue,
        now,
        has_user: |_| false,
    }
}
