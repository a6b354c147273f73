//! What the sender does with an outbox entry after a response, as a pure policy.
//!
//! 2xx: delivered. 429: keep it and wait as the rate-limit headers say. 413 and other 4xx:
//! the server will never take it, so drop it and count it. 5xx and network errors: keep it
//! and retry with exponential backoff. The adapter supplies `now` and the jitter.

use crate::{Backoff, DataCategory, DiscardReason, RateLimits, ResponseInfo, Timestamp};

/// The kind of a response, by status alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseClass {
    /// 2xx: the server has it.
    Sent,
    /// 429: too many; wait as told.
    RateLimited,
    /// 413 and other 4xx (and anything else unexpected): it will never be accepted.
    Rejected,
    /// 5xx or no response (network error, offline): try again later.
    Retry,
}

/// Classifies a response status; `None` is a request that got no response at all.
pub fn classify_response(status: Option<u16>) -> ResponseClass {
    match status {
        None => ResponseClass::Retry,
        Some(200..=299) => ResponseClass::Sent,
        Some(429) => ResponseClass::RateLimited,
        Some(500..=599) => ResponseClass::Retry,
        Some(_) => ResponseClass::Rejected,
    }
}

/// What to do with the entry that was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Delivered: remove it from the outbox.
    Sent,
    /// Refused for good: remove it and count it as discarded for this reason.
    Drop(DiscardReason),
    /// Keep it; nothing of this category may be sent before the given time.
    RetryAt(Timestamp),
}

/// The sender's state: announced rate limits and the backoff after failures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SendPolicy {
    /// Limits the server announced.
    pub rate_limits: RateLimits,
    /// Consecutive failures.
    pub backoff: Backoff,
}

impl SendPolicy {
    /// A sender with no limits and no failures.
    pub fn new() -> SendPolicy {
        SendPolicy::default()
    }

    /// When an item of `category` may next be sent; `None` means now.
    pub fn next_send_at(&self, category: DataCategory, now: Timestamp) -> Option<Timestamp> {
        let limited = self
            .rate_limits
            .disabled_until(category)
            .filter(|&t| t > now);
        let backing_off = self.backoff.retry_at().filter(|&t| t > now);
        limited.max(backing_off)
    }

    /// Whether an item of `category` may be sent at `now`.
    pub fn can_send(&self, category: DataCategory, now: Timestamp) -> bool {
        self.next_send_at(category, now).is_none()
    }

    /// Takes in the response to an item of `category` sent at `now`, and says what to do
    /// with the item. `jitter` in `[0, 1)` spreads retries (see [`crate::backoff_delay_ms`]).
    pub fn on_response(
        &mut self,
        category: DataCategory,
        response: &ResponseInfo<'_>,
        now: Timestamp,
        jitter: f64,
    ) -> Disposition {
        // Any response may announce limits, even a success.
        self.rate_limits.update(response, now);
        match classify_response(response.status) {
            ResponseClass::Sent => {
                self.backoff.on_success();
                Disposition::Sent
            }
            ResponseClass::Rejected => {
                // The server answered, so it is reachable: no reason to back off.
                self.backoff.on_success();
                Disposition::Drop(DiscardReason::SendError)
            }
            ResponseClass::RateLimited => {
                self.backoff.on_success();
                if !self.rate_limits.is_limited(category, now) {
                    // The headers limited other categories only; still, this item was
                    // refused, so wait the default rather than retry in a tight loop.
                    let until = now.plus_millis(crate::DEFAULT_RETRY_AFTER_MS);
                    self.rate_limits.limit(category, until);
                }
                Disposition::RetryAt(self.next_send_at(category, now).unwrap_or(now))
            }
            ResponseClass::Retry => {
                self.backoff.on_failure(now, jitter);
                Disposition::RetryAt(self.next_send_at(category, now).unwrap_or(now))
            }
        }
    }

    /// The browser came back online: retry at once (rate limits still hold).
    pub fn on_online(&mut self) {
        self.backoff.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(10_000_000);
    const ERROR: DataCategory = DataCategory::Error;

    fn status(code: u16) -> ResponseInfo<'static> {
        ResponseInfo {
            status: Some(code),
            ..ResponseInfo::default()
        }
    }

