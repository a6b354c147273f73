//! Events read from a JSON value field by field: exactly what core's serde shapes
//! (`Deserialize for Event`) accept and make of it, without serde's generated code. The
//! viewer reads each event it shows through this; serde's derived decoders for the whole
//! event model, and `serde_json`'s parser, cost it about 30 KB gzip of wasm. Host tests
//! check that both readings agree, on valid events and on invalid ones.

use serde_json::{Map, Value};

use super::{
    Breadcrumb, Breadcrumbs, Contexts, Event, Exception, ExceptionList, Frame, Level, LogEntry,
    Mechanism, Other, Request, Sdk, Stacktrace, User,
};
use crate::{EventId, Timestamp, VecMap};

type Fields = Map<String, Value>;
type Read<T> = Result<T, String>;

/// The event `value` holds, as `serde_json::from_value::<Event>` reads it; why not, else.
pub fn event_from_value(value: Value) -> Read<Event> {
    let mut f = object(value, "an event")?;
    super::logentry::normalize_message(&mut f);
    let event_id = match f.remove("event_id") {
        Some(Value::String(s)) => EventId::parse(&s).map_err(|e| e.to_string())?,
        Some(other) => return Err(wrong("event_id", "a string", &other)),
        None => return Err(missing("event_id")),
    };
    let timestamp = timestamp(f.remove("timestamp").ok_or_else(|| missing("timestamp"))?)?;
    Ok(Event {
        event_id,
        timestamp,
        platform: or_default(&mut f, "platform", string)?.unwrap_or_else(|| "javascript".into()),
        level: or_default(&mut f, "level", level)?.unwrap_or_default(),
        logger: optional(&mut f, "logger", string)?,
        message: optional(&mut f, "message", string)?,
        logentry: optional(&mut f, "logentry", logentry)?,
        exception: optional(&mut f, "exception", |v| {
            let mut f = object(v, "exception")?;
            let values = list(required(&mut f, "values")?, exception)?;
            Ok(ExceptionList { values })
        })?,
        breadcrumbs: optional(&mut f, "breadcrumbs", |v| {
            let mut f = object(v, "breadcrumbs")?;
            let values = list(required(&mut f, "values")?, breadcrumb)?;
            Ok(Breadcrumbs { values })
        })?,
        user: optional(&mut f, "user", user)?,
        request: optional(&mut f, "request", request)?,
        release: optional(&mut f, "release", string)?,
        dist: optional(&mut f, "dist", string)?,
        environment: optional(&mut f, "environment", string)?,
        tags: or_default(&mut f, "tags", strings)?.unwrap_or_default(),
        contexts: Contexts(or_default(&mut f, "contexts", values)?.unwrap_or_default()),
        extra: or_default(&mut f, "extra", values)?.unwrap_or_default(),
        fingerprint: or_default(&mut f, "fingerprint", |v| list(v, string))?.unwrap_or_default(),
        sdk: optional(&mut f, "sdk", sdk)?,
        other: rest(f),
    })
}

/// A log entry (`logentry`, or `message` in its object shape).
pub(super) fn logentry(v: Value) -> Read<LogEntry> {
    let mut f = object(v, "logentry")?;
    Ok(LogEntry {
        message: optional(&mut f, "message", string)?,
        formatted: optional(&mut f, "formatted", string)?,
        params: optional(&mut f, "params", Ok)?,
        other: rest(f),
    })
}

fn exception(v: Value) -> Read<Exception> {
    let mut f = object(v, "an exception")?;
    Ok(Exception {
        ty: optional(&mut f, "type", string)?,
        value: optional(&mut f, "value", string)?,
        module: optional(&mut f, "module", string)?,
        mechanism: optional(&mut f, "mechanism", mechanism)?,
        stacktrace: optional(&mut f, "stacktrace", |v| {
            let mut f = object(v, "stacktrace")?;
            Ok(Stacktrace {
                frames: or_default(&mut f, "frames", |v| list(v, frame))?.unwrap_or_default(),
                other: rest(f),
            })
        })?,
        other: rest(f),
    })
}

