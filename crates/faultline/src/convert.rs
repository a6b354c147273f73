//! JS values to core types and back, by hand: the one place where capture reads or builds
//! JS objects (no serializer ships in the capture wasm).

mod error;
mod event;
mod options;
mod value;

pub(crate) use error::{error_record_from_js, raw_error_from_js, rejection_record_from_js};
pub(crate) use event::{breadcrumb_from_js, event_from_js, level_from_js, user_from_js};
// Core types to JS objects: the same hand-written conversion storage uses.
#[cfg(feature = "rust-api")]
pub(crate) use faultline_idb::breadcrumb_to_js;
pub(crate) use faultline_idb::event_to_js;
pub(crate) use options::options_from_js;
#[cfg(feature = "rust-api")]
pub(crate) use value::render;
pub(crate) use value::{entries, get, get_f64, get_text, set, text, text_cut, value_from_js};
