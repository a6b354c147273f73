//! The issue page's events chart: a bar per hour or day, each with its count on hover.

use yew::prelude::*;

use crate::chart::Window;
use crate::format::{exact_time, grouped, local_offset_minutes, tenths};
use crate::markup::Markup;

/// The chart's box, in tenths of a unit.
const WIDTH: u64 = 3_200;
const HEIGHT: u64 = 720;

/// What [`events_chart`] shows.
#[derive(PartialEq)]
pub struct EventsChartProps {
    /// Events per bucket, oldest first.
    pub counts: Vec<u64>,
    /// The window the buckets cover.
    pub window: Window,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
}

/// An SVG bar chart with its total and peak, written as markup (nothing in it reacts to
/// input; a bar's count shows as its tooltip).
pub fn events_chart(props: &EventsChartProps) -> Html {
    events_chart_markup(props).into_html()
}

fn events_chart_markup(props: &EventsChartProps) -> Markup {
    let n = props.counts.len().max(1) as u64;
    let max = props.counts.iter().copied().max().unwrap_or(0);
    let total: u64 = props.counts.iter().sum();
    let slot = WIDTH / n;
    let (first, _) = props.window.range(props.now);
    let tz = local_offset_minutes();
    let label = format!("{} events in the {}", grouped(total), props.window.label());
    let mut m = Markup::with_capacity(200 + 120 * props.counts.len());
    m.open("figure", &[("class", "events-chart")]).open(
        "svg",
        &[
            ("role", "img"),
            ("aria-label", &label),
            ("viewBox", "0 0 320 72"),
            ("preserveAspectRatio", "none"),
        ],
    );
    for (i, &count) in props.counts.iter().enumerate() {
        let h = if count == 0 {
            10
        } else {
            // u128: a count may be near 2^53.
            let scaled = u128::from(count) * u128::from(HEIGHT - 40) / u128::from(max.max(1));
            (scaled as u64).max(20)
        };
        let start = (first + i as i64) * props.window.bucket_ms();
        let when = exact_time(start, tz);
        let when = when
            .get(..if props.window.hourly { 16 } else { 10 })
            .unwrap_or(&when);
        m.open(
            "rect",
            &[
                ("class", if count == 0 { "zero" } else { "bar" }),
                ("x", &tenths(WIDTH * i as u64 / n + 10)),
                ("y", &tenths(HEIGHT - h)),
                ("width", &tenths(slot.saturating_sub(20).max(10))),
                ("height", &tenths(h)),
            ],
        )
        .element("title", &[], &format!("{when}: {} events", grouped(count)))
        .close("rect");
    }
    m.close("svg")
        .open("figcaption", &[])
        .element("span", &[], &label)
        .element(
            "span",
            &[("class", "muted")],
            &format!("peak {}", grouped(max)),
        )
        .close("figcaption")
        .close("figure");
    m
}
