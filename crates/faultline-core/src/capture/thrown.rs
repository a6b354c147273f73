//! What a sensor read from a thrown value, and how it becomes Sentry's exceptions.

use crate::{parse_stack, Exception, Frame, Mechanism, Stacktrace};

use super::KeyHasher;

/// One value read from a thrown thing: the thrown value itself or a linked error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThrownValue {
    /// Index of the value this one is linked from (`None` for the thrown value).
    pub parent: Option<usize>,
    /// How it is linked: `cause` or `errors[i]`.
    pub source: String,
    /// Whether it is an `Error` (its name, message and stack were read).
    pub is_error: bool,
    /// An error's `name`.
    pub name: Option<String>,
    /// An error's `message` (or an object's `message` field).
    pub message: Option<String>,
    /// An error's `stack`.
    pub stack: Option<String>,
    /// `typeof` of a non-error.
    pub js_type: Option<String>,
    /// `Object.prototype.toString` tag of a non-error object (`Object`, `Event`, ...).
    pub tag: Option<String>,
    /// The first own enumerable keys of a non-error object.
    pub keys: Vec<String>,
    /// The `type` of a DOM `Event`.
    pub event_type: Option<String>,
    /// `String(value)`.
    pub text: Option<String>,
}

/// A thrown value and its linked errors, as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thrown {
    /// The thrown value first, then linked errors depth first.
    pub values: Vec<ThrownValue>,
    /// Whether a string was cut while reading.
    pub truncated: bool,
}

/// Where an error came from when the value has no stack: the `error` event's location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorLocation {
    /// The script's URL.
    pub filename: Option<String>,
    /// 1-based line.
    pub lineno: Option<u32>,
    /// 1-based column.
    pub colno: Option<u32>,
}

/// How a thrown value reached Faultline; Sentry's mechanism names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrownVia {
    /// Uncaught, from the `error` event.
    OnError,
    /// An unhandled rejection.
    OnRejection,
    /// Captured by the app (`captureException`).
    Manual,
    /// A Rust panic, captured by the Rust API's panic hook (`captureException` with the
    /// hint's mechanism `panic`).
    Panic,
}

impl ThrownVia {
    /// The mechanism type and whether the app handled it.
    fn mechanism(self) -> (&'static str, bool) {
        match self {
            ThrownVia::OnError => ("onerror", false),
            ThrownVia::OnRejection => ("onunhandledrejection", false),
            ThrownVia::Manual => ("generic", true),
            ThrownVia::Panic => ("panic", false),
        }
    }
}

impl Thrown {
    /// A key for "the same error" (type, value and stack), for the flood tally.
    pub fn key(&self) -> u64 {
        let mut h = KeyHasher::new();
        if let Some(v) = self.values.first() {
            for part in [&v.name, &v.message, &v.stack, &v.text] {
                h.part(part.as_deref().unwrap_or(""));
            }
        }
        h.finish()
    }

    /// Core exceptions in Sentry's order: linked errors first, the thrown value last.
    /// `linked` false keeps the thrown value only; `location` gives a stackless thrown
    /// value its one frame.
    pub fn exceptions(
        &self,
        via: ThrownVia,
        location: &ErrorLocation,
        linked: bool,
    ) -> Vec<Exception> {
        let count = if linked { self.values.len() } else { 1 };
        let (mechanism, handled) = via.mechanism();
        let has_links = count > 1;
        let mut out: Vec<Exception> = self
            .values
            .iter()
            .take(count)
            .enumerate()
            .map(|(i, value)| {
                let mut m = Mechanism {
                    ty: if i == 0 { mechanism } else { "chained" }.to_string(),
                    handled: Some(handled),
                    ..Mechanism::default()
                };
                if has_links {
                    let is_parent = self.values.iter().any(|v| v.parent == Some(i));
                    link_fields(&mut m, i, value, is_parent);
                }
                exception_of(value, via, (i == 0).then_some(location), m)
            })
            .collect();
        out.reverse();
        out
    }
}

/// Sentry's exception-group fields: ids, the parent's id and how each is linked.
fn link_fields(m: &mut Mechanism, index: usize, value: &ThrownValue, is_parent: bool) {
    m.exception_id = Some(index as u64);
    if let Some(parent) = value.parent {
        m.parent_id = Some(parent as u64);
        m.source = Some(value.source.clone());
    }
    if is_parent && value.name.as_deref() == Some("AggregateError") {
        m.is_exception_group = Some(true);
    }
}

