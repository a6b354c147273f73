//! An event's context cards: event, user, request, contexts, tags, extra, SDK.

use std::rc::Rc;

use faultline_core::Event;
use yew::prelude::*;

use crate::components::KvTable;
use crate::event_data::context_sections;

/// What [`event_context`] shows.
#[derive(PartialEq)]
pub struct EventContextProps {
    /// The event.
    pub event: Rc<Event>,
}

/// A card per section that has data.
pub fn event_context(props: &EventContextProps) -> Html {
    html! {
        <div class="context-grid">
            { for context_sections(&props.event).into_iter().map(|s| html! {
                <section class="card context" aria-label={s.title.clone()}>
                    <h3>{ s.title }</h3>
                    <KvTable rows={s.rows} />
                </section>
            }) }
        </div>
    }
}
