//! Options given to `init`: what to capture, and the hooks and filters applied to it.

use std::fmt;
#[cfg(feature = "rust-api")]
use std::rc::Rc;

#[cfg(feature = "rust-api")]
use faultline_core::{Breadcrumb, Event};

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

/// How Faultline is set up in an app.
#[derive(Clone)]
pub struct Options {
    /// The app's release, such as `1.4.2` or a commit hash.
    pub release: Option<String>,
    /// `production`, `staging`, `development`, ...
    pub environment: Option<String>,
    /// The release's distribution (a build variant).
    pub dist: Option<String>,
    /// Where to sync events to (a Sentry DSN); held for the sync adapter.
    pub dsn: Option<String>,
    /// The share of error events kept, from 0.0 to 1.0.
    pub sample_rate: f64,
    /// How many breadcrumbs are kept (the newest).
    pub max_breadcrumbs: usize,
    /// Called with each event before it is stored; `None` drops it (the Rust path; the JS
    /// package's engine has `before_send_batch`).
    #[cfg(feature = "rust-api")]
    pub before_send: Option<BeforeSend>,
    /// The engine's `before_send` (JS package): `(events) => Promise<results>`, where each
    /// result is the event (changed or not), or `null` to drop it, or `{ threw: message }`.
    /// The app's hook runs on the page's main thread; this is one round trip per batch.
    #[doc(hidden)]
    pub before_send_batch: Option<js_sys::Function>,
    /// Called with each breadcrumb before it is kept; `None` drops it (the Rust path; the
    /// JS package's page runs `beforeBreadcrumb` itself).
    #[cfg(feature = "rust-api")]
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
            #[cfg(feature = "rust-api")]
            before_send: None,
            before_send_batch: None,
            #[cfg(feature = "rust-api")]
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
            .finish_non_exhaustive()
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
}

/// The `before_send` hook.
#[cfg(feature = "rust-api")]
#[derive(Clone)]
pub struct BeforeSend(pub(crate) Hook<Event>);

/// The `before_breadcrumb` hook.
#[cfg(feature = "rust-api")]
#[derive(Clone)]
pub struct BeforeBreadcrumb(pub(crate) Hook<Breadcrumb>);

/// A hook written in Rust, or a JS function (from the JS `init`).
#[cfg(feature = "rust-api")]
#[derive(Clone)]
pub(crate) enum Hook<T> {
    Rust(Rc<dyn Fn(T) -> Option<T>>),
    Js(js_sys::Function),
}

#[cfg(feature = "rust-api")]
impl BeforeSend {
    /// A Rust `before_send`: return the event (changed or not) to keep it, `None` to drop it.
    pub fn new(f: impl Fn(Event) -> Option<Event> + 'static) -> BeforeSend {
        BeforeSend(Hook::Rust(Rc::new(f)))
    }
}

#[cfg(feature = "rust-api")]
impl BeforeBreadcrumb {
    /// A Rust `before_breadcrumb`: return the breadcrumb to keep it, `None` to drop it.
    pub fn new(f: impl Fn(Breadcrumb) -> Option<Breadcrumb> + 'static) -> BeforeBreadcrumb {
        BeforeBreadcrumb(Hook::Rust(Rc::new(f)))
    }
}
