//! A relative time ("5 min ago") with the exact local time on hover.

use faultline_core::Timestamp;
use yew::prelude::*;

use crate::format::{exact_time, local_offset_minutes};
use crate::markup::Markup;
use crate::time_ago::time_ago;

/// `<time>` saying how long before `now` the instant `at` was (both in milliseconds since
/// the epoch), with a machine-readable and an exact tooltip; `class` may be empty.
pub fn relative_time(at: i64, now: i64, class: &'static str) -> Html {
    let mut markup = Markup::default();
    relative_time_markup(&mut markup, at, now, class, local_offset_minutes());
    markup.into_html()
}

/// [`relative_time`] written into `markup`, in the zone `offset_minutes` east of UTC
/// ([`local_offset_minutes`], read once by a caller that writes many).
pub fn relative_time_markup(
    markup: &mut Markup,
    at: i64,
    now: i64,
    class: &'static str,
    offset_minutes: i32,
) {
    let datetime = Timestamp(at).to_rfc3339();
    let title = exact_time(at, offset_minutes);
    let text = time_ago(at, now);
    if class.is_empty() {
        markup.element("time", &[("datetime", &datetime), ("title", &title)], &text);
    } else {
        let attributes = [("class", class), ("datetime", &datetime), ("title", &title)];
        markup.element("time", &attributes, &text);
    }
}
