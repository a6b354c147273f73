//! The issue page's events chart: a bar per hour or day, each with its count on hover.

use yew::prelude::*;

use crate::chart::Window;
use crate::format::{exact_time, grouped, local_offset_minutes};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 72.0;

/// Props of [`EventsChart`].
#[derive(Properties, PartialEq)]
pub struct EventsChartProps {
    /// Events per bucket, oldest first.
    pub counts: Vec<u64>,
    /// The window the buckets cover.
    pub window: Window,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
}

/// An SVG bar chart with its total and peak.
#[function_component(EventsChart)]
pub fn events_chart(props: &EventsChartProps) -> Html {
    let n = props.counts.len().max(1);
    let max = props.counts.iter().copied().max().unwrap_or(0);
    let total: u64 = props.counts.iter().sum();
    let slot = WIDTH / n as f64;
    let (first, _) = props.window.range(props.now);
    let tz = local_offset_minutes();
    let bars = props.counts.iter().enumerate().map(|(i, &count)| {
        let h = if count == 0 {
            1.0
        } else {
            (count as f64 / max.max(1) as f64 * (HEIGHT - 4.0)).max(2.0)
        };
        let start = (first + i as i64) * props.window.bucket_ms();
        let when = exact_time(start, tz);
        let when = if props.window.hourly {
            when.get(..16).unwrap_or(&when).to_string()
        } else {
            when.get(..10).unwrap_or(&when).to_string()
        };
        html! {
            <rect class={if count == 0 { "zero" } else { "bar" }}
                x={format!("{:.1}", i as f64 * slot + 1.0)} y={format!("{:.1}", HEIGHT - h)}
                width={format!("{:.1}", (slot - 2.0).max(1.0))} height={format!("{h:.1}")}>
                <title>{ format!("{when}: {} events", grouped(count)) }</title>
            </rect>
        }
    });
    let label = format!("{} events in the {}", grouped(total), props.window.label());
    html! {
        <figure class="events-chart">
            <svg role="img" aria-label={label.clone()} viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                preserveAspectRatio="none">
                { for bars }
            </svg>
            <figcaption>
                <span>{ label }</span>
                <span class="muted">{ format!("peak {}", grouped(max)) }</span>
            </figcaption>
        </figure>
    }
}
