//! Values named by a sensitive key inside free text, in the shapes text carries them:
//! query strings and cookies (`token=…`), log lines and headers (`password: …`,
//! `Authorization: Basic …`), JSON and object literals (`"secret":"…"`, `{'pwd': '…'}`,
//! `{\"jwt\":\"…\"}` escaped once). One pass, no backtracking: every byte is looked at a
//! bounded number of times.
//!
//! The rule, so that prose survives:
//! - A sensitive name counts only when a separator follows it directly: `=`, or `:` (spaces
//!   allowed around either, a closing quote before it). "Session expired" and "invalid
//!   password" are kept; `session=42`, `"password": "…"` and `password: hunter2` are not.
//! - What is filtered is the value after the separator: a quoted string (to its closing
//!   quote), a bracketed object or array (to its matching bracket), or else one word; after
//!   an authorization scheme (`Basic`, `Bearer`, ...) the credential that follows it. A value
//!   that never closes is filtered to the end of the line (quotes) or the text (brackets).
//!   `null`, `undefined`, `true` and `false` carry no secret and are kept, as key scrubbing
//!   keeps them.
//! - An unquoted name before `:` is where prose and code look most like a pair, so there:
//!   error names (`TokenExpiredError: jwt expired`), dotted names and hosts (`auth.js:10`,
//!   `https://auth-service:8080`) are not names of values; and after the words that are
//!   common in prose (`token`, `session`, `auth`) only a word that looks like a secret (it
//!   has a digit, or 16 bytes or more) or a credential is filtered: `session: 9f8e7d` and
//!   `token: eyJ…` go, "Could not refresh token: Network request failed" stays. After the
//!   other names any word goes, so "password: too short" loses "too": a secret in a log line
//!   matters more.

use super::text::Ranges;
use super::{sensitivity, FILTERED};

/// Authorization schemes whose credential follows them after a space.
const SCHEMES: [&str; 5] = ["basic", "bearer", "token", "negotiate", "ntlm"];

/// Words after a separator that carry no secret.
const HARMLESS: [&str; 4] = ["null", "undefined", "true", "false"];

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']')
}

/// Ends a one-word value: whitespace and the punctuation that closes or separates values
/// in query strings, cookies, log lines and object literals.
fn is_value_end(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b'&' | b'#'
                | b';'
                | b','
                | b'"'
                | b'\''
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'{'
                | b'}'
                | b'['
                | b']'
                | b'\\'
        )
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The byte ranges of values under a sensitive key in `s`.
pub(super) fn sensitive_pairs(s: &str, extra_keys: &[String]) -> Ranges {
    let b = s.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_key_byte(b[i]) {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < b.len() && is_key_byte(b[i]) {
            i += 1;
        }
        // Most words are followed by no separator: that is checked first.
        let Some((at, loose)) = value_start(b, i) else {
            continue;
        };
        // A `[Filtered]` put there before is no part of a name.
        let key_start = if b[key_start..i].contains(&b'[') {
            s[key_start..i]
                .rfind(FILTERED)
                .map_or(key_start, |at| key_start + at + FILTERED.len())
        } else {
            key_start
        };
        let key = &s[key_start..i];
        let Some(prose) = sensitivity(key, extra_keys) else {
            continue;
        };
        if loose && !names_a_value(b, key_start, key) {
            continue;
        }
        let Some((start, end, credential)) = value_range(b, at) else {
            continue;
        };
        let value = &s[start..end];
        let kept = value == FILTERED
            || HARMLESS.iter().any(|h| value.eq_ignore_ascii_case(h))
            || (loose && prose && !credential && !looks_like_secret(value));
        if !kept {
            ranges.push((start, end));
        }
        i = end.max(i);
    }
    ranges
}

/// Where the value starts when a separator follows the key ending at `i`: an optional
/// closing quote (`"`, `'` or `\"`), spaces, `=` or `:` (not `==` or `::`), spaces. The
/// flag says the pair is loose: an unquoted name before `:`.
fn value_start(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let quoted = match (b.get(i), b.get(i + 1)) {
        (Some(b'"' | b'\''), _) => 1,
        (Some(b'\\'), Some(b'"')) => 2,
        _ => 0,
    };
    i += quoted;
    while b.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    let separator = *b.get(i).filter(|&&c| c == b'=' || c == b':')?;
    i += 1;
    if b.get(i) == Some(&separator) {
        return None;
    }
    while b.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    (i < b.len()).then_some((i, quoted == 0 && separator == b':'))
}

/// Whether an unquoted `key` before `:` names a value: not an error name, a dotted name
/// (a file or a host) or a name right after `/` or `@` (a path or a host).
fn names_a_value(b: &[u8], key_start: usize, key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let after_path = key_start > 0 && matches!(b[key_start - 1], b'/' | b'@');
    !(lower.ends_with("error") || lower.ends_with("exception") || key.contains('.') || after_path)
}

/// A word that may be a secret rather than prose: it has a digit, or is long.
fn looks_like_secret(value: &str) -> bool {
    value.len() >= 16 || value.bytes().any(|c| c.is_ascii_digit())
}

