//! Tag distributions as bars with percentages.

use yew::prelude::*;

use crate::format::{grouped, percent};
use crate::markup::Markup;
use crate::tags::TagDistribution;

/// What [`tag_distributions_view`] shows.
#[derive(PartialEq)]
pub struct TagDistributionsProps {
    /// The distributions, in order.
    pub tags: Vec<TagDistribution>,
    /// How many events they were computed from.
    pub events: usize,
}

/// A block per tag, a bar per top value, and "Other"; written as markup (nothing in it
/// reacts to input).
pub fn tag_distributions_view(props: &TagDistributionsProps) -> Html {
    let mut m = Markup::with_capacity(256 + 512 * props.tags.len());
    if props.tags.is_empty() {
        m.element("p", &[("class", "muted")], "No tags on the stored events.");
        return m.into_html();
    }
    m.open("div", &[("class", "tag-list")]);
    for t in &props.tags {
        tag(&mut m, t);
    }
    let from = format!("From the {} stored events.", grouped(props.events as u64));
    m.element("p", &[("class", "muted small")], &from)
        .close("div");
    m.into_html()
}

fn tag(m: &mut Markup, t: &TagDistribution) {
    m.open(
        "section",
        &[("class", "tag"), ("aria-label", &format!("Tag {}", t.key))],
    )
    .element("h3", &[], &t.key)
    .open("ul", &[]);
    let other = (t.other > 0).then_some(("Other", t.other, "other"));
    let top = t.top.iter().map(|(v, n)| (v.as_str(), *n, ""));
    for (value, n, class) in top.chain(other) {
        let width = (n * 100).checked_div(t.total).unwrap_or(0);
        let title = format!("{} of {} events", grouped(n), grouped(t.total));
        let mut attributes = vec![("title", title.as_str())];
        if !class.is_empty() {
            attributes.insert(0, ("class", class));
        }
        m.open("li", &attributes)
            .element(
                "span",
                &[("class", "bar"), ("style", &format!("width: {width}%"))],
                "",
            )
            .element("span", &[("class", "value")], value)
            .element("span", &[("class", "pct")], &percent(n, t.total))
            .close("li");
    }
    m.close("ul").close("section");
}
