//! Sentry's own stack-parser test suite, run through Faultline's parser.
//!
//! `tracekit.json` holds the stacks getsentry/sentry-javascript's browser stack-parser tests
//! feed to its parser, with the frames those tests expect (its README explains the format).
//! It is another project's test data, so it is read from where CI keeps it and never copied
//! here: `$FAULTLINE_PEER_DIR/tracekit.json`, else `../shared/peer/tracekit.json` beside the
//! repository. When it is absent the tests say so and pass.
//!
//! Every case without a `sentry_policy` tag must give every frame: function (`?` for none;
//! a bare `<anonymous>` counts as none), file (the whole URL, Faultline's `abs_path`), line
//! and column (a key the corpus leaves out is not compared). The five `sentry_policy` cases
//! encode choices of Sentry's SDK rather than what the stack says; for those,
//! [`sentry_policy_cases_give_what_faultline_chose`] asserts Faultline's own answer and says
//! why it differs.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;

use faultline_core::{parse_stack, Frame};
use serde::Deserialize;

/// One test of the peer's suite.
#[derive(Debug, Deserialize)]
struct Case {
    id: String,
    #[serde(default)]
    stack: Option<String>,
    #[serde(default)]
    expected: Vec<PeerFrame>,
    #[serde(default)]
    sentry_policy: Option<Vec<String>>,
    /// Why the case has no `stack` to parse (Opera's `stacktrace` property).
    #[serde(default)]
    skip: Option<String>,
    /// React's `framesToPop`: frames the SDK drops from the crashing end.
    #[serde(default, rename = "framesToPop")]
    frames_to_pop: Option<usize>,
    /// Lines the SDK drops from the top of the stack before parsing.
    #[serde(default)]
    skip_first_lines: Option<usize>,
}

/// A frame as the peer's tests expect it; an absent key is not asserted.
#[derive(Debug, Deserialize)]
struct PeerFrame {
    filename: Option<String>,
    function: Option<String>,
    lineno: Option<u32>,
    colno: Option<u32>,
}

/// The corpus, or `None` (after saying so) when it is not on this machine.
fn load_corpus() -> Option<Vec<Case>> {
    let dir = std::env::var_os("FAULTLINE_PEER_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peer"),
        PathBuf::from,
    );
    let path = dir.join("tracekit.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED: {} not found (set FAULTLINE_PEER_DIR to the directory holding tracekit.json)",
            path.display()
        );
        return None;
    };
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The frames Faultline gives for a case, with the SDK steps the corpus emulates applied:
/// leading lines skipped and `framesToPop` frames dropped from the crashing end.
fn frames_of(case: &Case) -> Vec<Frame> {
    let stack = case.stack.as_deref().unwrap_or_default();
    let skip = case.skip_first_lines.unwrap_or(0);
    let stack: Vec<&str> = stack.lines().skip(skip).collect();
    let mut frames = parse_stack(&stack.join("\n")).frames;
    let keep = frames.len().saturating_sub(case.frames_to_pop.unwrap_or(0));
    frames.truncate(keep);
    frames
}

/// The function as the corpus writes it: `?` for none or a bare `<anonymous>`.
fn peer_function(frame: &Frame) -> &str {
    match frame.function.as_deref() {
        None | Some("<anonymous>") => "?",
        Some(function) => function,
    }
}

/// Where `frame` differs from `expected`, if anywhere.
fn frame_mismatch(frame: &Frame, expected: &PeerFrame) -> Option<String> {
    let mut diffs = Vec::new();
    if let Some(function) = &expected.function {
        if peer_function(frame) != function {
            diffs.push(format!(
                "function {:?} != {function:?}",
                peer_function(frame)
            ));
        }
    }
    if expected.filename.is_some() && frame.abs_path != expected.filename {
        diffs.push(format!(
            "file {:?} != {:?}",
            frame.abs_path, expected.filename
        ));
    }
    if expected.lineno.is_some() && frame.lineno != expected.lineno {
        diffs.push(format!("line {:?} != {:?}", frame.lineno, expected.lineno));
    }
    if expected.colno.is_some() && frame.colno != expected.colno {
        diffs.push(format!("column {:?} != {:?}", frame.colno, expected.colno));
    }
    (!diffs.is_empty()).then(|| diffs.join(", "))
}

