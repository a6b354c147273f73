//! The store: record events into issues, and read them back.

use std::collections::HashMap;

use faultline_core::{Event, Grouping, Issue, IssueId, Outcome};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbKeyRange, IdbObjectStore, IdbTransaction, IdbTransactionMode};

use crate::error::{Error, JsError};
use crate::record::{event_from_record, issue_from_record, record_from_event, record_from_issue};
use crate::request::{self, committed, request};
use crate::schema::{self, BY_FINGERPRINT, BY_ISSUE_TIME, EVENTS, ISSUES, META};

const NEXT_ISSUE_ID: &str = "nextIssueId";

/// An event with the grouping that decides its issue.
#[derive(Debug, Clone)]
pub struct Grouped {
    /// The event.
    pub event: Event,
    /// Its fingerprint and why.
    pub grouping: Grouping,
}

/// An open Faultline database.
#[derive(Debug, Clone)]
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    /// Opens (creating or upgrading) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, Error> {
        Ok(Store {
            db: schema::open(name).await?,
        })
    }

    /// Deletes the database called `name`; open connections are closed first by their
    /// `versionchange` handlers.
    pub async fn delete(name: &str) -> Result<(), Error> {
        schema::delete(name).await
    }

    /// Closes the connection.
    pub fn close(&self) {
        self.db.close();
    }

    /// Records a batch of events in one transaction: each is grouped into its issue
    /// (opened, counted or regressed) and stored. Either all of the batch is applied or,
    /// when the transaction fails, none of it.
    pub async fn record(&self, batch: &[Grouped]) -> Result<Vec<Outcome>, Error> {
        const OP: &str = "recording events";
        let tx = self.transaction(&[ISSUES, EVENTS, META], IdbTransactionMode::Readwrite, OP)?;
        match record_in(&tx, batch).await {
            Ok(outcomes) => {
                committed(&tx).await.map_err(|source| Error::Transaction {
                    operation: OP,
                    source,
                })?;
                Ok(outcomes)
            }
            Err(e) => {
                request::abort(&tx);
                Err(e)
            }
        }
    }

    /// All issues, most recently seen first.
    pub async fn list_issues(&self) -> Result<Vec<Issue>, Error> {
        const OP: &str = "listing issues";
        let tx = self.transaction(&[ISSUES], IdbTransactionMode::Readonly, OP)?;
        let store = object_store(&tx, ISSUES, OP)?;
        let req = store.get_all().map_err(|e| Error::transaction(OP, &e))?;
        let all = request(&req).await.map_err(|source| Error::Transaction {
            operation: OP,
            source,
        })?;
        let mut issues = Array::from(&all)
            .iter()
            .map(|r| issue_from_record(&r))
            .collect::<Result<Vec<_>, _>>()?;
        issues.sort_unstable_by(|a, b| b.last_seen.cmp(&a.last_seen).then(b.id.cmp(&a.id)));
        Ok(issues)
    }

    /// The events of `issue`, newest first.
    pub async fn events_of(&self, issue: IssueId) -> Result<Vec<Event>, Error> {
        const OP: &str = "listing events";
        let tx = self.transaction(&[EVENTS], IdbTransactionMode::Readonly, OP)?;
        let index = object_store(&tx, EVENTS, OP)?
            .index(BY_ISSUE_TIME)
            .map_err(|e| Error::transaction(OP, &e))?;
        let id = JsValue::from_f64(issue.0 as f64);
        let range = IdbKeyRange::bound(
            &Array::of2(&id, &JsValue::from_f64(f64::NEG_INFINITY)),
            &Array::of2(&id, &JsValue::from_f64(f64::INFINITY)),
        )
        .map_err(|e| Error::transaction(OP, &e))?;
        let req = index
            .get_all_with_key(&range)
            .map_err(|e| Error::transaction(OP, &e))?;
        let all = request(&req).await.map_err(|source| Error::Transaction {
            operation: OP,
            source,
        })?;
        let mut events = Array::from(&all)
            .iter()
            .map(|r| event_from_record(&r))
            .collect::<Result<Vec<_>, _>>()?;
        events.reverse();
        Ok(events)
    }

    fn transaction(
        &self,
        stores: &[&str],
        mode: IdbTransactionMode,
        operation: &'static str,
    ) -> Result<IdbTransaction, Error> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| Error::transaction(operation, &e))
    }
}

fn object_store(
    tx: &IdbTransaction,
    name: &str,
    operation: &'static str,
) -> Result<IdbObjectStore, Error> {
    tx.object_store(name)
        .map_err(|e| Error::transaction(operation, &e))
}

/// The body of [`Store::record`]: only IndexedDB requests are awaited here (see
/// `request.rs`), so the transaction stays active throughout.
async fn record_in(tx: &IdbTransaction, batch: &[Grouped]) -> Result<Vec<Outcome>, Error> {
    const OP: &str = "recording events";
    let fail = |source: JsError| Error::Transaction {
        operation: OP,
        source,
    };
    let js_fail = |e: JsValue| Error::transaction(OP, &e);
    let issues = object_store(tx, ISSUES, OP)?;
    let events = object_store(tx, EVENTS, OP)?;
    let meta = object_store(tx, META, OP)?;
    let by_fingerprint = issues.index(BY_FINGERPRINT).map_err(js_fail)?;

    let mut next_id = request(&meta.get(&NEXT_ISSUE_ID.into()).map_err(js_fail)?)
        .await
        .map_err(fail)?
        .as_f64()
        .map_or(1, |n| n as u64);
    let first_new_id = next_id;
    // Issues touched by this batch, written once at the end.
    let mut touched: HashMap<String, Issue> = HashMap::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    for Grouped { event, grouping } in batch {
        let key = grouping.fingerprint.as_str();
        if !touched.contains_key(key) {
            let found = request(&by_fingerprint.get(&key.into()).map_err(js_fail)?)
                .await
                .map_err(fail)?;
            if !found.is_undefined() {
                touched.insert(key.to_string(), issue_from_record(&found)?);
            }
        }
        let outcome = match touched.get_mut(key) {
            Some(issue) => issue.apply(event),
            None => {
                let issue = Issue::open(IssueId(next_id), grouping, event);
                next_id += 1;
                touched.insert(key.to_string(), issue);
                Outcome::New
            }
        };
        let issue_id = touched.get(key).map_or(IssueId(0), |i| i.id);
        events
            .put(&record_from_event(event, issue_id)?)
            .map_err(js_fail)?;
        outcomes.push(outcome);
    }
    for issue in touched.values() {
        issues.put(&record_from_issue(issue)?).map_err(js_fail)?;
    }
    if next_id != first_new_id {
        meta.put_with_key(&JsValue::from_f64(next_id as f64), &NEXT_ISSUE_ID.into())
            .map_err(js_fail)?;
    }
    Ok(outcomes)
}
