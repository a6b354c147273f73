//! Stored events decoded into core's `Event` (feature `decode`; the viewer uses it, the
//! capture package never does): the object's JSON values read from JS as `JSON.stringify`
//! would write them, then core's field-by-field reader (`event_from_value`), which
//! accepts what core's serde shapes accept without carrying serde's generated decoders.

use faultline_core::{event_from_value, Event};
use js_sys::{Array, Object};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

/// Decodes a Sentry-shaped event object.
pub fn decode_event(value: &JsValue) -> Result<Event, Error> {
    event_from_value(json_value(value)).map_err(|message| Error::Decode {
        what: "event",
        message,
    })
}

/// Decodes an event from its JSON text (what the source map resolver answers).
pub fn decode_event_json(text: &str) -> Result<Event, Error> {
    let value = js_sys::JSON::parse(text).map_err(|e| Error::Decode {
        what: "event",
        message: crate::JsError::from_js(&e).to_string(),
    })?;
    decode_event(&value)
}

/// A JS value as JSON data, as `JSON.stringify` then a JSON parser would make it: strings,
/// booleans, null, arrays and plain objects as they are (an object's `undefined` and
/// function fields left out, an array's made null), whole numbers below 2^64 as integers,
/// other finite numbers as floats, and infinities and NaN as null.
pub(crate) fn json_value(value: &JsValue) -> Value {
    if let Some(text) = value.as_string() {
        return Value::String(text);
    }
    if let Some(n) = value.as_f64() {
        return number(n);
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(items) = value.dyn_ref::<Array>() {
        return Value::Array(items.iter().map(|item| json_value(&item)).collect());
    }
    if !value.is_object() {
        return Value::Null;
    }
    let mut fields = Map::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let (key, field) = (entry.get(0), entry.get(1));
        if field.is_undefined() || field.is_function() {
            continue;
        }
        if let Some(key) = key.as_string() {
            fields.insert(key, json_value(&field));
        }
    }
    Value::Object(fields)
}

/// A number as JSON text parses: whole ones in `u64` or `i64` as integers (JavaScript
/// writes whole numbers below 10^21 without a fraction or exponent), the rest as floats.
fn number(n: f64) -> Value {
    if !n.is_finite() {
        return Value::Null;
    }
    let whole = n.fract() == 0.0 && n.abs() < 1e21;
    let integer = if whole && (0.0..18_446_744_073_709_551_616.0).contains(&n) {
        Some(Number::from(n as u64))
    } else if whole && (-9_223_372_036_854_775_808.0..0.0).contains(&n) {
        Some(Number::from(n as i64))
    } else {
        None
    };
    integer
        .or_else(|| Number::from_f64(n))
        .map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// What `JSON.parse(JSON.stringify(value))` makes of `value`, parsed by serde_json.
    fn through_json(value: &JsValue) -> Value {
        let text = String::from(js_sys::JSON::stringify(value).unwrap_or_default());
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    #[wasm_bindgen_test]
    fn js_values_read_as_their_json_text_parses() {
        let source = r#"({
            s: "é\"<", t: true, n: null, u: undefined, f() {}, zero: -0, i: 42, neg: -7,
            half: 0.5, big: 1e20, huge: 1e21, tiny: 5e-324, nan: NaN, inf: -Infinity,
            max: 18446744073709551615, list: [1, undefined, () => 1, "x", [null], {a: 1}],
            nested: {deep: {deeper: [1.25, {e: ""}]}}
        })"#;
        let value = js_sys::eval(source).unwrap_or(JsValue::NULL);
        assert_eq!(json_value(&value), through_json(&value));
    }

    #[wasm_bindgen_test]
    fn an_event_decodes_from_its_object_and_from_its_text() {
        let text = r#"{"event_id": "0123456789abcdef0123456789abcdef", "timestamp": 1795780800.5,
            "level": "warn", "message": {"message": "hi %s", "params": ["you"]},
            "exception": {"values": [{"type": "TypeError", "value": "x",
                "stacktrace": {"frames": [{"function": "f", "lineno": 3, "colno": 9,
                    "in_app": true, "context_line": "f()"}]}}]},
            "tags": {"plan": "pro"}, "extra": {"n": 1}, "custom": [1, 2]}"#;
        let from_text = decode_event_json(text).expect("from text");
        let object = js_sys::JSON::parse(text).unwrap_or(JsValue::NULL);
        let from_object = decode_event(&object).expect("from object");
        let serde: Event = serde_json::from_str(text).expect("serde");
        assert_eq!(from_text, serde);
        assert_eq!(from_object, serde);
        assert!(decode_event(&JsValue::from_str("not an event")).is_err());
        assert!(decode_event_json("{").is_err());
    }
}
