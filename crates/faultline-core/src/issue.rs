//! Issues: events grouped by fingerprint, with counts and a status.

use serde::{Deserialize, Serialize};

use crate::{Event, Fingerprint, Grouping, IssueId, Level, Timestamp, GROUPING_CONFIG};

/// Where an issue stands in triage.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum IssueStatus {
    /// Needs attention.
    #[default]
    Unresolved,
    /// Fixed; any new event regresses it.
    Resolved,
}

/// What applying an event did to its issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The event opened a new issue.
    New,
    /// The event was counted on an open issue.
    Counted,
    /// The issue was resolved and is open again.
    Regressed,
}

/// A group of events with the same fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Local number.
    pub id: IssueId,
    /// The grouping hash shared by all its events.
    pub fingerprint: Fingerprint,
    /// The grouping rules that produced the fingerprint.
    pub grouping_config: String,
    /// `Type: value`, or the message.
    pub title: String,
    /// Where it happened: function and file:line of the crashing in-app frame.
    pub culprit: Option<String>,
    /// Severity of the latest event.
    pub level: Level,
    /// Triage state.
    #[serde(flatten)]
    pub status: IssueStatus,
    /// Events seen, exact.
    pub count: u64,
    /// Distinct users seen, exact.
    pub user_count: u64,
    /// First event.
    pub first_seen: Timestamp,
    /// Latest event.
    pub last_seen: Timestamp,
    /// Release of the first event.
    pub first_release: Option<String>,
    /// Release of the latest event.
    pub last_release: Option<String>,
}

impl Issue {
    /// A new issue opened by its first event.
    pub fn open(id: IssueId, grouping: &Grouping, event: &Event) -> Issue {
        Issue {
            id,
            fingerprint: grouping.fingerprint.clone(),
            grouping_config: GROUPING_CONFIG.to_string(),
            title: title_of(event),
            culprit: culprit_of(event),
            level: event.level,
            status: IssueStatus::Unresolved,
            count: 1,
            user_count: 0,
            first_seen: event.timestamp,
            last_seen: event.timestamp,
            first_release: event.release.clone(),
            last_release: event.release.clone(),
        }
    }

    /// Counts a further event with this issue's fingerprint.
    pub fn apply(&mut self, event: &Event) -> Outcome {
        self.count += 1;
        self.first_seen = self.first_seen.min(event.timestamp);
        if event.timestamp >= self.last_seen {
            self.last_seen = event.timestamp;
            self.level = event.level;
            self.last_release = event.release.clone().or(self.last_release.take());
        }
        match self.status {
            IssueStatus::Resolved => {
                self.status = IssueStatus::Unresolved;
                Outcome::Regressed
            }
            IssueStatus::Unresolved => Outcome::Counted,
        }
    }
}

/// `TypeError: Cannot read properties of null`, or the message of a message event.
pub fn title_of(event: &Event) -> String {
    match event.primary_exception() {
        Some(exc) => match (exc.ty.as_deref(), exc.value.as_deref()) {
            (Some(ty), Some(value)) if !value.is_empty() => format!("{ty}: {value}"),
            (Some(ty), _) => ty.to_string(),
            (None, Some(value)) => value.to_string(),
            (None, None) => "Error".to_string(),
        },
        None => event
            .message
            .clone()
            .unwrap_or_else(|| "(no message)".to_string()),
    }
}

/// `send_welcome at /demo/app.js:12` for the crashing in-app frame.
pub fn culprit_of(event: &Event) -> Option<String> {
    let frames = &event.primary_exception()?.stacktrace.as_ref()?.frames;
    let frame = frames
        .iter()
        .rev()
        .find(|f| f.in_app == Some(true))
        .or(frames.last())?;
    let function = frame.function.as_deref().unwrap_or("?");
    Some(match (frame.filename.as_deref(), frame.lineno) {
        (Some(file), Some(line)) => format!("{function} at {file}:{line}"),
        (Some(file), None) => format!("{function} at {file}"),
        _ => function.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{default_fingerprint, parse_stack, Exception, ExceptionList, Stacktrace};

    fn thrown(at: i64) -> Event {
        let stack = "TypeError: x\n    at send_welcome (http://h/demo/app.js:12:17)\n    at onclick (http://h/demo/app.js:30:5)";
        Event {
            timestamp: Timestamp(at),
            exception: Some(ExceptionList {
                values: vec![Exception {
                    ty: Some("TypeError".into()),
                    value: Some("x".into()),
                    stacktrace: Some(Stacktrace {
                        frames: parse_stack(stack).frames,
                        ..Stacktrace::default()
                    }),
                    ..Exception::default()
                }],
            }),
            ..Event::default()
        }
    }

    #[test]
    fn first_event_opens_an_issue_with_title_and_culprit() {
        let e = thrown(1000);
        let issue = Issue::open(IssueId(1), &default_fingerprint(&e), &e);
        assert_eq!(issue.title, "TypeError: x");
        assert_eq!(
            issue.culprit.as_deref(),
            Some("send_welcome at /demo/app.js:12")
        );
        assert_eq!(
            (issue.count, issue.first_seen, issue.last_seen),
            (1, Timestamp(1000), Timestamp(1000))
        );
    }

    #[test]
    fn resolved_issue_regresses_on_new_event() {
        let e = thrown(1000);
        let mut issue = Issue::open(IssueId(1), &default_fingerprint(&e), &e);
        assert_eq!(issue.apply(&thrown(2000)), Outcome::Counted);
        issue.status = IssueStatus::Resolved;
        assert_eq!(issue.apply(&thrown(3000)), Outcome::Regressed);
        assert_eq!(issue.status, IssueStatus::Unresolved);
        assert_eq!((issue.count, issue.last_seen), (3, Timestamp(3000)));
    }
}
