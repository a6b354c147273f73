//! Benchmark entry points run in headless Chromium by `bench/*.mjs`: recording events into
//! IndexedDB in batches or one transaction per event, importing an export of many events
//! (`bench/storage.mjs`), and preloading a large database for the viewer benchmark
//! (`bench/viewer.mjs`).

#![warn(missing_docs)]

mod events;
mod import;
mod preload;

use faultline_idb::{Store, StoreConfig};
use wasm_bindgen::prelude::*;

use events::synthetic;
pub use import::import_events;
pub use preload::preload;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn js_error(e: faultline_idb::Error) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Records `count` events spread over `issues` issues into database `db`, `batch` events
/// per transaction; resolves to the elapsed milliseconds until the last commit. With
/// `keep_all`, retention keeps every byte (as the viewer benchmark's preload, whose
/// database is far over the default budget); `first` numbers the events from there
/// (their ids follow the number), so calls that go on recording add new events.
#[wasm_bindgen(js_name = recordEvents)]
pub async fn record_events(
    db: String,
    count: u32,
    batch: u32,
    issues: u32,
    keep_all: Option<bool>,
    first: Option<u32>,
) -> Result<f64, JsValue> {
    let config = if keep_all == Some(true) {
        preload::keep_all()
    } else {
        StoreConfig::default()
    };
    let store = Store::open_with(&db, config).await.map_err(js_error)?;
    let first = first.unwrap_or(0);
    let events: Vec<_> = (first..first.saturating_add(count))
        .map(|i| synthetic(i, i % issues.max(1), 0))
        .collect();
    let start = now_ms();
    for chunk in events.chunks(batch.max(1) as usize) {
        store.record(chunk).await.map_err(js_error)?;
    }
    let elapsed = now_ms() - start;
    store.close();
    Ok(elapsed)
}

/// Parses every stack of `stacks` over and over for about `budget_ms`, inside wasm: no JS
/// string crosses in and no JS frame objects are built per parse, unlike `parseStack`.
/// Returns stacks parsed per second: the core parser's own speed, to set beside the
/// exported `parseStack` and Sentry's parser. With `wire`, the parse is `parseStack`'s
/// (`parse_stack_wire`: the compact form, no `Frame` built) instead of `parse_stack`.
#[wasm_bindgen(js_name = parseInWasm)]
pub fn parse_in_wasm(stacks: Vec<String>, budget_ms: f64, wire: Option<bool>) -> f64 {
    let wire = wire.unwrap_or(false);
    let clock = performance();
    let clock_ms = || clock.as_ref().map_or(0.0, web_sys::Performance::now);
    let start = clock_ms();
    let mut parsed = 0u64;
    let mut frames = 0usize;
    loop {
        for stack in &stacks {
            frames += if wire {
                faultline_core::parse_stack_wire(stack)[0] as usize
            } else {
                faultline_core::parse_stack(stack).frames.len()
            };
        }
        parsed += stacks.len() as u64;
        let elapsed = clock_ms() - start;
        if elapsed >= budget_ms || stacks.is_empty() {
            // `frames` keeps the parses from being optimized away.
            return if frames == usize::MAX {
                0.0
            } else {
                parsed as f64 / elapsed * 1000.0
            };
        }
    }
}

/// `performance` of the global this runs in: a page, a Worker or Node (where the parse
/// benchmark can run under a profiler).
fn performance() -> Option<web_sys::Performance> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
}
