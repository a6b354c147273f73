//! An issue's history: status changes with time and reason, newest first.

use faultline_core::Activity;
use yew::prelude::*;

use crate::components::relative_time_markup;
use crate::describe::describe_activity;
use crate::format::local_offset_minutes;
use crate::markup::Markup;

/// The history `activity` (oldest first) as a list of entries, newest first; `now` in
/// milliseconds since the epoch. Written as markup: nothing in it reacts to input.
pub fn activity_log(activity: &[Activity], now: i64) -> Html {
    let mut m = Markup::with_capacity(64 + 200 * activity.len());
    if activity.is_empty() {
        m.element("p", &[("class", "muted")], "No activity recorded.");
        return m.into_html();
    }
    let tz = local_offset_minutes();
    m.open("ol", &[("class", "activity")]);
    for a in activity.iter().rev() {
        let (class, text) = describe_activity(a);
        m.open("li", &[("class", &format!("entry {class}"))])
            .element("span", &[("class", "dot"), ("aria-hidden", "true")], "")
            .element("span", &[("class", "text")], &text);
        relative_time_markup(&mut m, a.at.0, now, "when", tz);
        m.close("li");
    }
    m.close("ol");
    m.into_html()
}
