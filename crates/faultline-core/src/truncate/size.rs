//! The length of an event's JSON, counted by hand: what `serde_json::to_vec` writes for it,
//! without a serializer in the capture wasm (serde's derived serializers, `serde_json`'s
//! writer and its float formatting would cost every app about 4.5 KB gzip). The count is
//! exact but for floats, which count as their longest form, so it is never less than the
//! real length.
//!
//! Each function mirrors the serde attributes of its type (`skip_serializing_if`, renames,
//! flattened `other` fields); `tests/limits.rs` checks the counts against `serde_json` for
//! events with every field set.

use crate::VecMap;
use std::collections::BTreeMap;

use serde_json::{Number, Value};

use crate::{
    Breadcrumb, Event, Exception, Frame, LogEntry, Mechanism, Request, Sdk, Stacktrace, User,
};

/// The JSON length of the string `s`: quotes, and escapes as `serde_json` writes them.
///
/// Every string of every event is measured once per capture, so eight bytes are looked at
/// together: only a word with a byte to escape is counted byte by byte.
pub(super) fn str_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut extra = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if needs_escape(u64::from_le_bytes(word)) {
            extra += chunk.iter().map(|&b| escape_extra(b)).sum::<usize>();
        }
    }
    extra += chunks
        .remainder()
        .iter()
        .map(|&b| escape_extra(b))
        .sum::<usize>();
    bytes.len() + extra + 2
}

/// The bytes an escape adds to the byte `b` of a JSON string.
fn escape_extra(b: u8) -> usize {
    match b {
        b'"' | b'\\' | 0x08 | b'\t' | b'\n' | 0x0c | b'\r' => 1,
        0..=0x1f => 5,
        _ => 0,
    }
}

/// Whether one of the eight bytes of `word` is a control character, a quote or a
/// backslash. Exact for the word as a whole, which is all the caller asks.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero when some byte of `w` is below `n` (n <= 0x80): the lowest such byte sets
    // its high bit (bytes of 0x80 and above are masked by `!w`); a borrow can flag bytes
    // above it too, but only after a true one.
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH;
    let zero = |w: u64| below(w, 1);
    (below(word, 0x20) | zero(word ^ (ONES * 0x22)) | zero(word ^ (ONES * 0x5c))) != 0
}

/// The number of decimal digits of `n`.
pub(super) fn uint_len(mut n: u64) -> usize {
    let mut digits = 1;
    while n >= 10 {
        n /= 10;
        digits += 1;
    }
    digits
}

/// The longest a finite float's shortest form can be (`-2.2250738585072014e-308`).
pub(super) const FLOAT_LEN: usize = 24;

/// The length of `n`: exact for integers; a float counts [`FLOAT_LEN`] bytes, at least
/// what serde_json writes for it, so that no float formatter is needed to stay under a
/// limit.
fn number_len(n: &Number) -> usize {
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => uint_len(u),
        (None, Some(i)) => 1 + uint_len(i.unsigned_abs()),
        _ => FLOAT_LEN,
    }
}

/// The JSON length of `value`.
pub(super) fn value_len(value: &Value) -> usize {
    match value {
        Value::Null => 4,
        Value::Bool(b) => 4 + usize::from(!b),
        Value::Number(n) => number_len(n),
        Value::String(s) => str_len(s),
        Value::Array(items) => list_len(items.iter().map(value_len)),
        Value::Object(fields) => {
            let mut o = Obj::default();
            fields
                .iter()
                .for_each(|(k, v)| o.entry(str_len(k), value_len(v)));
            o.len()
        }
    }
}

/// The JSON length of a list whose items take `items` bytes each.
fn list_len(items: impl Iterator<Item = usize>) -> usize {
    let (count, sum) = items.fold((0usize, 0), |(n, sum), len| (n + 1, sum + len));
    2 + sum + count.saturating_sub(1)
}

