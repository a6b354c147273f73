//! One issue in the stream.

use faultline_core::Issue;
use yew::prelude::*;

use crate::time_ago::time_ago;

/// Props of [`IssueRow`].
#[derive(Properties, PartialEq)]
pub struct IssueRowProps {
    /// The issue shown.
    pub issue: Issue,
    /// Now, in milliseconds since the epoch, for relative times.
    pub now: i64,
}

/// A table row: title, culprit, count and last seen.
#[function_component(IssueRow)]
pub fn issue_row(props: &IssueRowProps) -> Html {
    let issue = &props.issue;
    html! {
        <tr class="issue" data-issue-id={issue.id.0.to_string()}>
            <td>
                <div class="title">{ &issue.title }</div>
                <div class="culprit">{ issue.culprit.clone().unwrap_or_default() }</div>
            </td>
            <td class="num count">{ issue.count }</td>
            <td class="last-seen" title={issue.last_seen.to_rfc3339()}>
                { time_ago(issue.last_seen.as_millis(), props.now) }
            </td>
        </tr>
    }
}
