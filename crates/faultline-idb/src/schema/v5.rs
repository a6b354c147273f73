//! Version 5, tallies: each issue's distinct users and hour and day counters move from a
//! record per user and per counter (`users`, `counters`) to one record per issue
//! (`tallies`, see `tally_record.rs`), so a batch or an import writes an issue's tallies
//! once however many events, users and hours it adds. An older database has its users and
//! counters gathered into tallies records inside the upgrade transaction, then their
//! stores deleted.

// The conversions of older databases are built with the `migrate` feature only.
#![cfg_attr(not(feature = "migrate"), allow(dead_code, unused_imports))]

use faultline_core::{
    count_from_f64_clamped, BatchPlan, CounterKey, CounterUnit, IssueId, TallySet,
};
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

/// Gathers the stored users and counters into one tallies record per issue (as a batch
/// that adds them all would), then deletes their stores. Only IndexedDB requests are
/// awaited, so the transaction stays active.
pub(crate) async fn migrate(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsError> {
    let users = request(&tx.object_store(USERS)?.get_all()?).await?;
    let counters = request(&tx.object_store(COUNTERS)?.get_all()?).await?;
    let issue_of = |record: &JsValue| get_num(record, "issueId").map(count_from_f64_clamped);
    let mut stored = BatchPlan::default();
    for record in Array::from(&users).iter() {
        if let (Some(issue), Some(key)) = (issue_of(&record), get_str(&record, "key")) {
            stored.users.push((IssueId(issue), key));
        }
    }
    for record in Array::from(&counters).iter() {
        let unit = get_str(&record, "unit").and_then(|u| CounterUnit::parse(&u));
        let (Some(issue), Some(unit), Some(bucket), Some(n)) = (
            issue_of(&record),
            unit,
            get_num(&record, "bucket"),
            get_num(&record, "n"),
        ) else {
            continue;
        };
        let key = CounterKey {
            issue: IssueId(issue),
            unit,
            bucket: bucket as i64,
        };
        stored.counters.push((key, count_from_f64_clamped(n)));
    }
    let mut tallies = TallySet::default();
    tallies.apply(&stored);
    let store = tx.object_store(TALLIES)?;
    for (issue, issue_tallies) in tallies.iter() {
        store.put(&tally_record(issue, issue_tallies))?;
    }
    db.delete_object_store(USERS)?;
    db.delete_object_store(COUNTERS)?;
    Ok(())
}
