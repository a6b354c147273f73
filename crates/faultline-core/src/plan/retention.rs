//! Retention: at most N bodies per issue (the first few and the latest), a byte budget
//! over all of them (the oldest bodies of the largest issue go first, its first body last),
//! and the sync outbox's bounds (the oldest entries go). Counts, times and users are never
//! touched: only bodies go.
//!
//! Which bodies are oldest is storage's to list (in the events index order: time, then
//! event id); what to list and which of the listed bodies to evict is decided here.

use std::ops::Range;

use super::{BatchPlan, IssueChange, PlannedIssue, StoredIssue};
use crate::IssueId;

/// Limits on the bodies kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Bodies kept per issue.
    pub max_events_per_issue: u32,
    /// Of those, the first bodies of an issue, never evicted by the per-issue limit.
    pub keep_first_events: u32,
    /// Bytes of bodies kept in all.
    pub max_bytes: u64,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            max_events_per_issue: 100,
            keep_first_events: 10,
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// A read storage makes before evicting: the oldest `keep_first + count` bodies of
/// `issue`, oldest first. Of those, [`BodyListing::doomed`] go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyListing {
    /// The issue.
    pub issue: IssueId,
    /// Its oldest bodies that stay.
    pub keep_first: u32,
    /// How many after them to evict.
    pub count: u64,
}

impl BodyListing {
    /// How many bodies to list.
    pub fn limit(&self) -> u32 {
        let wanted = u64::from(self.keep_first).saturating_add(self.count);
        u32::try_from(wanted).unwrap_or(u32::MAX)
    }

    /// Of `listed` bodies (oldest first, as many as storage has up to [`Self::limit`]),
    /// the positions of those to evict.
    pub fn doomed(&self, listed: usize) -> Range<usize> {
        let start = (self.keep_first as usize).min(listed);
        let end = usize::try_from(self.count)
            .map_or(listed, |count| start.saturating_add(count))
            .min(listed);
        start..end
    }
}

impl BatchPlan {
    /// The listings for issues of the plan that keep more bodies than the per-issue limit:
    /// their oldest after the first `keep_first_events` go.
    pub fn trims(&self, retention: &Retention) -> Vec<BodyListing> {
        let max = u64::from(retention.max_events_per_issue);
        self.issues
            .iter()
            .filter(|planned| planned.bodies.events > max)
            .map(|planned| BodyListing {
                issue: planned.issue.id,
                keep_first: retention.keep_first_events,
                count: planned.bodies.events - max,
            })
            .collect()
    }

    /// Whether the bodies stored exceed the byte budget.
    pub fn over_budget(&self, retention: &Retention) -> bool {
        self.event_bytes > retention.max_bytes
    }

    /// Starts a pass of the byte budget when the bodies exceed it: storage then offers
    /// the issues storing the most bytes, largest first, to [`BudgetPass::consider`]
    /// until the pass is [covered](BudgetPass::covered), lists what it chose and applies
    /// it with [`BatchPlan::evict`]. A pass estimates from average body sizes, so another
    /// may be needed.
    pub fn budget_pass(&self, retention: &Retention) -> Option<BudgetPass> {
        self.over_budget(retention).then(|| BudgetPass {
            remaining: self.event_bytes - retention.max_bytes,
        })
    }

    /// Applies an eviction: of the bodies listed for `listing` (their sizes, oldest
    /// first), those in the returned range go. The issue's bookkeeping, the byte total
    /// and count, and [`BatchPlan::evicted`] follow.
    pub fn evict(&mut self, listing: &BodyListing, listed_sizes: &[u64]) -> Range<usize> {
        let doomed = listing.doomed(listed_sizes.len());
        let events = doomed.len() as u64;
        let bytes = listed_sizes[doomed.clone()]
            .iter()
            .fold(0u64, |sum, size| sum.saturating_add(*size));
        if let Some(index) = self.position(listing.issue) {
            let planned = &mut self.issues[index];
            planned.bodies.events = planned.bodies.events.saturating_sub(events);
            planned.bodies.bytes = planned.bodies.bytes.saturating_sub(bytes);
            if events > 0 {
                planned.touch();
            }
        }
        self.event_bytes = self.event_bytes.saturating_sub(bytes);
        self.event_count = self.event_count.saturating_sub(events);
        self.evicted = self.evicted.saturating_add(events);
        doomed
    }

