//! One issue in the stream: checkbox, title, culprit, level, badges, chart, counts and
//! when it was last and first seen.

use faultline_core::{Issue, IssueId};
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::chart::Window;
use crate::components::{issue_title, relative_time, spark_bars, status_badges, Link};
use crate::format::{compact_count, grouped};
use crate::route::Route;

/// Props of [`IssueRow`].
#[derive(Properties, PartialEq)]
pub struct IssueRowProps {
    /// The issue shown.
    pub issue: Issue,
    /// Now, in milliseconds since the epoch, for relative times.
    pub now: i64,
    /// Whether it is selected.
    #[prop_or_default]
    pub selected: bool,
    /// Whether the keyboard is on it.
    #[prop_or_default]
    pub focused: bool,
    /// Its events per bucket over `window`, once loaded.
    #[prop_or_default]
    pub chart: Option<Vec<u64>>,
    /// The chart's window.
    pub window: Window,
    /// Called to select or unselect it.
    pub on_toggle: Callback<IssueId>,
}

/// A table row.
#[function_component(IssueRow)]
pub fn issue_row(props: &IssueRowProps) -> Html {
    let issue = &props.issue;
    let row = use_node_ref();
    {
        let row = row.clone();
        use_effect_with(props.focused, move |focused| {
            if let (true, Some(el)) = (*focused, row.cast::<Element>()) {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let id = issue.id;
    let on_toggle = props.on_toggle.clone();
    let short_id = id.short_id();
    let level = issue.level.as_str();
    let chart = props.chart.clone().map(|counts| {
        let total: u64 = counts.iter().sum();
        let label = format!("{} events in the {}", grouped(total), props.window.label());
        spark_bars(&counts, &label)
    });
    html! {
        <tr ref={row} data-issue-id={id.0.to_string()}
            class={classes!("issue", format!("level-{level}"), props.selected.then_some("selected"), props.focused.then_some("focused"))}>
            <td class="select">
                <input type="checkbox" checked={props.selected}
                    aria-label={format!("Select {short_id}")}
                    onchange={move |_| on_toggle.emit(id)} />
            </td>
            <td class="main">
                <Link to={Route::issue(id)} class="title">
                    { issue_title(&issue.title, issue.error_type.as_deref()) }
                </Link>
                <div class="meta">
                    <span class={classes!("level", level)}>{ level }</span>
                    <span class="short-id">{ short_id.clone() }</span>
                    if let Some(culprit) = &issue.culprit {
                        <span class="culprit">{ culprit.clone() }</span>
                    }
                    { status_badges(issue, props.now) }
                </div>
            </td>
            <td class="graph">{ chart.unwrap_or_default() }</td>
            <td class="num count" title={format!("{} events", grouped(issue.count))}>{ compact_count(issue.count) }</td>
            <td class="num users" title={format!("{} users", grouped(issue.user_count))}>{ compact_count(issue.user_count) }</td>
            <td class="seen">
                { relative_time(issue.last_seen.0, props.now, "last-seen") }
                <span class="first-seen-line">{ "first " }
                    { relative_time(issue.first_seen.0, props.now, "first-seen") }
                </span>
            </td>
        </tr>
    }
}
