//! Scrubbing a whole event: what is filtered, what is kept.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use faultline_core::{scrub_event, Event, ScrubOptions};
use serde_json::{json, Value};

/// Scrubs the event `input` with `options`; returns the result as JSON and the count.
fn scrubbed(input: Value, options: &ScrubOptions) -> (Value, usize) {
    let mut event: Event = serde_json::from_value(input).unwrap();
    let count = scrub_event(&mut event, options);
    (serde_json::to_value(&event).unwrap(), count)
}

fn base(extra: Value) -> Value {
    let mut event = json!({
        "event_id": "d43e86c96e424a93a4fbda156dd17341",
        "timestamp": "2017-12-24T08:12:00.000Z",
        "platform": "javascript", "level": "error"
    });
    event
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    event
}

#[test]
fn secrets_are_filtered_across_the_whole_event() {
    let input = base(json!({
        "message": "login failed for password=hunter2",
        "exception": {"values": [{
            "type": "Error",
            "value": "charge 4111 1111 1111 1111 failed",
            "mechanism": {"type": "onerror", "data": {"apiKey": "k1"}},
            "stacktrace": {"frames": [{
                "abs_path": "https://cdn.test/app.js?token=t1",
                "filename": "/app.js",
                "vars": {"session": {"id": 1}, "count": 2}
            }]}
        }]},
        "breadcrumbs": {"values": [{
            "timestamp": "2017-12-24T08:12:00.000Z",
            "category": "fetch",
            "message": "GET /api?q=shoes&auth_code=c1",
            "data": {"url": "/api?q=shoes&auth_code=c1", "headers": {"Authorization": "Basic x"}}
        }]},
        "user": {"id": "42", "email": "ann@example.invalid", "ip_address": "{{auto}}",
                 "data": {"secret_answer": "blue"}},
        "request": {
            "url": "https://shop.test/reset?email=a&reset_token=r1",
            "headers": {"Cookie": "sid=1", "User-Agent": "Mozilla/5.0",
                        "Referer": "https://shop.test/?password=p"},
            "cookies": "sid=1",
            "query_string": "page=2&token=t2"
        },
        "tags": {"session_id": "s1", "page": "checkout"},
        "contexts": {"app": {"credentials": ["a"], "mode": "Bearer abc.def"}},
        "extra": {"Password": 1234, "enabled_auth": true, "note": null, "items": [1, 2]},
        "release": "token=1.0", "fingerprint": ["password=x"]
    }));
    let (out, count) = scrubbed(input, &ScrubOptions::default());
    let expected = base(json!({
        "message": "login failed for password=[Filtered]",
        "exception": {"values": [{
            "type": "Error",
            "value": "charge [Filtered] failed",
            "mechanism": {"type": "onerror", "data": {"apiKey": "[Filtered]"}},
            "stacktrace": {"frames": [{
                "abs_path": "https://cdn.test/app.js?token=[Filtered]",
                "filename": "/app.js",
                "vars": {"session": "[Filtered]", "count": 2}
            }]}
        }]},
        "breadcrumbs": {"values": [{
            "timestamp": "2017-12-24T08:12:00.000Z",
            "category": "fetch",
            "message": "GET /api?q=shoes&auth_code=[Filtered]",
            "data": {"url": "/api?q=shoes&auth_code=[Filtered]",
                     "headers": {"Authorization": "[Filtered]"}}
        }]},
        "user": {"id": "42", "email": "ann@example.invalid",
                 "data": {"secret_answer": "[Filtered]"}},
        "request": {
            "url": "https://shop.test/reset?email=a&reset_token=[Filtered]",
            // Without sendDefaultPii the cookies go whole.
            "headers": {"User-Agent": "Mozilla/5.0",
                        "Referer": "https://shop.test/?password=[Filtered]"},
            "query_string": "page=2&token=[Filtered]"
        },
        "tags": {"session_id": "[Filtered]", "page": "checkout"},
        "contexts": {"app": {"credentials": "[Filtered]", "mode": "Bearer [Filtered]"}},
        "extra": {"Password": "[Filtered]", "enabled_auth": true, "note": null, "items": [1, 2]},
        "release": "token=1.0", "fingerprint": ["password=x"]
    }));
    assert_eq!(out, expected);
    assert_eq!(count, 19);
}

#[test]
fn send_default_pii_keeps_the_ip_address() {
    let input = base(json!({"user": {"id": "1", "ip_address": "10.0.0.1"}}));
    let with_pii = ScrubOptions {
        send_default_pii: true,
        ..ScrubOptions::default()
    };
    let (out, count) = scrubbed(input.clone(), &with_pii);
    assert_eq!(out, input);
    assert_eq!(count, 0);
    let (out, count) = scrubbed(input, &ScrubOptions::default());
    assert_eq!(out["user"], json!({"id": "1"}));
    assert_eq!(count, 1);
}

#[test]
fn extra_sensitive_keys_are_honoured() {
    let options = ScrubOptions {
        extra_sensitive_keys: vec!["iban".into()],
        ..ScrubOptions::default()
    };
    let (out, _) = scrubbed(base(json!({"extra": {"IBAN": "DE89"}})), &options);
    assert_eq!(out["extra"], json!({"IBAN": "[Filtered]"}));
}

#[test]
fn scrubbing_twice_changes_nothing_more() {
    let input = base(json!({
        "message": "Bearer abc", "extra": {"token": "x"}, "tags": {"auth": "y"}
    }));
    let (once, count) = scrubbed(input, &ScrubOptions::default());
    assert_eq!(count, 3);
    let (twice, count) = scrubbed(once.clone(), &ScrubOptions::default());
    assert_eq!((twice, count), (once, 0));
}
