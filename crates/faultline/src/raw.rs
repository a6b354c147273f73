//! What the synchronous part of a capture reads from a thrown value, and how it becomes
//! core exceptions later, off the synchronous path.

use faultline_core::{parse_stack, Exception, Frame, Mechanism, Stacktrace};

/// One value read from a thrown thing: the thrown value itself or a linked error.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawValue {
    /// Index of the value this one is linked from (`None` for the thrown value).
    pub parent: Option<usize>,
    /// How it is linked: `cause` or `errors[i]`.
    pub source: String,
    /// Whether it is an `Error` (its name, message and stack were read).
    pub is_error: bool,
    pub name: Option<String>,
    pub message: Option<String>,
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
#[derive(Debug, Clone, Default)]
pub(crate) struct RawError {
    /// The thrown value first, then linked errors depth first.
    pub values: Vec<RawValue>,
    /// Whether a string was cut while reading.
    pub truncated: bool,
}

/// Where an error came from when the value has no stack: the `error` event's location.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    pub filename: Option<String>,
    pub lineno: Option<u32>,
    pub colno: Option<u32>,
}

/// How an exception reached Faultline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    /// Uncaught, from the `error` event.
    OnError,
    /// An unhandled rejection.
    OnRejection,
    /// Manual capture (`captureException`).
    Manual,
}

impl How {
    fn mechanism(self) -> (&'static str, bool) {
        match self {
            How::OnError => ("onerror", false),
            How::OnRejection => ("onunhandledrejection", false),
            How::Manual => ("generic", true),
        }
    }
}

impl RawError {
    /// A stable key for "the same error" (type, value and stack), for the flood tally.
    pub fn key(&self) -> u64 {
        let mut h = crate::guard::KeyHasher::new();
        if let Some(v) = self.values.first() {
            for part in [&v.name, &v.message, &v.stack, &v.text] {
                h.part(part.as_deref().unwrap_or(""));
            }
        }
        h.finish()
    }

    /// Core exceptions in Sentry's order: linked errors first, the thrown value last.
    pub fn exceptions(&self, how: How, origin: &Origin, linked: bool) -> Vec<Exception> {
        let count = if linked { self.values.len() } else { 1 };
        let (mechanism, handled) = how.mechanism();
        let has_links = count > 1;
        let mut out: Vec<Exception> = self
            .values
            .iter()
            .take(count)
            .enumerate()
            .map(|(i, raw)| {
                let mut m = Mechanism {
                    ty: if i == 0 { mechanism } else { "chained" }.to_string(),
                    handled: Some(handled),
                    ..Mechanism::default()
                };
                if has_links {
                    link_fields(
                        &mut m,
                        i,
                        raw,
                        self.values.iter().any(|v| v.parent == Some(i)),
                    );
                }
                exception_of(raw, how, (i == 0).then_some(origin), m)
            })
            .collect();
        out.reverse();
        out
    }
}

/// Sentry's exception-group fields: ids, the parent's id and how each is linked.
fn link_fields(m: &mut Mechanism, i: usize, raw: &RawValue, is_parent: bool) {
    m.exception_id = Some(i as u64);
    if let Some(parent) = raw.parent {
        m.parent_id = Some(parent as u64);
        m.source = Some(raw.source.clone());
    }
    if is_parent && raw.name.as_deref() == Some("AggregateError") {
        m.is_exception_group = Some(true);
    }
}

fn exception_of(
    raw: &RawValue,
    how: How,
    origin: Option<&Origin>,
    mechanism: Mechanism,
) -> Exception {
    let (ty, value) = describe(raw, how);
    let mut frames = raw
        .stack
        .as_deref()
        .map(|s| parse_stack(s).frames)
        .unwrap_or_default();
    if frames.is_empty() {
        if let Some(frame) = origin.and_then(origin_frame) {
            frames.push(frame);
        }
    }
    Exception {
        ty: Some(ty),
        value,
        mechanism: Some(mechanism),
        stacktrace: (!frames.is_empty()).then(|| Stacktrace {
            frames,
            ..Stacktrace::default()
        }),
        ..Exception::default()
    }
}

/// The `error` event's filename, line and column as the one frame of a stackless error.
fn origin_frame(origin: &Origin) -> Option<Frame> {
    let url = origin.filename.as_ref()?;
    Some(Frame {
        abs_path: Some(url.clone()),
        filename: Some(filename_of(url)),
        lineno: origin.lineno,
        colno: origin.colno,
        in_app: Some(true),
        ..Frame::default()
    })
}

/// The path of an http(s) URL, as core's stack parser shows files; other URLs as they are.
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
fn describe(raw: &RawValue, how: How) -> (String, Option<String>) {
    if raw.is_error {
        let ty = raw
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Error".into());
        return (ty, raw.message.clone());
    }
    let what = if how == How::OnRejection {
        "promise rejection"
    } else {
        "exception"
    };
    let is_object = matches!(raw.js_type.as_deref(), Some("object" | "function"));
    if !is_object {
        let text = raw.text.clone().unwrap_or_else(|| "undefined".into());
        return match (how, raw.js_type.as_deref()) {
            (How::OnRejection, _) => (
                "UnhandledRejection".into(),
                Some("Non-Error promise rejection captured with value: ".to_string() + &text),
            ),
            (_, Some("string")) => ("Error".into(), Some(text)),
            _ => (
                "Error".into(),
                Some("Non-Error exception captured with value: ".to_string() + &text),
            ),
        };
    }
    let tag = raw.tag.clone().unwrap_or_else(|| "Object".into());
    if let Some(event_type) = &raw.event_type {
        return (
            tag.clone(),
            Some(format!(
                "Event `{tag}` (type={event_type}) captured as {what}"
            )),
        );
    }
    if let Some(message) = &raw.message {
        return (
            "Error".into(),
            Some(format!(
                "Object captured as {what} with message '{message}'"
            )),
        );
    }
    let keys = if raw.keys.is_empty() {
        "[object has no keys]".to_string()
    } else {
        raw.keys.join(", ")
    };
    (
        "Error".into(),
        Some(format!("{tag} captured as {what} with keys: {keys}")),
    )
}
