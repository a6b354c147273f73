//! Faultline's IndexedDB storage, shared by the capture package and the viewer.
//!
//! Every write of captured events is one readwrite transaction per batch that groups the
//! events into issues with `faultline-core`'s lifecycle, so counts are exact even when many
//! tabs write at once. IndexedDB is touched in this crate only.

#![warn(missing_docs)]

mod error;
mod record;
mod request;
mod schema;
mod store;

pub use error::{Error, JsError};
pub use store::{Grouped, Store};
