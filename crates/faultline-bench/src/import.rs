//! Import throughput: one export of the viewer benchmark's data (issues and events as
//! `preload` makes them), imported into an empty database, timed alone.

use faultline_idb::{Store, StoreConfig};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::js_error;
use crate::preload::{keep_all, record_slice, ISSUES_PER_SLICE};

/// Builds one export of `events` events over `issues` issues (grouped in memory a slice
/// of issues at a time), then imports it into the empty database `db`, with
/// retention that keeps everything (`keepAll`, as the viewer benchmark's preload) or the
/// default limits. Resolves to `{ events, issues, ms }`: `ms` is the import alone, from
/// the call until its transaction committed; `events` and `issues` are what it added.
#[wasm_bindgen(js_name = importEvents)]
pub async fn import_events(
    db: String,
    issues: u32,
    events: u32,
    now_ms: f64,
    keep_everything: bool,
) -> Result<JsValue, JsValue> {
    let issues = issues.max(1);
    let grouped = Store::memory("import", keep_all(), None);
    let mut lo = 0;
    while lo < issues {
        let hi = (lo + ISSUES_PER_SLICE).min(issues);
        record_slice(&grouped, lo, hi, issues, events, now_ms).await?;
        lo = hi;
    }
    let export = grouped
        .export(None, faultline_core::Timestamp(now_ms as i64))
        .await
        .map_err(js_error)?;
    drop(grouped);
    let config = if keep_everything {
        keep_all()
    } else {
        StoreConfig::default()
    };
    let store = Store::open_with(&db, config).await.map_err(js_error)?;
    let start = crate::now_ms();
    let report = store.import(&export).await.map_err(js_error)?;
    let ms = crate::now_ms() - start;
    store.close();
    let out = Object::new();
    let set = |key: &str, value: f64| Reflect::set(&out, &key.into(), &value.into());
    set("events", report.events_added as f64)?;
    set("issues", report.issues_created as f64)?;
    set("invalid", report.invalid as f64)?;
    set("ms", ms)?;
    Ok(out.into())
}
