//! Options given to `init`: what to capture, the hooks and filters applied to it, and
//! where the engine is served. They become the page part's `init` options.

use std::fmt;

use faultline_core::{Breadcrumb, Event};
use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;

use crate::convert::{self, set};

/// The database name used when none is configured.
pub const DEFAULT_DB_NAME: &str = "faultline";

/// Breadcrumbs kept when `max_breadcrumbs` is not set (Sentry's default).
pub const DEFAULT_MAX_BREADCRUMBS: usize = 100;

/// Messages ignored unless `ignore_errors` is set: the browser's harmless ResizeObserver
/// loop notices.
pub const DEFAULT_IGNORE_ERRORS: &[&str] = &[
    "ResizeObserver loop limit exceeded",
    "ResizeObserver loop completed with undelivered notifications",
];

/// Where the engine's files are served when `engine_url` is not set: the directory
/// `faultline/` beside the app's own JS (trunk's `dist/`; see the crate docs).
pub const DEFAULT_ENGINE_DIR: &str = "faultline/";

/// How Faultline is set up in an app.
#[derive(Clone)]
pub struct Options {
    /// The app's release, such as `1.4.2` or a commit hash.
    pub release: Option<String>,
    /// `production`, `staging`, `development`, ...
    pub environment: Option<String>,
    /// The release's distribution (a build variant).
    pub dist: Option<String>,
    /// Where to sync events to (a Sentry DSN).
    pub dsn: Option<String>,
    /// The share of error events kept, from 0.0 to 1.0.
    pub sample_rate: f64,
    /// How many breadcrumbs are kept (the newest).
    pub max_breadcrumbs: usize,
    /// Called with each finished event before it is stored; `None` drops it.
    pub before_send: Option<BeforeSend>,
    /// Called with each breadcrumb before it is kept; `None` drops it.
    pub before_breadcrumb: Option<BeforeBreadcrumb>,
    /// Events whose message or `Type: value` matches one of these are dropped.
    pub ignore_errors: Vec<Pattern>,
    /// Events thrown from a script whose URL matches one of these are dropped.
    pub deny_urls: Vec<Pattern>,
    /// When not empty, only events thrown from scripts whose URL matches one are kept.
    pub allow_urls: Vec<Pattern>,
    /// URL or module prefixes of the app's own code (core's in-app rules apply them).
    pub in_app_include: Vec<String>,
    /// URL or module prefixes of third-party code (core's in-app rules apply them).
    pub in_app_exclude: Vec<String>,
    /// Fingerprint rules, in core's text format (core's grouping applies them).
    pub fingerprint_rules: Option<String>,
    /// Whether personal data (input values, IP address, cookies) may be kept. Off by default.
    pub send_default_pii: bool,
    /// Which capture sources are on.
    pub integrations: Integrations,
    /// The IndexedDB database to store into (the viewer reads the same name).
    pub db_name: String,
    /// Where the engine's files (`worker.js`, `engine.js`, `faultline_glue.js`,
    /// `faultline_bg.wasm`, `sync/`: the JS package's `pkg/`) are served, resolved against
    /// the page. `None`: [`DEFAULT_ENGINE_DIR`] beside the app's JS.
    pub engine_url: Option<String>,
    /// Whether the engine may run in a module Worker (off the main thread); `false` runs it
    /// on the page. Where no Worker can start it runs on the page anyway.
    pub worker: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release: None,
            environment: None,
            dist: None,
            dsn: None,
            sample_rate: 1.0,
            max_breadcrumbs: DEFAULT_MAX_BREADCRUMBS,
            before_send: None,
            before_breadcrumb: None,
            ignore_errors: DEFAULT_IGNORE_ERRORS
                .iter()
                .map(|s| Pattern::text(s))
                .collect(),
            deny_urls: Vec::new(),
            allow_urls: Vec::new(),
            in_app_include: Vec::new(),
            in_app_exclude: Vec::new(),
            fingerprint_rules: None,
            send_default_pii: false,
            integrations: Integrations::default(),
            db_name: DEFAULT_DB_NAME.to_string(),
            engine_url: None,
            worker: true,
        }
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("release", &self.release)
            .field("environment", &self.environment)
            .field("sample_rate", &self.sample_rate)
            .field("max_breadcrumbs", &self.max_breadcrumbs)
            .field("db_name", &self.db_name)
            .field("engine_url", &self.engine_url)
            .finish_non_exhaustive()
    }
}

impl Options {
    /// The page part's `init` options; `engine_url` is the resolved engine directory.
    pub(crate) fn to_js(&self, engine_url: &str) -> JsValue {
        let o = Object::new();
        for (key, value) in [
            ("release", &self.release),
            ("environment", &self.environment),
            ("dist", &self.dist),
            ("dsn", &self.dsn),
            ("fingerprintRules", &self.fingerprint_rules),
        ] {
            if let Some(v) = value {
                set(&o, key, v.as_str());
            }
        }
        set(&o, "sampleRate", self.sample_rate);
        set(&o, "maxBreadcrumbs", self.max_breadcrumbs as f64);
        if let Some(hook) = &self.before_send {
            set(&o, "beforeSend", hook.0.clone());
        }
        if let Some(hook) = &self.before_breadcrumb {
            set(&o, "beforeBreadcrumb", hook.0.clone());
        }
        for (key, patterns) in [
            ("ignoreErrors", &self.ignore_errors),
            ("denyUrls", &self.deny_urls),
            ("allowUrls", &self.allow_urls),
        ] {
            let list: Array = patterns.iter().map(Pattern::to_js).collect();
            set(&o, key, list);
        }
        for (key, prefixes) in [
            ("inAppInclude", &self.in_app_include),
            ("inAppExclude", &self.in_app_exclude),
        ] {
            let list: Array = prefixes.iter().map(|p| JsValue::from_str(p)).collect();
            set(&o, key, list);
        }
        set(&o, "sendDefaultPii", self.send_default_pii);
        set(&o, "integrations", self.integrations.to_js());
        set(&o, "dbName", self.db_name.as_str());
        set(&o, "engineUrl", engine_url);
        set(&o, "worker", self.worker);
        o.into()
    }
}

