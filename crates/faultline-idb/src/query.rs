//! The read side: paged, index-backed queries for the viewer and the JS API.

use faultline_core::{Activity, CounterUnit, Issue, IssueId};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbCursorDirection, IdbKeyRange, IdbTransactionMode};

use crate::activity::activity_from_record;
use crate::error::{Error, JsError};
use crate::event_record::{event_body, event_keys};
use crate::issue_record::issue_from_record;
use crate::request::{request, Cursor};
use crate::retention::issue_events_range;
use crate::schema::{
    self, sort_index, ACTIVITY, BY_ISSUE, BY_ISSUE_TIME, BY_USER, COUNTERS, EVENTS, ISSUES, META,
    USERS,
};
use crate::store::Store;
use crate::transaction::{finish, transaction};

/// The order of the issue stream (always descending: latest, most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Most recently seen first.
    #[default]
    LastSeen,
    /// Most recently opened first.
    FirstSeen,
    /// Most events first.
    Events,
    /// Most users first.
    Users,
}

impl SortBy {
    /// The record field (and index) this order sorts by.
    pub(crate) fn key(self) -> &'static str {
        schema::SORT_KEYS[self as usize]
    }

    /// The sort value of `issue`.
    pub fn value(self, issue: &Issue) -> f64 {
        match self {
            SortBy::LastSeen => issue.last_seen.as_millis() as f64,
            SortBy::FirstSeen => issue.first_seen.as_millis() as f64,
            SortBy::Events => issue.count as f64,
            SortBy::Users => issue.user_count as f64,
        }
    }
}

/// Where a page of issues ends: the last item's sort value and id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssueCursor {
    /// The sort value.
    pub key: f64,
    /// The issue (ties are ordered by id, descending).
    pub id: IssueId,
}

/// A page of issues.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssuePage {
    /// The issues, in order.
    pub issues: Vec<Issue>,
    /// Where the next page starts, when there may be one.
    pub next: Option<IssueCursor>,
}

/// Which issues and in what order.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueQuery {
    /// Only issues with this status name (`unresolved`, `resolved`, `ignored`); all when `None`.
    pub status: Option<String>,
    /// The order.
    pub sort: SortBy,
    /// Start after this issue.
    pub after: Option<IssueCursor>,
    /// Page size.
    pub limit: u32,
}

impl Default for IssueQuery {
    fn default() -> Self {
        IssueQuery {
            status: None,
            sort: SortBy::LastSeen,
            after: None,
            limit: 50,
        }
    }
}

/// Where a page of events ends.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCursor {
    /// The last event's time (ms).
    pub ts: f64,
    /// Its id.
    pub id: String,
}

/// A page of an issue's events, newest first, as Sentry-shaped JS objects.
#[derive(Debug, Clone, Default)]
pub struct EventPage {
    /// The events.
    pub events: Vec<JsValue>,
    /// Where the next page starts, when there may be one.
    pub next: Option<EventCursor>,
}

/// Storage totals and drop counters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Issues stored.
    pub issues: u64,
    /// Event bodies stored.
    pub events: u64,
    /// Their bytes.
    pub bytes: u64,
    /// What was dropped, by reason.
    pub drops: Vec<(String, u64)>,
}

fn js(e: JsValue) -> JsError {
    JsError::from_js(&e)
}

