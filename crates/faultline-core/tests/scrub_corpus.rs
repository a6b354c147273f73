//! The scrubbing corpus: each pattern of secret in free text, the text it must not leave
//! behind wherever an event carries text, and what is deliberately kept.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use faultline_core::{console_message, scrub_event, scrub_text, title_of, Event, ScrubOptions};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A secret in free text: the pattern, a text that carries it, the secret, and the text
/// scrubbed.
struct Leak {
    pattern: &'static str,
    input: &'static str,
    secret: &'static str,
    output: &'static str,
}

const LEAKS: &[Leak] = &[
    Leak {
        pattern: "query parameter pwd",
        input: "GET /login?user=ann&pwd=hunter2&next=/ failed",
        secret: "hunter2",
        output: "GET /login?user=ann&pwd=[Filtered]&next=/ failed",
    },
    Leak {
        pattern: "query parameter passphrase",
        input: "/unlock?passphrase=open%20sesame",
        secret: "sesame",
        output: "/unlock?passphrase=[Filtered]",
    },
    Leak {
        pattern: "query parameter jwt",
        input: "redirect to /cb?jwt=aGVsbG8.d29ybGQ.c2ln&state=1",
        secret: "aGVsbG8",
        output: "redirect to /cb?jwt=[Filtered]&state=1",
    },
    Leak {
        pattern: "query parameter session",
        input: "https://shop.test/app?session=S3SS10N-ID#top",
        secret: "S3SS10N",
        output: "https://shop.test/app?session=[Filtered]#top",
    },
    Leak {
        pattern: "query parameter api_key",
        input: "fetch https://api.test/v1/rates?api_key=AKIA5EXAMPLE failed",
        secret: "AKIA5EXAMPLE",
        output: "fetch https://api.test/v1/rates?api_key=[Filtered] failed",
    },
    Leak {
        pattern: "query parameter access_token (in a URL fragment too)",
        input: "/#access_token=ya29.T0K3N&expires_in=3600",
        secret: "ya29.T0K3N",
        output: "/#access_token=[Filtered]&expires_in=3600",
    },
    Leak {
        pattern: "passwd= in a log line",
        input: "connect host=db passwd=pa55w0rd user=app",
        secret: "pa55w0rd",
        output: "connect host=db passwd=[Filtered] user=app",
    },
    Leak {
        pattern: "secret= in a log line",
        input: "oauth client_secret=cs_live_51Hx grant=code",
        secret: "cs_live_51Hx",
        output: "oauth client_secret=[Filtered] grant=code",
    },
    Leak {
        pattern: "JSON in text",
        input: r#"POST /login failed: {"user":"ann","password":"hunter2"}"#,
        secret: "hunter2",
        output: r#"POST /login failed: {"user":"ann","password":"[Filtered]"}"#,
    },
    Leak {
        pattern: "JSON in text, spaced, value with spaces",
        input: r#"{ "password" : "correct horse battery", "remember": true }"#,
        secret: "horse",
        output: r#"{ "password" : "[Filtered]", "remember": true }"#,
    },
    Leak {
        pattern: "JSON escaped inside a JSON string",
        input: r#"body: "{\"token\":\"t0k3n-abc\",\"n\":1}""#,
        secret: "t0k3n-abc",
        output: r#"body: "{\"token\":\"[Filtered]\",\"n\":1}""#,
    },
    Leak {
        pattern: "JSON object under a sensitive key",
        input: r#"{"credentials": {"user": "ann", "pass": "p4ss"}, "ok": false}"#,
        secret: "p4ss",
        output: r#"{"credentials": [Filtered], "ok": false}"#,
    },
    Leak {
        pattern: "object literal with single quotes",
        input: "{'pwd': 'hunter2', 'user': 'ann'}",
        secret: "hunter2",
        output: "{'pwd': '[Filtered]', 'user': 'ann'}",
    },
    Leak {
        pattern: "password: in prose",
        input: "login failed, password: hunter2 (retry 2)",
        secret: "hunter2",
        output: "login failed, password: [Filtered] (retry 2)",
    },
    Leak {
        pattern: "a console object printed as text",
        input: "saving {note: x, password: letmein}",
        secret: "letmein",
        output: "saving {note: x, password: [Filtered]}",
    },
    Leak {
        pattern: "session: with an id",
        input: "cache miss for session:9f8e7d6c",
        secret: "9f8e7d6c",
        output: "cache miss for session:[Filtered]",
    },
    Leak {
        pattern: "Authorization: Basic",
        input: "401 with Authorization: Basic dXNlcjpodW50ZXIy\nHost: api.test",
        secret: "dXNlcjpodW50ZXIy",
        output: "401 with Authorization: Basic [Filtered]\nHost: api.test",
    },
    Leak {
        pattern: "authorization=basic, lowercase",
        input: "headers authorization=basic Zm9vOmJhcg== accept=json",
        secret: "Zm9vOmJhcg",
        output: "headers authorization=basic [Filtered] accept=json",
    },
    Leak {
        pattern: "Authorization: Bearer",
        input: "Authorization: Bearer abc.DEF-123_x",
        secret: "abc.DEF-123_x",
        output: "Authorization: Bearer [Filtered]",
    },
    Leak {
        pattern: "Bearer in prose",
        input: "retrying with bearer 8f14e45fceea167a5a36",
        secret: "8f14e45fceea167a5a36",
        output: "retrying with bearer [Filtered]",
    },
    Leak {
        pattern: "X-Api-Key header",
        input: "X-Api-Key: k_live_9Zt request denied",
        secret: "k_live_9Zt",
        output: "X-Api-Key: [Filtered] request denied",
    },
    Leak {
        pattern: "Cookie header",
        input: "Cookie: sid=s3cr3t; theme=dark",
        secret: "s3cr3t",
        output: "Cookie: [Filtered]; theme=dark",
    },
    Leak {
        pattern: "a JSON web token anywhere",
        input: "rejected eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl as expired",
        secret: "eyJzdWIiOiIxIn0",
        output: "rejected [Filtered] as expired",
    },
    Leak {
        pattern: "private_key=",
        input: "deploy private_key=MIIEvQIBADANBg end",
        secret: "MIIEvQIBADANBg",
        output: "deploy private_key=[Filtered] end",
    },
    Leak {
        pattern: "URL password",
        input: "cannot reach postgres://app:s3cret@db:5432/shop",
        secret: "s3cret",
        output: "cannot reach postgres://app:[Filtered]@db:5432/shop",
    },
    Leak {
        pattern: "card number",
        input: "charge 4242 4242 4242 4242 declined",
        secret: "4242 4242",
        output: "charge [Filtered] declined",
    },
];

