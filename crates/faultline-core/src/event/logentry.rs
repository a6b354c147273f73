//! Sentry's `logentry`: a log message with its format string and parameters.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Other;

/// A structured log message (`console.log("a %s", b)`): Sentry's `logentry` interface,
/// which is also the object form of an event's `message`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LogEntry {
    /// The format string, with `%s`-style placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The message with its parameters filled in, when the sender did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Positional parameters (an array) or named ones (an object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

impl LogEntry {
    /// The human-readable text: `formatted`, else `message` with positional parameters
    /// substituted for `%s`, `%d`, `%i`, `%f`, `%o`, `%O` and `%j` (`%%` is a percent sign).
    pub fn text(&self) -> Option<String> {
        if let Some(formatted) = self.formatted.as_deref().filter(|f| !f.is_empty()) {
            return Some(formatted.to_string());
        }
        let message = self.message.as_deref()?;
        let params = match &self.params {
            Some(Value::Array(params)) => params.as_slice(),
            _ => &[],
        };
        Some(substitute(message, params))
    }
}

/// Fills `%x` placeholders in order from `params`, in one pass. Placeholders without a
/// parameter stay as written, like `console.log` does.
fn substitute(format: &str, params: &[Value]) -> String {
    let mut out = String::with_capacity(format.len());
    let mut params = params.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('%') => {
                chars.next();
                out.push('%');
            }
            Some(spec @ ('s' | 'd' | 'i' | 'f' | 'o' | 'O' | 'j')) => {
                chars.next();
                match params.next() {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(other) => out.push_str(&other.to_string()),
                    None => {
                        out.push('%');
                        out.push(spec);
                    }
                }
            }
            _ => out.push('%'),
        }
    }
    out
}

/// Brings a raw event object's `message` into the modelled shape: a string, with any
/// object form moved to `logentry` (unless one is there); and, when `message` gives no
/// text, the `logentry`'s text as `message`.
pub(super) fn normalize_message(fields: &mut Map<String, Value>) {
    let text = match fields.remove("message") {
        Some(Value::String(text)) => Some(text),
        Some(Value::Object(object)) => {
            let entry = Value::Object(object);
            let text = text_of(&entry);
            fields.entry("logentry").or_insert(entry);
            text
        }
        Some(Value::Null) | None => None,
        // Numbers, booleans, arrays: keep their JSON text rather than reject the event.
        Some(other) => Some(other.to_string()),
    };
    // Whatever the shape, an event whose message has no text takes the logentry's.
    if let Some(text) = text.or_else(|| fields.get("logentry").and_then(text_of)) {
        fields.insert("message".into(), Value::String(text));
    }
}

fn text_of(entry: &Value) -> Option<String> {
    super::read::logentry(entry.clone()).ok()?.text()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_prefers_formatted() {
        let entry = LogEntry {
            message: Some("a %s".into()),
            formatted: Some("a b".into()),
            params: Some(json!(["c"])),
            ..LogEntry::default()
        };
        assert_eq!(entry.text().as_deref(), Some("a b"));
    }

    #[test]
    fn text_substitutes_positional_params_in_order() {
        let entry = LogEntry {
            message: Some("%s has %d items (100%%) %o %s".into()),
            params: Some(json!(["cart", 3, {"k": 1}])),
            ..LogEntry::default()
        };
        assert_eq!(
            entry.text().as_deref(),
            Some("cart has 3 items (100%) {\"k\":1} %s")
        );
    }

    #[test]
    fn text_leaves_unknown_placeholders_and_named_params_alone() {
        let entry = LogEntry {
            message: Some("50% %x %s".into()),
            params: Some(json!({"name": "x"})),
            ..LogEntry::default()
        };
        assert_eq!(entry.text().as_deref(), Some("50% %x %s"));
    }

    #[test]
    fn object_message_moves_to_logentry() {
        let mut fields = json!({"message": {"message": "hi %s", "params": ["bob"]}});
        let fields = fields.as_object_mut().unwrap();
        normalize_message(fields);
        assert_eq!(
            Value::Object(fields.clone()),
            json!({"message": "hi bob", "logentry": {"message": "hi %s", "params": ["bob"]}})
        );
    }

    #[test]
    fn textless_object_message_falls_back_to_the_logentry() {
        let mut fields = json!({"message": {}, "logentry": {"message": ""}});
        let fields = fields.as_object_mut().unwrap();
        normalize_message(fields);
        assert_eq!(fields["message"], json!(""));
    }

    #[test]
    fn existing_logentry_wins_over_object_message() {
        let mut fields = json!({"message": {"formatted": "a"}, "logentry": {"formatted": "b"}});
        let fields = fields.as_object_mut().unwrap();
        normalize_message(fields);
        assert_eq!(fields["message"], json!("a"));
        assert_eq!(fields["logentry"], json!({"formatted": "b"}));
    }
}
