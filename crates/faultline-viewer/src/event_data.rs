//! An event's context as key/value tables: the event itself, user, request, each context
//! (browser, os, runtime, app-defined), tags, extra and SDK. Values are text, never HTML.

use std::collections::BTreeMap;

use faultline_core::{Event, Other};
use serde_json::Value;

use crate::format::json_text;

/// A titled table of keys and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `User`, `Request`, `Browser`, ...
    pub title: String,
    /// Rows, in order.
    pub rows: Vec<(String, String)>,
}

/// What the event list shows of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    /// The event id.
    pub id: String,
    /// When (ms).
    pub at: i64,
    /// Who: the user's email, username, id or ip.
    pub user: Option<String>,
    /// The release.
    pub release: Option<String>,
    /// The page.
    pub url: Option<String>,
}

/// The event list's columns for `event`.
pub fn summary(event: &Event) -> EventSummary {
    let user = event.user.as_ref().and_then(|u| {
        [&u.email, &u.username, &u.id, &u.ip_address]
            .into_iter()
            .find_map(|v| v.clone().filter(|s| !s.is_empty()))
    });
    EventSummary {
        id: event.event_id.to_string(),
        at: event.timestamp.0,
        user,
        release: event.release.clone(),
        url: event.request.as_ref().and_then(|r| r.url.clone()),
    }
}

/// The sections of `event` that have something to show.
pub fn context_sections(event: &Event) -> Vec<Section> {
    let mut out = Vec::new();
    push(&mut out, "Event", event_rows(event));
    if let Some(user) = &event.user {
        let mut rows = opt_rows(&[
            ("id", &user.id),
            ("email", &user.email),
            ("username", &user.username),
            ("ip_address", &user.ip_address),
        ]);
        rows.extend(other_rows(&user.other));
        push(&mut out, "User", rows);
    }
    if let Some(request) = &event.request {
        let mut rows = opt_rows(&[("url", &request.url), ("method", &request.method)]);
        rows.extend(request.headers.iter().map(|(k, v)| (k.clone(), v.clone())));
        rows.extend(other_rows(&request.other));
        push(&mut out, "Request", rows);
    }
    for (key, value) in &event.contexts.0 {
        let rows = match value {
            Value::Object(fields) => fields.iter().map(|(k, v)| (k.clone(), pretty(v))).collect(),
            other => vec![(key.clone(), pretty(other))],
        };
        push(&mut out, &context_title(key), rows);
    }
    let tags = event.tags.iter().map(|(k, v)| (k.clone(), v.clone()));
    push(&mut out, "Tags", tags.collect());
    push(&mut out, "Extra", other_rows(&event.extra));
    if let Some(sdk) = &event.sdk {
        let mut rows = vec![
            ("name".to_string(), sdk.name.clone()),
            ("version".to_string(), sdk.version.clone()),
        ];
        rows.extend(other_rows(&sdk.other));
        push(&mut out, "SDK", rows);
    }
    out
}

fn event_rows(event: &Event) -> Vec<(String, String)> {
    let mut rows = vec![
        ("id".to_string(), event.event_id.to_string()),
        ("timestamp".to_string(), event.timestamp.to_rfc3339()),
        ("level".to_string(), event.level.as_str().to_string()),
        ("platform".to_string(), event.platform.clone()),
    ];
    rows.extend(opt_rows(&[
        ("release", &event.release),
        ("dist", &event.dist),
        ("environment", &event.environment),
        ("logger", &event.logger),
    ]));
    if !event.fingerprint.is_empty() {
        rows.push(("fingerprint".to_string(), event.fingerprint.join(", ")));
    }
    rows
}

fn push(out: &mut Vec<Section>, title: &str, rows: Vec<(String, String)>) {
    if !rows.is_empty() {
        out.push(Section {
            title: title.to_string(),
            rows,
        });
    }
}

fn opt_rows(fields: &[(&str, &Option<String>)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter_map(|(k, v)| Some((k.to_string(), (*v).clone()?)))
        .collect()
}

fn other_rows(other: &Other) -> Vec<(String, String)> {
    other.iter().map(|(k, v)| (k.clone(), pretty(v))).collect()
}

/// A value for a table cell: strings bare, structures as indented JSON.
fn pretty(value: &Value) -> String {
    match value {
        Value::Object(_) | Value::Array(_) => {
            serde_json::to_string_pretty(value).unwrap_or_else(|_| json_text(value))
        }
        other => json_text(other),
    }
}

/// `browser` → `Browser`, `app_state` → `App state` (an ASCII first letter is capitalised;
/// Unicode case tables would cost the viewer 12 KB for context names nobody writes so).
fn context_title(key: &str) -> String {
    let known = BTreeMap::from([("os", "Operating system"), ("runtime", "Runtime")]);
    if let Some(title) = known.get(key) {
        return title.to_string();
    }
    let spaced = key.replace(['_', '.'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn sections_from_a_full_event() {
        let event: Event = serde_json::from_value(serde_json::json!({
            "event_id": "0123456789abcdef0123456789abcdef",
            "timestamp": 1795780800.0,
            "release": "shop@1.4.2",
            "user": {"id": "42", "email": "<b>a@b.c</b>", "segment": "vip"},
            "request": {"url": "https://shop.example/cart", "headers": {"User-Agent": "UA"}},
            "contexts": {"browser": {"name": "Chrome", "version": "156"}, "app_state": {"cart": [1, 2]}},
            "tags": {"plan": "pro"},
            "extra": {"order": {"id": 7}}
        }))
        .unwrap();
        let sections = context_sections(&event);
        let titles: Vec<_> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Event",
                "User",
                "Request",
                "App state",
                "Browser",
                "Tags",
                "Extra"
            ]
        );
        let user = &sections[1].rows;
        assert!(user.contains(&("email".into(), "<b>a@b.c</b>".into())));
        assert!(user.contains(&("segment".into(), "vip".into())));
        assert_eq!(
            sections[3].rows[0],
            ("cart".into(), "[\n  1,\n  2\n]".into())
        );
        assert!(sections[0]
            .rows
            .contains(&("release".into(), "shop@1.4.2".into())));
    }

    #[wasm_bindgen_test]
    fn summary_prefers_a_readable_user() {
        let event: Event = serde_json::from_value(serde_json::json!({
            "event_id": "0123456789abcdef0123456789abcdef",
            "timestamp": 1.5,
            "user": {"id": "42", "email": "", "username": "ann"},
        }))
        .unwrap();
        let s = summary(&event);
        assert_eq!(s.user.as_deref(), Some("ann"));
        assert_eq!(s.at, 1500);
        assert_eq!(s.url, None);
    }

    #[wasm_bindgen_test]
    fn an_empty_event_has_only_its_own_facts() {
        let sections = context_sections(&Event::default());
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].title, "Event");
    }
}
