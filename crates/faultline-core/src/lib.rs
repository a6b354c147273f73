//! Faultline's core: the event model, stack-trace parsing, fingerprinting and the issue
//! lifecycle, in plain Rust.
//!
//! Nothing here touches a browser, a clock or a random source: time and ids are arguments,
//! so every rule is tested on the host and behaves the same in every adapter.

#![warn(missing_docs)]

mod event;
mod fingerprint;
mod glob;
mod hash;
mod id;
mod in_app;
mod issue;
mod rules;
mod stack;
mod time;

pub use event::{
    Breadcrumb, Breadcrumbs, Event, Exception, ExceptionList, Frame, Level, Mechanism, Other,
    Request, Sdk, Stacktrace, User,
};
pub use fingerprint::{
    default_fingerprint, fingerprint_with, FrameOutcome, FrameVerdict, Grouping, GroupingBasis,
    GroupingExplanation, SkipReason, GROUPING_CONFIG,
};
pub use glob::Glob;
pub use id::{EventId, Fingerprint, IssueId, ParseEventIdError};
pub use in_app::InAppRules;
pub use issue::{culprit_of, title_of, Issue, IssueStatus, Outcome};
pub use rules::{FingerprintRule, FingerprintRules, ParseFingerprintRulesError};
pub use stack::{parse_stack, parse_stack_with, ParsedStack, MAX_FRAMES, MAX_LINE_LEN};
pub use time::{ParseTimestampError, Timestamp};
