//! Rate limits a server announces: `Retry-After`, `X-Sentry-Rate-Limits`, a bare 429.
//!
//! Pure functions of `now`, after Sentry's SDKs: `X-Sentry-Rate-Limits` wins when present,
//! else `Retry-After`, else a 429 without either header limits everything for 60 s.
//! Two deliberate differences: a category limit and an all-categories limit both count
//! (the later one decides), and empty entries in the header (a trailing comma) are skipped
//! instead of limiting everything.

use std::collections::BTreeMap;

use crate::{DataCategory, Timestamp};

/// The wait when a server says "too many" without saying for how long.
pub const DEFAULT_RETRY_AFTER_MS: i64 = 60_000;

/// Characters of a header looked at; servers send a few dozen.
const MAX_HEADER_LEN: usize = 4096;

/// What a response said, as far as rate limits care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResponseInfo<'a> {
    /// The HTTP status; `None` when the request failed before a response.
    pub status: Option<u16>,
    /// The `Retry-After` header.
    pub retry_after: Option<&'a str>,
    /// The `X-Sentry-Rate-Limits` header.
    pub rate_limits: Option<&'a str>,
}

/// One entry of `X-Sentry-Rate-Limits`: `retry_after:categories:scope:reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// How long, in milliseconds.
    pub retry_after_ms: i64,
    /// The categories limited; empty means every category.
    pub categories: Vec<DataCategory>,
    /// Whether the entry named categories, all of them unknown to Faultline (then it
    /// limits nothing Faultline sends).
    pub only_unknown_categories: bool,
}

/// The delay a `Retry-After` value asks for, in milliseconds from `now`: whole seconds,
/// or an HTTP date (a date in the past means no wait). `None` when it is neither.
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<i64> {
    let value = cap(value).trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(seconds_to_ms(value));
    }
    let at = Timestamp::parse_http_date(value)?;
    Some(at.as_millis().saturating_sub(now.as_millis()).max(0))
}

/// Parses `X-Sentry-Rate-Limits`, e.g. `60:error;transaction:key, 2700:default:organization`.
/// A missing or non-numeric delay reads as 60 s; entries that are empty are skipped.
pub fn parse_rate_limits(header: &str) -> Vec<RateLimit> {
    cap(header)
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(parse_rate_limit)
        .collect()
}

fn parse_rate_limit(entry: &str) -> RateLimit {
    let mut parts = entry.split(':');
    let delay = parts.next().unwrap_or("").trim();
    let digits_end = delay.bytes().take_while(u8::is_ascii_digit).count();
    let retry_after_ms = match &delay[..digits_end] {
        "" => DEFAULT_RETRY_AFTER_MS,
        secs => seconds_to_ms(secs),
    };
    let names: Vec<&str> = parts
        .next()
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let categories: Vec<DataCategory> = names
        .iter()
        .filter_map(|c| DataCategory::parse(c))
        .collect();
    RateLimit {
        retry_after_ms,
        only_unknown_categories: !names.is_empty() && categories.is_empty(),
        categories,
    }
}

/// Whole seconds (ASCII digits) to milliseconds, saturating.
fn seconds_to_ms(digits: &str) -> i64 {
    digits
        .bytes()
        .fold(0i64, |n, b| {
            n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
        })
        .saturating_mul(1000)
}

