//! Sentry envelopes: what is posted to a server's envelope endpoint.
//!
//! ```text
//! {"event_id":"…","sent_at":"2026-11-28T09:34:52.123Z","dsn":"…","sdk":{…}}
//! {"type":"event","length":1234}
//! {…the event JSON…}
//! ```
//!
//! Headers and client reports are written by hand rather than with serde so the capture
//! package can encode envelopes without a serializer in its wasm; event payloads come in
//! as JSON text (`JSON.stringify` output), or from an [`Event`] through serde_json.

use std::fmt::Write as _;

use crate::{Dsn, Event, EventId, Timestamp};

/// The SDK named in an envelope header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkInfo<'a> {
    /// `faultline.javascript`.
    pub name: &'a str,
    /// The package version.
    pub version: &'a str,
}

/// The envelope header: which event, when it was sent, and to whom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnvelopeHeader<'a> {
    /// The event's id (required by servers for event envelopes).
    pub event_id: Option<EventId>,
    /// When the envelope was sent, so the server can correct the client's clock.
    pub sent_at: Timestamp,
    /// The DSN the envelope is for.
    pub dsn: Option<&'a Dsn>,
    /// The sending SDK.
    pub sdk: Option<SdkInfo<'a>>,
}

/// One item of an envelope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EnvelopeItem<'a> {
    /// An event, as serialized JSON text.
    Event(&'a str),
    /// Counts of events dropped and why.
    ClientReport(&'a ClientReport),
}

impl EnvelopeItem<'_> {
    /// The rate-limit category the item counts against.
    pub fn category(&self) -> DataCategory {
        match self {
            EnvelopeItem::Event(_) => DataCategory::Error,
            EnvelopeItem::ClientReport(_) => DataCategory::Internal,
        }
    }
}

/// Sentry's data categories, as rate limits and client reports name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataCategory {
    /// Events without a more specific category.
    Default,
    /// Error events (every `event` item).
    Error,
    /// Performance transactions.
    Transaction,
    /// CSP and similar reports.
    Security,
    /// Attachments.
    Attachment,
    /// Release-health sessions.
    Session,
    /// SDK-internal items such as client reports.
    Internal,
}

impl DataCategory {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            DataCategory::Default => "default",
            DataCategory::Error => "error",
            DataCategory::Transaction => "transaction",
            DataCategory::Security => "security",
            DataCategory::Attachment => "attachment",
            DataCategory::Session => "session",
            DataCategory::Internal => "internal",
        }
    }

    /// The category with wire name `s`; `None` for categories Faultline never sends.
    pub fn parse(s: &str) -> Option<DataCategory> {
        Some(match s {
            "default" => DataCategory::Default,
            "error" => DataCategory::Error,
            "transaction" => DataCategory::Transaction,
            "security" => DataCategory::Security,
            "attachment" => DataCategory::Attachment,
            "session" => DataCategory::Session,
            "internal" => DataCategory::Internal,
            _ => return None,
        })
    }
}

/// Why an event was dropped, in Sentry's client-report vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiscardReason {
    /// The in-memory capture queue was full.
    QueueOverflow,
    /// The persistent outbox was full; the oldest entry went.
    CacheOverflow,
    /// A rate limit was in force.
    RateLimitBackoff,
    /// The request failed at the network level and was given up.
    NetworkError,
    /// The server refused it (413 and other 4xx).
    SendError,
    /// Sampled out.
    SampleRate,
    /// The app's `beforeSend` dropped it.
    BeforeSend,
    /// An event processor dropped it.
    EventProcessor,
    /// Faultline itself failed (storage error, ...).
    InternalSdkError,
}

impl DiscardReason {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            DiscardReason::QueueOverflow => "queue_overflow",
            DiscardReason::CacheOverflow => "cache_overflow",
            DiscardReason::RateLimitBackoff => "ratelimit_backoff",
            DiscardReason::NetworkError => "network_error",
            DiscardReason::SendError => "send_error",
            DiscardReason::SampleRate => "sample_rate",
            DiscardReason::BeforeSend => "before_send",
            DiscardReason::EventProcessor => "event_processor",
            DiscardReason::InternalSdkError => "internal_sdk_error",
        }
    }

    /// The reason with wire name `s`; `None` for names Sentry's client reports do not use
    /// here (drop counters may hold other reasons, which are then not reported).
    pub fn parse(s: &str) -> Option<DiscardReason> {
        Some(match s {
            "queue_overflow" => DiscardReason::QueueOverflow,
            "cache_overflow" => DiscardReason::CacheOverflow,
            "ratelimit_backoff" => DiscardReason::RateLimitBackoff,
            "network_error" => DiscardReason::NetworkError,
            "send_error" => DiscardReason::SendError,
            "sample_rate" => DiscardReason::SampleRate,
            "before_send" => DiscardReason::BeforeSend,
            "event_processor" => DiscardReason::EventProcessor,
            "internal_sdk_error" => DiscardReason::InternalSdkError,
            _ => return None,
        })
    }
}

