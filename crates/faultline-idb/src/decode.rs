//! Stored events decoded into core's `Event` (feature `decode`; the viewer uses it, the
//! capture package never does).

use faultline_core::Event;
use wasm_bindgen::JsValue;

use crate::error::Error;

/// Decodes a Sentry-shaped event object.
pub fn decode_event(value: &JsValue) -> Result<Event, Error> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| Error::Decode {
        what: "event",
        message: e.to_string(),
    })
}
