//! The `meta` store: issue numbering, the count and byte total of stored events, drop
//! counters.

use faultline_core::count_from_f64_clamped;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbObjectStore;

use crate::config::Grouping;
use crate::error::JsError;
use crate::js_write::{get_str, Writer};
use crate::request::request;

/// The next issue number to hand out.
pub(crate) const NEXT_ISSUE_ID: &str = "nextIssueId";
/// Bytes of all stored event bodies.
pub(crate) const EVENT_BYTES: &str = "eventBytes";
/// How many event bodies are stored.
pub(crate) const EVENT_COUNT: &str = "eventCount";
/// Counts of what was dropped, by reason.
pub(crate) const DROPS: &str = "drops";
/// What the recorder groups by: `{ config, rules }` (see `config::Grouping`).
pub(crate) const GROUPING: &str = "grouping";
/// The last regroup, for undoing it (see `regroup.rs`).
pub(crate) const LAST_REGROUP: &str = "lastRegroup";

/// Reads a numeric meta value (0 when absent).
pub(crate) async fn get_u64(meta: &IdbObjectStore, key: &str) -> Result<u64, JsError> {
    let req = meta.get(&key.into())?;
    Ok(request(&req)
        .await?
        .as_f64()
        .map_or(0, count_from_f64_clamped))
}

/// Writes a numeric meta value.
pub(crate) fn put_u64(meta: &IdbObjectStore, key: &str, value: u64) -> Result<(), JsError> {
    meta.put_with_key(&JsValue::from_f64(value as f64), &key.into())
        .map(drop)
        .map_err(JsError::from)
}

/// Writes what the recorder groups by.
pub(crate) fn put_grouping(meta: &IdbObjectStore, grouping: &Grouping) -> Result<(), JsError> {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.str(&record, "config", &grouping.config);
    writer.str(&record, "rules", &grouping.rules);
    meta.put_with_key(&record, &GROUPING.into())
        .map(drop)
        .map_err(JsError::from)
}

/// Reads what the recorder groups by, if it said.
pub(crate) async fn grouping(meta: &IdbObjectStore) -> Result<Option<Grouping>, JsError> {
    let record = request(&meta.get(&GROUPING.into())?).await?;
    Ok(get_str(&record, "config").map(|config| Grouping {
        config,
        rules: get_str(&record, "rules").unwrap_or_default(),
    }))
}

/// Adds to the drop counters.
pub(crate) async fn add_drops(meta: &IdbObjectStore, drops: &[(&str, u64)]) -> Result<(), JsError> {
    let req = meta.get(&DROPS.into())?;
    let current = request(&req).await?;
    let counters = if current.is_object() {
        current
    } else {
        Object::new().into()
    };
    for (reason, n) in drops {
        let key = JsValue::from_str(reason);
        let before = Reflect::get(&counters, &key)
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let _ = Reflect::set(&counters, &key, &JsValue::from_f64(before + *n as f64));
    }
    meta.put_with_key(&counters, &DROPS.into())
        .map(drop)
        .map_err(JsError::from)
}

/// Reads the drop counters as `(reason, count)` pairs.
pub(crate) async fn drops(meta: &IdbObjectStore) -> Result<Vec<(String, u64)>, JsError> {
    let req = meta.get(&DROPS.into())?;
    let counters = request(&req).await?;
    if !counters.is_object() {
        return Ok(Vec::new());
    }
    let keys = Object::keys(counters.unchecked_ref::<Object>());
    Ok(keys
        .iter()
        .filter_map(|k| {
            let n = Reflect::get(&counters, &k).ok()?.as_f64()?;
            Some((k.as_string()?, count_from_f64_clamped(n)))
        })
        .collect())
}
