//! The app's filters (`ignoreErrors`, `denyUrls`, `allowUrls`) and the signature dedupe
//! compares.

use crate::Event;

use super::KeyHasher;

/// A pattern of the app's filters: a substring, or whatever the adapter can match (a JS
/// `RegExp` in the browser).
pub trait Matcher {
    /// Whether `text` matches.
    fn matches(&self, text: &str) -> bool;
}

impl Matcher for String {
    fn matches(&self, text: &str) -> bool {
        text.contains(self.as_str())
    }
}

impl Matcher for &str {
    fn matches(&self, text: &str) -> bool {
        text.contains(*self)
    }
}

/// The app's filters, as Sentry names them.
#[derive(Debug, Clone)]
pub struct Filters<M> {
    /// Events whose message, or exception `Type: value` or value, matches one are dropped.
    pub ignore_errors: Vec<M>,
    /// Events whose crashing frame's URL matches one are dropped.
    pub deny_urls: Vec<M>,
    /// When not empty, events whose crashing frame's URL matches none are dropped.
    pub allow_urls: Vec<M>,
}

impl<M> Default for Filters<M> {
    fn default() -> Self {
        Filters {
            ignore_errors: Vec::new(),
            deny_urls: Vec::new(),
            allow_urls: Vec::new(),
        }
    }
}

/// Whether the filters drop `event`.
pub fn is_filtered<M: Matcher>(event: &Event, filters: &Filters<M>) -> bool {
    if !filters.ignore_errors.is_empty() {
        let mut texts: Vec<String> = event.message.iter().cloned().collect();
        if let Some(x) = event.primary_exception() {
            let value = x.value.as_deref().unwrap_or("");
            texts.push(x.ty.as_deref().unwrap_or("").to_string() + ": " + value);
            texts.push(value.to_string());
        }
        let ignored = |p: &M| texts.iter().any(|t| p.matches(t));
        if filters.ignore_errors.iter().any(ignored) {
            return true;
        }
    }
    let Some(url) = crashing_url(event) else {
        return false;
    };
    filters.deny_urls.iter().any(|p| p.matches(url))
        || (!filters.allow_urls.is_empty() && !filters.allow_urls.iter().any(|p| p.matches(url)))
}

/// The URL of the crashing frame (the last frame with a script URL).
fn crashing_url(event: &Event) -> Option<&str> {
    let frames = &event.primary_exception()?.stacktrace.as_ref()?.frames;
    frames
        .iter()
        .rev()
        .filter_map(|f| f.abs_path.as_deref())
        .find(|u| !matches!(*u, "<anonymous>" | "[native code]"))
}

/// What makes two events the same for dedupe: message, exceptions with their frames, and
/// the fingerprint.
pub fn dedupe_signature(event: &Event, fingerprint: &str) -> u64 {
    let mut h = KeyHasher::new();
    h.part(event.message.as_deref().unwrap_or(""))
        .part(fingerprint);
    for x in event.exception.iter().flat_map(|l| &l.values) {
        h.part(x.ty.as_deref().unwrap_or(""))
            .part(x.value.as_deref().unwrap_or(""));
        for f in x.stacktrace.iter().flat_map(|s| &s.frames) {
            h.part(f.function.as_deref().unwrap_or(""))
                .part(f.abs_path.as_deref().unwrap_or(""))
                .num(f.lineno.unwrap_or(0))
                .num(f.colno.unwrap_or(0));
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Exception, ExceptionList, Frame, Stacktrace};

    fn error_at(ty: &str, value: &str, urls: &[&str]) -> Event {
        let frames = urls
            .iter()
            .map(|u| Frame {
                abs_path: Some(u.to_string()),
                ..Frame::default()
            })
            .collect();
        Event {
            exception: Some(ExceptionList {
                values: vec![Exception {
                    ty: Some(ty.into()),
                    value: Some(value.into()),
                    stacktrace: Some(Stacktrace {
                        frames,
                        ..Stacktrace::default()
                    }),
                    ..Exception::default()
                }],
            }),
            ..Event::default()
        }
    }

    fn filters(
        ignore: &[&'static str],
        deny: &[&'static str],
        allow: &[&'static str],
    ) -> Filters<&'static str> {
        Filters {
            ignore_errors: ignore.to_vec(),
            deny_urls: deny.to_vec(),
            allow_urls: allow.to_vec(),
        }
    }

    #[test]
    fn ignore_errors_matches_the_message_the_value_and_type_colon_value() {
        let event = error_at("TypeError", "x is undefined", &[]);
        assert!(is_filtered(&event, &filters(&["TypeError: x"], &[], &[])));
        assert!(is_filtered(&event, &filters(&["is undefined"], &[], &[])));
        assert!(!is_filtered(&event, &filters(&["RangeError"], &[], &[])));
        let message = Event {
            message: Some("ResizeObserver loop limit exceeded".into()),
            ..Event::default()
        };
        assert!(is_filtered(
            &message,
            &filters(&["ResizeObserver"], &[], &[])
        ));
    }

    #[test]
    fn url_filters_look_at_the_crashing_frame_past_native_ones() {
        let event = error_at(
            "Error",
            "x",
            &["https://app/a.js", "https://ads/x.js", "[native code]"],
        );
        assert!(is_filtered(&event, &filters(&[], &["ads/"], &[])));
        assert!(!is_filtered(&event, &filters(&[], &["app/"], &[])));
        assert!(is_filtered(&event, &filters(&[], &[], &["https://app/"])));
        assert!(!is_filtered(&event, &filters(&[], &[], &["ads/"])));
        let stackless = error_at("Error", "x", &[]);
        assert!(!is_filtered(
            &stackless,
            &filters(&[], &[], &["https://app/"])
        ));
    }

    #[test]
    fn the_signature_differs_by_frame_position_and_fingerprint() {
        let a = error_at("Error", "x", &["https://app/a.js"]);
        let mut b = a.clone();
        assert_eq!(dedupe_signature(&a, "f"), dedupe_signature(&b, "f"));
        assert_ne!(dedupe_signature(&a, "f"), dedupe_signature(&a, "g"));
        let frame = &mut b.exception.as_mut().unwrap().values[0]
            .stacktrace
            .as_mut()
            .unwrap()
            .frames[0];
        frame.lineno = Some(2);
        assert_ne!(dedupe_signature(&a, "f"), dedupe_signature(&b, "f"));
    }
}
