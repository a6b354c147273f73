//! Import of an export, in one transaction: the file is read and checked first
//! (`import/records.rs`, then core's `check_export`) and split into chunks of whole
//! issues. Every read is issued before any write: chunks hold different issues and events,
//! so no chunk's writes change what another reads, and the database answers the reads
//! while this thread plans each chunk (core's `plan_import`) and issues its writes.
//! Retention comes last, once. Issues merge by fingerprint, events by id, users by issue
//! and key, so importing the same file twice changes nothing; what could not be imported
//! as it was is in the report, with the reason.
//!
//! Only IndexedDB requests are awaited inside the transaction (see `request.rs`).

mod records;

use faultline_core::{
    check_export, import_chunks, plan_import, BatchPlan, EventId, ImportChunk, ImportKnown,
    ImportPlan, ImportReport, Issue, IssueId, Known, Retention, StoredIssue,
};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransaction};

use crate::activity::record_from_activity;
use crate::error::{Error, JsError};
use crate::event_record::{event_body, event_record};
use crate::export::FORMAT;
use crate::issue_record::record_from_issue;
use crate::js_write::get_str;
use crate::record::{
    finish_issue_reads, start_issue_reads, write_tallies, write_totals, IssueReads, LookupReads,
    Originals, PendingTotals, Stores,
};
use crate::request::{pending, request, Pending};
use crate::retention::{enforce_budget, trim_issues, write_issues};
use crate::schema::{ACTIVITY, EVENTS, ISSUES, META, SEARCH, TALLIES};
use crate::search_index::update_index;
use crate::tally_record::TallyBook;
use crate::transaction::{finish, relaxed_transaction};
use records::read_export;

/// Events per chunk: the planner's working set, which it searches in order (all reads
/// are issued up front whatever the chunk size).
const CHUNK_EVENTS: usize = 1_000;

/// How far an import is: the export's events planned and written, of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    /// Events done.
    pub done: u64,
    /// Events in the export.
    pub total: u64,
}

/// Fails unless `data` says it is a Faultline export.
pub(crate) fn check_format(data: &JsValue) -> Result<(), Error> {
    if get_str(data, "format").as_deref() == Some(FORMAT) {
        return Ok(());
    }
    Err(Error::Decode {
        what: "export",
        message: format!("not a Faultline export (no \"format\": \"{FORMAT}\")"),
    })
}

/// Reads and checks `data`, then imports it in one transaction; returns what it did and
/// the issues it wrote.
pub(crate) async fn import(
    db: &IdbDatabase,
    data: &JsValue,
    retention: Retention,
    progress: &dyn Fn(ImportProgress),
) -> Result<(ImportReport, Vec<IssueId>), Error> {
    const OP: &str = "importing";
    let file = read_export(data);
    let (checked, problems) = check_export(file.contents);
    let mut report = ImportReport::default();
    for problem in file.problems.into_iter().chain(problems) {
        report.note(problem);
    }
    let chunks = import_chunks(checked, CHUNK_EVENTS);
    let stores = [ISSUES, EVENTS, ACTIVITY, TALLIES, META, SEARCH];
    let tx = relaxed_transaction(db, &stores, OP)?;
    let body = import_in(&tx, &chunks, &file.events, retention, progress).await;
    let (done, touched) = finish(&tx, body, OP).await?;
    report.absorb(done);
    Ok((report, touched))
}

