//! Posting envelopes with `fetch`: `keepalive` while the browser's 64 KiB budget for such
//! requests allows (so a request survives the page closing), a timeout per request.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use crate::clock::Timer;
use crate::js::{self, Reply};
use crate::shared::Shared;

/// Bytes of request bodies browsers allow in flight with `keepalive`.
pub const KEEPALIVE_MAX_BYTES: usize = 64 * 1024;
/// Requests in flight with `keepalive` at most (as Sentry's SDK does).
pub const KEEPALIVE_MAX_REQUESTS: usize = 15;

/// A request in flight: what it holds of the keepalive budget, and its timeout.
struct InFlight {
    keepalive_bytes: Option<usize>,
    _timeout: Option<Timer>,
}

/// Posts every body to the envelope endpoint at once; the replies, in order.
pub(crate) async fn post_all(s: &Rc<Shared>, bodies: &[String]) -> Vec<Reply> {
    if bodies.is_empty() {
        return Vec::new();
    }
    let mut in_flight = Vec::with_capacity(bodies.len());
    let mut promises = Vec::with_capacity(bodies.len());
    for body in bodies {
        let (promise, held) = start(s, body);
        promises.push(promise);
        in_flight.push(held);
    }
    let settled = js::all_settled(promises).await;
    for held in in_flight {
        if let Some(bytes) = held.keepalive_bytes {
            s.with(|r| {
                r.keepalive.0 = r.keepalive.0.saturating_sub(bytes);
                r.keepalive.1 = r.keepalive.1.saturating_sub(1);
            });
        }
    }
    settled.iter().map(js::reply_from_settled).collect()
}

/// Posts one body; its reply.
pub(crate) async fn post(s: &Rc<Shared>, body: String) -> Reply {
    post_all(s, &[body]).await.pop().unwrap_or_default()
}

/// Starts one request; a `fetch` that throws at once becomes a rejected promise.
fn start(s: &Rc<Shared>, body: &str) -> (Promise, InFlight) {
    let bytes = body.len();
    let keepalive = s
        .with(|r| {
            let fits = r.keepalive.0 + bytes <= KEEPALIVE_MAX_BYTES
                && r.keepalive.1 < KEEPALIVE_MAX_REQUESTS;
            if fits {
                r.keepalive.0 += bytes;
                r.keepalive.1 += 1;
            }
            fits
        })
        .unwrap_or(false);
    let controller = AbortController::new().ok();
    let timeout = controller.as_ref().map(|c| {
        let c = c.clone();
        s.options
            .clock
            .set_timer(s.options.request_timeout_ms, Box::new(move || c.abort()))
    });
    let signal = controller.as_ref().map(AbortController::signal);
    let promise = match js::fetch(&s.url, body, keepalive, signal.as_ref()) {
        Ok(promise) => promise,
        Err(e) => Promise::reject(&JsValue::from_str(&e.to_string())),
    };
    let held = InFlight {
        keepalive_bytes: keepalive.then_some(bytes),
        _timeout: timeout,
    };
    (promise, held)
}
