//! The stream's tabs: unresolved, regressed, resolved, ignored, all.

use faultline_core::SortKey;
use yew::prelude::*;

use crate::components::Link;
use crate::route::Route;
use crate::search::{active_tab, TABS};

/// What [`stream_tabs`] shows.
#[derive(PartialEq)]
pub struct StreamTabsProps {
    /// The search in effect (a tab is current when it is exactly its search).
    pub query: AttrValue,
    /// The sort kept when switching tabs.
    pub sort: Option<SortKey>,
}

/// Links to the tabs' searches; the current one is marked.
pub fn stream_tabs(props: &StreamTabsProps) -> Html {
    let active = active_tab(&props.query);
    html! {
        <nav class="tabs" aria-label="Issue status">
            { for TABS.iter().enumerate().map(|(i, tab)| {
                let to = Route::Stream { query: tab.query.to_string(), sort: props.sort };
                html! {
                    <Link {to} current={active == Some(i)}
                        class={classes!("tab", (active == Some(i)).then_some("active"))}>
                        { tab.label }
                    </Link>
                }
            }) }
            if active.is_none() {
                <span class="tab custom active" aria-current="page">{ "Custom search" }</span>
            }
        </nav>
    }
}