fn mechanism(v: Value) -> Read<Mechanism> {
    let mut f = object(v, "mechanism")?;
    Ok(Mechanism {
        ty: or_default(&mut f, "type", string)?.unwrap_or_else(|| "generic".into()),
        handled: optional(&mut f, "handled", boolean)?,
        source: optional(&mut f, "source", string)?,
        exception_id: optional(&mut f, "exception_id", unsigned)?,
        parent_id: optional(&mut f, "parent_id", unsigned)?,
        is_exception_group: optional(&mut f, "is_exception_group", boolean)?,
        other: rest(f),
    })
}

fn frame(v: Value) -> Read<Frame> {
    let mut f = object(v, "a frame")?;
    let line = |v: Value| {
        let n = unsigned(v)?;
        u32::try_from(n).map_err(|_| format!("{n} is out of range for a line or column"))
    };
    Ok(Frame {
        function: optional(&mut f, "function", string)?,
        filename: optional(&mut f, "filename", string)?,
        abs_path: optional(&mut f, "abs_path", string)?,
        lineno: optional(&mut f, "lineno", line)?,
        colno: optional(&mut f, "colno", line)?,
        in_app: optional(&mut f, "in_app", boolean)?,
        module: optional(&mut f, "module", string)?,
        other: rest(f),
    })
}

fn breadcrumb(v: Value) -> Read<Breadcrumb> {
    let mut f = object(v, "a breadcrumb")?;
    Ok(Breadcrumb {
        timestamp: timestamp(required(&mut f, "timestamp")?)?,
        ty: optional(&mut f, "type", string)?,
        category: optional(&mut f, "category", string)?,
        level: optional(&mut f, "level", level)?,
        message: optional(&mut f, "message", string)?,
        data: or_default(&mut f, "data", values)?.unwrap_or_default(),
        other: rest(f),
    })
}

fn user(v: Value) -> Read<User> {
    let mut f = object(v, "user")?;
    Ok(User {
        id: optional(&mut f, "id", string)?,
        email: optional(&mut f, "email", string)?,
        username: optional(&mut f, "username", string)?,
        ip_address: optional(&mut f, "ip_address", string)?,
        other: rest(f),
    })
}

fn request(v: Value) -> Read<Request> {
    let mut f = object(v, "request")?;
    Ok(Request {
        url: optional(&mut f, "url", string)?,
        method: optional(&mut f, "method", string)?,
        headers: or_default(&mut f, "headers", strings)?.unwrap_or_default(),
        other: rest(f),
    })
}

fn sdk(v: Value) -> Read<Sdk> {
    let mut f = object(v, "sdk")?;
    Ok(Sdk {
        name: string(required(&mut f, "name")?)?,
        version: string(required(&mut f, "version")?)?,
        other: rest(f),
    })
}

/// A level's name, or one of its aliases (`log`, `warn`, `critical`).
fn level(v: Value) -> Read<Level> {
    Ok(match string(v)?.as_str() {
        "debug" => Level::Debug,
        "info" | "log" => Level::Info,
        "warning" | "warn" => Level::Warning,
        "error" => Level::Error,
        "fatal" | "critical" => Level::Fatal,
        other => return Err(format!("unknown level `{other}`")),
    })
}

/// Seconds since the epoch (whole or not), or an RFC 3339 string.
fn timestamp(v: Value) -> Read<Timestamp> {
    match v {
        Value::String(s) => Timestamp::parse_rfc3339(&s).map_err(|e| e.to_string()),
        Value::Number(n) => Ok(if let Some(u) = n.as_u64() {
            Timestamp::from_secs_u64(u)
        } else if let Some(i) = n.as_i64() {
            Timestamp::from_secs(i)
        } else {
            Timestamp::from_secs_f64(n.as_f64().unwrap_or(0.0))
        }),
        other => Err(wrong("a timestamp", "a string or a number", &other)),
    }
}

fn object(v: Value, what: &str) -> Read<Fields> {
    match v {
        Value::Object(f) => Ok(f),
        other => Err(wrong(what, "an object", &other)),
    }
}

fn string(v: Value) -> Read<String> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(wrong("a field", "a string", &other)),
    }
}

fn boolean(v: Value) -> Read<bool> {
    v.as_bool().ok_or_else(|| wrong("a field", "a boolean", &v))
}

fn unsigned(v: Value) -> Read<u64> {
    v.as_u64()
        .ok_or_else(|| wrong("a field", "a whole number", &v))
}

fn list<T>(v: Value, item: impl Fn(Value) -> Read<T>) -> Read<Vec<T>> {
    match v {
        Value::Array(items) => items.into_iter().map(item).collect(),
        other => Err(wrong("a list", "an array", &other)),
    }
}

