//! What a store keeps: retention limits and the sync outbox's bounds.

use faultline_core::{OutboxLimits, Retention};

/// Limits of what is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// Event bodies kept per issue.
    pub max_events_per_issue: u32,
    /// Of those, the first events of an issue that are never evicted by the per-issue limit.
    pub keep_first_events: u32,
    /// Total bytes of event bodies kept.
    pub max_bytes: u64,
    /// When set, every stored event is also queued in the sync outbox, within these bounds.
    pub outbox: Option<OutboxConfig>,
    /// When set, what the recorder groups by (the grouping config and its rules as
    /// text), written to `meta` with every batch so the viewer can tell when stored
    /// issues were grouped otherwise and offer to regroup them.
    pub grouping: Option<Grouping>,
}

/// What events are grouped by: the grouping config (version and rules digest) and the
/// fingerprint rules as text (empty without rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// `faultline:3`, or `faultline:3+rules:…` with rules.
    pub config: String,
    /// The rules, one per line.
    pub rules: String,
}

impl Default for StoreConfig {
    fn default() -> Self {
        let retention = Retention::default();
        StoreConfig {
            max_events_per_issue: retention.max_events_per_issue,
            keep_first_events: retention.keep_first_events,
            max_bytes: retention.max_bytes,
            outbox: None,
            grouping: None,
        }
    }
}

impl StoreConfig {
    /// The retention limits, as core's plans take them.
    pub(crate) fn retention(&self) -> Retention {
        Retention {
            max_events_per_issue: self.max_events_per_issue,
            keep_first_events: self.keep_first_events,
            max_bytes: self.max_bytes,
        }
    }
}

/// Bounds of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxConfig {
    /// Entries kept at most.
    pub max_entries: u64,
    /// Bytes kept at most.
    pub max_bytes: u64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            max_entries: 10_000,
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

impl OutboxConfig {
    /// The bounds, as core's plans take them.
    pub(crate) fn limits(&self) -> OutboxLimits {
        OutboxLimits {
            max_entries: self.max_entries,
            max_bytes: self.max_bytes,
        }
    }
}
