//! The stream's banner when stored issues were grouped by other rules than the app's now
//! (a newer grouping version, other fingerprint rules): regroup them, or undo the last
//! regroup.

use yew::prelude::*;

/// What [`regroup_banner`] shows.
#[derive(PartialEq)]
pub struct RegroupBannerProps {
    /// Issues (or parts of merged ones) grouped otherwise.
    pub outdated: usize,
    /// The configs they were grouped by.
    pub from: Vec<String>,
    /// The config the app groups by now.
    pub to: AttrValue,
    /// Whether the last regroup can be undone.
    pub can_undo: bool,
    /// Whether a change is running.
    pub busy: bool,
    /// Called to regroup.
    pub on_regroup: Callback<()>,
    /// Called to undo the last regroup.
    pub on_undo: Callback<()>,
}

/// Says what changed and offers to regroup; nothing when there is nothing to say.
pub fn regroup_banner(props: &RegroupBannerProps) -> Html {
    if props.outdated == 0 && !props.can_undo {
        return Html::default();
    }
    let (on_regroup, on_undo) = (props.on_regroup.clone(), props.on_undo.clone());
    let noun = if props.outdated == 1 {
        "issue was"
    } else {
        "issues were"
    };
    html! {
        <div class="regroup-banner" role="status">
            if props.outdated > 0 {
                <p>
                    { format!("{} {noun} grouped by {}; the app groups by {} now. ", props.outdated, props.from.join(", "), props.to) }
                    { "Regrouping recomputes their fingerprints from the stored events: issues that now share one merge (unmerge reverses it), and new events follow the new rules." }
                </p>
                <button type="button" class="regroup" disabled={props.busy}
                    onclick={move |_| on_regroup.emit(())}>{ "Regroup" }</button>
            }
            if props.can_undo {
                <button type="button" class="undo-regroup" disabled={props.busy}
                    onclick={move |_| on_undo.emit(())}>{ "Undo the last regroup" }</button>
            }
        </div>
    }
}
