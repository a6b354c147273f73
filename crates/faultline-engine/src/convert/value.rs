//! Arbitrary JS values to JSON-like core values and back, bounded and cycle-safe.
//!
//! App data (`extra`, contexts, breadcrumb data, console arguments) can be anything: a
//! cyclic graph, a Proxy whose traps throw, a 10 MB string. Every read here is guarded and
//! every walk is bounded in depth, breadth and total nodes; what is cut is marked.

use faultline_core::names_sorted;
use js_sys::{Array, JsString, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Characters of one string kept.
pub(crate) const MAX_STRING: u32 = 8192;
/// Levels of nesting kept.
const MAX_DEPTH: usize = 4;
/// Keys or items kept per object or array.
const MAX_BREADTH: u32 = 100;
/// Values visited per conversion.
const MAX_NODES: usize = 1000;
/// Entries of a scope's tags, extra or contexts read: one more than any part of an event
/// keeps (core's breadth limit, 1000; 100 tags), so that truncation, not this reading,
/// cuts them, and counts the cut.
const MAX_ENTRIES: usize = 1001;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_name = String)]
    fn js_string(value: &JsValue) -> Result<JsString, JsValue>;
}

/// The keys of the journal's items and records (`intake.rs`, `js/sensors.js`) and of
/// Sentry's breadcrumb and scope shapes: read for every capture, so made into JS strings
/// once ([`KEY_VALUES`]). A Rust string becomes a JS one by a copy and a decode; for a
/// burst of 500 captures of a dozen fields each, that was a good part of the intake.
/// Sorted (checked when compiling), so that a key is found by a binary search: a linear
/// one compared a dozen strings on each of the burst's 10,000 reads.
const KEYS: [&str; 36] = [
    "c",
    "category",
    "contexts",
    "crumb",
    "data",
    "e",
    "ev",
    "event",
    "extra",
    "f",
    "fingerprint",
    "id",
    "k",
    "l",
    "level",
    "m",
    "mechanism",
    "message",
    "n",
    "o",
    "p",
    "r",
    "record",
    "s",
    "scope",
    "src",
    "t",
    "tags",
    "text",
    "timestamp",
    "ts",
    "type",
    "url",
    "user",
    "v",
    "x",
];

const _: () = assert!(
    names_sorted(&KEYS),
    "KEYS must be sorted for the binary search"
);

thread_local! {
    /// [`KEYS`] as JS strings, made on first use.
    static KEY_VALUES: Vec<JsValue> = KEYS.iter().map(|key| JsValue::from_str(key)).collect();
}

/// `obj[key]`, or undefined when reading throws.
pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    let read = |name: &JsValue| Reflect::get(obj, name).unwrap_or(JsValue::UNDEFINED);
    match KEYS.binary_search(&key) {
        Ok(index) => KEY_VALUES.with(|values| match values.get(index) {
            Some(name) => read(name),
            None => read(&JsValue::from_str(key)),
        }),
        Err(_) => read(&JsValue::from_str(key)),
    }
}

/// Sets `obj[key]` (on a fresh plain object, which cannot fail).
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// A string value cut to `max` UTF-16 units; `None` for non-strings. The flag says
/// whether it was cut. A long string is sliced in JS, never copied whole into wasm.
pub(crate) fn text_cut(value: &JsValue, max: u32) -> Option<(String, bool)> {
    let s = value.dyn_ref::<JsString>()?;
    if s.length() <= max {
        return Some((String::from(s), false));
    }
    let mut cut = String::from(s.slice(0, max));
    cut.push('…');
    Some((cut, true))
}

/// A string value cut to [`MAX_STRING`].
pub(crate) fn text(value: &JsValue) -> Option<String> {
    text_cut(value, MAX_STRING).map(|(s, _)| s)
}

/// `obj[key]` as a string cut to [`MAX_STRING`].
pub(crate) fn get_text(obj: &JsValue, key: &str) -> Option<String> {
    text(&get(obj, key))
}

/// `obj[key]` as a string cut to [`MAX_STRING`], for the page part's own records (journal
/// items, the sensors' records), whose strings the page cut already (`js/sensors.js`):
/// the string is copied in one call, and only one longer than [`MAX_STRING`] bytes is cut
/// in JS ([`text`]). A burst's 500 captures read a dozen such strings each.
pub(crate) fn record_text(obj: &JsValue, key: &str) -> Option<String> {
    let value = get(obj, key);
    match value.as_string() {
        // UTF-8 bytes are at least as many as UTF-16 units: nothing to cut.
        Some(s) if s.len() <= MAX_STRING as usize => Some(s),
        Some(_) => text(&value),
        None => None,
    }
}

