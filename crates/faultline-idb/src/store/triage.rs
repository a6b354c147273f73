//! Triage through the facade: status changes with their history (`triage.rs`), notes and
//! the assignee.

use crate::activity::record_from_activity;
use crate::error::Error;
use crate::issue_record::{issue_from_record, record_from_issue};
use crate::record::data_error;
use crate::request::{pending, request};
use crate::schema::{ACTIVITY, ISSUES, SEARCH};
use crate::search_index::update_index;
use crate::store::Store;
use crate::transaction::{finish, transaction};
use crate::triage::Triage;
use faultline_core::{Activity, Issue, IssueId, Timestamp};
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

impl Store {
    /// Applies `action` to each of `issues` (missing ids are skipped) in one transaction;
    /// returns the activity entries written.
    pub async fn triage(
        &self,
        issues: &[IssueId],
        action: Triage,
        now: Timestamp,
    ) -> Result<Vec<Activity>, Error> {
        const OP: &str = "changing issue status";
        let activity = if let Some(m) = self.backend_memory() {
            m.borrow_mut().triage(issues, action, now)
        } else {
            let db = self.backend_db().ok_or(Error::Unavailable)?;
            let stores = [ISSUES, ACTIVITY, SEARCH];
            let tx = transaction(db, &stores, IdbTransactionMode::Readwrite, OP)?;
            let body = async {
                let store = tx.object_store(ISSUES)?;
                let log = tx.object_store(ACTIVITY)?;
                let reads = issues
                    .iter()
                    .map(|id| Ok(pending(store.get(&JsValue::from_f64(id.0 as f64))?)))
                    .collect::<Result<Vec<_>, crate::error::JsError>>()?;
                let mut written = Vec::new();
                let mut changed = Vec::new();
                for read in reads {
                    let Ok((mut issue, stored)) = issue_from_record(&read.result().await?) else {
                        continue;
                    };
                    let activity = action.apply(&mut issue, now);
                    store.put(&record_from_issue(&issue, stored))?;
                    log.put(&record_from_activity(&activity))?;
                    written.push(activity);
                    changed.push(issue);
                }
                update_index(&tx.object_store(SEARCH)?, &changed).await?;
                Ok(written)
            }
            .await;
            finish(&tx, body, OP).await?
        };
        let ids: Vec<IssueId> = activity.iter().map(|a| a.issue).collect();
        crate::broadcast::announce(self.channel(), "triaged", &ids);
        Ok(activity)
    }
}

/// A change to one issue: applied to it, its history entry returned (`None`: nothing to
/// write), or why not.
type Change<'a> = &'a dyn Fn(&mut Issue) -> Result<Option<Activity>, String>;

impl Store {
    /// Adds a note to `issue` (free text, shown as text with its time); returns its
    /// history entry.
    pub async fn add_note(
        &self,
        issue: IssueId,
        text: &str,
        now: Timestamp,
    ) -> Result<Activity, Error> {
        let change = |i: &mut Issue| i.add_note(text, now).map(Some).map_err(|e| e.to_string());
        let written = self.change_issue(issue, "adding a note", &change).await?;
        written.ok_or_else(|| Error::refused("adding a note", "nothing to add"))
    }

    /// Assigns `issue` to `to` (a name or an email), or unassigns it (`None` or empty);
    /// returns the history entry, `None` when nothing changed.
    pub async fn assign(
        &self,
        issue: IssueId,
        to: Option<&str>,
        now: Timestamp,
    ) -> Result<Option<Activity>, Error> {
        let change = |i: &mut Issue| Ok(i.assign(to, now));
        self.change_issue(issue, "assigning an issue", &change)
            .await
    }

    /// Applies `change` to one issue and writes its history entry, in one transaction.
    async fn change_issue(
        &self,
        id: IssueId,
        operation: &'static str,
        change: Change<'_>,
    ) -> Result<Option<Activity>, Error> {
        let refused = |reason: String| Error::refused(operation, reason);
        let missing = || refused(format!("there is no issue {}", id.short_id()));
        let written = if let Some(m) = self.backend_memory() {
            m.borrow_mut()
                .change_issue(id, change)
                .ok_or_else(missing)?
                .map_err(refused)?
        } else {
            let db = self.backend_db().ok_or(Error::Unavailable)?;
            let tx = transaction(
                db,
                &[ISSUES, ACTIVITY, SEARCH],
                IdbTransactionMode::Readwrite,
                operation,
            )?;
            let body = async {
                let store = tx.object_store(ISSUES)?;
                let record = request(&store.get(&JsValue::from_f64(id.0 as f64))?).await?;
                if record.is_undefined() {
                    return Ok(Err(missing()));
                }
                let (mut issue, stored) = issue_from_record(&record).map_err(data_error)?;
                let activity = match change(&mut issue) {
                    Ok(activity) => activity,
                    Err(reason) => return Ok(Err(refused(reason))),
                };
                if let Some(activity) = &activity {
                    store.put(&record_from_issue(&issue, stored))?;
                    tx.object_store(ACTIVITY)?
                        .put(&record_from_activity(activity))?;
                    update_index(&tx.object_store(SEARCH)?, [&issue]).await?;
                }
                Ok(Ok(activity))
            }
            .await;
            finish(&tx, body, operation).await??
        };
        if written.is_some() {
            crate::broadcast::announce(self.channel(), "changed", &[id]);
        }
        Ok(written)
    }
}