/// Text that stays as it is, and why.
const KEPT: &[(&str, &str)] = &[
    (
        "prose that names a secret without a value",
        "Session expired, please sign in again",
    ),
    ("prose", "Invalid password for this account"),
    ("prose", "Token refresh failed after 3 attempts"),
    (
        "prose after a prose word and a colon",
        "Could not refresh token: Network request failed",
    ),
    (
        "a property name in an engine's message",
        "TypeError: Cannot read properties of undefined (reading 'token')",
    ),
    (
        "an error name before a colon",
        "TokenExpiredError: jwt expired",
    ),
    (
        "file names and hosts before a colon",
        "at login (https://auth-service:8080/auth.js:10:5)",
    ),
    ("a comparison", "assert session==expected"),
    ("a path", "auth::login failed"),
    (
        "no secret in null or booleans",
        r#"{"token":null,"auth":false}"#,
    ),
    (
        "email addresses and ids in prose (the app's to keep or drop)",
        "user 42 (ann@example.com) could not pay order 1234-5678",
    ),
    (
        "timestamps and ids",
        "at 1733318400000, request 550e8400-e29b-41d4",
    ),
    ("the word basic", "basic plan: 3 seats"),
];

#[test]
fn each_pattern_is_filtered_in_text() {
    for leak in LEAKS {
        let out = scrub_text(leak.input);
        assert_eq!(out, leak.output, "{}", leak.pattern);
        assert!(!out.contains(leak.secret), "{}: {out}", leak.pattern);
        assert_eq!(scrub_text(&out), out, "{}: idempotent", leak.pattern);
    }
}

/// An event carrying `text` everywhere an event carries text: message, log entry,
/// exception value (the issue title), breadcrumb message and data, tags, extra, contexts.
fn event_with_text(text: &str) -> Event {
    serde_json::from_value(json!({
        "event_id": "d43e86c96e424a93a4fbda156dd17341",
        "timestamp": "2017-12-24T08:12:00.000Z",
        "message": text,
        "logentry": {"formatted": text, "params": [text]},
        "exception": {"values": [{"type": "Error", "value": text}]},
        "breadcrumbs": {"values": [{
            "timestamp": "2017-12-24T08:12:00.000Z",
            "category": "console",
            "message": text,
            "data": {"logger": "console", "arguments": [text, {"note": text}]}
        }]},
        "tags": {"note": text},
        "extra": {"response": {"body": text}},
        "contexts": {"app": {"last_log": text}}
    }))
    .unwrap()
}

#[test]
fn each_pattern_leaves_no_secret_anywhere_in_an_event_or_its_title() {
    for leak in LEAKS {
        let mut event = event_with_text(leak.input);
        let count = scrub_event(&mut event, &ScrubOptions::default());
        let json = serde_json::to_string(&event).unwrap();
        assert!(!json.contains(leak.secret), "{}: {json}", leak.pattern);
        assert!(!title_of(&event).contains(leak.secret), "{}", leak.pattern);
        assert_eq!(title_of(&event), format!("Error: {}", leak.output));
        assert!(count >= 10, "{}: {count} replacements", leak.pattern);
    }
}

