//! Every part of an event has a limit, and the whole event stays under 1 MB.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use faultline_core::VecMap;

use faultline_core::{
    truncate_event, truncate_event_with, Breadcrumb, Breadcrumbs, Event, Exception, ExceptionList,
    Frame, Limits, LogEntry, Mechanism, Request, Stacktrace, User,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn size(value: &impl serde::Serialize) -> usize {
    serde_json::to_string(value).unwrap().len()
}

fn others(n: usize, value_bytes: usize) -> BTreeMap<String, Value> {
    (0..n)
        .map(|i| (format!("k{i:05}"), json!("v".repeat(value_bytes))))
        .collect()
}

#[test]
fn a_hundred_thousand_tags_keep_the_first_hundred_in_key_order() {
    let mut event = Event {
        tags: (0..100_000)
            .map(|i| (format!("tag{i:06}"), format!("value {i}")))
            .collect(),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert_eq!(event.tags.len(), 100);
    assert_eq!(event.tags.keys().last().unwrap(), "tag000099");
    assert_eq!(report.tags_dropped, 99_900);
    assert!(report.fits && !report.nothing_cut());
}

#[test]
fn tag_values_are_cut_to_200_bytes_and_tags_with_longer_keys_dropped() {
    let mut event = Event {
        tags: VecMap::from_iter([
            ("k".repeat(201), "dropped".into()),
            ("k".repeat(200), "x".repeat(500)),
            ("short".into(), "é".repeat(150)),
        ]),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert_eq!(event.tags.len(), 2);
    let value = &event.tags[&"k".repeat(200)];
    assert_eq!(value.len(), 200);
    assert!(value.starts_with("xxx") && value.ends_with('…'));
    assert!(event.tags["short"].len() <= 200);
    assert_eq!(report.tags_dropped, 1);
    assert_eq!(report.strings_cut, 2);
}

#[test]
fn fingerprints_keep_32_parts_of_at_most_256_bytes() {
    let mut event = Event {
        fingerprint: (0..40)
            .map(|i| format!("{i}-{}", "p".repeat(300)))
            .collect(),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert_eq!(event.fingerprint.len(), 32);
    assert!(event.fingerprint.iter().all(|p| p.len() == 256));
    assert!(event.fingerprint[31].starts_with("31-"));
    assert_eq!(report.fingerprint_parts_dropped, 8);
}

#[test]
fn user_fields_are_names_and_other_user_data_has_a_budget() {
    let mut event = Event {
        user: Some(User {
            id: Some("i".repeat(1000)),
            email: Some("e".repeat(1000)),
            username: Some("u".repeat(10)),
            ip_address: None,
            other: others(20, 1000),
        }),
        ..Event::default()
    };
    truncate_event(&mut event);
    let user = event.user.unwrap();
    assert_eq!(user.id.unwrap().len(), 256);
    assert_eq!(user.email.unwrap().len(), 256);
    assert_eq!(user.username.unwrap().len(), 10);
    assert!(size(&user.other) <= 8 * 1024);
    assert!(user.other.contains_key("k00000") && !user.other.contains_key("k00019"));
}

#[test]
fn request_headers_keep_100_of_2_kib_in_name_order_and_the_url_8_kib() {
    let mut headers: VecMap<String, String> = (0..200)
        .map(|i| (format!("X-H{i:03}"), "h".repeat(3000)))
        .collect();
    headers.insert("A".repeat(3000), "dropped".into());
    let mut event = Event {
        request: Some(Request {
            url: Some(format!("https://shop.test/?q={}", "q".repeat(10_000))),
            method: Some("M".repeat(300)),
            headers,
            other: others(3, 5000),
        }),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    let request = event.request.unwrap();
    assert_eq!(request.url.unwrap().len(), 8 * 1024);
    assert_eq!(request.method.unwrap().len(), 256);
    assert_eq!(request.headers.len(), 100);
    assert!(request.headers.contains_key("X-H000") && !request.headers.contains_key("X-H100"));
    assert!(request.headers.values().all(|v| v.len() == 2048));
    assert!(size(&request.other) <= 8 * 1024);
    assert_eq!(report.too_big, 101 + 2);
}

#[test]
fn each_context_fits_8_kib_and_all_contexts_64_kib() {
    let mut event = Event::default();
    for i in 0..20 {
        event.contexts.0.insert(
            format!("ctx{i:02}"),
            json!({"type": "app", "blob": "b".repeat(20_000), "n": i}),
        );
    }
    let report = truncate_event(&mut event);
    let contexts = &event.contexts.0;
    assert!(contexts.values().all(|c| size(c) <= 8 * 1024));
    assert_eq!(contexts["ctx00"]["type"], "app");
    assert!(size(contexts) <= 64 * 1024);
    assert!(contexts.len() >= 7 && contexts.len() < 20);
    assert!(report.too_big >= 20);
}

#[test]
fn extra_fits_256_kib_keeping_the_first_entries_and_cutting_the_one_that_overflows() {
    let mut event = Event {
        extra: (0..10)
            .map(|i| (format!("e{i}"), json!({"body": "x".repeat(50_000)})))
            .collect(),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert!(size(&event.extra) <= 256 * 1024);
    assert_eq!(event.extra.len(), 6);
    assert_eq!(event.extra["e0"], json!({"body": "x".repeat(50_000)}));
    let cut = event.extra["e5"]["body"].as_str().unwrap();
    assert!(cut.ends_with('…') && cut.len() < 50_000);
    assert_eq!(report.too_big, 5);
}

#[test]
fn breadcrumb_data_fits_2_kib_and_names_are_cut() {
    let crumb = Breadcrumb {
        category: Some("c".repeat(1000)),
        ty: Some("t".repeat(1000)),
        data: BTreeMap::from([
            ("arguments".into(), json!(["a".repeat(3000), {"n": 1}])),
            ("logger".into(), json!("console")),
        ]),
        ..Breadcrumb::default()
    };
    let mut event = Event {
        breadcrumbs: Some(Breadcrumbs {
            values: vec![crumb; 3],
        }),
        ..Event::default()
    };
    truncate_event(&mut event);
    for crumb in &event.breadcrumbs.unwrap().values {
        assert!(size(&crumb.data) <= 2048, "{}", size(&crumb.data));
        assert_eq!(crumb.category.as_ref().unwrap().len(), 256);
        assert_eq!(crumb.ty.as_ref().unwrap().len(), 256);
        let first = crumb.data["arguments"][0].as_str().unwrap();
        assert!(
            first.ends_with('…'),
            "the overflowing string is cut, not dropped"
        );
    }
}

#[test]
fn short_texts_are_cut_to_256_bytes() {
    let name = "n".repeat(1000);
    let mut event = Event {
        platform: name.clone(),
        release: Some(name.clone()),
        dist: Some(name.clone()),
        environment: Some(name.clone()),
        logger: Some(name.clone()),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some(name.clone()),
                module: Some(name.clone()),
                mechanism: Some(Mechanism {
                    ty: name.clone(),
                    ..Mechanism::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    };
    let report = truncate_event(&mut event);
    assert_eq!(report.strings_cut, 8);
    let x = event.primary_exception().unwrap();
    for text in [
        &event.platform,
        event.release.as_ref().unwrap(),
        event.dist.as_ref().unwrap(),
        event.environment.as_ref().unwrap(),
        event.logger.as_ref().unwrap(),
        x.ty.as_ref().unwrap(),
        x.module.as_ref().unwrap(),
        &x.mechanism.as_ref().unwrap().ty,
    ] {
        assert_eq!(text.len(), 256);
    }
}

#[test]
fn log_entries_frames_and_unmodelled_fields_have_budgets() {
    let frame = Frame {
        function: Some("f".repeat(20_000)),
        other: others(5, 5000),
        ..Frame::default()
    };
    let mut event = Event {
        logentry: Some(LogEntry {
            message: Some("m".repeat(20_000)),
            params: Some(json!(["p".repeat(20_000)])),
            other: others(5, 5000),
            ..LogEntry::default()
        }),
        exception: Some(ExceptionList {
            values: vec![Exception {
                stacktrace: Some(Stacktrace {
                    frames: vec![frame; 2],
                    other: others(5, 5000),
                }),
                other: others(5, 5000),
                ..Exception::default()
            }],
        }),
        other: others(100, 5000),
        ..Event::default()
    };
    truncate_event(&mut event);
    let entry = event.logentry.as_ref().unwrap();
    assert_eq!(entry.message.as_ref().unwrap().len(), 8 * 1024);
    assert!(size(&entry.params) <= 8 * 1024 && size(&entry.other) <= 8 * 1024);
    let x = event.primary_exception().unwrap();
    let stack = x.stacktrace.as_ref().unwrap();
    assert!(size(&x.other) <= 8 * 1024 && size(&stack.other) <= 8 * 1024);
    for frame in &stack.frames {
        assert_eq!(frame.function.as_ref().unwrap().len(), 8 * 1024);
        assert!(size(&frame.other) <= 8 * 1024);
    }
    assert!(size(&event.other) <= 64 * 1024);
}

#[test]
fn an_event_too_big_in_its_essentials_is_stripped_then_loses_its_stacks() {
    let frames: Vec<Frame> = (0..2)
        .map(|i| Frame {
            function: Some(format!("f{i}{}", "x".repeat(4000))),
            ..Frame::default()
        })
        .collect();
    let event = Event {
        message: Some("kept".into()),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("Error".into()),
                value: Some("boom".into()),
                stacktrace: Some(Stacktrace {
                    frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        request: Some(Request {
            url: Some("u".repeat(3000)),
            ..Request::default()
        }),
        ..Event::default()
    };
    let limits = |event_bytes| Limits {
        event_bytes,
        ..Limits::default()
    };
    let mut stripped = event.clone();
    let report = truncate_event_with(&mut stripped, &limits(9000));
    assert!(report.stripped && report.fits);
    assert!(stripped.request.is_none());
    assert_eq!(
        stripped.primary_exception().unwrap().stacktrace,
        event.primary_exception().unwrap().stacktrace
    );
    let mut bare = event;
    let report = truncate_event_with(&mut bare, &limits(1000));
    assert!(report.fits && report.frames_dropped == 2);
    let x = bare.primary_exception().unwrap();
    assert_eq!(
        (x.ty.as_deref(), x.value.as_deref()),
        (Some("Error"), Some("boom"))
    );
    assert_eq!(bare.message.as_deref(), Some("kept"));
}

/// How many floats `value` holds.
fn floats(value: &Value) -> usize {
    match value {
        Value::Number(n) => usize::from(n.is_f64()),
        Value::Array(items) => items.iter().map(floats).sum(),
        Value::Object(fields) => fields.values().map(floats).sum(),
        _ => 0,
    }
}

/// Whether `report_size` is the size of `event`: exact, but each float may count up to its
/// longest form, 24 bytes.
fn counted_right(report_size: usize, event: &Event) -> bool {
    let real = size(event);
    let floats = floats(&serde_json::to_value(event).unwrap());
    report_size >= real && report_size <= real + 24 * floats && (floats > 0 || report_size == real)
}

/// An event as large as each part allows, scaled by `n`, with text that JSON escapes
/// (`\u0001` takes six bytes) and multi-byte characters.
fn huge_event(n: usize, text: &str) -> Event {
    let t = |len: usize| text.repeat(len / text.len().max(1) + 1);
    let frame = Frame {
        function: Some(t(n * 10)),
        abs_path: Some(t(n * 10)),
        other: others(2, n * 5),
        ..Frame::default()
    };
    let exception = Exception {
        ty: Some(t(n)),
        value: Some(t(n * 100)),
        stacktrace: Some(Stacktrace {
            frames: vec![frame; n / 4 + 3],
            other: others(3, n),
        }),
        other: others(3, n * 10),
        ..Exception::default()
    };
    let crumb = Breadcrumb {
        message: Some(t(n * 10)),
        data: BTreeMap::from([("arguments".into(), json!([t(n * 10), {"x": t(n)}]))]),
        ..Breadcrumb::default()
    };
    let mut event = Event {
        message: Some(t(n * 100)),
        exception: Some(ExceptionList {
            values: vec![exception; 7],
        }),
        breadcrumbs: Some(Breadcrumbs {
            values: vec![crumb; n / 2 + 1],
        }),
        tags: (0..n * 5)
            .map(|i| (format!("t{i}{}", t(n)), t(n)))
            .collect(),
        extra: (0..n)
            .map(|i| (format!("e{i}"), json!([t(n * 10)])))
            .collect(),
        user: Some(User {
            id: Some(t(n * 10)),
            other: others(n, n),
            ..User::default()
        }),
        other: others(n, n * 10),
        fingerprint: vec![t(n * 10); n],
        ..Event::default()
    };
    for i in 0..n {
        event
            .contexts
            .0
            .insert(format!("c{i}"), json!({"v": t(n * 20)}));
    }
    event
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn every_event_fits_under_a_megabyte_and_truncating_again_cuts_nothing(
        n in 0usize..250,
        text in prop::sample::select(vec!["a", "é", "\u{1}", "\"\\", "x\u{10348}"]),
    ) {
        let mut event = huge_event(n, text);
        let report = truncate_event(&mut event);
        prop_assert!(report.fits);
        prop_assert!(counted_right(report.size, &event));
        prop_assert!(size(&event) <= 1_000_000);
        let again = truncate_event(&mut event.clone());
        prop_assert!(again.nothing_cut(), "{:?}", again);
    }
}
