//! Building an event from a capture: what was read when it happened, the app's release and
//! environment, the page, and the scope.

use serde_json::{Map, Value};

use crate::{
    parse_user_agent, Event, EventId, Exception, ExceptionList, Level, NameVersion, Request, Sdk,
    Timestamp, UserAgent,
};

use super::{ErrorLocation, KeyHasher, Snapshot, Thrown, ThrownVia};

/// The fingerprint of every `Script error.` from another origin: one issue for all.
pub const CROSS_ORIGIN_FINGERPRINT: &str = "cross-origin-script-error";

/// What a capture read, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptureBody {
    /// A thrown value: uncaught, rejected or captured by the app.
    Error {
        /// What was read from it.
        thrown: Thrown,
        /// How it reached Faultline.
        via: ThrownVia,
        /// The `error` event's location, for a value without a stack.
        location: ErrorLocation,
        /// A `Script error.` from another origin (the browser hid the real one).
        cross_origin: bool,
    },
    /// `captureMessage`.
    Message {
        /// The text.
        text: String,
        /// Its level.
        level: Level,
    },
    /// `captureEvent`: an event in Sentry's shape.
    Event(Box<Event>),
}

impl CaptureBody {
    /// The flood tally key: errors by type, value and stack, messages by text, events by
    /// message (what the flood guard counts as "the same event").
    pub fn tally_key(&self) -> u64 {
        match self {
            CaptureBody::Error { thrown, .. } => thrown.key(),
            CaptureBody::Message { text, .. } => KeyHasher::new().part(text).finish(),
            CaptureBody::Event(e) => {
                let message = e.message.as_deref().unwrap_or("");
                KeyHasher::new().part(message).finish()
            }
        }
    }
}

/// One capture, as the page read it.
#[derive(Debug, Clone)]
pub struct Capture {
    /// The id the page returned for it.
    pub id: EventId,
    /// When it happened.
    pub at: Timestamp,
    /// What was read.
    pub body: CaptureBody,
    /// The page's URL then.
    pub url: Option<String>,
    /// The scope and breadcrumbs then.
    pub scope: Snapshot,
    /// How many events it stands for (more than one for a flood tally's sample).
    pub occurrences: u64,
}

/// What every event of an app gets: `init`'s options and the browser.
#[derive(Debug, Clone, Default)]
pub struct EventDefaults {
    /// `release`.
    pub release: Option<String>,
    /// `environment`.
    pub environment: Option<String>,
    /// `dist`.
    pub dist: Option<String>,
    /// The SDK's name and version.
    pub sdk: Sdk,
    /// Whether linked errors (`cause`, `AggregateError.errors`) become exceptions.
    pub linked_errors: bool,
    /// Whether the page's URL, user agent, browser and OS are added.
    pub http_context: bool,
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// The browser and OS it names (parsed once).
    pub parsed_user_agent: UserAgent,
}

impl EventDefaults {
    /// Defaults for a browser with `user_agent` (parsed here, once).
    pub fn with_user_agent(mut self, user_agent: String) -> EventDefaults {
        self.parsed_user_agent = parse_user_agent(&user_agent);
        self.user_agent = user_agent;
        self
    }
}

/// The event a capture becomes, before filters, `beforeSend`, scrubbing and grouping.
pub fn build_event(capture: Capture, defaults: &EventDefaults) -> Event {
    let Capture {
        id,
        at,
        body,
        url,
        scope,
        ..
    } = capture;
    let (mut event, read) = match body {
        CaptureBody::Event(event) => (*event, None),
        other => (Event::default(), Some(other)),
    };
    event.event_id = id;
    event.timestamp = at;
    if event.platform.is_empty() {
        event.platform = "javascript".into();
    }
    event.release = event.release.or_else(|| defaults.release.clone());
    event.environment = event.environment.or_else(|| defaults.environment.clone());
    event.dist = event.dist.or_else(|| defaults.dist.clone());
    event.sdk = Some(defaults.sdk.clone());
    if let Some(read) = read {
        add_what_was_read(&mut event, read, defaults);
    }
    if defaults.http_context {
        add_page_context(&mut event, url, defaults);
    }
    scope.apply_to(&mut event);
    event
}

/// An error's exceptions or a message's text and level.
fn add_what_was_read(event: &mut Event, read: CaptureBody, defaults: &EventDefaults) {
    match read {
        CaptureBody::Event(_) => {}
        CaptureBody::Error {
            thrown,
            via,
            location,
            cross_origin,
        } => {
            let mut values = thrown.exceptions(via, &location, defaults.linked_errors);
            if cross_origin {
                cross_origin_script_error(event, &mut values);
            }
            event.exception = Some(ExceptionList { values });
        }
        CaptureBody::Message { text, level } => {
            event.message = Some(text);
            event.level = level;
        }
    }
}

/// `Script error.` from a script on another origin: one issue, tagged, with the fix in its
/// extra data (the browser hides the real error unless the script is loaded with
/// `crossorigin` and served with CORS headers).
fn cross_origin_script_error(event: &mut Event, values: &mut [Exception]) {
    if let Some(x) = values.last_mut() {
        x.ty = Some("Error".into());
        x.value = Some("Script error.".into());
    }
    event.tags.insert("cross_origin".into(), "true".into());
    event.fingerprint = vec![CROSS_ORIGIN_FINGERPRINT.into()];
    event.extra.insert(
        "faultline_hint".into(),
        Value::from("A script from another origin threw; browsers hide its details. Load it with crossorigin=\"anonymous\" and serve it with Access-Control-Allow-Origin to see the real error."),
    );
}

