//! Breadcrumbs: what happened before an event.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Level, Other};
use crate::Timestamp;

/// `breadcrumbs.values`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Breadcrumbs {
    /// Oldest first.
    pub values: Vec<Breadcrumb>,
}

/// Something that happened before the event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Breadcrumb {
    /// When.
    pub timestamp: Timestamp,
    /// `default`, `http`, `navigation`, `ui`, ...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// `console`, `ui.click`, `fetch`, `navigation`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Human-readable text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Structured detail (`url`, `method`, `status_code`, `from`, `to`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, Value>,
    /// Fields not modelled here (`event_id`, `origin`).
    #[serde(flatten)]
    pub other: Other,
}