impl Store {
    /// A page of issues, filtered by status and sorted, read through the matching index.
    pub async fn issues_page(&self, q: &IssueQuery) -> Result<IssuePage, Error> {
        const OP: &str = "listing issues";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().issues_page(q));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ISSUES], IdbTransactionMode::Readonly, OP)?;
        let body = issues_page_in(&tx, q).await;
        finish(&tx, body, OP).await
    }

    /// Every issue, most recently seen first (for queries no index answers).
    pub async fn all_issues(&self) -> Result<Vec<Issue>, Error> {
        const OP: &str = "reading all issues";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().all_issues());
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ISSUES], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let store = tx.object_store(ISSUES).map_err(js)?;
            let all = request(&store.get_all().map_err(js)?).await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|r| issue_from_record(&r).ok().map(|(i, _)| i))
                .collect::<Vec<_>>())
        }
        .await;
        let mut issues = finish(&tx, body, OP).await?;
        issues.sort_unstable_by(|a, b| b.last_seen.cmp(&a.last_seen).then(b.id.cmp(&a.id)));
        Ok(issues)
    }

    /// One issue.
    pub async fn issue(&self, id: IssueId) -> Result<Option<Issue>, Error> {
        const OP: &str = "reading an issue";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().issue(id));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ISSUES], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let store = tx.object_store(ISSUES).map_err(js)?;
            let r = request(&store.get(&JsValue::from_f64(id.0 as f64)).map_err(js)?).await?;
            Ok(issue_from_record(&r).ok().map(|(i, _)| i))
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// A page of the issue's stored events, newest first.
    pub async fn events_page(
        &self,
        issue: IssueId,
        before: Option<&EventCursor>,
        limit: u32,
    ) -> Result<EventPage, Error> {
        const OP: &str = "listing events";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().events_page(issue, before, limit));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[EVENTS], IdbTransactionMode::Readonly, OP)?;
        let body = events_page_in(&tx, issue, before, limit).await;
        finish(&tx, body, OP).await
    }

    /// One stored event by id, Sentry-shaped.
    pub async fn event(&self, id: &str) -> Result<Option<JsValue>, Error> {
        const OP: &str = "reading an event";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().event(id));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[EVENTS], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let store = tx.object_store(EVENTS).map_err(js)?;
            let r = request(&store.get(&JsValue::from_str(id)).map_err(js)?).await?;
            Ok(event_body(&r))
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// The issue's history, oldest first.
    pub async fn activity(&self, issue: IssueId) -> Result<Vec<Activity>, Error> {
        const OP: &str = "reading activity";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().activity(issue));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ACTIVITY], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let index = tx
                .object_store(ACTIVITY)
                .and_then(|s| s.index(BY_ISSUE))
                .map_err(js)?;
            let all = request(
                &index
                    .get_all_with_key(&JsValue::from_f64(issue.0 as f64))
                    .map_err(js)?,
            )
            .await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|r| activity_from_record(&r))
                .collect::<Vec<_>>())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// Event counts of the issue per hour (`hourly`) or per day, for buckets `from..=to`
    /// (bucket = milliseconds since the epoch / bucket length); empty buckets are left out.
    pub async fn histogram(
        &self,
        issue: IssueId,
        hourly: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, u64)>, Error> {
        const OP: &str = "reading event counters";
        let unit = if hourly {
            CounterUnit::Hour
        } else {
            CounterUnit::Day
        };
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().histogram(issue, unit, from, to));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[COUNTERS], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let id = JsValue::from_f64(issue.0 as f64);
            let range = IdbKeyRange::bound(
                &Array::of3(&id, &unit.as_str().into(), &JsValue::from_f64(from as f64)),
                &Array::of3(&id, &unit.as_str().into(), &JsValue::from_f64(to as f64)),
            )
            .map_err(js)?;
            let store = tx.object_store(COUNTERS).map_err(js)?;
            let all = request(&store.get_all_with_key(&range).map_err(js)?).await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|r| {
                    let bucket = crate::js_write::get_num(&r, "bucket")? as i64;
                    let count = crate::js_write::get_num(&r, "n")?;
                    Some((bucket, faultline_core::count_from_f64_clamped(count)))
                })
                .collect::<Vec<_>>())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// The issues the user with distinct key `key` (`id:42`, see `faultline_core::user_key`)
    /// has hit.
    pub async fn issues_with_user(&self, key: &str) -> Result<Vec<IssueId>, Error> {
        const OP: &str = "finding a user's issues";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().issues_with_user(key));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[USERS], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let index = tx
                .object_store(USERS)
                .and_then(|s| s.index(BY_USER))
                .map_err(js)?;
            let all = request(
                &index
                    .get_all_with_key(&JsValue::from_str(key))
                    .map_err(js)?,
            )
            .await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|r| crate::js_write::get_num(&r, "issueId").map(|n| IssueId(n as u64)))
                .collect::<Vec<_>>())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// Totals and drop counters.
    pub async fn stats(&self) -> Result<Stats, Error> {
        const OP: &str = "reading storage stats";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().stats());
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(
            db,
            &[ISSUES, EVENTS, META],
            IdbTransactionMode::Readonly,
            OP,
        )?;
        let body = async {
            let count = |name: &str| -> Result<_, JsError> {
                tx.object_store(name).and_then(|s| s.count()).map_err(js)
            };
            let issues = request(&count(ISSUES)?).await?.as_f64().unwrap_or(0.0) as u64;
            let events = request(&count(EVENTS)?).await?.as_f64().unwrap_or(0.0) as u64;
            let meta = tx.object_store(META).map_err(js)?;
            let bytes = crate::meta::get_u64(&meta, crate::meta::EVENT_BYTES).await?;
            let drops = crate::meta::drops(&meta).await?;
            Ok(Stats {
                issues,
                events,
                bytes,
                drops,
            })
        }
        .await;
        finish(&tx, body, OP).await
    }
}

