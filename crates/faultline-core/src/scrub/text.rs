//! Finding secrets inside free text, each scanner one linear pass with no backtracking.

use super::pairs::sensitive_pairs;
use super::FILTERED;

/// Byte ranges of secrets found in a text, sorted and disjoint.
pub(super) type Ranges = Vec<(usize, usize)>;

/// Scrubs `text`: bearer tokens, JSON web tokens, URL passwords, values under a sensitive
/// key (`token=…`, `password: …`, `"secret":"…"`, `Authorization: Basic …`) and card
/// numbers. Returns the new text and how many secrets were replaced, or `None` when nothing
/// was found.
pub(super) fn scrub_text(text: &str, extra_keys: &[String]) -> Option<(String, usize)> {
    let mut current: Option<String> = None;
    let mut count = 0;
    let scanners: [&dyn Fn(&str) -> Ranges; 5] = [
        &bearer_tokens,
        &web_tokens,
        &url_passwords,
        &|s| sensitive_pairs(s, extra_keys),
        &card_numbers,
    ];
    for scan in scanners {
        let s = current.as_deref().unwrap_or(text);
        let ranges = scan(s);
        if !ranges.is_empty() {
            count += ranges.len();
            current = Some(replace_ranges(s, &ranges));
        }
    }
    current.map(|s| (s, count))
}

/// `s` with each (sorted, disjoint) byte range replaced by [`FILTERED`].
fn replace_ranges(s: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for &(start, end) in ranges {
        out.push_str(&s[last..start]);
        out.push_str(FILTERED);
        last = end;
    }
    out.push_str(&s[last..]);
    out
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
}

/// The token after `Bearer ` (any case, at a word start).
fn bearer_tokens(s: &str) -> Ranges {
    const WORD: &[u8] = b"bearer";
    let b = s.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i + WORD.len() < b.len() {
        let at_word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if !(at_word_start && b[i..i + WORD.len()].eq_ignore_ascii_case(WORD)) {
            i += 1;
            continue;
        }
        let spaces = b[i + WORD.len()..]
            .iter()
            .take_while(|&&c| c == b' ')
            .count();
        let start = i + WORD.len() + spaces;
        let len = b[start..].iter().take_while(|&&c| is_token_byte(c)).count();
        if spaces > 0 && len > 0 && &s[start..start + len] != FILTERED {
            ranges.push((start, start + len));
        }
        i = start + len.max(1);
    }
    ranges
}

fn is_base64url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// JSON web tokens anywhere: `eyJ` (a base64url JSON header) at a word start, then three
/// base64url parts joined by dots (the signature may be empty), whole.
fn web_tokens(s: &str) -> Ranges {
    let b = s.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0 || !(is_base64url_byte(b[i - 1]) || b[i - 1] == b'.');
        if !(at_word_start && b[i..].starts_with(b"eyJ")) {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut parts = [0usize; 3];
        let mut part = 0;
        while end < b.len() {
            if is_base64url_byte(b[end]) {
                parts[part] += 1;
            } else if b[end] == b'.' && part < 2 {
                part += 1;
            } else {
                break;
            }
            end += 1;
        }
        if part == 2 && parts[0] > 3 && parts[1] > 0 {
            ranges.push((i, end));
        }
        i = end.max(i + 1);
    }
    ranges
}

/// Whether `c` may be part of a URL's authority (RFC 3986 without IPv6 brackets, so that
/// an authority ends at a `[Filtered]` put there before).
fn is_authority_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | '%'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
                | ':'
                | '@'
        )
}

/// The password in `scheme://user:password@host`.
fn url_passwords(s: &str) -> Ranges {
    let mut ranges = Vec::new();
    let mut offset = 0;
    while let Some(found) = find_scheme_end(&s.as_bytes()[offset..]) {
        let authority_start = offset + found + 3;
        let authority_len = s[authority_start..]
            .find(|c: char| !is_authority_char(c))
            .unwrap_or(s.len() - authority_start);
        let authority = &s[authority_start..authority_start + authority_len];
        if let Some((userinfo, _)) = authority.rsplit_once('@') {
            if let Some((_, password)) = userinfo.split_once(':') {
                let start = authority_start + userinfo.len() - password.len();
                if !password.is_empty() && password != FILTERED {
                    ranges.push((start, start + password.len()));
                }
            }
        }
        offset = authority_start + authority_len;
    }
    ranges
}

