//! Scrubbing: secrets and personal data replaced with `[Filtered]` before an event leaves.
//!
//! - A value whose key looks sensitive (`password`, `passwd`, `pwd`, `passphrase`,
//!   `secret`, `api_key`/`api-key`/`apikey`, `token`, `jwt`, `auth`, `credential`,
//!   `private_key`, `session`, `cookie`, as case-insensitive substrings of the key) is
//!   replaced whole, at any depth of `extra`, `contexts`, breadcrumb `data` (console
//!   arguments included), tags, headers and unmodelled fields. That covers the
//!   `Authorization`, `Cookie`, `Set-Cookie` and `X-Api-Key` headers.
//! - Inside text (messages, exception values, breadcrumb messages, URLs, every string in
//!   those maps), bearer tokens, JSON web tokens, values under a sensitive key
//!   (`token=…`, `password: …`, `"secret":"…"`, `Authorization: Basic …`; the rule that keeps
//!   prose such as "session expired" is in `scrub/pairs.rs`), URL passwords and Luhn-valid
//!   card numbers are replaced; the rest of the text stays.
//! - A console breadcrumb's text is written from its arguments after they are scrubbed by
//!   key ([`console_message`]), so `console.error({ password })` never shows the password.
//! - Without `send_default_pii`, the user's IP address is dropped (with the `{{auto}}`
//!   placeholder that would make the server record it), and so are the request's cookies
//!   (the `Cookie` header and `cookies`), as Sentry's SDKs leave them out. The id, username and email stay:
//!   the app set them on purpose, and Sentry's SDKs let `sendDefaultPii` govern only what
//!   they collect on their own.
//!
//! Ids, times, levels, release, environment, fingerprint and SDK are never touched.
//! Everything is linear in the size of the event.

mod console;
mod pairs;
mod text;

use crate::VecMap;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::bytes::contains_ignoring_ascii_case;
use crate::{Breadcrumb, Event, Exception, Frame, LogEntry, Request, User};

pub use console::{console_join, console_message};

/// What scrubbed values are replaced with.
pub const FILTERED: &str = "[Filtered]";

/// Key fragments that mark a value as secret.
const SENSITIVE_KEY_PARTS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "apikey",
    "api_key",
    "api-key",
    "jwt",
    "credential",
    "private_key",
    "privatekey",
    "private-key",
    "cookie",
    // Also common words in prose: text may use them as words (see `scrub/pairs.rs`).
    "token",
    "session",
    "auth",
];

/// How many fragments at the end of [`SENSITIVE_KEY_PARTS`] are also words of prose.
const PROSE_PARTS: usize = 3;

/// How to scrub.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScrubOptions {
    /// Keep the user's IP address (`sendDefaultPii`); off by default.
    pub send_default_pii: bool,
    /// More key fragments to treat as sensitive (matched like the built-in ones).
    pub extra_sensitive_keys: Vec<String>,
}

/// Whether a value under `key` is secret: `key` contains, ignoring case, one of the
/// built-in fragments or of `extra`.
pub fn is_sensitive_key(key: &str, extra: &[String]) -> bool {
    sensitivity(key, extra).is_some()
}

/// How `key` is sensitive: `None` when it is not, `Some(true)` when only for a fragment that
/// is also a common word in prose (`token`, `session`, `auth`), so that text may use it as
/// a word.
fn sensitivity(key: &str, extra: &[String]) -> Option<bool> {
    let key = key.as_bytes();
    let has = |part: &str| contains_ignoring_case(key, part.as_bytes());
    let (strong, prose) = SENSITIVE_KEY_PARTS.split_at(SENSITIVE_KEY_PARTS.len() - PROSE_PARTS);
    if strong.iter().any(|p| has(p)) || extra.iter().any(|p| has(p)) {
        Some(false)
    } else {
        prose.iter().any(|p| has(p)).then_some(true)
    }
}

