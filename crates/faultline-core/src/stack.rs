//! Parsing `Error.stack` strings into frames.
//!
//! V8 (Chromium, Edge, Node), SpiderMonkey (Firefox) and JavaScriptCore (Safari) are
//! recognised line by line. Parsing is total and linear: every line is capped at
//! [`MAX_LINE_LEN`] bytes before it is looked at, no pattern backtracks, and at most
//! [`MAX_FRAMES`] frames (the crashing end) are kept. Anything that is not a frame is
//! counted, never an error.
//!
//! One walk over the lines ([`walk`]) feeds two outputs: [`Frame`]s ([`parse_stack`]), and
//! the compact form the JS package's `parseStack` gets across the wasm boundary
//! ([`parse_stack_wire`]).

mod frame;
mod gecko;
mod location;
mod symbol;
mod v8;
mod wire;

pub use self::wire::{parse_stack_wire, WIRE_EXTRA, WIRE_NONE, WIRE_RECORD};

use self::frame::{frame_from_view, FrameView, Scratch};
pub(crate) use self::location::filename_from_url;
use self::location::Location;
use crate::{bytes, Frame, InAppRules};

/// Frames kept per stack: the crashing end.
pub const MAX_FRAMES: usize = 50;
/// Bytes of a line looked at; the rest is ignored.
pub const MAX_LINE_LEN: usize = 1024;

/// The frames of a stack string and what was left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedStack {
    /// Oldest call first, crashing frame last (Sentry's order).
    pub frames: Vec<Frame>,
    /// Lines that were not frames (the message, blank lines, junk).
    pub skipped_lines: usize,
    /// Frames beyond [`MAX_FRAMES`], dropped from the oldest end.
    pub dropped_frames: usize,
    /// Lines longer than [`MAX_LINE_LEN`], parsed from their first bytes only.
    pub truncated_lines: usize,
}

/// A frame as printed, borrowed from its line; allocated only when it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawFrame<'a> {
    /// The function with the engine's decorations.
    pub function: Option<&'a str>,
    /// Where its code lives.
    pub location: Location<'a>,
    /// Printed apart from the rest of the URL (Safari's `safari-extension:(//…)`): goes
    /// before the location's URL.
    pub url_prefix: &'static str,
}

impl<'a> RawFrame<'a> {
    /// A frame whose URL is printed whole.
    pub(crate) fn new(function: Option<&'a str>, location: Location<'a>) -> Self {
        RawFrame {
            function,
            location,
            url_prefix: "",
        }
    }
}

/// What [`walk`] does with the frames it finds, crashing frame first.
trait Sink<'a> {
    /// Forgets the frames kept so far.
    fn clear(&mut self);
    /// Keeps `frame`, found on `line` of the stack.
    fn keep(&mut self, line: &'a str, frame: RawFrame<'a>);
}

/// Parses a stack string from any engine, marking frames in-app by the default rules.
pub fn parse_stack(stack: &str) -> ParsedStack {
    parse_stack_with(stack, &InAppRules::default())
}

/// Parses a stack string from any engine, marking frames in-app by `rules`.
///
/// A stack with any V8 frame line (`    at …`) is read as V8 only, so that message lines
/// above the frames are never mistaken for frames of another engine's syntax.
pub fn parse_stack_with(stack: &str, rules: &InAppRules) -> ParsedStack {
    // Frame lines are rarely shorter than 32 bytes: room for every frame without a pass
    // to count lines.
    let capacity = (stack.len() / 32 + 1).min(MAX_FRAMES);
    let mut frames = Frames {
        frames: Vec::with_capacity(capacity),
        rules,
        scratch: Scratch::default(),
    };
    let mut parsed = walk(stack, &mut frames);
    parsed.frames = frames.frames;
    parsed.frames.reverse();
    parsed
}

/// The frames kept, as [`Frame`]s.
struct Frames<'r> {
    frames: Vec<Frame>,
    rules: &'r InAppRules,
    scratch: Scratch,
}

impl<'a> Sink<'a> for Frames<'_> {
    fn clear(&mut self) {
        self.frames.clear();
    }

    fn keep(&mut self, _line: &'a str, raw: RawFrame<'a>) {
        let mut frame = frame_from_view(&FrameView::new(raw, &mut self.scratch));
        frame.in_app = Some(self.rules.is_in_app(&frame));
        self.frames.push(frame);
    }
}

/// Reads `stack` line by line, handing the first [`MAX_FRAMES`] frames to `sink`; the
/// counts of what was left out, without frames.
fn walk<'a>(stack: &'a str, sink: &mut dyn Sink<'a>) -> ParsedStack {
    let mut parsed = ParsedStack::default();
    let mut kept = 0;
    let mut is_v8 = false;
    // Engines list the crashing frame first.
    for (index, line) in lines(stack).enumerate() {
        let capped = cap_line(line);
        let truncated = capped.len() < line.len();
        parsed.truncated_lines += usize::from(truncated);
        let raw = if is_v8 {
            v8::parse_line(capped, truncated)
        } else if v8::is_frame_line(capped) {
            // The first V8 frame line, found in the same pass: no line above it is a V8
            // frame, so every one of them is skipped, whatever it looked like.
            is_v8 = true;
            sink.clear();
            kept = 0;
            parsed.dropped_frames = 0;
            parsed.skipped_lines = index;
            v8::parse_line(capped, truncated)
        } else {
            gecko::parse_line(capped)
        };
        match raw {
            Some(raw) if kept < MAX_FRAMES => {
                sink.keep(capped, raw);
                kept += 1;
            }
            Some(_) => parsed.dropped_frames += 1,
            None => parsed.skipped_lines += 1,
        }
    }
    parsed
}

