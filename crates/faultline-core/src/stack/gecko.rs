//! SpiderMonkey (Firefox) and JavaScriptCore (Safari, React Native) frames:
//! `function@location`.
//!
//! Both engines print one frame per line as `name@location`, with an empty name for
//! anonymous code (`@url:l:c`). SpiderMonkey adds decorations to names (`outer/<` for an
//! anonymous function inside `outer`, `async*f` after an `await`, `setTimeout handler*f`),
//! old versions print arguments (`bar(2)@url:l`), and eval code is `url line N > eval:l:c`,
//! named `eval` when anonymous (as V8 names it). JavaScriptCore labels top-level code
//! (`global code`, `module code`), prints `[native code]` for built-ins (alone on a line
//! for an anonymous one), `<?>.wasm-function[name]@[wasm code]` for wasm, a bare
//! `eval code` line above the `eval@[native code]` frame (not a frame of its own) and, in
//! old versions, a bare `url:l:c`. Names keep their decorations; grouping strips them.

use super::location::{parse_location, split_line_column, Location};
use super::RawFrame;
use crate::bytes;

/// One SpiderMonkey or JavaScriptCore frame line, or `None` when the line is not a frame.
pub(crate) fn parse_line(line: &str) -> Option<RawFrame<'_>> {
    let line = line.trim_ascii();
    if line.is_empty() {
        return None;
    }
    match bytes::position(line.as_bytes(), b'@') {
        Some(at) => at_sign_frame(&line[..at], &line[at + 1..]),
        None => bare_frame(line),
    }
}

/// `function@location`. The location must carry a line number or be a native or wasm
/// marker, which keeps message lines such as `Error: mail a@b.c failed` out.
fn at_sign_frame<'a>(function: &'a str, location: &'a str) -> Option<RawFrame<'a>> {
    if bytes::contains_pair(function, b':', b' ') {
        return None;
    }
    let function = without_arguments(function);
    let parsed = parse_location(location);
    let plausible = match parsed {
        Location::Script { line, .. } => line.is_some(),
        Location::Wasm { .. } | Location::Native(_) => true,
    };
    if !plausible {
        return None;
    }
    let function = match function {
        "" if bytes::contains(location, " > eval") => "eval",
        named => named,
    };
    Some(RawFrame::new(
        (!function.is_empty()).then_some(function),
        parsed,
    ))
}

/// `bar(2)` to `bar`, `()` and `(null)` to nothing: Firefox 3 to 13 printed the
/// arguments of each call after its name.
fn without_arguments(function: &str) -> &str {
    if function.as_bytes().last() != Some(&b')') {
        return function;
    }
    match function.find('(') {
        Some(open) => &function[..open],
        None => function,
    }
}

/// A line without `@`: a bare `[native code]` (an anonymous built-in), an old-Safari or
/// React Native bare `url:l:c`. JavaScriptCore's bare `eval code` is not a frame.
fn bare_frame(line: &str) -> Option<RawFrame<'_>> {
    if line == "[native code]" {
        return Some(RawFrame::new(None, Location::Native(line)));
    }
    if line.bytes().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let (url, found_line, _) = split_line_column(line);
    let looks_like_a_file = url.bytes().any(|b| matches!(b, b'/' | b':' | b'.'));
    if found_line.is_none() || !looks_like_a_file {
        return None;
    }
    Some(RawFrame::new(None, parse_location(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, function: Option<&str>, location: Location<'_>) {
        let frame = parse_line(line).unwrap_or_else(|| panic!("not a frame: {line}"));
        assert_eq!(frame.function, function, "{line}");
        assert_eq!(frame.location, location, "{line}");
    }

    fn script(url: &str, line: u32, column: Option<u32>) -> Location<'_> {
        Location::Script {
            url,
            line: Some(line),
            column,
        }
    }

    #[test]
    fn named_and_anonymous_frames() {
        check(
            "inner@http://127.0.0.1:8123/app.js:23:46",
            Some("inner"),
            script("http://127.0.0.1:8123/app.js", 23, Some(46)),
        );
        check(
            "@http://127.0.0.1:8123/app.js:54:25",
            None,
            script("http://127.0.0.1:8123/app.js", 54, Some(25)),
        );
        check(
            "doubleAll/<@http://h/app.js:42:51",
            Some("doubleAll/<"),
            script("http://h/app.js", 42, Some(51)),
        );
        check(
            "get weight@http://h/app.js:29:24",
            Some("get weight"),
            script("http://h/app.js", 29, Some(24)),
        );
    }

    #[test]
    fn old_firefox_argument_lists_are_not_part_of_the_name() {
        check(
            "bar(2)@http://h/file.js:16",
            Some("bar"),
            script("http://h/file.js", 16, None),
        );
        check(
            "()@http://h/st.js:44",
            None,
            script("http://h/st.js", 44, None),
        );
        check(
            "(null)@http://h/st.js:31",
            None,
            script("http://h/st.js", 31, None),
        );
    }

    #[test]
    fn react_native_bare_bundle_positions_are_frames() {
        check(
            "index.android.bundle:156:572",
            None,
            script("index.android.bundle", 156, Some(572)),
        );
    }

    #[test]
    fn urls_with_at_signs_split_at_the_first() {
        check(
            "f@http://user@h/app.js:1:2",
            Some("f"),
            script("http://user@h/app.js", 1, Some(2)),
        );
    }

    #[test]
    fn eval_and_function_code_resolve_to_the_outer_line() {
        check(
            "evaluated@http://h/app.js line 64 > eval:1:24",
            Some("evaluated"),
            script("http://h/app.js", 64, None),
        );
        check(
            "@http://h/app.js line 64 > eval:2:1",
            Some("eval"),
            script("http://h/app.js", 64, None),
        );
        check(
            "anonymous@http://h/app.js line 65 > Function:4:3",
            Some("anonymous"),
            script("http://h/app.js", 65, None),
        );
    }

    #[test]
    fn javascriptcore_markers() {
        check(
            "forEach@[native code]",
            Some("forEach"),
            Location::Native("[native code]"),
        );
        check("[native code]", None, Location::Native("[native code]"));
        assert!(parse_line("eval code").is_none());
        check(
            "global code@http://h/app.js:7:4",
            Some("global code"),
            script("http://h/app.js", 7, Some(4)),
        );
        check(
            "http://h/app.js:48:22",
            None,
            script("http://h/app.js", 48, Some(22)),
        );
    }

    #[test]
    fn message_lines_are_not_frames() {
        assert!(parse_line("Error: mail a@b.example failed").is_none());
        assert!(parse_line("Error: bad input at x.js:1:2").is_none());
        assert!(parse_line("f@nowhere").is_none());
        assert!(parse_line("   ").is_none());
        assert!(parse_line("boom").is_none());
    }
}
