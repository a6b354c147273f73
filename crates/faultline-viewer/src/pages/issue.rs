//! The issue page: header and triage, the selected event in full, its neighbours, and a
//! sidebar with when it was seen, the events chart, tag distributions and activity.

mod effects;
mod load;
pub mod state;

use std::rc::Rc;

use faultline_core::{IgnoreFor, IssueId, Timestamp};
use faultline_idb::Triage;
use yew::prelude::*;

use self::effects::{use_changes, use_chart, use_export, use_issue, use_live, use_symbols};
use self::state::{Action, Change, State, StoredEvent};
use crate::chart::Window;
use crate::components::{
    activity_log, event_nav, events_chart, issue_header, relative_time, tag_distributions_view,
    window_toggle, EventDetail, EventList, EventNavProps, EventsChartProps, IssueHeaderProps, Link,
    MergedParts, NotesCard, TagDistributionsProps, WindowToggleProps,
};
use crate::describe::status_note;
use crate::event_data::summary;
use crate::hooks::{use_keydown, use_notify, use_now, use_store, Changes};
use crate::route::Route;
use crate::tags::{tag_distributions, TagDistribution};

/// Props of [`IssuePage`].
#[derive(Properties, PartialEq)]
pub struct IssuePageProps {
    /// The issue.
    pub id: IssueId,
    /// The event to show; the latest when `None`.
    pub event: Option<AttrValue>,
    /// The stream to go back to.
    pub back: Route,
}

/// The issue page.
#[function_component(IssuePage)]
pub fn issue_page(props: &IssuePageProps) -> Html {
    let store = use_store();
    let notify = use_notify();
    let changes = use_context::<Changes>().unwrap_or_default();
    let now = use_now(30_000);
    let state = use_reducer(|| State::new(props.id));
    use_issue(store.clone(), state.clone());
    use_chart(store.clone(), state.clone());
    use_changes(store.clone(), state.clone(), notify.clone());
    use_export(store, state.clone(), notify);
    use_live(changes, props.id, state.clone());
    let shown = state
        .event_index(props.event.as_deref())
        .and_then(|i| state.data.events.get(i).cloned());
    use_symbols(shown, state.clone());
    let tags = {
        let data = state.data.clone();
        use_memo(state.shown, move |_| {
            let events: Vec<_> = data.events.iter().map(|e| &*e.head).collect();
            Rc::new(tag_distributions(&events))
        })
    };
    let d = state.dispatcher();
    let status = state.data.issue.as_ref().map(|i| i.status_name());
    use_keydown(Callback::from(move |e: KeyboardEvent| {
        // Only what the header offers: resolving an open or ignored issue, ignoring an open one.
        match (e.key().as_str(), status) {
            ("r", Some("unresolved" | "ignored")) => d.dispatch(Action::Triage(Triage::Resolve)),
            ("i", Some("unresolved")) => {
                d.dispatch(Action::Triage(Triage::Ignore(IgnoreFor::Forever)))
            }
            _ => {}
        }
    }));
    let crumbs = html! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <Link to={props.back.clone()}>{ "← Issues" }</Link>
        </nav>
    };
    let Some(issue) = state.data.issue.clone() else {
        let text = match (&state.error, state.loading()) {
            (Some(e), _) => format!("Could not load the issue: {e}"),
            (None, true) => "Loading the issue…".to_string(),
            (None, false) => format!("There is no issue {} here.", props.id.short_id()),
        };
        let merged_into = state
            .data
            .merged_into
            .filter(|_| !state.loading())
            .map(|into| {
                html! {
                    <p class="merged-into">
                        { format!("{} was merged into ", props.id.short_id()) }
                        <Link to={Route::issue(into)}>{ into.short_id() }</Link>{ "." }
                    </p>
                }
            });
        return html! {
            <div class="page issue-page">{ crumbs }
                if let Some(merged_into) = merged_into { { merged_into } }
                else { <p class="empty" role="status">{ text }</p> }
            </div>
        };
    };
    let d = state.dispatcher();
    let note = status_note(&issue, &state.data.activity, Timestamp(now)).map(AttrValue::from);
    html! {
        <div class="page issue-page">
            { crumbs }
            { issue_header(&IssueHeaderProps {
                issue: issue.clone(),
                now,
                note,
                busy: state.command.is_some(),
                on_triage: d.to_callback().reform(Action::Triage),
                on_export: d.to_callback().reform(|_| Action::Export),
            }) }
            <div class="issue-layout">
                <div class="event-column">{ event_column(&state, props, now) }</div>
                <aside class="sidebar" aria-label="Issue details">{ sidebar(&state, &tags, now) }</aside>
            </div>
        </div>
    }
}

