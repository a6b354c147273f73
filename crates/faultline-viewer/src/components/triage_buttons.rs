//! Resolve (now or in the next release), ignore and reopen: the triage actions shared by
//! the stream's bulk bar and the issue page.

use faultline_idb::Triage;
use yew::prelude::*;

use crate::components::{Dropdown, IgnoreMenu};

/// What [`triage_buttons`] shows.
#[derive(PartialEq)]
pub struct TriageButtonsProps {
    /// Offer resolving.
    pub resolve: bool,
    /// Offer ignoring.
    pub ignore: bool,
    /// Offer reopening.
    pub reopen: bool,
    /// Whether the buttons are disabled (nothing selected, a change running).
    pub disabled: bool,
    /// Called with the action chosen.
    pub on_triage: Callback<Triage>,
}

/// The triage buttons.
pub fn triage_buttons(props: &TriageButtonsProps) -> Html {
    let emit = |action: Triage| {
        let on_triage = props.on_triage.clone();
        Callback::from(move |_: MouseEvent| on_triage.emit(action))
    };
    let on_ignore = props.on_triage.reform(Triage::Ignore);
    html! {
        <div class="triage" role="group" aria-label="Triage">
            if props.resolve {
                <div class="split">
                    <button type="button" class="resolve" disabled={props.disabled}
                        onclick={emit(Triage::Resolve)} title="Resolve (r)">{ "Resolve" }</button>
                    <Dropdown label="" aria_label="More ways to resolve" class="resolve-more"
                        disabled={props.disabled}>
                        <button type="button" role="menuitem" class="resolve-next"
                            onclick={emit(Triage::ResolveInNextRelease)}>
                            { "Resolve in the next release" }
                        </button>
                    </Dropdown>
                </div>
            }
            if props.ignore {
                <IgnoreMenu disabled={props.disabled} {on_ignore} />
            }
            if props.reopen {
                <button type="button" class="reopen" disabled={props.disabled}
                    onclick={emit(Triage::Unresolve)}>{ "Reopen" }</button>
            }
        </div>
    }
}
