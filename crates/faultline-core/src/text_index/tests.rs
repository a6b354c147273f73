//! The text index against the query's own issue-by-issue text match.

use proptest::prelude::*;

use super::*;
use crate::query::contains_ignoring_case;
use crate::testing;

fn issue(title: &str, culprit: Option<&str>) -> Issue {
    let mut issue = testing::issue(1, title);
    issue.culprit = culprit.map(str::to_string);
    issue
}

/// What `Filter::Text(term)` matches, issue by issue.
fn one_by_one(issues: &[Issue], term: &str) -> Vec<usize> {
    let found = |hay: &str| contains_ignoring_case(hay, term);
    (0..issues.len())
        .filter(|&i| found(&issues[i].title) || issues[i].culprit.as_deref().is_some_and(found))
        .collect()
}

#[test]
fn a_term_finds_the_issues_whose_title_or_culprit_holds_it_in_any_case() {
    let issues = [
        issue("TypeError: Cannot read 'email42'", Some("send at /app.js")),
        issue(
            "ReferenceError: x is not defined",
            Some("Email42Form at /form.js"),
        ),
        issue("email4", None),
        issue("Σ ΣΑΣ ERROR", Some("ΣΑΣ")),
        issue("", Some("")),
    ];
    let index = TextIndex::new(&issues);
    assert_eq!(index.len(), 5);
    assert_eq!(index.matching("EMAIL42"), Some(vec![0, 1]));
    assert_eq!(index.matching("email"), Some(vec![0, 1, 2]));
    assert_eq!(index.matching("not defined"), Some(vec![1]));
    // Unicode lowercase, the final sigma included, as the one-by-one match has it.
    assert_eq!(index.matching("σας"), one_by_one(&issues, "σας").into());
    assert_eq!(index.matching("ΣΑΣ"), Some(vec![3]));
    assert_eq!(index.matching("nowhere"), Some(vec![]));
}

#[test]
fn no_match_spans_a_title_and_its_culprit_or_two_issues() {
    let issues = [issue("abc", Some("def")), issue("ghi", None)];
    let index = TextIndex::new(&issues);
    assert_eq!(index.matching("cd"), Some(vec![]));
    assert_eq!(index.matching("fg"), Some(vec![]));
    assert_eq!(index.matching("c\0d"), None);
    assert_eq!(index.matching(""), None);
    assert!(TextIndex::new(&[]).is_empty());
    assert_eq!(TextIndex::new(&[]).matching("a"), Some(vec![]));
}

proptest! {
    #[test]
    fn it_finds_exactly_what_the_issue_by_issue_match_finds(
        fields in proptest::collection::vec(("[aAbB\u{3a3}\u{3c3}\u{130}i\0 ]{0,8}", proptest::option::of("[aAbB\u{3a3}i ]{0,6}")), 0..12),
        term in "[aAbB\u{3a3}\u{3c2}\u{130}i\0 ]{0,3}",
    ) {
        let issues: Vec<Issue> = fields.iter().map(|(t, c)| issue(t, c.as_deref())).collect();
        match TextIndex::new(&issues).matching(&term) {
            Some(found) => prop_assert_eq!(found, one_by_one(&issues, &term)),
            None => prop_assert!(term.is_empty() || term.contains('\0')),
        }
    }
}
