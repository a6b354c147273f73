//! A relative time ("5 min ago") with the exact local time on hover.

use faultline_core::Timestamp;
use yew::prelude::*;

use crate::format::{exact_time, local_offset_minutes};
use crate::time_ago::time_ago;

/// `<time>` saying how long before `now` the instant `at` was (both in milliseconds since
/// the epoch), with a machine-readable and an exact tooltip; `class` may be empty.
pub fn relative_time(at: i64, now: i64, class: &'static str) -> Html {
    html! {
        <time class={(!class.is_empty()).then_some(class)} datetime={Timestamp(at).to_rfc3339()}
            title={exact_time(at, local_offset_minutes())}>
            { time_ago(at, now) }
        </time>
    }
}