/// Checks one case: its failures (empty when every frame is right) and frames right.
fn check(case: &Case) -> (Vec<String>, usize) {
    let frames = frames_of(case);
    let mut failures = Vec::new();
    if frames.len() != case.expected.len() {
        failures.push(format!(
            "{}: {} frames, expected {}",
            case.id,
            frames.len(),
            case.expected.len()
        ));
    }
    let mut right = 0;
    for (i, (frame, expected)) in frames.iter().zip(&case.expected).enumerate() {
        match frame_mismatch(frame, expected) {
            Some(diff) => failures.push(format!("{} frame {i}: {diff}", case.id)),
            None => right += 1,
        }
    }
    (failures, right)
}

#[test]
fn every_case_without_sentry_policy_parses_to_the_frames_sentry_expects() {
    let Some(corpus) = load_corpus() else { return };
    let cases: Vec<&Case> = corpus
        .iter()
        .filter(|c| c.skip.is_none() && c.sentry_policy.is_none())
        .collect();
    assert_eq!(cases.len(), 50, "the corpus changed: review this test");
    let (mut failures, mut right, mut total, mut cases_right) = (Vec::new(), 0, 0, 0);
    for case in &cases {
        let (case_failures, case_right) = check(case);
        cases_right += usize::from(case_failures.is_empty());
        failures.extend(case_failures);
        right += case_right;
        total += case.expected.len();
    }
    eprintln!(
        "peer tracekit: {cases_right}/{} cases, {right}/{total} frames right",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The case whose id ends with `name`.
fn case<'a>(corpus: &'a [Case], name: &str) -> &'a Case {
    corpus
        .iter()
        .find(|c| c.id.ends_with(name))
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// (function, file, line, column) of every frame, oldest first.
fn summary(frames: &[Frame]) -> Vec<(String, String, Option<u32>, Option<u32>)> {
    frames
        .iter()
        .map(|f| {
            let file = f.abs_path.clone().unwrap_or_default();
            (peer_function(f).to_string(), file, f.lineno, f.colno)
        })
        .collect()
}

#[test]
fn sentry_policy_cases_give_what_faultline_chose() {
    let Some(corpus) = load_corpus() else { return };
    let policy: Vec<&Case> = corpus
        .iter()
        .filter(|c| c.sentry_policy.is_some())
        .collect();
    assert_eq!(policy.len(), 5, "the corpus changed: review this test");
    webpack_chunk_annotations_are_not_frames(&corpus);
    long_lines_keep_their_function_and_the_first_bytes_of_the_url(&corpus);
    cpp_wasm_frames_keep_the_whole_signature(&corpus);
    data_url_frames_keep_their_url_and_position(&corpus);
    an_sdk_wrapper_frame_is_a_frame(&corpus);
}

/// Sentry turns webpack's `(error: URL)` chunk-load annotations (one of them on a message
/// line) into frames without line or function. They are not calls: the URL of the chunk
/// that failed to load is the message's business, so Faultline skips both lines and keeps
/// the three real frames, which Sentry gets the same.
fn webpack_chunk_annotations_are_not_frames(corpus: &[Case]) {
    let case = case(corpus, "should parse webpack wrapped exceptions");
    let frames = frames_of(case);
    let real = &case.expected[..3];
    assert_eq!(frames.len(), real.len(), "{:?}", summary(&frames));
    for (frame, expected) in frames.iter().zip(real) {
        assert_eq!(frame_mismatch(frame, expected), None);
    }
}

/// Lines are cut at 1,024 bytes before parsing (as Sentry cuts them), so the frame keeps
/// its function and the URL's first bytes, without line or column. Faultline agrees with
/// Sentry here: the policy is shared, and the cut is counted in `truncated_lines`.
fn long_lines_keep_their_function_and_the_first_bytes_of_the_url(corpus: &[Case]) {
    let case = case(corpus, "should truncate frames that are over 1kb");
    let (failures, _) = check(case);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let parsed = parse_stack(case.stack.as_deref().unwrap_or_default());
    assert_eq!(parsed.truncated_lines, 1);
}

/// Sentry's expectations for emscripten's C++ frames are, in its test's words, "really
/// ugly": the signature is split at its first `(` into function and file. Faultline reads
/// the frame as V8 printed it: the whole signature is the function, the module URL the
/// file, and the function index and code offset are kept. The JS frames agree with Sentry.
fn cpp_wasm_frames_keep_the_whole_signature(corpus: &[Case]) {
    let case = case(corpus, "should correctly parse a wasm stack trace");
    let frames = frames_of(case);
    assert_eq!(frames.len(), case.expected.len());
    for (frame, expected) in frames.iter().zip(&case.expected).take(6) {
        assert_eq!(frame_mismatch(frame, expected), None);
    }
    let wasm = &frames[6..];
    let functions: Vec<&str> = wasm.iter().map(peer_function).collect();
    assert_eq!(
        functions,
        [
            "emscripten::internal::MethodInvoker<int (MyClass::*)(int) const, int, MyClass const*, int>::invoke(int (MyClass::* const&)(int) const, MyClass const*, int)",
            "MyClass::getAt(int) const",
            "MyClass::foo(int) const",
            "MyClass::bar(int) const",
        ]
    );
    for frame in wasm {
        assert_eq!(
            frame.abs_path.as_deref(),
            Some("http://localhost:8001/main.wasm")
        );
        assert_eq!((frame.lineno, frame.colno), (None, None));
        assert!(frame.other.contains_key("instruction_addr"));
    }
    assert_eq!(wasm[3].other["instruction_addr"], "0x5aeb");
    assert_eq!(wasm[3].other["function_id"], "0xbe");
}

/// Sentry replaces a `data:` URL by `<data:application/javascript>` and drops its
/// position. Faultline keeps the URL (the file shown is its media type, and grouping
/// reads it as `<data>`) and the line and column, which point into that code. Sentry
/// also reads `at async file:///…` as an anonymous frame; Faultline names it
/// `async <anonymous>`, the marker grouping uses to stop at an `await`.
fn data_url_frames_keep_their_url_and_position(corpus: &[Case]) {
    let case = case(corpus, "should correctly parse with data uris");
    let frames = frames_of(case);
    let file = "file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs";
    let data = "data:application/javascript,export function dynamicFn() {  throw new Error('Error from data-uri module');};";
    let expected = [
        ("async <anonymous>", file, Some(16), Some(5)),
        ("async callSomeFunction", file, Some(12), Some(5)),
        ("loadDodgyModule", file, Some(8), Some(5)),
        ("dynamicFn", data, Some(1), Some(38)),
    ]
    .map(|(f, file, l, c)| (f.to_string(), file.to_string(), l, c));
    assert_eq!(summary(&frames), expected);
    assert_eq!(
        frames[3].filename.as_deref(),
        Some("data:application/javascript")
    );
}

/// Sentry drops its own `sentryWrapped` frame. Faultline wraps nothing, so a frame of any
/// SDK's wrapper is a real frame of the stack, and it is kept. The line `at Error: …`
/// (the message repeated) is not a frame for either.
fn an_sdk_wrapper_frame_is_a_frame(corpus: &[Case]) {
    let case = case(corpus, "should parse SecurityError");
    let frames = frames_of(case);
    assert_eq!(frames.len(), case.expected.len() + 1);
    let wrapper = &frames[0];
    assert_eq!(wrapper.function.as_deref(), Some("sentryWrapped"));
    assert_eq!(
        wrapper.abs_path.as_deref(),
        Some("../node_modules/@sentry/browser/esm/helpers.js")
    );
    for (frame, expected) in frames[1..].iter().zip(&case.expected) {
        assert_eq!(frame_mismatch(frame, expected), None);
    }
}
