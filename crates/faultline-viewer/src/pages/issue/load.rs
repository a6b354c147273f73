//! The issue page's storage reads and writes, run from its effects.

use faultline_core::{IssueId, Timestamp};
use faultline_idb::Store;

use super::state::{Change, IssueData, StoredEvent};
use crate::chart::{dense, Window};
use crate::event_data::read_head;
use crate::reader;

/// At most this many stored events are read (newest first) for navigation and tags.
pub const MAX_EVENTS: usize = 1000;
/// Events read per storage page.
const EVENT_PAGE: u32 = 100;

/// The issue, its history and its stored events. The issue, its history and the first
/// page of events are read together (three transactions in flight at once, not one after
/// the other); the rest of the events, a page at a time.
pub async fn load_issue(store: &Store, id: IssueId) -> Result<IssueData, String> {
    let err = |e: faultline_idb::Error| e.to_string();
    let (issue, activity, first) = futures::future::join3(
        store.issue(id),
        store.activity(id),
        store.events_page(id, None, EVENT_PAGE),
    )
    .await;
    let Some(issue) = issue.map_err(err)? else {
        let merged_into = store.merged_into(id).await.map_err(err)?;
        return Ok(IssueData {
            merged_into,
            ..IssueData::default()
        });
    };
    let mut data = IssueData {
        issue: Some(issue),
        activity: activity.map_err(err)?,
        ..IssueData::default()
    };
    let mut page = first.map_err(err)?;
    loop {
        for raw in page.events {
            match read_head(&raw) {
                Ok(head) => data.events.push(StoredEvent::new(head, raw)),
                Err(_) => data.unreadable += 1,
            }
        }
        match page.next {
            Some(_) if data.events.len() >= MAX_EVENTS => {
                data.truncated = true;
                return Ok(data);
            }
            Some(next) => {
                page = store
                    .events_page(id, Some(&next), EVENT_PAGE)
                    .await
                    .map_err(err)?;
            }
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

/// Applies a change to the issue; what it did, in words.
pub async fn run_change(
    store: &Store,
    id: IssueId,
    change: &Change,
    now: i64,
) -> Result<String, String> {
    let now = Timestamp(now);
    let text = |e: faultline_idb::Error| e.refusal().map_or_else(|| e.to_string(), str::to_string);
    match change {
        Change::Triage(triage) => store
            .triage(&[id], *triage, now)
            .await
            .map(|_| crate::describe::triage_summary(triage, 1))
            .map_err(text),
        Change::Merge(others) => reader::merge(store.name(), id, others)
            .await
            .map(|()| crate::describe::merge_summary(id, others)),
        Change::Unmerge(part) => reader::unmerge(store.name(), id, *part).await.map(|count| {
            format!(
                "Unmerged {}: it stands alone again with {} events",
                part.short_id(),
                crate::format::grouped(count)
            )
        }),
        Change::Assign(to) => store
            .assign(id, to.as_deref(), now)
            .await
            .map(|_| match to {
                Some(to) if !to.trim().is_empty() => format!("Assigned to {}", to.trim()),
                _ => "Unassigned".to_string(),
            })
            .map_err(text),
        Change::Note(note) => store
            .add_note(id, note, now)
            .await
            .map(|_| "Note added".to_string())
            .map_err(text),
    }
}