/// Counts an object field by field.
#[derive(Default)]
struct Obj {
    fields: usize,
    bytes: usize,
}

impl Obj {
    /// A field named by the model: its name needs no escape, so its length is known.
    fn field(&mut self, key: &'static str, value_len: usize) {
        self.entry(key.len() + 2, value_len);
    }

    /// A field whose name takes `key_len` bytes.
    fn entry(&mut self, key_len: usize, value_len: usize) {
        self.fields += 1;
        self.bytes += key_len + 1 + value_len;
    }

    fn text(&mut self, key: &'static str, value: &Option<String>) {
        if let Some(s) = value {
            self.field(key, str_len(s));
        }
    }

    fn other(&mut self, other: &BTreeMap<String, Value>) {
        other
            .iter()
            .for_each(|(k, v)| self.entry(str_len(k), value_len(v)));
    }

    /// A map field, left out when empty.
    fn map(&mut self, key: &'static str, map: &BTreeMap<String, Value>) {
        if !map.is_empty() {
            self.field(key, map_len(map));
        }
    }

    fn len(&self) -> usize {
        2 + self.bytes + self.fields.saturating_sub(1)
    }
}

/// The JSON length of a map of values.
pub(super) fn map_len(map: &BTreeMap<String, Value>) -> usize {
    let mut o = Obj::default();
    o.other(map);
    o.len()
}

fn strings_len(map: &VecMap<String, String>) -> usize {
    let mut o = Obj::default();
    map.iter()
        .for_each(|(k, v)| o.entry(str_len(k), str_len(v)));
    o.len()
}

/// The JSON length of `e`.
pub(super) fn event_len(e: &Event) -> usize {
    let mut o = Obj::default();
    // 32 hex digits.
    o.field("event_id", 34);
    o.field("timestamp", str_len(&e.timestamp.to_string()));
    o.field("platform", str_len(&e.platform));
    o.field("level", str_len(e.level.as_str()));
    o.text("logger", &e.logger);
    o.text("message", &e.message);
    if let Some(entry) = &e.logentry {
        o.field("logentry", logentry_len(entry));
    }
    if let Some(list) = &e.exception {
        o.field(
            "exception",
            values_len(list.values.iter().map(exception_len)),
        );
    }
    if let Some(crumbs) = &e.breadcrumbs {
        o.field(
            "breadcrumbs",
            values_len(crumbs.values.iter().map(breadcrumb_len)),
        );
    }
    if let Some(user) = &e.user {
        o.field("user", user_len(user));
    }
    if let Some(request) = &e.request {
        o.field("request", request_len(request));
    }
    o.text("release", &e.release);
    o.text("dist", &e.dist);
    o.text("environment", &e.environment);
    if !e.tags.is_empty() {
        o.field("tags", strings_len(&e.tags));
    }
    o.map("contexts", &e.contexts.0);
    o.map("extra", &e.extra);
    if !e.fingerprint.is_empty() {
        o.field(
            "fingerprint",
            list_len(e.fingerprint.iter().map(|p| str_len(p))),
        );
    }
    if let Some(sdk) = &e.sdk {
        o.field("sdk", sdk_len(sdk));
    }
    o.other(&e.other);
    o.len()
}

/// `{"values":[...]}`.
fn values_len(items: impl Iterator<Item = usize>) -> usize {
    let mut o = Obj::default();
    o.field("values", list_len(items));
    o.len()
}

fn logentry_len(entry: &LogEntry) -> usize {
    let mut o = Obj::default();
    o.text("message", &entry.message);
    o.text("formatted", &entry.formatted);
    if let Some(params) = &entry.params {
        o.field("params", value_len(params));
    }
    o.other(&entry.other);
    o.len()
}

fn exception_len(x: &Exception) -> usize {
    let mut o = Obj::default();
    o.text("type", &x.ty);
    o.text("value", &x.value);
    o.text("module", &x.module);
    if let Some(mechanism) = &x.mechanism {
        o.field("mechanism", mechanism_len(mechanism));
    }
    if let Some(stacktrace) = &x.stacktrace {
        o.field("stacktrace", stacktrace_len(stacktrace));
    }
    o.other(&x.other);
    o.len()
}

