//! What the engine is started with: the app's `init` options as core's types, and the
//! page's callbacks (the host). Read once in [`Config::from_js`]; never changed after.

use faultline_core::capture::{EventDefaults, Filters, Matcher};
use faultline_core::{FingerprintRules, InAppRules, ScrubOptions, Sdk, GROUPING_CONFIG};
use faultline_idb::Grouping;
use js_sys::{Array, Function, RegExp};
use wasm_bindgen::{JsCast, JsValue};

use crate::convert::{get, get_f64, get_text};

/// The database events go to unless `init` names another.
pub const DEFAULT_DB_NAME: &str = "faultline";
/// Breadcrumbs kept before each event unless `init` says otherwise.
pub const DEFAULT_MAX_BREADCRUMBS: usize = 100;
/// Errors every app ignores: browser noise, never a bug of the app.
pub const DEFAULT_IGNORE_ERRORS: &[&str] = &[
    "ResizeObserver loop limit exceeded",
    "ResizeObserver loop completed with undelivered notifications",
];

/// A pattern of `ignoreErrors`, `denyUrls` or `allowUrls`: a substring or a `RegExp`.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// Matches text containing it.
    Contains(String),
    /// Matches what the `RegExp` tests true.
    RegExp(RegExp),
}

impl Matcher for Pattern {
    fn matches(&self, text: &str) -> bool {
        match self {
            Pattern::Contains(part) => text.contains(part.as_str()),
            Pattern::RegExp(re) => {
                // A global or sticky RegExp keeps state between tests; start each from 0.
                re.set_last_index(0);
                re.test(text)
            }
        }
    }
}

/// The page's callbacks: where the engine's answers go.
#[derive(Debug, Clone)]
pub(crate) struct Host {
    /// `warn(text)`: the page prints it (its console sensor leaves no breadcrumb for it).
    pub warn: Option<Function>,
    /// `sleep(ms)`: a promise resolved after `ms` milliseconds.
    pub sleep: Option<Function>,
    /// `ack(seq)`: every item of batches up to `seq` is stored or dropped (and counted).
    pub ack: Option<Function>,
    /// `stored(events, issues)`: a batch was stored (see `notify::stored`). `None` when
    /// nothing on the page listens (no badge, notices or bridge).
    pub stored: Option<Function>,
    /// Whether `stored` gets the batch's events (`init`'s `bridge` forwards them to a
    /// viewer); without, the list is empty: making and posting every stored event for
    /// nothing cost a burst up to a tenth of its time, in the engine and on the page.
    pub stored_events: bool,
    /// `beforeSend(events)`: the app's hook runs on the page; resolves to one answer per
    /// event (see `round_trip.rs`). `None` when the app has none.
    pub before_send: Option<Function>,
    /// `resolveFrames(events)`: the same events with frames made original through source
    /// maps (see `symbols.rs`). `None` unless `init` has `sourceMaps`.
    pub resolve_frames: Option<Function>,
    /// `upgrade(dbName)`: converts a database an older version wrote, through the read
    /// module (this wasm does not carry the conversions); resolves to whether it opened.
    pub upgrade: Option<Function>,
}

impl Host {
    fn from_js(host: &JsValue, options: &JsValue) -> Host {
        let function = |key: &str| get(host, key).dyn_into::<Function>().ok();
        Host {
            warn: function("warn"),
            sleep: function("sleep"),
            ack: function("ack"),
            stored: function("stored"),
            stored_events: get(options, "storedEvents").is_truthy(),
            before_send: function("beforeSend"),
            resolve_frames: function("resolveFrames"),
            upgrade: function("upgrade"),
        }
    }
}

