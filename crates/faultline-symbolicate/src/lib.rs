//! Faultline's source map resolver: minified JavaScript frames made original, on the
//! app's own origin, with no upload step.
//!
//! A wasm module of its own (`pkg/symbolicate/`), loaded on demand: by the viewer when an
//! issue page shows frames that need it, and by the capture engine only when the app
//! opts in (`init({ sourceMaps: true })`) to group on original frames. Apps and viewer
//! pages that need neither never download it.
//!
//! - `resolver.rs`: one frame at a time: the script, its map (header, comment, inline
//!   or the app's `mapUrl` rule), the lookup, the original source's lines.
//! - `fetch.rs`: fetching with size limits; `cache.rs`: what was fetched, kept in memory
//!   for the page's life, and resolved frames kept in the Cache API across visits.
//! - `api.rs`: the exports, JSON in and out; `json.rs`: frames from JSON and back.
//!
//! The format's rules (parsing, lookup, context lines) are `faultline_core::sourcemap`'s.

#![warn(missing_docs)]

pub mod api;
mod cache;
mod error;
mod fetch;
mod json;
mod resolver;

pub use error::Error;
pub use resolver::{Options, Resolver};
