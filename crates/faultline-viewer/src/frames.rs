//! How a stack trace is shown: crashing frame first, the app's own frames in full and
//! runs of library and engine frames folded away; frames made original by source maps;
//! and the trace as raw text.

use faultline_core::sourcemap::{resolvable_position, MinifiedLocation};
use faultline_core::{Event, Frame};

/// A part of a stack trace as shown, crashing end first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// One frame, shown (index into the stack's frames, oldest call is 0).
    Frame(usize),
    /// Consecutive frames that are not the app's own, folded behind "show N more".
    Folded(Vec<usize>),
}

/// The frames in display order, crashing frame first. When any frame is the app's own,
/// runs of other frames are folded; otherwise every frame is shown.
pub fn runs(frames: &[Frame]) -> Vec<Run> {
    let any_app = frames.iter().any(|f| f.in_app == Some(true));
    let mut out: Vec<Run> = Vec::new();
    for i in (0..frames.len()).rev() {
        if !any_app || frames[i].in_app == Some(true) {
            out.push(Run::Frame(i));
            continue;
        }
        match out.last_mut() {
            Some(Run::Folded(run)) => run.push(i),
            _ => out.push(Run::Folded(vec![i])),
        }
    }
    out
}

/// Whether any frame of the event's exceptions is minified code a source map may resolve
/// (the viewer then loads the resolver).
pub fn needs_resolution(event: &Event) -> bool {
    let chain = event.exception.as_ref().map(|l| l.values.as_slice());
    chain.unwrap_or_default().iter().any(|e| {
        let frames = e.stacktrace.as_ref().map(|s| s.frames.as_slice());
        frames
            .unwrap_or_default()
            .iter()
            .any(|f| resolvable_position(f).is_some())
    })
}

/// The frames as shown: the resolver's (originals, or minified frames saying why) when
/// it answered for every frame, else the frames as captured.
pub fn shown_frames(frames: &[Frame], resolved: Option<&[Frame]>) -> Vec<Frame> {
    match resolved {
        Some(resolved) if resolved.len() == frames.len() => resolved.to_vec(),
        _ => frames.to_vec(),
    }
}

/// Where a resolved frame ran in the minified code, as `n at /min/app.js:1:230`.
pub fn minified_location(frame: &Frame) -> Option<String> {
    let m = MinifiedLocation::of(frame)?;
    let at = location(&Frame {
        filename: m.abs_path.as_deref().map(path_of),
        lineno: m.lineno,
        colno: m.colno,
        ..Frame::default()
    });
    Some(match m.function {
        Some(function) => format!("{function} at {at}"),
        None => at,
    })
}

/// A URL's path (what the viewer shows as the file), or the text as it is.
fn path_of(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest.and_then(|r| r.find('/').map(|i| &r[i..])) {
        Some(path) => path.split(['?', '#']).next().unwrap_or(path).to_string(),
        None => url.to_string(),
    }
}

/// `/demo/app.js:12:17`, or what is known of it.
pub fn location(frame: &Frame) -> String {
    let file = frame
        .filename
        .as_deref()
        .or(frame.abs_path.as_deref())
        .filter(|file| !file.is_empty())
        .unwrap_or("<unknown>");
    match (frame.lineno, frame.colno) {
        (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file.to_string(),
    }
}

/// The trace as a V8-style text, rebuilt from the parsed frames, crashing frame first:
/// `TypeError: x` then `    at f (https://host/app.js:12:17)` lines.
pub fn raw_stack(heading: &str, frames: &[Frame]) -> String {
    let mut out = heading.to_string();
    for frame in frames.iter().rev() {
        let file = frame
            .abs_path
            .as_deref()
            .or(frame.filename.as_deref())
            .unwrap_or("<anonymous>");
        let at = match (frame.lineno, frame.colno) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        };
        out.push_str("\n    at ");
        match frame.function.as_deref() {
            Some(function) => out.push_str(&format!("{function} ({at})")),
            None => out.push_str(&at),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn frame(function: &str, in_app: bool) -> Frame {
        Frame {
            function: Some(function.into()),
            filename: Some("/app.js".into()),
            abs_path: Some("https://shop.example/app.js".into()),
            lineno: Some(12),
            colno: Some(7),
            in_app: Some(in_app),
            ..Frame::default()
        }
    }

    #[wasm_bindgen_test]
    fn library_runs_fold_between_app_frames() {
        // Oldest first: main (app), lib1, lib2, handler (app), native (not app).
        let frames = [
            frame("main", true),
            frame("lib1", false),
            frame("lib2", false),
            frame("handler", true),
            frame("map", false),
        ];
        assert_eq!(
            runs(&frames),
            [
                Run::Folded(vec![4]),
                Run::Frame(3),
                Run::Folded(vec![2, 1]),
                Run::Frame(0)
            ]
        );
    }

    #[wasm_bindgen_test]
    fn without_app_frames_everything_shows() {
        let frames = [frame("a", false), frame("b", false)];
        assert_eq!(runs(&frames), [Run::Frame(1), Run::Frame(0)]);
        assert!(runs(&[]).is_empty());
    }

    #[wasm_bindgen_test]
    fn raw_stack_is_crashing_frame_first() {
        let frames = [frame("main", true), frame("send_welcome", true)];
        assert_eq!(
            raw_stack("TypeError: x", &frames),
            "TypeError: x\n    at send_welcome (https://shop.example/app.js:12:7)\n    at main (https://shop.example/app.js:12:7)"
        );
    }

    #[wasm_bindgen_test]
    fn resolved_frames_replace_minified_ones_and_keep_their_location() {
        let minified = frame("n", true);
        let mut original = frame("checkout", true);
        original.other.insert(
            "data".into(),
            serde_json::json!({"sourcemap": "inline", "minified": {
                "function": "n", "abs_path": "https://shop.example/min/app.js?v=1", "lineno": 1, "colno": 230
            }}),
        );
        let captured = [minified.clone(), minified.clone()];
        let resolved = [original.clone(), minified.clone()];
        assert_eq!(shown_frames(&captured, Some(&resolved)), resolved);
        // An answer that does not match the captured frames is not shown.
        assert_eq!(shown_frames(&captured, Some(&resolved[..1])), captured);
        assert_eq!(shown_frames(&captured, None), captured);
        assert_eq!(
            minified_location(&original).as_deref(),
            Some("n at /min/app.js:1:230")
        );
        assert_eq!(minified_location(&minified), None);
    }

    #[wasm_bindgen_test]
    fn only_events_with_web_script_frames_need_the_resolver() {
        let event = |frames: Vec<Frame>| Event {
            exception: Some(faultline_core::ExceptionList {
                values: vec![faultline_core::Exception {
                    stacktrace: Some(faultline_core::Stacktrace {
                        frames,
                        ..Default::default()
                    }),
                    ..Default::default()
                }],
            }),
            ..Event::default()
        };
        assert!(needs_resolution(&event(vec![frame("f", true)])));
        let rust = Frame {
            module: Some("app::cart".into()),
            ..frame("app::cart::total", true)
        };
        assert!(!needs_resolution(&event(vec![rust])));
        assert!(!needs_resolution(&Event::default()));
    }

    #[wasm_bindgen_test]
    fn location_says_what_is_known() {
        assert_eq!(location(&frame("f", true)), "/app.js:12:7");
        assert_eq!(location(&Frame::default()), "<unknown>");
    }
}
