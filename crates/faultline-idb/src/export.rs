//! Export of everything (or some issues) as one JS object ready for `JSON.stringify`:
//! `{ format, version, exportedAt, issues, events, activity, counters, users }`: issues,
//! events and activity as stored, counters and users one record each, as schema version 4
//! stored them (`tally_record::export_records`). `import.rs` reads it back.

use faultline_core::{IssueId, Timestamp};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransaction, IdbTransactionMode};

use crate::error::{Error, JsError};
use crate::event_record::exported_event_record;
use crate::issue_record::issue_from_record;
use crate::js_write::{get, Writer};
use crate::request::{pending, request};
use crate::retention::issue_events_range;
use crate::schema::{ACTIVITY, BY_ISSUE, BY_ISSUE_TIME, EVENTS, ISSUES, TALLIES};
use crate::tally_record::export_records;
use crate::transaction::{finish, transaction};

/// Marks an export file.
pub(crate) const FORMAT: &str = "faultline-export";
/// The export format version.
const FORMAT_VERSION: f64 = 1.0;

/// The arrays of an export, in order.
const PARTS: [&str; 5] = ["issues", "events", "activity", "counters", "users"];

/// The stores an export reads.
const STORES: [&str; 4] = [ISSUES, EVENTS, ACTIVITY, TALLIES];

/// Reads the records of everything, or of `issues` only, in one readonly transaction.
pub(crate) async fn read_parts(
    db: &IdbDatabase,
    issues: Option<&[IssueId]>,
) -> Result<[JsValue; 5], Error> {
    const OP: &str = "exporting";
    let tx = transaction(db, &STORES, IdbTransactionMode::Readonly, OP)?;
    let body = export_in(&tx, issues).await;
    finish(&tx, body, OP).await
}

/// The export object around the records read.
pub(crate) fn export_object(parts: [JsValue; 5], now: Timestamp) -> JsValue {
    let out = Object::new();
    let mut writer = Writer::default();
    writer.str(&out, "format", FORMAT);
    writer.num(&out, "version", FORMAT_VERSION);
    writer.str(&out, "exportedAt", &now.to_rfc3339());
    for (key, values) in PARTS.into_iter().zip(parts) {
        writer.set(&out, key, &values);
    }
    out.into()
}

/// The array under `key`, or an empty one.
pub(crate) fn array(value: &JsValue, key: &str) -> Array {
    get(value, key)
        .filter(Array::is_array)
        .map(|v| Array::from(&v))
        .unwrap_or_default()
}

async fn export_in(tx: &IdbTransaction, only: Option<&[IssueId]>) -> Result<[JsValue; 5], JsError> {
    let store = |name: &str| tx.object_store(name);
    let (counters, users) = (Array::new(), Array::new());
    let Some(ids) = only else {
        let [issues, events, activity, tallies] = [ISSUES, EVENTS, ACTIVITY, TALLIES]
            .map(|name| store(name).and_then(|s| s.get_all()).map(pending));
        let (issues, events, activity, tallies) = (issues?, events?, activity?, tallies?);
        for record in Array::from(&tallies.result().await?).iter() {
            export_records(&record, &users, &counters);
        }
        let events: Array = Array::from(&events.result().await?)
            .iter()
            .map(|record| exported_event_record(&record))
            .collect();
        return Ok([
            issues.result().await?,
            events.into(),
            activity.result().await?,
            counters.into(),
            users.into(),
        ]);
    };
    let (issues, events, activity) = (Array::new(), Array::new(), Array::new());
    for id in ids {
        let key = JsValue::from_f64(id.0 as f64);
        let issue = request(&store(ISSUES)?.get(&key)?).await?;
        if issue.is_undefined() {
            continue;
        }
        issues.push(&issue);
        let index = store(EVENTS)?.index(BY_ISSUE_TIME)?;
        let found = request(&index.get_all_with_key(&issue_events_range(*id)?.into())?).await?;
        for record in Array::from(&found).iter() {
            events.push(&exported_event_record(&record));
        }
        // A merged issue's parts keep their history, users and counters under their ids.
        let tallies = issue_from_record(&issue).map_or(vec![*id], |(i, _)| i.tallies());
        for tally in tallies {
            let key = JsValue::from_f64(tally.0 as f64);
            let index = store(ACTIVITY)?.index(BY_ISSUE)?;
            let found = request(&index.get_all_with_key(&key)?).await?;
            extend(&activity, &found);
            let found = request(&store(TALLIES)?.get(&key)?).await?;
            export_records(&found, &users, &counters);
        }
    }
    Ok([
        issues.into(),
        events.into(),
        activity.into(),
        counters.into(),
        users.into(),
    ])
}

fn extend(target: &Array, from: &JsValue) {
    for v in Array::from(from).iter() {
        target.push(&v);
    }
}
