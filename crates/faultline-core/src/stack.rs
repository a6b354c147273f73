//! Parsing `Error.stack` strings into frames.
//!
//! Parsing is total and linear: every line is capped at [`MAX_LINE_LEN`] before it is
//! looked at, no pattern backtracks, and at most [`MAX_FRAMES`] frames (the crashing end)
//! are kept. Anything that is not a frame is counted, never an error.

mod location;
mod v8;

use crate::Frame;

/// Frames kept per stack: the crashing end.
pub const MAX_FRAMES: usize = 50;
/// Characters of a line looked at; the rest is ignored.
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
}

/// Parses a V8 (Chromium, Edge, Node) stack string.
pub fn parse_stack(stack: &str) -> ParsedStack {
    let mut parsed = ParsedStack::default();
    // Engines list the crashing frame first; collect in that order, reverse at the end.
    for line in stack.lines() {
        let line = cap_line(line);
        match v8::parse_line(line) {
            Some(frame) if parsed.frames.len() < MAX_FRAMES => parsed.frames.push(frame),
            Some(_) => parsed.dropped_frames += 1,
            None => parsed.skipped_lines += 1,
        }
    }
    parsed.frames.reverse();
    parsed
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
}
