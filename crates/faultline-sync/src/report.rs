//! Client reports: when the outbox is empty, the drop counters that grew since the last
//! report go to the server as a `client_report` item, so it knows what never arrived.

use std::rc::Rc;

use faultline_core::{
    encode_envelope, ClientReport, DataCategory, DiscardReason, DiscardedEvent, Disposition,
    EnvelopeHeader, EnvelopeItem, SdkInfo,
};

use crate::error::Error;
use crate::send::post;
use crate::sender::Shared;

/// What grew from `reported` to `current` (both `(reason, total)`), for the reasons a
/// client report can name; events are the only category Faultline counts.
pub fn discarded_since(
    current: &[(String, u64)],
    reported: &[(String, u64)],
) -> Vec<DiscardedEvent> {
    let mut out: Vec<DiscardedEvent> = current
        .iter()
        .filter_map(|(name, total)| {
            let reason = DiscardReason::parse(name)?;
            let before = reported
                .iter()
                .find(|(r, _)| r == name)
                .map_or(0, |(_, n)| *n);
            let quantity = total.checked_sub(before).filter(|&n| n > 0)?;
            Some(DiscardedEvent {
                reason,
                category: DataCategory::Error,
                quantity,
            })
        })
        .collect();
    out.sort_unstable_by_key(|d| d.reason);
    out
}

/// Sends a client report when drops grew since the last one and the server takes
/// internal items now; remembers what was reported once the server has it (or refused it
/// for good, so a bad report is not sent forever).
pub(crate) async fn send_due(s: &Rc<Shared>) {
    let now = s.now();
    let allowed = s
        .with(|r| r.policy.can_send(DataCategory::Internal, now))
        .unwrap_or(false);
    if !allowed {
        return;
    }
    let current = match s.store.stats().await {
        Ok(stats) => stats.drops,
        Err(e) => {
            s.internal_error(&Error::storage("reading drop counters", e));
            return;
        }
    };
    let reported = s.with(|r| r.state.reported.clone()).unwrap_or_default();
    let discarded_events = discarded_since(&current, &reported);
    if discarded_events.is_empty() {
        return;
    }
    let report = ClientReport {
        timestamp: now,
        discarded_events,
    };
    let header = EnvelopeHeader {
        event_id: None,
        sent_at: now,
        dsn: Some(&s.options.dsn),
        sdk: Some(SdkInfo {
            name: &s.options.sdk_name,
            version: &s.options.sdk_version,
        }),
    };
    let body = encode_envelope(&header, &[EnvelopeItem::ClientReport(&report)]);
    let reply = post(s, body).await;
    let (now, jitter) = (s.now(), s.options.clock.jitter());
    s.with(|r| {
        match r
            .policy
            .on_response(DataCategory::Internal, &reply.info(), now, jitter)
        {
            Disposition::Sent | Disposition::Drop(_) => r.state.reported = current,
            Disposition::RetryAt(_) => r.state.failed(reply.describe(), now),
        }
    });
}
