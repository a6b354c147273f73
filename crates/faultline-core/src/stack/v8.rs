//! V8 frames (Chromium, Edge, Node): `    at function (location)` or `    at location`.
//!
//! The function keeps V8's decorations (`async `, `new `, `Object.f [as g]`, `get x`);
//! grouping strips them later. Eval frames (`eval at f (url:l:c), <anonymous>:l:c`) are
//! reported at the script that called `eval`.

use super::location::{parse_location, Location};
use super::RawFrame;

/// Whether `line` is a V8 frame line (cheap: a prefix check).
pub(crate) fn is_frame_line(line: &str) -> bool {
    line.trim_start().starts_with("at ")
}

/// One V8 frame line, or `None` when the line is not a frame.
pub(crate) fn parse_line(line: &str) -> Option<RawFrame<'_>> {
    let body = line.trim_start().strip_prefix("at ")?.trim();
    if body.is_empty() {
        return None;
    }
    if let Some((function, inner)) = split_trailing_parens(body) {
        return Some(RawFrame {
            function: Some(function),
            location: location(inner),
        });
    }
    // `at async url:l:c`: an anonymous async function. The marker stays on the function so
    // grouping can tell the frame continues after an `await`.
    if let Some(url) = body.strip_prefix("async ") {
        return Some(RawFrame {
            function: Some("async <anonymous>"),
            location: location(url),
        });
    }
    // A bare location must look like one: a truncated or garbled line is not a frame.
    let location = location(body);
    let plausible = match location {
        Location::Script { line, .. } => line.is_some(),
        Location::Wasm { .. } | Location::Native(_) => true,
        Location::Unknown => false,
    };
    plausible.then_some(RawFrame {
        function: None,
        location,
    })
}

/// `"f (inner)"` to `("f", "inner")`, matching the final `)` with its own `(` so that
/// nested parentheses (`eval at g (url:1:2), <anonymous>:1:1`, `data:` URLs with code)
/// stay inside.
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

/// A location, with eval code resolved to the script that called `eval`.
fn location(s: &str) -> Location<'_> {
    parse_location(eval_caller(s).unwrap_or(s))
}

/// `eval at f (url:l:c), <anonymous>:l:c` to `url:l:c`. Nested evals
/// (`eval at g (eval at f (url:1:2), <anonymous>:3:4), ...`) resolve to the innermost
/// `eval at`, whose location is the real script.
fn eval_caller(s: &str) -> Option<&str> {
    if !s.starts_with("eval at ") {
        return None;
    }
    let start = s.rfind("eval at ")? + "eval at ".len();
    let rest = &s[start..];
    let open = rest.find(" (")? + 2;
    let inner = &rest[open..];
    let close = inner.find(')')?;
    Some(&inner[..close])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, function: Option<&str>, location: Location<'_>) {
        let frame = parse_line(line).unwrap_or_else(|| panic!("not a frame: {line}"));
        assert_eq!(frame.function, function, "{line}");
        assert_eq!(frame.location, location, "{line}");
    }

    fn script(url: &str, line: u32, column: u32) -> Location<'_> {
        Location::Script {
            url,
            line: Some(line),
            column: Some(column),
        }
    }

    #[test]
    fn named_anonymous_and_native_frames() {
        check(
            "    at send_welcome (http://127.0.0.1:8080/demo/app.js:12:17)",
            Some("send_welcome"),
            script("http://127.0.0.1:8080/demo/app.js", 12, 17),
        );
        check(
            "    at http://h/a.js:3:9",
            None,
            script("http://h/a.js", 3, 9),
        );
        check(
            "    at Array.map (<anonymous>)",
            Some("Array.map"),
            Location::Native("<anonymous>"),
        );
        check(
            "    at Object.f [as g] (http://h/a.js:1:2)",
            Some("Object.f [as g]"),
            script("http://h/a.js", 1, 2),
        );
    }

    #[test]
    fn async_frames_keep_their_marker() {
        check(
            "    at async showProfile (http://h/app.js:71:39)",
            Some("async showProfile"),
            script("http://h/app.js", 71, 39),
        );
        check(
            "    at async http://h/app.js:5:1",
            Some("async <anonymous>"),
            script("http://h/app.js", 5, 1),
        );
        check(
            "    at async Promise.all (index 0)",
            Some("async Promise.all"),
            Location::Native("index 0"),
        );
    }

    #[test]
    fn eval_frames_resolve_to_the_calling_script() {
        check(
            "    at eval (eval at run (http://h/a.js:5:3), <anonymous>:1:7)",
            Some("eval"),
            script("http://h/a.js", 5, 3),
        );
        check(
            "    at eval (eval at <anonymous> (http://h/a.js:64:23), <anonymous>:2:1)",
            Some("eval"),
            script("http://h/a.js", 64, 23),
        );
        check(
            "    at g (eval at f (eval at main (http://h/a.js:9:8), <anonymous>:1:1), <anonymous>:2:2)",
            Some("g"),
            script("http://h/a.js", 9, 8),
        );
    }

    #[test]
    fn data_urls_with_parentheses_stay_whole() {
        check(
            "    at fromData (data:text/javascript,function fromData(x) { return x.y.z; }:1:35)",
            Some("fromData"),
            script(
                "data:text/javascript,function fromData(x) { return x.y.z; }",
                1,
                35,
            ),
        );
    }

    #[test]
    fn non_frames_are_none() {
        assert!(parse_line("TypeError: boom").is_none());
        assert!(parse_line("    at ").is_none());
        assert!(parse_line("").is_none());
    }
}
