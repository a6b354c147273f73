//! Export of everything (or some issues) as one JS object ready for `JSON.stringify`, and
//! import of such an export, merged by fingerprint and event id so that importing the same
//! file twice changes nothing.

use crate::fixed_hash::HashMap;

use faultline_core::{EventId, IssueId, Timestamp};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbObjectStore, IdbTransaction, IdbTransactionMode};

use crate::error::{Error, JsError};
use crate::event_record::{event_body, event_keys};
use crate::issue_record::{issue_from_record, record_from_issue, Stored};
use crate::js_write::{get, get_num, get_str, Writer};
use crate::meta::{self, EVENT_BYTES, NEXT_ISSUE_ID};
use crate::record::{user_record, user_record_key};
use crate::request::request;
use crate::retention::{issue_events_range, trim_issue};
use crate::schema::{
    ACTIVITY, BY_FINGERPRINT, BY_ISSUE, BY_ISSUE_TIME, COUNTERS, EVENTS, ISSUES, META, USERS,
};
use crate::store::{finish, transaction, Store};

/// Marks an export file.
const FORMAT: &str = "faultline-export";
/// The export format version.
const FORMAT_VERSION: f64 = 1.0;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Issues that did not exist here.
    pub issues_created: u64,
    /// Issues merged into one with the same fingerprint.
    pub issues_merged: u64,
    /// Events added.
    pub events_added: u64,
    /// Events already present (same event id).
    pub events_skipped: u64,
    /// Distinct users added to issues (exports made before users were exported have none).
    pub users_added: u64,
    /// Records that could not be read.
    pub invalid: u64,
}

fn js(e: JsValue) -> JsError {
    JsError::from_js(&e)
}

fn array(value: &JsValue, key: &str) -> Array {
    get(value, key)
        .filter(Array::is_array)
        .map(|v| Array::from(&v))
        .unwrap_or_default()
}

impl Store {
    /// Everything stored, or only `issues` with their events, activity, counters and
    /// distinct users, as `{ format, version, exportedAt, issues, events, activity,
    /// counters, users }`.
    pub async fn export(
        &self,
        issues: Option<&[IssueId]>,
        now: Timestamp,
    ) -> Result<JsValue, Error> {
        const OP: &str = "exporting";
        let parts = match (self.backend_memory(), self.backend_db()) {
            (Some(memory), _) => memory.borrow().export(issues),
            (None, Some(db)) => {
                let stores = [ISSUES, EVENTS, ACTIVITY, COUNTERS, USERS];
                let tx = transaction(db, &stores, IdbTransactionMode::Readonly, OP)?;
                let body = export_in(&tx, issues).await;
                finish(&tx, body, OP).await?
            }
            (None, None) => return Err(Error::Unavailable),
        };
        let out = Object::new();
        let mut w = Writer::default();
        w.str(&out, "format", FORMAT);
        w.num(&out, "version", FORMAT_VERSION);
        w.str(&out, "exportedAt", &now.to_rfc3339());
        for (key, values) in ["issues", "events", "activity", "counters", "users"]
            .into_iter()
            .zip(parts)
        {
            w.set(&out, key, &values);
        }
        Ok(out.into())
    }

