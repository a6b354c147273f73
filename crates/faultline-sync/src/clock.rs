//! Time, randomness and timers, behind a trait so tests can drive the sender with a fake
//! clock instead of waiting out real backoffs.

use faultline_core::Timestamp;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the sender gets the time, its jitter and its timers.
pub trait Clock {
    /// The current wall-clock time.
    fn now(&self) -> Timestamp;
    /// A random number in `[0, 1)` that spreads retries (see `faultline_core::backoff_delay_ms`).
    fn jitter(&self) -> f64;
    /// Calls `callback` once after `delay_ms`, unless the returned [`Timer`] is dropped first.
    fn set_timer(&self, delay_ms: i64, callback: Box<dyn FnOnce()>) -> Timer;
}

/// A pending timer; dropping it cancels it.
#[must_use = "dropping a Timer cancels it"]
pub struct Timer {
    cancel: Option<Box<dyn FnOnce()>>,
}

impl Timer {
    /// A timer whose cancellation runs `cancel` (called at most once, on drop).
    pub fn new(cancel: impl FnOnce() + 'static) -> Timer {
        Timer {
            cancel: Some(Box::new(cancel)),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            cancel();
        }
    }
}

impl std::fmt::Debug for Timer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Timer")
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Resolves after `ms` on `clock` (never, if the clock never gets there).
pub(crate) async fn sleep(clock: &dyn Clock, ms: i64) {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |ok, _| resolve = Some(ok));
    let Some(resolve) = resolve else { return };
    let _timer = clock.set_timer(
        ms,
        Box::new(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }),
    );
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The browser's clock: `Date.now()`, `Math.random()` and `setTimeout`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> Timestamp {
        Timestamp(js_sys::Date::now() as i64)
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    fn set_timer(&self, delay_ms: i64, callback: Box<dyn FnOnce()>) -> Timer {
        // setTimeout takes a signed 32-bit delay; longer waits are re-checked when they end.
        let ms = i32::try_from(delay_ms.max(0)).unwrap_or(i32::MAX);
        let closure = Closure::once(callback);
        let id = set_timeout(closure.as_ref().unchecked_ref(), ms);
        Timer::new(move || {
            clear_timeout(&id);
            drop(closure);
        })
    }
}
