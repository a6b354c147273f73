//! Recording a batch of events: one readwrite transaction that groups each event into its
//! issue, counts distinct users and per-hour/day events, writes the event and the
//! activity, and enforces retention, all or nothing.
//!
//! Only IndexedDB requests are awaited in here (see `request.rs`).

use crate::fixed_hash::{HashMap, HashSet};

use faultline_core::{user_key, Issue, IssueId, Outcome, Timestamp};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;
use web_sys::{IdbIndex, IdbObjectStore, IdbTransaction};

use crate::activity::record_from_activity;
use crate::error::JsError;
use crate::event_record::record_from_event;
use crate::issue_record::{issue_from_record, record_from_issue, Stored};
use crate::js_write::Writer;
use crate::meta::{self, EVENT_BYTES, NEXT_ISSUE_ID};
use crate::outbox::{account, outbox_record};
use crate::request::{pending, request};
use crate::retention::{enforce_budget, trim_issue};
use crate::schema::{ACTIVITY, BY_FINGERPRINT, COUNTERS, EVENTS, ISSUES, META, OUTBOX, USERS};
use crate::store::{Grouped, Recorded, StoreConfig};

fn js(e: JsValue) -> JsError {
    JsError::from_js(&e)
}

/// An issue touched by the batch, written once at the end.
struct Touched {
    issue: Issue,
    stored: Stored,
    /// Users known to be recorded for the issue.
    users: HashSet<String>,
    /// Users known not to be recorded yet.
    absent: HashSet<String>,
}

/// The stores one batch writes.
struct Stores {
    issues: IdbObjectStore,
    by_fingerprint: IdbIndex,
    events: IdbObjectStore,
    users: IdbObjectStore,
    activity: IdbObjectStore,
    counters: IdbObjectStore,
    meta: IdbObjectStore,
    outbox: IdbObjectStore,
}

impl Stores {
    fn of(tx: &IdbTransaction) -> Result<Stores, JsError> {
        let issues = tx.object_store(ISSUES).map_err(js)?;
        Ok(Stores {
            by_fingerprint: issues.index(BY_FINGERPRINT).map_err(js)?,
            issues,
            events: tx.object_store(EVENTS).map_err(js)?,
            users: tx.object_store(USERS).map_err(js)?,
            activity: tx.object_store(ACTIVITY).map_err(js)?,
            counters: tx.object_store(COUNTERS).map_err(js)?,
            meta: tx.object_store(META).map_err(js)?,
            outbox: tx.object_store(OUTBOX).map_err(js)?,
        })
    }
}

/// Queues a stored event for sync.
fn queue_outbox(
    s: &Stores,
    item: &Grouped,
    issue: IssueId,
    rec: &crate::event_record::EventRecord,
    added: &mut (u64, u64),
) -> Result<(), JsError> {
    let Some(body) = crate::event_record::event_body(&rec.record) else {
        return Ok(());
    };
    let id = item.event.event_id.to_string();
    let entry = outbox_record(
        &body,
        &id,
        issue,
        &item.grouping.fingerprint,
        rec.size,
        item.event.timestamp,
    );
    s.outbox.add(&entry).map_err(js)?;
    added.0 += 1;
    added.1 += rec.size as u64;
    Ok(())
}

/// The stores a record transaction needs.
pub(crate) const RECORD_STORES: [&str; 7] =
    [ISSUES, EVENTS, USERS, ACTIVITY, COUNTERS, META, OUTBOX];