async fn issues_page_in(
    tx: &web_sys::IdbTransaction,
    q: &IssueQuery,
) -> Result<IssuePage, JsError> {
    let key = q.sort.key();
    let index = tx
        .object_store(ISSUES)
        .and_then(|s| s.index(&sort_index(key, q.status.is_some())))
        .map_err(js)?;
    let index_key = |value: f64| -> JsValue {
        match &q.status {
            Some(status) => {
                Array::of2(&JsValue::from_str(status), &JsValue::from_f64(value)).into()
            }
            None => JsValue::from_f64(value),
        }
    };
    let upper = q.after.map_or(f64::INFINITY, |a| a.key);
    let range = IdbKeyRange::bound(&index_key(f64::NEG_INFINITY), &index_key(upper)).map_err(js)?;
    let req = index
        .open_cursor_with_range_and_direction(&range, IdbCursorDirection::Prev)
        .map_err(js)?;
    let cursor = Cursor::new(req);
    let mut page = IssuePage::default();
    let mut jumped = false;
    while let Some(c) = cursor.next().await? {
        if let Some(after) = q.after {
            let pk = c.primary_key().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            let value = c
                .value()
                .ok()
                .and_then(|v| crate::js_write::get_num(&v, key))
                .unwrap_or(0.0);
            // Ties with the cursor's sort value and an id not below it were shown already.
            if value == after.key && pk >= after.id.0 as f64 {
                if !jumped && after.id.0 > 0 {
                    jumped = true;
                    let below = JsValue::from_f64(after.id.0 as f64 - 1.0);
                    c.continue_primary_key(&index_key(after.key), &below)
                        .map_err(js)?;
                } else {
                    c.continue_().map_err(js)?;
                }
                continue;
            }
        }
        let record = c.value().map_err(js)?;
        if let Ok((issue, _)) = issue_from_record(&record) {
            page.issues.push(issue);
        }
        if page.issues.len() as u32 >= q.limit {
            page.next = page.issues.last().map(|i| IssueCursor {
                key: q.sort.value(i),
                id: i.id,
            });
            break;
        }
        c.continue_().map_err(js)?;
    }
    Ok(page)
}

async fn events_page_in(
    tx: &web_sys::IdbTransaction,
    issue: IssueId,
    before: Option<&EventCursor>,
    limit: u32,
) -> Result<EventPage, JsError> {
    let index = tx
        .object_store(EVENTS)
        .and_then(|s| s.index(BY_ISSUE_TIME))
        .map_err(js)?;
    let id = JsValue::from_f64(issue.0 as f64);
    let range = match before {
        Some(b) => IdbKeyRange::bound(
            &Array::of2(&id, &JsValue::from_f64(f64::NEG_INFINITY)),
            &Array::of2(&id, &JsValue::from_f64(b.ts)),
        )
        .map_err(js)?,
        None => issue_events_range(issue)?,
    };
    let req = index
        .open_cursor_with_range_and_direction(&range, IdbCursorDirection::Prev)
        .map_err(js)?;
    let cursor = Cursor::new(req);
    let mut page = EventPage::default();
    let mut last = None;
    while let Some(c) = cursor.next().await? {
        let record = c.value().map_err(js)?;
        let keys = event_keys(&record);
        // Events at the cursor's time whose id is not below the cursor's were shown already.
        let seen = match (before, &keys) {
            (Some(b), Some(k)) => k.ts.as_millis() as f64 == b.ts && k.id.as_str() >= b.id.as_str(),
            _ => false,
        };
        if !seen {
            if let Some(body) = event_body(&record) {
                page.events.push(body);
                last = keys;
            }
            if page.events.len() as u32 >= limit {
                page.next = last.map(|k| EventCursor {
                    ts: k.ts.as_millis() as f64,
                    id: k.id,
                });
                break;
            }
        }
        c.continue_().map_err(js)?;
    }
    Ok(page)
}
