//! The seam to sync: with a `dsn`, stored events also go to the outbox, from which a sender
//! posts them to the server. Everything capture does about sync goes through here, plus
//! one call each in `init`, the drain task, `flush` and `close`.
//!
//! With the `sync` feature (the default, for Rust and Yew apps) the sender of
//! `faultline-sync` runs inside this wasm. The JavaScript package is built without it: its
//! `faultline.js` loads the sender as a module of its own (`pkg/sync/`) only when `init`
//! has a `dsn`, so apps without sync never download it; this side then only fills the
//! outbox, and the sender hears of new entries over storage's broadcast channel.

#[cfg(not(feature = "sync"))]
mod external;
#[cfg(feature = "sync")]
mod linked;

#[cfg(not(feature = "sync"))]
pub(crate) use external::*;
#[cfg(feature = "sync")]
pub(crate) use linked::*;
