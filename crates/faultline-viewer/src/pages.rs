//! The viewer's pages: the issue stream and the issue page. Each has a pure `State` +
//! `Action` reducer (`state.rs`), its storage reads (`load.rs`) and its component.

pub mod issue;
pub mod stream;
