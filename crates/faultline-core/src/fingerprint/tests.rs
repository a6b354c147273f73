use super::*;
use crate::{Exception, ExceptionList, Frame, Level, Stacktrace};

fn frame(function: &str, url: &str, line: u32) -> Frame {
    Frame {
        function: Some(function.to_string()),
        abs_path: Some(url.to_string()),
        lineno: Some(line),
        in_app: Some(true),
        ..Frame::default()
    }
}

fn event(ty: &str, value: &str, frames: Vec<Frame>) -> Event {
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

fn app_event(ty: &str, frames: &[(&str, u32)]) -> Event {
    let frames = frames
        .iter()
        .map(|(f, line)| frame(f, "https://h/app.js", *line))
        .collect();
    event(ty, "boom", frames)
}

#[test]
fn moved_lines_keep_the_fingerprint() {
    let a = default_fingerprint(&app_event("TypeError", &[("main", 3), ("f", 10)]));
    let b = default_fingerprint(&app_event("TypeError", &[("main", 4), ("f", 99)]));
    assert_eq!(a, b);
    assert_eq!(
        a.components,
        ["type:TypeError", "frame:f@app.js", "frame:main@app.js"]
    );
    assert_eq!(a.explanation.basis, GroupingBasis::InAppFrames);
    assert_eq!(a.config, GROUPING_CONFIG);
}

#[test]
fn another_type_or_function_is_another_issue() {
    let a = default_fingerprint(&app_event("TypeError", &[("f", 1)]));
    let other_type = default_fingerprint(&app_event("RangeError", &[("f", 1)]));
    let other_function = default_fingerprint(&app_event("TypeError", &[("g", 1)]));
    assert_ne!(a.fingerprint, other_type.fingerprint);
    assert_ne!(a.fingerprint, other_function.fingerprint);
}

#[test]
fn the_hash_of_a_simple_event_is_pinned() {
    // Changing this means every stored issue splits: bump GROUPING_CONFIG with it.
    let grouping = default_fingerprint(&app_event("TypeError", &[("f", 1)]));
    assert_eq!(
        grouping.fingerprint.as_str(),
        hash(&["type:TypeError".into(), "frame:f@app.js".into()]).as_str()
    );
    assert_eq!(grouping.fingerprint.as_str().len(), 32);
}

#[test]
fn redeployed_bundles_with_new_content_hashes_keep_the_fingerprint() {
    let build = |url: &str| event("TypeError", "x", vec![frame("render", url, 1)]);
    let a = default_fingerprint(&build("https://cdn/app/main.3f2a9c.js"));
    let b = default_fingerprint(&build("https://cdn/app/main.9b8e7d.js?v=2"));
    assert_eq!(a.fingerprint, b.fingerprint);
}

#[test]
fn without_any_frame_that_counts_the_normalized_value_decides() {
    let native = |value: &str| {
        let mut f = frame("JSON.parse", "<anonymous>", 1);
        (f.lineno, f.in_app) = (None, Some(false));
        let mut extension = frame("inject", "chrome-extension://abc/content.js", 3);
        extension.in_app = Some(false);
        event("TypeError", value, vec![extension, f])
    };
    let a = default_fingerprint(&native("no user 42 at https://api/x"));
    let b = default_fingerprint(&native("no user 7 at https://api/y"));
    let c = default_fingerprint(&native("no order 7 at https://api/y"));
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_ne!(a.fingerprint, c.fingerprint);
    assert_eq!(a.components[1], "value:no user <num> at <url>");
    assert_eq!(a.explanation.basis, GroupingBasis::ExceptionValue);
    let reasons: Vec<_> = a.explanation.frames.iter().map(|v| &v.outcome).collect();
    assert_eq!(
        reasons,
        [
            &FrameOutcome::Skipped {
                reason: SkipReason::Native
            },
            &FrameOutcome::Skipped {
                reason: SkipReason::Extension
            }
        ]
    );
}

#[test]
fn without_in_app_frames_all_frames_decide_before_the_value() {
    let library = |function: &str, value: &str| {
        let mut f = frame(function, "https://h/node_modules/x/index.js", 1);
        f.in_app = Some(false);
        event("TypeError", value, vec![f])
    };
    let a = default_fingerprint(&library("parse", "bad input 1"));
    let b = default_fingerprint(&library("parse", "bad input 2"));
    let c = default_fingerprint(&library("render", "bad input 1"));
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_ne!(a.fingerprint, c.fingerprint);
    assert_eq!(a.components, ["type:TypeError", "frame:parse@index.js"]);
    assert_eq!(a.explanation.basis, GroupingBasis::SystemFrames);
}

#[test]
fn extension_frames_never_decide_a_group() {
    let with_extension = |function: &str| {
        let mut extension = frame(function, "moz-extension://1234/content.js", 9);
        extension.in_app = Some(false);
        let app = frame("checkout", "https://h/app.js", 2);
        event("TypeError", "x", vec![app, extension])
    };
    let a = default_fingerprint(&with_extension("hook"));
    let b = default_fingerprint(&with_extension("otherHook"));
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_eq!(a.components, ["type:TypeError", "frame:checkout@app.js"]);
}

#[test]
fn app_errors_add_their_value_and_engine_errors_do_not() {
    let thrown = |ty: &str, value: &str| {
        default_fingerprint(&event(ty, value, vec![frame("f", "https://h/app.js", 1)]))
    };
    assert_ne!(
        thrown("Error", "Email is required").fingerprint,
        thrown("Error", "Password is too short").fingerprint
    );
    assert_eq!(
        thrown("Error", "order 12 failed").fingerprint,
        thrown("Error", "order 7 failed").fingerprint
    );
    assert_eq!(
        thrown("TypeError", "x is undefined").fingerprint,
        thrown(
            "TypeError",
            "Cannot read properties of undefined (reading 'x')"
        )
        .fingerprint
    );
}

#[test]
fn message_events_group_by_normalized_message() {
    let message = |text: &str| Event {
        message: Some(text.to_string()),
        ..Event::default()
    };
    let a = default_fingerprint(&message("payment 1234 declined for bob@example.com"));
    let b = default_fingerprint(&message("payment 99 declined for eve@example.org"));
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_eq!(a.explanation.basis, GroupingBasis::Message);
}

#[test]
fn an_event_fingerprint_replaces_the_default() {
    let mut e = app_event("TypeError", &[("f", 1)]);
    let default = default_fingerprint(&e);
    e.fingerprint = vec!["checkout".into(), "card".into()];
    let custom = default_fingerprint(&e);
    assert_ne!(custom.fingerprint, default.fingerprint);
    assert_eq!(custom.components, ["checkout", "card"]);
    assert_eq!(custom.explanation.basis, GroupingBasis::EventFingerprint);
    assert_eq!(custom.explanation.default_fingerprint, default.fingerprint);

    let mut other = app_event("RangeError", &[("g", 1)]);
    other.fingerprint = e.fingerprint.clone();
    assert_eq!(default_fingerprint(&other).fingerprint, custom.fingerprint);
}

#[test]
fn default_variable_stands_for_the_default_hash() {
    let mut e = app_event("TypeError", &[("f", 1)]);
    let default = default_fingerprint(&e);
    e.fingerprint = vec!["{{ default }}".into()];
    assert_eq!(default_fingerprint(&e).fingerprint, default.fingerprint);

    e.fingerprint = vec!["{{default}}".into(), "{{ tags.region }}".into()];
    e.tags.insert("region".into(), "eu".into());
    let split = default_fingerprint(&e);
    assert_ne!(split.fingerprint, default.fingerprint);
    assert_eq!(
        split.components,
        [default.fingerprint.0.clone(), "eu".into()]
    );
}

#[test]
fn a_matching_rule_wins_over_the_event_fingerprint_and_sets_the_title() {
    let rules = FingerprintRules::parse(
        "error.type:RangeError -> never\n\
         error.type:TypeError stack.function:send_* -> mail-failures title=\"Mail: {{ error.value }}\"",
    )
    .unwrap();
    let mut e = app_event("TypeError", &[("main", 1), ("Object.send_welcome", 2)]);
    e.fingerprint = vec!["from-the-sdk".into()];
    let grouping = fingerprint_with(&e, &rules);
    assert_eq!(grouping.components, ["mail-failures"]);
    assert_eq!(grouping.title.as_deref(), Some("Mail: boom"));
    assert_eq!(
        grouping.explanation.basis,
        GroupingBasis::Rule {
            line: 2,
            rule: "error.type:TypeError stack.function:send_* -> mail-failures title=\"Mail: {{ error.value }}\"".into()
        }
    );
    let unmatched = fingerprint_with(&app_event("TypeError", &[("render", 1)]), &rules);
    assert_eq!(unmatched.explanation.basis, GroupingBasis::InAppFrames);
}

#[test]
fn the_explanation_serializes_for_the_viewer() {
    let mut native = frame("Array.map", "<anonymous>", 1);
    native.lineno = None;
    let e = event(
        "TypeError",
        "x",
        vec![
            frame("main", "https://h/app.js", 1),
            native,
            frame("f", "https://h/app.js", 2),
        ],
    );
    let json = serde_json::to_value(default_fingerprint(&e).explanation).unwrap();
    assert_eq!(
        json["basis"],
        serde_json::json!({ "kind": "in_app_frames" })
    );
    assert_eq!(
        json["frames"],
        serde_json::json!([
            { "index": 2, "outcome": "contributed", "component": "frame:f@app.js" },
            { "index": 1, "outcome": "skipped", "reason": "native" },
            { "index": 0, "outcome": "contributed", "component": "frame:main@app.js" },
        ])
    );
    let round_trip: GroupingExplanation = serde_json::from_value(json).unwrap();
    assert_eq!(round_trip, default_fingerprint(&e).explanation);
}

#[test]
fn level_is_not_part_of_the_default_fingerprint() {
    let mut e = app_event("TypeError", &[("f", 1)]);
    let a = default_fingerprint(&e);
    e.level = Level::Fatal;
    assert_eq!(default_fingerprint(&e).fingerprint, a.fingerprint);
}
