//! Merge, unmerge and regroup through the facade (the transactions' work is in
//! `merge.rs` and `regroup.rs`), and what a regroup reads: what the recorder groups by,
//! and each stored body with its part. The in-memory stand-in answers
//! [`Error::Unavailable`] for merges and regroups, as it does for import.

#[cfg(feature = "decode")]
use faultline_core::{default_fingerprint, fingerprint_with, outdated, plan_regroup, Fingerprint};
use faultline_core::{FingerprintRules, Issue, IssueId, RegroupPlan, Timestamp, GROUPING_CONFIG};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransaction, IdbTransactionMode};

use crate::config::Grouping;
use crate::error::{Error, JsError};
use crate::event_record::event_body;
use crate::js_write::get_num;
use crate::merge::{merge_in, unmerge_in, write_activity};
use crate::regroup::{last_regroup, regroup_in, undo_in, Applied};
use crate::request::request;
use crate::retention::issue_events_range;
use crate::schema::{ACTIVITY, BY_ISSUE_TIME, EVENTS, ISSUES, META, SEARCH, TALLIES};
use crate::search_index::reindex;
use crate::store::Store;
use crate::transaction::{finish, transaction};
use crate::{broadcast, meta};

/// What a regroup did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegroupReport {
    /// Issues merged: the primary and the parts merged into it, by their own ids.
    pub merged: Vec<(IssueId, Vec<IssueId>)>,
    /// Fingerprints added for later events to land on their issue.
    pub aliases: usize,
    /// Parts marked as grouped by the current config.
    pub regrouped: usize,
}

/// The stores a merge, unmerge or regroup reads and writes (tallies are read).
const STORES: [&str; 6] = [ISSUES, EVENTS, TALLIES, ACTIVITY, META, SEARCH];

impl Store {
    fn steering_db(&self) -> Result<&IdbDatabase, Error> {
        self.backend_db().ok_or(Error::Unavailable)
    }

