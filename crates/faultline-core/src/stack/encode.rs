//! Frames as one JSON text, so a JS API can hand a whole stack across the wasm boundary
//! in one crossing (`JSON.parse` of one string) instead of one per field.

use crate::envelope::push_json_string;
use crate::Frame;

/// Fields of [`Frame::other`] a frame of a parsed stack may carry, all strings.
const OTHER_FIELDS: [&str; 3] = ["instruction_addr", "function_id", "raw_function"];

/// The frames as a JSON array of Sentry frame objects (`function`, `filename`,
/// `abs_path`, `lineno`, `colno`, `in_app`, `module`, and a wasm frame's
/// `instruction_addr`, `function_id` and `raw_function`), absent fields left out.
/// Written by hand: no serializer reaches the capture package.
pub fn frames_json(frames: &[Frame]) -> String {
    let mut out = String::with_capacity(frames.len() * 128);
    out.push('[');
    for (i, frame) in frames.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_frame(&mut out, frame);
    }
    out.push(']');
    out
}

/// `n` in decimal, without `core::fmt` (this runs for every frame of `parseStack`).
fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(slot) = digits.get_mut(start) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(digits.get(start..).unwrap_or_default()).unwrap_or_default());
}

fn push_frame(out: &mut String, frame: &Frame) {
    let mut first = true;
    let mut key = |out: &mut String, name: &str| {
        out.push_str(if first { "{\"" } else { ",\"" });
        first = false;
        out.push_str(name);
        out.push_str("\":");
    };
    let strings = [
        ("function", &frame.function),
        ("filename", &frame.filename),
        ("abs_path", &frame.abs_path),
        ("module", &frame.module),
    ];
    for (name, value) in strings {
        if let Some(value) = value {
            key(out, name);
            push_json_string(out, value);
        }
    }
    for (name, value) in [("lineno", frame.lineno), ("colno", frame.colno)] {
        if let Some(value) = value {
            key(out, name);
            push_u32(out, value);
        }
    }
    if let Some(in_app) = frame.in_app {
        key(out, "in_app");
        out.push_str(if in_app { "true" } else { "false" });
    }
    for name in OTHER_FIELDS {
        if let Some(value) = frame.other.get(name).and_then(|v| v.as_str()) {
            key(out, name);
            push_json_string(out, value);
        }
    }
    if first {
        out.push('{');
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_stack;

    #[test]
    fn frames_round_trip_through_json() {
        let stack = "TypeError: x\n    at f (http://h/a \"b\".js:1:2)\n    at JSON.parse (<anonymous>)\n    at app.wasm._ZN3app4main17h0123456789abcdefE (http://h/app.wasm:wasm-function[7]:0x1f)";
        let frames = parse_stack(stack).frames;
        let json = frames_json(&frames);
        let back: Vec<Frame> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, frames);
        assert_eq!(frames_json(&[]), "[]");
        assert_eq!(frames_json(&[Frame::default()]), "[{}]");
    }
}
