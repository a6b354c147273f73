//! Telling the page's own Faultline code (the overlay badge, the cross-origin bridge) what
//! was just stored. One listener, set by `faultline.js`; it runs marked busy, so nothing it
//! does is captured, and what it throws is ignored.

use std::cell::RefCell;

use faultline_core::Outcome;
use faultline_idb::{event_to_js, Grouped, Recorded};
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::busy;

thread_local! {
    static ON_STORED: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Sets (or, with `null`, clears) the function called after each stored batch with
/// `(events, newIssues)`: the stored events in Sentry's shape, and how many issues they
/// opened.
#[wasm_bindgen(js_name = onStored)]
pub fn on_stored_js(listener: JsValue) {
    ON_STORED.with(|l| *l.borrow_mut() = listener.dyn_into::<Function>().ok());
}

/// Reports a stored batch to the listener, if there is one.
pub(crate) fn stored(batch: &[Grouped], recorded: &Recorded) {
    let Some(listener) = ON_STORED.with(|l| l.borrow().clone()) else {
        return;
    };
    let events: Array = batch
        .iter()
        .filter(|g| g.keep_body)
        .map(|g| event_to_js(&g.event))
        .collect();
    let new_issues = recorded
        .outcomes
        .iter()
        .filter(|(_, o)| *o == Outcome::New)
        .count();
    busy(|| {
        let _ = listener.call2(
            &JsValue::UNDEFINED,
            &events,
            &JsValue::from_f64(new_issues as f64),
        );
    });
}
