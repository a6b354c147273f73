//! The event model's wire format: exact JSON for each type, and round trips.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use faultline_core::{
    Breadcrumb, Breadcrumbs, BrowserContext, Contexts, Event, EventId, Exception, ExceptionList,
    Frame, Level, LinkedError, LogEntry, Mechanism, OsContext, Request, RuntimeContext, Sdk,
    Stacktrace, Timestamp, User,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const ID: &str = "d43e86c96e424a93a4fbda156dd17341";
/// 2017-12-24T08:12:00.000Z
const AT: Timestamp = Timestamp(1_514_103_120_000);

fn event_id() -> EventId {
    EventId::parse(ID).unwrap()
}

fn event() -> Event {
    Event {
        event_id: event_id(),
        timestamp: AT,
        platform: "javascript".into(),
        ..Event::default()
    }
}

/// `value` serializes to exactly `expected`, and `expected` deserializes back to `value`.
fn check<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T, expected: Value) {
    assert_eq!(serde_json::to_value(value).unwrap(), expected);
    assert_eq!(&serde_json::from_value::<T>(expected).unwrap(), value);
}

/// `json` deserializes and serializes back to the same JSON.
fn assert_survives_round_trip<T: Serialize + DeserializeOwned>(json: Value) {
    let parsed: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), json);
}

mod event {
    use super::*;

    #[test]
    fn minimal_event_has_id_time_platform_and_level_in_order() {
        assert_eq!(
            serde_json::to_string(&event()).unwrap(),
            "{\"event_id\":\"d43e86c96e424a93a4fbda156dd17341\",\
             \"timestamp\":\"2017-12-24T08:12:00.000Z\",\"platform\":\"javascript\",\
             \"level\":\"error\"}"
        );
    }

    #[test]
    fn release_dist_environment_logger_and_fingerprint() {
        let e = Event {
            level: Level::Warning,
            logger: Some("app".into()),
            release: Some("shop@1.2.0".into()),
            dist: Some("42".into()),
            environment: Some("production".into()),
            fingerprint: vec!["{{ default }}".into(), "checkout".into()],
            ..event()
        };
        check(
            &e,
            json!({
                "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
                "platform": "javascript", "level": "warning", "logger": "app",
                "release": "shop@1.2.0", "dist": "42", "environment": "production",
                "fingerprint": ["{{ default }}", "checkout"]
            }),
        );
    }

    #[test]
    fn tags_extra_and_sdk() {
        let e = Event {
            tags: [("page".into(), "cart".into())].into_iter().collect(),
            extra: BTreeMap::from([("items".into(), json!([1, 2]))]),
            sdk: Some(Sdk {
                name: "faultline.javascript".into(),
                version: "0.1.0".into(),
                ..Sdk::default()
            }),
            ..event()
        };
        check(
            &e,
            json!({
                "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
                "platform": "javascript", "level": "error",
                "tags": {"page": "cart"}, "extra": {"items": [1, 2]},
                "sdk": {"name": "faultline.javascript", "version": "0.1.0"}
            }),
        );
    }

    #[test]
    fn missing_platform_and_level_take_defaults() {
        let e: Event =
            serde_json::from_value(json!({"event_id": ID, "timestamp": 1514103120})).unwrap();
        assert_eq!(e, event());
    }

    #[test]
    fn numeric_timestamps_are_read_as_seconds_and_written_as_rfc3339() {
        let e: Event =
            serde_json::from_value(json!({"event_id": ID, "timestamp": 1514103120.5})).unwrap();
        assert_eq!(e.timestamp, Timestamp(1_514_103_120_500));
        assert_eq!(
            serde_json::to_value(&e).unwrap()["timestamp"],
            json!("2017-12-24T08:12:00.500Z")
        );
    }

    #[test]
    fn event_without_id_is_rejected() {
        assert!(serde_json::from_value::<Event>(json!({"timestamp": 1})).is_err());
    }

    #[test]
    fn unknown_fields_survive_at_every_level() {
        assert_survives_round_trip::<Event>(json!({
            "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
            "platform": "javascript", "level": "error",
            "transaction": "/checkout", "server_name": "edge-1",
            "exception": {"values": [{
                "type": "TypeError", "value": "x", "thread_id": 1,
                "mechanism": {"type": "onerror", "handled": false, "synthetic": true,
                              "data": {"k": "v"}},
                "stacktrace": {"frames_omitted": [2, 5], "frames": [{
                    "function": "f", "lineno": 1, "instruction_addr": "0x2a",
                    "context_line": "f()", "vars": {"a": 1}
                }]}
            }]},
            "breadcrumbs": {"values": [{"timestamp": "2017-12-24T08:12:00.000Z",
                                        "origin": "auto", "event_id": "abc"}]},
            "user": {"id": "1", "geo": {"city": "Oslo"}, "segment": "paid"},
            "request": {"url": "https://a.test/", "query_string": "q=1", "data": {"x": 1}},
            "sdk": {"name": "n", "version": "1", "integrations": ["LinkedErrors"]},
            "contexts": {"trace": {"trace_id": "t"}, "browser": {"name": "Chrome", "x": 1}},
            "message": "m", "logentry": {"message": "m", "extra_field": true}
        }));
    }
}

