//! Truncation limits over whole events.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use faultline_core::{
    truncate_event, truncate_event_with, truncate_str, Breadcrumb, Breadcrumbs, Event, Exception,
    ExceptionList, Frame, Limits, Stacktrace, Timestamp, TruncationReport,
};
use serde_json::{json, Value};

fn crumb(i: i64, message: &str) -> Breadcrumb {
    Breadcrumb {
        timestamp: Timestamp(i),
        message: Some(message.to_string()),
        ..Breadcrumb::default()
    }
}

fn frames(n: usize, padding: usize) -> Vec<Frame> {
    (0..n)
        .map(|i| Frame {
            function: Some(format!("f{i}_{}", "x".repeat(padding))),
            lineno: Some(i as u32),
            ..Frame::default()
        })
        .collect()
}

fn thrown(frames: Vec<Frame>) -> ExceptionList {
    ExceptionList {
        values: vec![Exception {
            ty: Some("Error".into()),
            stacktrace: Some(Stacktrace {
                frames,
                ..Stacktrace::default()
            }),
            ..Exception::default()
        }],
    }
}

fn size(event: &Event) -> usize {
    serde_json::to_string(event).unwrap().len()
}

#[test]
fn strings_are_cut_on_char_boundaries_with_an_ellipsis() {
    let mut s = "é".repeat(10);
    assert!(truncate_str(&mut s, 8));
    assert_eq!(s, "éé…");
    let mut short = "abc".to_string();
    assert!(!truncate_str(&mut short, 3));
    let mut tiny = "abcdef".to_string();
    assert!(truncate_str(&mut tiny, 2));
    assert_eq!(tiny, "ab");
}