    fn position(&self, issue: IssueId) -> Option<usize> {
        self.issues
            .iter()
            .position(|planned| planned.issue.id == issue)
    }
}

/// One pass of the byte budget (see [`BatchPlan::budget_pass`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetPass {
    /// Bytes still to free, as estimated so far.
    remaining: u64,
}

impl BudgetPass {
    /// Whether the evictions chosen so far are expected to bring the bodies within budget.
    pub fn covered(&self) -> bool {
        self.remaining == 0
    }

    /// The eviction to make from `candidate`, the next largest issue as storage holds it
    /// (the plan's own copy counts when it has one): enough of its oldest bodies to free
    /// what remains, estimated from its average body, keeping its first body, which shows
    /// how the issue began. `None` when it has only that body. The issue joins the plan,
    /// to be written again after the eviction.
    pub fn consider(
        &mut self,
        plan: &mut BatchPlan,
        candidate: StoredIssue,
    ) -> Option<BodyListing> {
        if self.covered() {
            return None;
        }
        let index = match plan.position(candidate.issue.id) {
            Some(index) => index,
            None => {
                plan.issues.push(PlannedIssue {
                    issue: candidate.issue,
                    bodies: candidate.bodies,
                    change: IssueChange::Unchanged,
                });
                plan.issues.len() - 1
            }
        };
        let planned = &plan.issues[index];
        let deletable = planned.bodies.events.saturating_sub(1);
        if deletable == 0 {
            return None;
        }
        let average = (planned.bodies.bytes / planned.bodies.events).max(1);
        let count = self.remaining.div_ceil(average).clamp(1, deletable);
        self.remaining = self.remaining.saturating_sub(count.saturating_mul(average));
        Some(BodyListing {
            issue: planned.issue.id,
            keep_first: 1,
            count,
        })
    }
}

/// Bounds of the sync outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxLimits {
    /// Entries kept at most.
    pub max_entries: u64,
    /// Bytes kept at most.
    pub max_bytes: u64,
}

/// What the sync outbox holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxTotals {
    /// Entries.
    pub entries: u64,
    /// Their bytes.
    pub bytes: u64,
}

/// Oldest outbox entries listed per round when the outbox is over its bounds.
const OUTBOX_LISTING_MAX: u64 = 1_000;

impl OutboxTotals {
    /// Adds `entries` entries of `bytes` bytes in all.
    pub fn add(&mut self, entries: u64, bytes: u64) {
        self.entries = self.entries.saturating_add(entries);
        self.bytes = self.bytes.saturating_add(bytes);
    }

    /// Whether the outbox exceeds `limits`.
    pub fn over(&self, limits: &OutboxLimits) -> bool {
        self.entries > limits.max_entries || self.bytes > limits.max_bytes
    }

    /// Over the bounds, how many of the oldest entries to list before dropping some.
    pub fn overflow(&self, limits: &OutboxLimits) -> Option<u32> {
        if !self.over(limits) {
            return None;
        }
        let excess = self.entries.saturating_sub(limits.max_entries);
        let wanted = excess.clamp(1, OUTBOX_LISTING_MAX);
        Some(u32::try_from(wanted).unwrap_or(u32::MAX))
    }

    /// Drops the oldest of the listed entries (their sizes, oldest first) until within
    /// `limits`; returns how many of them go.
    pub fn drop_oldest(&mut self, limits: &OutboxLimits, listed_sizes: &[u64]) -> usize {
        let mut dropped = 0;
        for size in listed_sizes {
            if !self.over(limits) {
                break;
            }
            self.entries = self.entries.saturating_sub(1);
            self.bytes = self.bytes.saturating_sub(*size);
            dropped += 1;
        }
        dropped
    }
}
