//! Triage: resolve, ignore and reopen issues, with an activity entry for each change.

use faultline_core::{Activity, IgnoreFor, Issue, IssueId, Timestamp};
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use crate::activity::record_from_activity;
use crate::error::{Error, JsError};
use crate::issue_record::{issue_from_record, record_from_issue};
use crate::request::request;
use crate::schema::{ACTIVITY, ISSUES};
use crate::store::Store;
use crate::transaction::{finish, transaction};

/// A triage action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Triage {
    /// Fixed: any new event regresses it.
    Resolve,
    /// Fixed in the next release: only events from another release regress it.
    ResolveInNextRelease,
    /// Muted until the condition is met.
    Ignore(IgnoreFor),
    /// Open again.
    Unresolve,
}

impl Triage {
    /// Applies the action to `issue`.
    pub fn apply(self, issue: &mut Issue, now: Timestamp) -> Activity {
        match self {
            Triage::Resolve => issue.resolve(now),
            Triage::ResolveInNextRelease => issue.resolve_in_next_release(now),
            Triage::Ignore(until) => issue.ignore(until, now),
            Triage::Unresolve => issue.unresolve(now),
        }
    }
}

fn js(e: JsValue) -> JsError {
    JsError::from_js(&e)
}

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
            let tx = transaction(db, &[ISSUES, ACTIVITY], IdbTransactionMode::Readwrite, OP)?;
            let body = async {
                let store = tx.object_store(ISSUES).map_err(js)?;
                let log = tx.object_store(ACTIVITY).map_err(js)?;
                let mut written = Vec::new();
                for id in issues {
                    let record =
                        request(&store.get(&JsValue::from_f64(id.0 as f64)).map_err(js)?).await?;
                    let Ok((mut issue, stored)) = issue_from_record(&record) else {
                        continue;
                    };
                    let activity = action.apply(&mut issue, now);
                    store.put(&record_from_issue(&issue, stored)).map_err(js)?;
                    log.put(&record_from_activity(&activity)).map_err(js)?;
                    written.push(activity);
                }
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
