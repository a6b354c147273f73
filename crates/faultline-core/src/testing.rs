//! Test helpers shared by the crate's unit tests.

use crate::{Fingerprint, Issue, IssueId, Level, Status, Substatus, Timestamp};

/// An unresolved `TypeError` issue `id` titled `title`, with a culprit, three events from
/// one user over two releases in production.
pub(crate) fn issue(id: u64, title: &str) -> Issue {
    Issue {
        id: IssueId(id),
        fingerprint: Fingerprint(String::new()),
        grouping_config: String::new(),
        title: title.to_string(),
        culprit: Some("send at /app.js:12".into()),
        error_type: Some("TypeError".into()),
        level: Level::Error,
        status: Status::Unresolved,
        substatus: Substatus::New,
        status_changed: Timestamp(1_700_000_000_000),
        resolved_at: None,
        count: 3,
        user_count: 1,
        first_seen: Timestamp(1_700_000_000_000),
        last_seen: Timestamp(1_700_000_360_000),
        first_release: Some("1.0".into()),
        last_release: Some("1.1".into()),
        releases: vec!["1.0".into(), "1.1".into()],
        environments: vec!["production".into()],
        assignee: None,
        notes: 0,
        aliases: Vec::new(),
        parts: Vec::new(),
        routes: Vec::new(),
        tallied: None,
    }
}
