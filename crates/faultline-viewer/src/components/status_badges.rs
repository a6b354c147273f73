//! An issue's status badges: new, regressed, escalating, resolved, ignored.

use faultline_core::{Issue, Timestamp};
use yew::prelude::*;

use crate::describe::badges;
use crate::markup::Markup;

/// Small labelled pills, each with its explanation on hover, as of `now` (milliseconds
/// since the epoch: new and regressed age).
pub fn status_badges(issue: &Issue, now: i64) -> Html {
    let mut markup = Markup::default();
    status_badges_markup(&mut markup, issue, now);
    markup.into_html()
}

/// [`status_badges`] written into `markup`.
pub fn status_badges_markup(markup: &mut Markup, issue: &Issue, now: i64) {
    for b in badges(issue, Timestamp(now)) {
        let class = format!("badge {}", b.class);
        markup.element("span", &[("class", &class), ("title", &b.title)], b.label);
    }
}
