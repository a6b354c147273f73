//! A small bar chart of events over time, for a stream row.

use yew::prelude::*;

/// Width of the chart in CSS pixels.
const WIDTH: f64 = 96.0;
/// Height of the chart in CSS pixels.
const HEIGHT: f64 = 24.0;

/// Props of [`SparkBars`].
#[derive(Properties, PartialEq)]
pub struct SparkBarsProps {
    /// Events per bucket, oldest first.
    pub counts: Vec<u64>,
    /// What the chart shows, for screen readers and the tooltip.
    pub label: AttrValue,
}

/// An SVG bar per bucket, scaled to the busiest; empty buckets are a hairline.
#[function_component(SparkBars)]
pub fn spark_bars(props: &SparkBarsProps) -> Html {
    let n = props.counts.len().max(1) as f64;
    let max = props.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / n;
    let bar = (slot - 1.0).max(1.0);
    let bars = props.counts.iter().enumerate().map(|(i, &count)| {
        let h = if count == 0 {
            1.0
        } else {
            (count as f64 / max * (HEIGHT - 2.0)).max(2.0)
        };
        html! {
            <rect class={if count == 0 { "zero" } else { "bar" }}
                x={format!("{:.1}", i as f64 * slot)} y={format!("{:.1}", HEIGHT - h)}
                width={format!("{bar:.1}")} height={format!("{h:.1}")} />
        }
    });
    html! {
        <svg class="spark" role="img" aria-label={props.label.clone()}
            viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width={WIDTH.to_string()} height={HEIGHT.to_string()}>
            <title>{ props.label.clone() }</title>
            { for bars }
        </svg>
    }
}
