//! Wall-clock instants as milliseconds since the Unix epoch, written as RFC 3339.
//!
//! Core never reads a clock: adapters pass `Timestamp`s in.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// An instant in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Why a timestamp string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError {
    input: String,
}

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an RFC 3339 timestamp: \"{}\"", self.input)
    }
}

impl std::error::Error for ParseTimestampError {}

const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// The earliest instant accepted from outside (an import): the epoch.
    pub const EARLIEST: Timestamp = Timestamp(0);
    /// The latest instant accepted from outside: 9999-12-31T23:59:59.999Z, the last one
    /// RFC 3339 writes with a four-digit year.
    pub const LATEST: Timestamp = Timestamp(253_402_300_799_999);

    /// Milliseconds since the epoch.
    pub fn as_millis(self) -> i64 {
        self.0
    }

    /// Milliseconds read from outside (a JSON number) as a timestamp between
    /// [`Timestamp::EARLIEST`] and [`Timestamp::LATEST`]; a fraction of a millisecond is
    /// dropped. `None` for NaN, infinities and anything out of that range.
    pub fn from_millis_f64(ms: f64) -> Option<Timestamp> {
        let range = Timestamp::EARLIEST.0 as f64..=Timestamp::LATEST.0 as f64;
        // Exact: every whole number in range is below 2^53.
        range.contains(&ms).then(|| Timestamp(ms.trunc() as i64))
    }

    /// The instant `ms` milliseconds later (saturating).
    pub fn plus_millis(self, ms: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }

    /// Seconds since the epoch, as Sentry's numeric timestamps are written.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// From fractional seconds since the epoch (Sentry's numeric form); NaN and infinities
    /// clamp to the epoch and the ends of the range.
    pub fn from_secs_f64(secs: f64) -> Timestamp {
        let ms = (secs * 1000.0).round();
        if ms.is_nan() {
            Timestamp(0)
        } else {
            // `as` saturates for out-of-range floats.
            Timestamp(ms as i64)
        }
    }

    /// From whole seconds since the epoch (Sentry's numeric form without a fraction),
    /// saturating at the ends of the range.
    pub fn from_secs(secs: i64) -> Timestamp {
        Timestamp(secs.saturating_mul(1000))
    }

    /// [`Timestamp::from_secs`] for a count read as unsigned (JSON's large whole numbers).
    pub fn from_secs_u64(secs: u64) -> Timestamp {
        Timestamp::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
    }

    /// `2026-11-27T09:34:52.123Z`: RFC 3339 in UTC with milliseconds.
    pub fn to_rfc3339(self) -> String {
        self.to_string()
    }

    /// Parses an HTTP date in RFC 7231's preferred IMF-fixdate form,
    /// `Sun, 06 Nov 1994 08:49:37 GMT` (as in `Retry-After`).
    pub fn parse_http_date(s: &str) -> Option<Timestamp> {
        parse_imf_fixdate(s.trim().as_bytes())
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm)`; a space may replace the `T`.
    pub fn parse_rfc3339(s: &str) -> Result<Timestamp, ParseTimestampError> {
        parse_rfc3339(s.trim()).ok_or_else(|| ParseTimestampError {
            input: s.chars().take(64).collect(),
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            ms_of_day % 1000
        )
    }
}

/// Days since the epoch to a proleptic Gregorian (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A proleptic Gregorian date to days since the epoch.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
}

fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = u32::try_from(digits(&b[5..7])?).ok()?;
    let day = u32::try_from(digits(&b[8..10])?).ok()?;
    let (hh, mm, ss) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        let mut scaled = frac[..n.min(3)].to_vec();
        scaled.resize(3, b'0');
        millis = digits(&scaled)?;
        rest = &frac[n..];
    }
    let offset_min = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let off = digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?;
            if *sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let ms = days * MS_PER_DAY + ((hh * 60 + mm - offset_min) * 60 + ss) * 1000 + millis;
    Some(Timestamp(ms))
}

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const WEEKDAYS: [&[u8; 3]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`: fixed width, so every field is at a known offset.
fn parse_imf_fixdate(b: &[u8]) -> Option<Timestamp> {
    if b.len() != 29 || &b[3..5] != b", " || &b[25..] != b" GMT" {
        return None;
    }
    if !WEEKDAYS.iter().any(|d| d[..] == b[..3]) {
        return None;
    }
    if b[7] != b' ' || b[11] != b' ' || b[16] != b' ' || b[19] != b':' || b[22] != b':' {
        return None;
    }
    let day = u32::try_from(digits(&b[5..7])?).ok()?;
    let month = MONTHS.iter().position(|m| m[..] == b[8..11])? as u32 + 1;
    let year = digits(&b[12..16])?;
    let (hh, mm, ss) = (
        digits(&b[17..19])?,
        digits(&b[20..22])?,
        digits(&b[23..25])?,
    );
    if day == 0 || day > days_in_month(year, month) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(Timestamp(
        days * MS_PER_DAY + ((hh * 60 + mm) * 60 + ss) * 1000,
    ))
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 string or seconds since the epoch")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(v).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs_f64(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_secs_u64(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_from_outside_must_fall_between_the_epoch_and_year_9999() {
        assert_eq!(Timestamp::from_millis_f64(0.0), Some(Timestamp(0)));
        assert_eq!(Timestamp::from_millis_f64(1_500.7), Some(Timestamp(1_500)));
        assert_eq!(
            Timestamp::from_millis_f64(253_402_300_799_999.0),
            Some(Timestamp::LATEST)
        );
        assert_eq!(Timestamp::LATEST.to_rfc3339(), "9999-12-31T23:59:59.999Z");
        for bad in [-1.0, 253_402_300_800_000.0, 1e300, f64::NAN, f64::INFINITY] {
            assert_eq!(Timestamp::from_millis_f64(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_epoch_and_a_recent_instant() {
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp(1_795_858_492_123).to_rfc3339(),
            "2026-11-28T09:34:52.123Z"
        );
        assert_eq!(Timestamp(-1).to_rfc3339(), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn parses_what_it_formats_and_offsets() {
        for ms in [0, 1, 951_782_400_000, 1_795_858_492_123, -86_400_001] {
            let t = Timestamp(ms);
            assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Ok(t));
        }
        assert_eq!(
            Timestamp::parse_rfc3339("1970-01-01T01:00:00+01:00"),
            Ok(Timestamp(0))
        );
        assert_eq!(
            Timestamp::parse_rfc3339("1970-01-01T00:00:00.5Z"),
            Ok(Timestamp(500))
        );
    }

    #[test]
    fn rejects_malformed_timestamps() {
        for bad in [
            "",
            "2026-11-27",
            "2026-13-01T00:00:00Z",
            "2026-11-27T00:00:00",
            "x".repeat(30).as_str(),
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_imf_fixdate_http_dates() {
        assert_eq!(
            Timestamp::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Timestamp::parse_rfc3339("1994-11-06T08:49:37Z").ok()
        );
        assert_eq!(
            Timestamp::parse_http_date(" Thu, 29 Feb 2024 00:00:00 GMT "),
            Timestamp::parse_rfc3339("2024-02-29T00:00:00Z").ok()
        );
    }

    #[test]
    fn rejects_malformed_http_dates() {
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Thu, 29 Feb 2023 00:00:00 GMT",
            "Sun, 06 Nox 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 19a4 08:49:37 GMT",
        ] {
            assert_eq!(Timestamp::parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn deserializes_numbers_as_seconds() {
        let t: Timestamp = serde_json::from_str("1.5").unwrap();
        assert_eq!(t, Timestamp(1500));
        let t: Timestamp = serde_json::from_str("\"1970-01-01T00:00:02.000Z\"").unwrap();
        assert_eq!(t, Timestamp(2000));
    }
}
