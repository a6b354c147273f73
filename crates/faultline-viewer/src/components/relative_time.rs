//! A relative time ("5 min ago") with the exact local time on hover.

use faultline_core::Timestamp;
use yew::prelude::*;

use crate::format::{exact_time, local_offset_minutes};
use crate::time_ago::time_ago;

/// Props of [`RelativeTime`].
#[derive(Properties, PartialEq)]
pub struct RelativeTimeProps {
    /// The instant, in milliseconds since the epoch.
    pub at: i64,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
}

/// `<time>` saying how long ago `at` was, with a machine-readable and an exact tooltip.
#[function_component(RelativeTime)]
pub fn relative_time(props: &RelativeTimeProps) -> Html {
    html! {
        <time class={props.class.clone()} datetime={Timestamp(props.at).to_rfc3339()}
            title={exact_time(props.at, local_offset_minutes())}>
            { time_ago(props.at, props.now) }
        </time>
    }
}
