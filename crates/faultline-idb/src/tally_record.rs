//! Records that tally an issue: distinct users (`{ issueId, key }`, keyed by
//! `[issueId, key]`) and event counters (`{ issueId, unit, bucket, n }`, keyed by
//! `[issueId, unit, bucket]`).

use faultline_core::{CounterKey, IssueId};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::js_write::Writer;

/// A users-store record: `user` (a distinct-user key) has been seen on `issue`.
pub(crate) fn user_record(issue: IssueId, user: &str) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.num(&record, "issueId", issue.0 as f64);
    writer.str(&record, "key", user);
    record.into()
}

/// The users store's key of a record made by [`user_record`].
pub(crate) fn user_record_key(issue: IssueId, user: &str) -> JsValue {
    Array::of2(&JsValue::from_f64(issue.0 as f64), &JsValue::from_str(user)).into()
}

/// A counter record: `count` events in the counter `key`.
pub(crate) fn counter_record(key: &CounterKey, count: u64) -> JsValue {
    let record = Object::new();
    let mut writer = Writer::default();
    writer.num(&record, "issueId", key.issue.0 as f64);
    writer.str(&record, "unit", key.unit.as_str());
    writer.num(&record, "bucket", key.bucket as f64);
    writer.num(&record, "n", count as f64);
    record.into()
}

/// The counters store's key of `key`.
pub(crate) fn counter_record_key(key: &CounterKey) -> JsValue {
    Array::of3(
        &JsValue::from_f64(key.issue.0 as f64),
        &key.unit.as_str().into(),
        &JsValue::from_f64(key.bucket as f64),
    )
    .into()
}