    /// Merges an export into this database in one transaction: issues by fingerprint,
    /// events by id, distinct users by issue and key (so user counts stay exact). Importing
    /// the same export again changes nothing. (The in-memory
    /// stand-in does not import: it answers [`Error::Unavailable`].)
    pub async fn import(&self, data: &JsValue) -> Result<ImportReport, Error> {
        const OP: &str = "importing";
        if get_str(data, "format").as_deref() != Some(FORMAT) {
            return Err(Error::Decode {
                what: "export",
                message: format!("not a Faultline export (no \"format\": \"{FORMAT}\")"),
            });
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(
            db,
            &[ISSUES, EVENTS, ACTIVITY, COUNTERS, USERS, META],
            IdbTransactionMode::Readwrite,
            OP,
        )?;
        let body = import_in(&tx, data, self.config()).await;
        let (report, touched) = finish(&tx, body, OP).await?;
        crate::broadcast::announce(self.channel(), "imported", &touched);
        Ok(report)
    }
}

async fn export_in(tx: &IdbTransaction, only: Option<&[IssueId]>) -> Result<[JsValue; 5], JsError> {
    let store = |name: &str| tx.object_store(name).map_err(js);
    let Some(ids) = only else {
        let mut parts: [JsValue; 5] = Default::default();
        for (part, name) in parts
            .iter_mut()
            .zip([ISSUES, EVENTS, ACTIVITY, COUNTERS, USERS])
        {
            *part = request(&store(name)?.get_all().map_err(js)?).await?;
        }
        return Ok(parts);
    };
    let (issues, events, activity, counters, users) = (
        Array::new(),
        Array::new(),
        Array::new(),
        Array::new(),
        Array::new(),
    );
    for id in ids {
        let key = JsValue::from_f64(id.0 as f64);
        let issue = request(&store(ISSUES)?.get(&key).map_err(js)?).await?;
        if issue.is_undefined() {
            continue;
        }
        issues.push(&issue);
        let index = store(EVENTS)?.index(BY_ISSUE_TIME).map_err(js)?;
        let found = request(
            &index
                .get_all_with_key(&issue_events_range(*id)?.into())
                .map_err(js)?,
        )
        .await?;
        extend(&events, &found);
        let index = store(ACTIVITY)?.index(BY_ISSUE).map_err(js)?;
        let found = request(&index.get_all_with_key(&key).map_err(js)?).await?;
        extend(&activity, &found);
        let range =
            web_sys::IdbKeyRange::bound(&Array::of1(&key), &Array::of2(&key, &Array::new()))
                .map_err(js)?;
        let found = request(&store(COUNTERS)?.get_all_with_key(&range).map_err(js)?).await?;
        extend(&counters, &found);
        let found = request(&store(USERS)?.get_all_with_key(&range).map_err(js)?).await?;
        extend(&users, &found);
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

/// An issue the import writes: the local one (merged) or the exported one (created).
struct Target {
    issue: faultline_core::Issue,
    stored: Stored,
    created: bool,
}

async fn import_in(
    tx: &IdbTransaction,
    data: &JsValue,
    config: &crate::StoreConfig,
) -> Result<(ImportReport, Vec<IssueId>), JsError> {
    let issues = tx.object_store(ISSUES).map_err(js)?;
    let events = tx.object_store(EVENTS).map_err(js)?;
    let meta_store = tx.object_store(META).map_err(js)?;
    let mut report = ImportReport::default();
    let mut next_id = meta::get_u64(&meta_store, NEXT_ISSUE_ID).await?.max(1);
    let mut event_bytes = meta::get_u64(&meta_store, EVENT_BYTES).await?;
    // Exported issue id -> the issue written here.
    let mut targets: HashMap<u64, Target> = HashMap::default();
    for record in array(data, "issues").iter() {
        let Ok((mut issue, _)) = issue_from_record(&record) else {
            report.invalid += 1;
            continue;
        };
        let exported = issue.id.0;
        let by_fp = issues.index(BY_FINGERPRINT).map_err(js)?;
        let local = request(&by_fp.get(&issue.fingerprint.as_str().into()).map_err(js)?).await?;
        let target = match issue_from_record(&local) {
            Ok((local, stored)) => {
                report.issues_merged += 1;
                Target {
                    issue: local,
                    stored,
                    created: false,
                }
            }
            Err(_) => {
                report.issues_created += 1;
                issue.id = IssueId(next_id);
                next_id += 1;
                Target {
                    issue,
                    stored: Stored::default(),
                    created: true,
                }
            }
        };
        targets.insert(exported, target);
    }
    for record in array(data, "events").iter() {
        let (Some(keys), Some(body)) = (event_keys(&record), event_body(&record)) else {
            report.invalid += 1;
            continue;
        };
        let (Ok(_), Some(target)) = (EventId::parse(&keys.id), targets.get_mut(&keys.issue.0))
        else {
            report.invalid += 1;
            continue;
        };
        let existing = request(&events.get(&JsValue::from_str(&keys.id)).map_err(js)?).await?;
        if !existing.is_undefined() {
            report.events_skipped += 1;
            continue;
        }
        let size = keys.size.max(1);
        events
            .put(&event_record(
                &keys.id,
                target.issue.id,
                keys.ts,
                size,
                &body,
            ))
            .map_err(js)?;
        target.stored.events += 1;
        target.stored.bytes += size as u64;
        event_bytes += size as u64;
        if !target.created {
            // Merged: the event is new here, so it counts.
            let issue = &mut target.issue;
            issue.count += 1;
            issue.first_seen = issue.first_seen.min(keys.ts);
            issue.last_seen = issue.last_seen.max(keys.ts);
            bump_counter(tx, issue.id, keys.ts).await?;
        }
        report.events_added += 1;
    }
    copy_history(tx, data, &targets).await?;
    import_users(tx, data, &mut targets, &mut report).await?;
    let mut touched = Vec::new();
    for target in targets.values_mut() {
        let freed = trim_issue(&events, target.issue.id, &mut target.stored, config).await?;
        event_bytes = event_bytes.saturating_sub(freed.bytes);
        issues
            .put(&record_from_issue(&target.issue, target.stored))
            .map_err(js)?;
        touched.push(target.issue.id);
    }
    meta::put_u64(&meta_store, NEXT_ISSUE_ID, next_id)?;
    meta::put_u64(&meta_store, EVENT_BYTES, event_bytes)?;
    Ok((report, touched))
}

fn event_record(id: &str, issue: IssueId, ts: Timestamp, size: usize, body: &JsValue) -> JsValue {
    let o = Object::new();
    let mut w = Writer::default();
    w.str(&o, "id", id);
    w.num(&o, "issueId", issue.0 as f64);
    w.num(&o, "ts", ts.as_millis() as f64);
    w.num(&o, "size", size as f64);
    w.set(&o, "event", body);
    o.into()
}

/// Activity and counters of issues created by the import, renumbered.
async fn copy_history(
    tx: &IdbTransaction,
    data: &JsValue,
    targets: &HashMap<u64, Target>,
) -> Result<(), JsError> {
    let renumber = |record: &JsValue, store: &IdbObjectStore| -> Result<(), JsError> {
        let Some(old) = get_num(record, "issueId") else {
            return Ok(());
        };
        let Some(target) = targets.get(&(old as u64)).filter(|t| t.created) else {
            return Ok(());
        };
        let copy = Object::assign(&Object::new(), record.unchecked_ref());
        let _ = Reflect::set(
            &copy,
            &"issueId".into(),
            &JsValue::from_f64(target.issue.id.0 as f64),
        );
        let _ = Reflect::delete_property(&copy, &"seq".into());
        store.put(&copy).map(drop).map_err(js)
    };
    let activity = tx.object_store(ACTIVITY).map_err(js)?;
    for record in array(data, "activity").iter() {
        renumber(&record, &activity)?;
    }
    let counters = tx.object_store(COUNTERS).map_err(js)?;
    for record in array(data, "counters").iter() {
        renumber(&record, &counters)?;
    }
    Ok(())
}

/// Adds the export's distinct users to their issues here. A user new to a merged issue
/// counts on it; a created issue's user count came with it, and its users are recorded so
/// that later events from them are not counted again.
async fn import_users(
    tx: &IdbTransaction,
    data: &JsValue,
    targets: &mut HashMap<u64, Target>,
    report: &mut ImportReport,
) -> Result<(), JsError> {
    let users = tx.object_store(USERS).map_err(js)?;
    for record in array(data, "users").iter() {
        let (Some(old), Some(key)) = (get_num(&record, "issueId"), get_str(&record, "key")) else {
            report.invalid += 1;
            continue;
        };
        let Some(target) = targets.get_mut(&(old as u64)) else {
            report.invalid += 1;
            continue;
        };
        let id = target.issue.id;
        let found = request(&users.get(&user_record_key(id, &key)).map_err(js)?).await?;
        if !found.is_undefined() {
            continue;
        }
        users.put(&user_record(id, &key)).map_err(js)?;
        report.users_added += 1;
        if !target.created {
            target.issue.user_count += 1;
        }
    }
    Ok(())
}

async fn bump_counter(tx: &IdbTransaction, issue: IssueId, at: Timestamp) -> Result<(), JsError> {
    let store = tx.object_store(COUNTERS).map_err(js)?;
    for (unit, len) in [("h", crate::record::HOUR_MS), ("d", crate::record::DAY_MS)] {
        let bucket = at.as_millis().div_euclid(len);
        let key = Array::of3(
            &JsValue::from_f64(issue.0 as f64),
            &unit.into(),
            &JsValue::from_f64(bucket as f64),
        );
        let before = request(&store.get(&key).map_err(js)?).await?;
        let n = get_num(&before, "n").map_or(0, |n| n as u64) + 1;
        store
            .put(&crate::record::counter_record(issue.0, unit, bucket, n))
            .map_err(js)?;
    }
    Ok(())
}