/// The first [`MAX_HEADER_LEN`] bytes of `s`, cut on a character boundary.
fn cap(s: &str) -> &str {
    let mut end = s.len().min(MAX_HEADER_LEN);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Until when each category may not be sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimits {
    all: Option<Timestamp>,
    by_category: BTreeMap<DataCategory, Timestamp>,
}

impl RateLimits {
    /// No limits.
    pub fn new() -> RateLimits {
        RateLimits::default()
    }

    /// Takes in what a response said. Any response may carry `X-Sentry-Rate-Limits`;
    /// `Retry-After` and the bare-429 default count only without it.
    pub fn update(&mut self, response: &ResponseInfo<'_>, now: Timestamp) {
        if let Some(header) = response.rate_limits.filter(|h| !h.trim().is_empty()) {
            for limit in parse_rate_limits(header) {
                let until = now.plus_millis(limit.retry_after_ms);
                if limit.only_unknown_categories {
                    continue;
                }
                if limit.categories.is_empty() {
                    self.all = Some(until);
                }
                for category in limit.categories {
                    self.by_category.insert(category, until);
                }
            }
        } else if let Some(value) = response.retry_after {
            let delay = parse_retry_after(value, now).unwrap_or(DEFAULT_RETRY_AFTER_MS);
            self.all = Some(now.plus_millis(delay));
        } else if response.status == Some(429) {
            self.all = Some(now.plus_millis(DEFAULT_RETRY_AFTER_MS));
        }
    }

    /// Limits `category` until `until` (at least).
    pub fn limit(&mut self, category: DataCategory, until: Timestamp) {
        let entry = self.by_category.entry(category).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Until when `category` may not be sent, if a limit was ever set (it may have passed).
    pub fn disabled_until(&self, category: DataCategory) -> Option<Timestamp> {
        let own = self.by_category.get(&category).copied();
        own.max(self.all)
    }

    /// Whether `category` may not be sent at `now`.
    pub fn is_limited(&self, category: DataCategory, now: Timestamp) -> bool {
        self.disabled_until(category)
            .is_some_and(|until| until > now)
    }

    /// The latest moment any limit runs to, for showing "rate limited until …".
    pub fn limited_until(&self, now: Timestamp) -> Option<Timestamp> {
        self.by_category
            .values()
            .copied()
            .chain(self.all)
            .filter(|&until| until > now)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_000_000);

    fn response<'a>(
        status: u16,
        retry_after: Option<&'a str>,
        rate_limits: Option<&'a str>,
    ) -> ResponseInfo<'a> {
        ResponseInfo {
            status: Some(status),
            retry_after,
            rate_limits,
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(parse_retry_after(" 120 ", NOW), Some(120_000));
        let now = Timestamp::parse_rfc3339("1994-11-06T08:49:00Z").unwrap();
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(37_000)
        );
        assert_eq!(
            parse_retry_after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                NOW.plus_millis(i64::MAX / 2)
            ),
            Some(0)
        );
        assert_eq!(parse_retry_after("-5", NOW), None);
        assert_eq!(parse_retry_after("soon", NOW), None);
        assert_eq!(parse_retry_after("", NOW), None);
    }

    #[test]
    fn rate_limit_header_entries_and_categories() {
        let limits = parse_rate_limits("60:error;transaction:key, 2700:default:organization");
        assert_eq!(
            limits,
            [
                RateLimit {
                    retry_after_ms: 60_000,
                    categories: vec![DataCategory::Error, DataCategory::Transaction],
                    only_unknown_categories: false,
                },
                RateLimit {
                    retry_after_ms: 2_700_000,
                    categories: vec![DataCategory::Default],
                    only_unknown_categories: false,
                }
            ]
        );
    }

    #[test]
    fn rate_limit_without_categories_limits_all_and_bad_delay_means_60s() {
        let limits = parse_rate_limits("x::key,");
        assert_eq!(limits.len(), 1);
        assert_eq!(limits[0].retry_after_ms, 60_000);
        assert!(limits[0].categories.is_empty());
        assert!(!limits[0].only_unknown_categories);
    }

    #[test]
    fn header_limits_only_named_categories() {
        let mut limits = RateLimits::new();
        limits.update(&response(429, None, Some("30:transaction:key")), NOW);
        assert!(limits.is_limited(DataCategory::Transaction, NOW));
        assert!(!limits.is_limited(DataCategory::Error, NOW));
        assert!(!limits.is_limited(DataCategory::Transaction, NOW.plus_millis(30_000)));
    }

    #[test]
    fn empty_categories_limit_everything() {
        let mut limits = RateLimits::new();
        limits.update(&response(429, None, Some("60::key")), NOW);
        assert!(limits.is_limited(DataCategory::Error, NOW.plus_millis(59_999)));
        assert!(!limits.is_limited(DataCategory::Error, NOW.plus_millis(60_000)));
    }

    #[test]
    fn unknown_categories_limit_nothing() {
        let mut limits = RateLimits::new();
        limits.update(&response(200, None, Some("60:metric_bucket:org")), NOW);
        assert_eq!(limits, RateLimits::new());
    }

    #[test]
    fn header_wins_over_retry_after() {
        let mut limits = RateLimits::new();
        limits.update(&response(429, Some("600"), Some("10:error")), NOW);
        assert!(!limits.is_limited(DataCategory::Error, NOW.plus_millis(10_000)));
    }

    #[test]
    fn retry_after_limits_all_and_bare_429_waits_60s() {
        let mut limits = RateLimits::new();
        limits.update(&response(429, Some("5"), None), NOW);
        assert_eq!(
            limits.disabled_until(DataCategory::Session),
            Some(NOW.plus_millis(5_000))
        );
        let mut bare = RateLimits::new();
        bare.update(&response(429, None, None), NOW);
        assert_eq!(
            bare.disabled_until(DataCategory::Error),
            Some(NOW.plus_millis(60_000))
        );
    }

    #[test]
    fn success_without_headers_changes_nothing() {
        let mut limits = RateLimits::new();
        limits.update(&response(200, None, None), NOW);
        limits.update(&response(500, None, None), NOW);
        assert_eq!(limits, RateLimits::new());
    }

    #[test]
    fn later_of_category_and_all_limits_decides() {
        let mut limits = RateLimits::new();
        limits.update(&response(429, None, Some("100:error, 10::key")), NOW);
        assert!(limits.is_limited(DataCategory::Error, NOW.plus_millis(50_000)));
        assert!(!limits.is_limited(DataCategory::Default, NOW.plus_millis(50_000)));
        assert_eq!(limits.limited_until(NOW), Some(NOW.plus_millis(100_000)));
        assert_eq!(limits.limited_until(NOW.plus_millis(100_000)), None);
    }

    #[test]
    fn huge_delays_saturate() {
        let limits = parse_rate_limits("99999999999999999999999:error");
        assert_eq!(limits[0].retry_after_ms, i64::MAX);
        assert_eq!(
            parse_retry_after("99999999999999999999999", NOW),
            Some(i64::MAX)
        );
    }
}
