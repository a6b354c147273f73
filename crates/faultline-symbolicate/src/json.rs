//! Frames from JSON values and back, by hand: a serde `Frame` (with its flattened map of
//! other fields) costs this module's wasm about a fifth of its size, these lines almost
//! nothing.

use faultline_core::{Frame, Other};
use serde_json::{Map, Number, Value};

/// The fields of a frame core models; everything else stays in `other`.
const FIELDS: [&str; 7] = [
    "function", "filename", "abs_path", "lineno", "colno", "in_app", "module",
];

/// A frame from a JSON object (`None` for anything else). Mistyped known fields are
/// dropped, as core's decoder would refuse them.
pub fn frame_from_value(value: Value) -> Option<Frame> {
    let Value::Object(mut map) = value else {
        return None;
    };
    let mut text = |key: &str| match map.remove(key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let (function, filename, abs_path, module) = (
        text("function"),
        text("filename"),
        text("abs_path"),
        text("module"),
    );
    let mut number = |key: &str| {
        map.remove(key)
            .and_then(|v| v.as_u64())
            .and_then(|n| u32::try_from(n).ok())
    };
    let (lineno, colno) = (number("lineno"), number("colno"));
    let in_app = map.remove("in_app").and_then(|v| v.as_bool());
    Some(Frame {
        function,
        filename,
        abs_path,
        lineno,
        colno,
        in_app,
        module,
        other: map.into_iter().collect::<Other>(),
    })
}

/// A frame as a JSON object, in Sentry's shape.
pub fn frame_to_value(frame: &Frame) -> Value {
    let mut map = Map::new();
    let texts = [
        (FIELDS[0], &frame.function),
        (FIELDS[1], &frame.filename),
        (FIELDS[2], &frame.abs_path),
        (FIELDS[6], &frame.module),
    ];
    for (key, value) in texts {
        if let Some(v) = value {
            map.insert(key.into(), Value::String(v.clone()));
        }
    }
    for (key, value) in [(FIELDS[3], frame.lineno), (FIELDS[4], frame.colno)] {
        if let Some(n) = value {
            map.insert(key.into(), Value::Number(Number::from(n)));
        }
    }
    if let Some(in_app) = frame.in_app {
        map.insert(FIELDS[5].into(), Value::Bool(in_app));
    }
    for (key, value) in &frame.other {
        map.insert(key.clone(), value.clone());
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn frames_round_trip_with_their_other_fields() {
        let value = json!({
            "function": "n", "abs_path": "https://h/a.js", "lineno": 1, "colno": 9,
            "in_app": true, "context_line": "x", "data": {"sourcemap": "inline"}
        });
        let frame = frame_from_value(value.clone()).unwrap();
        assert_eq!(
            (frame.lineno, frame.colno, frame.in_app),
            (Some(1), Some(9), Some(true))
        );
        assert_eq!(frame.other["context_line"], "x");
        assert_eq!(frame_to_value(&frame), value);
        assert_eq!(frame_from_value(json!([1])), None);
        let odd = frame_from_value(json!({"lineno": -1, "function": 7})).unwrap();
        assert_eq!((odd.lineno, odd.function), (None, None));
    }
}
