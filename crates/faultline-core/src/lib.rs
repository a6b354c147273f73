//! Faultline's core: the event model, stack-trace parsing, fingerprinting and the issue
//! lifecycle, in plain Rust.
//!
//! Nothing here touches a browser, a clock or a random source: time and ids are arguments,
//! so every rule is tested on the host and behaves the same in every adapter.

#![warn(missing_docs)]

mod event;
mod fingerprint;
mod hash;
mod id;
mod issue;
mod stack;
mod time;
mod user_agent;

pub use event::{
    Breadcrumb, Breadcrumbs, Event, Exception, ExceptionList, Frame, Level, Mechanism, Other,
    Request, Sdk, Stacktrace, User,
};
pub use fingerprint::{custom_fingerprint, default_fingerprint, Grouping, GROUPING_CONFIG};
pub use id::{EventId, Fingerprint, IssueId, ParseEventIdError};
pub use issue::{culprit_of, title_of, Issue, IssueStatus, Outcome};
pub use stack::{parse_stack, ParsedStack, MAX_FRAMES, MAX_LINE_LEN};
pub use time::{ParseTimestampError, Timestamp};
pub use user_agent::{parse_user_agent, NameVersion, UserAgent};
