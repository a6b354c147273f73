//! Records from the sensors (`readError`, `errorRecord`, `rejectionRecord`) to raw errors.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::value::{get, get_f64, get_text};
use crate::raw::{Origin, RawError, RawValue};

/// An `error` event as the sensors read it.
#[derive(Debug, Clone)]
pub(crate) struct ErrorRecord {
    pub raw: RawError,
    pub origin: Origin,
    /// The event's message (`Uncaught TypeError: ...`, `Script error.`).
    pub message: Option<String>,
    /// When it happened, in milliseconds since the epoch.
    pub at: f64,
}

/// `readError`'s entries as a [`RawError`].
pub(crate) fn raw_error_from_js(entries: &JsValue) -> RawError {
    let mut raw = RawError::default();
    let Some(list) = entries.dyn_ref::<Array>() else {
        return raw;
    };
    for entry in list.iter() {
        raw.truncated |= get(&entry, "x").is_truthy();
        let keys = get(&entry, "k")
            .dyn_into::<Array>()
            .map(|a| a.iter().filter_map(|k| k.as_string()).collect())
            .unwrap_or_default();
        raw.values.push(RawValue {
            parent: get_f64(&entry, "p")
                .filter(|p| *p >= 0.0)
                .map(|p| p as usize),
            source: get_text(&entry, "src").unwrap_or_default(),
            is_error: get(&entry, "e").is_truthy(),
            name: get_text(&entry, "n"),
            message: get_text(&entry, "m"),
            stack: get_text(&entry, "s"),
            js_type: get_text(&entry, "t"),
            tag: get_text(&entry, "o"),
            keys,
            event_type: get_text(&entry, "ev"),
            text: get_text(&entry, "v"),
        });
    }
    raw
}

/// An `errorRecord` as an [`ErrorRecord`].
pub(crate) fn error_record_from_js(record: &JsValue) -> ErrorRecord {
    let mut raw = raw_error_from_js(&get(record, "r"));
    raw.truncated |= get(record, "x").is_truthy();
    let line = get_f64(record, "l").filter(|n| *n > 0.0).map(|n| n as u32);
    let column = get_f64(record, "c").filter(|n| *n > 0.0).map(|n| n as u32);
    ErrorRecord {
        raw,
        origin: Origin {
            filename: get_text(record, "f").filter(|f| !f.is_empty()),
            lineno: line,
            colno: column,
        },
        message: get_text(record, "m"),
        at: get_f64(record, "ts").unwrap_or_else(js_sys::Date::now),
    }
}

/// A `rejectionRecord`: the reason read, and when.
pub(crate) fn rejection_record_from_js(record: &JsValue) -> (RawError, f64) {
    let mut raw = raw_error_from_js(&get(record, "r"));
    raw.truncated |= get(record, "x").is_truthy();
    (raw, get_f64(record, "ts").unwrap_or_else(js_sys::Date::now))
}
