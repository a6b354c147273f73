//! Moving between an issue's stored events: oldest, older, newer, latest.

use std::rc::Rc;

use faultline_core::IssueId;
use yew::prelude::*;

use crate::components::{relative_time, Link};
use crate::route::Route;

/// What [`event_nav`] shows.
#[derive(PartialEq)]
pub struct EventNavProps {
    /// The issue.
    pub issue: IssueId,
    /// Its stored events' ids, newest first.
    pub ids: Rc<Vec<String>>,
    /// The position of the event shown.
    pub index: usize,
    /// When the event shown happened (ms).
    pub at: i64,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
}

/// Which event this is, and links to the others.
pub fn event_nav(props: &EventNavProps) -> Html {
    let n = props.ids.len();
    let link = |label: &str, target: Option<usize>, class: &str| match target {
        Some(i) if i != props.index && i < n => {
            let to = Route::Issue {
                id: props.issue,
                event: Some(props.ids[i].clone()),
            };
            html! { <Link {to} class={classes!("button", class.to_string())}>{ label.to_string() }</Link> }
        }
        _ => html! {
            <span class={classes!("button", "disabled", class.to_string())} aria-disabled="true">{ label.to_string() }</span>
        },
    };
    let id = props.ids.get(props.index).cloned().unwrap_or_default();
    html! {
        <div class="event-nav">
            <div class="which">
                <span class="label">{ "Event" }</span>
                <code class="event-id" title={id.clone()}>{ id.chars().take(8).collect::<String>() }</code>
                { relative_time(props.at, props.now, "") }
                <span class="muted position">{ format!("{} of {n}", n - props.index) }</span>
            </div>
            <nav class="event-links" aria-label="Events of this issue">
                { link("Oldest", n.checked_sub(1), "oldest") }
                { link("Older", Some(props.index + 1), "older") }
                { link("Newer", props.index.checked_sub(1), "newer") }
                { link("Latest", Some(0), "latest") }
            </nav>
        </div>
    }
}
