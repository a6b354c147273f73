//! The viewer's search language: parsing (strict and lenient), matching and sorting.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use faultline_core::{
    matches, AssigneeFilter, Comparison, Filter, IssueView, Level, ParseQueryError, Query,
    QueryStatus, QuerySubstatus, SortKey, Term, TimeFilter, Timestamp, UserFilter,
};

const HOUR: i64 = 3_600_000;
const NOW: Timestamp = Timestamp(1_795_858_492_000);

fn term(filter: Filter) -> Term {
    Term {
        negated: false,
        filter,
    }
}

fn not(filter: Filter) -> Term {
    Term {
        negated: true,
        filter,
    }
}

/// Strict parsing of `input` gives exactly `expected` terms.
fn check(input: &str, expected: &[Term]) {
    let query = Query::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert_eq!(query.terms, expected, "{input:?}");
}

/// Strict parsing of `input` fails at `position` with a message containing `fragment`.
fn check_error(input: &str, position: usize, fragment: &str) {
    let error = Query::parse(input).unwrap_err();
    assert_eq!(error.position, position, "{input:?}: {error}");
    assert!(error.message.contains(fragment), "{input:?}: {error}");
}

mod parsing {
    use super::*;

    #[test]
    fn statuses_and_substatuses() {
        check(
            "is:unresolved is:resolved is:ignored is:archived is:new is:regressed",
            &[
                term(Filter::Status(QueryStatus::Unresolved)),
                term(Filter::Status(QueryStatus::Resolved)),
                term(Filter::Status(QueryStatus::Ignored)),
                term(Filter::Status(QueryStatus::Ignored)),
                term(Filter::QuerySubstatus(QuerySubstatus::New)),
                term(Filter::QuerySubstatus(QuerySubstatus::Regressed)),
            ],
        );
    }

    #[test]
    fn field_filters() {
        check(
            "level:error release:1.2 environment:prod error.type:TypeError",
            &[
                term(Filter::Level(Level::Error)),
                term(Filter::Release("1.2".into())),
                term(Filter::Environment("prod".into())),
                term(Filter::ErrorType("TypeError".into())),
            ],
        );
    }

    #[test]
    fn user_filters_any_field_or_one_key() {
        check(
            "user:42 user:email:a@b.c user.username:ann user.ip:1.2.3.4",
            &[
                term(Filter::User(UserFilter::Any("42".into()))),
                term(Filter::User(UserFilter::Key("email:a@b.c".into()))),
                term(Filter::User(UserFilter::Key("username:ann".into()))),
                term(Filter::User(UserFilter::Key("ip:1.2.3.4".into()))),
            ],
        );
    }

    #[test]
    fn relative_and_absolute_times() {
        check(
            "firstSeen:-24h lastSeen:+7d firstSeen:>=2026-11-01 lastSeen:<2026-11-28T09:00:00Z \
             firstSeen:2026-11-02 lastSeen:-90m firstSeen:+2w",
            &[
                term(Filter::FirstSeen(TimeFilter::Within(24 * HOUR))),
                term(Filter::LastSeen(TimeFilter::OlderThan(7 * 24 * HOUR))),
                term(Filter::FirstSeen(TimeFilter::Compare(
                    Comparison::Ge,
                    Timestamp::parse_rfc3339("2026-11-01T00:00:00Z").unwrap(),
                ))),
                term(Filter::LastSeen(TimeFilter::Compare(
                    Comparison::Lt,
                    Timestamp::parse_rfc3339("2026-11-28T09:00:00Z").unwrap(),
                ))),
                term(Filter::FirstSeen(TimeFilter::Day(
                    Timestamp::parse_rfc3339("2026-11-02T00:00:00Z").unwrap(),
                ))),
                term(Filter::LastSeen(TimeFilter::Within(90 * 60_000))),
                term(Filter::FirstSeen(TimeFilter::OlderThan(14 * 24 * HOUR))),
            ],
        );
    }

    #[test]
    fn free_text_quoted_phrases_and_negation() {
        check(
            r#"checkout "cannot read \"x\"" !level:info !environment:"staging eu" !flaky"#,
            &[
                term(Filter::Text("checkout".into())),
                term(Filter::Text("cannot read \"x\"".into())),
                not(Filter::Level(Level::Info)),
                not(Filter::Environment("staging eu".into())),
                not(Filter::Text("flaky".into())),
            ],
        );
    }

