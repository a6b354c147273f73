//! The send policy over sequences of answers, as the sync adapter meets them, on a fake
//! clock: what real servers say, and what the sender then waits.

use faultline_core::{
    DataCategory, DiscardReason, Disposition, ResponseInfo, SendPolicy, Timestamp, BACKOFF_MAX_MS,
};

const T0: Timestamp = Timestamp(1_800_000_000_000);
const ERROR: DataCategory = DataCategory::Error;

fn answer(
    status: u16,
    retry_after: Option<&'static str>,
    rate_limits: Option<&'static str>,
) -> ResponseInfo<'static> {
    ResponseInfo {
        status: Some(status),
        retry_after,
        rate_limits,
    }
}

/// What Bugsink sends with every envelope answer.
const BUGSINK: &str = "86400:transaction;span:organization";

#[test]
fn bugsinks_day_long_transaction_limit_on_every_answer_never_pauses_errors() {
    let mut p = SendPolicy::new();
    let ok = answer(200, None, Some(BUGSINK));
    assert_eq!(p.on_response(ERROR, &ok, T0, 0.5), Disposition::Sent);
    assert!(p.can_send(ERROR, T0));
    assert!(p.can_send(DataCategory::Internal, T0));
    assert!(!p.can_send(DataCategory::Transaction, T0.plus_millis(86_399_000)));
}

#[test]
fn bugsinks_quota_429_pauses_errors_and_reports_for_a_minute() {
    let mut p = SendPolicy::new();
    let limited = answer(
        429,
        None,
        Some("60::key, 86400:transaction;span:organization"),
    );
    assert_eq!(
        p.on_response(ERROR, &limited, T0, 0.5),
        Disposition::RetryAt(T0.plus_millis(60_000))
    );
    for category in [ERROR, DataCategory::Internal] {
        assert_eq!(p.next_send_at(category, T0), Some(T0.plus_millis(60_000)));
        assert!(p.can_send(category, T0.plus_millis(60_000)));
    }
}

#[test]
fn a_429_saying_retry_now_still_waits_the_default_rather_than_loop() {
    let mut p = SendPolicy::new();
    assert_eq!(
        p.on_response(ERROR, &answer(429, Some("0"), None), T0, 0.0),
        Disposition::RetryAt(T0.plus_millis(60_000))
    );
}

#[test]
fn a_failure_during_a_rate_limit_waits_for_the_later_of_both() {
    let mut p = SendPolicy::new();
    p.on_response(ERROR, &answer(429, Some("30"), None), T0, 0.0);
    let at = T0.plus_millis(30_000);
    // The retry at the end of the limit fails: backoff from there.
    assert_eq!(
        p.on_response(ERROR, &answer(502, None, None), at, 0.0),
        Disposition::RetryAt(at.plus_millis(5_000))
    );
    // A limit longer than the backoff decides.
    p.on_response(ERROR, &answer(200, None, Some("600:error")), at, 0.0);
    p.on_response(ERROR, &ResponseInfo::default(), at, 0.0);
    assert_eq!(p.next_send_at(ERROR, at), Some(at.plus_millis(600_000)));
}

#[test]
fn a_server_down_for_a_day_is_retried_at_most_hourly_and_at_once_when_back() {
    let mut p = SendPolicy::new();
    let mut now = T0;
    let mut waits = Vec::new();
    while now < T0.plus_millis(86_400_000) {
        let Disposition::RetryAt(at) = p.on_response(ERROR, &ResponseInfo::default(), now, 0.99)
        else {
            panic!("a network error is retried");
        };
        waits.push(at.as_millis() - now.as_millis());
        now = at;
    }
    assert!(
        waits.iter().all(|&w| (5_000..BACKOFF_MAX_MS).contains(&w)),
        "{waits:?}"
    );
    assert!(
        waits.windows(2).all(|w| w[0] <= w[1]),
        "waits never shrink: {waits:?}"
    );
    assert!(waits.len() < 40, "{} attempts in a day", waits.len());
    assert_eq!(
        p.on_response(ERROR, &answer(200, None, None), now, 0.0),
        Disposition::Sent
    );
    assert!(p.can_send(ERROR, now));
}

#[test]
fn every_other_client_error_is_dropped_as_a_send_error_without_waiting() {
    let mut p = SendPolicy::new();
    for status in [400, 401, 403, 404, 413, 422] {
        assert_eq!(
            p.on_response(ERROR, &answer(status, None, None), T0, 0.0),
            Disposition::Drop(DiscardReason::SendError),
            "{status}"
        );
        assert!(p.can_send(ERROR, T0), "{status}");
    }
}
