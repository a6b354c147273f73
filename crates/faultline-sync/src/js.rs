//! Every conversion between JS values and Rust in this crate: the stored sync state and
//! lease, fetch's request options and responses, event JSON, and the Web Locks binding.
//! Everything outside this module works on Rust types.

use faultline_core::{ResponseInfo, Timestamp};
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Response};

use crate::error::JsError;
use crate::state::SyncState;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window or worker).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;

    /// `navigator.locks` (Web Locks), bound here because web-sys marks it unstable.
    pub(crate) type LockManager;
    #[wasm_bindgen(catch, method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &Function) -> Result<Promise, JsValue>;
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    if !target.is_object() {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn get_f64(target: &JsValue, key: &str) -> Option<f64> {
    get(target, key)?.as_f64().filter(|n| n.is_finite())
}

fn get_u64(target: &JsValue, key: &str) -> u64 {
    get_f64(target, key).map_or(0, |n| n.max(0.0) as u64)
}

fn get_time(target: &JsValue, key: &str) -> Option<Timestamp> {
    get_f64(target, key).map(|n| Timestamp(n as i64))
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn time(t: Option<Timestamp>) -> JsValue {
    t.map_or(JsValue::NULL, |t| JsValue::from_f64(t.as_millis() as f64))
}

fn num(n: u64) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// The stored shape of [`SyncState`] (documented in `state.rs`).
pub(crate) fn state_to_js(s: &SyncState) -> JsValue {
    let o = Object::new();
    set(&o, "server", &JsValue::from_str(&s.server));
    set(&o, "pending", &num(s.pending));
    set(&o, "pendingBytes", &num(s.pending_bytes));
    set(&o, "lastSuccess", &time(s.last_success));
    let last_error = s
        .last_error
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    set(&o, "lastError", &last_error);
    set(&o, "lastErrorAt", &time(s.last_error_at));
    set(&o, "nextRetry", &time(s.next_retry));
    set(&o, "rateLimitedUntil", &time(s.rate_limited_until));
    set(&o, "failures", &num(u64::from(s.failures)));
    set(&o, "sent", &num(s.sent));
    set(&o, "dropped", &num(s.dropped));
    set(&o, "errors", &num(s.errors));
    let reported = Object::new();
    for (reason, n) in &s.reported {
        set(&reported, reason, &num(*n));
    }
    set(&o, "reported", &reported);
    set(&o, "updated", &time(Some(s.updated)));
    o.into()
}

/// Reads a stored sync state; `None` when `value` is not one.
pub(crate) fn state_from_js(value: &JsValue) -> Option<SyncState> {
    if !value.is_object() {
        return None;
    }
    let reported = get(value, "reported")
        .filter(JsValue::is_object)
        .map(|r| {
            Object::keys(r.unchecked_ref::<Object>())
                .iter()
                .filter_map(|k| {
                    let key = k.as_string()?;
                    let n = get_f64(&r, &key)?;
                    Some((key, n.max(0.0) as u64))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(SyncState {
        server: get(value, "server")
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        pending: get_u64(value, "pending"),
        pending_bytes: get_u64(value, "pendingBytes"),
        last_success: get_time(value, "lastSuccess"),
        last_error: get(value, "lastError").and_then(|v| v.as_string()),
        last_error_at: get_time(value, "lastErrorAt"),
        next_retry: get_time(value, "nextRetry"),
        rate_limited_until: get_time(value, "rateLimitedUntil"),
        failures: u32::try_from(get_u64(value, "failures")).unwrap_or(u32::MAX),
        sent: get_u64(value, "sent"),
        dropped: get_u64(value, "dropped"),
        errors: get_u64(value, "errors"),
        reported,
        updated: get_time(value, "updated").unwrap_or_default(),
    })
}

/// The lease a tab holds on sending, in browsers without Web Locks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lease {
    /// The holder's random id.
    pub owner: String,
    /// When the lease runs out unless renewed.
    pub until: Timestamp,
}

pub(crate) fn lease_to_js(lease: &Lease) -> JsValue {
    let o = Object::new();
    set(&o, "owner", &JsValue::from_str(&lease.owner));
    set(&o, "until", &time(Some(lease.until)));
    o.into()
}

pub(crate) fn lease_from_js(value: &JsValue) -> Option<Lease> {
    Some(Lease {
        owner: get(value, "owner")?.as_string()?,
        until: get_time(value, "until")?,
    })
}

/// A response as far as the policy cares, owned; `status: None` for a network error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Reply {
    pub status: Option<u16>,
    pub retry_after: Option<String>,
    pub rate_limits: Option<String>,
    /// Why the request failed, when it did not get a response.
    pub error: Option<String>,
}

impl Reply {
    pub fn info(&self) -> ResponseInfo<'_> {
        ResponseInfo {
            status: self.status,
            retry_after: self.retry_after.as_deref(),
            rate_limits: self.rate_limits.as_deref(),
        }
    }

    /// `HTTP 503`, `HTTP 429 (rate limited)`, `network error: TypeError: Failed to fetch`.
    pub fn describe(&self) -> String {
        match (self.status, &self.error) {
            (Some(429), _) => "HTTP 429 (rate limited)".to_string(),
            (Some(status), _) => format!("HTTP {status}"),
            (None, Some(error)) => format!("network error: {error}"),
            (None, None) => "network error".to_string(),
        }
    }
}

/// Posts `body` as `text/plain` (a string body: no CORS preflight) to `url`.
pub(crate) fn fetch(
    url: &str,
    body: &str,
    keepalive: bool,
    signal: Option<&AbortSignal>,
) -> Result<Promise, JsError> {
    let init = Object::new();
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "body", &JsValue::from_str(body));
    set(&init, "keepalive", &JsValue::from_bool(keepalive));
    // Send the origin only, never the page's path and query.
    set(&init, "referrerPolicy", &JsValue::from_str("strict-origin"));
    if let Some(signal) = signal {
        set(&init, "signal", signal);
    }
    global_fetch(url, &init).map_err(|e| JsError::from_js(&e))
}

/// Reads one result of `Promise.allSettled` over fetches.
pub(crate) fn reply_from_settled(result: &JsValue) -> Reply {
    if let Some(response) = get(result, "value").and_then(|v| v.dyn_into::<Response>().ok()) {
        let headers = response.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        return Reply {
            status: Some(response.status()),
            retry_after: header("Retry-After"),
            rate_limits: header("X-Sentry-Rate-Limits"),
            error: None,
        };
    }
    let reason = get(result, "reason").unwrap_or(JsValue::UNDEFINED);
    Reply {
        error: Some(JsError::from_js(&reason).to_string()),
        ..Reply::default()
    }
}

/// Waits for every promise to settle; their results, in order.
pub(crate) async fn all_settled(promises: Vec<Promise>) -> Vec<JsValue> {
    let array: Array = promises.into_iter().collect();
    match wasm_bindgen_futures::JsFuture::from(Promise::all_settled(&array)).await {
        Ok(results) => Array::from(&results).to_vec(),
        // allSettled never rejects; treat the impossible as every request failing.
        Err(_) => vec![JsValue::UNDEFINED; array.length() as usize],
    }
}

/// The JSON text of an outbox entry's event. Without `send_default_pii`, any IP address
/// is removed; with it, the server is asked to fill in the sender's (`{{auto}}`), as
/// Sentry's SDKs do.
pub(crate) fn event_json(event: &JsValue, send_default_pii: bool) -> Result<String, JsError> {
    let user = get(event, "user").filter(JsValue::is_object);
    match (user, send_default_pii) {
        (Some(user), false) => {
            let _ = Reflect::delete_property(user.unchecked_ref::<Object>(), &"ip_address".into());
        }
        (Some(user), true) if get(&user, "ip_address").is_none() => {
            set(user.unchecked_ref(), "ip_address", &"{{auto}}".into());
        }
        (None, true) if event.is_object() => {
            let user = Object::new();
            set(&user, "ip_address", &"{{auto}}".into());
            set(event.unchecked_ref(), "user", &user);
        }
        _ => {}
    }
    JSON::stringify(event)
        .map(String::from)
        .map_err(|e| JsError::from_js(&e))
}

/// `navigator.locks`, when the browser has Web Locks.
pub(crate) fn lock_manager() -> Option<LockManager> {
    let navigator = get(&js_sys::global(), "navigator")?;
    get(&navigator, "locks")
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
}

/// `locks.request(name, callback)`: `callback` runs once the lock is granted and holds it
/// until the promise it returns settles.
pub(crate) fn request_lock(
    locks: &LockManager,
    name: &str,
    callback: &Function,
) -> Result<Promise, JsError> {
    locks
        .request(name, callback)
        .map_err(|e| JsError::from_js(&e))
}

/// Whether a `message` event from the storage channel announces newly recorded events.
pub(crate) fn is_recorded_message(data: &JsValue) -> bool {
    get(data, "type").and_then(|t| t.as_string()).as_deref() == Some("recorded")
}

/// Whether the document is hidden (false where there is no document).
pub(crate) fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}
