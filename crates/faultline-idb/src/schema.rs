//! Object stores, indexes and in-place upgrades between schema versions.
//!
//! Each version's changes are one upgrade step (`schema/v1.rs`, `schema/v2.rs`,
//! `schema/v3.rs`: the search index and the stored-body total; `schema/v4.rs`: the
//! fingerprints of merged issues; `schema/v5.rs`: one tallies record per issue). A new
//! database runs every step; an older one runs the steps it lacks, inside the
//! `versionchange` transaction, so an upgrade is applied whole or not at all.

mod open;
mod v1;
mod v2;
mod v3;
mod v4;
mod v5;

pub(crate) use open::{delete, open};

/// The schema version this code writes.
pub(crate) const VERSION: u32 = 5;

/// Issues, keyed by `id`.
pub(crate) const ISSUES: &str = "issues";
/// Event records, keyed by event id.
pub(crate) const EVENTS: &str = "events";
/// Versions 2 to 4: distinct users per issue, keyed by `[issueId, key]` (version 5 moved
/// them into [`TALLIES`]).
pub(crate) const USERS: &str = "users";
/// Status changes, auto-numbered.
pub(crate) const ACTIVITY: &str = "activity";
/// Versions 2 to 4: event counts per issue and hour or day, keyed by
/// `[issueId, unit, bucket]` (version 5 moved them into [`TALLIES`]).
pub(crate) const COUNTERS: &str = "counters";
/// Each issue's distinct users and hour and day counters in one record, keyed by
/// `issueId` (`tally_record.rs`).
pub(crate) const TALLIES: &str = "tallies";
/// Events waiting to be sent to a server, auto-numbered in capture order.
pub(crate) const OUTBOX: &str = "outbox";
/// Counters and settings, keyed by name.
pub(crate) const META: &str = "meta";
/// The search index: chunks of issue entries as text, keyed by chunk number.
pub(crate) const SEARCH: &str = "search";

/// Unique index of issues by fingerprint.
pub(crate) const BY_FINGERPRINT: &str = "fingerprint";
/// Unique multi-entry index of issues by every other fingerprint that leads to them
/// (merged parts' fingerprints, regroup aliases): `schema/v4.rs`.
pub(crate) const BY_OTHER_FINGERPRINT: &str = "otherFingerprints";
/// Events by `[issueId, ts]`.
pub(crate) const BY_ISSUE_TIME: &str = "issue_ts";
/// Activity by issue.
pub(crate) const BY_ISSUE: &str = "issueId";
/// Versions 2 to 4: the `users` store by distinct-user key.
pub(crate) const BY_USER: &str = "key";
/// Users' issues: the multi-entry index of the `tallies` store by distinct-user key.
pub(crate) const BY_TALLY_USER: &str = "users";
/// Issues by the bytes of their stored events (for evicting the largest first).
pub(crate) const BY_STORED_BYTES: &str = "storedBytes";

/// The sort orders of the issue stream, each with an index per status and one over all.
pub(crate) const SORT_KEYS: [&str; 4] = ["lastSeenMs", "firstSeenMs", "count", "userCount"];

/// The name of the index sorting by `key`, within one status (`status_KEY`) or over all.
pub(crate) fn sort_index(key: &str, by_status: bool) -> String {
    if by_status {
        format!("status_{key}")
    } else {
        key.to_string()
    }
}
