//! V8 frames (Chromium, Edge, Node, React Native): `    at function (location)` or
//! `    at location`.
//!
//! The function keeps V8's decorations (`async `, `new `, `Object.f [as g]`, `get x`);
//! grouping strips them later. Eval frames (`eval at f (url:l:c), <anonymous>:l:c`) are
//! reported at the script that called `eval`. Locations may carry a prefix that is not
//! part of the URL: `async ` (Chrome's async frames), `address at ` (Hermes). Safari
//! extensions print `at f@safari-extension:(//id/file.js:l:c)`, the scheme outside the
//! parentheses; the URL is put back together.

use super::location::{parse_location, parse_v8_location, Location};
use super::RawFrame;
use crate::bytes;

/// Extension schemes that Safari prints as `scheme:(//rest)`.
const SAFARI_EXTENSION_SCHEMES: [&str; 2] = ["safari-web-extension:", "safari-extension:"];

/// Whether `line` is a V8 frame line (cheap: a prefix check).
pub(crate) fn is_frame_line(line: &str) -> bool {
    line.trim_ascii_start().starts_with("at ")
}

/// One V8 frame line, or `None` when the line is not a frame. `truncated` says the line
/// was cut at the length cap, so a frame may have lost its closing `)` and position.
pub(crate) fn parse_line(line: &str, truncated: bool) -> Option<RawFrame<'_>> {
    let body = line.trim_ascii_start();
    if !body.as_bytes().starts_with(b"at ") {
        return None;
    }
    let body = body[3..].trim_ascii();
    if body.is_empty() {
        return None;
    }
    if let Some((function, inner)) = split_trailing_parens(body) {
        // Safari's `f@safari-extension:(//id/a.js:1:2)`: the scheme is outside.
        if function.as_bytes().last() == Some(&b':') && function.ends_with("extension:") {
            if let Some(frame) = safari_extension_frame(function, inner) {
                return Some(frame);
            }
        }
        // `at Error: message (…)`: a message line repeated in the stack, not a frame.
        if bytes::contains_pair(function, b':', b' ') {
            return None;
        }
        return Some(RawFrame::new(Some(function), location(inner)));
    }
    // `at async url:l:c`: an anonymous async function. The marker stays on the function so
    // grouping can tell the frame continues after an `await`.
    if let Some(url) = body.strip_prefix("async ") {
        return Some(RawFrame::new(Some("async <anonymous>"), location(url)));
    }
    if truncated {
        if let Some(frame) = cut_frame(body) {
            return Some(frame);
        }
    }
    // A bare location must look like one: a garbled line (`f (url:1:2` without its
    // `)`) is not a frame.
    if bytes::contains_pair(body, b' ', b'(') {
        return None;
    }
    let location = location(body);
    let plausible = match location {
        Location::Script { line, .. } => line.is_some(),
        Location::Wasm { .. } | Location::Native(_) => true,
    };
    plausible.then_some(RawFrame::new(None, location))
}

/// A frame whose line was cut inside its location, `f (http://h/very-long…`: the function
/// and the URL's first bytes, without position (what Sentry's 1 KiB cut gives too).
fn cut_frame(body: &str) -> Option<RawFrame<'_>> {
    let (function, url) = bytes::split_once(body, " (")?;
    if function.is_empty() || bytes::contains_pair(function, b':', b' ') {
        return None;
    }
    let location = Location::Script {
        url,
        line: None,
        column: None,
    };
    Some(RawFrame::new(Some(function), location))
}

/// `f@safari-extension:` and `//id/a.js:1:2` (or `safari-web-extension:` alone, for an
/// anonymous frame) to the frame at `safari-extension://id/a.js:1:2`.
fn safari_extension_frame<'a>(head: &'a str, inner: &'a str) -> Option<RawFrame<'a>> {
    let (function, scheme) = match head.rsplit_once('@') {
        Some((function, scheme)) => (Some(function).filter(|f| !f.is_empty()), scheme),
        None => (None, head),
    };
    let prefix = SAFARI_EXTENSION_SCHEMES
        .into_iter()
        .find(|&s| s == scheme)?;
    let mut frame = RawFrame::new(function, parse_location(inner));
    frame.url_prefix = prefix;
    Some(frame)
}

