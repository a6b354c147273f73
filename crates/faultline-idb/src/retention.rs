//! Retention: at most N event bodies per issue (the first few and the latest), and a
//! total byte budget enforced by evicting the oldest bodies of the largest issues.
//! Issue counts, times and users are never touched: only bodies go.

use faultline_core::IssueId;
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbCursorDirection, IdbKeyRange, IdbObjectStore};

use crate::error::JsError;
use crate::event_record::event_keys;
use crate::issue_record::{issue_from_record, record_from_issue, Stored};
use crate::request::{request, Cursor};

use crate::schema::{BY_ISSUE_TIME, BY_STORED_BYTES};
use crate::store::StoreConfig;

fn js(e: JsValue) -> JsError {
    JsError::from_js(&e)
}

/// What an eviction removed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Freed {
    pub events: u64,
    pub bytes: u64,
}

/// The key range of one issue's events in the `[issueId, ts]` index.
pub(crate) fn issue_events_range(issue: IssueId) -> Result<IdbKeyRange, JsError> {
    let id = JsValue::from_f64(issue.0 as f64);
    IdbKeyRange::bound(
        &Array::of2(&id, &JsValue::from_f64(f64::NEG_INFINITY)),
        &Array::of2(&id, &JsValue::from_f64(f64::INFINITY)),
    )
    .map_err(js)
}

/// Deletes up to `count` of the issue's oldest bodies after the first `keep_first`: one
/// read of the records in index order, then deletes that need no waiting.
pub(crate) async fn evict_oldest(
    events: &IdbObjectStore,
    issue: IssueId,
    keep_first: u32,
    count: u64,
) -> Result<Freed, JsError> {
    let mut freed = Freed::default();
    if count == 0 {
        return Ok(freed);
    }
    let index = events.index(BY_ISSUE_TIME).map_err(js)?;
    let range = issue_events_range(issue)?;
    let wanted = u32::try_from(u64::from(keep_first) + count).unwrap_or(u32::MAX);
    let req = index
        .get_all_with_key_and_limit(&range, wanted)
        .map_err(js)?;
    let oldest = Array::from(&request(&req).await?);
    for record in oldest.iter().skip(keep_first as usize) {
        let Some(keys) = event_keys(&record) else {
            continue;
        };
        events.delete(&JsValue::from_str(&keys.id)).map_err(js)?;
        freed.events += 1;
        freed.bytes += keys.size as u64;
    }
    Ok(freed)
}

/// Keeps at most `max_events_per_issue` bodies for the issue, updating `stored`.
pub(crate) async fn trim_issue(
    events: &IdbObjectStore,
    issue: IssueId,
    stored: &mut Stored,
    config: &StoreConfig,
) -> Result<Freed, JsError> {
    let max = u64::from(config.max_events_per_issue);
    if stored.events <= max {
        return Ok(Freed::default());
    }
    let freed = evict_oldest(events, issue, config.keep_first_events, stored.events - max).await?;
    stored.events -= freed.events;
    stored.bytes = stored.bytes.saturating_sub(freed.bytes);
    Ok(freed)
}

/// While the stored bytes exceed the budget, evicts the oldest bodies of the largest issue.
pub(crate) async fn enforce_budget(
    issues: &IdbObjectStore,
    events: &IdbObjectStore,
    total: u64,
    config: &StoreConfig,
) -> Result<Freed, JsError> {
    let mut freed = Freed::default();
    // Each round halves the largest issue's deletable bodies, so few rounds are needed.
    for _ in 0..64 {
        if total.saturating_sub(freed.bytes) <= config.max_bytes {
            break;
        }
        let index = issues.index(BY_STORED_BYTES).map_err(js)?;
        let req = index
            .open_cursor_with_range_and_direction(&JsValue::UNDEFINED, IdbCursorDirection::Prev)
            .map_err(js)?;
        let Some(c) = Cursor::new(req).next().await? else {
            break;
        };
        let record = c.value().map_err(js)?;
        let Ok((issue, mut stored)) = issue_from_record(&record) else {
            break;
        };
        let deletable = stored.events.saturating_sub(1);
        if deletable == 0 {
            break;
        }
        let over = total.saturating_sub(freed.bytes) - config.max_bytes;
        let avg = (stored.bytes / stored.events.max(1)).max(1);
        let count = over.div_ceil(avg).clamp(1, deletable);
        // The first body is kept to the last: it shows how the issue began.
        let round = evict_oldest(events, issue.id, 1, count).await?;
        if round.events == 0 {
            break;
        }
        stored.events -= round.events;
        stored.bytes = stored.bytes.saturating_sub(round.bytes);
        request(&issues.put(&record_from_issue(&issue, stored)).map_err(js)?).await?;
        freed.events += round.events;
        freed.bytes += round.bytes;
    }
    Ok(freed)
}
