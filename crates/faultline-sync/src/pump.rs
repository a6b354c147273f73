//! Draining the outbox: peek the oldest entries, post them (a few at a time), and apply
//! core's [`SendPolicy`](faultline_core::SendPolicy) to each response.

use std::rc::Rc;

use faultline_core::{
    encode_event_envelope, DataCategory, DiscardReason, Disposition, EnvelopeHeader, EventId,
    SdkInfo, Timestamp,
};
use faultline_idb::OutboxEntry;
use wasm_bindgen_futures::spawn_local;

use crate::error::Error;
use crate::js::{self, Reply};
use crate::report;
use crate::send::post_all;
use crate::shared::Shared;

/// What a cycle leaves the pump to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Entries went out: look again at once.
    Continue,
    /// Nothing to send now (empty, or waiting with a timer set).
    Idle,
}

/// Runs the pump unless it runs already (then it runs one more cycle), this tab is not
/// the sender, the state is not read yet, or the sender is closed.
pub(crate) fn kick(shared: &Rc<Shared>) {
    let start = shared.with(|r| {
        if r.closed || !r.leader || !r.loaded {
            return false;
        }
        if r.running {
            r.again = true;
            return false;
        }
        r.running = true;
        true
    });
    if start == Some(true) {
        spawn_local(pump(shared.clone()));
    }
}

async fn pump(shared: Rc<Shared>) {
    loop {
        let next = cycle(&shared).await;
        let go_on = shared.with(|r| {
            if r.closed || !r.leader {
                r.running = false;
                return false;
            }
            if next == Next::Continue || std::mem::take(&mut r.again) {
                return true;
            }
            r.running = false;
            false
        });
        if go_on != Some(true) {
            return;
        }
    }
}

async fn cycle(s: &Rc<Shared>) -> Next {
    forget_delivered(s).await;
    let limit = u32::try_from(s.options.max_in_flight.clamp(1, 16)).unwrap_or(1);
    let delivered = s.with(|r| r.delivered.clone()).unwrap_or_default();
    let look = s.begin_look();
    let entries = match s.store.outbox_peek(limit + delivered.len() as u32).await {
        Ok(entries) => entries,
        Err(e) => {
            s.internal_error(&Error::storage("reading the outbox", e));
            let (now, jitter) = (s.now(), s.options.clock.jitter());
            if let Some(at) = s.with(|r| r.policy.backoff.on_failure(now, jitter)) {
                s.wake_at(at, kick);
            }
            s.save().await;
            return Next::Idle;
        }
    };
    let entries: Vec<OutboxEntry> = entries
        .into_iter()
        .filter(|e| !delivered.contains(&e.seq))
        .take(limit as usize)
        .collect();
    if entries.is_empty() {
        report::send_due(s).await;
        s.settle_empty(look);
        s.save().await;
        return Next::Idle;
    }
    let now = s.now();
    if let Some(at) = s
        .with(|r| r.policy.next_send_at(DataCategory::Error, now))
        .flatten()
    {
        s.wake_at(at, kick);
        s.save().await;
        return Next::Idle;
    }
    let bodies: Vec<Result<String, Error>> = entries.iter().map(|e| envelope(s, e, now)).collect();
    let ready: Vec<String> = bodies
        .iter()
        .filter_map(|b| b.as_ref().ok().cloned())
        .collect();
    let mut replies = post_all(s, &ready).await.into_iter();
    let outcomes: Vec<Result<Reply, Error>> = bodies
        .into_iter()
        .map(|body| body.map(|_| replies.next().unwrap_or_default()))
        .collect();
    apply(s, &entries, outcomes).await;
    Next::Continue
}

/// The envelope for `entry`, sent at `now`.
fn envelope(s: &Shared, entry: &OutboxEntry, now: Timestamp) -> Result<String, Error> {
    let json = js::event_json(&entry.event, s.options.send_default_pii).map_err(|source| {
        Error::Encode {
            event_id: entry.event_id.clone(),
            source,
        }
    })?;
    let header = EnvelopeHeader {
        event_id: EventId::parse(&entry.event_id).ok(),
        sent_at: now,
        dsn: Some(&s.options.dsn),
        sdk: Some(SdkInfo {
            name: &s.options.sdk_name,
            version: &s.options.sdk_version,
        }),
    };
    Ok(encode_event_envelope(&header, &json))
}

/// Applies each response to the policy; removes what was delivered or refused for good.
async fn apply(s: &Rc<Shared>, entries: &[OutboxEntry], outcomes: Vec<Result<Reply, Error>>) {
    let (now, jitter) = (s.now(), s.options.clock.jitter());
    let mut removed = Vec::new();
    let mut drops: Vec<(DiscardReason, u64)> = Vec::new();
    let mut failures = Vec::new();
    s.with(|r| {
        for (entry, outcome) in entries.iter().zip(outcomes) {
            let reply = match outcome {
                Ok(reply) => reply,
                Err(e) => {
                    // An event that cannot be encoded never will be: drop and count it.
                    removed.push(entry.seq);
                    count(&mut drops, DiscardReason::InternalSdkError);
                    failures.push(e);
                    continue;
                }
            };
            match r
                .policy
                .on_response(DataCategory::Error, &reply.info(), now, jitter)
            {
                Disposition::Sent => {
                    removed.push(entry.seq);
                    r.state.sent += 1;
                    r.state.last_success = Some(now);
                }
                Disposition::Drop(reason) => {
                    removed.push(entry.seq);
                    r.state.dropped += 1;
                    count(&mut drops, reason);
                    r.state.failed(reply.describe(), now);
                }
                Disposition::RetryAt(_) => r.state.failed(reply.describe(), now),
            }
        }
    });
    for e in &failures {
        s.internal_error(e);
    }
    if let Err(e) = s.store.outbox_remove(&removed).await {
        s.internal_error(&Error::storage("removing sent events from the outbox", e));
        s.with(|r| r.delivered.extend(&removed));
    }
    if !drops.is_empty() {
        let named: Vec<(&str, u64)> = drops.iter().map(|(r, n)| (r.as_str(), *n)).collect();
        if let Err(e) = s.store.add_drops(&named).await {
            s.internal_error(&Error::storage("counting dropped events", e));
        }
    }
}

fn count(drops: &mut Vec<(DiscardReason, u64)>, reason: DiscardReason) {
    match drops.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, n)) => *n += 1,
        None => drops.push((reason, 1)),
    }
}

/// Retries removing entries that were delivered but could not be removed.
async fn forget_delivered(s: &Shared) {
    let delivered = s.with(|r| r.delivered.clone()).unwrap_or_default();
    if delivered.is_empty() {
        return;
    }
    if s.store.outbox_remove(&delivered).await.is_ok() {
        s.with(|r| r.delivered.retain(|seq| !delivered.contains(seq)));
    }
}
