//! Version 3: the search index (`search`: core's chunks of issue entries as text, keyed by
//! chunk number, see `search_index.rs`) and the total of stored event bodies in `meta`
//! (`eventCount`), so neither a search nor the storage figures read every record.
//!
//! A new database starts with both empty; an older one has them built from its records
//! inside the upgrade transaction.

// The conversions of older databases are built with the `migrate` feature only.
#![cfg_attr(not(feature = "migrate"), allow(dead_code, unused_imports))]

use faultline_core::{update_chunks, Issue};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransaction};

use super::{EVENTS, ISSUES, META, SEARCH};
use crate::error::JsError;
use crate::issue_record::recorded_from_record;
use crate::meta::{self, EVENT_COUNT};
use crate::request::request;
use crate::search_index::write_chunks;

/// Creates the version 3 store (synchronously, inside `upgradeneeded`).
pub(crate) fn create(db: &IdbDatabase) -> Result<(), JsValue> {
    db.create_object_store(SEARCH)?;
    Ok(())
}

/// Builds the index from the stored issues and counts the stored bodies, in the upgrade
/// transaction. Only IndexedDB requests are awaited, so the transaction stays active.
pub(crate) async fn build(tx: &IdbTransaction) -> Result<(), JsError> {
    let all = request(&tx.object_store(ISSUES)?.get_all()?).await?;
    let issues: Vec<Issue> = Array::from(&all)
        .iter()
        // Records written before version 3 have no notes, assignee or parts: what
        // recording reads of them is all the index needs.
        .filter_map(|record| recorded_from_record(&record).ok().map(|s| s.issue))
        .collect();
    write_chunks(&tx.object_store(SEARCH)?, &update_chunks(&[], &issues))?;
    let events = request(&tx.object_store(EVENTS)?.count()?).await?;
    let count = events.as_f64().unwrap_or(0.0) as u64;
    meta::put_u64(&tx.object_store(META)?, EVENT_COUNT, count)
}
