//! How a stack trace is shown: crashing frame first, the app's own frames in full and
//! runs of library and engine frames folded away; and the trace as raw text.

use faultline_core::Frame;

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
    fn location_says_what_is_known() {
        assert_eq!(location(&frame("f", true)), "/app.js:12:7");
        assert_eq!(location(&Frame::default()), "<unknown>");
    }
}
