//! Faultline's capture package: catches what goes wrong in a web app and keeps it.
//!
//! From JavaScript, import `pkg/faultline.js` and call `init({ release, environment })`.
//! From Rust, call `init` with [`Options`] (feature `rust-api`, on by default; the JS
//! package's engine is built without it). Uncaught errors, unhandled rejections and
//! Rust panics become events; console, clicks, navigation and HTTP requests become
//! breadcrumbs. Events are grouped into issues with `faultline-core` and stored in
//! IndexedDB by `faultline-idb`, where the viewer reads them.
//!
//! Capture never throws into the host page and never recurses into itself: anything that
//! fails inside Faultline is counted ([`stats`]) and dropped.

#![warn(missing_docs)]

#[cfg(feature = "rust-api")]
mod api;
mod client;
mod convert;
mod drain;
mod finish;
mod guard;
mod handlers;
#[cfg(feature = "rust-api")]
mod hooks;
mod intake;
#[cfg(feature = "rust-api")]
pub mod js_api;
mod notify;
mod options;
#[cfg(feature = "rust-api")]
mod panic;
mod raw;
mod scope;
mod seams;
mod sensors;
mod stats;
mod sync;

#[cfg(feature = "rust-api")]
pub use api::{
    add_breadcrumb, capture_error, capture_event, capture_message, last_event_id, set_context,
    set_extra, set_fingerprint, set_level, set_tag, set_tags, set_user, with_scope,
};
#[cfg(feature = "rust-api")]
pub use client::init;
pub use drain::{close, flush};
pub use faultline_core::{parse_stack, Breadcrumb, Event, EventId, Level, User};
#[cfg(feature = "rust-api")]
pub use options::{BeforeBreadcrumb, BeforeSend};
pub use options::{
    Integrations, Options, Pattern, DEFAULT_DB_NAME, DEFAULT_IGNORE_ERRORS, DEFAULT_MAX_BREADCRUMBS,
};
#[cfg(feature = "rust-api")]
pub use panic::panic_hook;
pub use stats::{stats, Stats};
