//! Core types to and from the JS objects stored in IndexedDB.
//!
//! Each record carries the fields its indexes need as plain properties and the whole core
//! value as JSON text in `json`, so a record's size is known exactly and decoding never
//! depends on how a browser clones objects.

use faultline_core::{Event, Issue, IssueId};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::Error;

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_string()
}

/// An issue as stored: index keys plus its JSON.
pub(crate) fn record_from_issue(issue: &Issue) -> Result<JsValue, Error> {
    let json = serde_json::to_string(issue).map_err(|e| Error::Decode {
        what: "issue",
        message: e.to_string(),
    })?;
    let obj = Object::new();
    set(&obj, "id", issue.id.0 as f64);
    set(&obj, "fingerprint", issue.fingerprint.as_str());
    set(&obj, "status", status_key(issue));
    set(&obj, "firstSeen", issue.first_seen.as_millis() as f64);
    set(&obj, "lastSeen", issue.last_seen.as_millis() as f64);
    set(&obj, "count", issue.count as f64);
    set(&obj, "userCount", issue.user_count as f64);
    set(&obj, "json", json);
    Ok(obj.into())
}

fn status_key(issue: &Issue) -> &'static str {
    match issue.status {
        faultline_core::IssueStatus::Unresolved => "unresolved",
        faultline_core::IssueStatus::Resolved => "resolved",
    }
}

/// A stored issue record back to an [`Issue`].
pub(crate) fn issue_from_record(record: &JsValue) -> Result<Issue, Error> {
    let json = get_str(record, "json").ok_or(Error::Decode {
        what: "issue",
        message: "record has no json".into(),
    })?;
    serde_json::from_str(&json).map_err(|e| Error::Decode {
        what: "issue",
        message: e.to_string(),
    })
}

/// An event as stored, with its issue and time for the `[issueId, ts]` index.
pub(crate) fn record_from_event(event: &Event, issue: IssueId) -> Result<JsValue, Error> {
    let json = serde_json::to_string(event).map_err(|e| Error::Decode {
        what: "event",
        message: e.to_string(),
    })?;
    let obj = Object::new();
    set(&obj, "id", event.event_id.to_string());
    set(&obj, "issueId", issue.0 as f64);
    set(&obj, "ts", event.timestamp.as_millis() as f64);
    set(&obj, "size", json.len() as f64);
    set(&obj, "json", json);
    Ok(obj.into())
}

/// A stored event record back to an [`Event`].
pub(crate) fn event_from_record(record: &JsValue) -> Result<Event, Error> {
    let json = get_str(record, "json").ok_or(Error::Decode {
        what: "event",
        message: "record has no json".into(),
    })?;
    serde_json::from_str(&json).map_err(|e| Error::Decode {
        what: "event",
        message: e.to_string(),
    })
}
