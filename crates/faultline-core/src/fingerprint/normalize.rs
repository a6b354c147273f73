//! What of a frame or message survives into a fingerprint.
//!
//! Engines print the same function differently (`new Cart` / `Cart`, `Object.send` /
//! `send`, `doubleAll/<` / nothing) and bundlers rename files on every build
//! (`main.3f2a9c.js`); messages embed ids and numbers. These functions reduce each to
//! what stays the same for the same bug. All are single passes over their input.

/// Function names that say nothing about which function it is.
const ANONYMOUS: [&str; 11] = [
    "",
    "?",
    "<anonymous>",
    "anonymous",
    "Anonymous function",
    "<unknown>",
    "eval",
    "eval code",
    "global code",
    "module code",
    "<?>",
];

/// The function's own name without engine decorations, or `None` for anonymous code.
///
/// `async*outer/<`, `Object.deliver [as send]`, `new Cart`, `Cart.get weight`,
/// `app::checkout::total::{closure#0}` become ``, `deliver`, `Cart`, `weight`, `total`.
pub(crate) fn function_name(printed: &str) -> Option<&str> {
    // Firefox's async cause (`async*f`, `setTimeout handler*f`).
    let mut name = printed.rsplit('*').next().unwrap_or(printed).trim();
    // V8's alias (`Object.f [as g]`).
    if let Some(i) = name.find(" [as ") {
        name = &name[..i];
    }
    for prefix in ["async ", "new "] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    if name.contains("::") {
        name = rust_last_segment(name);
    } else {
        // Firefox nests names with `/` and marks anonymous functions with `<`: `outer/<`
        // is an anonymous function inside `outer`, `outer/dispatch<` one inside the
        // expression assigned to `dispatch`, named after neither.
        if name.ends_with('<') {
            return None;
        }
        name = name.rsplit('/').next().unwrap_or(name);
        name = name.rsplit('.').next().unwrap_or(name);
    }
    for prefix in ["get ", "set "] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    let name = name.trim();
    (!ANONYMOUS.contains(&name)).then_some(name)
}

/// `a::b::f::<T>::{closure#0}` to `f`.
fn rust_last_segment(path: &str) -> &str {
    let mut path = path;
    loop {
        let before = path.len();
        if path.ends_with('>') {
            path = path.find("::<").map_or(path, |i| &path[..i]);
        }
        if let Some((parent, _)) = path.strip_suffix('}').and_then(|p| p.rsplit_once("::{")) {
            path = parent;
        }
        if path.len() == before {
            break;
        }
    }
    path.rsplit("::").next().unwrap_or(path)
}

/// The file's basename without query, hash or content-hash segments: every build of
/// `https://cdn/x/main.3f2a9c.js?v=2` is `main.js`. `blob:` and `data:` URLs, which
/// are new on every page load, are `<blob>` and `<data>`.
pub(crate) fn file_name(url: &str) -> String {
    if url.starts_with("blob:") {
        return "<blob>".into();
    }
    if url.starts_with("data:") {
        return "<data>".into();
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    strip_content_hashes(base)
}

/// `main.3f2a9c.js` to `main.js`, `chunk-AB12CD.js` to `chunk.js`,
/// `index-BwY2k3Zx.js` to `index.js`. The extension always stays.
fn strip_content_hashes(base: &str) -> String {
    let (stem, ext) = match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (base, None),
    };
    let stem = strip_vite_hash(stem);
    let mut out = String::with_capacity(base.len());
    let mut sep = None;
    let mut start = 0;
    for (i, c) in stem.char_indices().chain([(stem.len(), '.')]) {
        if !matches!(c, '.' | '-' | '_') {
            continue;
        }
        let segment = &stem[start..i];
        if !is_content_hash(segment) {
            if let (Some(sep), false) = (sep, out.is_empty()) {
                out.push(sep);
            }
            out.push_str(segment);
        }
        sep = Some(c);
        start = i + c.len_utf8();
    }
    if out.is_empty() {
        out.push_str("<hash>");
    }
    if let Some(ext) = ext {
        out.push('.');
        out.push_str(ext);
    }
    out
}

