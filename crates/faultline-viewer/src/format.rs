//! Pure formatting of numbers, sizes, shares and instants for people.

use faultline_core::Timestamp;

/// A count as people skim it: `999`, `1.2k`, `12k`, `3.4M`.
pub fn compact_count(n: u64) -> String {
    fn scaled(n: u64, unit: u64, suffix: &str) -> String {
        let tenths = n * 10 / unit;
        if tenths < 100 && !tenths.is_multiple_of(10) {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        } else {
            format!("{}{suffix}", n / unit)
        }
    }
    match n {
        0..=999 => n.to_string(),
        1_000..=999_999 => scaled(n, 1_000, "k"),
        _ => scaled(n, 1_000_000, "M"),
    }
}

/// A count with thousands separated: `12,345`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in bytes: `812 B`, `4.2 KB`, `1.5 MB`, `2.0 GB` (powers of 1024). Integer
/// arithmetic throughout: the viewer carries no float formatter.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut unit = 0;
    let mut divisor: u128 = 1024;
    while u128::from(n) >= divisor * 1024 && unit + 1 < UNITS.len() {
        divisor *= 1024;
        unit += 1;
    }
    // Tenths, rounded half to even as `{:.1}` rounds.
    let scaled = u128::from(n) * 10;
    let (mut tenths, rest) = (scaled / divisor, scaled % divisor);
    if rest * 2 > divisor || (rest * 2 == divisor && tenths % 2 == 1) {
        tenths += 1;
    }
    // At most u64::MAX * 10 / 1024: a u64 (u128's formatter would cost the viewer 1.3 KB).
    let tenths = tenths as u64;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// `v` tenths as a decimal: `123` is `12.3`, `40` is `4` (SVG coordinates).
pub fn tenths(v: u64) -> String {
    let mut out = String::new();
    push_tenths(&mut out, v);
    out
}

/// Appends [`tenths`]`(v)` to `out`, digit by digit: a stream page writes thousands of
/// these for its charts, and the formatter took 13 ms of a 50-row render.
pub fn push_tenths(out: &mut String, v: u64) {
    let mut digits = [0u8; 20];
    let (mut n, mut at) = (v / 10, digits.len());
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    if !v.is_multiple_of(10) {
        out.push('.');
        out.push(char::from(b'0' + (v % 10) as u8));
    }
}

/// `part` of `total` as a whole percentage; a share above zero never shows as `0%`.
pub fn percent(part: u64, total: u64) -> String {
    if total == 0 {
        return "0%".to_string();
    }
    let (part, total) = (u128::from(part), u128::from(total));
    if part > 0 && part * 100 < total {
        "<1%".to_string()
    } else {
        format!("{}%", ((part * 200 + total) / (total * 2)) as u64)
    }
}

/// An exact instant for a tooltip, in local time given the zone's offset east of UTC in
/// minutes: `2026-11-27 10:34:52 UTC+01:00`.
pub fn exact_time(ms: i64, offset_minutes: i32) -> String {
    let local = Timestamp(ms).plus_millis(i64::from(offset_minutes) * 60_000);
    let text = local.to_rfc3339();
    // `2026-11-27T10:34:52.123Z`: date, time without the fraction.
    let (date, time) = text.split_once('T').unwrap_or((&text, ""));
    let time = time.get(..8).unwrap_or(time);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.unsigned_abs();
    format!("{date} {time} UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
}

/// The local zone's offset east of UTC in minutes, from the browser.
pub fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The first `max` characters of `text`, with `…` when cut.
pub fn ellipsize(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// A JSON value as one line of text: strings bare, everything else as JSON.
pub fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn compact_counts() {
        assert_eq!(compact_count(0), "0");
        assert_eq!(compact_count(999), "999");
        assert_eq!(compact_count(1_000), "1k");
        assert_eq!(compact_count(1_250), "1.2k");
        assert_eq!(compact_count(12_345), "12k");
        assert_eq!(compact_count(3_400_000), "3.4M");
    }

    #[wasm_bindgen_test]
    fn grouped_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1234), "1,234");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[wasm_bindgen_test]
    fn byte_sizes() {
        assert_eq!(bytes(812), "812 B");
        assert_eq!(bytes(4300), "4.2 KB");
        assert_eq!(bytes(50 * 1024 * 1024), "50.0 MB");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1024), "1.0 KB");
        // 1.25 KB and 1.75 KB: a tie rounds to the even tenth, as `{:.1}` does.
        assert_eq!(bytes(1280), "1.2 KB");
        assert_eq!(bytes(1792), "1.8 KB");
        assert_eq!(bytes(1382), "1.3 KB");
        assert_eq!(bytes(1024 * 1024 - 1), "1024.0 KB");
        assert_eq!(bytes(u64::MAX), "16777216.0 TB");
    }

    #[wasm_bindgen_test]
    fn tenths_drop_a_zero_decimal() {
        assert_eq!(tenths(0), "0");
        assert_eq!(tenths(7), "0.7");
        assert_eq!(tenths(40), "4");
        assert_eq!(tenths(123), "12.3");
        assert_eq!(tenths(u64::MAX), "1844674407370955161.5");
        let mut out = String::from("M");
        push_tenths(&mut out, 960);
        assert_eq!(out, "M96");
    }

    #[wasm_bindgen_test]
    fn percentages_never_hide_a_small_share() {
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(1, 1000), "<1%");
        assert_eq!(percent(0, 10), "0%");
        assert_eq!(percent(3, 0), "0%");
        assert_eq!(percent(1, 8), "13%");
        assert_eq!(percent(1, 200), "<1%");
        assert_eq!(percent(u64::MAX, u64::MAX), "100%");
    }

    #[wasm_bindgen_test]
    fn exact_time_in_a_zone() {
        // 2026-11-27T09:34:52.123Z
        let ms = Timestamp::parse_rfc3339("2026-11-27T09:34:52.123Z")
            .unwrap()
            .as_millis();
        assert_eq!(exact_time(ms, 60), "2026-11-27 10:34:52 UTC+01:00");
        assert_eq!(exact_time(ms, -330), "2026-11-27 04:04:52 UTC-05:30");
        assert_eq!(exact_time(ms, 0), "2026-11-27 09:34:52 UTC+00:00");
    }

    #[wasm_bindgen_test]
    fn ellipsize_cuts_on_characters() {
        assert_eq!(ellipsize("héllo wörld", 5), "héllo…");
        assert_eq!(ellipsize("short", 10), "short");
    }

    #[wasm_bindgen_test]
    fn json_text_leaves_strings_bare() {
        assert_eq!(json_text(&serde_json::json!("a<b")), "a<b");
        assert_eq!(
            json_text(&serde_json::json!({"k": [1, 2]})),
            "{\"k\":[1,2]}"
        );
    }
}
