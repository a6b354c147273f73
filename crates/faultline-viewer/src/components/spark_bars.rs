//! A small bar chart of events over time, for a stream row: two SVG paths (the bars, and
//! hairlines for empty buckets) rather than an element per bar, since a page has 50 rows.

use crate::format::push_tenths;
use crate::markup::Markup;

/// Width of the chart in tenths of a CSS pixel.
const WIDTH: u64 = 960;
/// Height of the chart in tenths of a CSS pixel.
const HEIGHT: u64 = 240;

/// Writes the chart of `counts` (events per bucket, oldest first), scaled to the busiest
/// bucket, labelled `label` for screen readers and the tooltip. The browser's parser puts
/// an `svg` met in HTML, and what it holds, in the SVG namespace.
pub fn spark_bars_markup(markup: &mut Markup, counts: &[u64], label: &str) {
    let (bars, zero) = spark_paths(counts);
    markup
        .open(
            "svg",
            &[
                ("class", "spark"),
                ("role", "img"),
                ("aria-label", label),
                ("viewBox", "0 0 96 24"),
                ("width", "96"),
                ("height", "24"),
            ],
        )
        .element("title", &[], label)
        .element("path", &[("class", "bar"), ("d", &bars)], "")
        .element("path", &[("class", "zero"), ("d", &zero)], "")
        .close("svg");
}

/// The `d` of the bars and of the empty buckets' hairlines, in a 96 x 24 box: one bar
/// per bucket, a pixel apart, at least 0.2 high when not empty.
pub fn spark_paths(counts: &[u64]) -> (String, String) {
    let n = counts.len().max(1) as u64;
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let slot = WIDTH / n;
    let width = slot.saturating_sub(10).max(10);
    // About 24 bytes a bucket.
    let (mut bars, mut zero) = (String::with_capacity(counts.len() * 24), String::new());
    for (i, &count) in counts.iter().enumerate() {
        let height = if count == 0 {
            10
        } else {
            // u128: a count may be near 2^53.
            ((u128::from(count) * u128::from(HEIGHT - 20) / u128::from(max)) as u64).max(20)
        };
        let path = if count == 0 { &mut zero } else { &mut bars };
        let x = WIDTH * i as u64 / n;
        // M{x} {y}h{width}v{height}h-{width}z
        path.push('M');
        push_tenths(path, x);
        path.push(' ');
        push_tenths(path, HEIGHT - height);
        path.push('h');
        push_tenths(path, width);
        path.push('v');
        push_tenths(path, height);
        path.push_str("h-");
        push_tenths(path, width);
        path.push('z');
    }
    (bars, zero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn bars_scale_to_the_busiest_bucket_and_empty_buckets_are_hairlines() {
        let (bars, zero) = spark_paths(&[0, 4, 2, 0]);
        assert_eq!(bars, "M24 2h23v22h-23zM48 13h23v11h-23z");
        assert_eq!(zero, "M0 23h23v1h-23zM72 23h23v1h-23z");
        // Fifteen buckets: bars 5.4 wide, 6.4 apart; tiny counts still show.
        let mut counts = vec![1; 14];
        counts.push(1_000_000);
        let (bars, _) = spark_paths(&counts);
        assert!(bars.starts_with("M0 22h5.4v2h-5.4z"), "{bars}");
    }
}
