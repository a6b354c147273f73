//! The assignee and notes: who is looking into it (free text: a name or an
//! email) and what people wrote about it, each shown as text with its time.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::relative_time;

/// Props of [`NotesCard`].
#[derive(Properties, PartialEq)]
pub struct NotesCardProps {
    /// The notes, oldest first: (when, in milliseconds since the epoch; text).
    pub notes: Vec<(i64, AttrValue)>,
    /// Who it is assigned to.
    #[prop_or_default]
    pub assignee: Option<AttrValue>,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
    /// Whether a change is running.
    #[prop_or_default]
    pub busy: bool,
    /// Called with a note to add.
    pub on_note: Callback<String>,
    /// Called with the new assignee (`None` unassigns).
    pub on_assign: Callback<Option<String>>,
}

/// A card with the assignee's field and the notes, newest last, with a box to add one.
#[function_component(NotesCard)]
pub fn notes_card(props: &NotesCardProps) -> Html {
    let assignee = use_node_ref();
    let note = use_node_ref();
    let on_assign = {
        let (input, emit) = (assignee.clone(), props.on_assign.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let name = input.value();
                emit.emit((!name.trim().is_empty()).then_some(name));
            }
        })
    };
    let on_unassign = {
        let emit = props.on_assign.clone();
        Callback::from(move |_: MouseEvent| emit.emit(None))
    };
    let on_note = {
        let (area, emit) = (note.clone(), props.on_note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if !text.trim().is_empty() {
                    emit.emit(text);
                    area.set_value("");
                }
            }
        })
    };
    let current = props.assignee.clone().unwrap_or_default();
    // The field shows the assignee when it changes, and is otherwise left to the person
    // typing: a re-render (a live change, the clock) never wipes what they typed.
    {
        let input = assignee.clone();
        use_effect_with(current.clone(), move |current| {
            if let Some(field) = input.cast::<HtmlInputElement>() {
                field.set_value(current);
            }
        });
    }
    html! {
        <section class="card notes" aria-labelledby="notes-heading">
            <h2 id="notes-heading">{ "Assignee and notes" }</h2>
            <form class="assignee" onsubmit={on_assign}>
                <label for="assignee-input">{ "Assigned to" }</label>
                <input id="assignee-input" ref={assignee} type="text" maxlength="200"
                    placeholder="A name or an email" />
                <button type="submit" disabled={props.busy}>{ "Assign" }</button>
                if !current.is_empty() {
                    <button type="button" class="unassign" disabled={props.busy}
                        onclick={on_unassign}>{ "Unassign" }</button>
                }
            </form>
            if props.notes.is_empty() {
                <p class="muted">{ "No notes yet." }</p>
            } else {
                <ol class="note-list">
                    { for props.notes.iter().map(|(at, text)| html! {
                        <li class="note">
                            <p class="text">{ text.clone() }</p>
                            { relative_time(*at, props.now, "when") }
                        </li>
                    }) }
                </ol>
            }
            <form class="add-note" onsubmit={on_note}>
                <label for="note-input" class="visually-hidden">{ "Note" }</label>
                <textarea id="note-input" ref={note} rows="3" maxlength="10000"
                    placeholder="Add a note: what you found, what to try" />
                <button type="submit" disabled={props.busy}>{ "Add note" }</button>
            </form>
        </section>
    }
}
