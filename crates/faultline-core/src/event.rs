//! The event model: Sentry's event payload as serde types.
//!
//! The JSON of an [`Event`] is what any Sentry-compatible server ingests, field for field,
//! so the capture package can write events as plain JS objects in this shape without a
//! serializer. Fields Faultline does not model are kept in `other` maps at every level, so
//! an event survives a round trip unchanged.

mod breadcrumb;
mod contexts;
mod exception;
mod json;
mod logentry;
mod read;
mod request;
mod stacktrace;
mod user;

use crate::VecMap;
use std::collections::BTreeMap;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::{EventId, Timestamp};

pub use breadcrumb::{Breadcrumb, Breadcrumbs};
pub use contexts::{BrowserContext, Contexts, KnownContext, OsContext, RuntimeContext};
pub use exception::{
    Exception, ExceptionChain, ExceptionList, LinkSource, LinkedError, Mechanism, MAX_LINKED_ERRORS,
};
pub use json::{breadcrumb_to_json, event_to_json, event_to_json_with, frames_to_json, FloatText};
pub use logentry::LogEntry;
pub use read::event_from_value;
pub use request::Request;
pub use stacktrace::{Frame, Stacktrace};
pub use user::{user_key, User};

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
    /// Informational. JavaScript's `log` (console breadcrumbs) reads as this, as Sentry does.
    #[serde(alias = "log")]
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

    /// The level named `s` (wire names and their aliases, any case).
    pub fn parse(s: &str) -> Option<Level> {
        match s.to_ascii_lowercase().as_str() {
            "debug" => Some(Level::Debug),
            "info" | "log" => Some(Level::Info),
            "warning" | "warn" => Some(Level::Warning),
            "error" => Some(Level::Error),
            "fatal" | "critical" => Some(Level::Fatal),
            _ => None,
        }
    }
}

/// One error event, as sent to and stored by Sentry-compatible servers.
///
/// Deserializing accepts Sentry's two forms of `message`: a string, or a `logentry`-style
/// object `{formatted, message, params}`. The object moves to [`Event::logentry`] (unless
/// one is already there) and `message` becomes its text; an event with only a `logentry`
/// also gets that text as `message`. So `message` is always the human-readable text when
/// any is known, and serializing writes `message` as a plain string.
///
/// Deserialize through serde's entry points (`serde_json::from_str::<Event>`, a generic
/// `T: Deserialize`). The inherent `Event::deserialize` that serde's derive generates for
/// this impl's plumbing reads only the plain shape (a string `message`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
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
    /// A message event's text (captureMessage), or the text of [`Event::logentry`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A structured log message: format string and parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logentry: Option<LogEntry>,
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
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub tags: VecMap<String, String>,
    /// Structured contexts (`browser`, `os`, `runtime`, app-defined).
    #[serde(default, skip_serializing_if = "Contexts::is_empty")]
    pub contexts: Contexts,
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

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Event::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `message` has two shapes; normalize it before the derived code sees it.
        let mut value = Value::deserialize(d)?;
        if let Value::Object(fields) = &mut value {
            logentry::normalize_message(fields);
        }
        Event::deserialize(value).map_err(de::Error::custom)
    }
}

/// The SDK that captured an event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sdk {
    /// `faultline.javascript` or `faultline.rust`.
    pub name: String,
    /// The package version.
    pub version: String,
    /// Fields not modelled here (`integrations`, `packages`).
    #[serde(flatten)]
    pub other: Other,
}

impl Event {
    /// The thrown exception: the last in the chain.
    pub fn primary_exception(&self) -> Option<&Exception> {
        self.exception.as_ref().and_then(|e| e.values.last())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_parse_accepts_aliases_in_any_case() {
        assert_eq!(Level::parse("WARN"), Some(Level::Warning));
        assert_eq!(Level::parse("log"), Some(Level::Info));
        assert_eq!(Level::parse("critical"), Some(Level::Fatal));
        assert_eq!(Level::parse("loud"), None);
    }

    #[test]
    fn level_names_round_trip_through_parse() {
        for level in [
            Level::Debug,
            Level::Info,
            Level::Warning,
            Level::Error,
            Level::Fatal,
        ] {
            assert_eq!(Level::parse(level.as_str()), Some(level));
        }
    }
}
