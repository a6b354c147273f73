//! Faultline's storage: IndexedDB, shared by the capture package and the viewer.
//!
//! Recording a batch of captured events is one readwrite transaction that carries out
//! `faultline-core`'s batch plan (issues, lifecycle, users, counters, retention), so counts
//! stay exact when many tabs write at once. Records are plain JS objects (events in
//! Sentry's payload shape), built by hand so the capture package ships no serializer. When
//! IndexedDB cannot be opened, the same API runs in memory. IndexedDB is touched in this
//! crate only. `store.rs` is the facade on top; no other module imports it.

#![warn(missing_docs)]

mod activity;
mod batch;
mod broadcast;
mod config;
#[cfg(feature = "decode")]
mod decode;
mod error;
mod event_record;
mod export;
mod fixed_hash;
mod import;
mod issue_record;
mod js_write;
mod memory;
mod merge;
mod meta;
mod outbox;
mod paging;
mod persist;
mod query;
mod quota;
mod record;
mod regroup;
mod request;
mod retention;
mod schema;
mod search;
mod search_index;
mod store;
mod tally_record;
mod transaction;
mod triage;

pub use batch::{BatchReport, GroupedEvent};
pub use broadcast::channel_name;
pub use config::{Grouping, OutboxConfig, StoreConfig};
#[cfg(feature = "decode")]
pub use decode::{decode_event, decode_event_json};
pub use error::{Error, JsError};
pub use event_record::{breadcrumb_to_js, event_to_js, frames_to_js};
pub use faultline_core::{ImportProblem, ImportReport, IndexedIssues, ProblemAction, RecordKind};
pub use import::ImportProgress;
pub use issue_record::issue_to_js;
pub use outbox::{OutboxEntry, OUTBOX_OVERFLOW};
pub use paging::{EventCursor, EventPage, IssueCursor, IssuePage, IssueQuery, SortBy, Stats};
pub use persist::Persistence;
pub use search::SearchResult;
pub use store::{RegroupReport, Store};
pub use triage::Triage;
