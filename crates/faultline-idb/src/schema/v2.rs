//! Version 2: records become plain objects in Sentry's shapes; distinct users, activity,
//! event counters and the sync outbox get their own stores; issues get an index per sort
//! order within each status.

// The conversions of older databases are built with the `migrate` feature only.
#![cfg_attr(not(feature = "migrate"), allow(dead_code, unused_imports))]

use faultline_core::{
    count_from_f64_clamped, Fingerprint, Issue, IssueId, Status, StoredBodies, Substatus, Timestamp,
};
use js_sys::{Array, Object, JSON};
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbTransaction};

use super::v1::V1_ISSUE_INDEXES;
use super::{
    sort_index, ACTIVITY, BY_ISSUE, BY_STORED_BYTES, BY_USER, COUNTERS, EVENTS, ISSUES, META,
    OUTBOX, SORT_KEYS, USERS,
};
use crate::error::JsError;
use crate::issue_record::{parse_level, recorded_record};
use crate::js_write::{get_num, get_str, Writer};
use crate::meta::EVENT_BYTES;
use crate::request::{request, Cursor};

/// Creates the version 2 stores and indexes (synchronously, inside `upgradeneeded`).
pub(crate) fn create(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let issues = tx.object_store(ISSUES)?;
    for name in V1_ISSUE_INDEXES {
        issues.delete_index(name)?;
    }
    for key in SORT_KEYS {
        let compound = Array::of2(&"status".into(), &key.into());
        issues.create_index_with_str_sequence(&sort_index(key, true), &compound)?;
        issues.create_index_with_str(&sort_index(key, false), key)?;
    }
    issues.create_index_with_str(BY_STORED_BYTES, "storedBytes")?;

    let keyed = |path: &[&str]| {
        let params = IdbObjectStoreParameters::new();
        let path: Array = path.iter().map(|p| JsValue::from_str(p)).collect();
        params.set_key_path(&path);
        params
    };
    let users =
        db.create_object_store_with_optional_parameters(USERS, &keyed(&["issueId", "key"]))?;
    users.create_index_with_str(BY_USER, "key")?;
    db.create_object_store_with_optional_parameters(
        COUNTERS,
        &keyed(&["issueId", "unit", "bucket"]),
    )?;
    let numbered = IdbObjectStoreParameters::new();
    numbered.set_key_path(&JsValue::from_str("seq"));
    numbered.set_auto_increment(true);
    let activity = db.create_object_store_with_optional_parameters(ACTIVITY, &numbered)?;
    activity.create_index_with_str_and_optional_parameters(
        BY_ISSUE,
        "issueId",
        &IdbIndexParameters::new(),
    )?;
    db.create_object_store_with_optional_parameters(OUTBOX, &numbered)?;
    Ok(())
}

/// Rewrites version 1 records (JSON text) as version 2 objects, in the upgrade transaction.
/// Only IndexedDB requests are awaited, so the transaction stays active.
pub(crate) async fn migrate(tx: &IdbTransaction) -> Result<(), JsError> {
    let events = tx.object_store(EVENTS)?;
    // Per issue, in the order met: a migration runs once, and a map type costs the
    // capture package bytes.
    let mut stored: Vec<(u64, StoredBodies)> = Vec::new();
    let mut total_bytes = 0u64;
    let cursor = Cursor::new(events.open_cursor()?);
    while let Some(c) = cursor.next().await? {
        let old = c.value()?;
        if let Some(json) = get_str(&old, "json") {
            let body = JSON::parse(&json)?;
            let issue = get_num(&old, "issueId").unwrap_or(0.0);
            let record = Object::new();
            let mut w = Writer::default();
            w.str(&record, "id", &get_str(&old, "id").unwrap_or_default());
            w.num(&record, "issueId", issue);
            w.num(&record, "ts", get_num(&old, "ts").unwrap_or(0.0));
            w.num(&record, "size", json.len() as f64);
            w.set(&record, "event", &body);
            c.update(&record)?;
            let issue = issue as u64;
            let index = match stored.iter().position(|(id, _)| *id == issue) {
                Some(index) => index,
                None => {
                    stored.push((issue, StoredBodies::default()));
                    stored.len() - 1
                }
            };
            if let Some((_, entry)) = stored.get_mut(index) {
                entry.events += 1;
                entry.bytes += json.len() as u64;
            }
            total_bytes += json.len() as u64;
        }
        c.continue_()?;
    }
    let issues = tx.object_store(ISSUES)?;
    let cursor = Cursor::new(issues.open_cursor()?);
    while let Some(c) = cursor.next().await? {
        let old = c.value()?;
        if let Some(issue) = get_str(&old, "json").and_then(|j| issue_from_v1_json(&j)) {
            let kept = stored
                .iter()
                .find(|(id, _)| *id == issue.id.0)
                .map(|(_, kept)| *kept)
                .unwrap_or_default();
            c.update(&recorded_record(None, &issue, kept))?;
        }
        c.continue_()?;
    }
    let meta = tx.object_store(META)?;
    request(&meta.put_with_key(&JsValue::from_f64(total_bytes as f64), &EVENT_BYTES.into())?)
        .await?;
    Ok(())
}

/// Version 1 kept issues as core's serde JSON of the time.
fn issue_from_v1_json(json: &str) -> Option<Issue> {
    let v = JSON::parse(json).ok()?;
    let ts = |key: &str| get_str(&v, key).and_then(|s| Timestamp::parse_rfc3339(&s).ok());
    let first_seen = ts("first_seen")?;
    let resolved = get_str(&v, "status").as_deref() == Some("resolved");
    Some(Issue {
        id: IssueId(get_num(&v, "id")? as u64),
        fingerprint: Fingerprint(get_str(&v, "fingerprint")?),
        grouping_config: get_str(&v, "grouping_config").unwrap_or_default(),
        title: get_str(&v, "title")?,
        culprit: get_str(&v, "culprit"),
        error_type: get_str(&v, "title")
            .and_then(|t| t.split_once(':').map(|(ty, _)| ty.to_string())),
        level: parse_level(&get_str(&v, "level").unwrap_or_default()),
        status: if resolved {
            Status::Resolved
        } else {
            Status::Unresolved
        },
        substatus: if resolved {
            Substatus::Resolved
        } else {
            Substatus::New
        },
        status_changed: first_seen,
        resolved_at: None,
        count: count_from_f64_clamped(get_num(&v, "count")?),
        user_count: count_from_f64_clamped(get_num(&v, "user_count").unwrap_or(0.0)),
        first_seen,
        last_seen: ts("last_seen").unwrap_or(first_seen),
        first_release: get_str(&v, "first_release"),
        last_release: get_str(&v, "last_release"),
        releases: get_str(&v, "last_release").into_iter().collect(),
        environments: Vec::new(),
        assignee: None,
        notes: 0,
        aliases: Vec::new(),
        parts: Vec::new(),
        routes: Vec::new(),
        tallied: None,
    })
}