/// One `discarded_events` entry of a client report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscardedEvent {
    /// Why.
    pub reason: DiscardReason,
    /// What kind of data.
    pub category: DataCategory,
    /// How many.
    pub quantity: u64,
}

/// Sentry's `client_report` item: the counts of what was dropped since the last report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientReport {
    /// When the report was made.
    pub timestamp: Timestamp,
    /// The counts.
    pub discarded_events: Vec<DiscardedEvent>,
}

impl ClientReport {
    /// The report's JSON: `{"timestamp":SECONDS,"discarded_events":[…]}`, the timestamp in
    /// seconds with milliseconds as Sentry's SDKs write it.
    pub fn to_json(&self) -> String {
        let ms = self.timestamp.as_millis().max(0);
        let mut out = format!(
            "{{\"timestamp\":{}.{:03},\"discarded_events\":[",
            ms / 1000,
            ms % 1000
        );
        for (i, d) in self.discarded_events.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Writing to a String cannot fail.
            let _ = write!(
                out,
                "{{\"reason\":\"{}\",\"category\":\"{}\",\"quantity\":{}}}",
                d.reason.as_str(),
                d.category.as_str(),
                d.quantity
            );
        }
        out.push_str("]}");
        out
    }
}

/// Encodes an envelope: the header line, then each item's header line and payload.
pub fn encode_envelope(header: &EnvelopeHeader<'_>, items: &[EnvelopeItem<'_>]) -> String {
    let mut out = header_json(header);
    for item in items {
        let (ty, payload) = match item {
            EnvelopeItem::Event(json) => ("event", std::borrow::Cow::Borrowed(*json)),
            EnvelopeItem::ClientReport(report) => ("client_report", report.to_json().into()),
        };
        let _ = write!(
            out,
            "\n{{\"type\":\"{ty}\",\"length\":{}}}\n{payload}",
            payload.len()
        );
    }
    out
}

/// An envelope holding one event given as JSON text (`JSON.stringify` output).
pub fn encode_event_envelope(header: &EnvelopeHeader<'_>, event_json: &str) -> String {
    encode_envelope(header, &[EnvelopeItem::Event(event_json)])
}

/// An envelope for `event`, serialized here; the header takes its id and SDK from it.
pub fn envelope_from_event(
    event: &Event,
    dsn: Option<&Dsn>,
    sent_at: Timestamp,
) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(event)?;
    let header = EnvelopeHeader {
        event_id: Some(event.event_id),
        sent_at,
        dsn,
        sdk: event.sdk.as_ref().map(|sdk| SdkInfo {
            name: &sdk.name,
            version: &sdk.version,
        }),
    };
    Ok(encode_event_envelope(&header, &json))
}

fn header_json(header: &EnvelopeHeader<'_>) -> String {
    let mut out = String::from("{");
    if let Some(id) = header.event_id {
        let _ = write!(out, "\"event_id\":\"{id}\",");
    }
    let _ = write!(out, "\"sent_at\":\"{}\"", header.sent_at);
    if let Some(dsn) = header.dsn {
        out.push_str(",\"dsn\":");
        push_json_string(&mut out, &dsn.to_string());
    }
    if let Some(sdk) = header.sdk {
        out.push_str(",\"sdk\":{\"name\":");
        push_json_string(&mut out, sdk.name);
        out.push_str(",\"version\":");
        push_json_string(&mut out, sdk.version);
        out.push('}');
    }
    out.push('}');
    out
}

/// Appends `s` as a JSON string literal.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    // Runs of bytes that need no escape are copied whole; every byte that does is ASCII,
    // so each cut falls on a char boundary.
    let mut start = 0;
    for (i, &byte) in s.as_bytes().iter().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 0xf] {
                out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
            }
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001é\"");
        for text in [
            "",
            "plain",
            "é\u{1f}\t\"",
            "\u{0}x\u{1b}",
            "naïve \\ \u{7f} 日本",
        ] {
            let mut out = String::new();
            push_json_string(&mut out, text);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text, "{out}");
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é");
    }

    #[test]
    fn categories_parse_their_wire_names() {
        for c in [
            DataCategory::Default,
            DataCategory::Error,
            DataCategory::Transaction,
            DataCategory::Security,
            DataCategory::Attachment,
            DataCategory::Session,
            DataCategory::Internal,
        ] {
            assert_eq!(DataCategory::parse(c.as_str()), Some(c));
        }
        assert_eq!(DataCategory::parse("metric_bucket"), None);
    }

    #[test]
    fn discard_reasons_parse_their_wire_names() {
        for r in [
            DiscardReason::QueueOverflow,
            DiscardReason::CacheOverflow,
            DiscardReason::RateLimitBackoff,
            DiscardReason::NetworkError,
            DiscardReason::SendError,
            DiscardReason::SampleRate,
            DiscardReason::BeforeSend,
            DiscardReason::EventProcessor,
            DiscardReason::InternalSdkError,
        ] {
            assert_eq!(DiscardReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(DiscardReason::parse("storage_error"), None);
    }
}
