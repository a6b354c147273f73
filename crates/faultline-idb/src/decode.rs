//! Stored events decoded into core's `Event` (feature `decode`; the viewer uses it, the
//! capture package never does): the object as JSON text (`JSON.stringify`, one boundary
//! crossing), parsed by core's serde shapes.

use faultline_core::Event;
use wasm_bindgen::JsValue;

use crate::error::Error;

/// Decodes a Sentry-shaped event object.
pub fn decode_event(value: &JsValue) -> Result<Event, Error> {
    let text = js_sys::JSON::stringify(value).map_err(|e| Error::Decode {
        what: "event",
        message: crate::JsError::from_js(&e).to_string(),
    })?;
    decode_event_json(&String::from(text))
}

/// Decodes an event from its JSON text (what the source map resolver answers).
pub fn decode_event_json(text: &str) -> Result<Event, Error> {
    serde_json::from_str(text).map_err(|e| Error::Decode {
        what: "event",
        message: e.to_string(),
    })
}
