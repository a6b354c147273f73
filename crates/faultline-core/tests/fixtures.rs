//! Real stacks from real engines, parsed and grouped.
//!
//! `fixtures/chromium/` and `fixtures/firefox/` hold `Error.stack` strings captured by
//! `fixtures/capture.mjs` from the page in `fixtures/page/` (`fixtures/firefox-async-stacks/`:
//! a few again, from Firefox told to record async stacks as it does under devtools); `fixtures/jsc/` holds
//! hand-written JavaScriptCore stacks (Safari cannot run here; each file says so). Each
//! `NAME.txt` is a stack exactly as the engine printed it and `NAME.json` the error's
//! type and message plus the expected frames, oldest call first (Sentry's order).
//!
//! `FAULTLINE_BLESS=1 cargo test -p faultline-core --test fixtures` rewrites the expected
//! frames from the parser's output; review that diff by hand before committing it.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use faultline_core::{
    default_fingerprint, parse_stack, Event, Exception, ExceptionList, Frame, Stacktrace,
};
use serde::{Deserialize, Serialize};

/// A fixture's expectations.
#[derive(Debug, Clone, Deserialize)]
struct Expected {
    captured_from: String,
    #[serde(rename = "type")]
    ty: String,
    value: String,
    frames: Vec<ExpectedFrame>,
}

/// What a parsed frame must be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ExpectedFrame {
    function: Option<String>,
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    in_app: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    instruction_addr: Option<String>,
}

/// One stack and its expectations.
#[derive(Debug, Clone)]
struct Fixture {
    name: String,
    path: PathBuf,
    stack: String,
    expected: Expected,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture of one engine, by scenario name.
fn load(engine: &str) -> BTreeMap<String, Fixture> {
    let dir = fixtures_dir().join(engine);
    let mut fixtures = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let json = path.with_extension("json");
        let expected = serde_json::from_str(&std::fs::read_to_string(&json).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
        let stack = std::fs::read_to_string(&path).unwrap();
        fixtures.insert(
            name.clone(),
            Fixture {
                name,
                path,
                stack,
                expected,
            },
        );
    }
    fixtures
}

fn expected_frame(frame: &Frame) -> ExpectedFrame {
    ExpectedFrame {
        function: frame.function.clone(),
        file: frame.abs_path.clone(),
        line: frame.lineno,
        column: frame.colno,
        in_app: frame.in_app.unwrap_or(false),
        instruction_addr: frame
            .other
            .get("instruction_addr")
            .and_then(|v| v.as_str())
            .map(str::to_string),
    }
}

/// Parses `input` and compares its frames with `expected`, frame by frame.
fn check(input: &str, expected: &[ExpectedFrame]) -> Result<(), String> {
    let actual: Vec<ExpectedFrame> = parse_stack(input)
        .frames
        .iter()
        .map(expected_frame)
        .collect();
    if actual.len() != expected.len() {
        return Err(format!(
            "{} frames, expected {}",
            actual.len(),
            expected.len()
        ));
    }
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        if a != e {
            return Err(format!("frame {i}:\n  actual   {a:?}\n  expected {e:?}"));
        }
    }
    Ok(())
}

