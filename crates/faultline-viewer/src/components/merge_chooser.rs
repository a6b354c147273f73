//! Merging the selected issues: which one stays (its id, title and status), and a last
//! look at what will be merged.

use faultline_core::{Issue, IssueId};
use yew::prelude::*;

use crate::format::grouped;

/// What [`merge_chooser`] shows.
#[derive(PartialEq)]
pub struct MergeChooserProps {
    /// The selected issues, which will be merged (and only they).
    pub issues: Vec<Issue>,
    /// The one chosen to stay.
    pub primary: IssueId,
    /// Called when another is chosen.
    pub on_pick: Callback<IssueId>,
    /// Called to merge.
    pub on_merge: Callback<()>,
    /// Called to give up.
    pub on_cancel: Callback<()>,
}

/// A radio list of the selected issues, and merge and cancel buttons.
pub fn merge_chooser(props: &MergeChooserProps) -> Html {
    let (on_merge, on_cancel) = (props.on_merge.clone(), props.on_cancel.clone());
    html! {
        <section class="merge-chooser card" aria-label="Merge issues">
            <p>{ format!("Merge these {} issues into one. The one chosen stays: its id, title and status; the others become part of it, and their later events count on it.", props.issues.len()) }</p>
            <ul>
                { for props.issues.iter().map(|issue| {
                    let (id, on_pick) = (issue.id, props.on_pick.clone());
                    html! {
                        <li>
                            <label>
                                <input type="radio" name="merge-primary" checked={id == props.primary}
                                    onchange={move |_| on_pick.emit(id)} />
                                <span class="short-id">{ id.short_id() }</span>{ " " }
                                <span class="title">{ issue.title.clone() }</span>
                                <span class="muted">{ format!(" ({} events)", grouped(issue.count)) }</span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
            <div class="actions">
                <button type="button" class="confirm-merge" onclick={move |_| on_merge.emit(())}>
                    { format!("Merge into {}", props.primary.short_id()) }
                </button>
                <button type="button" onclick={move |_| on_cancel.emit(())}>{ "Cancel" }</button>
            </div>
        </section>
    }
}