#[test]
fn message_value_and_breadcrumb_message_limits() {
    let mut event = Event {
        message: Some("m".repeat(10_000)),
        exception: Some(ExceptionList {
            values: vec![Exception {
                value: Some("v".repeat(8 * 1024)),
                ..Exception::default()
            }],
        }),
        breadcrumbs: Some(Breadcrumbs {
            values: vec![crumb(0, &"b".repeat(3000))],
        }),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert_eq!(report.strings_cut, 2);
    let message = event.message.as_deref().unwrap();
    assert_eq!(message.len(), 8 * 1024);
    assert!(message.ends_with("m…"));
    assert_eq!(
        event
            .primary_exception()
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .len(),
        8192
    );
    let crumb = event.breadcrumbs.as_ref().unwrap().values[0]
        .message
        .as_ref()
        .unwrap();
    assert_eq!(crumb.len(), 2048);
    assert!(report.fits);
}

#[test]
fn only_the_newest_hundred_breadcrumbs_are_kept() {
    let mut event = Event {
        breadcrumbs: Some(Breadcrumbs {
            values: (0..150).map(|i| crumb(i, "x")).collect(),
        }),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    let values = &event.breadcrumbs.as_ref().unwrap().values;
    assert_eq!(values.len(), 100);
    assert_eq!(values[0].timestamp, Timestamp(50));
    assert_eq!(report.breadcrumbs_dropped, 50);
}

#[test]
fn deep_data_is_replaced_at_the_fourth_level() {
    let mut event = Event {
        extra: BTreeMap::from([(
            "a".to_string(),
            json!({"b": {"c": {"d": 1}, "list": [[1]], "n": 2}}),
        )]),
        ..Event::default()
    };
    event
        .contexts
        .0
        .insert("app".into(), json!({"screen": {"deep": {"x": 1}}}));
    let report = truncate_event(&mut event);
    assert_eq!(
        event.extra["a"],
        json!({"b": {"c": "[Object]", "list": "[Array]", "n": 2}})
    );
    assert_eq!(
        event.contexts.0["app"],
        json!({"screen": {"deep": "[Object]"}})
    );
    assert_eq!(report.too_deep, 3);
}

#[test]
fn broad_data_keeps_a_thousand_entries_with_a_marker() {
    let big_object: serde_json::Map<String, Value> =
        (0..1500).map(|i| (format!("k{i:04}"), json!(i))).collect();
    let mut data = BTreeMap::new();
    data.insert("list".to_string(), json!((0..1200).collect::<Vec<_>>()));
    data.insert("object".to_string(), Value::Object(big_object));
    let mut event = Event {
        breadcrumbs: Some(Breadcrumbs {
            values: vec![Breadcrumb {
                data,
                ..Breadcrumb::default()
            }],
        }),
        extra: (0..1001).map(|i| (format!("e{i:04}"), json!(i))).collect(),
        ..Event::default()
    };
    // Breadth alone: a byte budget that does not cut first.
    let breadth_only = Limits {
        breadcrumb_data_bytes: 100_000,
        ..Limits::default()
    };
    let report = truncate_event_with(&mut event, &breadth_only);
    let data = &event.breadcrumbs.as_ref().unwrap().values[0].data;
    let list = data["list"].as_array().unwrap();
    assert_eq!(list.len(), 1000);
    assert_eq!(list[999], json!("[MaxProperties ~]"));
    let object = data["object"].as_object().unwrap();
    assert_eq!(object.len(), 1000);
    assert_eq!(object["..."], json!("[MaxProperties ~]"));
    assert!(object.contains_key("k0998") && !object.contains_key("k0999"));
    assert_eq!(event.extra.len(), 1000);
    assert_eq!(report.too_broad, 201 + 501 + 2);
}

#[test]
fn exception_chains_keep_five_links() {
    let mut event = Event {
        exception: Some(ExceptionList {
            values: vec![Exception::default(); 9],
        }),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert_eq!(event.exception.unwrap().values.len(), 6);
    assert_eq!(report.linked_errors_dropped, 3);
}

fn limits(event_bytes: usize) -> Limits {
    Limits {
        event_bytes,
        ..Limits::default()
    }
}

#[test]
fn oversized_events_lose_oldest_breadcrumbs_first() {
    let mut event = Event {
        breadcrumbs: Some(Breadcrumbs {
            values: (0..10).map(|i| crumb(i, &"c".repeat(100))).collect(),
        }),
        exception: Some(thrown(frames(10, 50))),
        ..Event::default()
    };
    let budget = size(&event) - 250;
    let report = truncate_event_with(&mut event, &limits(budget));
    assert_eq!(report.breadcrumbs_dropped, 2);
    assert_eq!(
        event.breadcrumbs.as_ref().unwrap().values[0].timestamp,
        Timestamp(2)
    );
    assert_eq!(report.frames_dropped, 0);
    assert!(report.fits && report.size <= budget);
    assert_eq!(report.size, size(&event));
}

#[test]
fn then_frames_from_the_middle_with_frames_omitted() {
    let mut event = Event {
        breadcrumbs: Some(Breadcrumbs {
            values: vec![crumb(0, "c")],
        }),
        exception: Some(thrown(frames(10, 50))),
        extra: BTreeMap::from([("k".to_string(), json!("v"))]),
        ..Event::default()
    };
    let budget = size(&event) - 200;
    let report = truncate_event_with(&mut event, &limits(budget));
    assert_eq!(report.breadcrumbs_dropped, 1);
    assert!(event.breadcrumbs.is_none());
    let stack = event
        .primary_exception()
        .unwrap()
        .stacktrace
        .as_ref()
        .unwrap();
    let lines: Vec<u32> = stack.frames.iter().map(|f| f.lineno.unwrap()).collect();
    assert_eq!(lines, [0, 1, 2, 3, 6, 7, 8, 9]);
    assert_eq!(stack.other["frames_omitted"], json!([4, 6]));
    assert_eq!(report.frames_dropped, 2);
    assert!(report.extra_dropped.is_empty());
    assert!(report.fits);
}

#[test]
fn extra_entries_of_equal_size_go_in_key_order_after_larger_ones() {
    let mut event = Event {
        exception: Some(thrown(frames(2, 10))),
        extra: BTreeMap::from([
            ("b".to_string(), json!("x".repeat(300))),
            ("a".to_string(), json!("y".repeat(300))),
            ("c".to_string(), json!("z".repeat(400))),
            ("d".to_string(), json!("s")),
        ]),
        ..Event::default()
    };
    let budget = size(&event) - 500;
    let report = truncate_event_with(&mut event, &limits(budget));
    assert_eq!(report.extra_dropped, ["c", "a"]);
    assert!(event.extra.contains_key("b") && event.extra.contains_key("d"));
    assert!(report.fits);
}

#[test]
fn then_extra_largest_first_and_reports_when_it_cannot_fit() {
    let mut event = Event {
        exception: Some(thrown(frames(2, 10))),
        extra: BTreeMap::from([
            ("big".to_string(), json!("b".repeat(500))),
            ("small".to_string(), json!("s")),
        ]),
        ..Event::default()
    };
    let budget = size(&event) - 100;
    let report = truncate_event_with(&mut event, &limits(budget));
    assert_eq!(report.extra_dropped, ["big"]);
    assert_eq!(report.frames_dropped, 0);
    assert!(report.fits);

    let mut hopeless = Event {
        message: Some("m".repeat(500)),
        ..Event::default()
    };
    let report = truncate_event_with(&mut hopeless, &limits(100));
    assert!(!report.fits);
    assert_eq!(report.size, size(&hopeless));
}

#[test]
fn small_events_are_left_alone() {
    let mut event = Event {
        message: Some("hello".into()),
        breadcrumbs: Some(Breadcrumbs {
            values: vec![crumb(1, "click")],
        }),
        ..Event::default()
    };
    let before = event.clone();
    let report = truncate_event(&mut event);
    assert!(report.nothing_cut());
    assert_eq!(
        report,
        TruncationReport {
            size: size(&before),
            fits: true,
            ..TruncationReport::default()
        }
    );
    assert_eq!(event, before);
}