    #[test]
    fn statuses_fall_into_four_classes() {
        assert_eq!(classify_response(Some(200)), ResponseClass::Sent);
        assert_eq!(classify_response(Some(204)), ResponseClass::Sent);
        assert_eq!(classify_response(Some(429)), ResponseClass::RateLimited);
        assert_eq!(classify_response(Some(413)), ResponseClass::Rejected);
        assert_eq!(classify_response(Some(400)), ResponseClass::Rejected);
        assert_eq!(classify_response(Some(302)), ResponseClass::Rejected);
        assert_eq!(classify_response(Some(503)), ResponseClass::Retry);
        assert_eq!(classify_response(None), ResponseClass::Retry);
    }

    #[test]
    fn success_sends_and_clears_backoff() {
        let mut p = SendPolicy::new();
        p.on_response(ERROR, &status(500), NOW, 0.0);
        assert_eq!(
            p.on_response(ERROR, &status(200), NOW, 0.0),
            Disposition::Sent
        );
        assert!(p.can_send(ERROR, NOW));
    }

    #[test]
    fn server_errors_back_off_exponentially() {
        let mut p = SendPolicy::new();
        let waits: Vec<_> = (0..4)
            .map(|_| match p.on_response(ERROR, &status(502), NOW, 0.0) {
                Disposition::RetryAt(t) => t.as_millis() - NOW.as_millis(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(waits, [5_000, 5_000, 10_000, 20_000]);
        assert!(!p.can_send(ERROR, NOW.plus_millis(19_999)));
        assert!(p.can_send(ERROR, NOW.plus_millis(20_000)));
    }

    #[test]
    fn network_error_retries_and_online_resets() {
        let mut p = SendPolicy::new();
        let offline = ResponseInfo::default();
        assert_eq!(
            p.on_response(ERROR, &offline, NOW, 0.0),
            Disposition::RetryAt(NOW.plus_millis(5_000))
        );
        p.on_online();
        assert!(p.can_send(ERROR, NOW));
    }

    #[test]
    fn too_large_and_bad_requests_are_dropped_and_counted() {
        let mut p = SendPolicy::new();
        for code in [413, 400, 403] {
            assert_eq!(
                p.on_response(ERROR, &status(code), NOW, 0.0),
                Disposition::Drop(DiscardReason::SendError)
            );
        }
        assert!(p.can_send(ERROR, NOW));
    }

    #[test]
    fn rate_limited_waits_as_the_headers_say() {
        let mut p = SendPolicy::new();
        let response = ResponseInfo {
            status: Some(429),
            retry_after: None,
            rate_limits: Some("120:error:key"),
        };
        assert_eq!(
            p.on_response(ERROR, &response, NOW, 0.0),
            Disposition::RetryAt(NOW.plus_millis(120_000))
        );
        assert!(p.can_send(DataCategory::Internal, NOW));
    }

    #[test]
    fn bare_429_waits_sixty_seconds() {
        let mut p = SendPolicy::new();
        assert_eq!(
            p.on_response(ERROR, &status(429), NOW, 0.0),
            Disposition::RetryAt(NOW.plus_millis(60_000))
        );
    }

    #[test]
    fn rate_limit_for_other_categories_still_pauses_the_refused_one() {
        let mut p = SendPolicy::new();
        let response = ResponseInfo {
            status: Some(429),
            retry_after: None,
            rate_limits: Some("5:transaction"),
        };
        assert_eq!(
            p.on_response(ERROR, &response, NOW, 0.0),
            Disposition::RetryAt(NOW.plus_millis(60_000))
        );
    }

    #[test]
    fn limits_announced_on_success_apply_to_later_sends() {
        let mut p = SendPolicy::new();
        let response = ResponseInfo {
            status: Some(200),
            retry_after: None,
            rate_limits: Some("30::org"),
        };
        assert_eq!(p.on_response(ERROR, &response, NOW, 0.0), Disposition::Sent);
        assert_eq!(p.next_send_at(ERROR, NOW), Some(NOW.plus_millis(30_000)));
    }
}
