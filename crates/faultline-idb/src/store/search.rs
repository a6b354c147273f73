//! Search through the facade (`search.rs`), answered from the search index
//! (`search_index.rs`): every issue's entry is read in a few requests, full issues only
//! for what is returned.

use faultline_core::{
    heapsort, heapsort_by, matches, search_chunk_of, IndexedIssues, Issue, IssueId, IssueSearch,
    Query, Timestamp,
};
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::error::{Error, JsError};
use crate::fixed_hash::{HashMap, HashSet};
use crate::issue_record::issue_from_record;
use crate::request::pending;
use crate::schema::{ISSUES, SEARCH};
use crate::search::{plain, user_keys, SearchResult};
use crate::search_index::{parse_texts, read_index, start_chunk_reads};
use crate::store::Store;
use crate::transaction::{finish, transaction};

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
            .issue_index()
            .await?
            .issues
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
        // The index is in id order; ties keep it, as a stable sort would.
        heapsort_by(&mut found, |a, b| {
            sort.compare(&plain(a, now), &plain(b, now))
                .then(a.id.cmp(&b.id))
        });
        let total = found.len();
        found.truncate(limit);
        let ids: Vec<IssueId> = found.iter().map(|i| i.id).collect();
        Ok(SearchResult {
            issues: self.issues_by_id(&ids).await?,
            total,
            errors,
        })
    }

    /// Every issue as the search index has it (without fingerprint and grouping config),
    /// in id order: a few records read, whatever the number of issues.
    pub async fn issue_index(&self) -> Result<IndexedIssues, Error> {
        const OP: &str = "reading the search index";
        if let Some(m) = self.backend_memory() {
            let mut issues = m.borrow().all_issues();
            heapsort_by(&mut issues, |a, b| a.id.cmp(&b.id));
            return Ok(IndexedIssues {
                issues,
                unreadable: 0,
            });
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[SEARCH], IdbTransactionMode::Readonly, OP)?;
        let body = async { read_index(&tx.object_store(SEARCH)?).await }.await;
        finish(&tx, body, OP).await
    }

    /// The search index's entries of `ids` (those it has), reading only their chunks: to
    /// refresh what changed in an index read before.
    pub async fn indexed_issues(&self, ids: &[IssueId]) -> Result<Vec<Issue>, Error> {
        const OP: &str = "reading the search index";
        let wanted: HashSet<IssueId> = ids.iter().copied().collect();
        if let Some(m) = self.backend_memory() {
            let m = m.borrow();
            return Ok(ids.iter().filter_map(|id| m.issue(*id)).collect());
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[SEARCH], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let chunks = search_chunks_of_ids(ids);
            let reads = start_chunk_reads(&tx.object_store(SEARCH)?, &chunks)?;
            let texts = reads.texts().await?;
            let index = parse_texts(texts.into_iter().map(|(_, t)| JsValue::from_str(&t)));
            Ok(index
                .issues
                .into_iter()
                .filter(|i| wanted.contains(&i.id))
                .collect())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// The issues `ids` that exist, in that order (their gets issued together).
    pub async fn issues_by_id(&self, ids: &[IssueId]) -> Result<Vec<Issue>, Error> {
        const OP: &str = "reading issues";
        if let Some(m) = self.backend_memory() {
            let m = m.borrow();
            return Ok(ids.iter().filter_map(|id| m.issue(*id)).collect());
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ISSUES], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let store = tx.object_store(ISSUES)?;
            let reads = ids
                .iter()
                .map(|id| Ok(pending(store.get(&JsValue::from_f64(id.0 as f64))?)))
                .collect::<Result<Vec<_>, JsError>>()?;
            let mut issues = Vec::with_capacity(reads.len());
            for read in reads {
                if let Ok((issue, _)) = issue_from_record(&read.result().await?) {
                    issues.push(issue);
                }
            }
            Ok(issues)
        }
        .await;
        finish(&tx, body, OP).await
    }
}

/// The chunks holding `ids`, each once.
fn search_chunks_of_ids(ids: &[IssueId]) -> Vec<u64> {
    let mut chunks: Vec<u64> = ids.iter().map(|id| search_chunk_of(*id)).collect();
    heapsort(&mut chunks);
    chunks.dedup();
    chunks
}
