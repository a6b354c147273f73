//! An event's context as key/value tables: the event itself, user, request, each context
//! (browser, os, runtime, app-defined), tags, extra and SDK. Values are text, never HTML.

use std::collections::BTreeMap;

use faultline_core::{Event, EventId, Level, Other, Timestamp, VecMap};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

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

/// What the issue page reads of every stored event: its row in the list and its tags.
/// The whole [`Event`] (its exception, breadcrumbs and the fields it keeps as they came)
/// is decoded only for the event shown: for an issue's 100 stored events that was most
/// of the page's own work, and of the garbage it left. Read field by field from the
/// stored object ([`read_head`]), without serde: a derived decoder for it cost the
/// viewer 7.7 KB gzip.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventHead {
    /// The event id.
    pub event_id: EventId,
    /// When it happened.
    pub timestamp: Timestamp,
    /// Severity.
    pub level: Level,
    /// Who it happened to: the user's email, username, id or ip.
    pub user: Option<String>,
    /// The page.
    pub url: Option<String>,
    /// The app's release.
    pub release: Option<String>,
    /// `production`, `staging`, ...
    pub environment: Option<String>,
    /// The browser's name and version (`Chrome 156.0`).
    pub browser: Option<String>,
    /// The operating system's name and version.
    pub os: Option<String>,
    /// Indexed key/value pairs.
    pub tags: VecMap<String, String>,
}

impl From<&Event> for EventHead {
    fn from(event: &Event) -> EventHead {
        let user = event.user.as_ref().and_then(|u| {
            readable_user([&u.email, &u.username, &u.id, &u.ip_address].map(Option::as_ref))
        });
        EventHead {
            event_id: event.event_id,
            timestamp: event.timestamp,
            level: event.level,
            user,
            url: event.request.as_ref().and_then(|r| r.url.clone()),
            release: event.release.clone(),
            environment: event.environment.clone(),
            browser: named(event.contexts.browser().map(|b| (b.name, b.version))),
            os: named(event.contexts.os().map(|o| (o.name, o.version))),
            tags: event.tags.clone(),
        }
    }
}

/// The first of the user's email, username, id and ip that is not empty.
fn readable_user<S: AsRef<str>>(fields: [Option<S>; 4]) -> Option<String> {
    fields
        .into_iter()
        .flatten()
        .find(|v| !v.as_ref().is_empty())
        .map(|v| v.as_ref().to_string())
}

/// `Chrome 156.0` from a context's name and version.
fn named(pair: Option<(Option<String>, Option<String>)>) -> Option<String> {
    match pair? {
        (Some(name), Some(version)) => Some(format!("{name} {version}")),
        (Some(name), None) => Some(name),
        _ => None,
    }
}

/// Reads the [`EventHead`] of a stored, Sentry-shaped event object, as [`Event`]'s decoder
/// would read those fields (a string id, the time in seconds or RFC 3339, string tags);
/// the error says why it cannot be read.
pub fn read_head(raw: &JsValue) -> Result<EventHead, String> {
    let text = |object: &JsValue, key: &str| get(object, key).as_string();
    let id = text(raw, "event_id").ok_or("no event_id")?;
    let event_id = EventId::parse(&id).map_err(|e| e.to_string())?;
    let at = get(raw, "timestamp");
    let timestamp = match (at.as_f64(), at.as_string()) {
        (Some(seconds), _) => Timestamp::from_secs_f64(seconds),
        (None, Some(text)) => Timestamp::parse_rfc3339(&text).map_err(|e| e.to_string())?,
        _ => return Err("no timestamp".into()),
    };
    let level = match text(raw, "level") {
        Some(name) => Level::parse(&name).ok_or("an unknown level")?,
        None => Level::default(),
    };
    let user = get(raw, "user");
    let context = |key: &str| {
        let context = get(&get(raw, "contexts"), key);
        named(Some((text(&context, "name"), text(&context, "version"))))
    };
    Ok(EventHead {
        event_id,
        timestamp,
        level,
        user: readable_user(["email", "username", "id", "ip_address"].map(|k| text(&user, k))),
        url: text(&get(raw, "request"), "url"),
        release: text(raw, "release"),
        environment: text(raw, "environment"),
        browser: context("browser"),
        os: context("os"),
        tags: string_entries(&get(raw, "tags"))?,
    })
}

