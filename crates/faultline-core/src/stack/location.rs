//! Frame locations as engines print them, split without backtracking.
//!
//! A location is a script position (`url:line:column`), a wasm position
//! (`url:wasm-function[N]:0xOFFSET`), a native marker (`<anonymous>`, `native`,
//! `[native code]`, ...). Every function here scans its input a bounded number
//! of times, so a location costs time linear in its length.

use crate::bytes;

/// Where a frame's code lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location<'a> {
    /// A script position. Lines and columns are 1-based.
    Script {
        url: &'a str,
        line: Option<u32>,
        column: Option<u32>,
    },
    /// A WebAssembly function: the module URL, the function index and the byte offset
    /// (`0x…`) in the module, when the engine printed them.
    Wasm {
        url: &'a str,
        function_index: Option<u32>,
        offset: Option<&'a str>,
    },
    /// Engine-internal code with no source: the marker as printed.
    Native(&'a str),
}

/// Markers engines print instead of a URL for built-in code.
const NATIVE_MARKERS: [&str; 5] = ["<anonymous>", "native", "[native code]", "self-hosted", ""];
/// The longest of [`NATIVE_MARKERS`].
const NATIVE_MARKER_LEN: usize = "[native code]".len();

/// Parses a location in any engine's syntax.
pub(crate) fn parse_location(s: &str) -> Location<'_> {
    parse(s, true)
}

/// Parses a location of a V8 frame. V8 names eval code with `eval at` (which its parser
/// resolves), never SpiderMonkey's ` line N > eval`: that scan is skipped.
pub(crate) fn parse_v8_location(s: &str) -> Location<'_> {
    parse(s, false)
}

fn parse(s: &str, gecko_eval: bool) -> Location<'_> {
    let s = s.trim_ascii();
    if s == "[wasm code]" {
        // JSC prints no URL or offset for wasm frames.
        return Location::Wasm {
            url: "",
            function_index: None,
            offset: None,
        };
    }
    if let Some(script) = gecko_eval.then(|| parse_gecko_eval(s)).flatten() {
        return script;
    }
    let (url, line, column) = split_line_column(s);
    // A wasm position ends in a hex offset, never a line number: most locations skip this.
    if line.is_none() {
        if let Some(wasm) = parse_wasm(s) {
            return wasm;
        }
    }
    // V8's code without a URL (eval'd or `new Function` code run from a console or a
    // bookmarklet): `<anonymous>:3:40`, or an empty URL inside `eval at f (:1:2)`. It has
    // a position, so it is code, not a built-in.
    if line.is_some() && (url.is_empty() || url == "<anonymous>") {
        return Location::Script {
            url: "<anonymous>",
            line,
            column,
        };
    }
    if is_native(url) || (line.is_none() && is_position_only(url)) {
        return Location::Native(url);
    }
    Location::Script { url, line, column }
}

/// `<anonymous>`, `native`, `[native code]`, Firefox's `self-hosted`, an empty URL.
fn is_native(url: &str) -> bool {
    // Most URLs are longer than any marker: one comparison instead of five.
    url.len() <= NATIVE_MARKER_LEN && NATIVE_MARKERS.contains(&url)
}

/// V8's `index 0` in `at async Promise.all (index 0)`: a position in a built-in call.
fn is_position_only(url: &str) -> bool {
    url.strip_prefix("index ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `url:wasm-function[N]:0xOFFSET` (V8, SpiderMonkey).
fn parse_wasm(s: &str) -> Option<Location<'_>> {
    // The function index's `]` ends the part before the last `:`: most locations fail
    // on that byte, before any search.
    let colon = bytes::rposition(s.as_bytes(), b':')?;
    if colon == 0 || s.as_bytes()[colon - 1] != b']' {
        return None;
    }
    let (head, offset) = (&s[..colon], &s[colon + 1..]);
    let (url, function) = bytes::rsplit_once(head, ":wasm-function[")?;
    let index = function.strip_suffix(']')?;
    let offset = offset.strip_prefix("0x").map(|_| offset);
    Some(Location::Wasm {
        url,
        function_index: index.parse().ok(),
        offset,
    })
}

/// Firefox's eval and `new Function` code: `url line N > eval:l:c`, possibly nested
/// (`url line N > eval line M > Function:l:c`). The frame is reported at the outer
/// script's line N; Firefox gives no column for it.
fn parse_gecko_eval(s: &str) -> Option<Location<'_>> {
    // Most locations hold no space: one byte scan, then a search only from the first.
    let space = bytes::position(s.as_bytes(), b' ')?;
    let at = space + bytes::find(&s[space..], " line ")?;
    let (url, rest) = (&s[..at], &s[at + " line ".len()..]);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].trim_ascii_start();
    if digits == 0 || !after.starts_with('>') {
        return None;
    }
    Some(Location::Script {
        url,
        line: rest[..digits].parse().ok(),
        column: None,
    })
}