/// The page URL, the user agent and the `browser` and `os` contexts it names.
fn add_page_context(event: &mut Event, url: Option<String>, defaults: &EventDefaults) {
    let request = event.request.get_or_insert_with(Request::default);
    if request.url.is_none() {
        request.url = url;
    }
    if !defaults.user_agent.is_empty() {
        request
            .headers
            .insert_if_absent("User-Agent".into(), || defaults.user_agent.clone());
    }
    let ua = &defaults.parsed_user_agent;
    for (key, part) in [("browser", &ua.browser), ("os", &ua.os)] {
        if let Some(NameVersion { name, version }) = part {
            let mut context = Map::new();
            context.insert("type".into(), Value::from(key));
            context.insert("name".into(), Value::from(name.as_str()));
            context.insert("version".into(), Value::from(version.as_str()));
            let contexts = &mut event.contexts.0;
            contexts.entry(key.into()).or_insert(Value::Object(context));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::capture::{BreadcrumbRing, ScopeData, ThrownValue};

    const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    fn defaults() -> EventDefaults {
        EventDefaults {
            release: Some("app@1.2.0".into()),
            environment: Some("production".into()),
            sdk: Sdk {
                name: "faultline.javascript".into(),
                version: "0.1.0".into(),
                ..Sdk::default()
            },
            linked_errors: true,
            http_context: true,
            ..EventDefaults::default()
        }
        .with_user_agent(CHROME.into())
    }

    fn capture(body: CaptureBody) -> Capture {
        let mut scope = ScopeData::default();
        scope.tags.insert("team".into(), "checkout".into());
        Capture {
            id: EventId::from_random([7; 16]),
            at: Timestamp(1_700_000_000_000),
            body,
            url: Some("https://app.example/cart".into()),
            scope: BreadcrumbRing::new(10).snapshot(&Rc::new(scope)),
            occurrences: 1,
        }
    }

    #[test]
    fn an_error_gets_release_page_browser_scope_and_its_exception() {
        let thrown = Thrown {
            values: vec![ThrownValue {
                is_error: true,
                name: Some("TypeError".into()),
                message: Some("x is undefined".into()),
                ..ThrownValue::default()
            }],
            truncated: false,
        };
        let body = CaptureBody::Error {
            thrown,
            via: ThrownVia::OnError,
            location: ErrorLocation::default(),
            cross_origin: false,
        };
        let event = build_event(capture(body), &defaults());
        assert_eq!(event.release.as_deref(), Some("app@1.2.0"));
        assert_eq!(event.platform, "javascript");
        assert_eq!(event.tags["team"], "checkout");
        let request = event.request.as_ref().unwrap();
        assert_eq!(request.url.as_deref(), Some("https://app.example/cart"));
        assert_eq!(request.headers["User-Agent"], CHROME);
        assert_eq!(event.contexts.0["browser"]["name"], "Chrome");
        let x = event.primary_exception().unwrap();
        assert_eq!(x.ty.as_deref(), Some("TypeError"));
        assert_eq!(event.sdk.as_ref().unwrap().name, "faultline.javascript");
    }

    #[test]
    fn a_cross_origin_script_error_is_one_tagged_issue() {
        let body = CaptureBody::Error {
            thrown: Thrown::default(),
            via: ThrownVia::OnError,
            location: ErrorLocation::default(),
            cross_origin: true,
        };
        let mut with_value = capture(body);
        if let CaptureBody::Error { thrown, .. } = &mut with_value.body {
            thrown.values.push(ThrownValue {
                js_type: Some("string".into()),
                text: Some("Script error.".into()),
                ..ThrownValue::default()
            });
        }
        let event = build_event(with_value, &defaults());
        assert_eq!(event.fingerprint, [CROSS_ORIGIN_FINGERPRINT]);
        assert_eq!(event.tags["cross_origin"], "true");
        assert!(event.extra.contains_key("faultline_hint"));
    }

    #[test]
    fn a_captured_event_keeps_its_own_release_and_gets_the_rest() {
        let own = Event {
            release: Some("other@9".into()),
            message: Some("hello".into()),
            ..Event::default()
        };
        let mut defaults = defaults();
        defaults.http_context = false;
        let event = build_event(capture(CaptureBody::Event(Box::new(own))), &defaults);
        assert_eq!(event.release.as_deref(), Some("other@9"));
        assert_eq!(event.environment.as_deref(), Some("production"));
        assert_eq!(event.message.as_deref(), Some("hello"));
        assert!(event.request.is_none());
    }

    #[test]
    fn the_tally_key_tells_messages_apart_by_text_only() {
        let message = |text: &str, level| CaptureBody::Message {
            text: text.into(),
            level,
        };
        let key = |body: CaptureBody| body.tally_key();
        assert_eq!(
            key(message("a", Level::Info)),
            key(message("a", Level::Error))
        );
        assert_ne!(
            key(message("a", Level::Info)),
            key(message("b", Level::Info))
        );
    }

    #[test]
    fn a_message_has_its_level() {
        let body = CaptureBody::Message {
            text: "disk full".into(),
            level: Level::Warning,
        };
        let event = build_event(capture(body), &defaults());
        assert_eq!(
            (event.message.as_deref(), event.level),
            (Some("disk full"), Level::Warning)
        );
    }
}
