//! One event in full: exception chain with stack traces (or its message), breadcrumbs,
//! context, why it was grouped, and the raw JSON.

use std::collections::HashMap;
use std::rc::Rc;

use faultline_core::{default_fingerprint, Event as CoreEvent, FrameOutcome, Issue};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::components::{
    event_context, exception_view, why_grouped, BreadcrumbTimeline, EventContextProps,
    ExceptionViewProps, RawJson, WhyGroupedProps,
};
use crate::pages::issue::state::Symbols;

/// Props of [`EventDetail`].
#[derive(Properties, PartialEq)]
pub struct EventDetailProps {
    /// The event.
    pub event: Rc<CoreEvent>,
    /// The event as stored.
    pub raw: JsValue,
    /// Its issue.
    pub issue: Issue,
    /// Its frames through source maps, when resolving started.
    #[prop_or_default]
    pub symbols: Option<Symbols>,
}

/// The event's sections.
#[function_component(EventDetail)]
pub fn event_detail(props: &EventDetailProps) -> Html {
    let event = &props.event;
    let grouping = use_memo(props.event.clone(), |e| contributions(e));
    let chain = event
        .exception
        .as_ref()
        .map(|l| l.values.as_slice())
        .unwrap_or_default();
    let last = chain.len().saturating_sub(1);
    let raw_open = use_state(|| false);
    let on_raw_toggle = {
        let raw_open = raw_open.clone();
        Callback::from(move |e: Event| {
            let open = e
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|d| d.has_attribute("open"));
            raw_open.set(open);
        })
    };
    let (resolved, note) = match &props.symbols {
        Some(Symbols::Done(event)) => (Some(event.clone()), None),
        Some(Symbols::Pending) => (None, Some(AttrValue::from("Resolving source maps…"))),
        Some(Symbols::Failed(e)) => (
            None,
            Some(AttrValue::from(format!(
                "Source maps were not resolved: {e}"
            ))),
        ),
        None => (None, None),
    };
    // The resolved event's frames of exception `i`, when it has as many as captured.
    let resolutions = |i: usize| {
        let chain = resolved.as_ref()?.exception.as_ref()?;
        let frames = &chain.values.get(i)?.stacktrace.as_ref()?.frames;
        Some(Rc::new(frames.clone()))
    };
    let crumbs = event
        .breadcrumbs
        .as_ref()
        .map(|b| b.values.clone())
        .unwrap_or_default();
    html! {
        <div class="event-detail">
            if !chain.is_empty() {
                <section class="card" aria-labelledby="exception-heading">
                    <h2 id="exception-heading">{ if chain.len() > 1 { "Exceptions" } else { "Exception" } }</h2>
                    // The thrown error first, then what caused it.
                    { for chain.iter().enumerate().rev().map(|(i, e)| html! {
                        { exception_view(&ExceptionViewProps {
                            exception: e.clone(),
                            linked: i != last,
                            grouping: if i == last { (*grouping).clone() } else { HashMap::new() },
                            resolutions: resolutions(i),
                            symbols_note: if i == last { note.clone() } else { None },
                        }) }
                    }) }
                </section>
            } else if let Some(message) = &event.message {
                <section class="card" aria-labelledby="message-heading">
                    <h2 id="message-heading">{ "Message" }</h2>
                    <pre class="message">{ message.clone() }</pre>
                </section>
            }
            <section class="card" aria-labelledby="crumbs-heading">
                <h2 id="crumbs-heading">{ "Breadcrumbs" }</h2>
                if crumbs.is_empty() {
                    <p class="muted">{ "No breadcrumbs were recorded for this event." }</p>
                } else {
                    <BreadcrumbTimeline crumbs={crumbs} crash_at={event.timestamp.0}
                        crash_title={props.issue.title.clone()} />
                }
            </section>
            { event_context(&EventContextProps { event: props.event.clone() }) }
            <details class="card disclosure why">
                <summary><h2>{ "Why grouped" }</h2></summary>
                { why_grouped(&WhyGroupedProps { event: props.event.clone(), issue: props.issue.clone() }) }
            </details>
            // The JSON (as long as the event, 1 MB at most) is only built once asked for.
            <details class="card disclosure raw" ontoggle={on_raw_toggle}>
                <summary><h2>{ "Raw JSON" }</h2></summary>
                if *raw_open { <RawJson raw={props.raw.clone()} /> }
            </details>
        </div>
    }
}

/// What each frame of the thrown exception contributed to the default grouping.
fn contributions(event: &CoreEvent) -> HashMap<usize, String> {
    default_fingerprint(event)
        .explanation
        .frames
        .into_iter()
        .filter_map(|v| match v.outcome {
            FrameOutcome::Contributed { component } => Some((v.index, component)),
            FrameOutcome::Skipped { .. } => None,
        })
        .collect()
}
