//! Faultline's capture package: catches what goes wrong in a web app and keeps it.
//!
//! From JavaScript, import `pkg/faultline.js` and call `init({ release, environment })`.
//! From Rust, call [`init`] with [`Options`]. Uncaught errors are turned into events,
//! grouped into issues with `faultline-core` and stored in IndexedDB by `faultline-idb`,
//! where the viewer reads them.
//!
//! Capture never throws into the host page: anything that fails inside Faultline is
//! counted and dropped.

#![warn(missing_docs)]

mod client;
mod handlers;
mod js_api;
mod js_error;
mod options;
mod sync;

pub use client::{capture_error, flush, init};
pub use options::Options;