/// Whether `part` (not empty: an empty fragment in the options makes no key sensitive)
/// occurs in `text`, ignoring ASCII case. Keys are short: a plain scan, no allocation and
/// no searcher to build (this runs for every key and every key-like word of every event's
/// text).
fn contains_ignoring_case(text: &[u8], part: &[u8]) -> bool {
    !part.is_empty() && contains_ignoring_ascii_case(text, part)
}

/// Scrubs `text` (bearer tokens, JSON web tokens, values under a sensitive key, URL
/// passwords, card numbers); returns it unchanged when there is nothing to hide.
pub fn scrub_text(text: &str) -> String {
    text::scrub_text(text, &[]).map_or_else(|| text.to_string(), |(s, _)| s)
}

/// Scrubs `event` in place; returns how many values were replaced or dropped.
pub fn scrub_event(event: &mut Event, options: &ScrubOptions) -> usize {
    let mut s = Scrubber {
        extra: &options.extra_sensitive_keys,
        count: 0,
    };
    s.opt_text(&mut event.message);
    if let Some(entry) = &mut event.logentry {
        s.logentry(entry);
    }
    for exception in event.exception.iter_mut().flat_map(|l| l.values.iter_mut()) {
        s.exception(exception);
    }
    for crumb in event
        .breadcrumbs
        .iter_mut()
        .flat_map(|b| b.values.iter_mut())
    {
        s.breadcrumb(crumb);
    }
    if let Some(user) = &mut event.user {
        s.user(user, options.send_default_pii);
    }
    if let Some(request) = &mut event.request {
        s.request(request, options.send_default_pii);
    }
    s.string_map(&mut event.tags);
    s.map(&mut event.contexts.0);
    s.map(&mut event.extra);
    s.map(&mut event.other);
    s.count
}

struct Scrubber<'a> {
    extra: &'a [String],
    count: usize,
}