#[test]
fn kept_text_is_left_as_it_is() {
    for (why, text) in KEPT {
        assert_eq!(scrub_text(text), *text, "{why}");
        let mut event = event_with_text(text);
        let before = event.clone();
        assert_eq!(
            scrub_event(&mut event, &ScrubOptions::default()),
            0,
            "{why}"
        );
        assert_eq!(event, before, "{why}");
    }
}

#[test]
fn the_user_the_app_set_is_kept_and_the_ip_address_dropped() {
    let mut event: Event = serde_json::from_value(json!({
        "event_id": "d43e86c96e424a93a4fbda156dd17341", "timestamp": 0,
        "user": {"id": "42", "username": "ann", "email": "ann@example.com",
                 "ip_address": "10.1.2.3", "name": "Ann Lee"}
    }))
    .unwrap();
    scrub_event(&mut event, &ScrubOptions::default());
    assert_eq!(
        serde_json::to_value(&event.user).unwrap(),
        json!({"id": "42", "username": "ann", "email": "ann@example.com", "name": "Ann Lee"})
    );
}

#[test]
fn console_arguments_are_scrubbed_by_key_before_they_become_text() {
    let arguments = [
        json!("saving"),
        json!({"note": "x", "password": "hunter2", "nested": {"apiKey": 12345}}),
    ];
    let message = console_message(&arguments, &[], &|n| n.to_string());
    assert_eq!(
        message,
        "saving {nested: {apiKey: [Filtered]}, note: x, password: [Filtered]}"
    );
    let mut event = event_with_text("x");
    if let Some(crumbs) = &mut event.breadcrumbs {
        crumbs.values[0].message = Some(message);
        crumbs.values[0]
            .data
            .insert("arguments".into(), Value::from(arguments.to_vec()));
    }
    scrub_event(&mut event, &ScrubOptions::default());
    let json = serde_json::to_string(&event).unwrap();
    assert!(
        !json.contains("hunter2") && !json.contains("12345"),
        "{json}"
    );
}

#[test]
fn pathological_text_is_scrubbed_in_one_pass() {
    // Quadratic work would take minutes on these; linear work takes milliseconds.
    for unit in [
        "password=[",
        "token:{\n",
        "password=\"",
        "eyJa.",
        "Bearer ",
        "a://b:c",
        "4111 ",
    ] {
        let text = unit.repeat(200_000 / unit.len());
        let once = scrub_text(&text);
        assert_eq!(scrub_text(&once), once, "{unit}");
    }
}

/// Pieces of every pattern above, so generated text gets deep into every scanner.
const FRAGMENTS: [&str; 30] = [
    "password",
    "Token",
    "session",
    "auth",
    "Error",
    "=",
    ":",
    ": ",
    "==",
    "::",
    "\"",
    "'",
    "\\\"",
    "{",
    "}",
    "[",
    "]",
    "&",
    ",",
    " ",
    "\n",
    "Basic ",
    "Bearer ",
    "eyJ",
    ".",
    "://",
    "@",
    "4111 1111 1111 1111",
    "[Filtered]",
    "null",
];

fn secret_like() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(&FRAGMENTS[..]).prop_map(str::to_string);
    let noise = "[a-z0-9é/_-]{0,6}";
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop_oneof![fragment, noise], 0..40).prop_map(|p| p.concat()),
    ]
}

fn data_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        secret_like().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("(password|note|token|x|auth_ok)", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn scrubbing_text_is_total_and_idempotent(text in secret_like()) {
        let once = scrub_text(&text);
        prop_assert_eq!(scrub_text(&once), once);
    }

    #[test]
    fn scrubbing_an_event_is_total_and_idempotent(text in secret_like(), data in data_value()) {
        let mut event = event_with_text(&text);
        event.extra.insert("data".into(), data.clone());
        if let Some(crumbs) = &mut event.breadcrumbs {
            crumbs.values[0].data.insert("arguments".into(), data);
        }
        scrub_event(&mut event, &ScrubOptions::default());
        let once = event.clone();
        prop_assert_eq!(scrub_event(&mut event, &ScrubOptions::default()), 0);
        prop_assert_eq!(event, once);
    }

    #[test]
    fn console_text_is_total_and_its_scrubbing_idempotent(
        arguments in prop::collection::vec(data_value(), 0..6)
    ) {
        let text = scrub_text(&console_message(&arguments, &[], &|n| n.to_string()));
        prop_assert_eq!(scrub_text(&text), text);
    }
}
