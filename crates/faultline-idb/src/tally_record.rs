//! An issue's tallies as one record of the `tallies` store (schema version 5):
//! `{ issueId, users: [key, ...], hours: [hour, n, ...], days: [day, n, ...] }`, keyed by
//! `issueId` (a part of a merged issue has its own), with a multi-entry index on `users`.
//! Core's [`IssueTallies`] is the model; this file maps it to and from records, and keeps
//! the tallies a batch read so its writes update them ([`TallyBook`], over core's
//! [`TallySet`]).
//!
//! Exports keep the format of version 4's stores: one `{ issueId, key }` per user and one
//! `{ issueId, unit, bucket, n }` per counter ([`export_records`]).

use faultline_core::{
    count_from_f64_clamped, BatchPlan, CounterKey, CounterUnit, IssueId, IssueTallies, Known,
    Lookups, TallySet,
};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;
use web_sys::IdbObjectStore;

use crate::error::JsError;
use crate::js_write::{get, get_num, get_str_list, Writer};
use crate::request::{pending, Pending};

/// An issue's tallies read back from a record (`undefined`: none yet). Entries that are
/// not numbers are left out.
pub(crate) fn tallies_from_record(record: &JsValue) -> IssueTallies {
    let mut counters = Vec::new();
    for (unit, key) in [(CounterUnit::Hour, "hours"), (CounterUnit::Day, "days")] {
        let flat = get(record, key)
            .filter(Array::is_array)
            .map(|v| Array::from(&v))
            .unwrap_or_default();
        for at in (1..flat.length()).step_by(2) {
            if let (Some(bucket), Some(n)) = (flat.get(at - 1).as_f64(), flat.get(at).as_f64()) {
                counters.push((unit, bucket as i64, count_from_f64_clamped(n)));
            }
        }
    }
    IssueTallies::from_parts(get_str_list(record, "users"), counters)
}

/// The record of `issue`'s tallies.
pub(crate) fn tally_record(issue: IssueId, tallies: &IssueTallies) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.num(&record, "issueId", issue.0 as f64);
    writer.str_list(&record, "users", tallies.users());
    for (unit, key) in [(CounterUnit::Hour, "hours"), (CounterUnit::Day, "days")] {
        let flat = Array::new();
        for (bucket, n) in tallies.counters(unit) {
            flat.push(&JsValue::from_f64(*bucket as f64));
            flat.push(&JsValue::from_f64(*n as f64));
        }
        writer.set(&record, key, &flat);
    }
    record.into()
}

/// An export's records of one tally record: `{ issueId, key }` per user and
/// `{ issueId, unit, bucket, n }` per counter, appended to `users` and `counters`.
pub(crate) fn export_records(record: &JsValue, users: &Array, counters: &Array) {
    if let Some(issue) = get_num(record, "issueId") {
        let issue = IssueId(count_from_f64_clamped(issue));
        export_tallies(issue, &tallies_from_record(record), users, counters);
    }
}

/// [`export_records`] of `issue`'s `tallies`.
pub(crate) fn export_tallies(
    issue: IssueId,
    tallies: &IssueTallies,
    users: &Array,
    counters: &Array,
) {
    for user in tallies.users() {
        users.push(&user_record(issue, user));
    }
    for unit in CounterUnit::ALL {
        for &(bucket, n) in tallies.counters(unit) {
            counters.push(&counter_record(
                &CounterKey {
                    issue,
                    unit,
                    bucket,
                },
                n,
            ));
        }
    }
}

/// An export's user record: `user` (a distinct-user key) has been seen on `issue`.
pub(crate) fn user_record(issue: IssueId, user: &str) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.num(&record, "issueId", issue.0 as f64);
    writer.str(&record, "key", user);
    record.into()
}

/// An export's counter record: `count` events in the counter `key`.
pub(crate) fn counter_record(key: &CounterKey, count: u64) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.num(&record, "issueId", key.issue.0 as f64);
    writer.str(&record, "unit", key.unit.as_str());
    writer.num(&record, "bucket", key.bucket as f64);
    writer.num(&record, "n", count as f64);
    record.into()
}

/// The tallies of the issues a batch (or an import chunk) touches: read before planning,
/// changed by the plan, written back one record per issue.
#[derive(Default)]
pub(crate) struct TallyBook(TallySet);

impl TallyBook {
    /// Starts reading the tallies of every issue `lookups` asks about, one request each.
    pub(crate) fn start(store: &IdbObjectStore, lookups: &Lookups) -> Result<TallyReads, JsError> {
        let mut ids: Vec<IssueId> = lookups.users.iter().map(|(issue, _)| *issue).collect();
        ids.extend(lookups.counters.iter().map(|key| key.issue));
        faultline_core::heapsort(&mut ids);
        ids.dedup();
        let reads = ids
            .into_iter()
            .map(|id| Ok((id, pending(store.get(&JsValue::from_f64(id.0 as f64))?))))
            .collect::<Result<Vec<_>, JsError>>()?;
        Ok(TallyReads { reads })
    }

    /// Issues the plan's user and counter writes: one record per issue it changed.
    pub(crate) fn write(
        &mut self,
        store: &IdbObjectStore,
        plan: &BatchPlan,
    ) -> Result<(), JsError> {
        for issue in self.0.apply(plan) {
            if let Some(tallies) = self.0.get(issue) {
                store.put(&tally_record(issue, tallies))?;
            }
        }
        Ok(())
    }
}

/// The tally reads of [`TallyBook::start`] in flight.
pub(crate) struct TallyReads {
    reads: Vec<(IssueId, Pending)>,
}

impl TallyReads {
    /// The answers: `lookups` answered into `known`, and the tallies read, for the writes.
    pub(crate) async fn finish(
        self,
        lookups: Lookups,
        known: &mut Known,
    ) -> Result<TallyBook, JsError> {
        let mut set = TallySet::default();
        for (id, read) in self.reads {
            set.insert(id, tallies_from_record(&read.result().await?));
        }
        set.answer(lookups, known);
        Ok(TallyBook(set))
    }
}
