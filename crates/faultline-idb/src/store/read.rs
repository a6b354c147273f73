//! The read side of the facade: paged, index-backed queries for the viewer and the JS
//! API (the transactions' work is in `query.rs`).

use crate::activity::activity_from_record;
use crate::error::{Error, JsError};
use crate::event_record::event_body;
use crate::issue_record::{issue_from_record, recorded_from_record};
use crate::paging::{EventCursor, EventPage, IssuePage, IssueQuery, Stats};
use crate::query::{events_page_in, issues_page_in};
use crate::request::{request, Batch};
use crate::schema::{ACTIVITY, BY_ISSUE, BY_TALLY_USER, EVENTS, ISSUES, META, TALLIES};
use crate::store::Store;
use crate::tally_record::tallies_from_record;
use crate::transaction::{finish, transaction};
use faultline_core::{
    added_range, heapsort_by, Activity, CounterUnit, Issue, IssueId, IssueTallies,
};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbTransaction, IdbTransactionMode};

impl Store {
    /// A page of issues, filtered by status and sorted, read through the matching index.
    pub async fn issues_page(&self, query: &IssueQuery) -> Result<IssuePage, Error> {
        const OP: &str = "listing issues";
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().issues_page(query));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ISSUES], IdbTransactionMode::Readonly, OP)?;
        let body = issues_page_in(&tx, query).await;
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
            let store = tx.object_store(ISSUES)?;
            let all = request(&store.get_all()?).await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|r| issue_from_record(&r).ok().map(|(i, _)| i))
                .collect::<Vec<_>>())
        }
        .await;
        let mut issues = finish(&tx, body, OP).await?;
        heapsort_by(&mut issues, |a, b| {
            b.last_seen.cmp(&a.last_seen).then(b.id.cmp(&a.id))
        });
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
            let store = tx.object_store(ISSUES)?;
            let r = request(&store.get(&JsValue::from_f64(id.0 as f64))?).await?;
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
            let store = tx.object_store(EVENTS)?;
            let r = request(&store.get(&JsValue::from_str(id))?).await?;
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
            let index = tx.object_store(ACTIVITY).and_then(|s| s.index(BY_ISSUE))?;
            let all = request(&index.get_all_with_key(&JsValue::from_f64(issue.0 as f64))?).await?;
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
    /// A merged issue's counts are its parts' added (each part keeps its own counters):
    /// the issue's record, read in the same transaction, names them.
    pub async fn histogram(
        &self,
        issue: IssueId,
        hourly: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, u64)>, Error> {
        const OP: &str = "reading event counters";
        let unit = counter_unit(hourly);
        if let Some(m) = self.backend_memory() {
            return Ok(m.borrow().histogram(issue, unit, from, to));
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[ISSUES, TALLIES], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let records = tx.object_store(ISSUES)?;
            let record = request(&records.get(&JsValue::from_f64(issue.0 as f64))?).await?;
            let parts = recorded_from_record(&record).map_or(vec![issue], |s| s.issue.tallies());
            let mut all = counts_in(&tx, &[(issue, parts)], unit, from, to).await?;
            Ok(all.pop().map(|(_, counts)| counts).unwrap_or_default())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// [`Store::histogram`] of each of `issues` as the caller holds them (a stream page's
    /// rows), in that order: each issue's [`Issue::tallies`] say which counters add up to
    /// it, so only the counters are read, all requests issued together in one transaction.
    pub async fn histograms<'a>(
        &self,
        issues: impl IntoIterator<Item = &'a Issue>,
        hourly: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<(IssueId, Vec<(i64, u64)>)>, Error> {
        const OP: &str = "reading event counters";
        let unit = counter_unit(hourly);
        let of: Vec<(IssueId, Vec<IssueId>)> =
            issues.into_iter().map(|i| (i.id, i.tallies())).collect();
        if let Some(m) = self.backend_memory() {
            let m = m.borrow();
            return Ok(of
                .into_iter()
                .map(|(id, parts)| (id, m.tallies_histogram(&parts, unit, from, to)))
                .collect());
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[TALLIES], IdbTransactionMode::Readonly, OP)?;
        let body = counts_in(&tx, &of, unit, from, to).await;
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
        let tx = transaction(db, &[TALLIES], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let index = tx
                .object_store(TALLIES)
                .and_then(|s| s.index(BY_TALLY_USER))?;
            let all = request(&index.get_all_keys_with_key(&JsValue::from_str(key))?).await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|id| id.as_f64().map(|n| IssueId(n as u64)))
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
        let tx = transaction(db, &[ISSUES, META], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let count = tx.object_store(ISSUES).and_then(|s| s.count())?;
            let issues = request(&count).await?.as_f64().unwrap_or(0.0) as u64;
            let meta = tx.object_store(META)?;
            // Totals kept by every write: counting 100,000 bodies would hold up the database.
            let events = crate::meta::get_u64(&meta, crate::meta::EVENT_COUNT).await?;
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

/// The counters a chart reads: hours when it is `hourly`, else days.
fn counter_unit(hourly: bool) -> CounterUnit {
    if hourly {
        CounterUnit::Hour
    } else {
        CounterUnit::Day
    }
}

/// Each issue's counts over buckets `from..=to`, its parts' counters (`of`) added; the
/// reads are issued together.
async fn counts_in(
    tx: &IdbTransaction,
    of: &[(IssueId, Vec<IssueId>)],
    unit: CounterUnit,
    from: i64,
    to: i64,
) -> Result<Vec<(IssueId, Vec<(i64, u64)>)>, JsError> {
    let store = tx.object_store(TALLIES)?;
    let mut reads = Vec::new();
    for (_, parts) in of {
        for tally in parts {
            reads.push(store.get(&JsValue::from_f64(tally.0 as f64))?);
        }
    }
    let mut records = Batch::new(reads).results().await?.into_iter();
    let mut out = Vec::with_capacity(of.len());
    for (id, parts) in of {
        let tallies: Vec<IssueTallies> = records
            .by_ref()
            .take(parts.len())
            .map(|record| tallies_from_record(&record))
            .collect();
        out.push((*id, added_range(&tallies, unit, from, to)));
    }
    Ok(out)
}
