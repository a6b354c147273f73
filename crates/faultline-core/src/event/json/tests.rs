//! The event encoder: exact text for a small event, and every field of a rich one read
//! back by serde as it was.

use serde_json::json;

use super::*;
use crate::{Breadcrumbs, Contexts, EventId, ExceptionList, Level, Timestamp, User};

fn check_seconds(ms: i64, expected: &str) {
    let mut out = String::new();
    push_seconds(&mut out, Timestamp(ms));
    assert_eq!(out, expected, "{ms} ms");
    let parsed: f64 = out.parse().unwrap();
    assert_eq!(parsed, ms as f64 / 1000.0, "{ms} ms parses to the division");
}

#[test]
fn timestamps_are_seconds_with_at_most_three_decimals() {
    check_seconds(0, "0");
    check_seconds(1_700_000_000_000, "1700000000");
    check_seconds(1_700_000_000_123, "1700000000.123");
    check_seconds(1_700_000_000_120, "1700000000.12");
    check_seconds(1_700_000_000_007, "1700000000.007");
    check_seconds(-1, "-0.001");
    check_seconds(-1_500, "-1.5");
}

#[test]
fn integers_are_written_in_full() {
    for n in [0, 7, 10, 4_294_967_295, u64::MAX] {
        let mut out = String::new();
        push_u64(&mut out, n);
        assert_eq!(out, n.to_string());
    }
}

#[test]
fn a_small_event_is_written_field_by_field_in_order() {
    let event = Event {
        event_id: EventId([0xab; 16]),
        timestamp: Timestamp(1_500),
        platform: "javascript".into(),
        level: Level::Warning,
        message: Some("say \"hi\"\n".into()),
        tags: [("k".to_string(), "v".to_string())].into_iter().collect(),
        ..Event::default()
    };
    assert_eq!(
        event_to_json(&event),
        concat!(
            r#"{"event_id":"abababababababababababababababab","timestamp":1.5,"#,
            r#""platform":"javascript","level":"warning","message":"say \"hi\"\n","#,
            r#""tags":{"k":"v"}}"#
        )
    );
}

fn rich_event() -> Event {
    let extra = json!({ "n": 1.25, "big": 12345678901234u64, "list": [null, true, "x"], "nested": { "a": -3 } });
    let Value::Object(extra) = extra else {
        unreachable!()
    };
    let frame = Frame {
        function: Some("send".into()),
        filename: Some("/app.js".into()),
        abs_path: Some("https://h/app.js".into()),
        lineno: Some(12),
        colno: Some(4_000_000_000),
        in_app: Some(true),
        module: Some("app".into()),
        other: [("instruction_addr".to_string(), json!("0x2a"))]
            .into_iter()
            .collect(),
    };
    Event {
        event_id: EventId([1; 16]),
        timestamp: Timestamp(1_700_000_000_123),
        platform: "javascript".into(),
        level: Level::Fatal,
        logger: Some("console".into()),
        message: Some("boom".into()),
        logentry: Some(LogEntry {
            message: Some("boom %s".into()),
            formatted: Some("boom".into()),
            params: Some(json!(["x", 2])),
            other: Default::default(),
        }),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".into()),
                value: Some("x is \u{1} null é".into()),
                module: None,
                mechanism: Some(Mechanism {
                    ty: "onerror".into(),
                    handled: Some(false),
                    source: Some("cause".into()),
                    exception_id: Some(1),
                    parent_id: Some(0),
                    is_exception_group: Some(true),
                    other: Default::default(),
                }),
                stacktrace: Some(Stacktrace {
                    frames: vec![frame, Frame::default()],
                    other: Default::default(),
                }),
                other: [("thread_id".to_string(), json!(3))].into_iter().collect(),
            }],
        }),
        breadcrumbs: Some(Breadcrumbs {
            values: vec![Breadcrumb {
                timestamp: Timestamp(1_699_999_999_001),
                ty: Some("http".into()),
                category: Some("fetch".into()),
                level: Some(Level::Info),
                message: Some("GET /".into()),
                data: [("status".to_string(), json!(200))].into_iter().collect(),
                other: Default::default(),
            }],
        }),
        user: Some(User {
            id: Some("42".into()),
            email: Some("a@b.c".into()),
            username: Some("ann".into()),
            ip_address: Some("1.2.3.4".into()),
            other: [("segment".to_string(), json!("pro"))]
                .into_iter()
                .collect(),
        }),
        request: Some(Request {
            url: Some("https://h/?q=1".into()),
            method: Some("GET".into()),
            headers: [("Accept".to_string(), "*/*".to_string())]
                .into_iter()
                .collect(),
            other: Default::default(),
        }),
        release: Some("shop@1.0".into()),
        dist: Some("7".into()),
        environment: Some("production".into()),
        tags: [("route".to_string(), "/checkout".to_string())]
            .into_iter()
            .collect(),
        contexts: Contexts(
            [(
                "browser".to_string(),
                json!({ "name": "Chrome", "version": "156" }),
            )]
            .into_iter()
            .collect(),
        ),
        extra: extra.into_iter().collect(),
        fingerprint: vec!["{{ default }}".into(), "checkout".into()],
        sdk: Some(Sdk {
            name: "faultline.javascript".into(),
            version: "0.1.0".into(),
            other: Default::default(),
        }),
        other: [("transaction".to_string(), json!("/checkout"))]
            .into_iter()
            .collect(),
    }
}

#[test]
fn whole_numbers_are_written_without_the_float_writer() {
    fn refuse(_: f64, out: &mut String) {
        out.push_str("FLOAT");
    }
    let mut event = Event::default();
    event
        .extra
        .insert("n".into(), json!([0, 7, -42, u64::MAX, 1.5]));
    let text = event_to_json_with(&event, refuse);
    assert!(
        text.contains(r#""extra":{"n":[0,7,-42,18446744073709551615,FLOAT]}"#),
        "{text}"
    );
}

#[test]
fn every_field_of_an_event_reads_back_as_it_was() {
    let event = rich_event();
    let text = event_to_json(&event);
    let back: Event = serde_json::from_str(&text).unwrap();
    assert_eq!(back, event, "{text}");
}

#[test]
fn breadcrumbs_and_frames_read_back_as_they_were() {
    let event = rich_event();
    let breadcrumb = &event.breadcrumbs.as_ref().unwrap().values[0];
    let back: Breadcrumb =
        serde_json::from_str(&breadcrumb_to_json(breadcrumb, rust_float_text)).unwrap();
    assert_eq!(&back, breadcrumb);
    let frames = &event.exception.as_ref().unwrap().values[0]
        .stacktrace
        .as_ref()
        .unwrap()
        .frames;
    let back: Vec<Frame> = serde_json::from_str(&frames_to_json(frames, rust_float_text)).unwrap();
    assert_eq!(&back, frames);
}
