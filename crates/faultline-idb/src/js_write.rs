//! Building plain JS objects by hand, keeping count of their JSON size.
//!
//! Records are written without a serializer so that no serde code reaches the capture
//! package's wasm. The byte count approximates the record's `JSON.stringify` length (exact
//! for ASCII text without escapes), which is what the storage budget is measured in.

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::JsValue;

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
        let _ = Reflect::set(obj, &JsValue::from_str(key), value);
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

    /// An object field when the map is not empty.
    pub fn values(&mut self, obj: &Object, key: &str, map: &BTreeMap<String, Value>) {
        if !map.is_empty() {
            let inner = self.map(map);
            self.set(obj, key, &inner);
        }
    }

    /// An object of strings when the map is not empty.
    pub fn strings(&mut self, obj: &Object, key: &str, map: &BTreeMap<String, String>) {
        if map.is_empty() {
            return;
        }
        let inner = Object::new();
        for (k, v) in map {
            self.str(&inner, k, v);
        }
        self.set(obj, key, &inner);
    }

    /// An array of strings.
    pub fn str_list(&mut self, obj: &Object, key: &str, values: &[String]) {
        self.bytes += values.iter().map(|v| v.len() + 3).sum::<usize>();
        let list: Array = values.iter().map(|v| JsValue::from_str(v)).collect();
        self.set(obj, key, &list);
    }

    /// Copies unmodelled fields onto `obj`.
    pub fn other(&mut self, obj: &Object, other: &BTreeMap<String, Value>) {
        for (k, v) in other {
            let v = self.value(v);
            self.set(obj, k, &v);
        }
    }

    /// A JSON object.
    pub fn map(&mut self, map: &BTreeMap<String, Value>) -> JsValue {
        let obj = Object::new();
        self.other(&obj, map);
        obj.into()
    }

    /// Any JSON value.
    pub fn value(&mut self, value: &Value) -> JsValue {
        match value {
            Value::Null => {
                self.bytes += 4;
                JsValue::NULL
            }
            Value::Bool(b) => {
                self.bytes += 5;
                JsValue::from_bool(*b)
            }
            Value::Number(n) => {
                self.bytes += 8;
                JsValue::from_f64(n.as_f64().unwrap_or(0.0))
            }
            Value::String(s) => {
                self.bytes += s.len() + 2;
                JsValue::from_str(s)
            }
            Value::Array(items) => {
                self.bytes += 2;
                items
                    .iter()
                    .map(|v| self.value(v))
                    .collect::<Array>()
                    .into()
            }
            Value::Object(map) => {
                let obj = Object::new();
                for (k, v) in map {
                    let v = self.value(v);
                    self.set(&obj, k, &v);
                }
                obj.into()
            }
        }
    }
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
    Reflect::get(obj, &JsValue::from_str(key))
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