/// `str::lines`, with the newline found eight bytes at a time.
fn lines(stack: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(stack).filter(|s| !s.is_empty());
    std::iter::from_fn(move || {
        let s = rest?;
        let line = match bytes::position(s.as_bytes(), b'\n') {
            Some(end) => {
                rest = Some(&s[end + 1..]).filter(|r| !r.is_empty());
                let line = &s[..end];
                match line.as_bytes().last() {
                    Some(b'\r') => &line[..line.len() - 1],
                    _ => line,
                }
            }
            None => {
                rest = None;
                s
            }
        };
        Some(line)
    })
}

/// The first [`MAX_LINE_LEN`] bytes of `line`, cut on a character boundary.
fn cap_line(line: &str) -> &str {
    if line.len() <= MAX_LINE_LEN {
        return line;
    }
    let mut end = MAX_LINE_LEN;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    &line[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_std() {
        for s in [
            "",
            "a",
            "a\n",
            "a\r\n",
            "\n",
            "\n\n",
            "a\rb\r",
            "a\r\r\nb",
            "é\n日\r\n",
        ] {
            assert_eq!(
                lines(s).collect::<Vec<_>>(),
                s.lines().collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn cap_line_respects_char_boundaries() {
        let s = "é".repeat(MAX_LINE_LEN);
        let capped = cap_line(&s);
        assert!(capped.len() <= MAX_LINE_LEN);
        assert!(capped.len() >= MAX_LINE_LEN - 1);
    }

    #[test]
    fn keeps_the_crashing_end_of_long_stacks() {
        let stack: String = (0..120)
            .map(|i| format!("    at f{i} (http://x/app.js:{i}:1)\n"))
            .collect();
        let parsed = parse_stack(&stack);
        assert_eq!(parsed.frames.len(), MAX_FRAMES);
        assert_eq!(parsed.dropped_frames, 70);
        assert_eq!(
            parsed.frames.last().and_then(|f| f.function.as_deref()),
            Some("f0")
        );
    }

    #[test]
    fn message_lines_of_v8_stacks_are_skipped_even_if_they_look_like_frames() {
        let stack = "Error: f@http://x/app.js:1:2\n    at g (http://x/app.js:3:4)";
        let parsed = parse_stack(stack);
        assert_eq!(parsed.frames.len(), 1);
        assert_eq!(parsed.skipped_lines, 1);
    }

    #[test]
    fn wasm_frames_carry_address_and_demangled_name() {
        let stack = "    at app.wasm._ZN3app4main17h0123456789abcdefE (http://x/app.wasm:wasm-function[7]:0x1f)";
        let frame = &parse_stack(stack).frames[0];
        assert_eq!(frame.function.as_deref(), Some("app::main"));
        assert_eq!(frame.module.as_deref(), Some("app"));
        assert_eq!(frame.other["instruction_addr"], "0x1f");
        assert_eq!(frame.other["function_id"], "0x7");
        assert_eq!(
            frame.other["raw_function"],
            "_ZN3app4main17h0123456789abcdefE"
        );
        assert_eq!(frame.in_app, Some(true));
        assert_eq!(frame.lineno, None);
    }

    #[test]
    fn native_frames_keep_their_marker_and_are_not_in_app() {
        let frame = &parse_stack("    at JSON.parse (<anonymous>)").frames[0];
        assert_eq!(frame.abs_path.as_deref(), Some("<anonymous>"));
        assert_eq!(frame.in_app, Some(false));
    }

    #[test]
    fn in_app_rules_are_applied_while_parsing() {
        let stack =
            "render@https://cdn.vendor.example/lib.js:1:2\nmain@https://app.example/app.js:3:4";
        let rules = InAppRules {
            third_party_urls: vec!["cdn.vendor.example".into()],
            ..InAppRules::default()
        };
        let in_app: Vec<_> = parse_stack_with(stack, &rules)
            .frames
            .iter()
            .map(|f| f.in_app)
            .collect();
        assert_eq!(in_app, [Some(true), Some(false)]);
        let mut frames = parse_stack(stack).frames;
        assert_eq!(frames[1].in_app, Some(true));
        rules.apply(&mut frames);
        assert_eq!(frames[1].in_app, Some(false));
    }

    #[test]
    fn long_lines_are_counted_as_truncated_and_keep_their_function() {
        let line = format!(
            "    at f (http://x/{}.js:1:2)",
            "a".repeat(2 * MAX_LINE_LEN)
        );
        let parsed = parse_stack(&line);
        assert_eq!(parsed.truncated_lines, 1);
        let frame = &parsed.frames[0];
        assert_eq!(frame.function.as_deref(), Some("f"));
        let url = frame.abs_path.as_deref().unwrap_or_default();
        assert!(url.starts_with("http://x/aaa"), "{url}");
        assert_eq!(url.len(), MAX_LINE_LEN - "    at f (".len());
        assert_eq!((frame.lineno, frame.colno), (None, None));
    }

    #[test]
    fn an_untruncated_line_without_its_parenthesis_is_not_a_frame() {
        let parsed = parse_stack("    at f (http://x/a.js:1:2");
        assert_eq!((parsed.frames.len(), parsed.skipped_lines), (0, 1));
    }
}
