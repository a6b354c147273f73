//! Capture's rules, from what a sensor read to a finished event: what was thrown and how
//! it becomes exceptions, the scope and breadcrumb ring every event gets, building the
//! event, the filters (`ignoreErrors`, `denyUrls`, `allowUrls`), the flood guard and
//! dedupe.
//!
//! The capture engine (`faultline-engine`) only reads JS values into these types, holds
//! their state, and does the I/O; every decision is made here, with time as an argument.

mod build;
mod filter;
mod guard;
mod scope;
mod thrown;

pub use build::{build_event, Capture, CaptureBody, EventDefaults, CROSS_ORIGIN_FINGERPRINT};
pub use filter::{dedupe_signature, is_filtered, Filters, Matcher};
pub use guard::{
    Bucket, Dedupe, KeyHasher, Tallies, Tally, BURST, DEDUPE_WINDOW_MS, MAX_TALLIES, RATE_PER_SEC,
    TALLY_WINDOW_MS,
};
pub use scope::{BreadcrumbRing, ScopeData, Snapshot};
pub use thrown::{ErrorLocation, Thrown, ThrownValue, ThrownVia};
