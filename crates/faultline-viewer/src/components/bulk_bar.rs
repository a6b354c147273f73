//! Triage and merging for the selected issues of the stream.

use faultline_idb::Triage;
use yew::prelude::*;

use crate::components::{triage_buttons, TriageButtonsProps};

/// What [`bulk_bar`] shows.
#[derive(PartialEq)]
pub struct BulkBarProps {
    /// How many issues are selected.
    pub selected: usize,
    /// Whether a change is running.
    pub busy: bool,
    /// Called with the action for the selection.
    pub on_triage: Callback<Triage>,
    /// Called to merge the selection (offered from two selected issues on).
    pub on_merge: Callback<()>,
}

/// The selection count and the triage buttons, disabled while nothing is selected.
pub fn bulk_bar(props: &BulkBarProps) -> Html {
    let label = match props.selected {
        0 => "Select issues to triage them".to_string(),
        1 => "1 selected".to_string(),
        n => format!("{n} selected"),
    };
    let on_merge = props.on_merge.clone();
    html! {
        <div class="bulk" role="toolbar" aria-label="Selected issues">
            { triage_buttons(&TriageButtonsProps {
                resolve: true,
                ignore: true,
                reopen: true,
                disabled: props.selected == 0 || props.busy,
                on_triage: props.on_triage.clone(),
            }) }
            <button type="button" class="merge" disabled={props.selected < 2 || props.busy}
                title="Merge the selected issues into one"
                onclick={move |_| on_merge.emit(())}>{ "Merge" }</button>
            <span class="selection" aria-live="polite">{ label }</span>
        </div>
    }
}