/// `"f (inner)"` to `("f", "inner")`, matching the final `)` with its own `(` so that
/// nested parentheses (`eval at g (url:1:2), <anonymous>:1:1`, `data:` URLs with code)
/// stay inside.
fn split_trailing_parens(body: &str) -> Option<(&str, &str)> {
    // Byte checks: a `char` pattern is encoded to UTF-8 on every call.
    let inner_end = body.len().checked_sub(1)?;
    if body.as_bytes()[inner_end] != b')' {
        return None;
    }
    // One scan back from the end; most locations hold no parentheses, so the first `(`
    // met is the one.
    let mut depth = 0usize;
    for (i, b) in body.as_bytes()[..inner_end].iter().enumerate().rev() {
        match b {
            b')' => depth += 1,
            b'(' if depth == 0 => {
                let function = body[..i].trim_ascii_end();
                return (!function.is_empty()).then(|| (function, &body[i + 1..inner_end]));
            }
            b'(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A location, with eval code resolved to the script that called `eval` and the
/// `async ` and `address at ` prefixes removed.
fn location(s: &str) -> Location<'_> {
    // Most locations are URLs: one byte check instead of three prefix checks.
    if !matches!(s.as_bytes().first(), Some(b'a' | b'e')) {
        return parse_v8_location(s);
    }
    let s = s.strip_prefix("async ").unwrap_or(s);
    let s = s.strip_prefix("address at ").unwrap_or(s);
    parse_v8_location(eval_caller(s).unwrap_or(s))
}

/// `eval at f (url:l:c), <anonymous>:l:c` to `url:l:c`. Nested evals
/// (`eval at g (eval at f (url:1:2), <anonymous>:3:4), ...`) resolve to the innermost
/// `eval at`, whose location is the real script.
fn eval_caller(s: &str) -> Option<&str> {
    if !s.starts_with("eval at ") {
        return None;
    }
    let start = bytes::rfind(s, "eval at ")? + "eval at ".len();
    let rest = &s[start..];
    let open = bytes::find(rest, " (")? + 2;
    let inner = &rest[open..];
    let close = inner.find(')')?;
    Some(&inner[..close])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, function: Option<&str>, location: Location<'_>) {
        let frame = parse_line(line, false).unwrap_or_else(|| panic!("not a frame: {line}"));
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
    fn location_prefixes_are_not_part_of_the_url() {
        check(
            "    at Object.callback (async http://h/:25:7)",
            Some("Object.callback"),
            script("http://h/", 25, 7),
        );
        check(
            "at onPress (address at index.android.bundle:1:452701)",
            Some("onPress"),
            script("index.android.bundle", 1, 452701),
        );
        check(
            "at render(/home/u/app/src/Scene.js:78:24)",
            Some("render"),
            script("/home/u/app/src/Scene.js", 78, 24),
        );
    }

    #[test]
    fn safari_extension_urls_are_put_back_together() {
        let frame = parse_line("  at Clip@safari-extension:(//ID/commons.js:22:10)", false);
        let frame = frame.unwrap_or_else(|| panic!("not a frame"));
        assert_eq!(frame.function, Some("Clip"));
        assert_eq!(frame.url_prefix, "safari-extension:");
        assert_eq!(frame.location, script("//ID/commons.js", 22, 10));
        let frame = parse_line("  at safari-web-extension:(//ID/c.js:3:26)", false);
        let frame = frame.unwrap_or_else(|| panic!("not a frame"));
        assert_eq!(
            (frame.function, frame.url_prefix),
            (None, "safari-web-extension:")
        );
        assert!(parse_line("  at f@other-extension:(//ID/c.js:3:26)", false)
            .is_some_and(|f| f.url_prefix.is_empty()));
    }

    #[test]
    fn non_frames_are_none() {
        assert!(parse_line("   at Error: Blocked a frame (https://h) from x.)", false).is_none());
        assert!(parse_line("    at f (http://h/a.js:1:2", false).is_none());
        assert!(parse_line("TypeError: boom", false).is_none());
        assert!(parse_line("    at ", false).is_none());
        assert!(parse_line("", false).is_none());
    }
}
