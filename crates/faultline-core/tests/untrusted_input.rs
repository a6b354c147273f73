//! Property tests: every parser of untrusted input is total (never panics) on any input.

use faultline_core::{parse_chunk, scrub_text, truncate_str, update_chunk, Event};
use faultline_core::{
    parse_rate_limits, parse_retry_after, DataCategory, Dsn, Query, RateLimits, ResponseInfo,
    SendPolicy, Timestamp,
};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Strings built from the characters each format is made of, so generated inputs get past
/// the first checks, mixed with arbitrary text.
fn dsn_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(https?|ftp)?(://)?[a-z0-9:@\\[\\]/.?#-]{0,40}",
        "https://[a-f0-9]{0,8}(:[a-z]{0,3})?@[a-z.\\[\\]:0-9]{0,15}(:[0-9]{0,6})?(/[a-z0-9]{0,4}){0,3}/?",
    ]
}

fn rate_limit_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "([0-9]{0,25}(:[a-z_;]{0,20}){0,5}, ?){0,5}",
    ]
}

fn retry_after_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 -]{0,25}",
        "(Mon|Sun|Xyz), [0-9]{2} (Jan|Feb|Nov|Abc) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
    ]
}

/// Text shaped like a search index chunk: lengths, digits, separators, anything.
fn chunk_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "([0-9]{1,3}[:,~-]|[a-z~]|[0-9]{1,4}:[a-zé,:~]{0,6}){0,40}",
        any::<String>(),
    ]
}

fn query_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(!?(is|level|release|user|user\\.id|firstSeen|lastSeen|sort|x)?:?\"?[a-z0-9+<>=:.\\\\ -]{0,12}\"? ?){0,6}",
    ]
}

fn secret_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "((Bearer|bearer|token|auth|x|://|@|:|=|&|\\?|[2-6][0-9 -]{0,20}|é|\\[Filtered\\]| ){0,12})",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[%sdioOj% a-z]{0,12}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("(message|formatted|params|x)", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_message_shape_reads_without_panic_and_is_stable(
        message in json_value(),
        logentry in proptest::option::of(json_value()),
    ) {
        let mut input = json!({
            "event_id": "d43e86c96e424a93a4fbda156dd17341", "timestamp": 0, "message": message
        });
        if let Some(entry) = logentry {
            input["logentry"] = entry;
        }
        if let Ok(event) = serde_json::from_value::<Event>(input) {
            let again: Event =
                serde_json::from_value(serde_json::to_value(&event).unwrap()).unwrap();
            prop_assert_eq!(again, event);
        }
    }

    #[test]
    fn truncated_strings_fit_and_keep_a_prefix(text in any::<String>(), max in 0usize..64) {
        let mut cut = text.clone();
        let was_cut = truncate_str(&mut cut, max);
        prop_assert!(cut.len() <= max.max(text.len().min(max)));
        prop_assert_eq!(was_cut, text.len() > max);
        let kept = cut.strip_suffix('…').filter(|_| was_cut).unwrap_or(&cut);
        prop_assert!(text.starts_with(kept));
    }

    #[test]
    fn scrubbing_text_never_panics_and_is_idempotent(text in secret_like()) {
        let once = scrub_text(&text);
        prop_assert_eq!(scrub_text(&once), once);
    }

    #[test]
    fn query_parsers_never_panic_and_agree_on_valid_input(text in query_like()) {
        let (lenient, notes) = Query::parse_lenient(&text);
        prop_assert!(notes.iter().all(|n| n.position <= text.len()));
        match Query::parse(&text) {
            Ok(strict) => {
                prop_assert_eq!(strict, lenient);
                prop_assert!(notes.is_empty());
            }
            Err(error) => {
                prop_assert!(error.position <= text.len());
                prop_assert_eq!(notes.first(), Some(&error));
            }
        }
    }

    #[test]
    fn dsn_parser_never_panics_and_what_it_accepts_prints_back(s in dsn_like()) {
        if let Ok(dsn) = Dsn::parse(&s) {
            prop_assert_eq!(Dsn::parse(&dsn.to_string()), Ok(dsn.clone()));
            let url = dsn.envelope_url("faultline.javascript", "0.1.0");
            prop_assert!(url.contains("/envelope/?sentry_key="));
        }
    }

    #[test]
    fn rate_limit_header_parser_never_panics(header in rate_limit_like(), now in any::<i64>()) {
        let limits = parse_rate_limits(&header);
        prop_assert!(limits.iter().all(|l| l.retry_after_ms >= 0));
        let mut state = RateLimits::new();
        state.update(
            &ResponseInfo { status: Some(429), retry_after: None, rate_limits: Some(&header) },
            Timestamp(now),
        );
        let _ = state.is_limited(DataCategory::Error, Timestamp(now));
    }

    #[test]
    fn retry_after_parser_never_panics_nor_goes_negative(
        value in retry_after_like(),
        now in any::<i64>(),
    ) {
        if let Some(ms) = parse_retry_after(&value, Timestamp(now)) {
            prop_assert!(ms >= 0);
        }
        let _ = Timestamp::parse_http_date(&value);
    }

    #[test]
    fn send_policy_handles_any_response(
        status in proptest::option::of(any::<u16>()),
        retry_after in proptest::option::of(retry_after_like()),
        rate_limits in proptest::option::of(rate_limit_like()),
        now in any::<i64>(),
        jitter in any::<f64>(),
    ) {
        let mut policy = SendPolicy::new();
        let response = ResponseInfo {
            status,
            retry_after: retry_after.as_deref(),
            rate_limits: rate_limits.as_deref(),
        };
        let _ = policy.on_response(DataCategory::Error, &response, Timestamp(now), jitter);
    }

    #[test]
    fn search_index_chunks_read_and_update_without_panic(text in chunk_like()) {
        let read = parse_chunk(&text);
        // Whatever reads survives an update that touches nothing; nothing new goes bad.
        let again = parse_chunk(&update_chunk(&text, []));
        prop_assert!(again.unreadable <= read.unreadable);
        prop_assert_eq!(again.issues, read.issues);
    }
}