fn exception_of(
    value: &ThrownValue,
    via: ThrownVia,
    location: Option<&ErrorLocation>,
    mechanism: Mechanism,
) -> Exception {
    let (ty, text) = describe(value, via);
    let mut frames = value
        .stack
        .as_deref()
        .map(|s| parse_stack(s).frames)
        .unwrap_or_default();
    if frames.is_empty() {
        if let Some(frame) = location.and_then(location_frame) {
            frames.push(frame);
        }
    }
    Exception {
        ty: Some(ty),
        value: text,
        mechanism: Some(mechanism),
        stacktrace: (!frames.is_empty()).then(|| Stacktrace {
            frames,
            ..Stacktrace::default()
        }),
        ..Exception::default()
    }
}

/// The `error` event's filename, line and column as the one frame of a stackless error.
fn location_frame(location: &ErrorLocation) -> Option<Frame> {
    let url = location.filename.as_ref()?;
    Some(Frame {
        abs_path: Some(url.clone()),
        filename: Some(filename_of(url)),
        lineno: location.lineno,
        colno: location.colno,
        in_app: Some(true),
        ..Frame::default()
    })
}

/// The path of an http(s) URL, as the stack parser shows files; other URLs as they are.
fn filename_of(url: &str) -> String {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return url.to_string();
    };
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    "/".to_string() + path.split(['?', '#']).next().unwrap_or("")
}

/// Type and value of an exception: an error's own, or a readable account of a non-error.
fn describe(value: &ThrownValue, via: ThrownVia) -> (String, Option<String>) {
    if value.is_error {
        let ty = value
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Error".into());
        return (ty, value.message.clone());
    }
    let what = if via == ThrownVia::OnRejection {
        "promise rejection"
    } else {
        "exception"
    };
    if !matches!(value.js_type.as_deref(), Some("object" | "function")) {
        return describe_primitive(value, via);
    }
    let tag = value.tag.as_deref().unwrap_or("Object");
    if let Some(event_type) = &value.event_type {
        let text = format!("Event `{tag}` (type={event_type}) captured as {what}");
        return (tag.to_string(), Some(text));
    }
    if let Some(message) = &value.message {
        let text = format!("Object captured as {what} with message '{message}'");
        return ("Error".into(), Some(text));
    }
    let keys = if value.keys.is_empty() {
        "[object has no keys]".to_string()
    } else {
        value.keys.join(", ")
    };
    let text = format!("{tag} captured as {what} with keys: {keys}");
    ("Error".into(), Some(text))
}