/// `obj[key]` as a number.
pub(crate) fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key).as_f64()
}

/// `String(value)` for primitives (numbers, booleans, symbols, bigints), guarded.
pub(crate) fn primitive_text(value: &JsValue) -> String {
    js_string(value).map(String::from).unwrap_or_default()
}

/// An object's own string-keyed entries (unreadable ones skipped), at most [`MAX_ENTRIES`].
pub(crate) fn entries(value: &JsValue) -> Vec<(String, JsValue)> {
    if !value.is_object() {
        return Vec::new();
    }
    let Ok(keys) = Reflect::own_keys(value) else {
        return Vec::new();
    };
    keys.iter()
        .take(MAX_ENTRIES)
        .filter_map(|k| Some((k.as_string()?, Reflect::get(value, &k).ok()?)))
        .collect()
}

/// A JS value as a bounded JSON-like value; the flag says whether anything was cut.
pub(crate) fn value_from_js(value: &JsValue) -> (Value, bool) {
    let mut walk = Walk {
        nodes: 0,
        cut: false,
        ancestors: Vec::new(),
    };
    let v = walk.value(value);
    (v, walk.cut)
}

struct Walk {
    nodes: usize,
    cut: bool,
    ancestors: Vec<JsValue>,
}

impl Walk {
    fn value(&mut self, value: &JsValue) -> Value {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            self.cut = true;
            return Value::String("[…]".into());
        }
        if let Some((s, cut)) = text_cut(value, MAX_STRING) {
            self.cut |= cut;
            return Value::String(s);
        }
        if let Some(n) = value.as_f64() {
            // Whole numbers stay integers (JSON `3`, not `3.0`).
            if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
                return Value::from(n as i64);
            }
            return Number::from_f64(n)
                .map_or_else(|| Value::String(primitive_text(value)), Value::Number);
        }
        if let Some(b) = value.as_bool() {
            return Value::Bool(b);
        }
        if value.is_null() || value.is_undefined() {
            return Value::Null;
        }
        if value.is_function() {
            return Value::String("[Function]".into());
        }
        if !value.is_object() {
            return Value::String(primitive_text(value));
        }
        self.object(value)
    }

    fn object(&mut self, value: &JsValue) -> Value {
        if self.ancestors.iter().any(|a| Object::is(a, value)) {
            return Value::String("[Circular]".into());
        }
        if let Some(error) = value.dyn_ref::<js_sys::Error>() {
            let name = text(&get(error, "name")).unwrap_or_else(|| "Error".into());
            let message = text(&get(error, "message")).unwrap_or_default();
            return Value::String(name + ": " + &message);
        }
        let array = is_array(value).unwrap_or(false);
        if self.ancestors.len() >= MAX_DEPTH {
            self.cut = true;
            return Value::String(if array { "[Array]" } else { "[Object]" }.into());
        }
        let Ok(keys) = object_keys(value) else {
            self.cut = true;
            return Value::String("[unreadable]".into());
        };
        self.ancestors.push(value.clone());
        let out = if array {
            Value::Array(self.items(value, &keys))
        } else {
            Value::Object(self.fields(value, &keys))
        };
        self.ancestors.pop();
        out
    }

    fn items(&mut self, value: &JsValue, keys: &Array) -> Vec<Value> {
        let n = keys.length().min(MAX_BREADTH);
        self.cut |= keys.length() > n;
        (0..n)
            .map(|i| {
                let item = Reflect::get_u32(value, i).unwrap_or(JsValue::UNDEFINED);
                self.value(&item)
            })
            .collect()
    }

    fn fields(&mut self, value: &JsValue, keys: &Array) -> Map<String, Value> {
        let mut map = Map::new();
        self.cut |= keys.length() > MAX_BREADTH;
        for key in keys.iter().take(MAX_BREADTH as usize) {
            let Some(name) = key.as_string() else {
                continue;
            };
            let item =
                Reflect::get(value, &key).unwrap_or_else(|_| JsValue::from_str("[unreadable]"));
            let v = self.value(&item);
            map.insert(name, v);
        }
        map
    }
}
