//! Thrown JS values to core types. Every read is guarded: a getter that throws or a value
//! that is not an `Error` still yields an exception, never a panic.

use faultline_core::{parse_stack, Exception, Mechanism, Stacktrace};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// Where an error came from when the value itself has no stack.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// The `error` event's script URL.
    pub filename: Option<String>,
    /// Its line.
    pub lineno: Option<u32>,
    /// Its column.
    pub colno: Option<u32>,
}

fn get_string(value: &JsValue, key: &str) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    Reflect::get(value, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// The exception for a thrown `value`, captured by `mechanism`.
pub(crate) fn exception_from_js(
    value: &JsValue,
    mechanism: &str,
    handled: bool,
    origin: &Origin,
) -> Exception {
    let is_error = value.is_instance_of::<js_sys::Error>();
    let ty = if is_error {
        get_string(value, "name")
    } else {
        None
    };
    let message = if is_error {
        get_string(value, "message")
    } else {
        value
            .as_string()
            .or_else(|| value.as_f64().map(|n| n.to_string()))
    };
    let mut frames = get_string(value, "stack")
        .map(|stack| parse_stack(&stack).frames)
        .unwrap_or_default();
    if frames.is_empty() {
        if let Some(filename) = &origin.filename {
            frames.push(faultline_core::Frame {
                abs_path: Some(filename.clone()),
                filename: Some(filename.clone()),
                lineno: origin.lineno,
                colno: origin.colno,
                in_app: Some(true),
                ..faultline_core::Frame::default()
            });
        }
    }
    Exception {
        ty: Some(ty.unwrap_or_else(|| "Error".to_string())),
        value: message,
        mechanism: Some(Mechanism {
            ty: mechanism.to_string(),
            handled: Some(handled),
            ..Mechanism::default()
        }),
        stacktrace: (!frames.is_empty()).then(|| Stacktrace {
            frames,
            ..Stacktrace::default()
        }),
        ..Exception::default()
    }
}
