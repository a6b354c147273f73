//! Global listeners: uncaught errors. Each is removed when its guard is dropped.

use faultline_core::Timestamp;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, EventTarget};

use crate::client::capture_exceptions;
use crate::js_error::{exception_from_js, Origin};

/// The listeners Faultline installed; dropping this removes them.
#[must_use]
pub(crate) struct Handlers {
    target: Option<EventTarget>,
    on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Handlers {
    /// Listens for `error` on `window` (when there is one).
    pub(crate) fn install() -> Handlers {
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|event: ErrorEvent| {
            capture_error_event(&event, Timestamp(js_sys::Date::now() as i64));
        });
        let target: Option<EventTarget> = web_sys::window().map(Into::into);
        if let Some(target) = &target {
            let _ =
                target.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        }
        Handlers { target, on_error }
    }
}

impl Drop for Handlers {
    fn drop(&mut self) {
        if let Some(target) = &self.target {
            let _ = target.remove_event_listener_with_callback(
                "error",
                self.on_error.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Captures an `error` event (live, or buffered by the JS wrapper before the wasm loaded).
pub(crate) fn capture_error_event(event: &ErrorEvent, at: Timestamp) {
    let origin = Origin {
        filename: Some(event.filename()).filter(|f| !f.is_empty()),
        lineno: Some(event.lineno()).filter(|&n| n > 0),
        colno: Some(event.colno()).filter(|&n| n > 0),
    };
    let error = event.error();
    let value = if error.is_undefined() || error.is_null() {
        JsValue::from_str(&event.message())
    } else {
        error
    };
    let exception = exception_from_js(&value, "onerror", false, &origin);
    capture_exceptions(vec![exception], at);
}