/// Imports the chunks; returns what they did and the issues written.
async fn import_in(
    tx: &IdbTransaction,
    chunks: &[ImportChunk],
    events: &Array,
    retention: Retention,
    progress: &dyn Fn(ImportProgress),
) -> Result<(ImportReport, Vec<IssueId>), JsError> {
    let total = chunks.iter().map(|c| c.events.len() as u64).sum();
    let mut done = 0;
    progress(ImportProgress { done, total });
    let stores = Stores::of(tx, false)?;
    // Into a database without issues, no fingerprint can lead anywhere: nothing to look up.
    let issues_here = pending(stores.issues.count()?);
    let stored = Presence::choose(&stores, total).await?;
    let look_up_issues = issues_here.result().await?.as_f64() != Some(0.0);
    let totals_read = PendingTotals::start(&stores.meta, false)?;
    let first = chunks
        .iter()
        .map(|chunk| FirstReads::start(&stores, chunk, stored.is_none(), look_up_issues))
        .collect::<Result<Vec<_>, JsError>>()?;
    let mut totals = Known::default();
    totals_read.finish(&mut totals).await?;
    let stored = match stored {
        Some(all) => Some(all.ids().await?),
        None => None,
    };
    let mut second = Vec::with_capacity(chunks.len());
    let mut originals = Originals::default();
    for (chunk, reads) in chunks.iter().zip(first) {
        second.push(
            reads
                .then_lookups(&stores, chunk, stored.as_deref(), &mut originals)
                .await?,
        );
    }
    let mut plans = Vec::with_capacity(chunks.len());
    for (chunk, reads) in chunks.iter().zip(second) {
        let (mut known, mut tallies) = reads.finish().await?;
        known.base.next_issue = totals.next_issue;
        known.base.event_bytes = totals.event_bytes;
        known.base.event_count = totals.event_count;
        let plan = plan_import(chunk, known);
        write_chunk(&stores, chunk, events, &plan, &mut tallies)?;
        totals.next_issue = plan.batch.next_issue;
        totals.event_bytes = plan.batch.event_bytes;
        totals.event_count = plan.batch.event_count;
        plans.push(plan);
        done += chunk.events.len() as u64;
        progress(ImportProgress { done, total });
    }
    let mut report = ImportReport::default();
    let mut written: Vec<Issue> = Vec::new();
    for mut plan in plans {
        let before = (plan.batch.event_bytes, plan.batch.event_count);
        trim_issues(&stores.events, &mut plan.batch, &retention).await?;
        write_issues(
            &stores.issues,
            &plan.batch,
            &originals,
            Some(record_from_issue),
        )?;
        totals.event_bytes = totals
            .event_bytes
            .saturating_sub(before.0 - plan.batch.event_bytes);
        totals.event_count = totals
            .event_count
            .saturating_sub(before.1 - plan.batch.event_count);
        written.extend(plan.batch.written().cloned());
        report.absorb(plan.report);
    }
    update_index(&stores.search, &written).await?;
    let mut budget = BatchPlan {
        next_issue: totals.next_issue.max(1),
        event_bytes: totals.event_bytes,
        event_count: totals.event_count,
        ..BatchPlan::default()
    };
    enforce_budget(&stores.issues, &stores.events, &mut budget, &retention).await?;
    write_totals(&stores.meta, &budget)?;
    Ok((report, written.iter().map(|issue| issue.id).collect()))
}

/// Issues a planned chunk's writes: its events (the file's bodies under their issues
/// here), then activity and the tallies (users and counters) of its issues.
fn write_chunk(
    stores: &Stores,
    chunk: &ImportChunk,
    events: &Array,
    plan: &ImportPlan,
    tallies: &mut TallyBook,
) -> Result<(), JsError> {
    for planned in &plan.batch.bodies {
        let Some(event) = chunk.events.get(planned.item) else {
            continue;
        };
        let Some(body) = event_body(&events.get(event.index as u32)) else {
            continue;
        };
        let id = event.id.to_string();
        let filed = (planned.issue, planned.part);
        // Stored as text, as recording stores it: one string for the browser to copy.
        let text: JsValue = js_sys::JSON::stringify(&body)
            .map(Into::into)
            .unwrap_or(body);
        let record = event_record(&id, filed, event.timestamp, event.size, &text);
        stores.events.put(&record)?;
    }
    write_tallies(stores, &plan.batch, tallies, record_from_activity)
}

