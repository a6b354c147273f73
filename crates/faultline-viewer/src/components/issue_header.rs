//! The issue page's header: title, culprit, level, status, counts, the triage buttons
//! and the banner that explains the status.

use faultline_core::{Issue, Status};
use faultline_idb::Triage;
use yew::prelude::*;

use crate::components::{
    issue_title, relative_time, status_badges, triage_buttons, TriageButtonsProps,
};
use crate::format::{compact_count, grouped};

/// What [`issue_header`] shows.
#[derive(PartialEq)]
pub struct IssueHeaderProps {
    /// The issue.
    pub issue: Issue,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
    /// The status explained, when it needs explaining.
    pub note: Option<AttrValue>,
    /// Whether a change is running.
    pub busy: bool,
    /// Triage the issue.
    pub on_triage: Callback<Triage>,
    /// Export the issue.
    pub on_export: Callback<()>,
}

/// The header.
pub fn issue_header(props: &IssueHeaderProps) -> Html {
    let issue = &props.issue;
    let level = issue.level.as_str();
    let open = matches!(issue.status, Status::Unresolved);
    let on_export = props.on_export.clone();
    html! {
        <header class={classes!("issue-header", format!("level-{level}"))}>
            <div class="heading">
                <h1 class="issue-title">
                    { issue_title(&issue.title, issue.error_type.as_deref()) }
                </h1>
                if let Some(culprit) = &issue.culprit {
                    <p class="culprit">{ culprit.clone() }</p>
                }
                <div class="meta">
                    <span class={classes!("level", level)}>{ level }</span>
                    <span class="short-id">{ issue.id.short_id() }</span>
                    { status_badges(issue, props.now) }
                </div>
                <p class="seen-line">
                    { "First seen " }{ relative_time(issue.first_seen.0, props.now, "") }
                    { in_release(&issue.first_release) }
                    <span class="sep" aria-hidden="true">{ " · " }</span>
                    { "last seen " }{ relative_time(issue.last_seen.0, props.now, "") }
                    { in_release(&issue.last_release) }
                </p>
            </div>
            <dl class="counts">
                <div><dt>{ "Events" }</dt><dd title={grouped(issue.count)}>{ compact_count(issue.count) }</dd></div>
                <div><dt>{ "Users" }</dt><dd title={grouped(issue.user_count)}>{ compact_count(issue.user_count) }</dd></div>
            </dl>
            <div class="actions">
                { triage_buttons(&TriageButtonsProps {
                    resolve: open || matches!(issue.status, Status::Ignored { .. }),
                    ignore: open,
                    reopen: !open,
                    disabled: props.busy,
                    on_triage: props.on_triage.clone(),
                }) }
                <button type="button" class="export" onclick={move |_| on_export.emit(())}>{ "Export" }</button>
            </div>
            if let Some(note) = &props.note {
                <p class={classes!("status-note", status_class(issue))} role="status">{ note.clone() }</p>
            }
        </header>
    }
}

fn in_release(release: &Option<String>) -> Html {
    match release {
        Some(r) => html! { <>{ " in " }<span class="release">{ r.clone() }</span></> },
        None => Html::default(),
    }
}

fn status_class(issue: &Issue) -> &'static str {
    match (&issue.status, issue.substatus.as_str()) {
        (Status::Resolved | Status::ResolvedInNextRelease { .. }, _) => "resolved",
        (Status::Ignored { .. }, _) => "ignored",
        (Status::Unresolved, "regressed") => "regressed",
        _ => "escalating",
    }
}
