//! Time windows of the events charts, over storage's exact hourly and daily counters.

/// An hour, in milliseconds: the length of an hourly bucket.
pub const HOUR_MS: i64 = 3_600_000;
/// A day, in milliseconds: the length of a daily bucket.
pub const DAY_MS: i64 = 86_400_000;

/// A chart's time window: the last `buckets` hours or days, the current one included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// Hourly buckets (else daily).
    pub hourly: bool,
    /// How many buckets.
    pub buckets: i64,
}

impl Window {
    /// The stream's short window: 24 hours.
    pub const DAY: Window = Window {
        hourly: true,
        buckets: 24,
    };
    /// The stream's long window: 14 days.
    pub const FORTNIGHT: Window = Window {
        hourly: false,
        buckets: 14,
    };
    /// The issue page's long window: 30 days.
    pub const MONTH: Window = Window {
        hourly: false,
        buckets: 30,
    };

    /// Bucket length in milliseconds.
    pub fn bucket_ms(self) -> i64 {
        if self.hourly {
            HOUR_MS
        } else {
            DAY_MS
        }
    }

    /// The first and last bucket numbers (as storage numbers them) of the window ending
    /// at `now`.
    pub fn range(self, now: i64) -> (i64, i64) {
        let last = now.div_euclid(self.bucket_ms());
        (last - self.buckets + 1, last)
    }

    /// "last 24 hours", "last 14 days".
    pub fn label(self) -> String {
        let unit = if self.hourly { "hours" } else { "days" };
        format!("last {} {unit}", self.buckets)
    }

    /// The short label of a tab or toggle: "24h", "14d".
    pub fn short(self) -> String {
        format!("{}{}", self.buckets, if self.hourly { 'h' } else { 'd' })
    }
}

/// Counts for every bucket `from..=to`, zero where storage has none.
pub fn dense(sparse: &[(i64, u64)], from: i64, to: i64) -> Vec<u64> {
    let len = usize::try_from(to - from + 1).unwrap_or(0);
    let mut out = vec![0; len];
    for &(bucket, n) in sparse {
        if let Ok(i) = usize::try_from(bucket - from) {
            if let Some(slot) = out.get_mut(i) {
                *slot += n;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn window_ends_with_the_current_bucket() {
        let now = 100 * HOUR_MS + 5;
        assert_eq!(Window::DAY.range(now), (77, 100));
        assert_eq!(Window::FORTNIGHT.range(20 * DAY_MS), (7, 20));
    }

    #[wasm_bindgen_test]
    fn dense_fills_gaps_and_drops_outsiders() {
        assert_eq!(
            dense(&[(3, 2), (5, 7), (9, 1), (1, 4)], 2, 6),
            [0, 2, 0, 7, 0]
        );
        assert!(dense(&[], 5, 4).is_empty());
    }

    #[wasm_bindgen_test]
    fn labels() {
        assert_eq!(Window::DAY.label(), "last 24 hours");
        assert_eq!(Window::FORTNIGHT.short(), "14d");
    }
}
