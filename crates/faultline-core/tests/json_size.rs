//! Sizes counted by hand (`truncate/size.rs`) against what serde_json writes.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use faultline_core::{truncate_event, Event};
use proptest::prelude::*;
use serde_json::{json, Value};

fn size(value: &impl serde::Serialize) -> usize {
    serde_json::to_string(value).unwrap().len()
}

/// Every field of every type in the event model set, with strings JSON must escape, floats,
/// negative numbers and empty containers.
fn every_field(text: &str, number: Value) -> Event {
    let data = json!({"s": text, "n": number, "neg": -12, "big": u64::MAX, "small": i64::MIN,
                      "e": [], "o": {}, "t": true, "x": null, "nested": [[text, number]]});
    serde_json::from_value(json!({
        "event_id": "d43e86c96e424a93a4fbda156dd17341",
        "timestamp": "2017-12-24T08:12:00.123Z",
        "platform": text, "level": "warning", "logger": text, "message": text,
        "logentry": {"message": text, "formatted": text, "params": [text, number], "o": data},
        "exception": {"values": [{
            "type": text, "value": text, "module": text, "o": data,
            "mechanism": {"type": text, "handled": false, "source": text, "exception_id": 7,
                          "parent_id": 0, "is_exception_group": true, "data": data},
            "stacktrace": {"frames": [
                {"function": text, "filename": text, "abs_path": text, "lineno": 4_000_000_000u32,
                 "colno": 0, "in_app": false, "module": text, "vars": data},
                {}
            ], "o": data}
        }, {}]},
        "breadcrumbs": {"values": [{
            "timestamp": 1.5, "type": text, "category": text, "level": "debug",
            "message": text, "data": data, "o": data
        }, {"timestamp": 0}]},
        "user": {"id": text, "email": text, "username": text, "ip_address": text, "o": data},
        "request": {"url": text, "method": text, "headers": {"A": text, "": ""}, "o": data},
        "release": text, "dist": text, "environment": text,
        "tags": {"a": text, "": text}, "contexts": {"c": data}, "extra": {"e": data},
        "fingerprint": [text, ""], "sdk": {"name": text, "version": text, "o": data},
        "o": data
    }))
    .unwrap()
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

#[test]
fn sizes_are_counted_as_serde_json_writes_them() {
    for text in [
        "",
        "plain",
        "q\"u\\o\u{1}\u{1f}\n\t\u{8}\u{c}\r\u{7f}",
        "é 𐍈",
    ] {
        for number in [
            json!(0),
            json!(-1),
            json!(u64::MAX),
            json!(2.5),
            json!(-1e-300),
        ] {
            let mut event = every_field(text, number);
            let report = truncate_event(&mut event);
            assert!(
                counted_right(report.size, &event),
                "{text:?} {}",
                report.size
            );
        }
    }
}

proptest! {
    #[test]
    fn any_text_and_number_is_counted(text in any::<String>(), number in any::<f64>()) {
        let number = serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number);
        let mut event = every_field(&text, number);
        let report = truncate_event(&mut event);
        prop_assert!(counted_right(report.size, &event));
    }

}
