//! Breadcrumbs as a timeline: newest first, each with its category, level, message,
//! data and its time relative to the crash.

use faultline_core::Breadcrumb;
use yew::prelude::*;

use crate::format::{exact_time, json_text, local_offset_minutes};
use crate::markup::Markup;
use crate::time_ago::offset;

/// Breadcrumbs shown before "show all".
const FIRST: usize = 12;

/// Props of [`BreadcrumbTimeline`].
#[derive(Properties, PartialEq)]
pub struct BreadcrumbTimelineProps {
    /// The breadcrumbs, oldest first.
    pub crumbs: Vec<Breadcrumb>,
    /// When the event happened (ms), the zero of the timeline.
    pub crash_at: i64,
    /// The event's title, the timeline's last entry.
    pub crash_title: AttrValue,
}

/// A table, newest first, the crash on top (written as markup), and "Show all" when some
/// are left out.
#[function_component(BreadcrumbTimeline)]
pub fn breadcrumb_timeline(props: &BreadcrumbTimelineProps) -> Html {
    let all = use_state(|| false);
    let total = props.crumbs.len();
    let shown = if *all { total } else { total.min(FIRST) };
    let show_all = {
        let all = all.clone();
        move |_| all.set(true)
    };
    html! {
        <div class="breadcrumbs">
            { timeline_markup(props, shown).into_html() }
            if shown < total {
                <button type="button" class="link" onclick={show_all}>
                    { format!("Show all {total} breadcrumbs") }
                </button>
            }
        </div>
    }
}

/// The table with the newest `shown` breadcrumbs.
fn timeline_markup(props: &BreadcrumbTimelineProps, shown: usize) -> Markup {
    let tz = local_offset_minutes();
    let mut m = Markup::with_capacity(1024 + 400 * shown);
    m.open("table", &[("class", "timeline")])
        .open("thead", &[])
        .open("tr", &[]);
    for heading in ["Category", "Description", "Level"] {
        m.element("th", &[("scope", "col")], heading);
    }
    m.element("th", &[("scope", "col"), ("class", "num")], "Time")
        .close("tr")
        .close("thead")
        .open("tbody", &[])
        .open("tr", &[("class", "crumb crash")])
        .open("td", &[])
        .element("span", &[("class", "crumb-cat exception")], "exception")
        .close("td")
        .element("td", &[("class", "message")], &props.crash_title)
        .open("td", &[])
        .element("span", &[("class", "level error")], "error")
        .close("td")
        .element(
            "td",
            &[
                ("class", "num time"),
                ("title", &exact_time(props.crash_at, tz)),
            ],
            "0 s",
        )
        .close("tr");
    for b in props.crumbs.iter().rev().take(shown) {
        row(&mut m, b, props.crash_at, tz);
    }
    m.close("tbody").close("table");
    m
}

fn row(m: &mut Markup, b: &Breadcrumb, crash_at: i64, tz: i32) {
    let category = b
        .category
        .as_deref()
        .or(b.ty.as_deref())
        .unwrap_or("default");
    let level = b.level.map_or("info", |l| l.as_str());
    let at = b.timestamp.0;
    m.open("tr", &[("class", &format!("crumb level-{level}"))])
        .open("td", &[])
        .element("span", &[("class", "crumb-cat")], category)
        .close("td")
        .open("td", &[("class", "message")]);
    if let Some(message) = &b.message {
        m.element("div", &[], message);
    }
    if !b.data.is_empty() {
        m.open("dl", &[("class", "crumb-data")]);
        for (k, v) in &b.data {
            m.element("dt", &[], k).element("dd", &[], &json_text(v));
        }
        m.close("dl");
    }
    m.close("td")
        .open("td", &[])
        .element("span", &[("class", &format!("level {level}"))], level)
        .close("td")
        .element(
            "td",
            &[("class", "num time"), ("title", &exact_time(at, tz))],
            &offset(at - crash_at),
        )
        .close("tr");
}
