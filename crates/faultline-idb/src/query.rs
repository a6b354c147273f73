//! The read side: paged, index-backed queries for the viewer and the JS API.

use faultline_core::IssueId;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbCursorDirection, IdbIndex, IdbKeyRange, IdbRequest};

use crate::error::JsError;
use crate::event_record::{event_body, event_keys};
use crate::issue_record::issue_from_record;
use crate::paging::{EventCursor, EventPage, IssueCursor, IssuePage, IssueQuery};
use crate::request::{request, Cursor};
use crate::retention::issue_events_range;
use crate::schema::{sort_index, BY_ISSUE_TIME, EVENTS, ISSUES};

#[wasm_bindgen]
extern "C" {
    /// An `IDBIndex`, seen through `getAllRecords` (not in web-sys yet).
    type IndexWithRecords;

    /// `IDBIndex.getAllRecords({ query, count, direction })`: records (`{ key,
    /// primaryKey, value }`) in index order, in one request.
    #[wasm_bindgen(method, catch, js_name = getAllRecords)]
    fn get_all_records(this: &IndexWithRecords, options: &Object) -> Result<IdbRequest, JsValue>;
}

/// The first `count` records of `range` in `index`, last key first, in one request; `None`
/// where the browser has no `getAllRecords` (the caller walks a cursor instead, one
/// request per record).
async fn last_records(
    index: &IdbIndex,
    range: &IdbKeyRange,
    count: u32,
) -> Result<Option<Vec<JsValue>>, JsError> {
    if !Reflect::has(index, &"getAllRecords".into()).unwrap_or(false) {
        return Ok(None);
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"query".into(), range);
    let _ = Reflect::set(&options, &"count".into(), &JsValue::from(count));
    let _ = Reflect::set(&options, &"direction".into(), &"prev".into());
    let req = index
        .unchecked_ref::<IndexWithRecords>()
        .get_all_records(&options)?;
    let records = request(&req).await?;
    Ok(Some(
        Array::from(&records)
            .iter()
            .filter_map(|r| Reflect::get(&r, &"value".into()).ok())
            .collect(),
    ))
}

/// A page of issues read through the index `query` sorts by, inside `tx`.
pub(crate) async fn issues_page_in(
    tx: &web_sys::IdbTransaction,
    query: &IssueQuery,
) -> Result<IssuePage, JsError> {
    let key = query.sort.key();
    let index = tx
        .object_store(ISSUES)
        .and_then(|s| s.index(&sort_index(key, query.status.is_some())))?;
    let index_key = |value: f64| -> JsValue {
        match &query.status {
            Some(status) => {
                Array::of2(&JsValue::from_str(status), &JsValue::from_f64(value)).into()
            }
            None => JsValue::from_f64(value),
        }
    };
    let upper = query.after.map_or(f64::INFINITY, |a| a.key);
    let range = IdbKeyRange::bound(&index_key(f64::NEG_INFINITY), &index_key(upper))?;
    // The first page is one request; later ones walk from the cursor, skipping ties.
    if query.after.is_none() {
        if let Some(records) = last_records(&index, &range, query.limit).await? {
            return Ok(issues_of(query, &records));
        }
    }
    let req = index.open_cursor_with_range_and_direction(&range, IdbCursorDirection::Prev)?;
    let cursor = Cursor::new(req);
    let mut page = IssuePage::default();
    let mut jumped = false;
    while let Some(c) = cursor.next().await? {
        if let Some(after) = query.after {
            let pk = c.primary_key().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            let value = c
                .value()
                .ok()
                .and_then(|v| crate::js_write::get_num(&v, key))
                .unwrap_or(0.0);
            // Ties with the cursor's sort value and an id not below it were shown already.
            if value == after.key && pk >= after.id.0 as f64 {
                if !jumped && after.id.0 > 0 {
                    jumped = true;
                    let below = JsValue::from_f64(after.id.0 as f64 - 1.0);
                    c.continue_primary_key(&index_key(after.key), &below)?;
                } else {
                    c.continue_()?;
                }
                continue;
            }
        }
        let record = c.value()?;
        if let Ok((issue, _)) = issue_from_record(&record) {
            page.issues.push(issue);
        }
        if page.issues.len() as u32 >= query.limit {
            page.next = page.issues.last().map(|i| IssueCursor {
                key: query.sort.value(i),
                id: i.id,
            });
            break;
        }
        c.continue_()?;
    }
    Ok(page)
}

/// The page of `records`, all of it.
fn issues_of(query: &IssueQuery, records: &[JsValue]) -> IssuePage {
    let mut page = IssuePage::default();
    for record in records {
        if let Ok((issue, _)) = issue_from_record(record) {
            page.issues.push(issue);
        }
    }
    if records.len() as u32 >= query.limit {
        page.next = page.issues.last().map(|i| IssueCursor {
            key: query.sort.value(i),
            id: i.id,
        });
    }
    page
}

/// A page of an issue's events, newest first, inside `tx`.
pub(crate) async fn events_page_in(
    tx: &web_sys::IdbTransaction,
    issue: IssueId,
    before: Option<&EventCursor>,
    limit: u32,
) -> Result<EventPage, JsError> {
    let index = tx
        .object_store(EVENTS)
        .and_then(|s| s.index(BY_ISSUE_TIME))?;
    let id = JsValue::from_f64(issue.0 as f64);
    let range = match before {
        Some(b) => IdbKeyRange::bound(
            &Array::of2(&id, &JsValue::from_f64(f64::NEG_INFINITY)),
            &Array::of2(&id, &JsValue::from_f64(b.ts)),
        )?,
        None => issue_events_range(issue)?,
    };
    if before.is_none() {
        if let Some(records) = last_records(&index, &range, limit).await? {
            let mut page = EventPage::default();
            let mut last = None;
            for record in &records {
                if let Some(body) = event_body(record) {
                    page.events.push(body);
                    last = event_keys(record);
                }
            }
            if records.len() as u32 >= limit {
                page.next = last.map(|k| EventCursor {
                    ts: k.ts.as_millis() as f64,
                    id: k.id,
                });
            }
            return Ok(page);
        }
    }
    let req = index.open_cursor_with_range_and_direction(&range, IdbCursorDirection::Prev)?;
    let cursor = Cursor::new(req);
    let mut page = EventPage::default();
    let mut last = None;
    while let Some(c) = cursor.next().await? {
        let record = c.value()?;
        let keys = event_keys(&record);
        // Events at the cursor's time whose id is not below the cursor's were shown already.
        let seen = match (before, &keys) {
            (Some(b), Some(k)) => k.ts.as_millis() as f64 == b.ts && k.id.as_str() >= b.id.as_str(),
            _ => false,
        };
        if !seen {
            if let Some(body) = event_body(&record) {
                page.events.push(body);
                last = keys;
            }
            if page.events.len() as u32 >= limit {
                page.next = last.map(|k| EventCursor {
                    ts: k.ts.as_millis() as f64,
                    id: k.id,
                });
                break;
            }
        }
        c.continue_()?;
    }
    Ok(page)
}
