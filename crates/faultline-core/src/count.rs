//! Counts of events and users: exact up to [`MAX_COUNT`], saturating there, never wrapping.
//!
//! Counts are kept as JavaScript numbers in IndexedDB and shown by the viewer, and a
//! number holds integers exactly only up to 2^53 − 1. Above that a count would read back
//! as something else (`1e300 as u64` is 18446744073709551615, shown as
//! 18446744073709552000, and one more event would wrap it to 0). So every count saturates
//! at [`MAX_COUNT`], and a count read from outside (an import) is checked first.

use std::fmt;

/// The largest count kept: 2^53 − 1, the largest integer a JavaScript number holds exactly.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// `count + more`, saturating at [`MAX_COUNT`].
pub fn add_count(count: u64, more: u64) -> u64 {
    count.saturating_add(more).min(MAX_COUNT)
}

/// Why a number read from outside is not a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BadCount {
    /// NaN or an infinity.
    NotFinite(f64),
    /// Below zero.
    Negative(f64),
    /// Has a fractional part.
    Fractional(f64),
    /// Above [`MAX_COUNT`]; [`count_from_f64_clamped`] reads it as [`MAX_COUNT`].
    TooLarge(f64),
}

impl BadCount {
    /// What is wrong, after the number: `is negative`, ... (an adapter writes the number
    /// itself, the way its platform prints numbers).
    pub fn reason(&self) -> &'static str {
        match self {
            BadCount::NotFinite(_) => "is not a finite number",
            BadCount::Negative(_) => "is negative",
            BadCount::Fractional(_) => "is not a whole number",
            BadCount::TooLarge(_) => "is above the largest count",
        }
    }
}

impl fmt::Display for BadCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (BadCount::NotFinite(n)
        | BadCount::Negative(n)
        | BadCount::Fractional(n)
        | BadCount::TooLarge(n)) = self;
        write!(f, "{n} {}", self.reason())
    }
}

/// A number read from outside (a JSON export) as a count: a finite, non-negative whole
/// number no larger than [`MAX_COUNT`].
pub fn count_from_f64(value: f64) -> Result<u64, BadCount> {
    if !value.is_finite() {
        Err(BadCount::NotFinite(value))
    } else if value < 0.0 {
        Err(BadCount::Negative(value))
    } else if value.fract() != 0.0 {
        Err(BadCount::Fractional(value))
    } else if value > MAX_COUNT as f64 {
        Err(BadCount::TooLarge(value))
    } else {
        // Exact: a whole number in 0..=2^53-1.
        Ok(value as u64)
    }
}

/// A stored number as a count, never failing: what is not a count reads as 0, and what is
/// above [`MAX_COUNT`] as [`MAX_COUNT`]. For records this code wrote itself.
pub fn count_from_f64_clamped(value: f64) -> u64 {
    match count_from_f64(value) {
        Ok(count) => count,
        Err(BadCount::TooLarge(_)) | Err(BadCount::NotFinite(f64::INFINITY)) => MAX_COUNT,
        // A fraction rounds down, like `as` does.
        Err(BadCount::Fractional(n)) => count_from_f64(n.floor()).unwrap_or(0),
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_saturates_at_the_largest_exact_count() {
        assert_eq!(add_count(1, 2), 3);
        assert_eq!(add_count(MAX_COUNT, 1), MAX_COUNT);
        assert_eq!(add_count(u64::MAX, u64::MAX), MAX_COUNT);
    }

    #[test]
    fn only_whole_numbers_in_range_are_counts() {
        let check = |value: f64, expected: Result<u64, BadCount>| {
            let got = count_from_f64(value);
            match (got, expected) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{value}"),
                (Err(a), Err(b)) => assert_eq!(
                    std::mem::discriminant(&a),
                    std::mem::discriminant(&b),
                    "{value}: {a}"
                ),
                (got, expected) => panic!("{value}: {got:?}, expected {expected:?}"),
            }
        };
        check(0.0, Ok(0));
        check(42.0, Ok(42));
        check(MAX_COUNT as f64, Ok(MAX_COUNT));
        check(1e300, Err(BadCount::TooLarge(0.0)));
        check(2f64.powi(53), Err(BadCount::TooLarge(0.0)));
        check(f64::NAN, Err(BadCount::NotFinite(0.0)));
        check(f64::INFINITY, Err(BadCount::NotFinite(0.0)));
        check(-1.0, Err(BadCount::Negative(0.0)));
        check(1.5, Err(BadCount::Fractional(0.0)));
    }

    #[test]
    fn stored_numbers_clamp_instead_of_wrapping() {
        assert_eq!(count_from_f64_clamped(1e300), MAX_COUNT);
        assert_eq!(count_from_f64_clamped(f64::INFINITY), MAX_COUNT);
        assert_eq!(count_from_f64_clamped(f64::NAN), 0);
        assert_eq!(count_from_f64_clamped(-3.0), 0);
        assert_eq!(count_from_f64_clamped(7.9), 7);
        assert_eq!(count_from_f64_clamped(12.0), 12);
    }

    #[test]
    fn a_too_large_count_says_what_the_limit_is() {
        let too_large = count_from_f64(1e300).unwrap_err();
        assert_eq!(too_large.reason(), "is above the largest count");
        assert!(too_large.to_string().ends_with(too_large.reason()));
    }
}