/// A bundler's hash segment: six or more letters and digits with at least one digit,
/// and either all hex (`3f2a9c`, `AB12CD`) or at least eight long (`5f3e1a2bZ9`).
fn is_content_hash(segment: &str) -> bool {
    let len = segment.len();
    len >= 6
        && segment.bytes().all(|b| b.is_ascii_alphanumeric())
        && segment.bytes().any(|b| b.is_ascii_digit())
        && (len >= 8 || segment.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Vite and Rollup append `-` and eight base64url characters, which may themselves
/// contain `-` and `_`: `index-D_3x-9aB`. Cut such a tail when it has a digit or a
/// capital letter (a word like `-settings` has neither).
fn strip_vite_hash(stem: &str) -> &str {
    let Some(cut) = stem.len().checked_sub(9) else {
        return stem;
    };
    let Some(hash) = stem.get(cut..).and_then(|tail| tail.strip_prefix('-')) else {
        return stem;
    };
    let is_hash = cut > 0
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && hash
            .bytes()
            .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if is_hash {
        &stem[..cut]
    } else {
        stem
    }
}

/// Bytes of a message or value that grouping reads: the event model's truncation limit,
/// so an event groups the same whether or not it was truncated first.
pub(crate) const MAX_MESSAGE_LEN: usize = 8 * 1024;

/// A message with its variable parts replaced: URLs by `<url>`, emails by `<email>`,
/// UUIDs by `<uuid>`, hex by `<hex>`, numbers by `<num>` and words mixing letters and
/// digits (ids) by `<id>`. Whitespace runs become one space. Only the first
/// [`MAX_MESSAGE_LEN`] bytes count.
pub(crate) fn message(text: &str) -> String {
    let mut end = text.len().min(MAX_MESSAGE_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let mut out = String::with_capacity(text.len());
    for token in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let core = token.trim_matches(|c: char| "()[]{}<>\"'`,;:.!?".contains(c));
        let lead = token.len()
            - token
                .trim_start_matches(|c: char| "([{<\"'`".contains(c))
                .len();
        if core.contains("://") || core.starts_with("www.") {
            push_replaced(&mut out, token, lead, core, "<url>");
        } else if is_email(core) {
            push_replaced(&mut out, token, lead, core, "<email>");
        } else {
            push_words(&mut out, token);
        }
    }
    out
}

/// `token` with `core` (found at or after `lead`) replaced by `placeholder`.
fn push_replaced(out: &mut String, token: &str, lead: usize, core: &str, placeholder: &str) {
    let start = token[lead..].find(core).map_or(lead, |i| lead + i);
    out.push_str(&token[..start]);
    out.push_str(placeholder);
    out.push_str(&token[start + core.len()..]);
}

/// Splits a token at punctuation and replaces each word that is a number, hex, UUID or id.
fn push_words(out: &mut String, token: &str) {
    let mut start = 0;
    for (i, c) in token.char_indices().chain([(token.len(), ' ')]) {
        let delimiter = c == ' ' || "()[]{}<>\"'`,;:=/#@!?".contains(c);
        if !delimiter {
            continue;
        }
        let word = &token[start..i];
        let (word, dot) = match word.strip_suffix('.') {
            Some(w) => (w, "."),
            None => (word, ""),
        };
        out.push_str(word_placeholder(word).unwrap_or(word));
        out.push_str(dot);
        if i < token.len() {
            out.push(c);
        }
        start = i + c.len_utf8();
    }
}

fn word_placeholder(word: &str) -> Option<&'static str> {
    let has_digit = word.bytes().any(|b| b.is_ascii_digit());
    if !has_digit {
        return None;
    }
    if is_uuid(word) {
        return Some("<uuid>");
    }
    let unsigned = word.trim_start_matches(['-', '+']);
    if let Some(hex) = unsigned.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some("<hex>");
        }
    }
    if unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Some("<num>");
    }
    if word.len() >= 8 && word.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("<hex>");
    }
    Some("<id>")
}

