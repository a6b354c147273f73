//! Filling a database with many issues and events for the viewer benchmark, fast.
//!
//! Recording events through `Store::record` one batch at a time into IndexedDB would take
//! minutes for 100,000. The bulk path groups a slice of issues in memory, exports it, and
//! imports the export into IndexedDB in one transaction: storage's own record format and
//! import, no IndexedDB code here.

use faultline_idb::{Store, StoreConfig};
use wasm_bindgen::prelude::*;

use crate::events::IssueShape;
use crate::js_error;

/// Events of the "hot" issue, the one the benchmark opens (the per-issue body limit).
pub const HOT_EVENTS: u32 = 100;
/// Issues grouped in memory and imported per transaction.
pub(crate) const ISSUES_PER_SLICE: u32 = 1_000;
/// Events grouped per `Store::record` call.
const RECORD_BATCH: usize = 500;
/// Events spread over the last 14 days.
const SPAN_MS: f64 = 14.0 * 86_400_000.0;

/// Which issue event `n` belongs to: the first [`HOT_EVENTS`] to issue 0, then round-robin
/// over the others (about `events / issues` each).
fn issue_of(n: u32, issues: u32) -> u32 {
    if n < HOT_EVENTS || issues < 2 {
        0
    } else {
        1 + (n - HOT_EVENTS) % (issues - 1)
    }
}

/// Retention that keeps everything preloaded (the viewer only reads).
pub(crate) fn keep_all() -> StoreConfig {
    StoreConfig {
        max_bytes: u64::MAX / 2,
        ..StoreConfig::default()
    }
}

/// Records the events of issues `lo..hi` of the benchmark's data (`issues` issues,
/// `events` events over the 14 days before `now_ms`) into `store`.
pub(crate) async fn record_slice(
    store: &Store,
    lo: u32,
    hi: u32,
    issues: u32,
    events: u32,
    now_ms: f64,
) -> Result<(), JsValue> {
    let shapes: Vec<IssueShape> = (lo..hi).map(IssueShape::new).collect();
    // Events in time order, so each issue's lifecycle sees them as they happened.
    let batch: Vec<_> = (0..events)
        .filter(|n| (lo..hi).contains(&issue_of(*n, issues)))
        .map(|n| {
            let at = now_ms - SPAN_MS * f64::from(events - n) / f64::from(events.max(1));
            shapes[(issue_of(n, issues) - lo) as usize].event(n, at as i64)
        })
        .collect();
    // In batches of the size the engine records: the planner searches a batch in order.
    for part in batch.chunks(RECORD_BATCH) {
        store.record(part).await.map_err(js_error)?;
    }
    Ok(())
}

/// Fills database `db` with `issues` issues and `events` events, timestamps evenly over the
/// 14 days before `now_ms`. Issue 0 (title "... 'email0'") gets 100 events, the others the
/// rest round-robin. Resolves to `{ hotIssueId, issues, events, ms }` as stored.
#[wasm_bindgen(js_name = preload)]
pub async fn preload(
    db: String,
    issues: u32,
    events: u32,
    now_ms: f64,
) -> Result<JsValue, JsValue> {
    let start = crate::now_ms();
    let store = Store::open_with(&db, keep_all()).await.map_err(js_error)?;
    let issues = issues.max(1);
    let mut lo = 0;
    while lo < issues {
        let hi = (lo + ISSUES_PER_SLICE).min(issues);
        let slice = Store::memory("preload", keep_all(), None);
        record_slice(&slice, lo, hi, issues, events, now_ms).await?;
        let export = slice
            .export(None, faultline_core::Timestamp(now_ms as i64))
            .await
            .map_err(js_error)?;
        store.import(&export).await.map_err(js_error)?;
        lo = hi;
    }
    let stats = store.stats().await.map_err(js_error)?;
    let hot = IssueShape::new(0).fingerprint();
    let all = store.all_issues().await.map_err(js_error)?;
    let hot_id = all.iter().find(|i| i.fingerprint == hot).map(|i| i.id.0);
    store.close();
    let out = js_sys::Object::new();
    let set = |k: &str, v: f64| js_sys::Reflect::set(&out, &k.into(), &v.into());
    set("hotIssueId", hot_id.map_or(f64::NAN, |id| id as f64))?;
    set("issues", stats.issues as f64)?;
    set("events", stats.events as f64)?;
    set("bytes", stats.bytes as f64)?;
    set("ms", crate::now_ms() - start)?;
    Ok(out.into())
}
