//! Faultline's core: the event model, stack-trace parsing, fingerprinting and the issue
//! lifecycle, in plain Rust.
//!
//! Nothing here touches a browser, a clock or a random source: time and ids are arguments,
//! so every rule is tested on the host and behaves the same in every adapter.

#![warn(missing_docs)]

mod annotation;
mod backoff;
mod bytes;
pub mod capture;
mod count;
mod dsn;
mod envelope;
mod event;
mod fingerprint;
mod glob;
mod hash;
mod id;
mod in_app;
mod issue;
mod lifecycle;
mod merge;
mod plan;
mod query;
mod ratelimit;
mod regroup;
mod rules;
mod scrub;
mod search_index;
mod sort;
pub mod sourcemap;
mod stack;
mod tallies;
#[cfg(test)]
mod testing;
mod text_index;
mod time;
mod transport;
mod truncate;
mod user_agent;
mod vec_map;

pub use annotation::{NoteError, MAX_ASSIGNEE_LEN, MAX_NOTE_LEN};
pub use backoff::{backoff_delay_ms, Backoff, BACKOFF_MAX_MS, BACKOFF_MIN_MS};
pub use count::{add_count, count_from_f64, count_from_f64_clamped, BadCount, MAX_COUNT};
pub use dsn::{Dsn, ParseDsnError, Scheme, PROTOCOL_VERSION};
pub use envelope::{
    encode_envelope, encode_event_envelope, envelope_from_event, ClientReport, DataCategory,
    DiscardReason, DiscardedEvent, EnvelopeHeader, EnvelopeItem, SdkInfo,
};
pub use event::{
    breadcrumb_to_json, event_from_value, event_to_json, event_to_json_with, frames_to_json,
    user_key, Breadcrumb, Breadcrumbs, BrowserContext, Contexts, Event, Exception, ExceptionChain,
    ExceptionList, FloatText, Frame, KnownContext, Level, LinkSource, LinkedError, LogEntry,
    Mechanism, OsContext, Other, Request, RuntimeContext, Sdk, Stacktrace, User, MAX_LINKED_ERRORS,
};
pub use fingerprint::{
    default_fingerprint, fingerprint_with, FrameOutcome, FrameVerdict, Grouping, GroupingBasis,
    GroupingExplanation, SkipReason, GROUPING_CONFIG,
};
pub use glob::Glob;
pub use id::{EventId, Fingerprint, IssueId, ParseEventIdError};
pub use in_app::InAppRules;
pub use issue::{
    culprit_of, title_of, Ignore, Issue, Status, Substatus, Tally, MAX_SEEN_VALUES, NEW_FOR_MS,
};
pub use lifecycle::{Activity, ActivityKind, Applied, IgnoreFor, Outcome, Sighting};
pub use merge::{
    plan_merge, plan_unmerge, union_count, MergeError, Merged, PartNow, Unmerged, MAX_PARTS,
};
pub use plan::{
    check_export, fingerprints_of, import_chunks, lookups_of, plan_batch, plan_import, BatchEvent,
    BatchPlan, BodyListing, BudgetPass, CounterKey, CounterUnit, ExportContents, ExportedActivity,
    ExportedCounter, ExportedEvent, ExportedIssue, ExportedUser, ImportChunk, ImportKnown,
    ImportPlan, ImportProblem, ImportReport, IssueChange, Known, Lookups, OutboxLimits,
    OutboxTotals, PlannedBody, PlannedIssue, ProblemAction, RecordKind, Retention, StoredBodies,
    StoredIssue,
};
pub use query::{
    matches, AssigneeFilter, Comparison, Filter, IssueSearch, IssueView, ParseQueryError, Query,
    QueryStatus, QuerySubstatus, SortKey, Term, TimeFilter, UserFilter,
};
pub use ratelimit::{
    parse_rate_limits, parse_retry_after, RateLimit, RateLimits, ResponseInfo,
    DEFAULT_RETRY_AFTER_MS,
};
pub use regroup::{outdated, plan_regroup, RegroupPlan, RegroupedPart};
pub use rules::{FingerprintRule, FingerprintRules, ParseFingerprintRulesError};
pub use scrub::{
    console_join, console_message, is_sensitive_key, scrub_event, scrub_text, ScrubOptions,
    FILTERED,
};
pub use search_index::{
    entry_text, parse_chunk, rewrite_chunks, search_chunk_of, search_chunks_of, update_chunk,
    update_chunks, IndexedIssues, ISSUES_PER_CHUNK,
};
pub use sort::{heapsort, heapsort_by, names_sorted};
pub use stack::{
    parse_stack, parse_stack_wire, parse_stack_with, ParsedStack, MAX_FRAMES, MAX_LINE_LEN,
    WIRE_EXTRA, WIRE_NONE, WIRE_RECORD,
};
pub use tallies::{added_range, IssueTallies, TallySet, HOURS_KEPT};
pub use text_index::TextIndex;
pub use time::{ParseTimestampError, Timestamp};
pub use transport::{classify_response, Disposition, ResponseClass, SendPolicy};
pub use truncate::{
    truncate_event, truncate_event_with, truncate_str, Limits, TruncationReport, ELLIPSIS,
};
pub use user_agent::{parse_user_agent, NameVersion, UserAgent};
pub use vec_map::VecMap;
