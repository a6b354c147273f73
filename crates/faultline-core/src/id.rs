//! Identifier newtypes: events, issues and fingerprints.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A Sentry event id: 16 random bytes written as 32 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct EventId(pub [u8; 16]);

/// Why a string is not an event id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEventIdError;

impl fmt::Display for ParseEventIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event id is 32 hex digits (dashes allowed, as in a UUID)")
    }
}

impl std::error::Error for ParseEventIdError {}

impl EventId {
    /// An id from 16 random bytes, marked as a version 4 UUID as Sentry expects.
    pub fn from_random(mut bytes: [u8; 16]) -> EventId {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        EventId(bytes)
    }

    /// Parses 32 hex digits, with or without UUID dashes.
    pub fn parse(s: &str) -> Result<EventId, ParseEventIdError> {
        let mut out = [0u8; 16];
        let mut nibbles = s.bytes().filter(|&b| b != b'-');
        for byte in &mut out {
            let hi = nibbles
                .next()
                .and_then(hex_value)
                .ok_or(ParseEventIdError)?;
            let lo = nibbles
                .next()
                .and_then(hex_value)
                .ok_or(ParseEventIdError)?;
            *byte = hi << 4 | lo;
        }
        if nibbles.next().is_some() {
            return Err(ParseEventIdError);
        }
        Ok(EventId(out))
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl Serialize for EventId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        EventId::parse(&s).map_err(de::Error::custom)
    }
}

/// A local issue number, allocated in order by the store. Shown as `FL-<base 36>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IssueId(pub u64);

impl IssueId {
    /// Sentry-style short id, e.g. `FL-1A`.
    pub fn short_id(self) -> String {
        const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        // Digits from the last; a u64 has at most 13 in base 36.
        let mut digits = [0u8; 13];
        let mut at = digits.len();
        let mut n = self.0;
        loop {
            at -= 1;
            digits[at] = DIGITS[(n % 36) as usize];
            n /= 36;
            if n == 0 {
                break;
            }
        }
        let mut out = String::with_capacity(3 + digits.len() - at);
        out.push_str("FL-");
        out.extend(digits[at..].iter().map(|&d| char::from(d)));
        out
    }

    /// A short id back to the issue (`FL-1A`, `fl-1a` or `1A`); `None` when it is not one.
    pub fn from_short_id(text: &str) -> Option<IssueId> {
        let text = text.trim();
        let digits = match text.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("FL-") => &text[3..],
            _ => text,
        };
        if digits.is_empty() || digits.len() > 12 {
            return None;
        }
        digits
            .chars()
            .try_fold(0u64, |n, c| Some(n * 36 + u64::from(c.to_digit(36)?)))
            .map(IssueId)
    }
}

impl fmt::Display for IssueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The hash that decides which issue an event belongs to: 32 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_id_round_trips_with_and_without_dashes() {
        let id = EventId::from_random([0xab; 16]);
        let s = id.to_string();
        assert_eq!(s, "abababababab4bab abababababababab".replace(' ', ""));
        assert_eq!(EventId::parse(&s), Ok(id));
        assert_eq!(
            EventId::parse("fc6d8c0c-43fc-4630-ad85-0d8da1e7c9a1").map(|i| i.to_string()),
            Ok("fc6d8c0c43fc4630ad850d8da1e7c9a1".to_string())
        );
    }

    #[test]
    fn event_id_rejects_wrong_length_and_non_hex() {
        assert!(EventId::parse("abc").is_err());
        assert!(EventId::parse(&"a".repeat(33)).is_err());
        assert!(EventId::parse(&"g".repeat(32)).is_err());
    }

    #[test]
    fn short_ids_are_base36() {
        assert_eq!(IssueId(0).short_id(), "FL-0");
        assert_eq!(IssueId(46).short_id(), "FL-1A");
        assert_eq!(IssueId(u64::MAX).short_id(), "FL-3W5E11264SGSF");
    }

    #[test]
    fn short_ids_read_back_and_nothing_else_does() {
        for id in [0, 46, 12_345, 36u64.pow(12) - 1] {
            assert_eq!(
                IssueId::from_short_id(&IssueId(id).short_id()),
                Some(IssueId(id))
            );
        }
        assert_eq!(IssueId::from_short_id(" fl-1a "), Some(IssueId(46)));
        assert_eq!(IssueId::from_short_id("1A"), Some(IssueId(46)));
        for bad in ["", "FL-", "FL-1_", "é", "FL-ZZZZZZZZZZZZZ"] {
            assert_eq!(IssueId::from_short_id(bad), None, "{bad}");
        }
    }
}