/// Switches for each capture source; all on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Integrations {
    /// Uncaught errors (`error` events on window).
    pub on_error: bool,
    /// Unhandled promise rejections.
    pub on_unhandled_rejection: bool,
    /// Rust panics (a panic hook, installed once, chaining the previous one).
    pub panic: bool,
    /// `error.cause` chains and `AggregateError` members as linked exceptions.
    pub linked_errors: bool,
    /// Console breadcrumbs.
    pub console: bool,
    /// Click and key-press breadcrumbs.
    pub dom: bool,
    /// Navigation breadcrumbs (history API, popstate, hashchange).
    pub history: bool,
    /// `fetch` breadcrumbs.
    pub fetch: bool,
    /// `XMLHttpRequest` breadcrumbs.
    pub xhr: bool,
    /// Dropping an event identical to the previous one within a second.
    pub dedupe: bool,
    /// Page URL, user agent, browser and OS on every event.
    pub http_context: bool,
}

impl Default for Integrations {
    fn default() -> Self {
        Integrations {
            on_error: true,
            on_unhandled_rejection: true,
            panic: true,
            linked_errors: true,
            console: true,
            dom: true,
            history: true,
            fetch: true,
            xhr: true,
            dedupe: true,
            http_context: true,
        }
    }
}

impl Integrations {
    /// The page part's `integrations` object.
    fn to_js(self) -> Object {
        let o = Object::new();
        for (key, on) in [
            ("onerror", self.on_error),
            ("onunhandledrejection", self.on_unhandled_rejection),
            ("linkedErrors", self.linked_errors),
            ("console", self.console),
            ("dom", self.dom),
            ("history", self.history),
            ("fetch", self.fetch),
            ("xhr", self.xhr),
            ("dedupe", self.dedupe),
            ("httpContext", self.http_context),
        ] {
            set(&o, key, on);
        }
        o
    }
}

/// A text or regular expression matched against messages or URLs.
#[derive(Debug, Clone)]
pub struct Pattern(PatternKind);

#[derive(Debug, Clone)]
enum PatternKind {
    Contains(String),
    RegExp(js_sys::RegExp),
}

impl Pattern {
    /// Matches any string that contains `text`.
    pub fn text(text: &str) -> Pattern {
        Pattern(PatternKind::Contains(text.to_string()))
    }

    /// Matches what the JavaScript regular expression matches.
    pub fn regexp(re: js_sys::RegExp) -> Pattern {
        Pattern(PatternKind::RegExp(re))
    }

    /// Whether `s` matches.
    pub fn matches(&self, s: &str) -> bool {
        match &self.0 {
            PatternKind::Contains(text) => s.contains(text.as_str()),
            PatternKind::RegExp(re) => {
                // A global or sticky RegExp keeps state between tests; start each from 0.
                re.set_last_index(0);
                re.test(s)
            }
        }
    }

    /// The string or RegExp the page part takes.
    fn to_js(&self) -> JsValue {
        match &self.0 {
            PatternKind::Contains(text) => JsValue::from_str(text),
            PatternKind::RegExp(re) => re.clone().into(),
        }
    }
}

/// The `before_send` hook: a Rust function the page part calls with each finished event
/// (the JS function wrapping it is made once, here).
#[derive(Clone)]
pub struct BeforeSend(Function);

/// The `before_breadcrumb` hook, wrapped the same way.
#[derive(Clone)]
pub struct BeforeBreadcrumb(Function);

impl BeforeSend {
    /// A Rust `before_send`: return the event (changed or not) to keep it, `None` to drop
    /// it. It runs on the page, as Sentry's does; the engine waits for its answer.
    pub fn new(f: impl Fn(Event) -> Option<Event> + 'static) -> BeforeSend {
        let hook = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |event: JsValue| {
            match convert::event_from_js(&event) {
                Some(parsed) => f(parsed).map_or(JsValue::NULL, |e| convert::event_to_js(&e)),
                // Not an event core can read: kept as it is, as the hook never saw it.
                None => event,
            }
        });
        BeforeSend(hook.into_js_value().unchecked_into())
    }
}

impl BeforeBreadcrumb {
    /// A Rust `before_breadcrumb`: return the breadcrumb to keep it, `None` to drop it.
    pub fn new(f: impl Fn(Breadcrumb) -> Option<Breadcrumb> + 'static) -> BeforeBreadcrumb {
        let hook = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |crumb: JsValue| {
            f(convert::breadcrumb_from_js(&crumb))
                .map_or(JsValue::NULL, |c| convert::breadcrumb_to_js(&c))
        });
        BeforeBreadcrumb(hook.into_js_value().unchecked_into())
    }
}

impl fmt::Debug for BeforeSend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BeforeSend")
    }
}

impl fmt::Debug for BeforeBreadcrumb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BeforeBreadcrumb")
    }
}
