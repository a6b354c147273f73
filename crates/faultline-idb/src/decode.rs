//! Stored events decoded into core's `Event` (feature `decode`; the viewer uses it, the
//! capture package never does).

use faultline_core::{Event, IssueId};
use wasm_bindgen::JsValue;

use crate::error::Error;
use crate::query::EventCursor;
use crate::store::Store;

/// Decodes a Sentry-shaped event object.
pub fn decode_event(value: &JsValue) -> Result<Event, Error> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| Error::Decode {
        what: "event",
        message: e.to_string(),
    })
}

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
