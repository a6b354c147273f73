//! Import of an export, in one transaction: the file is read and checked first
//! (`import/records.rs`, then core's `check_export`), split into chunks of whole issues,
//! and each chunk is read, planned (core's `plan_import`) and written like a batch, its
//! reads issued together. Issues merge by fingerprint, events by id, users by issue and
//! key, so importing the same file twice changes nothing; what could not be imported as
//! it was is in the report, with the reason.
//!
//! Only IndexedDB requests are awaited inside the transaction (see `request.rs`).

mod records;

use std::collections::BTreeSet;

use faultline_core::{
    check_export, import_chunks, plan_import, EventId, ImportChunk, ImportKnown, ImportReport,
    IssueChange, IssueId, Known,
};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::IdbTransaction;

use crate::error::{Error, JsError};
use crate::event_record::{event_body, event_record};
use crate::export::FORMAT;
use crate::js_write::get_str;
use crate::record::{
    finish_issue_reads, read_lookups, start_issue_reads, write_tallies, write_totals, Stores,
    TotalsRead,
};
use crate::request::pending;
use crate::retention::{enforce_budget, trim_issues, write_issues};
use crate::schema::{ACTIVITY, COUNTERS, EVENTS, ISSUES, META, USERS};
use crate::store::Store;
use crate::transaction::{finish, relaxed_transaction};
use records::read_export;

/// Events per chunk: each round of reads is one burst of requests this large, and the
/// planner's maps stay small.
const CHUNK_EVENTS: usize = 2_000;

impl Store {
    /// Merges an export into this database in one transaction: issues by fingerprint,
    /// events by id, distinct users by issue and key (so user counts stay exact). Records
    /// are checked before anything is written; what is rejected or repaired is listed in
    /// the report with the reason, and the report says what was done. Importing the same
    /// export again changes nothing. (The in-memory stand-in does not import: it answers
    /// [`Error::Unavailable`].)
    pub async fn import(&self, data: &JsValue) -> Result<ImportReport, Error> {
        const OP: &str = "importing";
        if get_str(data, "format").as_deref() != Some(FORMAT) {
            return Err(Error::Decode {
                what: "export",
                message: format!("not a Faultline export (no \"format\": \"{FORMAT}\")"),
            });
        }
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let file = read_export(data);
        let (checked, problems) = check_export(file.contents);
        let mut report = ImportReport::default();
        for problem in file.problems.into_iter().chain(problems) {
            report.note(problem);
        }
        let chunks = import_chunks(checked, CHUNK_EVENTS);
        let stores = [ISSUES, EVENTS, ACTIVITY, COUNTERS, USERS, META];
        let tx = relaxed_transaction(db, &stores, OP)?;
        let body = import_in(&tx, &chunks, &file.events, self.config().retention()).await;
        let (done, touched) = finish(&tx, body, OP).await?;
        report.absorb(done);
        crate::broadcast::announce(self.channel(), "imported", &touched);
        Ok(report)
    }
}

/// Imports the chunks in order; returns what they did and the issues written.
async fn import_in(
    tx: &IdbTransaction,
    chunks: &[ImportChunk],
    events: &Array,
    retention: faultline_core::Retention,
) -> Result<(ImportReport, Vec<IssueId>), JsError> {
    let stores = Stores::of(tx, false)?;
    let mut totals = Known::default();
    TotalsRead::start(&stores.meta, false)?
        .finish(&mut totals)
        .await?;
    let mut report = ImportReport::default();
    let mut touched = Vec::new();
    for chunk in chunks {
        let known = read_chunk(&stores, chunk, &totals).await?;
        let mut plan = plan_import(chunk, known);
        for planned in &plan.batch.bodies {
            let Some(event) = chunk.events.get(planned.item) else {
                continue;
            };
            let Some(body) = event_body(&events.get(event.index as u32)) else {
                continue;
            };
            let id = event.id.to_string();
            let record = event_record(&id, planned.issue, event.timestamp, event.size, &body);
            stores.events.put(&record)?;
        }
        write_tallies(&stores, &plan.batch)?;
        trim_issues(&stores.events, &mut plan.batch, &retention).await?;
        write_issues(&stores.issues, &plan.batch)?;
        enforce_budget(&stores.issues, &stores.events, &mut plan.batch, &retention).await?;
        touched.extend(
            plan.batch
                .issues
                .iter()
                .filter(|planned| planned.change != IssueChange::Unchanged)
                .map(|planned| planned.issue.id),
        );
        totals.next_issue = plan.batch.next_issue;
        totals.event_bytes = plan.batch.event_bytes;
        report.absorb(plan.report);
    }
    write_totals(&stores.meta, totals.next_issue.max(1), totals.event_bytes)?;
    Ok((report, touched))
}

/// What the chunk's plan needs, in two rounds: its issues by fingerprint and whether its
/// events are here already; then the users and counters of the issues found.
async fn read_chunk(
    stores: &Stores,
    chunk: &ImportChunk,
    totals: &Known,
) -> Result<ImportKnown, JsError> {
    let issue_reads = start_issue_reads(stores, chunk.fingerprints())?;
    let event_reads = chunk
        .events
        .iter()
        .map(|event| {
            let key = JsValue::from_str(&event.id.to_string());
            Ok((event.id, pending(stores.events.get_key(&key)?)))
        })
        .collect::<Result<Vec<_>, JsError>>()?;
    let mut base = Known {
        issues: finish_issue_reads(issue_reads).await?,
        next_issue: totals.next_issue,
        event_bytes: totals.event_bytes,
        ..Known::default()
    };
    let mut present: BTreeSet<EventId> = BTreeSet::new();
    for (id, read) in event_reads {
        if !read.result().await?.is_undefined() {
            present.insert(id);
        }
    }
    let lookups = chunk.lookups(&base.issues, &present);
    read_lookups(stores, lookups, &mut base).await?;
    Ok(ImportKnown { base, present })
}
