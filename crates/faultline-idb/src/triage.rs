//! Triage: resolve, ignore and reopen issues, with an activity entry for each change.

use faultline_core::{Activity, IgnoreFor, Issue, Timestamp};

/// A triage action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Triage {
    /// Fixed: any new event regresses it.
    Resolve,
    /// Fixed in the next release: only events from another release regress it.
    ResolveInNextRelease,
    /// Muted until the condition is met.
    Ignore(IgnoreFor),
    /// Open again.
    Unresolve,
}

impl Triage {
    /// Applies the action to `issue`.
    pub fn apply(self, issue: &mut Issue, now: Timestamp) -> Activity {
        match self {
            Triage::Resolve => issue.resolve(now),
            Triage::ResolveInNextRelease => issue.resolve_in_next_release(now),
            Triage::Ignore(until) => issue.ignore(until, now),
            Triage::Unresolve => issue.unresolve(now),
        }
    }
}
