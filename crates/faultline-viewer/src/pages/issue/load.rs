//! The issue page's storage reads and writes, run from its effects.

use std::rc::Rc;

use faultline_core::{IssueId, Timestamp};
use faultline_idb::{decode_event, EventCursor, Store, Triage};

use super::state::{IssueData, StoredEvent};
use crate::chart::{dense, Window};

/// At most this many stored events are read (newest first) for navigation and tags.
pub const MAX_EVENTS: usize = 1000;
/// Events read per storage page.
const EVENT_PAGE: u32 = 100;

/// The issue, its history and its stored events.
pub async fn load_issue(store: &Store, id: IssueId) -> Result<IssueData, String> {
    let err = |e: faultline_idb::Error| e.to_string();
    let Some(issue) = store.issue(id).await.map_err(err)? else {
        return Ok(IssueData::default());
    };
    let activity = store.activity(id).await.map_err(err)?;
    let mut data = IssueData {
        issue: Some(issue),
        activity,
        ..IssueData::default()
    };
    let mut before: Option<EventCursor> = None;
    loop {
        let page = store
            .events_page(id, before.as_ref(), EVENT_PAGE)
            .await
            .map_err(err)?;
        for raw in page.events {
            match decode_event(&raw) {
                Ok(event) => data.events.push(StoredEvent {
                    event: Rc::new(event),
                    raw,
                }),
                Err(_) => data.unreadable += 1,
            }
        }
        match page.next {
            Some(_) if data.events.len() >= MAX_EVENTS => {
                data.truncated = true;
                return Ok(data);
            }
            Some(next) => before = Some(next),
            None => return Ok(data),
        }
    }
}

/// The issue's events per bucket over `window`.
pub async fn load_chart(
    store: &Store,
    id: IssueId,
    window: Window,
    now: i64,
) -> Result<Vec<u64>, String> {
    let (from, to) = window.range(now);
    let sparse = store
        .histogram(id, window.hourly, from, to)
        .await
        .map_err(|e| e.to_string())?;
    Ok(dense(&sparse, from, to))
}

/// Applies a triage action to the issue.
pub async fn run_triage(
    store: &Store,
    id: IssueId,
    triage: Triage,
    now: i64,
) -> Result<(), String> {
    store
        .triage(&[id], triage, Timestamp(now))
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}
