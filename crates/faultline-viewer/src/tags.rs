//! Tag distributions of an issue's stored events: which browsers, systems, releases,
//! environments, pages and custom tags its events came with, and how often.

use std::collections::HashMap;

use crate::event_data::EventHead;

/// Values shown per tag before the rest is summed up as "Other".
pub const TOP_VALUES: usize = 5;

/// How one tag's values are spread over the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagDistribution {
    /// The tag: `browser`, `os`, `release`, `environment`, `url`, or a custom tag.
    pub key: String,
    /// Events that have the tag.
    pub total: u64,
    /// The most frequent values with their counts, most frequent first.
    pub top: Vec<(String, u64)>,
    /// Events with any other value.
    pub other: u64,
}

/// Reads a tag's value from an event.
type Reader = fn(&EventHead) -> Option<String>;

/// The built-in tags, in the order they are shown, and how to read them from an event.
const BUILT_IN: [(&str, Reader); 6] = [
    ("browser", |e| e.browser.clone()),
    ("os", |e| e.os.clone()),
    ("release", |e| e.release.clone()),
    ("environment", |e| e.environment.clone()),
    ("url", |e| e.url.clone()),
    ("level", |e| Some(e.level.as_str().to_string())),
];

/// The distributions of the built-in tags and every custom tag over `events`; tags no
/// event has are left out, custom tags follow the built-in ones alphabetically.
pub fn tag_distributions(events: &[&EventHead]) -> Vec<TagDistribution> {
    let mut out = Vec::new();
    for (key, read) in BUILT_IN {
        let values: Vec<String> = events.iter().filter_map(|e| read(e)).collect();
        if let Some(d) = distribution(key, values) {
            out.push(d);
        }
    }
    let mut custom: Vec<&str> = events
        .iter()
        .flat_map(|e| e.tags.keys().map(String::as_str))
        .filter(|k| !BUILT_IN.iter().any(|(b, _)| b == k))
        .collect();
    faultline_core::heapsort(&mut custom);
    custom.dedup();
    for key in custom {
        let values = events.iter().filter_map(|e| e.tags.get(key).cloned());
        if let Some(d) = distribution(key, values.collect()) {
            out.push(d);
        }
    }
    out
}

fn distribution(key: &str, values: Vec<String>) -> Option<TagDistribution> {
    if values.is_empty() {
        return None;
    }
    let total = values.len() as u64;
    let mut counts: HashMap<String, u64> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
    faultline_core::heapsort_by(&mut ranked, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    let other = ranked.iter().skip(TOP_VALUES).map(|(_, n)| n).sum();
    ranked.truncate(TOP_VALUES);
    Some(TagDistribution {
        key: key.to_string(),
        total,
        top: ranked,
        other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_core::{BrowserContext, Event, Request};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn event(browser: &str, release: &str, tags: &[(&str, &str)]) -> EventHead {
        let mut e = Event {
            release: Some(release.into()),
            request: Some(Request {
                url: Some("https://shop.example/cart".into()),
                ..Request::default()
            }),
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Event::default()
        };
        e.contexts.insert(&BrowserContext {
            name: Some(browser.into()),
            version: Some("1".into()),
            ..BrowserContext::default()
        });
        EventHead::from(&e)
    }

    #[wasm_bindgen_test]
    fn counts_values_most_frequent_first() {
        let events = [
            event("Chrome", "1.0", &[("plan", "pro")]),
            event("Firefox", "1.1", &[]),
            event("Chrome", "1.1", &[("plan", "free")]),
        ];
        let refs: Vec<&EventHead> = events.iter().collect();
        let d = tag_distributions(&refs);
        let keys: Vec<_> = d.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["browser", "release", "url", "level", "plan"]);
        assert_eq!(
            d[0].top,
            [("Chrome 1".to_string(), 2), ("Firefox 1".to_string(), 1)]
        );
        assert_eq!(d[0].total, 3);
        assert_eq!(d[4].total, 2, "only events with the tag count");
    }

    #[wasm_bindgen_test]
    fn values_beyond_the_top_are_other() {
        let events: Vec<EventHead> = (0..8)
            .map(|i| event("Chrome", &format!("1.{i}"), &[]))
            .collect();
        let refs: Vec<&EventHead> = events.iter().collect();
        let release = &tag_distributions(&refs)[1];
        assert_eq!(release.top.len(), TOP_VALUES);
        assert_eq!(release.other, 3);
    }

    #[wasm_bindgen_test]
    fn no_events_no_tags() {
        assert!(tag_distributions(&[]).is_empty());
    }
}
