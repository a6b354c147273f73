//! The search index's text: round trips, updates in place, and what does not read.

use super::*;
use crate::testing::issue;

/// Reads `issues` back from one chunk and checks they come back as they were.
fn check_round_trip(issues: &[Issue]) {
    let text = update_chunk("", issues);
    let read = parse_chunk(&text);
    assert_eq!(read.unreadable, 0, "{text}");
    let mut expected = issues.to_vec();
    expected.sort_by_key(|i| i.id);
    assert_eq!(read.issues, expected);
}

#[test]
fn every_status_and_odd_text_reads_back_as_written() {
    let statuses = [
        Status::Unresolved,
        Status::Resolved,
        Status::ResolvedInNextRelease { release: None },
        Status::ResolvedInNextRelease {
            release: Some("2.0".into()),
        },
        Status::Ignored {
            until: Ignore::Forever,
        },
        Status::Ignored {
            until: Ignore::Events {
                count: 10,
                from_count: 4,
            },
        },
        Status::Ignored {
            until: Ignore::Users {
                count: 2,
                from_users: 1,
            },
        },
        Status::Ignored {
            until: Ignore::Time {
                until: Timestamp(-5),
            },
        },
    ];
    let issues: Vec<Issue> = statuses
        .into_iter()
        .enumerate()
        .map(|(n, status)| Issue {
            status,
            substatus: SUBSTATUSES[n % SUBSTATUSES.len()],
            level: LEVELS[n % LEVELS.len()],
            ..issue(n as u64 + 1, "TypeError: 12:3, ~ ünïcødé 🦀 \u{1f}")
        })
        .collect();
    check_round_trip(&issues);
    check_round_trip(&[Issue {
        culprit: None,
        error_type: None,
        resolved_at: Some(Timestamp(i64::MAX)),
        count: crate::MAX_COUNT,
        first_release: None,
        last_release: None,
        releases: Vec::new(),
        environments: vec![String::new(), ":".into()],
        first_seen: Timestamp(i64::MIN),
        ..issue(u64::MAX >> 1, "")
    }]);
}

#[test]
fn an_assignee_and_notes_read_back_and_entries_without_them_read_as_unassigned() {
    let mut assigned = issue(1, "assigned");
    assigned.assignee = Some("ana@example.com".into());
    let mut noted = issue(2, "noted, nobody on it");
    noted.notes = 3;
    let mut both = issue(3, "both, with an empty name");
    both.assignee = Some(String::new());
    both.notes = 1;
    check_round_trip(&[assigned, noted, both, issue(4, "neither")]);
    // An entry as written before notes and assignees existed has neither field.
    let plain = issue(5, "old entry");
    let old = entry_text(&plain);
    let mut w = Writer(String::new());
    w.text(&old);
    let read = parse_chunk(&w.0);
    assert_eq!(read.issues, [plain]);
    // Half of the pair is not an entry.
    let mut w = Writer(String::new());
    w.text(&format!("{old}~"));
    assert_eq!(parse_chunk(&w.0).unreadable, 1);
}

#[test]
fn a_merged_issue_keeps_its_parts_ids_and_an_issue_merged_away_leaves_the_index() {
    let mut merged = issue(3, "merged");
    let mut part = issue(300, "part");
    part.fingerprint = Fingerprint("part".into());
    merged.fingerprint = Fingerprint("own".into());
    merged.parts = vec![merged.clone(), part.clone()];
    merged.reroute();
    let stored = update_chunks(&[], [&merged, &part]);
    assert_eq!(stored.len(), 2, "issues 3 and 300 are in chunks 0 and 1");
    let mut written = merged.clone();
    written.count = 6;
    let rewritten = rewrite_chunks(&stored, &[IssueId(3), IssueId(300)], &[written]);
    let read: Vec<Issue> = rewritten
        .iter()
        .flat_map(|(_, text)| parse_chunk(text).issues)
        .collect();
    assert_eq!(read.len(), 1, "the part's own entry is gone");
    assert_eq!((read[0].id, read[0].count), (IssueId(3), 6));
    assert_eq!(read[0].tallies(), [IssueId(3), IssueId(300)]);
    assert_eq!(rewritten[1], (1, String::new()));
}

#[test]
fn an_update_replaces_an_entry_and_adds_new_ones_in_id_order() {
    let text = update_chunk("", &[issue(3, "c"), issue(1, "a")]);
    let counted = Issue {
        count: 99,
        ..issue(3, "c")
    };
    let text = update_chunk(&text, [&counted, &issue(2, "b")]);
    let read = parse_chunk(&text);
    let titles: Vec<(u64, &str, u64)> = read
        .issues
        .iter()
        .map(|i| (i.id.0, i.title.as_str(), i.count))
        .collect();
    assert_eq!(titles, [(1, "a", 3), (2, "b", 3), (3, "c", 99)]);
}

#[test]
fn issues_are_filed_in_chunks_of_256_and_each_chunk_is_rewritten_once() {
    let issues = [
        issue(255, "a"),
        issue(256, "b"),
        issue(3, "c"),
        issue(700, "d"),
    ];
    assert_eq!(search_chunks_of(&issues), [0, 1, 2]);
    let stored = vec![(1, update_chunk("", &[issue(300, "old")]))];
    let updates = update_chunks(&stored, &issues);
    let ids: Vec<(u64, Vec<u64>)> = updates
        .iter()
        .map(|(n, text)| {
            (
                *n,
                parse_chunk(text).issues.iter().map(|i| i.id.0).collect(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [(0, vec![3, 255]), (1, vec![256, 300]), (2, vec![700])]
    );
}

#[test]
fn an_entry_that_does_not_read_is_counted_and_the_rest_still_reads() {
    let good = update_chunk("", &[issue(1, "a"), issue(2, "b")]);
    let bad_entry = "5:1,zz,";
    let text = format!("{bad_entry}{good}");
    let read = parse_chunk(&text);
    assert_eq!(read.unreadable, 1);
    assert_eq!(read.issues.len(), 2);
    // A broken length ends the chunk: what came before it still counts.
    let read = parse_chunk(&format!("{good}99999:abc"));
    assert_eq!((read.issues.len(), read.unreadable), (2, 1));
    // An update keeps only what reads.
    let updated = update_chunk(&text, [&issue(3, "c")]);
    let ids: Vec<u64> = parse_chunk(&updated)
        .issues
        .iter()
        .map(|i| i.id.0)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "~",
        "-",
        "3:",
        "1:é",
        "2:é",
        "18446744073709551616:x",
        "5:1,1:",
        "40:1,1:a~~3,u0,0,~0,0,0,0,~~99999,",
    ] {
        let read = parse_chunk(text);
        assert!(read.issues.is_empty(), "{text:?}");
        let _ = update_chunk(text, [&issue(1, "a")]);
    }
}
