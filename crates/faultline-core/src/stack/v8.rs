//! V8 frames (Chromium, Edge, Node): `    at function (url:line:col)` or `    at url:line:col`.

use super::location::{filename_from_url, parse_location};
use crate::Frame;

/// One V8 frame line, or `None` when the line is not a frame.
pub(crate) fn parse_line(line: &str) -> Option<Frame> {
    let body = line.trim_start().strip_prefix("at ")?.trim_end();
    if body.is_empty() {
        return None;
    }
    let (function, location) = match split_trailing_parens(body) {
        Some((function, inner)) => (Some(function), inner),
        None => (None, body),
    };
    Some(frame(function, location))
}

/// `"f (inner)"` to `("f", "inner")`, matching the final `)` with its own `(` so that
/// nested parentheses (`eval at g (url:1:2), <anonymous>:1:1`) stay inside.
fn split_trailing_parens(body: &str) -> Option<(&str, &str)> {
    let inner_end = body.strip_suffix(')')?.len();
    let mut depth = 0usize;
    for (i, b) in body.as_bytes()[..inner_end].iter().enumerate().rev() {
        match b {
            b')' => depth += 1,
            b'(' if depth == 0 => {
                let function = body[..i].trim_end();
                return (!function.is_empty()).then(|| (function, &body[i + 1..inner_end]));
            }
            b'(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn frame(function: Option<&str>, location: &str) -> Frame {
    // `eval at outer (url:l:c), <anonymous>:l:c`: report the script that called eval.
    let location = location
        .strip_prefix("eval at ")
        .and_then(|rest| rest.split_once(", ").map(|(outer, _)| outer))
        .and_then(split_trailing_parens)
        .map_or(location, |(_, outer)| outer);
    let loc = parse_location(location);
    let native = loc.line.is_none() && matches!(loc.url, "<anonymous>" | "native" | "");
    let mut frame = Frame {
        function: function.map(str::to_string),
        ..Frame::default()
    };
    if native {
        frame.in_app = Some(false);
        return frame;
    }
    frame.abs_path = Some(loc.url.to_string());
    frame.filename = Some(filename_from_url(loc.url).to_string());
    frame.lineno = loc.line;
    frame.colno = loc.column;
    frame.in_app = Some(true);
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        line: &str,
        function: Option<&str>,
        abs_path: Option<&str>,
        lc: (Option<u32>, Option<u32>),
    ) {
        let f = parse_line(line).unwrap_or_else(|| panic!("not a frame: {line}"));
        assert_eq!(f.function.as_deref(), function, "{line}");
        assert_eq!(f.abs_path.as_deref(), abs_path, "{line}");
        assert_eq!((f.lineno, f.colno), lc, "{line}");
    }

    #[test]
    fn named_anonymous_and_native_frames() {
        check(
            "    at send_welcome (http://127.0.0.1:8080/demo/app.js:12:17)",
            Some("send_welcome"),
            Some("http://127.0.0.1:8080/demo/app.js"),
            (Some(12), Some(17)),
        );
        check(
            "    at http://h/a.js:3:9",
            None,
            Some("http://h/a.js"),
            (Some(3), Some(9)),
        );
        check(
            "    at Array.map (<anonymous>)",
            Some("Array.map"),
            None,
            (None, None),
        );
        check(
            "    at Object.f [as g] (http://h/a.js:1:2)",
            Some("Object.f [as g]"),
            Some("http://h/a.js"),
            (Some(1), Some(2)),
        );
    }

    #[test]
    fn eval_frames_resolve_to_the_calling_script() {
        check(
            "    at eval (eval at run (http://h/a.js:5:3), <anonymous>:1:7)",
            Some("eval"),
            Some("http://h/a.js"),
            (Some(5), Some(3)),
        );
    }

    #[test]
    fn non_frames_are_none() {
        assert!(parse_line("TypeError: boom").is_none());
        assert!(parse_line("    at ").is_none());
        assert!(parse_line("").is_none());
    }
}
