//! Options given to `init`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The database name used when none is configured.
pub const DEFAULT_DB_NAME: &str = "faultline";

/// How Faultline is set up in an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The app's release, such as `1.4.2` or a commit hash.
    pub release: Option<String>,
    /// `production`, `staging`, `development`, ...
    pub environment: Option<String>,
    /// The IndexedDB database to store into (the viewer reads the same name).
    pub db_name: String,
    /// Where to sync events to (a Sentry DSN); sync is off without one.
    pub dsn: Option<String>,
    /// Whether the server may record personal data (the sender's IP address). Off by default.
    pub send_default_pii: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release: None,
            environment: None,
            db_name: DEFAULT_DB_NAME.to_string(),
            dsn: None,
            send_default_pii: false,
        }
    }
}

/// Reads the options object passed to JS `init`; unknown or mistyped fields are ignored.
pub(crate) fn options_from_js(value: &JsValue) -> Options {
    let get = |key: &str| -> Option<String> {
        if !value.is_object() {
            return None;
        }
        Reflect::get(value, &JsValue::from_str(key))
            .ok()?
            .as_string()
    };
    Options {
        release: get("release"),
        environment: get("environment"),
        db_name: get("dbName").unwrap_or_else(|| DEFAULT_DB_NAME.to_string()),
        dsn: get("dsn"),
        send_default_pii: value.is_object()
            && Reflect::get(value, &JsValue::from_str("sendDefaultPii"))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
    }
}
