use super::*;
use crate::{Exception, ExceptionList, Level, Stacktrace};

fn event(ty: &str, value: &str, functions: &[(&str, &str, bool)]) -> Event {
    let frames = functions
        .iter()
        .map(|(function, url, in_app)| Frame {
            function: Some(function.to_string()),
            abs_path: Some(url.to_string()),
            lineno: Some(1),
            in_app: Some(*in_app),
            ..Frame::default()
        })
        .collect();
    Event {
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some(ty.to_string()),
                value: Some(value.to_string()),
                stacktrace: Some(Stacktrace {
                    frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    }
}

fn first_line(rules: &str, event: &Event) -> Option<usize> {
    FingerprintRules::parse(rules)
        .unwrap()
        .first_match(event)
        .map(FingerprintRule::line)
}

fn error(rules: &str) -> (usize, usize, String) {
    let e = FingerprintRules::parse(rules).unwrap_err();
    (e.line, e.column, e.message)
}

#[test]
fn parses_matchers_values_and_title() {
    let rules = FingerprintRules::parse(
        "# comment\n\n  error.type:\"Connection Error\" !app:no -> db, {{ default }} title=\"DB \\\"down\\\"\"\n",
    )
    .unwrap();
    let rule = &rules.rules()[0];
    assert_eq!(rule.line(), 3);
    assert_eq!(rule.fingerprint(), ["db", "{{ default }}"]);
    assert_eq!(rule.title(), Some("DB \"down\""));
    assert_eq!(rules.rules().len(), 1);
}

#[test]
fn first_matching_rule_wins() {
    let rules = "error.type:RangeError -> a\nerror.type:Type* -> b\nerror.type:TypeError -> c";
    let e = event("TypeError", "x", &[]);
    assert_eq!(first_line(rules, &e), Some(2));
    assert_eq!(first_line(rules, &event("SyntaxError", "x", &[])), None);
}

#[test]
fn all_matchers_of_a_rule_must_hold() {
    let e = event(
        "TypeError",
        "mail to bob failed",
        &[("send_welcome", "https://h/static/mail.js", true)],
    );
    let holds = |rule: &str| first_line(&format!("{rule} -> x"), &e).is_some();
    assert!(holds("error.type:TypeError stack.function:send_welcome"));
    assert!(!holds("error.type:TypeError stack.function:render"));
    assert!(holds("error.value:\"mail to *\""));
    assert!(holds("message:*bob*"));
    assert!(holds("stack.abs_path:**/static/*.js"));
    assert!(!holds("stack.abs_path:*/mail.js"));
    assert!(holds("app:yes"));
    assert!(!holds("app:no"));
    assert!(holds("!stack.function:render"));
    assert!(holds("level:error"));
    assert!(!holds("level:fatal"));
    assert!(!holds("tags.region:eu"));
}

#[test]
fn function_matches_the_printed_or_the_plain_name() {
    let e = event(
        "E",
        "",
        &[("Object.send_welcome [as send]", "https://h/a.js", true)],
    );
    assert_eq!(first_line("stack.function:send_welcome -> x", &e), Some(1));
    assert_eq!(first_line("stack.function:Object.send* -> x", &e), Some(1));
}

#[test]
fn module_tags_logger_and_release_match_event_fields() {
    let mut e = event("E", "", &[]);
    e.tags.insert("region".into(), "eu-west".into());
    e.logger = Some("checkout".into());
    e.release = Some("1.2.3".into());
    e.level = Level::Warning;
    if let Some(frame) = e
        .exception
        .as_mut()
        .and_then(|l| l.values[0].stacktrace.as_mut())
    {
        frame.frames.push(Frame {
            module: Some("app::mail".into()),
            ..Frame::default()
        });
    }
    let rules =
        "tags.region:eu-* logger:checkout release:1.* level:warning stack.module:app::* -> x";
    assert_eq!(first_line(rules, &e), Some(1));
}

/// Rules text, and the line, column and message of its error.
const PARSE_ERRORS: [(&str, usize, usize, &str); 14] = [
    (
        "error.type:A -> a\nerror.tpye:TypeError -> b",
        2,
        1,
        "unknown matcher `error.tpye`",
    ),
    (
        "error.type:A",
        1,
        13,
        "expected `->` and a fingerprint after the matchers",
    ),
    ("  -> a", 1, 3, "a rule needs a matcher before `->`"),
    (
        "error.type:A ->  ",
        1,
        18,
        "expected a fingerprint after `->`",
    ),
    (
        "error.type: -> a",
        1,
        12,
        "expected a value after `error.type:`",
    ),
    ("error.type -> a", 1, 11, "expected `:` after `error.type`"),
    ("app:maybe -> a", 1, 5, "`app` expects `yes` or `no`"),
    ("message:\"open -> a", 1, 9, "unterminated quoted string"),
    (
        "type:A -> a color=\"red\"",
        1,
        13,
        "unknown attribute `color`",
    ),
    ("type:A -> a {{ default", 1, 13, "unterminated `{{`"),
    (
        "type:A -> a {x",
        1,
        13,
        "unexpected `{`; variables are written `{{ name }}`",
    ),
    ("tags.:x -> a", 1, 1, "unknown matcher `tags.`"),
    (
        "é:x -> a",
        1,
        1,
        "expected a matcher such as `error.type:TypeError`",
    ),
    (
        "type:A -> a title=\"x\" title=\"y\"",
        1,
        23,
        "`title` given twice",
    ),
];

#[test]
fn errors_name_line_column_and_problem() {
    for (rules, line, column, message) in PARSE_ERRORS {
        assert_eq!(error(rules), (line, column, message.to_string()), "{rules}");
    }
    let e = FingerprintRules::parse("type:é -> a title=x").unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 19: expected a quoted value after `title=`"
    );
}

#[test]
fn the_rules_config_names_the_rules_but_not_their_comments() {
    let rules = FingerprintRules::parse("error.type:A -> a\nerror.type:B -> b").unwrap();
    let commented =
        FingerprintRules::parse("# ours\n  error.type:A -> a  \n\nerror.type:B -> b\n").unwrap();
    let other = FingerprintRules::parse("error.type:A -> a").unwrap();
    assert!(rules
        .config()
        .starts_with(&format!("{GROUPING_CONFIG}+rules:")));
    assert_eq!(rules.config(), commented.config());
    assert_ne!(rules.config(), other.config());
    assert_eq!(FingerprintRules::default().config(), GROUPING_CONFIG);
    let again = FingerprintRules::parse(&rules.to_text()).unwrap();
    assert_eq!(again.config(), rules.config());
    let event = crate::Event::default();
    assert_eq!(
        crate::fingerprint_with(&event, &rules).config,
        rules.config()
    );
    let none = FingerprintRules::default();
    assert_eq!(
        crate::fingerprint_with(&event, &none).config,
        GROUPING_CONFIG
    );
}
