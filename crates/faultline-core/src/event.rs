//! The event model: Sentry's event payload as serde types.
//!
//! The JSON of an [`Event`] is what any Sentry-compatible server ingests. Fields Faultline
//! does not model are kept in `other` maps so an event survives a round trip unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{EventId, Timestamp};

/// Unknown fields, kept verbatim.
pub type Other = BTreeMap<String, Value>;

/// Severity, as Sentry names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Diagnostic detail.
    Debug,
    /// Informational.
    Info,
    /// Something looks wrong.
    #[serde(alias = "warn")]
    Warning,
    /// An error (the default for exceptions).
    #[default]
    Error,
    /// The program cannot go on (panics).
    #[serde(alias = "critical")]
    Fatal,
}

impl Level {
    /// The lowercase name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
            Level::Fatal => "fatal",
        }
    }
}

/// One error event, as sent to and stored by Sentry-compatible servers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Event {
    /// 32 hex digits, unique per event.
    pub event_id: EventId,
    /// When it happened.
    pub timestamp: Timestamp,
    /// `javascript`, or `native` for Rust panics.
    #[serde(default = "default_platform")]
    pub platform: String,
    /// Severity.
    #[serde(default)]
    pub level: Level,
    /// The logger that produced it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logger: Option<String>,
    /// A message event's text (captureMessage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The exception chain, oldest cause first and the thrown error last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<ExceptionList>,
    /// What happened before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breadcrumbs: Option<Breadcrumbs>,
    /// Who it happened to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    /// The app's release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The release's distribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dist: Option<String>,
    /// `production`, `staging`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Indexed key/value pairs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Structured contexts (`browser`, `os`, `runtime`, app-defined).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contexts: BTreeMap<String, Value>,
    /// Arbitrary extra data.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, Value>,
    /// A custom fingerprint; empty means the default grouping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fingerprint: Vec<String>,
    /// The SDK that captured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk: Option<Sdk>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

fn default_platform() -> String {
    "javascript".to_string()
}

/// `exception.values`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExceptionList {
    /// The chain, oldest cause first; the thrown error is last.
    pub values: Vec<Exception>,
}

/// One exception in a chain.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Exception {
    /// The error's type, such as `TypeError`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// The error's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The module the type lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// How it was captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<Mechanism>,
    /// Where it was thrown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacktrace: Option<Stacktrace>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

/// How an exception reached Faultline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Mechanism {
    /// `onerror`, `onunhandledrejection`, `panic`, `generic`, ...
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the app handled it (manual capture) or it went uncaught.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled: Option<bool>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

/// A stack trace, oldest call first and the crashing frame last.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Stacktrace {
    /// The frames.
    pub frames: Vec<Frame>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

/// One stack frame.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Frame {
    /// Function name as the engine reported it (decorations kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The file as shown to people: the URL's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The full URL or path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_path: Option<String>,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineno: Option<u32>,
    /// 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colno: Option<u32>,
    /// Whether the frame is the app's own code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_app: Option<bool>,
    /// The module (Rust path) of the function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// Fields not modelled here (`instruction_addr` of wasm frames, ...).
    #[serde(flatten)]
    pub other: Other,
}

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
    /// Structured detail.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, Value>,
}

/// The affected user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct User {
    /// App-defined id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// IP address (only with `sendDefaultPii`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

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
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

/// The SDK that captured an event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sdk {
    /// `faultline.javascript` or `faultline.rust`.
    pub name: String,
    /// The package version.
    pub version: String,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

impl Event {
    /// The thrown exception: the last in the chain.
    pub fn primary_exception(&self) -> Option<&Exception> {
        self.exception.as_ref().and_then(|e| e.values.last())
    }
}
