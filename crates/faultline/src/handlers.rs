//! What the sensors' records become: captures or breadcrumbs. The sensors themselves are
//! `js/sensors.js`; on the Rust path this wasm installs them (`handlers/install.rs`), in
//! the JS package the page does and hands the records over (`intake.rs`).

use crate::client::Body;
use crate::convert;
use crate::raw::{How, RawValue};
use wasm_bindgen::JsValue;

#[cfg(feature = "rust-api")]
mod install;
#[cfg(feature = "rust-api")]
pub(crate) use install::Handlers;

/// What an `error` event's record becomes; `None` for the trap that follows a Rust panic
/// (the panic itself is the event).
pub(crate) fn error_body(record: &JsValue) -> Option<(Body, f64)> {
    let r = convert::error_record_from_js(record);
    let first = r.raw.values.first();
    if follows_panic(first) {
        return None;
    }
    // A script from another origin without CORS: the browser hides everything.
    let cross_origin = r.message.as_deref() == Some("Script error.")
        && r.origin.filename.is_none()
        && first.is_none_or(|v| !v.is_error);
    let body = Body::Error {
        raw: r.raw,
        how: How::OnError,
        origin: r.origin,
        cross_origin,
    };
    Some((body, r.at))
}

/// What an `unhandledrejection` event's record becomes; `None` for a Rust panic's trap.
pub(crate) fn rejection_body(record: &JsValue) -> Option<(Body, f64)> {
    let (raw, at) = convert::rejection_record_from_js(record);
    if follows_panic(raw.values.first()) {
        return None;
    }
    let body = Body::Error {
        raw,
        how: How::OnRejection,
        origin: Default::default(),
        cross_origin: false,
    };
    Some((body, at))
}

/// Whether `first` is the trap that follows a Rust panic, which the panic hook captured
/// already.
#[cfg(feature = "rust-api")]
fn follows_panic(first: Option<&RawValue>) -> bool {
    crate::panic::is_panic_trap(
        first.and_then(|v| v.name.as_deref()),
        first.and_then(|v| v.message.as_deref()),
    )
}

/// Without the Rust path there is no panic hook, so no trap was captured already.
#[cfg(not(feature = "rust-api"))]
fn follows_panic(_first: Option<&RawValue>) -> bool {
    false
}
