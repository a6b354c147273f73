//! Search through the facade (`search.rs`).

use crate::error::Error;
use crate::fixed_hash::{HashMap, HashSet};
use crate::search::{plain, user_keys, SearchResult};
use crate::store::Store;
use faultline_core::{matches, Issue, IssueId, IssueSearch, Query, Timestamp};

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
        // Users are stored per part: a merged issue has a user when any part has.
        let view = |issue: &Issue, key: &str| {
            users
                .get(key)
                .is_some_and(|ids| issue.tallies().iter().any(|t| ids.contains(t)))
        };
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