fn event_column(state: &UseReducerHandle<State>, props: &IssuePageProps, now: i64) -> Html {
    let data = &state.data;
    let Some(issue) = data.issue.clone() else {
        return Html::default();
    };
    let Some(index) = state.event_index(props.event.as_deref()) else {
        let text = if props.event.is_some() {
            "This event is no longer stored (older events are dropped to stay within the storage limits)."
        } else {
            "No event of this issue is stored: events can be counted without keeping their bodies."
        };
        return html! { <p class="empty">{ text }</p> };
    };
    let stored = &data.events[index];
    let ids: Rc<Vec<String>> = Rc::new(data.events.iter().map(StoredEvent::id).collect());
    let summaries = Rc::new(
        data.events
            .iter()
            .map(|e| summary(&e.head))
            .collect::<Vec<_>>(),
    );
    let detail = match stored.event() {
        Some(event) => html! {
            <EventDetail {event} raw={stored.raw.clone()} issue={issue.clone()}
                symbols={state.symbols_of(&stored.id()).cloned()} />
        },
        None => html! {
            <p class="error" role="alert">{ "This stored event could not be read as an event." }</p>
        },
    };
    html! {
        <>
            { event_nav(&EventNavProps { issue: issue.id, ids, index, at: stored.head.timestamp.0, now }) }
            { detail }
            <section class="card" aria-labelledby="events-heading">
                <h2 id="events-heading">{ format!("Stored events ({})", data.events.len()) }</h2>
                if data.truncated {
                    <p class="muted">{ "Only the newest 1,000 stored events are listed." }</p>
                }
                if data.unreadable > 0 {
                    <p class="muted">{ format!("{} stored events could not be read.", data.unreadable) }</p>
                }
                <EventList issue={issue.id} events={summaries} current={index} {now} />
            </section>
        </>
    }
}

fn sidebar(state: &UseReducerHandle<State>, tags: &[TagDistribution], now: i64) -> Html {
    let data = &state.data;
    let Some(issue) = &data.issue else {
        return Html::default();
    };
    let release = |r: &Option<String>| {
        r.clone()
            .map(|r| html! { <span class="release">{ r }</span> })
    };
    html! {
        <>
            <section class="card seen">
                <h2>{ "Releases" }</h2>
                <dl>
                    <dt>{ "First" }</dt>
                    <dd>{ relative_time(issue.first_seen.0, now, "") }{ release(&issue.first_release) }</dd>
                    <dt>{ "Latest" }</dt>
                    <dd>{ relative_time(issue.last_seen.0, now, "") }{ release(&issue.last_release) }</dd>
                    if issue.releases.len() > 2 {
                        <dt>{ format!("All {}", issue.releases.len()) }</dt>
                        <dd class="releases">
                            { for issue.releases.iter().rev().take(12).map(|r| html! { <span class="release">{ r.clone() }</span> }) }
                        </dd>
                    }
                    if !issue.environments.is_empty() {
                        <dt>{ "Environments" }</dt><dd>{ issue.environments.join(", ") }</dd>
                    }
                </dl>
            </section>
            <section class="card chart">
                <div class="card-head">
                    <h2>{ "Events" }</h2>
                    { window_toggle(&WindowToggleProps {
                        options: vec![Window::DAY, Window::MONTH],
                        window: state.window,
                        on_change: state.dispatcher().to_callback().reform(Action::SetWindow),
                        label: "Chart period".into(),
                    }) }
                </div>
                { events_chart(&EventsChartProps { counts: (*state.chart).clone(), window: state.window, now }) }
            </section>
            <section class="card tags">
                <h2>{ "Tags" }</h2>
                { tag_distributions_view(&TagDistributionsProps { tags: tags.to_vec(), events: data.events.len() }) }
            </section>
            <NotesCard notes={data.notes().into_iter().map(|(at, text)| (at.0, AttrValue::from(text))).collect::<Vec<_>>()}
                assignee={issue.assignee.clone().map(AttrValue::from)} {now} busy={state.command.is_some()}
                on_note={state.dispatcher().to_callback().reform(|text| Action::Change(Change::Note(text)))}
                on_assign={state.dispatcher().to_callback().reform(|to| Action::Change(Change::Assign(to)))} />
            <MergedParts issue={issue.clone()} {now} busy={state.command.is_some()}
                on_unmerge={state.dispatcher().to_callback().reform(|part| Action::Change(Change::Unmerge(part)))}
                on_merge={state.dispatcher().to_callback().reform(|ids| Action::Change(Change::Merge(ids)))} />
            <section class="card">
                <h2>{ "Activity" }</h2>
                { activity_log(&data.activity, now) }
            </section>
        </>
    }
}
