//! Client reports: when the outbox is empty, the drop counters that grew since the last
//! report go to the server as a `client_report` item, so it knows what never arrived.

use std::rc::Rc;

use faultline_core::{
    encode_envelope, ClientReport, DataCategory, DiscardReason, DiscardedEvent, Disposition,
    EnvelopeHeader, EnvelopeItem, SdkInfo,
};

use crate::error::Error;
use crate::send::post;
use crate::shared::Shared;

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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn counts(list: &[(&str, u64)]) -> Vec<(String, u64)> {
        list.iter().map(|(r, n)| (r.to_string(), *n)).collect()
    }

    #[wasm_bindgen_test]
    fn only_growth_of_known_reasons_is_reported_in_reason_order() {
        let current = counts(&[
            ("send_error", 3),
            ("queue_overflow", 5),
            ("storage_error", 9),
            ("sample_rate", 2),
        ]);
        let reported = counts(&[("queue_overflow", 1), ("sample_rate", 2)]);
        let due = discarded_since(&current, &reported);
        let as_pairs: Vec<(DiscardReason, u64)> =
            due.iter().map(|d| (d.reason, d.quantity)).collect();
        assert_eq!(
            as_pairs,
            [
                (DiscardReason::QueueOverflow, 4),
                (DiscardReason::SendError, 3)
            ]
        );
        assert!(due.iter().all(|d| d.category == DataCategory::Error));
    }

    #[wasm_bindgen_test]
    fn counters_that_shrank_report_nothing() {
        let current = counts(&[("queue_overflow", 1)]);
        let reported = counts(&[("queue_overflow", 7)]);
        assert!(discarded_since(&current, &reported).is_empty());
    }
}
