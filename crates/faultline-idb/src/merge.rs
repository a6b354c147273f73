//! Merge and unmerge in IndexedDB, each inside the caller's readwrite transaction: the
//! issues and every part's distinct-user keys are read, core decides
//! (`faultline_core::plan_merge`, `plan_unmerge`), and the writes follow: records of the
//! issues merged in are deleted before the merged issue is written (its fingerprints are
//! theirs, under a unique index), bodies are refiled with their part, and the history is
//! added. Users and counters stay where they are, under each part's id. A failure
//! anywhere aborts the transaction, so a merge is applied whole or not at all.
//!
//! Only IndexedDB requests are awaited in here (see `request.rs`).

use faultline_core::{
    plan_merge, plan_unmerge, IssueId, Level, MergeError, Merged, PartNow, StoredBodies,
    StoredIssue, Tally, Timestamp, Unmerged,
};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbObjectStore, IdbTransaction};

use crate::activity::record_from_activity;
use crate::error::JsError;
use crate::event_record::{event_body, event_keys};
use crate::issue_record::{parse_level, record_from_stored, stored_from_record};
use crate::js_write::{get_num, get_str, set_field};
use crate::record::data_error;
use crate::request::{pending, Pending};
use crate::retention::issue_events_range;
use crate::schema::{ACTIVITY, BY_ISSUE_TIME, EVENTS, ISSUES, TALLIES};
use crate::tally_record::tallies_from_record;

pub(crate) use crate::error::REFUSED;

/// A refusal, as the error that aborts the transaction.
pub(crate) fn refused(reason: impl std::fmt::Display) -> JsError {
    JsError {
        name: REFUSED.into(),
        message: reason.to_string(),
    }
}

impl From<MergeError> for JsError {
    fn from(error: MergeError) -> JsError {
        refused(error)
    }
}

/// Reads the issues `ids` (all issued at once); a missing one is `None`.
pub(crate) async fn read_issues(
    issues: &IdbObjectStore,
    ids: &[IssueId],
) -> Result<Vec<Option<StoredIssue>>, JsError> {
    let reads = ids
        .iter()
        .map(|id| Ok(pending(issues.get(&JsValue::from_f64(id.0 as f64))?)))
        .collect::<Result<Vec<Pending>, JsError>>()?;
    let mut found = Vec::with_capacity(reads.len());
    for read in reads {
        let record = read.result().await?;
        found.push(if record.is_undefined() {
            None
        } else {
            Some(stored_from_record(&record).map_err(data_error)?)
        });
    }
    Ok(found)
}

/// What storage holds now of the tallies `ids` (their day counters' sums, their users,
/// and what the bodies in `listed` say of each), and every one of their distinct-user
/// keys, repeats included. The reads are issued at once.
pub(crate) async fn parts_now(
    tx: &IdbTransaction,
    ids: &[IssueId],
    listed: &[JsValue],
) -> Result<(Vec<PartNow>, Vec<String>), JsError> {
    let store = tx.object_store(TALLIES)?;
    let reads = ids
        .iter()
        .map(|id| Ok(pending(store.get(&JsValue::from_f64(id.0 as f64))?)))
        .collect::<Result<Vec<_>, JsError>>()?;
    let mut now = Vec::with_capacity(ids.len());
    let mut keys = Vec::new();
    for (id, read) in ids.iter().zip(reads) {
        let tallies = tallies_from_record(&read.result().await?);
        keys.extend(tallies.users().iter().cloned());
        let tally = Tally {
            events: tallies.events(),
            users: tallies.users().len() as u64,
        };
        now.push(PartNow {
            id: *id,
            tally,
            events: Vec::new(),
        });
    }
    for records in listed {
        for record in Array::from(records).iter() {
            let (Some(issue), Some(keys)) = (get_num(&record, "issueId"), event_keys(&record))
            else {
                continue;
            };
            let part = IssueId(get_num(&record, "part").unwrap_or(issue) as u64);
            if let Some(entry) = now.iter_mut().find(|n| n.id == part) {
                let body = event_body(&record).unwrap_or(JsValue::UNDEFINED);
                let level = get_str(&body, "level").map_or(Level::Error, |l| parse_level(&l));
                entry.events.push((
                    keys.ts,
                    level,
                    get_str(&body, "release"),
                    get_str(&body, "environment"),
                ));
            }
        }
    }
    Ok((now, keys))
}