/// An object of strings (tags, headers).
fn strings(v: Value) -> Read<VecMap<String, String>> {
    object(v, "a map of strings")?
        .into_iter()
        .map(|(k, v)| Ok((k, string(v)?)))
        .collect()
}

/// An object of any values (contexts, extra, data).
fn values(v: Value) -> Read<Other> {
    Ok(object(v, "a map")?.into_iter().collect())
}

/// The fields not read: the struct's `other`.
fn rest(f: Fields) -> Other {
    f.into_iter().collect()
}

/// A field that may be absent or null (`None`).
fn optional<T>(f: &mut Fields, key: &str, read: impl FnOnce(Value) -> Read<T>) -> Read<Option<T>> {
    match f.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => read(v).map(Some).map_err(|e| format!("{key}: {e}")),
    }
}

/// A field with a default when absent (`None` here); present, it must read (null too).
fn or_default<T>(
    f: &mut Fields,
    key: &str,
    read: impl FnOnce(Value) -> Read<T>,
) -> Read<Option<T>> {
    match f.remove(key) {
        None => Ok(None),
        Some(v) => read(v).map(Some).map_err(|e| format!("{key}: {e}")),
    }
}

fn required(f: &mut Fields, key: &str) -> Read<Value> {
    f.remove(key).ok_or_else(|| missing(key))
}

fn missing(key: &str) -> String {
    format!("missing field `{key}`")
}

