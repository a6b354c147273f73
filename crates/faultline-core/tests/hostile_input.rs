//! Untrusted input: stack strings, rules text and globs never panic, and their output
//! and work stay bounded whatever they are fed.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use faultline_core::{
    default_fingerprint, parse_stack, Event, Exception, ExceptionList, FingerprintRules, Glob,
    Stacktrace, MAX_FRAMES, MAX_LINE_LEN,
};
use proptest::prelude::*;

/// Pieces of real frame syntax, so generated lines get deep into every parser branch.
const FRAGMENTS: [&str; 24] = [
    "    at ",
    "at async ",
    "new ",
    "Object.f [as g] ",
    "(",
    ")",
    "@",
    "http://h/a.js",
    "blob:http://h/x",
    "data:text/javascript,(",
    ":12",
    ":0x1f",
    ":wasm-function[3]",
    " line 4 > eval",
    " > Function",
    "eval at f (",
    "<anonymous>",
    "[native code]",
    "<?>.wasm-function[",
    "_ZN3app4main17h0123456789abcdefE",
    "_RNvNtCs1234_3app4main",
    "/<",
    "*",
    "\n",
];

fn stack_strategy() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(&FRAGMENTS[..]).prop_map(str::to_string);
    let noise = "[ -~é\n]{0,12}";
    prop::collection::vec(prop_oneof![fragment, noise], 0..60).prop_map(|parts| parts.concat())
}

fn event_with(frames: Vec<faultline_core::Frame>, value: &str) -> Event {
    Event {
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".into()),
                value: Some(value.into()),
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

/// A backtracking matcher for `*`-only plain globs: slow but obviously right.
fn reference_match(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|i| reference_match(rest, &text[i..])),
        Some(('?', rest)) => !text.is_empty() && reference_match(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && reference_match(rest, &text[1..]),
    }
}

proptest! {
    #[test]
    fn stack_parsing_never_panics_and_accounts_for_every_line(stack in stack_strategy()) {
        let parsed = parse_stack(&stack);
        prop_assert!(parsed.frames.len() <= MAX_FRAMES);
        prop_assert_eq!(
            parsed.frames.len() + parsed.dropped_frames + parsed.skipped_lines,
            stack.lines().count()
        );
        for frame in &parsed.frames {
            let longest = [&frame.function, &frame.abs_path, &frame.filename]
                .into_iter()
                .flatten()
                .map(String::len)
                .max()
                .unwrap_or(0);
            // Demangling can only shorten a symbol; nothing outgrows its capped line.
            prop_assert!(longest <= MAX_LINE_LEN, "{longest}");
        }
        let grouping = default_fingerprint(&event_with(parsed.frames, &stack));
        prop_assert_eq!(grouping.fingerprint.as_str().len(), 32);
    }

    #[test]
    fn stack_parsing_of_arbitrary_text_never_panics(stack in "\\PC{0,300}") {
        let parsed = parse_stack(&stack);
        prop_assert!(parsed.frames.len() <= MAX_FRAMES);
    }

    #[test]
    fn rules_parsing_never_panics_and_points_inside_the_text(
        text in prop::collection::vec(
            prop_oneof![
                prop::sample::select(&[
                    "error.type:", "stack.function:", "app:", "tags.x:", "!", "->", "\"", "\\",
                    "{{", "}}", " default ", "title=", ",", " ", "\n", "#", "*", "**",
                ][..]).prop_map(str::to_string),
                "[ -~é]{0,8}",
            ],
            0..40,
        ).prop_map(|parts| parts.concat())
    ) {
        match FingerprintRules::parse(&text) {
            Ok(rules) => {
                for rule in rules.rules() {
                    prop_assert!(!rule.fingerprint().is_empty());
                    prop_assert!(rule.line() >= 1 && rule.line() <= text.lines().count());
                }
            }
            Err(e) => {
                prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1));
                let line = text.lines().nth(e.line - 1).unwrap_or("");
                prop_assert!(e.column >= 1 && e.column <= line.chars().count() + 1);
            }
        }
    }

    #[test]
    fn glob_matching_agrees_with_a_reference_matcher(
        pattern in "[ab*?]{0,8}",
        text in "[ab]{0,10}",
    ) {
        let expected = reference_match(
            &pattern.chars().collect::<Vec<_>>(),
            &text.chars().collect::<Vec<_>>(),
        );
        prop_assert_eq!(Glob::new(&pattern).is_match(&text), expected);
    }

    #[test]
    fn glob_matching_never_panics(pattern in "\\PC{0,40}", text in "\\PC{0,200}") {
        let _ = Glob::new(&pattern).is_match(&text);
        let _ = Glob::path(&pattern).is_match(&text);
        let literal = pattern.replace(['*', '?', '\\'], "");
        let suffix_glob = Glob::new(&format!("*{literal}"));
        let matched = suffix_glob.is_match(&format!("x{literal}"));
        prop_assert!(matched);
    }
}

#[test]
fn a_one_megabyte_line_is_capped_before_parsing() {
    let line = format!("    at f (http://h/{}.js:1:2)", "a".repeat(1 << 20));
    let parsed = parse_stack(&line);
    assert_eq!(parsed.truncated_lines, 1);
    // Cut before its `)` and line number: the function and the URL's first bytes remain.
    assert_eq!(parsed.frames.len(), 1);
    assert_eq!(parsed.frames[0].function.as_deref(), Some("f"));
    assert_eq!(parsed.frames[0].lineno, None);

    let gecko = format!("f@http://h/a.js:1:2{}", "@".repeat(1 << 20));
    let parsed = parse_stack(&gecko);
    assert_eq!(parsed.truncated_lines, 1);
    assert_eq!(parsed.frames.len() + parsed.skipped_lines, 1);
}

#[test]
fn a_hundred_thousand_line_stack_keeps_the_crashing_end_and_counts_the_rest() {
    let stack: String = std::iter::once("Error: deep\n".to_string())
        .chain((0..100_000).map(|i| format!("    at f{i} (http://h/app.js:{i}:1)\n")))
        .collect();
    let parsed = parse_stack(&stack);
    assert_eq!(parsed.frames.len(), MAX_FRAMES);
    assert_eq!(parsed.dropped_frames, 100_000 - MAX_FRAMES);
    assert_eq!(parsed.skipped_lines, 1);
    assert_eq!(
        parsed.frames.last().unwrap().function.as_deref(),
        Some("f0")
    );
    assert_eq!(parsed.frames[0].function.as_deref(), Some("f49"));

    let junk = "Error: not@a.frame\n".repeat(100_000);
    let parsed = parse_stack(&junk);
    assert_eq!((parsed.frames.len(), parsed.skipped_lines), (0, 100_000));
}

#[test]
fn a_one_megabyte_value_is_normalized_without_blowing_up() {
    let value = "id 12345 at https://x/y ".repeat(1 << 15);
    let grouping = default_fingerprint(&event_with(Vec::new(), &value));
    let component = &grouping.components[1];
    assert!(component.starts_with("value:id <num> at <url> id <num>"));
    // Only the first 8 KiB count (341 repeats of the 24-byte pattern).
    assert_eq!(component.matches("<url>").count(), 8 * 1024 / 24);
}

#[test]
fn a_hostile_glob_on_a_long_path_is_bounded() {
    let pattern = "**a".repeat(20);
    let text = "a/".repeat(20_000);
    assert!(!Glob::path(&pattern).is_match(&(text.clone() + "b")));
    assert!(Glob::path(&pattern).is_match(&(text + "a")));
}
