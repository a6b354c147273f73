//! SpiderMonkey (Firefox) and JavaScriptCore (Safari) frames: `function@location`.
//!
//! Both engines print one frame per line as `name@location`, with an empty name for
//! anonymous code (`@url:l:c`). SpiderMonkey adds decorations to names (`outer/<` for an
//! anonymous function inside `outer`, `async*f` after an `await`, `setTimeout handler*f`)
//! and reports eval code as `url line N > eval:l:c`. JavaScriptCore labels top-level code
//! (`global code`, `module code`, `eval code`), prints `[native code]` for built-ins,
//! `<?>.wasm-function[name]@[wasm code]` for wasm, and may print a bare `eval code` line
//! or, in old versions, a bare `url:l:c`. Names keep their decorations; grouping strips
//! them.

use super::location::{parse_location, split_line_column, Location};
use super::RawFrame;

/// JavaScriptCore's labels for code that is not inside a function.
const JSC_CODE_LABELS: [&str; 4] = ["global code", "module code", "eval code", "eval"];

/// One SpiderMonkey or JavaScriptCore frame line, or `None` when the line is not a frame.
pub(crate) fn parse_line(line: &str) -> Option<RawFrame<'_>> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    match line.split_once('@') {
        Some((function, location)) => at_sign_frame(function, location),
        None => bare_frame(line),
    }
}

/// `function@location`. The location must carry a line number or be a native or wasm
/// marker, which keeps message lines such as `Error: mail a@b.c failed` out.
fn at_sign_frame<'a>(function: &'a str, location: &'a str) -> Option<RawFrame<'a>> {
    if function.contains(": ") {
        return None;
    }
    let location = parse_location(location);
    let plausible = match location {
        Location::Script { line, .. } => line.is_some(),
        Location::Wasm { .. } | Location::Native(_) => true,
        Location::Unknown => false,
    };
    plausible.then(|| RawFrame {
        function: (!function.is_empty()).then_some(function),
        location,
    })
}

/// A line without `@`: JSC's bare `eval code`, or an old-Safari bare `url:l:c`.
fn bare_frame(line: &str) -> Option<RawFrame<'_>> {
    if JSC_CODE_LABELS.contains(&line) {
        return Some(RawFrame {
            function: Some(line),
            location: Location::Unknown,
        });
    }
    if line.contains(char::is_whitespace) {
        return None;
    }
    let (url, found_line, _) = split_line_column(line);
    if found_line.is_none() || !(url.contains('/') || url.contains(':')) {
        return None;
    }
    Some(RawFrame {
        function: None,
        location: parse_location(line),
    })
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
        check("eval code", Some("eval code"), Location::Unknown);
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
