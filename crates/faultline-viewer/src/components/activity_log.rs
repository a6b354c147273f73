//! An issue's history: status changes with time and reason, newest first.

use faultline_core::Activity;
use yew::prelude::*;

use crate::components::relative_time;
use crate::describe::describe_activity;

/// Props of [`ActivityLog`].
#[derive(Properties, PartialEq)]
pub struct ActivityLogProps {
    /// The history, oldest first.
    pub activity: Vec<Activity>,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
}

/// A list of entries.
#[function_component(ActivityLog)]
pub fn activity_log(props: &ActivityLogProps) -> Html {
    if props.activity.is_empty() {
        return html! { <p class="muted">{ "No activity recorded." }</p> };
    }
    html! {
        <ol class="activity">
            { for props.activity.iter().rev().map(|a| {
                let (class, text) = describe_activity(a);
                html! {
                    <li class={classes!("entry", class)}>
                        <span class="dot" aria-hidden="true"></span>
                        <span class="text">{ text }</span>
                        { relative_time(a.at.0, props.now, "when") }
                    </li>
                }
            }) }
        </ol>
    }
}