/// A thrown string, number, `undefined`, ...: Sentry's wording.
fn describe_primitive(value: &ThrownValue, via: ThrownVia) -> (String, Option<String>) {
    let text = value.text.as_deref().unwrap_or("undefined");
    match (via, value.js_type.as_deref()) {
        (ThrownVia::OnRejection, _) => (
            "UnhandledRejection".into(),
            Some("Non-Error promise rejection captured with value: ".to_string() + text),
        ),
        (_, Some("string")) => ("Error".into(), Some(text.to_string())),
        _ => (
            "Error".into(),
            Some("Non-Error exception captured with value: ".to_string() + text),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(name: &str, message: &str, stack: Option<&str>) -> ThrownValue {
        ThrownValue {
            is_error: true,
            name: Some(name.into()),
            message: Some(message.into()),
            stack: stack.map(str::to_string),
            ..ThrownValue::default()
        }
    }

    fn check(value: ThrownValue, via: ThrownVia, ty: &str, text: &str) {
        let thrown = Thrown {
            values: vec![value],
            truncated: false,
        };
        let exceptions = thrown.exceptions(via, &ErrorLocation::default(), true);
        assert_eq!(exceptions.len(), 1);
        assert_eq!(exceptions[0].ty.as_deref(), Some(ty));
        assert_eq!(exceptions[0].value.as_deref(), Some(text));
    }

    #[test]
    fn non_errors_read_as_sentry_words_them() {
        let primitive = |t: &str, text: &str| ThrownValue {
            js_type: Some(t.into()),
            text: Some(text.into()),
            ..ThrownValue::default()
        };
        check(
            primitive("string", "boom"),
            ThrownVia::OnError,
            "Error",
            "boom",
        );
        check(
            primitive("number", "42"),
            ThrownVia::Manual,
            "Error",
            "Non-Error exception captured with value: 42",
        );
        check(
            primitive("string", "nope"),
            ThrownVia::OnRejection,
            "UnhandledRejection",
            "Non-Error promise rejection captured with value: nope",
        );
        let object = ThrownValue {
            js_type: Some("object".into()),
            tag: Some("Object".into()),
            keys: vec!["code".into(), "detail".into()],
            ..ThrownValue::default()
        };
        check(
            object,
            ThrownVia::OnRejection,
            "Error",
            "Object captured as promise rejection with keys: code, detail",
        );
        let event = ThrownValue {
            js_type: Some("object".into()),
            tag: Some("ErrorEvent".into()),
            event_type: Some("error".into()),
            ..ThrownValue::default()
        };
        check(
            event,
            ThrownVia::OnError,
            "ErrorEvent",
            "Event `ErrorEvent` (type=error) captured as exception",
        );
    }

    #[test]
    fn each_way_in_names_its_mechanism_and_whether_the_app_handled_it() {
        let thrown = Thrown {
            values: vec![error("Error", "x", None)],
            truncated: false,
        };
        for (via, want) in [
            (ThrownVia::OnError, ("onerror", false)),
            (ThrownVia::OnRejection, ("onunhandledrejection", false)),
            (ThrownVia::Manual, ("generic", true)),
            (ThrownVia::Panic, ("panic", false)),
        ] {
            let exceptions = thrown.exceptions(via, &ErrorLocation::default(), true);
            let m = exceptions[0].mechanism.as_ref().unwrap();
            assert_eq!(
                (m.ty.as_str(), m.handled),
                (want.0, Some(want.1)),
                "{via:?}"
            );
        }
    }

    #[test]
    fn linked_errors_come_first_with_group_ids_and_the_thrown_value_last() {
        let mut cause = error("TypeError", "inner", None);
        cause.parent = Some(0);
        cause.source = "cause".into();
        let thrown = Thrown {
            values: vec![error("AggregateError", "outer", None), cause],
            truncated: false,
        };
        let exceptions = thrown.exceptions(ThrownVia::Manual, &ErrorLocation::default(), true);
        let types: Vec<_> = exceptions.iter().map(|e| e.ty.as_deref()).collect();
        assert_eq!(types, [Some("TypeError"), Some("AggregateError")]);
        let outer = exceptions[1].mechanism.as_ref().unwrap();
        assert_eq!(
            (outer.ty.as_str(), outer.is_exception_group),
            ("generic", Some(true))
        );
        let inner = exceptions[0].mechanism.as_ref().unwrap();
        assert_eq!(
            (inner.ty.as_str(), inner.parent_id, inner.source.as_deref()),
            ("chained", Some(0), Some("cause"))
        );
        let alone = thrown.exceptions(ThrownVia::Manual, &ErrorLocation::default(), false);
        assert_eq!(alone.len(), 1);
    }

    #[test]
    fn a_stackless_error_gets_the_error_events_location_as_its_frame() {
        let thrown = Thrown {
            values: vec![error("Error", "x", None)],
            truncated: false,
        };
        let location = ErrorLocation {
            filename: Some("https://app.example/static/app.js?v=3".into()),
            lineno: Some(12),
            colno: Some(5),
        };
        let exceptions = thrown.exceptions(ThrownVia::OnError, &location, true);
        let frames = &exceptions[0].stacktrace.as_ref().unwrap().frames;
        assert_eq!(frames[0].filename.as_deref(), Some("/static/app.js"));
        assert_eq!((frames[0].lineno, frames[0].colno), (Some(12), Some(5)));
        let mechanism = exceptions[0].mechanism.as_ref().unwrap();
        assert_eq!(
            (mechanism.ty.as_str(), mechanism.handled),
            ("onerror", Some(false))
        );
    }

    #[test]
    fn the_tally_key_follows_type_value_and_stack() {
        let a = Thrown {
            values: vec![error("TypeError", "x", Some("at f (a.js:1:1)"))],
            truncated: false,
        };
        let mut b = a.clone();
        assert_eq!(a.key(), b.key());
        b.values[0].message = Some("y".into());
        assert_ne!(a.key(), b.key());
    }
}
