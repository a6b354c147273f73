//! The sensors' records of thrown values (`readError` entries, the ERROR and REJECTION
//! records documented in `js/sensors.js`) to core's [`CaptureBody`].

use faultline_core::capture::{CaptureBody, ErrorLocation, Thrown, ThrownValue, ThrownVia};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::value::{get, get_f64, record_text};

/// `readError` entries (the thrown value, then its linked errors) to a [`Thrown`].
fn thrown_from_js(entries: &JsValue) -> Thrown {
    let mut thrown = Thrown::default();
    let Some(list) = entries.dyn_ref::<Array>() else {
        return thrown;
    };
    for entry in list.iter() {
        thrown.truncated |= get(&entry, "x").is_truthy();
        let keys = get(&entry, "k")
            .dyn_into::<Array>()
            .map(|a| a.iter().filter_map(|k| k.as_string()).collect())
            .unwrap_or_default();
        thrown.values.push(ThrownValue {
            parent: get_f64(&entry, "p")
                .filter(|p| *p >= 0.0)
                .map(|p| p as usize),
            source: record_text(&entry, "src").unwrap_or_default(),
            is_error: get(&entry, "e").is_truthy(),
            name: record_text(&entry, "n"),
            message: record_text(&entry, "m"),
            stack: record_text(&entry, "s"),
            js_type: record_text(&entry, "t"),
            tag: record_text(&entry, "o"),
            keys,
            event_type: record_text(&entry, "ev"),
            text: record_text(&entry, "v"),
        });
    }
    thrown
}

/// An ERROR record (an uncaught error): its thrown value and the event's location.
pub(crate) fn error_capture(record: &JsValue) -> CaptureBody {
    let mut thrown = thrown_from_js(&get(record, "r"));
    thrown.truncated |= get(record, "x").is_truthy();
    let position = |key: &str| get_f64(record, key).filter(|n| *n > 0.0).map(|n| n as u32);
    let location = ErrorLocation {
        filename: record_text(record, "f").filter(|f| !f.is_empty()),
        lineno: position("l"),
        colno: position("c"),
    };
    // A script from another origin without CORS: the browser hides everything.
    let cross_origin = record_text(record, "m").as_deref() == Some("Script error.")
        && location.filename.is_none()
        && thrown.values.first().is_none_or(|v| !v.is_error);
    CaptureBody::Error {
        thrown,
        via: ThrownVia::OnError,
        location,
        cross_origin,
    }
}

/// A REJECTION record (an unhandled rejection).
pub(crate) fn rejection_capture(record: &JsValue) -> CaptureBody {
    let mut thrown = thrown_from_js(&get(record, "r"));
    thrown.truncated |= get(record, "x").is_truthy();
    CaptureBody::Error {
        thrown,
        via: ThrownVia::OnRejection,
        location: ErrorLocation::default(),
        cross_origin: false,
    }
}

/// `captureException`'s record: `{ r, mechanism? }`, the thrown value's `readError`
/// entries and the hint's mechanism (`{ type: "panic" }` from the Rust API's panic hook).
pub(crate) fn exception_capture(record: &JsValue) -> CaptureBody {
    let panic = record_text(&get(record, "mechanism"), "type").as_deref() == Some("panic");
    CaptureBody::Error {
        thrown: thrown_from_js(&get(record, "r")),
        via: if panic {
            ThrownVia::Panic
        } else {
            ThrownVia::Manual
        },
        location: ErrorLocation::default(),
        cross_origin: false,
    }
}
