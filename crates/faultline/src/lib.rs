//! Faultline for Rust and Yew apps: catches what goes wrong in a web app and keeps it.
//!
//! Call [`init`] with [`Options`]; [`capture_error`] captures a Rust error with its
//! `source()` chain, and a panic becomes one fatal event (the hook `init` installs, or
//! [`panic_hook`] for `yew::set_custom_panic_hook`). Uncaught errors, unhandled rejections,
//! console, clicks, navigation and HTTP requests are captured too.
//!
//! This crate is thin bindings over the JS package's page part (`js/faultline.js` and the
//! modules it imports, plain JS): wasm-bindgen copies those files into the app's output
//! beside its own JS, and they are all the app loads while it has no error. The engine
//! (parsing, grouping, scrubbing, storage in IndexedDB; wasm) loads on the first event, in
//! a module Worker where one can start, from the JS package's files served at
//! [`Options::engine_url`] (by default `faultline/` beside the app's JS). A trunk app
//! copies them there with one line in its `index.html`:
//!
//! ```html
//! <link data-trunk rel="copy-dir" href="path/to/faultline/pkg" data-target-path="faultline">
//! ```
//!
//! The engine's files must come from the same Faultline version as this crate. The app's
//! JS must be an ES module (wasm-bindgen's `web` or `bundler` target, as trunk builds it):
//! the page part is imported as one.
//!
//! Nothing here throws into the page or panics: what fails inside Faultline is counted
//! ([`stats`]) and dropped.

#![warn(missing_docs)]

mod api;
mod convert;
mod options;
mod page;
mod panic;
mod stats;

pub use api::{
    add_breadcrumb, capture_error, capture_event, capture_message, close, flush, init,
    last_event_id, set_context, set_extra, set_fingerprint, set_level, set_tag, set_tags, set_user,
    with_scope,
};
pub use faultline_core::{parse_stack, Breadcrumb, Event, EventId, Level, User};
pub use options::{
    BeforeBreadcrumb, BeforeSend, Integrations, Options, Pattern, DEFAULT_DB_NAME,
    DEFAULT_ENGINE_DIR, DEFAULT_IGNORE_ERRORS, DEFAULT_MAX_BREADCRUMBS,
};
pub use panic::panic_hook;
pub use stats::{stats, EngineMode, Stats};