/// Which of the export's events are stored already, all of the store's event ids read in
/// one request: chosen when the store holds at most this many events per event imported
/// (an import into an empty or small database, the common case). Otherwise each event is
/// looked up by its key, a request each.
const READ_ALL_IDS_PER_EVENT: f64 = 4.0;

/// Every event id in the store, being read.
struct Presence(Pending);

impl Presence {
    /// Counts the stored events and, when they are few next to the `importing` events,
    /// starts reading all their ids; `None`: look each event up instead.
    async fn choose(stores: &Stores, importing: u64) -> Result<Option<Presence>, JsError> {
        let stored = request(&stores.events.count()?).await?;
        let stored = stored.as_f64().unwrap_or(f64::INFINITY);
        if stored > READ_ALL_IDS_PER_EVENT * importing as f64 {
            return Ok(None);
        }
        Ok(Some(Presence(pending(stores.events.get_all_keys()?))))
    }

    /// The stored event ids, sorted (keys that are not event ids are left out: no import
    /// can match them).
    async fn ids(self) -> Result<Vec<EventId>, JsError> {
        let keys = Array::from(&self.0.result().await?);
        let mut ids: Vec<EventId> = keys
            .iter()
            .filter_map(|key| EventId::parse(&key.as_string()?).ok())
            .collect();
        faultline_core::heapsort(&mut ids);
        Ok(ids)
    }
}

/// A chunk's first round of reads in flight: its issues by fingerprint (unless the
/// database has none), and (unless all stored ids are read at once) whether each of its
/// events is stored already (keys only, no bodies).
struct FirstReads {
    issues: IssueReads,
    events: Vec<(EventId, Pending)>,
}

impl FirstReads {
    fn start(
        stores: &Stores,
        chunk: &ImportChunk,
        per_event: bool,
        look_up_issues: bool,
    ) -> Result<FirstReads, JsError> {
        let events = chunk
            .events
            .iter()
            .filter(|_| per_event)
            .map(|event| {
                let key = JsValue::from_str(&event.id.to_string());
                Ok((event.id, pending(stores.events.get_key(&key)?)))
            })
            .collect::<Result<Vec<_>, JsError>>()?;
        let issues = if look_up_issues {
            start_issue_reads(stores, chunk.fingerprints())?
        } else {
            IssueReads::none()
        };
        Ok(FirstReads { issues, events })
    }

    /// The answers (the chunk's events found in `stored` when all ids were read); then
    /// starts the second round, for the issues found.
    async fn then_lookups(
        self,
        stores: &Stores,
        chunk: &ImportChunk,
        stored: Option<&[EventId]>,
        originals: &mut Originals,
    ) -> Result<SecondReads, JsError> {
        let found = finish_issue_reads(self.issues, stores, originals).await?;
        let mut present = Vec::new();
        for (id, read) in self.events {
            if !read.result().await?.is_undefined() {
                present.push(id);
            }
        }
        if let Some(stored) = stored {
            let here = chunk.events.iter().map(|event| event.id);
            present.extend(here.filter(|id| stored.binary_search(id).is_ok()));
        }
        faultline_core::heapsort(&mut present);
        let lookups = chunk.lookups(&found, &present);
        let reads = LookupReads::start(stores, lookups)?;
        Ok(SecondReads {
            found,
            present,
            reads,
        })
    }
}

/// A chunk's second round of reads in flight: the tallies of the issues found.
struct SecondReads {
    found: Vec<StoredIssue>,
    present: Vec<EventId>,
    reads: LookupReads,
}

impl SecondReads {
    async fn finish(self) -> Result<(ImportKnown, TallyBook), JsError> {
        let mut base = Known {
            issues: self.found,
            ..Known::default()
        };
        let tallies = self.reads.finish(&mut base).await?;
        let known = ImportKnown {
            base,
            present: self.present,
        };
        Ok((known, tallies))
    }
}
