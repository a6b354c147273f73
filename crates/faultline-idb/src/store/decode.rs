//! Decoded events through the facade (feature `decode`; `decode.rs`).

use crate::decode::decode_event;
use crate::error::Error;
use crate::paging::EventCursor;
use crate::store::Store;
use faultline_core::{Event, IssueId};

impl Store {
    /// All stored events of `issue`, newest first, decoded.
    pub async fn events_of(&self, issue: IssueId) -> Result<Vec<Event>, Error> {
        let mut events = Vec::new();
        let mut before: Option<EventCursor> = None;
        loop {
            let page = self.events_page(issue, before.as_ref(), 500).await?;
            for value in &page.events {
                events.push(decode_event(value)?);
            }
            match page.next {
                Some(next) => before = Some(next),
                None => return Ok(events),
            }
        }
    }
}
