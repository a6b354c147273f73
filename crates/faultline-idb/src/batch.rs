//! A batch to record, and what recording it did.

use faultline_core::{user_key, BatchEvent, BatchPlan, Event, Grouping, IssueId, Outcome};

use crate::event_record::{body_of_event, BodyRecord, EventBody};

/// An event with the grouping that decides its issue.
#[derive(Debug, Clone)]
pub struct GroupedEvent {
    /// The event.
    pub event: Event,
    /// Its fingerprint and why.
    pub grouping: Grouping,
    /// Whether to keep the event's body; `false` counts it on its issue only (a repeat of
    /// an event already stored).
    pub keep_body: bool,
    /// How many events this one stands for (a flood sampled to one body); at least 1.
    pub occurrences: u64,
}

impl GroupedEvent {
    /// An event to count and keep.
    pub fn new(event: Event, grouping: Grouping) -> GroupedEvent {
        GroupedEvent {
            event,
            grouping,
            keep_body: true,
            occurrences: 1,
        }
    }
}

/// What recording a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Each event's issue and what happened to it, in batch order.
    pub outcomes: Vec<(IssueId, Outcome)>,
    /// Bytes of event bodies written.
    pub bytes: u64,
    /// Bodies evicted to stay within the limits.
    pub evicted: u64,
    /// Outbox entries pushed out by the outbox bounds (counted as `queue_overflow`).
    pub outbox_dropped: u64,
    /// The issues the batch opened, regressed or brought back from an ignore, each once
    /// per change, with its title: what deserves a notice (a flood of one new bug is one).
    pub notices: Vec<(IssueId, Outcome, String)>,
}

impl BatchReport {
    /// What a carried-out plan did.
    pub(crate) fn of_plan(plan: BatchPlan, outbox_dropped: u64) -> BatchReport {
        // Each of these happens once per issue in a batch: after it, the issue is open
        // and further events are counted.
        let mut notices: Vec<(IssueId, Outcome, String)> = Vec::new();
        for (id, outcome) in &plan.outcomes {
            if matches!(outcome, Outcome::Counted | Outcome::StillIgnored) {
                continue;
            }
            if let Some(planned) = plan.issues.iter().find(|p| p.issue.id == *id) {
                notices.push((*id, *outcome, planned.issue.title.clone()));
            }
        }
        BatchReport {
            outcomes: plan.outcomes,
            bytes: plan.bytes_added,
            evicted: plan.evicted,
            outbox_dropped,
            notices,
        }
    }
}

/// The bodies of the batch's kept events, built before planning: their sizes are part of
/// the plan.
pub(crate) fn bodies_of(batch: &[GroupedEvent]) -> Vec<Option<EventBody>> {
    batch
        .iter()
        .map(|item| item.keep_body.then(|| body_of_event(&item.event)))
        .collect()
}

/// The records of the kept bodies, made before their issues are known.
pub(crate) fn records_of(
    batch: &[GroupedEvent],
    bodies: &[Option<EventBody>],
) -> Vec<Option<BodyRecord>> {
    batch
        .iter()
        .zip(bodies)
        .map(|(item, body)| {
            let body = body.as_ref()?;
            Some(BodyRecord::new(
                &item.event.event_id,
                item.event.timestamp,
                body,
            ))
        })
        .collect()
}

/// The batch as core's planner takes it.
pub(crate) fn batch_events<'a>(
    batch: &'a [GroupedEvent],
    bodies: &[Option<EventBody>],
) -> Vec<BatchEvent<'a>> {
    batch
        .iter()
        .zip(bodies)
        .map(|(item, body)| BatchEvent {
            grouping: &item.grouping,
            event: &item.event,
            user: user_key(&item.event),
            body_size: body.as_ref().map(|body| body.size),
            occurrences: item.occurrences,
        })
        .collect()
}