mod message {
    use super::*;

    #[test]
    fn string_message_round_trips() {
        let e = Event {
            message: Some("Checkout failed".into()),
            level: Level::Info,
            ..event()
        };
        check(
            &e,
            json!({
                "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
                "platform": "javascript", "level": "info", "message": "Checkout failed"
            }),
        );
    }

    #[test]
    fn object_message_becomes_text_plus_logentry() {
        let e: Event = serde_json::from_value(json!({
            "event_id": ID, "timestamp": 1514103120,
            "message": {"message": "cart %s failed", "params": ["c1"]}
        }))
        .unwrap();
        assert_eq!(e.message.as_deref(), Some("cart c1 failed"));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({
                "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
                "platform": "javascript", "level": "error", "message": "cart c1 failed",
                "logentry": {"message": "cart %s failed", "params": ["c1"]}
            })
        );
    }

    #[test]
    fn object_message_with_formatted_uses_it() {
        let e: Event = serde_json::from_value(json!({
            "event_id": ID, "timestamp": 1514103120,
            "message": {"formatted": "done", "message": "%s", "params": ["x"]}
        }))
        .unwrap();
        assert_eq!(e.message.as_deref(), Some("done"));
    }

    #[test]
    fn logentry_alone_fills_message_and_is_stable_after_one_trip() {
        let json = json!({
            "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
            "platform": "javascript", "level": "error",
            "logentry": {"message": "hello %s", "params": ["world"]}
        });
        let e: Event = serde_json::from_value(json).unwrap();
        assert_eq!(e.message.as_deref(), Some("hello world"));
        let again: Event = serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(again, e);
    }

    #[test]
    fn logentry_exact_json() {
        check(
            &LogEntry {
                message: Some("a %s".into()),
                params: Some(json!(["b"])),
                ..LogEntry::default()
            },
            json!({"message": "a %s", "params": ["b"]}),
        );
    }
}

mod exception {
    use super::*;

    fn frame() -> Frame {
        Frame {
            function: Some("send_welcome".into()),
            filename: Some("/demo/app.js".into()),
            abs_path: Some("http://localhost/demo/app.js".into()),
            lineno: Some(12),
            colno: Some(17),
            in_app: Some(true),
            ..Frame::default()
        }
    }

    #[test]
    fn frame_exact_json() {
        check(
            &frame(),
            json!({
                "function": "send_welcome", "filename": "/demo/app.js",
                "abs_path": "http://localhost/demo/app.js", "lineno": 12, "colno": 17,
                "in_app": true
            }),
        );
        check(
            &Frame {
                module: Some("app::mail".into()),
                ..Frame::default()
            },
            json!({"module": "app::mail"}),
        );
    }

    #[test]
    fn exception_with_mechanism_and_stacktrace_exact_string() {
        let exc = Exception {
            ty: Some("TypeError".into()),
            value: Some("x is null".into()),
            module: Some("app".into()),
            mechanism: Some(Mechanism {
                ty: "onerror".into(),
                handled: Some(false),
                ..Mechanism::default()
            }),
            stacktrace: Some(Stacktrace {
                frames: vec![frame()],
                ..Stacktrace::default()
            }),
            ..Exception::default()
        };
        assert_eq!(
            serde_json::to_string(&exc).unwrap(),
            "{\"type\":\"TypeError\",\"value\":\"x is null\",\"module\":\"app\",\
             \"mechanism\":{\"type\":\"onerror\",\"handled\":false},\
             \"stacktrace\":{\"frames\":[{\"function\":\"send_welcome\",\
             \"filename\":\"/demo/app.js\",\"abs_path\":\"http://localhost/demo/app.js\",\
             \"lineno\":12,\"colno\":17,\"in_app\":true}]}}"
        );
        check(&exc, serde_json::to_value(&exc).unwrap());
    }

    #[test]
    fn mechanism_without_type_reads_as_generic() {
        let m: Mechanism = serde_json::from_value(json!({"handled": true})).unwrap();
        assert_eq!(m.ty, "generic");
    }

