//! The list of an issue's stored events, a page at a time.

use std::rc::Rc;

use faultline_core::IssueId;
use yew::prelude::*;

use crate::components::{pagination, relative_time, Link, PaginationProps};
use crate::event_data::EventSummary;
use crate::route::Route;

/// Events per page of the list.
const PAGE: usize = 20;

/// Props of [`EventList`].
#[derive(Properties, PartialEq)]
pub struct EventListProps {
    /// The issue.
    pub issue: IssueId,
    /// Its stored events, newest first.
    pub events: Rc<Vec<EventSummary>>,
    /// The position of the event shown.
    pub current: usize,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
}

/// A table of events: time, id, user, release, page.
#[function_component(EventList)]
pub fn event_list(props: &EventListProps) -> Html {
    let page = use_state(|| props.current / PAGE);
    {
        let page = page.clone();
        use_effect_with(props.current, move |current| page.set(*current / PAGE));
    }
    let rows = props
        .events
        .iter()
        .enumerate()
        .skip(*page * PAGE)
        .take(PAGE);
    let (prev, next) = (page.clone(), page.clone());
    html! {
        <div class="event-list">
            <table class="events">
                <thead>
                    <tr>
                        <th scope="col">{ "When" }</th>
                        <th scope="col">{ "Event" }</th>
                        <th scope="col">{ "User" }</th>
                        <th scope="col">{ "Release" }</th>
                        <th scope="col">{ "URL" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.map(|(i, e)| html! {
                        <tr key={e.id.clone()} class={classes!((i == props.current).then_some("current"))}
                            aria-current={(i == props.current).then_some("true")}>
                            <td>{ relative_time(e.at, props.now, "") }</td>
                            <td><Link to={Route::Issue { id: props.issue, event: Some(e.id.clone()) }}>
                                <code>{ e.id.chars().take(8).collect::<String>() }</code>
                            </Link></td>
                            <td>{ e.user.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td>{ e.release.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td class="url">{ e.url.clone().unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            { pagination(&PaginationProps {
                page: *page,
                page_size: PAGE,
                shown: props.events.len().saturating_sub(*page * PAGE).min(PAGE),
                total: Some(props.events.len()),
                has_next: (*page + 1) * PAGE < props.events.len(),
                noun: "Events".into(),
                on_prev: Callback::from(move |_| prev.set(prev.saturating_sub(1))),
                on_next: Callback::from(move |_| next.set(*next + 1)),
            }) }
        </div>
    }
}