/// Applies `batch` inside `tx`.
pub(crate) async fn record_in(
    tx: &IdbTransaction,
    batch: &[Grouped],
    config: &StoreConfig,
) -> Result<Recorded, JsError> {
    let s = Stores::of(tx)?;
    // Requests are issued together and awaited after: one round trip instead of many.
    let next_req = pending(s.meta.get(&NEXT_ISSUE_ID.into()).map_err(js)?);
    let bytes_req = pending(s.meta.get(&EVENT_BYTES.into()).map_err(js)?);
    let mut touched = load_issues(&s, batch).await?;
    let mut next_id = number(next_req.result().await?).max(1);
    let mut event_bytes = number(bytes_req.result().await?);
    prefetch_users(&s, batch, &mut touched).await?;
    let mut counts: HashMap<(u64, &'static str, i64), u64> = HashMap::default();
    let mut recorded = Recorded::default();
    let mut outbox_added = (0u64, 0u64);

    for item in batch {
        let key = item.grouping.fingerprint.as_str();
        let user = user_key(&item.event);
        let (issue_id, outcome, activity) = match touched.get_mut(key) {
            Some(t) => {
                let new_user = match &user {
                    Some(u) => is_new_user(&s.users, t, u).await?,
                    None => false,
                };
                let applied = t
                    .issue
                    .apply_occurrences(&item.event, new_user, item.occurrences);
                (t.issue.id, applied.outcome, applied.activity)
            }
            None => {
                let id = IssueId(next_id);
                next_id += 1;
                let (mut issue, activity) =
                    Issue::open(id, &item.grouping, &item.event, user.is_some());
                issue.count = item.occurrences.max(1);
                let mut t = Touched {
                    issue,
                    stored: Stored::default(),
                    users: HashSet::default(),
                    absent: HashSet::default(),
                };
                if let Some(u) = &user {
                    put_user(&s.users, &mut t, u)?;
                }
                touched.insert(key.to_string(), t);
                (id, Outcome::New, Some(activity))
            }
        };
        if let Some(activity) = activity {
            s.activity
                .put(&record_from_activity(&activity))
                .map_err(js)?;
        }
        bump_counters(
            &mut counts,
            issue_id,
            item.event.timestamp,
            item.occurrences.max(1),
        );
        if item.keep_body {
            let rec = record_from_event(&item.event, issue_id);
            s.events.put(&rec.record).map_err(js)?;
            if config.outbox.is_some() {
                queue_outbox(&s, item, issue_id, &rec, &mut outbox_added)?;
            }
            if let Some(t) = touched.get_mut(key) {
                t.stored.events += 1;
                t.stored.bytes += rec.size as u64;
            }
            event_bytes += rec.size as u64;
            recorded.bytes += rec.size as u64;
        }
        recorded.outcomes.push((issue_id, outcome));
    }

    for t in touched.values_mut() {
        let freed = trim_issue(&s.events, t.issue.id, &mut t.stored, config).await?;
        event_bytes = event_bytes.saturating_sub(freed.bytes);
        recorded.evicted += freed.events;
        s.issues
            .put(&record_from_issue(&t.issue, t.stored))
            .map_err(js)?;
    }
    write_counters(&s.counters, counts).await?;
    let freed = enforce_budget(&s.issues, &s.events, event_bytes, config).await?;
    event_bytes = event_bytes.saturating_sub(freed.bytes);
    recorded.evicted += freed.events;
    if let Some(bounds) = &config.outbox {
        let (added, bytes) = outbox_added;
        recorded.outbox_dropped = account(&s.outbox, &s.meta, added, bytes, bounds).await?;
    }
    meta::put_u64(&s.meta, NEXT_ISSUE_ID, next_id)?;
    meta::put_u64(&s.meta, EVENT_BYTES, event_bytes)?;
    Ok(recorded)
}

fn number(value: JsValue) -> u64 {
    value.as_f64().map_or(0, |n| n as u64)
}

/// The stored issues the batch's fingerprints name, by fingerprint.
async fn load_issues(s: &Stores, batch: &[Grouped]) -> Result<HashMap<String, Touched>, JsError> {
    let mut pending_reqs = Vec::new();
    let mut asked = HashSet::default();
    for item in batch {
        let key = item.grouping.fingerprint.as_str();
        if asked.insert(key) {
            pending_reqs.push((key, pending(s.by_fingerprint.get(&key.into()).map_err(js)?)));
        }
    }
    let mut touched = HashMap::default();
    for (key, req) in pending_reqs {
        let found = req.result().await?;
        if found.is_undefined() {
            continue;
        }
        let (issue, stored) = issue_from_record(&found).map_err(|e| JsError {
            name: "DataError".into(),
            message: e.to_string(),
        })?;
        let users = HashSet::default();
        touched.insert(
            key.to_string(),
            Touched {
                issue,
                stored,
                users,
                absent: HashSet::default(),
            },
        );
    }
    Ok(touched)
}

/// Looks up, all at once, whether the batch's users were already seen on existing issues.
async fn prefetch_users(
    s: &Stores,
    batch: &[Grouped],
    touched: &mut HashMap<String, Touched>,
) -> Result<(), JsError> {
    let mut pending_reqs = Vec::new();
    let mut asked = HashSet::default();
    for item in batch {
        let key = item.grouping.fingerprint.as_str();
        let (Some(t), Some(user)) = (touched.get(key), user_key(&item.event)) else {
            continue;
        };
        if asked.insert((key, user.clone())) {
            let req = s
                .users
                .get(&user_record_key(t.issue.id, &user))
                .map_err(js)?;
            pending_reqs.push((key, user, pending(req)));
        }
    }
    for (key, user, req) in pending_reqs {
        let found = req.result().await?;
        if let Some(t) = touched.get_mut(key) {
            if found.is_undefined() {
                t.absent.insert(user);
            } else {
                t.users.insert(user);
            }
        }
    }
    Ok(())
}

/// Whether `user` is new for the issue; records it when so.
async fn is_new_user(users: &IdbObjectStore, t: &mut Touched, user: &str) -> Result<bool, JsError> {
    if t.users.contains(user) {
        return Ok(false);
    }
    if t.absent.remove(user) {
        put_user(users, t, user)?;
        return Ok(true);
    }
    let key = user_record_key(t.issue.id, user);
    let found = request(&users.get(&key).map_err(js)?).await?;
    if !found.is_undefined() {
        t.users.insert(user.to_string());
        return Ok(false);
    }
    put_user(users, t, user)?;
    Ok(true)
}

fn put_user(users: &IdbObjectStore, t: &mut Touched, user: &str) -> Result<(), JsError> {
    users.put(&user_record(t.issue.id, user)).map_err(js)?;
    t.users.insert(user.to_string());
    Ok(())
}

/// A users-store record: `user` (a distinct-user key) has been seen on `issue`.
pub(crate) fn user_record(issue: IssueId, user: &str) -> JsValue {
    let record = Object::new();
    let mut w = Writer::default();
    w.num(&record, "issueId", issue.0 as f64);
    w.str(&record, "key", user);
    record.into()
}

/// The users store's key of a record made by [`user_record`].
pub(crate) fn user_record_key(issue: IssueId, user: &str) -> JsValue {
    Array::of2(&JsValue::from_f64(issue.0 as f64), &JsValue::from_str(user)).into()
}

/// Hour and day buckets of an event time.
pub(crate) const HOUR_MS: i64 = 3_600_000;
/// Milliseconds in a day.
pub(crate) const DAY_MS: i64 = 86_400_000;

fn bump_counters(
    counts: &mut HashMap<(u64, &'static str, i64), u64>,
    issue: IssueId,
    at: Timestamp,
    n: u64,
) {
    let ms = at.as_millis();
    *counts
        .entry((issue.0, "h", ms.div_euclid(HOUR_MS)))
        .or_default() += n;
    *counts
        .entry((issue.0, "d", ms.div_euclid(DAY_MS)))
        .or_default() += n;
}

async fn write_counters(
    store: &IdbObjectStore,
    counts: HashMap<(u64, &'static str, i64), u64>,
) -> Result<(), JsError> {
    let mut pending_reqs = Vec::with_capacity(counts.len());
    for ((issue, unit, bucket), n) in counts {
        let key = Array::of3(
            &JsValue::from_f64(issue as f64),
            &unit.into(),
            &JsValue::from_f64(bucket as f64),
        );
        pending_reqs.push((
            issue,
            unit,
            bucket,
            n,
            pending(store.get(&key).map_err(js)?),
        ));
    }
    for (issue, unit, bucket, n, req) in pending_reqs {
        let before = req.result().await?;
        let current = crate::js_write::get_num(&before, "n").map_or(0, |n| n as u64);
        store
            .put(&counter_record(issue, unit, bucket, current + n))
            .map_err(js)?;
    }
    Ok(())
}

/// A counter record: `n` events of `issue` in hour or day `bucket`.
pub(crate) fn counter_record(issue: u64, unit: &str, bucket: i64, n: u64) -> JsValue {
    let record = Object::new();
    let mut w = Writer::default();
    w.num(&record, "issueId", issue as f64);
    w.str(&record, "unit", unit);
    w.num(&record, "bucket", bucket as f64);
    w.num(&record, "n", n as f64);
    record.into()
}
