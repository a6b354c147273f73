//! Grouping of stacks without in-app frames, parsed from engine output.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;

use faultline_core::{
    culprit_of, default_fingerprint, parse_stack, Event, Exception, ExceptionList, GroupingBasis,
    Stacktrace,
};

fn event(stack: &str, value: &str) -> Event {
    Event {
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".into()),
                value: Some(value.into()),
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

/// What Chromium 156 prints for a `new Function` function run from code without a URL
/// (captured with Playwright's `page.evaluate`, which runs code as a console does).
fn chromium_no_url(n: usize) -> String {
    format!(
        "TypeError: Cannot read properties of null (reading 'x')\n    \
         at holdout_bug_{n} (eval at <anonymous> (eval at evaluate (:370:30)), <anonymous>:3:40)\n    \
         at eval (eval at evaluate (:370:30), <anonymous>:5:11)\n    \
         at UtilityScript.evaluate (<anonymous>:372:16)\n    \
         at UtilityScript.<anonymous> (<anonymous>:1:44)"
    )
}

/// The same in SpiderMonkey's syntax for code without a URL.
fn firefox_no_url(n: usize) -> String {
    format!("holdout_bug_{n}@Function:3:40\n@debugger eval code:5:11\n")
}

#[test]
fn twenty_functions_without_a_url_are_twenty_issues() {
    for (engine, stack) in [
        ("chromium", chromium_no_url as fn(usize) -> String),
        ("firefox", firefox_no_url),
    ] {
        let mut fingerprints = BTreeSet::new();
        for n in 0..20 {
            let e = event(&stack(n), &format!("holdout bug {n}"));
            let grouping = default_fingerprint(&e);
            assert_ne!(grouping.explanation.basis, GroupingBasis::ExceptionValue);
            fingerprints.insert(grouping.fingerprint);
            let culprit = culprit_of(&e).unwrap();
            assert!(
                culprit.starts_with(&format!("holdout_bug_{n}")),
                "{culprit}"
            );
            assert!(!culprit.trim_end().ends_with(" at"), "{culprit}");
        }
        assert_eq!(fingerprints.len(), 20, "{engine}");
    }
}

#[test]
fn chromium_code_without_a_url_is_the_system_variant() {
    let grouping = default_fingerprint(&event(&chromium_no_url(3), "holdout bug 3"));
    assert_eq!(grouping.explanation.basis, GroupingBasis::SystemFrames);
    assert_eq!(grouping.components[1], "frame:holdout_bug_3@<anonymous>");
}

#[test]
fn stacks_of_extension_frames_only_fall_back_to_the_value() {
    let stack = "TypeError: boom 1\n    at inject (chrome-extension://abc/content.js:1:2)\n\
                 isClaimed@safari-web-extension://ID/c.js:2:9";
    let grouping = default_fingerprint(&event(stack, "boom 1"));
    assert_eq!(grouping.explanation.basis, GroupingBasis::ExceptionValue);
    let safari = "isClaimed@safari-extension://com.x/ee/Grammarly.js:2:929865\n\
                  safari-extension://com.x/ee/Grammarly.js:2:1588410\n";
    let frames = parse_stack(safari).frames;
    assert!(frames.iter().all(|f| f.in_app == Some(false)));
    let grouping = default_fingerprint(&event(safari, "boom 2"));
    assert_eq!(grouping.components, ["type:TypeError", "value:boom <num>"]);
}

/// A stack 14 app frames deep with built-ins between them, as Chromium prints it (with
/// `Error.stackTraceLimit` raised, as `init` does) and as Firefox does (no built-ins).
fn deep_stack(chromium: bool) -> String {
    let mut lines = vec!["TypeError: cart.items is undefined".to_string()];
    for depth in 0..14 {
        let (function, line) = (format!("step_{depth}"), 10 + depth);
        if chromium {
            lines.push(format!(
                "    at {function} (https://shop.example/app.js:{line}:5)"
            ));
            if depth % 3 == 0 {
                lines.push("    at Array.map (<anonymous>)".to_string());
            }
        } else {
            lines.push(format!("{function}@https://shop.example/app.js:{line}:5"));
        }
    }
    lines.join("\n")
}

#[test]
fn built_ins_that_only_v8_prints_do_not_move_the_frame_window() {
    let fingerprint = |chromium| {
        let mut e = event(&deep_stack(chromium), "cart.items is undefined");
        for frame in e.exception.as_mut().unwrap().values[0]
            .stacktrace
            .as_mut()
            .unwrap()
            .frames
            .iter_mut()
        {
            if frame
                .abs_path
                .as_deref()
                .is_some_and(|p| p.starts_with("https://"))
            {
                frame.in_app = Some(true);
            }
        }
        default_fingerprint(&e).fingerprint
    };
    assert_eq!(fingerprint(true), fingerprint(false));
}
