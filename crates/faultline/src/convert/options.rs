//! The JS `init` options object to [`Options`]; unknown or mistyped fields are ignored.

use js_sys::{Array, Function, RegExp};
use wasm_bindgen::{JsCast, JsValue};

use super::value::{get, get_f64, get_text};
#[cfg(feature = "rust-api")]
use crate::options::{BeforeBreadcrumb, BeforeSend, Hook};
use crate::options::{Integrations, Options, Pattern};

/// The function at `options[key]`, if it is one.
fn hook(options: &JsValue, key: &str) -> Option<Function> {
    get(options, key).dyn_into::<Function>().ok()
}

/// Reads the options object passed to JS `init`.
pub(crate) fn options_from_js(value: &JsValue) -> Options {
    let mut o = Options::default();
    let flag = |key: &str, default: bool| get(value, key).as_bool().unwrap_or(default);
    o.release = get_text(value, "release");
    o.environment = get_text(value, "environment");
    o.dist = get_text(value, "dist");
    o.dsn = get_text(value, "dsn");
    if let Some(rate) = get_f64(value, "sampleRate").filter(|r| !r.is_nan()) {
        o.sample_rate = rate.clamp(0.0, 1.0);
    }
    if let Some(n) = get_f64(value, "maxBreadcrumbs").filter(|n| *n >= 0.0) {
        o.max_breadcrumbs = n.min(1000.0) as usize;
    }
    o.before_send_batch = hook(value, "beforeSendBatch");
    #[cfg(feature = "rust-api")]
    {
        o.before_send = hook(value, "beforeSend").map(|f| BeforeSend(Hook::Js(f)));
        o.before_breadcrumb =
            hook(value, "beforeBreadcrumb").map(|f| BeforeBreadcrumb(Hook::Js(f)));
    }
    o.ignore_errors
        .extend(patterns(&get(value, "ignoreErrors")));
    o.deny_urls = patterns(&get(value, "denyUrls"));
    o.allow_urls = patterns(&get(value, "allowUrls"));
    o.in_app_include = strings(&get(value, "inAppInclude"));
    o.in_app_exclude = strings(&get(value, "inAppExclude"));
    o.fingerprint_rules = get_text(value, "fingerprintRules");
    o.send_default_pii = flag("sendDefaultPii", false);
    o.integrations = integrations_from_js(&get(value, "integrations"));
    if let Some(name) = get_text(value, "dbName").filter(|n| !n.is_empty()) {
        o.db_name = name;
    }
    o
}

fn integrations_from_js(value: &JsValue) -> Integrations {
    let d = Integrations::default();
    let on = |key: &str, default: bool| get(value, key).as_bool().unwrap_or(default);
    Integrations {
        on_error: on("onerror", d.on_error),
        on_unhandled_rejection: on("onunhandledrejection", d.on_unhandled_rejection),
        panic: on("panic", d.panic),
        linked_errors: on("linkedErrors", d.linked_errors),
        console: on("console", d.console),
        dom: on("dom", d.dom),
        history: on("history", d.history),
        fetch: on("fetch", d.fetch),
        xhr: on("xhr", d.xhr),
        dedupe: on("dedupe", d.dedupe),
        http_context: on("httpContext", d.http_context),
    }
}

/// An array of strings and RegExps.
fn patterns(value: &JsValue) -> Vec<Pattern> {
    let Some(list) = value.dyn_ref::<Array>() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|item| match item.dyn_into::<RegExp>() {
            Ok(re) => Some(Pattern::regexp(re)),
            Err(item) => item.as_string().map(|s| Pattern::text(&s)),
        })
        .collect()
}

fn strings(value: &JsValue) -> Vec<String> {
    value
        .dyn_ref::<Array>()
        .map(|list| list.iter().filter_map(|s| s.as_string()).collect())
        .unwrap_or_default()
}
