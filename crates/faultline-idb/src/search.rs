//! Search: the viewer's query language over the stored issues, shared by the viewer and
//! the capture package's `listIssues`.

use crate::fixed_hash::{HashMap, HashSet};

use faultline_core::{
    matches, Filter, Issue, IssueId, IssueSearch, ParseQueryError, Query, Timestamp, UserFilter,
};

use crate::error::Error;
use crate::store::Store;

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
fn user_keys(query: &Query) -> Vec<String> {
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

impl Store {
    /// The issues matching `text` (`is:unresolved level:error release:1.2 user:42 words`)
    /// as of `now`, at most `limit` of them.
    pub async fn search(
        &self,
        text: &str,
        now: Timestamp,
        limit: usize,
    ) -> Result<SearchResult, Error> {
        let (query, errors) = Query::parse_lenient(text);
        let mut users: HashMap<String, HashSet<IssueId>> = HashMap::default();
        for key in user_keys(&query) {
            let ids = self.issues_with_user(&key).await?;
            users.insert(key, ids.into_iter().collect());
        }
        let view =
            |issue: &Issue, key: &str| users.get(key).is_some_and(|ids| ids.contains(&issue.id));
        let mut found: Vec<Issue> = self
            .all_issues()
            .await?
            .into_iter()
            .filter(|issue| {
                let search = IssueSearch {
                    issue,
                    now,
                    has_user: |key: &str| view(issue, key),
                };
                matches(&query, &search, now)
            })
            .collect();
        let sort = query.sort_key();
        found.sort_by(|a, b| sort.compare(&plain(a, now), &plain(b, now)));
        let total = found.len();
        found.truncate(limit);
        Ok(SearchResult {
            issues: found,
            total,
            errors,
        })
    }
}

/// An issue as search sees it, for sorting (no user lookups needed).
fn plain(issue: &Issue, now: Timestamp) -> IssueSearch<'_, fn(&str) -> bool> {
    IssueSearch {
        issue,
        now,
        has_user: |_| false,
    }
}
