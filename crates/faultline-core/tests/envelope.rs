//! Envelopes and DSNs on the wire, byte for byte.

// clippy's test allowance covers `#[test]` functions, not the shared helpers here.
#![allow(clippy::unwrap_used)]

use faultline_core::{
    encode_envelope, encode_event_envelope, envelope_from_event, ClientReport, DataCategory,
    DiscardReason, DiscardedEvent, Dsn, EnvelopeHeader, EnvelopeItem, Event, EventId, Sdk, SdkInfo,
    Timestamp,
};

const ID: &str = "d43e86c96e424a93a4fbda156dd17341";
/// 2017-12-24T08:12:00.000Z
const AT: Timestamp = Timestamp(1_514_103_120_000);
const SDK: SdkInfo<'static> = SdkInfo {
    name: "faultline.javascript",
    version: "0.1.0",
};

fn dsn() -> Dsn {
    Dsn::parse("https://abc@errors.example.com/42").unwrap()
}

#[test]
fn event_envelope_is_header_item_header_and_payload() {
    let dsn = dsn();
    let header = EnvelopeHeader {
        event_id: Some(EventId::parse(ID).unwrap()),
        sent_at: Timestamp(1_514_103_121_250),
        dsn: Some(&dsn),
        sdk: Some(SDK),
    };
    let payload = r#"{"event_id":"d43e86c96e424a93a4fbda156dd17341","message":"é"}"#;
    assert_eq!(
        encode_event_envelope(&header, payload),
        "{\"event_id\":\"d43e86c96e424a93a4fbda156dd17341\",\
         \"sent_at\":\"2017-12-24T08:12:01.250Z\",\
         \"dsn\":\"https://abc@errors.example.com/42\",\
         \"sdk\":{\"name\":\"faultline.javascript\",\"version\":\"0.1.0\"}}\n\
         {\"type\":\"event\",\"length\":62}\n\
         {\"event_id\":\"d43e86c96e424a93a4fbda156dd17341\",\"message\":\"é\"}"
    );
}

#[test]
fn item_length_counts_bytes_not_characters() {
    let header = EnvelopeHeader {
        event_id: None,
        sent_at: AT,
        dsn: None,
        sdk: None,
    };
    let envelope = encode_event_envelope(&header, "\"ééé\"");
    assert_eq!(
        envelope,
        "{\"sent_at\":\"2017-12-24T08:12:00.000Z\"}\n{\"type\":\"event\",\"length\":8}\n\"ééé\""
    );
}

#[test]
fn client_report_item_lists_discarded_events() {
    let report = ClientReport {
        timestamp: Timestamp(1_514_103_120_500),
        discarded_events: vec![
            DiscardedEvent {
                reason: DiscardReason::RateLimitBackoff,
                category: DataCategory::Error,
                quantity: 3,
            },
            DiscardedEvent {
                reason: DiscardReason::CacheOverflow,
                category: DataCategory::Error,
                quantity: 1,
            },
        ],
    };
    let header = EnvelopeHeader {
        event_id: None,
        sent_at: AT,
        dsn: None,
        sdk: Some(SDK),
    };
    let payload = "{\"timestamp\":1514103120.500,\"discarded_events\":[\
                   {\"reason\":\"ratelimit_backoff\",\"category\":\"error\",\"quantity\":3},\
                   {\"reason\":\"cache_overflow\",\"category\":\"error\",\"quantity\":1}]}";
    assert_eq!(report.to_json(), payload);
    assert_eq!(
        encode_envelope(&header, &[EnvelopeItem::ClientReport(&report)]),
        format!(
            "{{\"sent_at\":\"2017-12-24T08:12:00.000Z\",\
             \"sdk\":{{\"name\":\"faultline.javascript\",\"version\":\"0.1.0\"}}}}\n\
             {{\"type\":\"client_report\",\"length\":{}}}\n{payload}",
            payload.len()
        )
    );
    let parsed: serde_json::Value = serde_json::from_str(payload).unwrap();
    assert_eq!(parsed["discarded_events"][1]["quantity"], 1);
}

#[test]
fn event_and_client_report_share_one_envelope() {
    let report = ClientReport {
        timestamp: AT,
        discarded_events: vec![],
    };
    let header = EnvelopeHeader {
        event_id: None,
        sent_at: AT,
        dsn: None,
        sdk: None,
    };
    let envelope = encode_envelope(
        &header,
        &[
            EnvelopeItem::Event("{}"),
            EnvelopeItem::ClientReport(&report),
        ],
    );
    let lines: Vec<&str> = envelope.split('\n').collect();
    assert_eq!(
        lines,
        [
            "{\"sent_at\":\"2017-12-24T08:12:00.000Z\"}",
            "{\"type\":\"event\",\"length\":2}",
            "{}",
            "{\"type\":\"client_report\",\"length\":50}",
            "{\"timestamp\":1514103120.000,\"discarded_events\":[]}",
        ]
    );
}

#[test]
fn envelope_from_event_serializes_and_takes_id_and_sdk() {
    let dsn = dsn();
    let event = Event {
        event_id: EventId::parse(ID).unwrap(),
        timestamp: AT,
        platform: "javascript".into(),
        sdk: Some(Sdk {
            name: "faultline.rust".into(),
            version: "0.2.0".into(),
            ..Sdk::default()
        }),
        ..Event::default()
    };
    let envelope = envelope_from_event(&event, Some(&dsn), AT).unwrap();
    let payload = serde_json::to_string(&event).unwrap();
    assert_eq!(
        envelope,
        format!(
            "{{\"event_id\":\"{ID}\",\"sent_at\":\"2017-12-24T08:12:00.000Z\",\
             \"dsn\":\"https://abc@errors.example.com/42\",\
             \"sdk\":{{\"name\":\"faultline.rust\",\"version\":\"0.2.0\"}}}}\n\
             {{\"type\":\"event\",\"length\":{}}}\n{payload}",
            payload.len()
        )
    );
}

#[test]
fn header_strings_are_escaped() {
    let header = EnvelopeHeader {
        event_id: None,
        sent_at: AT,
        dsn: None,
        sdk: Some(SdkInfo {
            name: "a\"b",
            version: "1\n",
        }),
    };
    let envelope = encode_event_envelope(&header, "{}");
    let first_line = envelope.split('\n').next().unwrap();
    let parsed: serde_json::Value = serde_json::from_str(first_line).unwrap();
    assert_eq!(parsed["sdk"]["name"], "a\"b");
    assert_eq!(parsed["sdk"]["version"], "1\n");
}
