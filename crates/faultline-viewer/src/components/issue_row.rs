//! One issue in the stream: checkbox, title, culprit, level, badges, chart, counts and
//! when it was last and first seen.

use std::rc::Rc;

use faultline_core::{Issue, IssueId};
use yew::prelude::*;

use crate::chart::Window;
use crate::components::{issue_title, moves_within, relative_time, spark_bars, status_badges};
use crate::format::{compact_count, grouped};
use crate::route::Route;

/// Props of [`IssueRow`]. Equal when the issue is the same one (the same shared value,
/// else an equal one) and every other field is: a table re-renders its 50 rows on every
/// change, and only the rows whose props changed render again.
#[derive(Properties)]
pub struct IssueRowProps {
    /// The issue shown.
    pub issue: Rc<Issue>,
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
    /// Called to open its page (a plain click on its title).
    pub on_open: Callback<IssueId>,
}

impl PartialEq for IssueRowProps {
    fn eq(&self, other: &Self) -> bool {
        (Rc::ptr_eq(&self.issue, &other.issue) || self.issue == other.issue)
            && self.now == other.now
            && self.selected == other.selected
            && self.focused == other.focused
            && self.chart == other.chart
            && self.window == other.window
            && self.on_toggle == other.on_toggle
            && self.on_open == other.on_open
    }
}

/// A table row. It has no hooks and no child components (its title is a plain link the
/// table gives the `href` and the click of): a filter or a page replaces all 50 rows, and
/// each component or hook is paid 50 times.
#[function_component(IssueRow)]
pub fn issue_row(props: &IssueRowProps) -> Html {
    let issue = &props.issue;
    let id = issue.id;
    let on_toggle = props.on_toggle.clone();
    let on_open = props.on_open.clone();
    let short_id = id.short_id();
    let level = issue.level.as_str();
    let chart = props.chart.clone().map(|counts| {
        let total: u64 = counts.iter().sum();
        let label = format!("{} events in the {}", grouped(total), props.window.label());
        spark_bars(&counts, &label)
    });
    html! {
        <tr data-issue-id={id.0.to_string()}
            class={classes!("issue", format!("level-{level}"), props.selected.then_some("selected"), props.focused.then_some("focused"))}>
            <td class="select">
                <input type="checkbox" checked={props.selected}
                    aria-label={format!("Select {short_id}")}
                    onchange={move |_| on_toggle.emit(id)} />
            </td>
            <td class="main">
                // An issue's route always has a search, so its href is that search (the
                // router's `href` falls back to the page's path only for the default view).
                <a class="title" href={Route::issue(id).search()}
                    onclick={move |e: MouseEvent| if moves_within(&e) { on_open.emit(id) }}>
                    { issue_title(&issue.title, issue.error_type.as_deref()) }
                </a>
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