/// Checks every fixture of `engine`, or rewrites its expectations when blessing.
fn check_engine(engine: &str, at_least: usize) {
    let fixtures = load(engine);
    assert!(
        fixtures.len() >= at_least,
        "{engine}: only {} fixtures",
        fixtures.len()
    );
    let bless = std::env::var_os("FAULTLINE_BLESS").is_some();
    let mut failures = Vec::new();
    for fixture in fixtures.values() {
        if bless {
            bless_fixture(fixture);
        } else if let Err(e) = check(&fixture.stack, &fixture.expected.frames) {
            failures.push(format!("{}: {e}", fixture.path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes the parser's frames into the fixture's JSON, one frame per line.
fn bless_fixture(fixture: &Fixture) {
    let frames: Vec<String> = parse_stack(&fixture.stack)
        .frames
        .iter()
        .map(|f| format!("    {}", serde_json::to_string(&expected_frame(f)).unwrap()))
        .collect();
    let e = &fixture.expected;
    let frames = if frames.is_empty() {
        String::new()
    } else {
        format!("\n{}\n  ", frames.join(",\n"))
    };
    let json = format!(
        "{{\n  \"captured_from\": {},\n  \"type\": {},\n  \"value\": {},\n  \"frames\": [{frames}]\n}}\n",
        serde_json::to_string(&e.captured_from).unwrap(),
        serde_json::to_string(&e.ty).unwrap(),
        serde_json::to_string(&e.value).unwrap(),
    );
    std::fs::write(fixture.path.with_extension("json"), json).unwrap();
}

/// The event a capture would build from the fixture (and its cause, if any).
fn event_of(fixture: &Fixture) -> Event {
    let exception = Exception {
        ty: Some(fixture.expected.ty.clone()),
        value: Some(fixture.expected.value.clone()),
        stacktrace: Some(Stacktrace {
            frames: parse_stack(&fixture.stack).frames,
            ..Stacktrace::default()
        }),
        ..Exception::default()
    };
    Event {
        exception: Some(ExceptionList {
            values: vec![exception],
        }),
        ..Event::default()
    }
}

#[test]
fn chromium_stacks_parse_to_their_expected_frames() {
    check_engine("chromium", 20);
}

#[test]
fn firefox_stacks_parse_to_their_expected_frames() {
    check_engine("firefox", 20);
}

#[test]
fn firefox_async_stack_captures_parse_to_their_expected_frames() {
    check_engine("firefox-async-stacks", 3);
}

#[test]
fn hand_written_javascriptcore_stacks_parse_to_their_expected_frames() {
    check_engine("jsc", 5);
}

#[test]
fn hand_written_fixtures_say_so() {
    for fixture in load("jsc").values() {
        assert!(
            fixture.expected.captured_from.starts_with("HAND-WRITTEN"),
            "{}",
            fixture.name
        );
    }
}

/// Scenarios whose engines report different exception types for the same bug: a stack
/// overflow is `RangeError` in V8 and `InternalError` in SpiderMonkey. They still group.
const DIFFERENT_TYPES: [&str; 2] = ["overflow_walk", "recursion"];

/// Asserts that every scenario both engines captured groups the same in both, and
/// returns how many were compared.
fn assert_same_groups(a: &str, b: &str) -> usize {
    let (a_fixtures, b_fixtures) = (load(a), load(b));
    let mut compared = 0;
    for (name, fa) in &a_fixtures {
        let Some(fb) = b_fixtures.get(name) else {
            continue;
        };
        if DIFFERENT_TYPES.contains(&name.as_str()) {
            assert_ne!(fa.expected.ty, fb.expected.ty, "{name}");
        } else {
            assert_eq!(fa.expected.ty, fb.expected.ty, "{name}: types differ");
        }
        let (ga, gb) = (
            default_fingerprint(&event_of(fa)),
            default_fingerprint(&event_of(fb)),
        );
        assert_eq!(
            ga.fingerprint, gb.fingerprint,
            "{name}:\n  {a} {:?}\n  {b} {:?}",
            ga.components, gb.components
        );
        compared += 1;
    }
    compared
}

#[test]
fn the_same_bug_in_chromium_and_firefox_gets_the_same_fingerprint() {
    let compared = assert_same_groups("chromium", "firefox");
    assert!(compared >= 25, "compared only {compared}");
}

#[test]
fn firefox_async_stack_frames_do_not_change_the_fingerprint() {
    // Firefox under devtools adds `async*f` and `setTimeout handler*f` frames.
    assert_eq!(assert_same_groups("chromium", "firefox-async-stacks"), 3);
    assert_eq!(assert_same_groups("firefox", "firefox-async-stacks"), 3);
}

#[test]
fn hand_written_safari_stacks_group_with_chromium() {
    let chromium = load("chromium");
    let mut compared = 0;
    for (name, jsc) in load("jsc") {
        let Some(c) = chromium.get(&name) else {
            continue;
        };
        let (gc, gj) = (
            default_fingerprint(&event_of(c)),
            default_fingerprint(&event_of(&jsc)),
        );
        assert_eq!(
            gc.fingerprint, gj.fingerprint,
            "{name}:\n  chromium {:?}\n  jsc      {:?}",
            gc.components, gj.components
        );
        compared += 1;
    }
    assert!(compared >= 3, "compared only {compared}");
}

/// One Rust panic built twice, with legacy and v0 symbol mangling: the same bug.
const SAME_BUG: [(&str, &str); 1] = [("wasm_panic", "wasm_panic_v0")];

/// The fingerprint of a fixture.
fn grouping_of(engine: &str, name: &str) -> faultline_core::Grouping {
    let fixtures = load(engine);
    let fixture = fixtures
        .get(name)
        .unwrap_or_else(|| panic!("{engine}/{name}"));
    default_fingerprint(&event_of(fixture))
}

#[test]
fn grouping_fixtures_group_as_the_issue_asks() {
    for engine in ["chromium", "firefox"] {
        let overflow = grouping_of(engine, "overflow_walk");
        assert_eq!(
            overflow.components,
            ["type:<stack overflow>", "frame:walk@grouping.js"],
            "{engine}"
        );
        // Firefox's `ValidationError` constructor frame does not count.
        let subclass = grouping_of(engine, "subclass_from_helper");
        assert_eq!(subclass.components[1], "frame:requireField@grouping.js");
        assert_eq!(
            subclass.components.last().unwrap(),
            "value:email is invalid"
        );
        // Two throws on adjacent lines: the same frames, two issues.
        let email = grouping_of(engine, "two_throws_email");
        let password = grouping_of(engine, "two_throws_password");
        assert_ne!(email.fingerprint, password.fingerprint, "{engine}");
        assert_eq!(email.components[..2], password.components[..2]);
    }
    let redux = grouping_of("chromium", "redux_middleware");
    assert_eq!(
        redux.components[1..4],
        [
            "frame:cartReducer@grouping.js",
            "frame:dispatch@grouping.js",
            "frame:@grouping.js"
        ]
    );
}

#[test]
fn different_bugs_get_different_fingerprints_in_each_engine() {
    for engine in ["chromium", "firefox"] {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (name, fixture) in load(engine) {
            let grouping = default_fingerprint(&event_of(&fixture));
            let Some(other) = seen.insert(grouping.fingerprint.0.clone(), name.clone()) else {
                continue;
            };
            let same_bug = SAME_BUG.contains(&(other.as_str(), name.as_str()));
            assert!(
                same_bug,
                "{engine}: {name} and {other} share {:?}",
                grouping.components
            );
        }
    }
}
