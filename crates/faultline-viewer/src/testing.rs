//! Builders shared by the unit tests.

use faultline_core::{Fingerprint, Issue, IssueId, Level, Status, Substatus, Timestamp};

/// An hour in milliseconds.
pub const HOUR: i64 = 3_600_000;
/// A fixed "now" for tests: 2026-11-27T12:00:00Z.
pub const NOW: i64 = 1_795_780_800_000;

/// An unresolved issue seen once, an hour ago, titled `TypeError: <title>`.
pub fn issue(id: u64, title: &str) -> Issue {
    let at = Timestamp(NOW - HOUR);
    Issue {
        id: IssueId(id),
        fingerprint: Fingerprint(format!("{id:032x}")),
        grouping_config: "faultline:2".into(),
        title: format!("TypeError: {title}"),
        culprit: Some(format!("f{id} at /app.js:{id}")),
        error_type: Some("TypeError".into()),
        level: Level::Error,
        status: Status::Unresolved,
        substatus: Substatus::Ongoing,
        status_changed: at,
        resolved_at: None,
        count: 1,
        user_count: 0,
        first_seen: at,
        last_seen: at,
        first_release: Some("1.0".into()),
        last_release: Some("1.0".into()),
        releases: vec!["1.0".into()],
        environments: vec!["production".into()],
        assignee: None,
        notes: 0,
        aliases: Vec::new(),
        parts: Vec::new(),
        routes: Vec::new(),
        tallied: None,
    }
}
