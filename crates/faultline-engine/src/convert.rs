//! JS values to core types, by hand: the one place where the engine reads JS objects (no
//! serializer ships in the engine's wasm). Everything after this works on core types.

mod error;
mod event;
mod value;

pub(crate) use error::{error_capture, exception_capture, rejection_capture};
pub(crate) use event::{breadcrumb_from_js, event_from_js, level_from_js, user_from_js};
pub(crate) use value::{
    entries, get, get_f64, get_text, record_text, set, text, text_cut, value_from_js,
};
