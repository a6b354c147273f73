//! One issue in the stream, as markup: checkbox, title, culprit, level, badges, chart,
//! counts and when it was last and first seen. The stream's table
//! ([`IssueTable`](crate::components::IssueTable)) writes its body from these rows in one
//! `innerHTML` and hears their clicks and changes itself.

use faultline_core::Issue;

use crate::chart::Window;
use crate::components::{
    issue_title_markup, relative_time_markup, spark_bars_markup, status_badges_markup,
};
use crate::format::{compact_count, grouped, local_offset_minutes};
use crate::markup::Markup;
use crate::route::Route;

/// What a row shows.
#[derive(Clone, Copy)]
pub struct RowView<'a> {
    /// The issue.
    pub issue: &'a Issue,
    /// Now, in milliseconds since the epoch, for relative times.
    pub now: i64,
    /// Whether it is selected.
    pub selected: bool,
    /// Whether the keyboard is on it.
    pub focused: bool,
    /// Its events per bucket over `window`, once loaded.
    pub chart: Option<&'a [u64]>,
    /// The chart's window.
    pub window: Window,
}

/// The class of a row's `tr`.
pub fn row_class(issue: &Issue, selected: bool, focused: bool) -> String {
    let mut class = String::with_capacity(40);
    class.push_str("issue level-");
    class.push_str(issue.level.as_str());
    if selected {
        class.push_str(" selected");
    }
    if focused {
        class.push_str(" focused");
    }
    class
}

/// Writes the row: a `tr` with the issue's id in `data-issue-id`.
pub fn issue_row_markup(m: &mut Markup, row: &RowView<'_>) {
    let issue = row.issue;
    let id = issue.id.0.to_string();
    let short_id = issue.id.short_id();
    m.open(
        "tr",
        &[
            ("data-issue-id", &id),
            ("class", &row_class(issue, row.selected, row.focused)),
        ],
    );
    let label = format!("Select {short_id}");
    let checkbox = [
        ("type", "checkbox"),
        ("aria-label", label.as_str()),
        ("checked", ""),
    ];
    // `checked` only when selected.
    let attributes = if row.selected {
        &checkbox[..]
    } else {
        &checkbox[..2]
    };
    m.open("td", &[("class", "select")])
        .open("input", attributes);
    m.close("td").open("td", &[("class", "main")]);
    main_cell_markup(m, issue, row.now);
    m.close("td").open("td", &[("class", "graph")]);
    chart_markup(m, row.chart, row.window);
    m.close("td");
    let events = format!("{} events", grouped(issue.count));
    m.element(
        "td",
        &[("class", "num count"), ("title", &events)],
        &compact_count(issue.count),
    );
    let users = format!("{} users", grouped(issue.user_count));
    m.element(
        "td",
        &[("class", "num users"), ("title", &users)],
        &compact_count(issue.user_count),
    );
    m.open("td", &[("class", "seen")]);
    seen_cell_markup(m, issue, row.now);
    m.close("td").close("tr");
}

/// Writes a row's chart, nothing until it is loaded.
pub fn chart_markup(m: &mut Markup, chart: Option<&[u64]>, window: Window) {
    if let Some(counts) = chart {
        let total: u64 = counts.iter().sum();
        let label = format!("{} events in the {}", grouped(total), window.label());
        spark_bars_markup(m, counts, &label);
    }
}

/// Writes the title cell's content: the title, a link to the issue's page, then its
/// level, short id, culprit and badges.
pub fn main_cell_markup(m: &mut Markup, issue: &Issue, now: i64) {
    let short_id = issue.id.short_id();
    // An issue's route always has a search, so its href is that search (the router's
    // `href` falls back to the page's path only for the default view).
    let href = Route::issue(issue.id).search();
    m.open("a", &[("class", "title"), ("href", &href)]);
    issue_title_markup(m, &issue.title, issue.error_type.as_deref());
    m.close("a").open("div", &[("class", "meta")]);
    let level = issue.level.as_str();
    let level_class = format!("level {level}");
    m.element("span", &[("class", &level_class)], level);
    m.element("span", &[("class", "short-id")], &short_id);
    if let Some(culprit) = &issue.culprit {
        m.element("span", &[("class", "culprit")], culprit);
    }
    status_badges_markup(m, issue, now);
    m.close("div");
}

/// Writes the last-seen cell's content: when it was last seen, and first seen below.
pub fn seen_cell_markup(m: &mut Markup, issue: &Issue, now: i64) {
    let offset = local_offset_minutes();
    relative_time_markup(m, issue.last_seen.0, now, "last-seen", offset);
    m.open("span", &[("class", "first-seen-line")])
        .text("first ");
    relative_time_markup(m, issue.first_seen.0, now, "first-seen", offset);
    m.close("span");
}