    #[test]
    fn keys_are_case_insensitive_and_text_keeps_unicode() {
        check(
            "LEVEL:Warning firstseen:-1d café",
            &[
                term(Filter::Level(Level::Warning)),
                term(Filter::FirstSeen(TimeFilter::Within(24 * HOUR))),
                term(Filter::Text("café".into())),
            ],
        );
    }

    #[test]
    fn sort_is_read_apart_from_the_terms() {
        let query = Query::parse("is:unresolved sort:freq").unwrap();
        assert_eq!(query.sort, Some(SortKey::Freq));
        assert_eq!(query.terms.len(), 1);
        assert_eq!(Query::parse("").unwrap().sort_key(), SortKey::Date);
        assert_eq!(Query::parse("   ").unwrap(), Query::default());
    }
}

mod strict_errors {
    use super::*;

    #[test]
    fn unknown_key_points_at_the_key() {
        check_error("level:error colour:red", 12, "unknown search key `colour`");
    }

    #[test]
    fn bad_values_point_at_the_value() {
        check_error("level:loud", 6, "expected debug, info");
        check_error("is:maybe", 3, "expected unresolved");
        check_error("firstSeen:yesterday", 10, "expected -24h");
        check_error("lastSeen:-24", 9, "expected -24h");
        check_error("sort:random", 5, "expected date, new, freq or user");
    }

    #[test]
    fn structural_mistakes() {
        check_error("release:", 8, "`release:` needs a value");
        check_error("ab \"open phrase", 3, "never closed");
        check_error("release:\"1.2\"x", 13, "space after the closing quote");
        check_error("! level:error", 0, "`!` must be followed");
        check_error("!sort:new", 0, "cannot be negated");
    }

    #[test]
    fn errors_display_position_and_message() {
        let e = ParseQueryError {
            position: 3,
            message: "m".into(),
        };
        assert_eq!(e.to_string(), "at 3: m");
    }
}

mod lenient {
    use super::*;

    #[test]
    fn unknown_keys_become_text_and_are_reported() {
        let (query, notes) = Query::parse_lenient("http://x.test/a !colour:red level:error");
        assert_eq!(
            query.terms,
            [
                term(Filter::Text("http://x.test/a".into())),
                not(Filter::Text("colour:red".into())),
                term(Filter::Level(Level::Error)),
            ]
        );
        let positions: Vec<usize> = notes.iter().map(|n| n.position).collect();
        assert_eq!(positions, [0, 17]);
    }

    #[test]
    fn half_typed_terms_are_repaired() {
        let (query, notes) = Query::parse_lenient("level: \"unclosed phrase");
        assert_eq!(query.terms, [term(Filter::Text("unclosed phrase".into()))]);
        assert_eq!(notes.len(), 2);
        let (query, notes) = Query::parse_lenient("level:loud !");
        assert_eq!(query.terms, [term(Filter::Text("level:loud".into()))]);
        assert_eq!(notes.len(), 2);
    }
}

/// An issue as the tests see it.
struct Fake {
    status: QueryStatus,
    substatus: QuerySubstatus,
    level: Level,
    title: &'static str,
    culprit: Option<&'static str>,
    error_type: Option<&'static str>,
    releases: Vec<&'static str>,
    environments: Vec<&'static str>,
    users: Vec<&'static str>,
    first_seen: Timestamp,
    last_seen: Timestamp,
    count: u64,
    user_count: u64,
    assignee: Option<&'static str>,
    notes: u64,
}

impl IssueView for Fake {
    fn status(&self) -> QueryStatus {
        self.status
    }
    fn substatus(&self) -> QuerySubstatus {
        self.substatus
    }
    fn level(&self) -> Level {
        self.level
    }
    fn title(&self) -> &str {
        self.title
    }
    fn culprit(&self) -> Option<&str> {
        self.culprit
    }
    fn error_type(&self) -> Option<&str> {
        self.error_type
    }
    fn has_release(&self, release: &str) -> bool {
        self.releases.contains(&release)
    }
    fn has_environment(&self, environment: &str) -> bool {
        self.environments.contains(&environment)
    }
    fn has_user(&self, key: &str) -> bool {
        self.users.contains(&key)
    }
    fn first_seen(&self) -> Timestamp {
        self.first_seen
    }
    fn last_seen(&self) -> Timestamp {
        self.last_seen
    }
    fn count(&self) -> u64 {
        self.count
    }
    fn user_count(&self) -> u64 {
        self.user_count
    }
    fn assignee(&self) -> Option<&str> {
        self.assignee
    }
    fn notes(&self) -> u64 {
        self.notes
    }
}