/// The byte range of the value starting at `at` (never empty) and whether it is a
/// credential after a scheme, or `None` when there is no value there.
fn value_range(b: &[u8], at: usize) -> Option<(usize, usize, bool)> {
    let range = match (b[at], b.get(at + 1)) {
        (q @ (b'"' | b'\''), _) => {
            let start = at + 1;
            (start, quoted_end(b, start, &[q]), false)
        }
        (b'\\', Some(b'"')) => {
            let start = at + 2;
            (start, quoted_end(b, start, b"\\\""), false)
        }
        (b'{' | b'[', _) => (at, bracket_end(b, at), false),
        _ => word_or_credential(b, at),
    };
    (range.1 > range.0).then_some(range)
}

/// The end of a quoted string's content starting at `start`: the first `close` not escaped
/// by a backslash, else the end of the line.
fn quoted_end(b: &[u8], start: usize, close: &[u8]) -> usize {
    let mut i = start;
    while i < b.len() && b[i] != b'\n' {
        if b[i..].starts_with(close) {
            return i;
        }
        i += if b[i] == b'\\' && close.len() == 1 {
            2
        } else {
            1
        };
    }
    i.min(b.len())
}

/// The end (exclusive) of the object or array opening at `at`: past its matching bracket,
/// skipping double-quoted strings; the end of the text when it never closes.
fn bracket_end(b: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => i = quoted_end(b, i + 1, b"\"").max(i),
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// One word from `at`; when the word is an authorization scheme followed by a credential,
/// the credential instead (flagged).
fn word_or_credential(b: &[u8], at: usize) -> (usize, usize, bool) {
    let word_end = word_end(b, at);
    let word = &b[at..word_end];
    if !SCHEMES
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s.as_bytes()))
    {
        return (at, word_end, false);
    }
    let mut start = word_end;
    while b.get(start).copied().is_some_and(is_space) {
        start += 1;
    }
    let end = credential_end(b, start);
    if start > word_end && end > start {
        (start, end, true)
    } else {
        (at, word_end, false)
    }
}

fn word_end(b: &[u8], at: usize) -> usize {
    at + b[at..].iter().take_while(|&&c| !is_value_end(c)).count()
}

/// A credential runs to whitespace or a quote (base64 and tokens have neither); an
/// already filtered one is `[Filtered]` whole.
fn credential_end(b: &[u8], start: usize) -> usize {
    if b[start..].starts_with(FILTERED.as_bytes()) {
        return start + FILTERED.len();
    }
    start
        + b[start..]
            .iter()
            .take_while(|&&c| !c.is_ascii_whitespace() && c != b'"' && c != b'\'')
            .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(s: &str) -> Vec<&str> {
        sensitive_pairs(s, &[])
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect()
    }

    #[test]
    fn separators_quotes_and_spaces() {
        assert_eq!(filtered("password=hunter2&x=1"), ["hunter2"]);
        assert_eq!(filtered("password : hunter2, next"), ["hunter2"]);
        assert_eq!(filtered(r#"{"password":"hun ter2","a":1}"#), ["hun ter2"]);
        assert_eq!(filtered(r#"{'pwd': 'a\'b'}"#), [r"a\'b"]);
        assert_eq!(filtered(r#"{\"jwt\":\"abc\"}"#), ["abc"]);
        assert_eq!(filtered(r#""secret": "a\"b""#), [r#"a\"b"#]);
    }

    #[test]
    fn after_prose_words_and_colon_only_secret_looking_words_go() {
        assert_eq!(filtered("session: 9f8e7d"), ["9f8e7d"]);
        assert_eq!(
            filtered("token: abcdefghijklmnopqrstu"),
            ["abcdefghijklmnopqrstu"]
        );
        assert_eq!(filtered("session=expired"), ["expired"]);
        assert_eq!(filtered(r#""session": "expired""#), ["expired"]);
        assert_eq!(filtered("password: letmein"), ["letmein"]);
    }

    #[test]
    fn objects_arrays_and_unclosed_values() {
        assert_eq!(
            filtered(r#"{"credentials": {"u": "a}", "p": [1]}, "ok": 1}"#),
            [r#"{"u": "a}", "p": [1]}"#]
        );
        assert_eq!(filtered("token: [1, 2"), ["[1, 2"]);
        assert_eq!(filtered("token=\"abc\nnext"), ["abc"]);
    }

    #[test]
    fn authorization_schemes_keep_the_scheme() {
        assert_eq!(
            filtered("Authorization: Basic dXNlcjpwYXNz\nHost: x"),
            ["dXNlcjpwYXNz"]
        );
        assert_eq!(filtered("auth=Bearer [Filtered]"), Vec::<&str>::new());
        assert_eq!(filtered("auth: basic"), Vec::<&str>::new());
        assert_eq!(filtered("auth=basic"), ["basic"]);
    }

    #[test]
    fn prose_comparisons_paths_and_harmless_values_are_kept() {
        for kept in [
            "session expired",
            "invalid password for ann",
            "token==x",
            "auth::login failed",
            "token: null",
            "password=",
            "password: \nnext",
            "(reading 'token')",
            "password=[Filtered]",
            "TokenExpiredError: jwt expired",
            "at auth.js:10:5",
            "GET https://auth-service:8080/login",
            "Could not refresh token: Network request failed",
            "session: expired",
        ] {
            assert_eq!(filtered(kept), Vec::<&str>::new(), "{kept}");
        }
    }
}
