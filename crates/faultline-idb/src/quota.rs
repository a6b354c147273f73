//! Recovering from a full disk: evict old bodies so a retried write fits.
//!
//! At its quota a browser refuses any transaction that writes, so the eviction itself must
//! not write: bodies are deleted in a transaction that only deletes, and the bookkeeping
//! (issues' stored counts, the byte total) is updated afterwards in a small one.

use std::cmp::Reverse;

use faultline_core::{IssueId, StoredBodies, StoredIssue};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransactionMode};

use crate::error::Error;
use crate::issue_record::{recorded_from_record, recorded_record};
use crate::meta::{self, EVENT_BYTES, EVENT_COUNT};
use crate::request::request;
use crate::retention::{evict_oldest, Eviction};
use crate::schema::{EVENTS, ISSUES, META};
use crate::transaction::{finish, transaction};

/// Share of the stored bytes freed when the browser says the quota is exceeded.
const FREE_PERCENT: u64 = 25;

/// Evicts the oldest bodies of the largest issues (each keeps its first) until a quarter
/// of the stored bytes is free; returns the bytes freed.
pub(crate) async fn free_space(db: &IdbDatabase) -> Result<u64, Error> {
    let plan = plan(db).await?;
    let freed = delete_bodies(db, &plan).await?;
    let total: u64 = freed.iter().map(|(_, f)| f.bytes).sum();
    // Bookkeeping is best effort: if even this small write is refused, counts of stored
    // bodies read high until the next eviction, which only makes eviction more eager.
    let _ = account(db, &freed).await;
    Ok(total)
}

/// How many bodies to evict from which issues: the largest first.
async fn plan(db: &IdbDatabase) -> Result<Vec<(IssueId, u64)>, Error> {
    const OP: &str = "planning eviction after QuotaExceededError";
    let tx = transaction(db, &[ISSUES], IdbTransactionMode::Readonly, OP)?;
    let body = async {
        let all = request(&tx.object_store(ISSUES).and_then(|s| s.get_all())?).await?;
        let issues: Vec<(IssueId, StoredBodies)> = Array::from(&all)
            .iter()
            .filter_map(|r| {
                recorded_from_record(&r)
                    .ok()
                    .map(|s| (s.issue.id, s.bodies))
            })
            .collect();
        // (bytes, position), largest first: the element type core's truncation sorts,
        // with the capture path's one sort.
        let mut order: Vec<(Reverse<u64>, u64)> = issues
            .iter()
            .zip(0..)
            .map(|((_, s), i)| (Reverse(s.bytes), i))
            .collect();
        faultline_core::heapsort(&mut order);
        let total: u64 = issues.iter().map(|(_, s)| s.bytes).sum();
        let mut to_free = total * FREE_PERCENT / 100;
        let mut plan = Vec::new();
        for (_, i) in order {
            if to_free == 0 {
                break;
            }
            let Some(&(id, stored)) = issues.get(i as usize) else {
                continue;
            };
            let deletable = stored.events.saturating_sub(1);
            let avg = (stored.bytes / stored.events.max(1)).max(1);
            let count = to_free.div_ceil(avg).min(deletable);
            if count > 0 {
                plan.push((id, count));
                to_free = to_free.saturating_sub(count * avg);
            }
        }
        Ok(plan)
    }
    .await;
    finish(&tx, body, OP).await
}

/// Deletes the planned bodies, in a transaction that writes nothing.
async fn delete_bodies(
    db: &IdbDatabase,
    plan: &[(IssueId, u64)],
) -> Result<Vec<(IssueId, Eviction)>, Error> {
    const OP: &str = "freeing space after QuotaExceededError";
    let tx = transaction(db, &[EVENTS], IdbTransactionMode::Readwrite, OP)?;
    let body = async {
        let events = tx.object_store(EVENTS)?;
        let mut freed = Vec::with_capacity(plan.len());
        for (issue, count) in plan {
            freed.push((*issue, evict_oldest(&events, *issue, 1, *count).await?));
        }
        Ok(freed)
    }
    .await;
    finish(&tx, body, OP).await
}

/// Subtracts what was deleted from the issues' stored counts and the totals.
async fn account(db: &IdbDatabase, freed: &[(IssueId, Eviction)]) -> Result<(), Error> {
    const OP: &str = "recording an eviction";
    let tx = transaction(db, &[ISSUES, META], IdbTransactionMode::Readwrite, OP)?;
    let body = async {
        let issues = tx.object_store(ISSUES)?;
        for (id, f) in freed {
            let record = request(&issues.get(&JsValue::from_f64(id.0 as f64))?).await?;
            if let Ok(StoredIssue {
                issue,
                bodies: mut stored,
            }) = recorded_from_record(&record)
            {
                stored.events = stored.events.saturating_sub(f.events);
                stored.bytes = stored.bytes.saturating_sub(f.bytes);
                issues.put(&recorded_record(Some(&record), &issue, stored))?;
            }
        }
        let meta_store = tx.object_store(META)?;
        let total = meta::get_u64(&meta_store, EVENT_BYTES).await?;
        let bytes: u64 = freed.iter().map(|(_, f)| f.bytes).sum();
        meta::put_u64(&meta_store, EVENT_BYTES, total.saturating_sub(bytes))?;
        let count = meta::get_u64(&meta_store, EVENT_COUNT).await?;
        let events: u64 = freed.iter().map(|(_, f)| f.events).sum();
        meta::put_u64(&meta_store, EVENT_COUNT, count.saturating_sub(events))
    }
    .await;
    finish(&tx, body, OP).await
}