fn mechanism_len(m: &Mechanism) -> usize {
    let mut o = Obj::default();
    o.field("type", str_len(&m.ty));
    let flags = [
        ("handled", m.handled),
        ("is_exception_group", m.is_exception_group),
    ];
    for (key, flag) in flags {
        if let Some(b) = flag {
            o.field(key, 4 + usize::from(!b));
        }
    }
    o.text("source", &m.source);
    for (key, id) in [("exception_id", m.exception_id), ("parent_id", m.parent_id)] {
        if let Some(id) = id {
            o.field(key, uint_len(id));
        }
    }
    o.other(&m.other);
    o.len()
}

fn stacktrace_len(s: &Stacktrace) -> usize {
    let mut o = Obj::default();
    o.field("frames", list_len(s.frames.iter().map(frame_len)));
    o.other(&s.other);
    o.len()
}

/// The JSON length of `f`.
pub(super) fn frame_len(f: &Frame) -> usize {
    let mut o = Obj::default();
    o.text("function", &f.function);
    o.text("filename", &f.filename);
    o.text("abs_path", &f.abs_path);
    for (key, n) in [("lineno", f.lineno), ("colno", f.colno)] {
        if let Some(n) = n {
            o.field(key, uint_len(u64::from(n)));
        }
    }
    if let Some(b) = f.in_app {
        o.field("in_app", 4 + usize::from(!b));
    }
    o.text("module", &f.module);
    o.other(&f.other);
    o.len()
}

/// The JSON length of `b`.
pub(super) fn breadcrumb_len(b: &Breadcrumb) -> usize {
    let mut o = Obj::default();
    o.field("timestamp", str_len(&b.timestamp.to_string()));
    o.text("type", &b.ty);
    o.text("category", &b.category);
    if let Some(level) = b.level {
        o.field("level", str_len(level.as_str()));
    }
    o.text("message", &b.message);
    o.map("data", &b.data);
    o.other(&b.other);
    o.len()
}

fn user_len(u: &User) -> usize {
    let mut o = Obj::default();
    o.text("id", &u.id);
    o.text("email", &u.email);
    o.text("username", &u.username);
    o.text("ip_address", &u.ip_address);
    o.other(&u.other);
    o.len()
}

fn request_len(r: &Request) -> usize {
    let mut o = Obj::default();
    o.text("url", &r.url);
    o.text("method", &r.method);
    if !r.headers.is_empty() {
        o.field("headers", strings_len(&r.headers));
    }
    o.other(&r.other);
    o.len()
}

fn sdk_len(sdk: &Sdk) -> usize {
    let mut o = Obj::default();
    o.field("name", str_len(&sdk.name));
    o.field("version", str_len(&sdk.version));
    o.other(&sdk.other);
    o.len()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::str_len;

    /// The length byte by byte, as `serde_json` writes the string.
    fn str_len_bytewise(s: &str) -> usize {
        serde_json::to_string(s).map(|json| json.len()).unwrap_or(0)
    }

    #[test]
    fn escapes_count_as_serde_json_writes_them() {
        for s in [
            "",
            "plain",
            "a\"b",
            "back\\slash",
            "\u{1}\u{1f}",
            "tab\there\n",
            "é ü 😀",
            "12345678\"",
            "1234567\u{7f}\u{80}",
        ] {
            assert_eq!(str_len(s), str_len_bytewise(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn matches_serde_json_on_any_string(s in "(?s).{0,64}", special in prop::collection::vec(0u8..0x80, 0..24)) {
            let mixed: String = s.chars().chain(special.iter().map(|&b| char::from(b))).collect();
            prop_assert_eq!(str_len(&mixed), str_len_bytewise(&mixed));
        }
    }
}
