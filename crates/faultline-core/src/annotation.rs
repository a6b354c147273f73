//! What people add to an issue besides its status: free-text notes and an assignee.
//!
//! Both are kept as typed (the viewer shows them as text, never as markup), trimmed and
//! bounded, and each change is an activity entry: the notes themselves are `note` entries
//! of the issue's history, and the issue counts them (for `has:notes`).

use crate::count::add_count;
use crate::truncate_str;
use crate::{Activity, ActivityKind, Issue, Timestamp};

/// The longest note kept, in bytes; a longer one is cut at a character boundary.
pub const MAX_NOTE_LEN: usize = 10_000;
/// The longest assignee kept, in bytes.
pub const MAX_ASSIGNEE_LEN: usize = 200;

/// Why a note was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteError {
    /// Nothing but whitespace.
    Empty,
}

impl std::fmt::Display for NoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoteError::Empty => f.write_str("a note needs some text"),
        }
    }
}

impl std::error::Error for NoteError {}

impl Issue {
    /// Adds a note (trimmed, at most [`MAX_NOTE_LEN`] bytes); returns its history entry.
    pub fn add_note(&mut self, text: &str, now: Timestamp) -> Result<Activity, NoteError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(NoteError::Empty);
        }
        self.notes = add_count(self.notes, 1);
        let mut text = text.to_string();
        truncate_str(&mut text, MAX_NOTE_LEN);
        Ok(self.activity(now, ActivityKind::Note { text }))
    }

    /// Assigns the issue to `to` (a name or an email, trimmed, at most
    /// [`MAX_ASSIGNEE_LEN`] bytes), or unassigns it when `to` is empty or `None`. Returns
    /// the history entry, or `None` when nothing changed.
    pub fn assign(&mut self, to: Option<&str>, now: Timestamp) -> Option<Activity> {
        let to = to
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                let mut name = name.to_string();
                truncate_str(&mut name, MAX_ASSIGNEE_LEN);
                name
            });
        if to == self.assignee {
            return None;
        }
        self.assignee = to.clone();
        Some(self.activity(now, ActivityKind::Assigned { to }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Grouping, IssueId};

    fn issue() -> Issue {
        let grouping: Grouping = crate::default_fingerprint(&Event::default());
        Issue::open(IssueId(1), &grouping, &Event::default(), false).0
    }

    #[test]
    fn a_note_is_counted_and_kept_as_typed_but_trimmed() {
        let mut issue = issue();
        let entry = issue
            .add_note("  <b>not markup</b>\n", Timestamp(5))
            .unwrap();
        assert_eq!(issue.notes, 1);
        assert_eq!(entry.at, Timestamp(5));
        assert_eq!(
            entry.kind,
            ActivityKind::Note {
                text: "<b>not markup</b>".into()
            }
        );
        assert_eq!(issue.add_note(" \n\t", Timestamp(6)), Err(NoteError::Empty));
        assert_eq!(issue.notes, 1, "an empty note is not counted");
    }

    #[test]
    fn a_long_note_is_cut_at_a_character_boundary() {
        let mut issue = issue();
        let long = "é".repeat(MAX_NOTE_LEN);
        let entry = issue.add_note(&long, Timestamp(1)).unwrap();
        let ActivityKind::Note { text } = entry.kind else {
            panic!("not a note")
        };
        assert!(text.len() <= MAX_NOTE_LEN, "{}", text.len());
        assert!(text.len() > MAX_NOTE_LEN / 2);
    }

    #[test]
    fn assigning_records_only_changes_and_empty_unassigns() {
        let mut issue = issue();
        let entry = issue
            .assign(Some(" ada@example.com "), Timestamp(1))
            .unwrap();
        assert_eq!(issue.assignee.as_deref(), Some("ada@example.com"));
        assert_eq!(
            entry.kind,
            ActivityKind::Assigned {
                to: Some("ada@example.com".into())
            }
        );
        assert_eq!(issue.assign(Some("ada@example.com"), Timestamp(2)), None);
        let entry = issue.assign(Some("  "), Timestamp(3)).unwrap();
        assert_eq!(issue.assignee, None);
        assert_eq!(entry.kind, ActivityKind::Assigned { to: None });
        assert_eq!(issue.assign(None, Timestamp(4)), None);
    }
}
