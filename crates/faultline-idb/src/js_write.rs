//! Building plain JS objects by hand and reading their fields.
//!
//! Records are written without a serializer so that no serde code reaches the capture
//! package's wasm. Field names storage uses over and over are JS strings made once
//! ([`FIELD_NAMES`]): a Rust string becomes a JS one by a copy and a decode, which for
//! tens of thousands of small records (an import's counters and users) was a good part
//! of the work.

use faultline_core::names_sorted;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// The field names of the records written and read most: events, users, counters,
/// issues, activity. Sorted (checked when compiling) for a binary search: a linear one
/// compared a score of strings for each of the 25 fields of every issue written.
const FIELD_NAMES: [&str; 40] = [
    "at",
    "bucket",
    "count",
    "culprit",
    "environment",
    "environments",
    "errorType",
    "event",
    "eventId",
    "fingerprint",
    "firstRelease",
    "firstSeen",
    "firstSeenMs",
    "groupingConfig",
    "id",
    "issueId",
    "key",
    "lastRelease",
    "lastSeen",
    "lastSeenMs",
    "level",
    "n",
    "release",
    "releases",
    "resolvedAt",
    "resolvedAtMs",
    "seq",
    "shortId",
    "size",
    "status",
    "statusChangedMs",
    "statusDetails",
    "storedBytes",
    "storedEvents",
    "substatus",
    "title",
    "ts",
    "type",
    "unit",
    "userCount",
];

const _: () = assert!(names_sorted(&FIELD_NAMES), "FIELD_NAMES must be sorted");

thread_local! {
    /// [`FIELD_NAMES`] as JS strings, made on first use.
    static FIELD_VALUES: Vec<JsValue> = FIELD_NAMES.iter().map(|name| JsValue::from_str(name)).collect();
}

/// Calls `use_name` with `name` as a JS string, made once if it is one of [`FIELD_NAMES`].
fn with_name<R>(name: &str, use_name: impl FnOnce(&JsValue) -> R) -> R {
    match FIELD_NAMES.binary_search(&name) {
        Ok(index) => FIELD_VALUES.with(|values| match values.get(index) {
            Some(value) => use_name(value),
            None => use_name(&JsValue::from_str(name)),
        }),
        Err(_) => use_name(&JsValue::from_str(name)),
    }
}

/// Writes fields into JS objects and sums their JSON size.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    /// Approximate JSON bytes written so far.
    pub bytes: usize,
}

impl Writer {
    /// Sets `key` to `value` on `obj`.
    pub fn set(&mut self, obj: &Object, key: &str, value: &JsValue) {
        self.bytes += key.len() + 4;
        // Defining a data property on a plain object created here cannot fail.
        with_name(key, |name| {
            let _ = Reflect::set(obj, name, value);
        });
    }

    /// A string field.
    pub fn str(&mut self, obj: &Object, key: &str, value: &str) {
        self.bytes += value.len();
        self.set(obj, key, &JsValue::from_str(value));
    }

    /// A string field when present.
    pub fn opt_str(&mut self, obj: &Object, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(obj, key, v);
        }
    }

    /// A number field.
    pub fn num(&mut self, obj: &Object, key: &str, value: f64) {
        self.bytes += 8;
        self.set(obj, key, &JsValue::from_f64(value));
    }

    /// A number field when present.
    pub fn opt_num(&mut self, obj: &Object, key: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.num(obj, key, v);
        }
    }

    /// A boolean field when present.
    pub fn opt_bool(&mut self, obj: &Object, key: &str, value: Option<bool>) {
        if let Some(v) = value {
            self.bytes += 5;
            self.set(obj, key, &JsValue::from_bool(v));
        }
    }

    /// An array of strings.
    pub fn str_list(&mut self, obj: &Object, key: &str, values: &[String]) {
        self.bytes += values.iter().map(|v| v.len() + 3).sum::<usize>();
        let list: Array = values.iter().map(|v| JsValue::from_str(v)).collect();
        self.set(obj, key, &list);
    }
}

/// Sets `key` to `value` on an object that exists already.
pub(crate) fn set_field(obj: &JsValue, key: &str, value: &JsValue) {
    // A data property on a plain object storage made cannot fail to be set.
    with_name(key, |name| {
        let _ = Reflect::set(obj, name, value);
    });
}

/// Reads a string property.
pub(crate) fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key)?.as_string()
}

/// Reads a number property.
pub(crate) fn get_num(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key)?.as_f64()
}

/// Reads a property that is neither `undefined` nor `null`.
pub(crate) fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() {
        return None;
    }
    with_name(key, |name| Reflect::get(obj, name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Reads an array of strings (missing or mistyped items are skipped).
pub(crate) fn get_str_list(obj: &JsValue, key: &str) -> Vec<String> {
    get(obj, key)
        .filter(Array::is_array)
        .map(|v| {
            Array::from(&v)
                .iter()
                .filter_map(|s| s.as_string())
                .collect()
        })
        .unwrap_or_default()
}
