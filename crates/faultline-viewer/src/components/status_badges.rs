//! An issue's status badges: new, regressed, escalating, resolved, ignored.

use faultline_core::{Issue, Timestamp};
use yew::prelude::*;

use crate::describe::badges;

/// Props of [`StatusBadges`].
#[derive(Properties, PartialEq)]
pub struct StatusBadgesProps {
    /// The issue.
    pub issue: Issue,
    /// Now, in milliseconds since the epoch (new and regressed age).
    pub now: i64,
}

/// Small labelled pills, each with its explanation on hover.
#[function_component(StatusBadges)]
pub fn status_badges(props: &StatusBadgesProps) -> Html {
    badges(&props.issue, Timestamp(props.now))
        .into_iter()
        .map(|b| {
            html! {
                <span class={classes!("badge", b.class)} title={b.title}>{ b.label }</span>
            }
        })
        .collect()
}
