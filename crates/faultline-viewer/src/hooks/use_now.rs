//! The clock, for relative times ("5 min ago") that stay true while the page is open.

use gloo_timers::callback::Interval;
use yew::prelude::*;

/// Milliseconds since the epoch, refreshed every `every_ms`.
#[hook]
pub fn use_now(every_ms: u32) -> i64 {
    let now = use_state(|| js_sys::Date::now() as i64);
    {
        let now = now.clone();
        use_effect_with(every_ms, move |every| {
            let interval = Interval::new(*every, move || now.set(js_sys::Date::now() as i64));
            move || drop(interval)
        });
    }
    *now
}
