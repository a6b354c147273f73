//! An issue's history: status changes with time and reason, newest first.

use faultline_core::Activity;
use yew::prelude::*;

use crate::components::relative_time;
use crate::describe::describe_activity;

/// The history `activity` (oldest first) as a list of entries, newest first; `now` in
/// milliseconds since the epoch.
pub fn activity_log(activity: &[Activity], now: i64) -> Html {
    if activity.is_empty() {
        return html! { <p class="muted">{ "No activity recorded." }</p> };
    }
    html! {
        <ol class="activity">
            { for activity.iter().rev().map(|a| {
                let (class, text) = describe_activity(a);
                html! {
                    <li class={classes!("entry", class)}>
                        <span class="dot" aria-hidden="true"></span>
                        <span class="text">{ text }</span>
                        { relative_time(a.at.0, now, "when") }
                    </li>
                }
            }) }
        </ol>
    }
}