/// Splits `url:line:col` or `url:line` from the right; anything else is all URL.
// `inline(always)` here and on `split_number`: release builds optimize for size, which
// calls even these on every frame; inlined, parsing costs 1-2% fewer instructions.
#[inline(always)]
pub(crate) fn split_line_column(s: &str) -> (&str, Option<u32>, Option<u32>) {
    let (rest, last) = split_number(s);
    match last {
        None => (s, None, None),
        Some(n) => match split_number(rest) {
            (url, Some(line)) => (url, Some(line), Some(n)),
            (url, None) => (url, Some(n), None),
        },
    }
}

/// `"a:12"` to `("a", Some(12))`; anything else to `(s, None)`. A number too large for
/// `u32` is not a number.
#[inline(always)]
fn split_number(s: &str) -> (&str, Option<u32>) {
    // By hand from the end: this runs twice on every frame, and `rsplit_once` plus
    // `parse` cost several passes over the same few bytes.
    let bytes = s.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1].is_ascii_digit() {
        start -= 1;
    }
    if start == bytes.len() || start == 0 || bytes[start - 1] != b':' {
        return (s, None);
    }
    // In a u64, where ten times a u32 plus a digit always fits.
    let mut n = 0u64;
    for &digit in &bytes[start..] {
        n = n * 10 + u64::from(digit - b'0');
        if n > u64::from(u32::MAX) {
            return (s, None);
        }
    }
    // Checked above: `n` fits.
    (&s[..start - 1], u32::try_from(n).ok())
}

/// What people read as the file: the path of an http(s) or file URL (no origin, query or
/// hash); `blob:` URLs as they are; a `data:` URL cut to its media type (its payload is
/// code, not a name); other URLs and paths as they are.
pub(crate) fn filename_from_url(url: &str) -> &str {
    // Dispatch on the first byte: most URLs are http(s), and every other check fails
    // on it.
    let after_scheme = match url.as_bytes().first() {
        Some(b'h') => url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://")),
        Some(b'f') => url.strip_prefix("file://"),
        Some(b'd') => {
            if let Some(data) = url.strip_prefix("data:") {
                let end = data.find([',', ';']).unwrap_or(data.len());
                return &url[..5 + end];
            }
            None
        }
        _ => None,
    };
    let Some(after_scheme) = after_scheme else {
        return url;
    };
    let path = match after_scheme.bytes().position(|b| b == b'/') {
        Some(i) => &after_scheme[i..],
        None => "/",
    };
    let end = path
        .bytes()
        .position(|b| b == b'?' || b == b'#')
        .unwrap_or(path.len());
    &path[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(url: &str, line: Option<u32>, column: Option<u32>) -> Location<'_> {
        Location::Script { url, line, column }
    }

    #[test]
    fn splits_line_and_column_from_the_right() {
        assert_eq!(
            parse_location("http://127.0.0.1:8080/app.js:12:17"),
            script("http://127.0.0.1:8080/app.js", Some(12), Some(17))
        );
        assert_eq!(parse_location("x.js:7"), script("x.js", Some(7), None));
        assert_eq!(
            parse_location("x.js:99999999999"),
            script("x.js:99999999999", None, None)
        );
    }

    #[test]
    fn native_markers_are_native() {
        for marker in [
            "<anonymous>",
            "native",
            "[native code]",
            "self-hosted",
            "index 0",
        ] {
            assert_eq!(parse_location(marker), Location::Native(marker), "{marker}");
        }
        assert_eq!(
            parse_location("self-hosted:120:17"),
            Location::Native("self-hosted")
        );
    }

    #[test]
    fn code_without_a_url_keeps_its_position() {
        assert_eq!(
            parse_location("<anonymous>:3:40"),
            script("<anonymous>", Some(3), Some(40))
        );
        assert_eq!(
            parse_location(":370:30"),
            script("<anonymous>", Some(370), Some(30))
        );
    }

    #[test]
    fn wasm_locations_keep_index_and_offset() {
        assert_eq!(
            parse_location("http://h/app.wasm:wasm-function[23]:0x1ca5"),
            Location::Wasm {
                url: "http://h/app.wasm",
                function_index: Some(23),
                offset: Some("0x1ca5"),
            }
        );
        assert!(matches!(
            parse_location("[wasm code]"),
            Location::Wasm { url: "", .. }
        ));
    }

    #[test]
    fn firefox_eval_resolves_to_the_outer_script_line() {
        assert_eq!(
            parse_location("http://h/app.js line 64 > eval:2:1"),
            script("http://h/app.js", Some(64), None)
        );
        assert_eq!(
            parse_location("http://h/app.js line 5 > eval line 1 > Function:3:4"),
            script("http://h/app.js", Some(5), None)
        );
    }

    #[test]
    fn filename_is_the_url_path() {
        assert_eq!(filename_from_url("http://h:1/a/b.js?v=1#x"), "/a/b.js");
        assert_eq!(filename_from_url("https://h"), "/");
        assert_eq!(filename_from_url("file:///home/a/b.js"), "/home/a/b.js");
        assert_eq!(
            filename_from_url("blob:http://h/uuid"),
            "blob:http://h/uuid"
        );
        assert_eq!(
            filename_from_url("data:text/javascript,function f() {}"),
            "data:text/javascript"
        );
    }
}
