//! Breadcrumbs as a timeline: newest first, each with its category, level, message,
//! data and its time relative to the crash.

use faultline_core::Breadcrumb;
use yew::prelude::*;

use crate::format::{exact_time, json_text, local_offset_minutes};
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

/// A table, newest first, the crash on top.
#[function_component(BreadcrumbTimeline)]
pub fn breadcrumb_timeline(props: &BreadcrumbTimelineProps) -> Html {
    let all = use_state(|| false);
    let total = props.crumbs.len();
    let shown = if *all { total } else { total.min(FIRST) };
    let tz = local_offset_minutes();
    let rows = props
        .crumbs
        .iter()
        .rev()
        .take(shown)
        .map(|b| row(b, props.crash_at, tz));
    let show_all = {
        let all = all.clone();
        move |_| all.set(true)
    };
    html! {
        <div class="breadcrumbs">
            <table class="timeline">
                <thead>
                    <tr>
                        <th scope="col">{ "Category" }</th>
                        <th scope="col">{ "Description" }</th>
                        <th scope="col">{ "Level" }</th>
                        <th scope="col" class="num">{ "Time" }</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="crumb crash">
                        <td><span class="crumb-cat exception">{ "exception" }</span></td>
                        <td class="message">{ props.crash_title.clone() }</td>
                        <td><span class="level error">{ "error" }</span></td>
                        <td class="num time" title={exact_time(props.crash_at, tz)}>{ "0 s" }</td>
                    </tr>
                    { for rows }
                </tbody>
            </table>
            if shown < total {
                <button type="button" class="link" onclick={show_all}>
                    { format!("Show all {total} breadcrumbs") }
                </button>
            }
        </div>
    }
}

fn row(b: &Breadcrumb, crash_at: i64, tz: i32) -> Html {
    let category = b
        .category
        .clone()
        .or_else(|| b.ty.clone())
        .unwrap_or_else(|| "default".into());
    let level = b.level.map_or("info", |l| l.as_str());
    let at = b.timestamp.0;
    html! {
        <tr class={classes!("crumb", format!("level-{level}"))}>
            <td><span class="crumb-cat">{ category }</span></td>
            <td class="message">
                if let Some(m) = &b.message { <div>{ m.clone() }</div> }
                if !b.data.is_empty() {
                    <dl class="crumb-data">
                        { for b.data.iter().map(|(k, v)| html! {
                            <><dt>{ k.clone() }</dt><dd>{ json_text(v) }</dd></>
                        }) }
                    </dl>
                }
            </td>
            <td><span class={classes!("level", level)}>{ level }</span></td>
            <td class="num time" title={exact_time(at, tz)}>{ offset(at - crash_at) }</td>
        </tr>
    }
}