/// Where `://` starts in `b`: a scan for its colon (no searcher built per text).
fn find_scheme_end(b: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(colon) = b[from..].iter().position(|&c| c == b':') {
        let at = from + colon;
        if b[at + 1..].starts_with(b"//") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Card numbers: 13–19 digits, single spaces or dashes between them allowed, starting
/// with 2–6 (the card industries; this spares millisecond timestamps and most ids), not
/// part of a longer word or number, and passing the Luhn check.
fn card_numbers(s: &str) -> Ranges {
    let b = s.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_run = b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts_run {
            i += 1;
            continue;
        }
        let mut end = i;
        // The first 20 digits (one more than a card has) are kept: no allocation per run.
        let mut digits = [0u8; 20];
        let mut count = 0;
        while end < b.len() {
            if b[end].is_ascii_digit() {
                if let Some(slot) = digits.get_mut(count) {
                    *slot = b[end] - b'0';
                }
                count += 1;
                end += 1;
            } else if matches!(b[end], b' ' | b'-')
                && b.get(end + 1).is_some_and(u8::is_ascii_digit)
            {
                end += 1;
            } else {
                break;
            }
        }
        let ends_word = b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric());
        if ends_word && looks_like_card(digits.get(..count).unwrap_or(&digits)) {
            ranges.push((i, end));
        }
        i = end;
    }
    ranges
}

fn looks_like_card(digits: &[u8]) -> bool {
    (13..=19).contains(&digits.len()) && (2..=6).contains(&digits[0]) && luhn_valid(digits)
}

/// The Luhn checksum: doubling every second digit from the right, the sum ends in 0.
fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            match (i % 2 == 1, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(s: &str) -> String {
        scrub_text(s, &[]).map_or_else(|| s.to_string(), |(t, _)| t)
    }

    #[test]
    fn bearer_tokens_are_filtered_keeping_the_scheme() {
        assert_eq!(
            scrub("auth failed: Bearer eyJhbGciOi.J9.x-y_z= for bob"),
            "auth failed: Bearer [Filtered] for bob"
        );
        assert_eq!(scrub("BEARER  abc"), "BEARER  [Filtered]");
        assert_eq!(scrub("unbearer abc"), "unbearer abc");
        assert_eq!(scrub("bearer"), "bearer");
    }

    #[test]
    fn sensitive_query_params_are_filtered_and_others_kept() {
        assert_eq!(
            scrub("https://shop.test/cb?code=1&access_token=abc123&page=2#top"),
            "https://shop.test/cb?code=1&access_token=[Filtered]&page=2#top"
        );
        assert_eq!(
            scrub("session_id=s3cr3t; theme=dark"),
            "session_id=[Filtered]; theme=dark"
        );
        assert_eq!(
            scrub("login with password=hunter2 failed"),
            "login with password=[Filtered] failed"
        );
        assert_eq!(
            scrub("user[password]=x&q=a=b"),
            "user[password]=[Filtered]&q=a=b"
        );
        assert_eq!(scrub("a==b token="), "a==b token=");
    }

    #[test]
    fn url_passwords_are_filtered() {
        assert_eq!(
            scrub("fetch https://ann:pa:ss@db.test:5432/x failed"),
            "fetch https://ann:[Filtered]@db.test:5432/x failed"
        );
        assert_eq!(scrub("https://ann@db.test/"), "https://ann@db.test/");
        assert_eq!(scrub(":// ://@ a://b:@c"), ":// ://@ a://b:@c");
    }

    #[test]
    fn luhn_valid_card_numbers_are_filtered() {
        assert_eq!(
            scrub("card 4111 1111 1111 1111 declined"),
            "card [Filtered] declined"
        );
        assert_eq!(scrub("5500-0000-0000-0004"), "[Filtered]");
        assert_eq!(scrub("amex 378282246310005."), "amex [Filtered].");
    }

    #[test]
    fn numbers_that_are_not_cards_are_kept() {
        for kept in [
            "4111 1111 1111 1112",
            "1795858492123",
            "id4111111111111111",
            "4111111111111111x",
            "41111111111111111111111",
            "4111  1111 1111 1111",
            "order 12345",
        ] {
            assert_eq!(scrub(kept), kept);
        }
    }

    #[test]
    fn counts_every_replacement_and_is_idempotent() {
        let (once, count) = scrub_text("token=a Bearer b 4111111111111111", &[]).unwrap();
        assert_eq!(count, 3);
        assert_eq!(once, "token=[Filtered] Bearer [Filtered] [Filtered]");
        assert_eq!(scrub_text(&once, &[]), None);
    }

    #[test]
    fn luhn_checks_known_numbers() {
        let digits = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<_>>();
        assert!(luhn_valid(&digits("79927398713")));
        assert!(!luhn_valid(&digits("79927398710")));
    }
}