    #[test]
    fn linked_chain_exact_json() {
        let error = |ty: &str, value: &str| Exception {
            ty: Some(ty.into()),
            value: Some(value.into()),
            ..Exception::default()
        };
        let list = ExceptionList::from_linked(LinkedError {
            exception: error("AggregateError", "all failed"),
            cause: Some(Box::new(LinkedError {
                exception: error("Error", "root"),
                ..LinkedError::default()
            })),
            errors: vec![LinkedError {
                exception: error("TypeError", "one"),
                ..LinkedError::default()
            }],
        });
        check(
            &list,
            json!({"values": [
                {"type": "TypeError", "value": "one", "mechanism": {
                    "type": "chained", "source": "errors[0]", "exception_id": 2,
                    "parent_id": 0}},
                {"type": "Error", "value": "root", "mechanism": {
                    "type": "chained", "source": "cause", "exception_id": 1,
                    "parent_id": 0}},
                {"type": "AggregateError", "value": "all failed", "mechanism": {
                    "type": "generic", "exception_id": 0, "is_exception_group": true}}
            ]}),
        );
    }
}

mod breadcrumbs {
    use super::*;

    #[test]
    fn breadcrumbs_exact_json() {
        let crumbs = Breadcrumbs {
            values: vec![
                Breadcrumb {
                    timestamp: AT,
                    category: Some("ui.click".into()),
                    message: Some("button#buy".into()),
                    ..Breadcrumb::default()
                },
                Breadcrumb {
                    timestamp: AT,
                    ty: Some("http".into()),
                    category: Some("fetch".into()),
                    level: Some(Level::Warning),
                    data: BTreeMap::from([
                        ("method".into(), json!("GET")),
                        ("status_code".into(), json!(500)),
                        ("url".into(), json!("/api/cart")),
                    ]),
                    ..Breadcrumb::default()
                },
            ],
        };
        assert_eq!(
            serde_json::to_string(&crumbs).unwrap(),
            "{\"values\":[{\"timestamp\":\"2017-12-24T08:12:00.000Z\",\
             \"category\":\"ui.click\",\"message\":\"button#buy\"},\
             {\"timestamp\":\"2017-12-24T08:12:00.000Z\",\"type\":\"http\",\
             \"category\":\"fetch\",\"level\":\"warning\",\"data\":{\"method\":\"GET\",\
             \"status_code\":500,\"url\":\"/api/cart\"}}]}"
        );
        check(&crumbs, serde_json::to_value(&crumbs).unwrap());
    }

    #[test]
    fn console_log_level_reads_as_info() {
        let b: Breadcrumb =
            serde_json::from_value(json!({"timestamp": 1, "level": "log"})).unwrap();
        assert_eq!(b.level, Some(Level::Info));
    }
}

mod user_request_contexts {
    use super::*;

    #[test]
    fn user_exact_json() {
        check(
            &User {
                id: Some("42".into()),
                email: Some("ann@example.invalid".into()),
                username: Some("ann".into()),
                ip_address: Some("{{auto}}".into()),
                ..User::default()
            },
            json!({"id": "42", "email": "ann@example.invalid", "username": "ann",
                   "ip_address": "{{auto}}"}),
        );
        check(&User::default(), json!({}));
    }

    #[test]
    fn request_exact_json() {
        check(
            &Request {
                url: Some("https://shop.test/cart?step=2".into()),
                method: Some("GET".into()),
                headers: [("User-Agent".into(), "Mozilla/5.0".into())]
                    .into_iter()
                    .collect(),
                ..Request::default()
            },
            json!({"url": "https://shop.test/cart?step=2", "method": "GET",
                   "headers": {"User-Agent": "Mozilla/5.0"}}),
        );
    }

    #[test]
    fn contexts_exact_json() {
        let mut contexts = Contexts::default();
        contexts.insert(&BrowserContext {
            name: Some("Chrome".into()),
            version: Some("156.0".into()),
            ..BrowserContext::default()
        });
        contexts.insert(&OsContext {
            name: Some("Linux".into()),
            ..OsContext::default()
        });
        contexts.insert(&RuntimeContext {
            name: Some("wasm".into()),
            ..RuntimeContext::default()
        });
        contexts.0.insert("app".into(), json!({"screen": "cart"}));
        check(
            &Event {
                contexts,
                ..event()
            },
            json!({
                "event_id": ID, "timestamp": "2017-12-24T08:12:00.000Z",
                "platform": "javascript", "level": "error",
                "contexts": {
                    "app": {"screen": "cart"},
                    "browser": {"name": "Chrome", "version": "156.0"},
                    "os": {"name": "Linux"},
                    "runtime": {"name": "wasm"}
                }
            }),
        );
    }

    #[test]
    fn sdk_exact_json() {
        check(
            &Sdk {
                name: "faultline.rust".into(),
                version: "0.1.0".into(),
                ..Sdk::default()
            },
            json!({"name": "faultline.rust", "version": "0.1.0"}),
        );
    }
}
