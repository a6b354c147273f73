//! Tag distributions as bars with percentages.

use yew::prelude::*;

use crate::format::{grouped, percent};
use crate::tags::TagDistribution;

/// What [`tag_distributions_view`] shows.
#[derive(PartialEq)]
pub struct TagDistributionsProps {
    /// The distributions, in order.
    pub tags: Vec<TagDistribution>,
    /// How many events they were computed from.
    pub events: usize,
}

/// A block per tag, a bar per top value, and "Other".
pub fn tag_distributions_view(props: &TagDistributionsProps) -> Html {
    if props.tags.is_empty() {
        return html! { <p class="muted">{ "No tags on the stored events." }</p> };
    }
    html! {
        <div class="tag-list">
            { for props.tags.iter().map(tag) }
            <p class="muted small">{ format!("From the {} stored events.", grouped(props.events as u64)) }</p>
        </div>
    }
}

fn tag(t: &TagDistribution) -> Html {
    let mut values: Vec<(String, u64, &'static str)> =
        t.top.iter().map(|(v, n)| (v.clone(), *n, "")).collect();
    if t.other > 0 {
        values.push(("Other".into(), t.other, "other"));
    }
    html! {
        <section class="tag" aria-label={format!("Tag {}", t.key)}>
            <h3>{ t.key.clone() }</h3>
            <ul>
                { for values.into_iter().map(|(value, n, class)| {
                    let share = percent(n, t.total);
                    let width = (n * 100).checked_div(t.total).unwrap_or(0);
                    html! {
                        <li class={class} title={format!("{} of {} events", grouped(n), grouped(t.total))}>
                            <span class="bar" style={format!("width: {width}%")}></span>
                            <span class="value">{ value }</span>
                            <span class="pct">{ share }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
