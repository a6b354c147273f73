//! The list of an issue's stored events, a page at a time.

use std::rc::Rc;

use faultline_core::IssueId;
use yew::prelude::*;

use crate::components::{moves_within, pagination, relative_time_markup, PaginationProps};
use crate::event_data::EventSummary;
use crate::format::local_offset_minutes;
use crate::hooks::{use_route, Router};
use crate::markup::{clicked, Markup};
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

/// A table of events: time, id, user, release, page. The table is markup: one listener
/// takes a plain click on any row's link through the router.
#[function_component(EventList)]
pub fn event_list(props: &EventListProps) -> Html {
    let router = use_route();
    let page = use_state(|| props.current / PAGE);
    {
        let page = page.clone();
        use_effect_with(props.current, move |current| page.set(*current / PAGE));
    }
    let onclick = {
        let (issue, push) = (props.issue, router.push.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(event) = clicked_event(&e).filter(|_| moves_within(&e)) {
                push.emit(Route::Issue {
                    id: issue,
                    event: Some(event),
                });
            }
        })
    };
    let (prev, next) = (page.clone(), page.clone());
    html! {
        <div class="event-list" {onclick}>
            { table_markup(props, &router, *page).into_html() }
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

/// The event whose link `e` landed on (or in).
fn clicked_event(e: &MouseEvent) -> Option<String> {
    clicked(e, "a[data-event]")?.get_attribute("data-event")
}

/// Page `page` of the table.
fn table_markup(props: &EventListProps, router: &Router, page: usize) -> Markup {
    let tz = local_offset_minutes();
    let mut m = Markup::with_capacity(512 + 600 * PAGE);
    m.open("table", &[("class", "events")])
        .open("thead", &[])
        .open("tr", &[]);
    for heading in ["When", "Event", "User", "Release", "URL"] {
        m.element("th", &[("scope", "col")], heading);
    }
    m.close("tr").close("thead").open("tbody", &[]);
    let rows = props.events.iter().enumerate().skip(page * PAGE).take(PAGE);
    for (i, e) in rows {
        if i == props.current {
            m.open("tr", &[("class", "current"), ("aria-current", "true")]);
        } else {
            m.open("tr", &[]);
        }
        m.open("td", &[]);
        relative_time_markup(&mut m, e.at, props.now, "", tz);
        let route = Route::Issue {
            id: props.issue,
            event: Some(e.id.clone()),
        };
        let short: String = e.id.chars().take(8).collect();
        let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        m.close("td")
            .open("td", &[])
            .open(
                "a",
                &[("href", &router.href(&route)), ("data-event", &e.id)],
            )
            .element("code", &[], &short)
            .close("a")
            .close("td")
            .element("td", &[], &or_dash(&e.user))
            .element("td", &[], &or_dash(&e.release))
            .element("td", &[("class", "url")], &or_dash(&e.url))
            .close("tr");
    }
    m.close("tbody").close("table");
    m
}
