//! One issue in the stream: checkbox, title, culprit, level, badges, chart, counts and
//! when it was last and first seen.

use std::rc::Rc;

use faultline_core::{Issue, IssueId};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::chart::Window;
use crate::components::{
    issue_title_markup, moves_within, relative_time_markup, spark_bars, status_badges_markup,
};
use crate::format::{compact_count, grouped, local_offset_minutes};
use crate::markup::Markup;
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

/// A table row. It has no hooks and no child components: a filter or a page replaces all
/// 50 rows, and each component or hook is paid 50 times. The cells without a listener of
/// their own are written as markup ([`Markup`]) that the browser parses in one call each;
/// the title's click is heard by its cell.
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
    let on_click = move |e: MouseEvent| {
        if on_title(&e) && moves_within(&e) {
            on_open.emit(id);
        }
    };
    html! {
        <tr data-issue-id={id.0.to_string()}
            class={classes!("issue", format!("level-{level}"), props.selected.then_some("selected"), props.focused.then_some("focused"))}>
            <td class="select">
                <input type="checkbox" checked={props.selected}
                    aria-label={format!("Select {short_id}")}
                    onchange={move |_| on_toggle.emit(id)} />
            </td>
            <td class="main" onclick={on_click}>{ main_cell(issue, &short_id, props.now) }</td>
            <td class="graph">{ chart.unwrap_or_default() }</td>
            <td class="num count" title={format!("{} events", grouped(issue.count))}>{ compact_count(issue.count) }</td>
            <td class="num users" title={format!("{} users", grouped(issue.user_count))}>{ compact_count(issue.user_count) }</td>
            <td class="seen">{ seen_cell(issue, props.now) }</td>
        </tr>
    }
}

/// Whether a click landed on (or in) a row's title link.
fn on_title(e: &MouseEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("a.title").ok().flatten())
        .is_some()
}

/// The title cell: the title, a link to the issue's page, then its level, short id,
/// culprit and badges.
fn main_cell(issue: &Issue, short_id: &str, now: i64) -> Html {
    let mut m = Markup::with_capacity(512);
    // An issue's route always has a search, so its href is that search (the router's
    // `href` falls back to the page's path only for the default view).
    let href = Route::issue(issue.id).search();
    m.open("a", &[("class", "title"), ("href", &href)]);
    issue_title_markup(&mut m, &issue.title, issue.error_type.as_deref());
    m.close("a").open("div", &[("class", "meta")]);
    let level = issue.level.as_str();
    let level_class = format!("level {level}");
    m.element("span", &[("class", &level_class)], level);
    m.element("span", &[("class", "short-id")], short_id);
    if let Some(culprit) = &issue.culprit {
        m.element("span", &[("class", "culprit")], culprit);
    }
    status_badges_markup(&mut m, issue, now);
    m.close("div");
    m.into_html()
}

/// The last-seen cell: when it was last seen, and first seen below.
fn seen_cell(issue: &Issue, now: i64) -> Html {
    let offset = local_offset_minutes();
    let mut m = Markup::with_capacity(384);
    relative_time_markup(&mut m, issue.last_seen.0, now, "last-seen", offset);
    m.open("span", &[("class", "first-seen-line")])
        .text("first ");
    relative_time_markup(&mut m, issue.first_seen.0, now, "first-seen", offset);
    m.close("span");
    m.into_html()
}