fn wrong(what: &str, expected: &str, got: &Value) -> String {
    let kind = match got {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    format!("{what} must be {expected}, not {kind}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Both readings of `value`: this module's and serde's.
    fn both(value: Value) -> (Read<Event>, Result<Event, serde_json::Error>) {
        (
            event_from_value(value.clone()),
            serde_json::from_value(value),
        )
    }

    /// Both read `value`, to the same event.
    fn agree(value: Value) {
        match both(value.clone()) {
            (Ok(read), Ok(serde)) => assert_eq!(read, serde, "{value}"),
            (read, serde) => panic!("{value}: read {read:?}, serde {serde:?}"),
        }
    }

    const ID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_full_event_reads_as_serde_reads_it() {
        let event = json!({
            "event_id": ID, "timestamp": 1795780800.25, "platform": "javascript",
            "level": "warning", "logger": "app", "release": "shop@1.2", "dist": "7",
            "environment": "production", "server_name": "edge-1", "transaction": "/cart",
            "exception": {"values": [
                {"type": "Error", "value": "cause", "mechanism": {"type": "chained",
                    "source": "cause", "exception_id": 1, "parent_id": 0, "handled": true}},
                {"type": "TypeError", "value": "x is undefined", "module": "m",
                 "mechanism": {"type": "onerror", "handled": false, "is_exception_group": false,
                    "synthetic": true, "data": {"k": 1}},
                 "stacktrace": {"frames": [
                    {"function": "a", "filename": "/a.js", "abs_path": "https://x/a.js",
                     "lineno": 3, "colno": 7, "in_app": true, "module": "a",
                     "pre_context": ["x"], "context_line": "y", "vars": {"z": null}},
                    {"function": "<anonymous>", "lineno": 0}
                 ], "registers": {"pc": "0x1"}}, "thread_id": 4}
            ]},
            "breadcrumbs": {"values": [
                {"timestamp": 1795780799, "type": "http", "category": "fetch", "level": "log",
                 "message": "GET /api", "data": {"status_code": 200, "url": "/api"},
                 "event_id": null},
                {"timestamp": "2026-11-17T10:00:00.5Z", "category": "console", "level": "warn"}
            ]},
            "user": {"id": "42", "email": "a@b.c", "username": "ann", "ip_address": "{{auto}}",
                     "segment": "pro", "geo": {"city": "Oslo"}},
            "request": {"url": "https://x/cart", "method": "GET",
                        "headers": {"User-Agent": "UA", "Referer": "https://x/"},
                        "query_string": "a=1", "cookies": "s=1"},
            "tags": {"plan": "pro", "locale": "en"},
            "contexts": {"browser": {"name": "Chrome", "version": "156.0"},
                         "os": {"name": "macOS"}, "app": {"build": 7, "flags": [1, "a", null]}},
            "extra": {"cart": {"items": 0, "coupon": "SPRING"}, "n": -3, "f": 0.5},
            "fingerprint": ["{{ default }}", "checkout"],
            "sdk": {"name": "faultline.javascript", "version": "0.1.0",
                    "integrations": ["a"], "packages": [{"name": "npm:faultline"}]},
            "modules": {"react": "19"}, "nested": {"deep": [[{"x": 1}]]}
        });
        let (read, serde) = both(event);
        let (read, serde) = (read.expect("read"), serde.expect("serde"));
        assert_eq!(read, serde);
        // Something to compare: the fields that flatten into `other` were kept.
        assert!(read.other.contains_key("server_name") && read.other.contains_key("modules"));
        assert_eq!(read.level, Level::Warning);
    }

    #[test]
    fn defaults_message_shapes_and_timestamps_read_as_serde_reads_them() {
        for event in [
            json!({"event_id": ID, "timestamp": 1}),
            json!({"event_id": ID, "timestamp": -1}),
            json!({"event_id": ID, "timestamp": 0.5, "message": "plain"}),
            json!({"event_id": ID, "timestamp": "2026-11-17T10:00:00Z",
                   "message": {"message": "hi %s", "params": ["you"]}}),
            json!({"event_id": ID, "timestamp": 1, "message": {"formatted": "done"},
                   "logentry": {"message": "kept"}}),
            json!({"event_id": ID, "timestamp": 1, "logentry": {"message": "only %s",
                   "params": [1], "extra_key": true}}),
            json!({"event_id": ID, "timestamp": 1, "message": 42}),
            json!({"event_id": ID, "timestamp": 1, "message": null, "logger": null,
                   "user": null, "exception": null}),
            json!({"event_id": ID, "timestamp": 1, "level": "critical"}),
            json!({"event_id": ID, "timestamp": 1, "level": "debug", "platform": "native"}),
            json!({"event_id": ID, "timestamp": 1, "exception": {"values": [
                {"mechanism": {}}, {"stacktrace": {}}]}}),
            json!({"event_id": ID, "timestamp": 1, "breadcrumbs": {"values": []}}),
        ] {
            agree(event);
        }
    }

    #[test]
    fn invalid_events_fail_where_serde_fails() {
        for event in [
            json!([]),
            json!({"timestamp": 1}),
            json!({"event_id": ID}),
            json!({"event_id": "xyz", "timestamp": 1}),
            json!({"event_id": ID, "timestamp": true}),
            json!({"event_id": ID, "timestamp": "yesterday"}),
            json!({"event_id": ID, "timestamp": 1, "level": "loud"}),
            json!({"event_id": ID, "timestamp": 1, "level": null}),
            json!({"event_id": ID, "timestamp": 1, "tags": {"n": 1}}),
            json!({"event_id": ID, "timestamp": 1, "tags": null}),
            json!({"event_id": ID, "timestamp": 1, "fingerprint": "one"}),
            json!({"event_id": ID, "timestamp": 1, "release": 2}),
            json!({"event_id": ID, "timestamp": 1, "exception": {}}),
            json!({"event_id": ID, "timestamp": 1, "exception": {"values": [
                {"stacktrace": {"frames": [{"lineno": -1}]}}]}}),
            json!({"event_id": ID, "timestamp": 1, "exception": {"values": [
                {"stacktrace": {"frames": [{"lineno": 1.5}]}}]}}),
            json!({"event_id": ID, "timestamp": 1, "exception": {"values": [
                {"stacktrace": {"frames": [{"colno": 4294967296_u64}]}}]}}),
            json!({"event_id": ID, "timestamp": 1, "exception": {"values": [
                {"mechanism": {"type": null}}]}}),
            json!({"event_id": ID, "timestamp": 1, "breadcrumbs": {"values": [{}]}}),
            json!({"event_id": ID, "timestamp": 1, "sdk": {"name": "x"}}),
            json!({"event_id": ID, "timestamp": 1, "user": {"id": 7}}),
            json!({"event_id": ID, "timestamp": 1, "request": {"headers": {"a": 1}}}),
            json!({"event_id": ID, "timestamp": 1, "contexts": []}),
        ] {
            let (read, serde) = both(event.clone());
            assert!(serde.is_err(), "serde read {event}");
            assert!(read.is_err(), "read {event}: {read:?}");
        }
    }
}
