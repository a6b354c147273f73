//! The read side of Faultline's JavaScript API: list, search and read issues and events,
//! triage them, export and import. It is a module of its own, which the capture package's
//! `faultline.js` loads the first time an app calls one of these functions, so apps that
//! only capture never download it.

#![warn(missing_docs)]

pub mod api;
mod js;
