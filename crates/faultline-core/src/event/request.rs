//! The page (request) an event happened on.

use crate::VecMap;

use serde::{Deserialize, Serialize};

use super::Other;

/// The page the event happened on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Request {
    /// Page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// HTTP method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Request headers (`User-Agent`, `Referer`).
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub headers: VecMap<String, String>,
    /// Fields not modelled here (`query_string`, `cookies`, `data`, `env`).
    #[serde(flatten)]
    pub other: Other,
}
