//! Triage through the facade: status changes with their history (`triage.rs`).

use crate::activity::record_from_activity;
use crate::error::Error;
use crate::issue_record::{issue_from_record, record_from_issue};
use crate::request::pending;
use crate::schema::{ACTIVITY, ISSUES, SEARCH};
use crate::search_index::update_index;
use crate::store::Store;
use crate::transaction::{finish, transaction};
use crate::triage::Triage;
use faultline_core::{Activity, IssueId, Timestamp};
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
