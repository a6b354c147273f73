//! Relative times such as "5 min ago", and offsets such as "−2.4 s" before a crash.

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// `at` relative to `now` (both milliseconds since the epoch), in words.
pub fn time_ago(at: i64, now: i64) -> String {
    let secs = (now - at).max(0) / 1000;
    match secs {
        0..=9 => "just now".to_string(),
        10..=59 => format!("{secs} s ago"),
        60..=3599 => format!("{} min ago", secs / MINUTE),
        3600..=86_399 => format!("{} h ago", secs / HOUR),
        86_400..=2_591_999 => format!("{} d ago", secs / DAY),
        2_592_000..=31_535_999 => format!("{} mo ago", secs / (30 * DAY)),
        _ => format!("{} y ago", secs / (365 * DAY)),
    }
}

/// A length of time in words, rounded down to its largest unit: "3 h", "45 min", "2 d".
pub fn duration_words(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min", secs / MINUTE),
        3600..=86_399 => format!("{} h", secs / HOUR),
        _ => format!("{} d", secs / DAY),
    }
}

/// How long before (`−`) or after (`+`) a reference point `ms` is, for breadcrumbs:
/// "−2.4 s", "−3 min 5 s", "+0.1 s", "0 s".
pub fn offset(ms: i64) -> String {
    let sign = match ms {
        0 => "",
        m if m < 0 => "\u{2212}",
        _ => "+",
    };
    let abs = ms.unsigned_abs();
    if abs < 60_000 {
        let tenths = (abs + 50) / 100;
        if tenths.is_multiple_of(10) {
            format!("{sign}{} s", tenths / 10)
        } else {
            format!("{sign}{}.{} s", tenths / 10, tenths % 10)
        }
    } else if abs < 3_600_000 {
        format!("{sign}{} min {} s", abs / 60_000, abs % 60_000 / 1000)
    } else {
        format!(
            "{sign}{} h {} min",
            abs / 3_600_000,
            abs % 3_600_000 / 60_000
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn time_ago_picks_the_largest_unit() {
        let now = 10_000_000_000;
        assert_eq!(time_ago(now - 3_000, now), "just now");
        assert_eq!(time_ago(now - 42_000, now), "42 s ago");
        assert_eq!(time_ago(now - 5 * 60_000, now), "5 min ago");
        assert_eq!(time_ago(now - 2 * 3_600_000 - 1, now), "2 h ago");
        assert_eq!(time_ago(now - 3 * 86_400_000, now), "3 d ago");
        assert_eq!(time_ago(now - 65 * 86_400_000, now), "2 mo ago");
        assert_eq!(time_ago(now - 800 * 86_400_000, now), "2 y ago");
    }

    #[wasm_bindgen_test]
    fn time_ago_of_the_future_is_just_now() {
        assert_eq!(time_ago(5_000, 1_000), "just now");
    }

    #[wasm_bindgen_test]
    fn offsets_are_signed_and_rounded_to_tenths() {
        assert_eq!(offset(0), "0 s");
        assert_eq!(offset(-2_449), "\u{2212}2.4 s");
        assert_eq!(offset(-2_000), "\u{2212}2 s");
        assert_eq!(offset(120), "+0.1 s");
        assert_eq!(offset(-185_000), "\u{2212}3 min 5 s");
        assert_eq!(offset(-7_380_000), "\u{2212}2 h 3 min");
    }

    #[wasm_bindgen_test]
    fn durations_round_down() {
        assert_eq!(duration_words(30 * 60_000), "30 min");
        assert_eq!(duration_words(3 * 3_600_000 + 59_000), "3 h");
        assert_eq!(duration_words(-5), "0 s");
    }
}