/// The app's options and the page's callbacks, as the engine uses them.
#[derive(Debug)]
pub(crate) struct Config {
    /// What every event gets (release, environment, SDK, page context).
    pub defaults: EventDefaults,
    /// `ignoreErrors` (with the defaults), `denyUrls`, `allowUrls`.
    pub filters: Filters<Pattern>,
    /// `inAppInclude`, `inAppExclude`; `None` when both are empty.
    pub in_app: Option<InAppRules>,
    /// `fingerprintRules`, parsed once; `None` without rules or when they did not parse
    /// (`rules_error` says why).
    pub rules: Option<FingerprintRules>,
    /// Why `fingerprintRules` were ignored.
    pub rules_error: Option<String>,
    /// What events are grouped by (the rules' config and their text as given), told to
    /// storage so the viewer can offer to regroup issues grouped otherwise.
    pub grouping: Grouping,
    /// `sendDefaultPii`.
    pub scrub: ScrubOptions,
    /// `sampleRate`, in [0, 1].
    pub sample_rate: f64,
    /// `maxBreadcrumbs`, at most 1000.
    pub max_breadcrumbs: usize,
    /// The `dedupe` integration.
    pub dedupe: bool,
    /// `dbName`.
    pub db_name: String,
    /// Whether `init` has a `dsn`: stored events then also go to the sync outbox.
    pub has_dsn: bool,
    /// The page's callbacks.
    pub host: Host,
}

impl Config {
    /// Reads `init`'s options (unknown or mistyped fields are ignored) and the host.
    pub fn from_js(options: &JsValue, host: &JsValue) -> Config {
        let integrations = get(options, "integrations");
        let on = |key: &str| get(&integrations, key).as_bool().unwrap_or(true);
        let mut filters = Filters {
            ignore_errors: DEFAULT_IGNORE_ERRORS
                .iter()
                .map(|s| Pattern::Contains(s.to_string()))
                .collect(),
            deny_urls: patterns(&get(options, "denyUrls")),
            allow_urls: patterns(&get(options, "allowUrls")),
        };
        filters
            .ignore_errors
            .extend(patterns(&get(options, "ignoreErrors")));
        let mut grouping = Grouping {
            config: GROUPING_CONFIG.to_string(),
            rules: String::new(),
        };
        let (rules, rules_error) = match get_text(options, "fingerprintRules") {
            None => (None, None),
            Some(text) => match FingerprintRules::parse(&text) {
                Ok(rules) => {
                    grouping = Grouping {
                        config: rules.config().to_string(),
                        rules: text,
                    };
                    (Some(rules), None)
                }
                Err(e) => (None, Some(e.to_string())),
            },
        };
        let include = strings(&get(options, "inAppInclude"));
        let exclude = strings(&get(options, "inAppExclude"));
        let in_app = (!include.is_empty() || !exclude.is_empty()).then(|| InAppRules {
            include,
            exclude,
            third_party_urls: Vec::new(),
        });
        let defaults = EventDefaults {
            release: get_text(options, "release"),
            environment: get_text(options, "environment"),
            dist: get_text(options, "dist"),
            sdk: Sdk {
                name: "faultline.javascript".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                ..Sdk::default()
            },
            linked_errors: on("linkedErrors"),
            http_context: on("httpContext"),
            ..EventDefaults::default()
        }
        .with_user_agent(get_text(options, "userAgent").unwrap_or_default());
        let sample_rate = get_f64(options, "sampleRate").filter(|r| !r.is_nan());
        let max_breadcrumbs = get_f64(options, "maxBreadcrumbs").filter(|n| *n >= 0.0);
        Config {
            defaults,
            filters,
            in_app,
            rules,
            rules_error,
            grouping,
            scrub: ScrubOptions {
                send_default_pii: get(options, "sendDefaultPii").as_bool().unwrap_or(false),
                extra_sensitive_keys: Vec::new(),
            },
            sample_rate: sample_rate.map_or(1.0, |r| r.clamp(0.0, 1.0)),
            max_breadcrumbs: max_breadcrumbs
                .map_or(DEFAULT_MAX_BREADCRUMBS, |n| n.min(1000.0) as usize),
            dedupe: on("dedupe"),
            db_name: get_text(options, "dbName")
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| DEFAULT_DB_NAME.to_string()),
            has_dsn: get_text(options, "dsn").is_some_and(|d| !d.trim().is_empty()),
            host: Host::from_js(host, options),
        }
    }
}

fn patterns(value: &JsValue) -> Vec<Pattern> {
    let Some(list) = value.dyn_ref::<Array>() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|item| match item.dyn_into::<RegExp>() {
            Ok(re) => Some(Pattern::RegExp(re)),
            Err(item) => item.as_string().map(Pattern::Contains),
        })
        .collect()
}

fn strings(value: &JsValue) -> Vec<String> {
    value
        .dyn_ref::<Array>()
        .map(|list| list.iter().filter_map(|s| s.as_string()).collect())
        .unwrap_or_default()
}
