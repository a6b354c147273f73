//! "Why grouped": what a fingerprint was computed from, for people.

use serde::{Deserialize, Serialize};

use crate::Fingerprint;

/// How an event's fingerprint came about: what decided it, the default grouping (also
/// when something replaced it, so both can be shown) and every frame's part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupingExplanation {
    /// What decided the fingerprint.
    pub basis: GroupingBasis,
    /// The default grouping's hash: what `{{ default }}` stands for.
    pub default_fingerprint: Fingerprint,
    /// The parts the default grouping hashed, as people read them.
    pub default_components: Vec<String>,
    /// The thrown exception's frames, crashing frame first, each with its part in the
    /// default grouping.
    pub frames: Vec<FrameVerdict>,
}

/// What decided a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GroupingBasis {
    /// The exception type and its crashing-end in-app frames.
    InAppFrames,
    /// The exception type and its crashing-end frames, none of which is in-app (Sentry's
    /// "system" variant): built-ins and extensions left out.
    SystemFrames,
    /// The exception type and its normalized value: no frame could contribute.
    ExceptionValue,
    /// The normalized message of an event without an exception.
    Message,
    /// The event's own `fingerprint` array.
    EventFingerprint,
    /// A fingerprint rule matched (the first that did).
    Rule {
        /// The rule's 1-based line in the rules text.
        line: usize,
        /// The rule as written.
        rule: String,
    },
}

/// One frame's part in the default grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameVerdict {
    /// The frame's index in the exception's `stacktrace.frames` (oldest call is 0).
    pub index: usize,
    /// Whether it contributed, and why not.
    #[serde(flatten)]
    pub outcome: FrameOutcome,
}

/// Whether a frame contributed to the default grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FrameOutcome {
    /// The frame was hashed as `component`.
    Contributed {
        /// The frame reduced to function and file, as hashed.
        component: String,
    },
    /// The frame was left out.
    Skipped {
        /// Why.
        reason: SkipReason,
    },
}

/// Why a frame was left out of the default grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Engine built-in code (`Array.map`, `JSON.parse`): some engines do not show it.
    Native,
    /// Library or toolchain code, not the app's.
    NotInApp,
    /// Code of a browser extension: never decides a group.
    Extension,
    /// The exception's own constructor, which SpiderMonkey lists above the throw site
    /// and V8 does not.
    ErrorConstructor,
    /// Called across an `await` or a scheduler: engines report these frames
    /// inconsistently (Firefox only with devtools open), so they never count.
    AsyncContinuation,
    /// The same function and file as the frame before it (recursion).
    RecursionDuplicate,
    /// Past the crashing-end window of frames that count.
    BeyondLimit,
}