fn is_uuid(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_email(core: &str) -> bool {
    match core.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.contains('@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_lose_engine_decorations() {
        for (printed, expected) in [
            ("Object.deliver [as send]", Some("deliver")),
            ("new Widget", Some("Widget")),
            ("async showProfile", Some("showProfile")),
            ("async*showProfile", Some("showProfile")),
            ("setTimeout handler*onTick", Some("onTick")),
            ("get weight", Some("weight")),
            ("Cart.get weight", Some("weight")),
            ("set weight", Some("weight")),
            ("Cart.total", Some("total")),
            ("outer/inner", Some("inner")),
            ("doubleAll/<", None),
            ("main/</<", None),
            ("applyMiddleware/dispatch<", None),
            ("Object.<anonymous>", None),
            ("async <anonymous>", None),
            ("eval", None),
            ("anonymous", None),
            ("global code", None),
            ("?", None),
            ("wasm_panic::checkout::line_price", Some("line_price")),
            ("app::run::{closure#0}", Some("run")),
            ("app::f::<u8>", Some("f")),
            ("<app::Cart as core::fmt::Display>::fmt", Some("fmt")),
        ] {
            assert_eq!(function_name(printed), expected, "{printed}");
        }
    }

    #[test]
    fn file_names_lose_paths_queries_and_content_hashes() {
        for (url, expected) in [
            ("https://cdn.example/static/main.3f2a9c.js?v=2#x", "main.js"),
            ("https://h/chunk-AB12CD.js", "chunk.js"),
            ("https://h/app-5f3e1a2b.min.js", "app.min.js"),
            ("https://h/assets/index-BwY2k3Zx.js", "index.js"),
            ("https://h/assets/index-D_3x-9aB.js", "index.js"),
            ("https://h/app.js", "app.js"),
            ("https://h/my-settings.js", "my-settings.js"),
            ("https://h/polyfills-es2015.js", "polyfills-es2015.js"),
            ("https://h/3f2a9c1d.js", "<hash>.js"),
            ("http://127.0.0.1:8123/helpers.3f2a9c.js?v=7", "helpers.js"),
            (
                "blob:http://h/876698d2-d134-4f6d-bf16-7890902b86c1",
                "<blob>",
            ),
            ("data:text/javascript,f()", "<data>"),
            ("C:\\app\\main.js", "main.js"),
            ("https://h/xé-abcdefgh.js", "xé-abcdefgh.js"),
            ("https://h/é-abcdefgh.js", "é-abcdefgh.js"),
            ("https://h/xé1234567.js", "xé1234567.js"),
        ] {
            assert_eq!(file_name(url), expected, "{url}");
        }
    }

    #[test]
    fn messages_lose_numbers_ids_and_addresses() {
        for (text, expected) in [
            ("no user 42", "no user <num>"),
            (
                "index 3 out of range for length 3.5",
                "index <num> out of range for length <num>",
            ),
            ("order 0x1f3a not found", "order <hex> not found"),
            (
                "session 876698d2-d134-4f6d-bf16-7890902b86c1 expired",
                "session <uuid> expired",
            ),
            ("mail to bob@example.com failed", "mail to <email> failed"),
            (
                "GET https://api.example/v1/users?id=7 -> 500",
                "GET <url> -> <num>",
            ),
            ("(see <https://x.example/a>).", "(see <<url>>)."),
            ("user_8f3a2 missing", "<id> missing"),
            ("key=abc123, count=12.", "key=<id>, count=<num>."),
            (
                "Cannot read properties of null (reading 'x')",
                "Cannot read properties of null (reading 'x')",
            ),
            ("  spaced\n\tout  ", "spaced out"),
        ] {
            assert_eq!(message(text), expected, "{text}");
        }
    }
}
