//! The stream's storage reads and writes, run from its effects.

use std::collections::HashMap;
use std::rc::Rc;

use faultline_core::{Issue, IssueId, Query, Timestamp};
use faultline_idb::{IssueCursor, IssueQuery, Store};

use super::state::{Command, Job, LoadKey, PageResult, PAGE_SIZE};
use crate::chart::{dense, Window};
use crate::reader;
use crate::search::{patch_snapshot, plan, scan, sort_by, user_keys, Plan, Snapshot, UserHits};

/// What a scan starts from: the snapshot of every issue, if one was read, and the issues
/// changed since.
pub struct Scan {
    /// Every issue's index entry, by id.
    pub snapshot: Option<Rc<Snapshot>>,
    /// Issues changed since the snapshot was read.
    pub dirty: Vec<IssueId>,
}

/// Loads the page `key` asks for: through an index when the search is a status only,
/// else by scanning every issue (the snapshot, with only what changed re-read).
pub async fn load_page(
    store: &Store,
    key: &LoadKey,
    query: &Query,
    scan: Scan,
    now: Timestamp,
) -> Result<PageResult, String> {
    match plan(query) {
        Plan::Indexed { status } => indexed_page(store, key, status).await,
        Plan::Scan => scanned_page(store, key, query, scan, now).await,
    }
}

async fn indexed_page(
    store: &Store,
    key: &LoadKey,
    status: Option<&str>,
) -> Result<PageResult, String> {
    let sort = sort_by(key.sort);
    // One more than a page tells whether a next page exists.
    let page = store
        .issues_page(&IssueQuery {
            status: status.map(str::to_string),
            sort,
            after: key.cursor,
            limit: PAGE_SIZE as u32 + 1,
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut rows = page.issues;
    let has_next = rows.len() > PAGE_SIZE;
    rows.truncate(PAGE_SIZE);
    let next = rows.last().map(|i| IssueCursor {
        key: sort.value(i),
        id: i.id,
    });
    Ok(PageResult {
        rows,
        next,
        has_next,
        total: None,
        snapshot: None,
        refreshed: Vec::new(),
    })
}

/// Every issue as the index has it: the snapshot, with the issues changed since re-read.
/// Returns it, whether it is new, and the changed issues it now covers.
async fn current(store: &Store, scan: Scan) -> Result<(Rc<Snapshot>, bool, Vec<IssueId>), String> {
    let err = |e: faultline_idb::Error| e.to_string();
    Ok(match scan.snapshot {
        Some(all) if scan.dirty.is_empty() => (all, false, Vec::new()),
        Some(all) => {
            let fresh = store.indexed_issues(&scan.dirty).await.map_err(err)?;
            let patched = patch_snapshot(&all.issues, &scan.dirty, fresh);
            (Rc::new(Snapshot::new(patched)), true, scan.dirty)
        }
        None => (
            Rc::new(Snapshot::new(
                store.issue_index().await.map_err(err)?.issues,
            )),
            true,
            Vec::new(),
        ),
    })
}

async fn scanned_page(
    store: &Store,
    key: &LoadKey,
    query: &Query,
    from: Scan,
    now: Timestamp,
) -> Result<PageResult, String> {
    let (all, fresh, refreshed) = current(store, from).await?;
    let mut users = UserHits::default();
    for user in user_keys(query) {
        let hits = store
            .issues_with_user(&user)
            .await
            .map_err(|e| e.to_string())?;
        users.add(&user, &hits);
    }
    let found = scan(&all, query, &users, key.sort, now);
    let start = key.page * PAGE_SIZE;
    let rows = found
        .iter()
        .skip(start)
        .take(PAGE_SIZE)
        .map(|&i| all.issues[i].clone())
        .collect();
    Ok(PageResult {
        rows,
        next: None,
        has_next: found.len() > start + PAGE_SIZE,
        total: Some(found.len()),
        snapshot: fresh.then_some(all),
        refreshed,
    })
}

/// Each issue's event counts over `window`, one bucket per bar (a merged issue's parts
/// added, as the rows name them).
pub async fn load_charts(
    store: &Store,
    rows: &[Rc<Issue>],
    window: Window,
    now: i64,
) -> HashMap<IssueId, Vec<u64>> {
    let (from, to) = window.range(now);
    // Charts that cannot be read are left empty; the rows still show their counts.
    let all = store
        .histograms(rows.iter().map(|issue| &**issue), window.hourly, from, to)
        .await
        .unwrap_or_default();
    all.into_iter()
        .map(|(id, sparse)| (id, dense(&sparse, from, to)))
        .collect()
}

/// Runs a command; what it did, in words.
pub async fn run_command(store: &Store, command: &Command, now: i64) -> Result<String, String> {
    let now = Timestamp(now);
    match &command.job {
        Job::Triage(triage) => store
            .triage(&command.ids, *triage, now)
            .await
            .map(|changed| crate::describe::triage_summary(triage, changed.len()))
            .map_err(|e| error_text(&e)),
        Job::Merge { primary } => {
            let others: Vec<IssueId> = command
                .ids
                .iter()
                .copied()
                .filter(|id| id != primary)
                .collect();
            reader::merge(store.name(), *primary, &others)
                .await
                .map(|()| crate::describe::merge_summary(*primary, &others))
        }
        Job::Regroup => Ok(match reader::regroup(store.name()).await? {
            Some(done) => crate::describe::regroup_summary(&done),
            None => "Every issue is grouped by the current rules already".to_string(),
        }),
        Job::UndoRegroup => reader::undo_regroup(store.name())
            .await
            .map(|touched| format!("Undid the last regroup ({touched} issues changed)")),
    }
}

/// A storage error for people: a refusal's reason alone.
pub fn error_text(error: &faultline_idb::Error) -> String {
    error
        .refusal()
        .map_or_else(|| error.to_string(), str::to_string)
}