    /// Runs `work` in one readwrite transaction over the stores a merge writes; a
    /// refusal (core's, or a missing issue) says why in [`Error::refusal`].
    async fn steer<T, F>(&self, operation: &'static str, work: F) -> Result<T, Error>
    where
        F: AsyncFnOnce(&IdbTransaction) -> Result<T, JsError>,
    {
        let tx = transaction(
            self.steering_db()?,
            &STORES,
            IdbTransactionMode::Readwrite,
            operation,
        )?;
        let body = work(&tx).await;
        finish(&tx, body, operation).await
    }

    /// Merges `others` into `primary` in one transaction: the merged issue keeps the
    /// primary's id, title and status, and its counts are all of theirs (users united);
    /// every fingerprint of theirs leads to it from now on; the history says so. Only
    /// these issues are merged, never a search's results. Returns the merged issue.
    pub async fn merge(
        &self,
        primary: IssueId,
        others: &[IssueId],
        now: Timestamp,
    ) -> Result<Issue, Error> {
        let merged = self
            .steer("merging issues", async |tx| {
                let merged = merge_in(tx, primary, others, now).await?;
                write_activity(tx, &merged.activity)?;
                let mut touched = vec![merged.issue.issue.id];
                touched.extend(&merged.removed);
                reindex(tx, &touched).await?;
                Ok(merged)
            })
            .await?;
        let mut touched = vec![merged.issue.issue.id];
        touched.extend(&merged.removed);
        broadcast::announce(self.channel(), "merged", &touched);
        Ok(merged.issue.issue)
    }

    /// Unmerges part `part` (an issue merged into `issue`, by its own id) in one
    /// transaction: it stands alone again with its exact counts and its bodies, and its
    /// fingerprints lead to it from now on. Returns the restored issue.
    pub async fn unmerge(
        &self,
        issue: IssueId,
        part: IssueId,
        now: Timestamp,
    ) -> Result<Issue, Error> {
        let unmerged = self
            .steer("unmerging an issue", async |tx| {
                let unmerged = unmerge_in(tx, issue, part, now).await?;
                reindex(tx, &[issue, part]).await?;
                Ok(unmerged)
            })
            .await?;
        broadcast::announce(self.channel(), "unmerged", &[issue, part]);
        Ok(unmerged.restored.issue)
    }

    /// Applies a regroup plan in one transaction (see `regroup.rs`); it can be undone
    /// with [`Store::undo_regroup`].
    pub async fn regroup(
        &self,
        plan: &RegroupPlan,
        now: Timestamp,
    ) -> Result<RegroupReport, Error> {
        let applied = self
            .steer("regrouping issues", async |tx| {
                let applied = regroup_in(tx, plan, now).await?;
                reindex(tx, &regrouped(&applied)).await?;
                Ok(applied)
            })
            .await?;
        let touched = regrouped(&applied);
        broadcast::announce(self.channel(), "regrouped", &touched);
        Ok(RegroupReport {
            merged: applied.merges,
            aliases: applied.aliases.len(),
            regrouped: applied.configs.len(),
        })
    }

    /// What the recorder groups by now: its config and parsed rules (the defaults when it
    /// never said, or when its rules no longer parse).
    pub async fn grouping_now(&self) -> Result<(String, FingerprintRules), Error> {
        Ok(match self.grouping().await? {
            Some(g) => match FingerprintRules::parse(&g.rules) {
                Ok(rules) if !rules.is_empty() => (rules.config().to_string(), rules),
                _ => (g.config, FingerprintRules::default()),
            },
            None => (GROUPING_CONFIG.to_string(), FingerprintRules::default()),
        })
    }

    /// Regroups every part grouped by another config than the recorder's now: each of
    /// its stored events gets its fingerprint recomputed with the recorder's rules, core
    /// plans ([`plan_regroup`]) and one transaction applies the plan. `None` when every
    /// issue is grouped by the current rules already.
    #[cfg(feature = "decode")]
    pub async fn regroup_outdated(
        &self,
        now: Timestamp,
    ) -> Result<Option<(RegroupPlan, RegroupReport)>, Error> {
        let (config, rules) = self.grouping_now().await?;
        let issues = self.all_issues().await?;
        let stale = outdated(&issues, &config);
        let mut observed: Vec<(IssueId, Fingerprint)> = Vec::new();
        for issue in issues
            .iter()
            .filter(|i| i.tallies().iter().any(|t| stale.contains(t)))
        {
            for (part, body) in self.bodies_by_part(issue.id).await? {
                if !stale.contains(&part) {
                    continue;
                }
                // An event that no longer decodes tells nothing about its grouping.
                let Ok(event) = crate::decode_event(&body) else {
                    continue;
                };
                let grouping = if rules.is_empty() {
                    default_fingerprint(&event)
                } else {
                    fingerprint_with(&event, &rules)
                };
                observed.push((part, grouping.fingerprint));
            }
        }
        let plan = plan_regroup(&issues, observed, &config);
        if plan.is_empty() {
            return Ok(None);
        }
        let report = self.regroup(&plan, now).await?;
        Ok(Some((plan, report)))
    }

    /// Undoes the last regroup in one transaction: what it merged is unmerged, the
    /// fingerprints it added are removed, every part gets its old config back. Returns
    /// the issues touched.
    pub async fn undo_regroup(&self, now: Timestamp) -> Result<Vec<IssueId>, Error> {
        let touched = self
            .steer("undoing the regroup", async |tx| {
                let touched = undo_in(tx, now).await?;
                reindex(tx, &touched).await?;
                Ok(touched)
            })
            .await?;
        broadcast::announce(self.channel(), "regrouped", &touched);
        Ok(touched)
    }

    /// Whether there is a regroup to undo.
    pub async fn can_undo_regroup(&self) -> Result<bool, Error> {
        const OP: &str = "reading the last regroup";
        let Some(db) = self.backend_db() else {
            return Ok(false);
        };
        let tx = transaction(db, &[META], IdbTransactionMode::Readonly, OP)?;
        let body = async { last_regroup(&tx.object_store(META)?).await }.await;
        finish(&tx, body, OP).await
    }

    /// What the recorder groups by (its grouping config and rules), as it last wrote.
    pub async fn grouping(&self) -> Result<Option<Grouping>, Error> {
        const OP: &str = "reading the grouping";
        let Some(db) = self.backend_db() else {
            return Ok(None);
        };
        let tx = transaction(db, &[META], IdbTransactionMode::Readonly, OP)?;
        let body = async { meta::grouping(&tx.object_store(META)?).await }.await;
        finish(&tx, body, OP).await
    }

    /// Every stored body of `issue` with the part it belongs to (its own id for a
    /// plain issue), oldest first: what a regroup recomputes fingerprints from.
    pub async fn bodies_by_part(&self, issue: IssueId) -> Result<Vec<(IssueId, JsValue)>, Error> {
        const OP: &str = "reading stored events";
        let db = self.steering_db()?;
        let tx = transaction(db, &[EVENTS], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let index = tx.object_store(EVENTS)?.index(BY_ISSUE_TIME)?;
            let range: JsValue = issue_events_range(issue)?.into();
            let all = request(&index.get_all_with_key(&range)?).await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|record| {
                    let part = get_num(&record, "part").map_or(issue, |n| IssueId(n as u64));
                    Some((part, event_body(&record)?))
                })
                .collect::<Vec<_>>())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// The issue that issue `id` was merged into, if it was (a link to follow).
    pub async fn merged_into(&self, id: IssueId) -> Result<Option<IssueId>, Error> {
        let all = self.all_issues().await?;
        Ok(all
            .iter()
            .find(|issue| issue.id != id && issue.part(id).is_some())
            .map(|issue| issue.id))
    }
}

/// The issues a regroup changed: each regrouped part's issue, each primary and every
/// issue merged into one.
fn regrouped(applied: &Applied) -> Vec<IssueId> {
    let mut touched: Vec<IssueId> = applied.configs.iter().map(|c| c.1).collect();
    for (primary, parts) in &applied.merges {
        touched.push(*primary);
        touched.extend(parts);
    }
    faultline_core::heapsort(&mut touched);
    touched.dedup();
    touched
}
