//! The issues merged into this one, each as it stood when merged, with an unmerge button
//! (which gives it back its own counts), and a field to merge more into it by short id.

use faultline_core::{Issue, IssueId};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::relative_time;
use crate::format::grouped;

/// Props of [`MergedParts`].
#[derive(Properties, PartialEq)]
pub struct MergedPartsProps {
    /// The issue.
    pub issue: Issue,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
    /// Whether a change is running.
    #[prop_or_default]
    pub busy: bool,
    /// Called with a part to unmerge.
    pub on_unmerge: Callback<IssueId>,
    /// Called with issues to merge into this one.
    pub on_merge: Callback<Vec<IssueId>>,
}

/// The parts (when there are some) and the merge field.
#[function_component(MergedParts)]
pub fn merged_parts(props: &MergedPartsProps) -> Html {
    let input = use_node_ref();
    let on_merge = {
        let (input, emit, own) = (input.clone(), props.on_merge.clone(), props.issue.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let ids: Vec<IssueId> = field
                .value()
                .split([',', ' '])
                .filter_map(IssueId::from_short_id)
                .filter(|id| *id != own)
                .collect();
            if !ids.is_empty() {
                emit.emit(ids);
                field.set_value("");
            }
        })
    };
    let issue = &props.issue;
    html! {
        <section class="card merged" aria-labelledby="merged-heading">
            <h2 id="merged-heading">{ format!("Merged issues ({})", issue.parts.len().saturating_sub(1)) }</h2>
            if !issue.parts.is_empty() {
                <ul class="parts">
                    { for issue.parts.iter().map(|part| {
                        let (id, on_unmerge) = (part.id, props.on_unmerge.clone());
                        html! {
                            <li class="part" data-part-id={id.0.to_string()}>
                                <span class="short-id">{ id.short_id() }</span>{ " " }
                                <span class="title">{ part.title.clone() }</span>
                                <span class="muted">
                                    { format!(" {} events, {} users when merged, last seen ", grouped(part.count), grouped(part.user_count)) }
                                    { relative_time(part.last_seen.0, props.now, "") }
                                </span>
                                <code class="fingerprint">{ part.fingerprint.as_str().to_string() }</code>
                                if id == issue.id {
                                    <span class="muted">{ " (this issue's own)" }</span>
                                } else {
                                    <button type="button" class="unmerge" disabled={props.busy}
                                        onclick={move |_| on_unmerge.emit(id)}>{ "Unmerge" }</button>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            <form class="merge-into" onsubmit={on_merge}>
                <label for="merge-input">{ "Merge into this issue" }</label>
                <input id="merge-input" ref={input} type="text" placeholder="FL-12, FL-1A" />
                <button type="submit" disabled={props.busy}>{ "Merge" }</button>
            </form>
        </section>
    }
}