fn issue() -> Fake {
    Fake {
        status: QueryStatus::Unresolved,
        substatus: QuerySubstatus::Regressed,
        level: Level::Error,
        title: "TypeError: Cannot read properties of null",
        culprit: Some("send_welcome at /demo/app.js:12"),
        error_type: Some("TypeError"),
        releases: vec!["1.1", "1.2"],
        environments: vec!["prod"],
        users: vec!["id:42", "email:ann@example.invalid"],
        first_seen: NOW.plus_millis(-48 * HOUR),
        last_seen: NOW.plus_millis(-HOUR),
        count: 10,
        user_count: 2,
        assignee: None,
        notes: 0,
    }
}

fn hits(query: &str, issue: &Fake) -> bool {
    matches(&Query::parse(query).unwrap(), issue, NOW)
}

mod matching {
    use super::*;

    #[test]
    fn assignee_and_notes_filters_read_what_people_added() {
        check(
            "assigned:ada@example.com is:unassigned is:assigned has:notes",
            &[
                term(Filter::Assigned(AssigneeFilter::Named(
                    "ada@example.com".into(),
                ))),
                term(Filter::Assigned(AssigneeFilter::Nobody)),
                term(Filter::Assigned(AssigneeFilter::Anyone)),
                term(Filter::HasNotes),
            ],
        );
        check_error("has:stacktrace", 4, "expected notes");
        let mut i = issue();
        assert!(hits("is:unassigned !has:notes", &i));
        assert!(!hits("is:assigned", &i));
        assert!(!hits("assigned:ada", &i));
        i.assignee = Some("Ada Lovelace");
        i.notes = 2;
        assert!(hits("is:assigned has:notes", &i));
        assert!(
            hits("assigned:\"ada lovelace\"", &i),
            "names match ignoring case"
        );
        assert!(
            !hits("assigned:ada", &i),
            "a name matches whole, not a prefix"
        );
        assert!(!hits("is:unassigned", &i));
    }

    #[test]
    fn every_term_must_hold() {
        let i = issue();
        assert!(hits(
            "is:unresolved is:regressed level:error release:1.2",
            &i
        ));
        assert!(hits("environment:prod error.type:TypeError", &i));
        assert!(!hits("is:unresolved level:warning", &i));
        assert!(!hits("is:new", &i));
        assert!(!hits("release:1.3", &i));
        assert!(!hits("error.type:typeerror", &i));
        assert!(hits("", &i));
    }

    #[test]
    fn negation_inverts_one_term() {
        let i = issue();
        assert!(hits("!is:resolved !environment:staging", &i));
        assert!(!hits("!level:error", &i));
    }

    #[test]
    fn user_matches_any_field_unless_one_is_named() {
        let i = issue();
        assert!(hits("user:42", &i));
        assert!(hits("user:ann@example.invalid", &i));
        assert!(hits("user.id:42", &i));
        assert!(!hits("user.email:42", &i));
        assert!(!hits("user:43", &i));
    }

    #[test]
    fn relative_times_are_resolved_against_now() {
        let i = issue();
        assert!(hits("lastSeen:-2h", &i));
        assert!(!hits("firstSeen:-24h", &i));
        assert!(hits("firstSeen:+1d", &i));
        assert!(!hits("lastSeen:+1d", &i));
        assert!(hits("firstSeen:-48h", &i), "the bound is inclusive");
    }

    #[test]
    fn absolute_times_compare_and_days_cover_24_hours() {
        let mut i = issue();
        i.first_seen = Timestamp::parse_rfc3339("2026-11-02T23:59:59.999Z").unwrap();
        assert!(hits("firstSeen:2026-11-02", &i));
        assert!(!hits("firstSeen:2026-11-03", &i));
        assert!(hits("firstSeen:>2026-11-02", &i));
        assert!(!hits("firstSeen:<2026-11-02", &i));
        assert!(hits("firstSeen:<=2026-11-02T23:59:59.999Z", &i));
        assert!(!hits("firstSeen:<2026-11-02T23:59:59.999Z", &i));
    }