/// `object[key]`, undefined when `object` is not an object.
fn get(object: &JsValue, key: &str) -> JsValue {
    if object.is_object() {
        js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// An object's entries, every value a string; none when it is absent.
fn string_entries(object: &JsValue) -> Result<VecMap<String, String>, String> {
    let mut out = VecMap::default();
    if object.is_undefined() || object.is_null() {
        return Ok(out);
    }
    let object: &js_sys::Object = object.dyn_ref().ok_or("tags that are not an object")?;
    for entry in js_sys::Object::entries(object).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let (Some(key), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            return Err("a tag whose value is not a string".into());
        };
        out.insert(key, value);
    }
    Ok(out)
}

/// The event list's columns for `event`.
pub fn summary(event: &EventHead) -> EventSummary {
    EventSummary {
        id: event.event_id.to_string(),
        at: event.timestamp.0,
        user: event.user.clone(),
        release: event.release.clone(),
        url: event.url.clone(),
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
        let s = summary(&EventHead::from(&event));
        assert_eq!(s.user.as_deref(), Some("ann"));
        assert_eq!(s.at, 1500);
        assert_eq!(s.url, None);
    }

    /// The stored object as JS, and the head the whole event's decoder gives.
    fn both(json: serde_json::Value) -> (Result<EventHead, String>, EventHead) {
        let raw = js_sys::JSON::parse(&json.to_string()).unwrap();
        let event: Event = serde_json::from_value(json).unwrap();
        (read_head(&raw), EventHead::from(&event))
    }

    #[wasm_bindgen_test]
    fn the_head_read_field_by_field_is_what_the_whole_event_gives() {
        let (read, decoded) = both(serde_json::json!({
            "event_id": "0123456789abcdef0123456789abcdef",
            "timestamp": 1764236092.25,
            "level": "warning",
            "user": {"id": "42", "email": "", "username": "ann"},
            "request": {"url": "https://shop.example/cart", "method": "GET"},
            "release": "shop@1.4.2",
            "environment": "staging",
            "contexts": {"browser": {"name": "Chrome", "version": "156.0"}, "os": {"name": "Linux"}},
            "tags": {"plan": "pro", "region": "eu"},
            "exception": {"values": [{"type": "TypeError", "value": "x is null"}]},
            "breadcrumbs": {"values": [{"timestamp": 1764236091.0, "message": "click"}]},
        }));
        assert_eq!(read.unwrap(), decoded);
        assert_eq!(decoded.browser.as_deref(), Some("Chrome 156.0"));
        assert_eq!(decoded.os.as_deref(), Some("Linux"));
        assert_eq!(decoded.user.as_deref(), Some("ann"));
        assert_eq!(decoded.timestamp.0, 1_764_236_092_250);

        let (read, decoded) = both(serde_json::json!({
            "event_id": "0123456789abcdef0123456789abcdef",
            "timestamp": "2026-11-27T09:34:52.123Z",
        }));
        assert_eq!(
            read.unwrap(),
            decoded,
            "an RFC 3339 time, defaults for the rest"
        );
    }

    #[wasm_bindgen_test]
    fn a_head_that_cannot_be_read_says_why() {
        let read =
            |json: serde_json::Value| read_head(&js_sys::JSON::parse(&json.to_string()).unwrap());
        let id = "0123456789abcdef0123456789abcdef";
        assert!(
            read(serde_json::json!({"timestamp": 1.0})).is_err(),
            "no id"
        );
        assert!(read(serde_json::json!({"event_id": "xyz", "timestamp": 1.0})).is_err());
        assert!(
            read(serde_json::json!({"event_id": id})).is_err(),
            "no time"
        );
        assert!(
            read(serde_json::json!({"event_id": id, "timestamp": 1.0, "level": "loud"})).is_err()
        );
        let numeric_tag = serde_json::json!({"event_id": id, "timestamp": 1.0, "tags": {"n": 1}});
        assert!(read(numeric_tag).is_err());
        assert!(read_head(&JsValue::NULL).is_err());
    }

    #[wasm_bindgen_test]
    fn an_empty_event_has_only_its_own_facts() {
        let sections = context_sections(&Event::default());
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].title, "Event");
    }
}
