//! Telling the page: a stored batch (for the overlay badge and the cross-origin bridge),
//! acknowledged journal batches, warnings. Each calls one of the host's callbacks; what
//! they throw is ignored, and none is called while the engine's state is borrowed.

use faultline_core::Outcome;
use faultline_idb::{event_to_js, BatchReport, GroupedEvent};
use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::engine::Engine;

/// A batch was stored: its events in Sentry's shape (only when the page asked for them,
/// `Host::stored_events`), and each issue it opened or brought back as `[id, change,
/// title]` (`change`: `new`, `regressed` or `escalating`), once per issue and change: the
/// overlay shows one notice for each, never one per event.
pub(crate) fn stored(engine: &Engine, batch: &[GroupedEvent], recorded: &BatchReport) {
    let Some(stored) = engine.config().host.stored.as_ref() else {
        return;
    };
    let events: Array = if engine.config().host.stored_events {
        batch
            .iter()
            .filter(|g| g.keep_body)
            .map(|g| event_to_js(&g.event))
            .collect()
    } else {
        Array::new()
    };
    let issues: Array = recorded
        .notices
        .iter()
        .map(|(id, outcome, title)| {
            let change = match outcome {
                Outcome::New => "new",
                Outcome::Regressed => "regressed",
                _ => "escalating",
            };
            Array::of3(
                &JsValue::from_f64(id.0 as f64),
                &change.into(),
                &title.into(),
            )
        })
        .collect();
    let _ = stored.call2(&JsValue::UNDEFINED, &events, &issues);
}

/// Every item of the journal's batches up to `seq` is stored or dropped.
pub(crate) fn ack(engine: &Engine, seq: u32) {
    if let Some(ack) = engine.config().host.ack.as_ref() {
        let _ = ack.call1(&JsValue::UNDEFINED, &JsValue::from(seq));
    }
}

/// A warning for the app's developer (the page prints it, prefixed).
pub(crate) fn warn(engine: &Engine, text: &str) {
    if let Some(warn) = engine.config().host.warn.as_ref() {
        let _ = warn.call1(&JsValue::UNDEFINED, &JsValue::from_str(text));
    }
}