impl Scrubber<'_> {
    fn sensitive(&self, key: &str) -> bool {
        is_sensitive_key(key, self.extra)
    }

    fn text(&mut self, text: &mut String) {
        if let Some((scrubbed, n)) = text::scrub_text(text, self.extra) {
            *text = scrubbed;
            self.count += n;
        }
    }

    fn opt_text(&mut self, text: &mut Option<String>) {
        if let Some(text) = text {
            self.text(text);
        }
    }

    /// Every value of `map`: whole when its key is sensitive, else its text and children.
    fn map(&mut self, map: &mut BTreeMap<String, Value>) {
        for (key, value) in map.iter_mut() {
            if self.sensitive(key) {
                self.replace(value);
            } else {
                self.value(value);
            }
        }
    }

    fn string_map(&mut self, map: &mut VecMap<String, String>) {
        for (key, value) in map.iter_mut() {
            if self.sensitive(key) {
                if value != FILTERED {
                    *value = FILTERED.to_string();
                    self.count += 1;
                }
            } else {
                self.text(value);
            }
        }
    }

    /// Replaces a secret value; `null` and booleans carry no secret and are kept.
    fn replace(&mut self, value: &mut Value) {
        match value {
            Value::Null | Value::Bool(_) => {}
            Value::String(s) if s == FILTERED => {}
            _ => {
                *value = Value::String(FILTERED.to_string());
                self.count += 1;
            }
        }
    }

    fn value(&mut self, value: &mut Value) {
        match value {
            Value::String(s) => self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(fields) => {
                for (key, v) in fields.iter_mut() {
                    if self.sensitive(key) {
                        self.replace(v);
                    } else {
                        self.value(v);
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    fn logentry(&mut self, entry: &mut LogEntry) {
        self.opt_text(&mut entry.message);
        self.opt_text(&mut entry.formatted);
        if let Some(params) = &mut entry.params {
            self.value(params);
        }
        self.map(&mut entry.other);
    }

    fn exception(&mut self, exception: &mut Exception) {
        self.opt_text(&mut exception.value);
        if let Some(mechanism) = &mut exception.mechanism {
            self.map(&mut mechanism.other);
        }
        if let Some(stacktrace) = &mut exception.stacktrace {
            stacktrace.frames.iter_mut().for_each(|f| self.frame(f));
            self.map(&mut stacktrace.other);
        }
        self.map(&mut exception.other);
    }

    fn frame(&mut self, frame: &mut Frame) {
        // Script URLs may carry tokens in their query strings.
        self.opt_text(&mut frame.abs_path);
        self.opt_text(&mut frame.filename);
        self.map(&mut frame.other);
    }

    fn breadcrumb(&mut self, crumb: &mut Breadcrumb) {
        self.opt_text(&mut crumb.message);
        self.map(&mut crumb.data);
        self.map(&mut crumb.other);
    }

    fn user(&mut self, user: &mut User, send_default_pii: bool) {
        if !send_default_pii && user.ip_address.take().is_some() {
            self.count += 1;
        }
        self.map(&mut user.other);
    }

    fn request(&mut self, request: &mut Request, send_default_pii: bool) {
        if !send_default_pii {
            let before = request.headers.len();
            request
                .headers
                .retain(|k, _| !k.eq_ignore_ascii_case("cookie"));
            let removed = before - request.headers.len();
            self.count += removed + usize::from(request.other.remove("cookies").is_some());
        }
        self.opt_text(&mut request.url);
        self.string_map(&mut request.headers);
        self.map(&mut request.other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_keys_match_as_substrings_ignoring_case() {
        for key in [
            "password",
            "DB_PASSWD",
            "clientSecret",
            "x-api-key",
            "API_KEY",
            "apiKey",
            "csrfToken",
            "Authorization",
            "credentials",
            "sessionId",
            "Set-Cookie",
        ] {
            assert!(is_sensitive_key(key, &[]), "{key}");
        }
        for key in ["user", "url", "api", "key", "status_code"] {
            assert!(!is_sensitive_key(key, &[]), "{key}");
        }
        assert!(is_sensitive_key("X-Pin", &["pin".to_string()]));
        assert!(!is_sensitive_key("X-Pin", &[String::new()]));
    }

    #[test]
    fn scrub_text_keeps_clean_text() {
        assert_eq!(scrub_text("all good"), "all good");
        assert_eq!(scrub_text("?token=x"), "?token=[Filtered]");
    }

    #[test]
    fn cookies_and_the_ip_address_go_unless_send_default_pii() {
        let mut request = Request::default();
        request.headers.insert("Cookie".into(), "sid=1".into());
        request.headers.insert("Accept".into(), "text/html".into());
        request.other.insert("cookies".into(), Value::from("sid=1"));
        let user = User {
            id: Some("7".into()),
            ip_address: Some("203.0.113.9".into()),
            ..User::default()
        };
        let event = Event {
            request: Some(request),
            user: Some(user),
            ..Event::default()
        };
        let mut without = event.clone();
        assert_eq!(scrub_event(&mut without, &ScrubOptions::default()), 3);
        let request = without.request.as_ref().unwrap();
        assert_eq!(request.headers.keys().collect::<Vec<_>>(), ["Accept"]);
        assert!(request.other.is_empty());
        let user = without.user.as_ref().unwrap();
        assert_eq!(
            (user.id.as_deref(), user.ip_address.as_deref()),
            (Some("7"), None)
        );
        let mut with = event;
        let pii = ScrubOptions {
            send_default_pii: true,
            ..ScrubOptions::default()
        };
        scrub_event(&mut with, &pii);
        assert_eq!(
            with.user.unwrap().ip_address.as_deref(),
            Some("203.0.113.9")
        );
        // Kept, but a cookie's value is still a secret.
        assert_eq!(with.request.unwrap().headers["Cookie"], FILTERED);
    }
}