/// Merges `others` into `primary` inside `tx`; returns what was written except history,
/// which the caller adds (a merge writes it all, a regroup its own entries).
pub(crate) async fn merge_in(
    tx: &IdbTransaction,
    primary: IssueId,
    others: &[IssueId],
    now: Timestamp,
) -> Result<Merged, JsError> {
    let issues = tx.object_store(ISSUES)?;
    let mut ids = vec![primary];
    for id in others {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    let mut found = read_issues(&issues, &ids).await?.into_iter();
    let primary = found
        .next()
        .flatten()
        .ok_or_else(|| refused(format!("there is no issue {}", primary.short_id())))?;
    let others: Vec<StoredIssue> = found.flatten().collect();
    let events = tx.object_store(EVENTS)?;
    let mut listed = vec![list_bodies(&events, primary.issue.id)?.result().await?];
    let mut tallies = primary.issue.tallies();
    for other in &others {
        tallies.extend(other.issue.tallies());
        listed.push(list_bodies(&events, other.issue.id)?.result().await?);
    }
    let (parts, users) = parts_now(tx, &tallies, &listed).await?;
    let merged = plan_merge(primary, others, &parts, users, now)?;
    for id in &merged.removed {
        issues.delete(&JsValue::from_f64(id.0 as f64))?;
    }
    issues.put(&record_from_stored(&merged.issue))?;
    let into = merged.issue.issue.id;
    for (removed, listing) in merged.removed.iter().zip(listed.iter().skip(1)) {
        for record in Array::from(listing).iter() {
            let part = get_num(&record, "part").map_or(*removed, |n| IssueId(n as u64));
            set_field(&record, "issueId", &JsValue::from_f64(into.0 as f64));
            set_field(&record, "part", &JsValue::from_f64(part.0 as f64));
            events.put(&record)?;
        }
    }
    Ok(merged)
}

/// Unmerges part `part` from `issue` inside `tx`, history included.
pub(crate) async fn unmerge_in(
    tx: &IdbTransaction,
    issue: IssueId,
    part: IssueId,
    now: Timestamp,
) -> Result<Unmerged, JsError> {
    let issues = tx.object_store(ISSUES)?;
    let stored = read_issues(&issues, &[issue])
        .await?
        .pop()
        .flatten()
        .ok_or_else(|| refused(format!("there is no issue {}", issue.short_id())))?;
    let events = tx.object_store(EVENTS)?;
    let listed = list_bodies(&events, issue)?.result().await?;
    let tallies = stored.issue.tallies();
    let (parts, _) = parts_now(tx, &tallies, std::slice::from_ref(&listed)).await?;
    let staying: Vec<IssueId> = tallies.into_iter().filter(|t| *t != part).collect();
    let (_, users) = parts_now(tx, &staying, &[]).await?;
    let mut moved = StoredBodies::default();
    let mut bodies = Vec::new();
    for record in Array::from(&listed).iter() {
        if get_num(&record, "part") == Some(part.0 as f64) {
            if let Some(keys) = event_keys(&record) {
                moved.events += 1;
                moved.bytes += keys.size;
            }
            bodies.push(record);
        }
    }
    let unmerged = plan_unmerge(stored, part, &parts, users, moved, now)?;
    // The merged issue lets go of the part's fingerprints before the part takes them.
    issues.put(&record_from_stored(&unmerged.issue))?;
    issues.put(&record_from_stored(&unmerged.restored))?;
    for record in bodies {
        set_field(&record, "issueId", &JsValue::from_f64(part.0 as f64));
        js_sys::Reflect::delete_property(record.unchecked_ref::<js_sys::Object>(), &"part".into())?;
        events.put(&record)?;
    }
    write_activity(tx, &unmerged.activity)?;
    Ok(unmerged)
}

/// Starts reading every stored body of `issue`.
fn list_bodies(events: &IdbObjectStore, issue: IssueId) -> Result<Pending, JsError> {
    let range = issue_events_range(issue)?;
    Ok(pending(
        events.index(BY_ISSUE_TIME)?.get_all_with_key(&range)?,
    ))
}

/// Adds history entries.
pub(crate) fn write_activity(
    tx: &IdbTransaction,
    entries: &[faultline_core::Activity],
) -> Result<(), JsError> {
    let log = tx.object_store(ACTIVITY)?;
    for entry in entries {
        log.put(&record_from_activity(entry))?;
    }
    Ok(())
}
