//! Version 5, tallies: each issue's distinct users and hour and day counters move from a
//! record per user and per counter (`users`, `counters`) to one record per issue
//! (`tallies`, see `tally_record.rs`), so a batch or an import writes an issue's tallies
//! once however many events, users and hours it adds. An older database has its users and
//! counters gathered into tallies records inside the upgrade transaction, then their
//! stores deleted.

use faultline_core::{count_from_f64_clamped, CounterUnit, IssueId, IssueTallies};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbTransaction};

use super::{BY_TALLY_USER, COUNTERS, TALLIES, USERS};
use crate::error::JsError;
use crate::js_write::{get_num, get_str};
use crate::request::request;
use crate::tally_record::tally_record;

/// Creates the version 5 store and index (synchronously, inside `upgradeneeded`); a new
/// database (`fresh`) drops the version 2 stores at once, an older one after
/// [`migrate`].
pub(crate) fn create(db: &IdbDatabase, fresh: bool) -> Result<(), JsValue> {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str("issueId"));
    let tallies = db.create_object_store_with_optional_parameters(TALLIES, &params)?;
    let multi = IdbIndexParameters::new();
    multi.set_multi_entry(true);
    tallies.create_index_with_str_and_optional_parameters(BY_TALLY_USER, "users", &multi)?;
    if fresh {
        db.delete_object_store(USERS)?;
        db.delete_object_store(COUNTERS)?;
    }
    Ok(())
}

/// Gathers the stored users and counters into one tallies record per issue, then deletes
/// their stores. Only IndexedDB requests are awaited, so the transaction stays active.
pub(crate) async fn migrate(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsError> {
    let users = request(&tx.object_store(USERS)?.get_all()?).await?;
    let counters = request(&tx.object_store(COUNTERS)?.get_all()?).await?;
    let mut parts: Vec<(u64, Part)> = Vec::new();
    for record in Array::from(&users).iter() {
        if let (Some(issue), Some(key)) = (get_num(&record, "issueId"), get_str(&record, "key")) {
            parts.push((count_from_f64_clamped(issue), Part::User(key)));
        }
    }
    for record in Array::from(&counters).iter() {
        let unit = get_str(&record, "unit").and_then(|u| CounterUnit::parse(&u));
        let (Some(issue), Some(unit), Some(bucket), Some(n)) = (
            get_num(&record, "issueId"),
            unit,
            get_num(&record, "bucket"),
            get_num(&record, "n"),
        ) else {
            continue;
        };
        let counter = Part::Counter(unit, bucket as i64, count_from_f64_clamped(n));
        parts.push((count_from_f64_clamped(issue), counter));
    }
    faultline_core::heapsort_by(&mut parts, |a, b| a.0.cmp(&b.0));
    let store = tx.object_store(TALLIES)?;
    for group in parts.chunk_by(|a, b| a.0 == b.0) {
        let issue = IssueId(group[0].0);
        let users = group.iter().filter_map(|(_, part)| match part {
            Part::User(key) => Some(key.clone()),
            Part::Counter(..) => None,
        });
        let counters = group.iter().filter_map(|(_, part)| match part {
            Part::Counter(unit, bucket, n) => Some((*unit, *bucket, *n)),
            Part::User(_) => None,
        });
        let mut tallies = IssueTallies::from_parts(users, counters);
        tallies.prune();
        store.put(&tally_record(issue, &tallies))?;
    }
    db.delete_object_store(USERS)?;
    db.delete_object_store(COUNTERS)?;
    Ok(())
}

/// One stored user or counter of an issue, as version 4 kept it.
enum Part {
    User(String),
    Counter(CounterUnit, i64, u64),
}