    #[test]
    fn free_text_searches_title_and_culprit_ignoring_case() {
        let i = issue();
        assert!(hits("cannot READ", &i));
        assert!(hits("\"properties of null\"", &i));
        assert!(hits("send_welcome", &i));
        assert!(!hits("undefined", &i));
        assert!(!hits("\"null properties\"", &i));
        assert!(hits("OF NULL", &i));
        assert!(!hits("cannot read properties of null, really", &i));
    }

    #[test]
    fn free_text_ignores_case_beyond_ascii() {
        let mut i = issue();
        i.title = "Échec: la requête a expiré";
        assert!(hits("ÉCHEC", &i));
        assert!(hits("requête", &i));
        assert!(hits("REQUÊTE A", &i));
        assert!(!hits("requete", &i));
        // An ASCII needle in a title that is not ASCII.
        assert!(hits("LA", &i));
    }
}

mod sorting {
    use super::*;

    #[test]
    fn sort_keys_put_the_largest_first_and_break_ties_by_recency() {
        let mut a = issue();
        a.count = 5;
        a.user_count = 9;
        let mut b = issue();
        b.count = 50;
        b.user_count = 1;
        b.first_seen = NOW;
        b.last_seen = NOW.plus_millis(-2 * HOUR);
        fn first(key: SortKey, a: &Fake, b: &Fake) -> u64 {
            let mut v = [a, b];
            v.sort_by(|x, y| key.compare(*x, *y));
            v[0].user_count
        }
        assert_eq!(first(SortKey::Date, &a, &b), 9);
        assert_eq!(first(SortKey::New, &a, &b), 1);
        assert_eq!(first(SortKey::Freq, &a, &b), 1);
        assert_eq!(first(SortKey::User, &a, &b), 9);
        b.count = 5;
        assert_eq!(
            first(SortKey::Freq, &a, &b),
            9,
            "tie goes to the latest seen"
        );
    }

    #[test]
    fn sort_names_round_trip() {
        for key in [SortKey::Date, SortKey::New, SortKey::Freq, SortKey::User] {
            assert_eq!(SortKey::parse(key.as_str()), Some(key));
        }
    }
}

mod issue_search {
    use faultline_core::{
        default_fingerprint, matches, Event, Exception, ExceptionList, IgnoreFor, Issue, IssueId,
        IssueSearch, Query, Timestamp,
    };

    fn issue() -> Issue {
        let event = |at: i64, release: &str, env: &str| Event {
            timestamp: Timestamp(at),
            release: Some(release.into()),
            environment: Some(env.into()),
            exception: Some(ExceptionList {
                values: vec![Exception {
                    ty: Some("TypeError".into()),
                    value: Some("x".into()),
                    ..Exception::default()
                }],
            }),
            ..Event::default()
        };
        let first = event(0, "1.0", "production");
        let (mut issue, _) = Issue::open(IssueId(1), &default_fingerprint(&first), &first, true);
        issue.apply(&event(10, "1.1", "staging"), false);
        issue
    }

    fn found(text: &str, issue: &Issue, now: i64) -> bool {
        let query = Query::parse(text).unwrap();
        let search = IssueSearch {
            issue,
            now: Timestamp(now),
            has_user: |key: &str| key == "id:42",
        };
        matches(&query, &search, Timestamp(now))
    }

    #[test]
    fn an_issue_is_found_by_every_release_and_environment_it_was_seen_in() {
        let issue = issue();
        assert_eq!(issue.releases, ["1.0", "1.1"]);
        assert!(found("release:1.0", &issue, 20));
        assert!(found("release:1.1 environment:staging", &issue, 20));
        assert!(!found("release:2.0", &issue, 20));
        assert!(found(
            "is:unresolved is:new error.type:TypeError user:42",
            &issue,
            20
        ));
        assert!(!found("user:7", &issue, 20));
    }

    #[test]
    fn an_ignore_that_ran_out_reads_as_unresolved() {
        let mut issue = issue();
        issue.ignore(IgnoreFor::Millis(100), Timestamp(20));
        assert!(found("is:ignored", &issue, 50));
        assert!(found("is:unresolved", &issue, 120));
    }
}
