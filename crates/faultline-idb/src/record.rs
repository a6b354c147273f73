//! Recording a batch in one readwrite transaction: every read the batch needs is issued
//! at once (issues by fingerprint and the totals, then the tallies of the issues found:
//! their users and counters, one record each), core's planner decides in one pure call, then every write is issued;
//! retention lists the oldest bodies of the issues it trims and deletes what the plan
//! chooses. All or nothing.
//!
//! Only IndexedDB requests are awaited in here (see `request.rs`).

use faultline_core::{
    count_from_f64_clamped, fingerprints_of, lookups_of, plan_batch, BatchEvent, BatchPlan,
    Fingerprint, IssueId, Known, Lookups, OutboxTotals, StoredIssue,
};
use wasm_bindgen::JsValue;
use web_sys::{IdbIndex, IdbObjectStore, IdbTransaction};

use crate::activity::record_from_lifecycle;
use crate::batch::{batch_events, bodies_of, records_of, BatchReport, GroupedEvent};
use crate::config::StoreConfig;
use crate::error::JsError;
use crate::event_record::{event_body, BodyRecord};
use crate::issue_record::recorded_from_record;
use crate::meta::{self, EVENT_BYTES, EVENT_COUNT, NEXT_ISSUE_ID};
use crate::outbox::{drop_overflow, outbox_record, OUTBOX_BYTES, OUTBOX_COUNT};
use crate::request::{pending, Pending};
use crate::retention::{enforce_budget, trim_issues, write_issues};
use crate::schema::{
    ACTIVITY, BY_FINGERPRINT, BY_OTHER_FINGERPRINT, EVENTS, ISSUES, META, OUTBOX, SEARCH, TALLIES,
};
use crate::search_index::{start_chunk_reads, write_index};
use crate::tally_record::{TallyBook, TallyReads};

/// The stores one batch writes.
pub(crate) struct Stores {
    pub issues: IdbObjectStore,
    pub by_fingerprint: IdbIndex,
    pub by_other_fingerprint: IdbIndex,
    pub events: IdbObjectStore,
    pub tallies: IdbObjectStore,
    pub activity: IdbObjectStore,
    pub meta: IdbObjectStore,
    pub search: IdbObjectStore,
    pub outbox: Option<IdbObjectStore>,
}

impl Stores {
    /// The stores of `tx`; the outbox only when the transaction covers it.
    pub(crate) fn of(tx: &IdbTransaction, with_outbox: bool) -> Result<Stores, JsError> {
        let issues = tx.object_store(ISSUES)?;
        Ok(Stores {
            by_fingerprint: issues.index(BY_FINGERPRINT)?,
            by_other_fingerprint: issues.index(BY_OTHER_FINGERPRINT)?,
            issues,
            events: tx.object_store(EVENTS)?,
            tallies: tx.object_store(TALLIES)?,
            activity: tx.object_store(ACTIVITY)?,
            meta: tx.object_store(META)?,
            search: tx.object_store(SEARCH)?,
            outbox: if with_outbox {
                Some(tx.object_store(OUTBOX)?)
            } else {
                None
            },
        })
    }
}

/// The stores a record transaction needs.
pub(crate) const RECORD_STORES: [&str; 7] =
    [ISSUES, EVENTS, TALLIES, ACTIVITY, META, SEARCH, OUTBOX];

/// Applies `batch` inside `tx`.
pub(crate) async fn record_in(
    tx: &IdbTransaction,
    batch: &[GroupedEvent],
    config: &StoreConfig,
) -> Result<BatchReport, JsError> {
    let stores = Stores::of(tx, true)?;
    let bodies = bodies_of(batch);
    let items = batch_events(batch, &bodies);
    let reads = FirstReads::start(&stores, &items, config.outbox.is_some())?;
    // Turning bodies into JS objects is the batch's main work on this thread: done while
    // the first reads are in flight.
    let records = records_of(batch, &bodies);
    let mut originals = Originals::default();
    let (known, mut tallies) = reads.finish(&stores, &items, &mut originals).await?;
    let mut plan = plan_batch(&items, known);
    // The index chunks of the issues written are read while retention reads its listings.
    let chunks = start_chunk_reads(&stores.search, &plan.search_chunks())?;
    write_records(&stores, batch, &records, &plan, &mut tallies)?;
    let retention = config.retention();
    trim_issues(&stores.events, &mut plan, &retention).await?;
    write_issues(&stores.issues, &plan, &originals, None)?;
    write_index(&stores.search, chunks, plan.written()).await?;
    enforce_budget(&stores.issues, &stores.events, &mut plan, &retention).await?;
    let mut outbox_dropped = 0;
    if let (Some(bounds), Some(mut totals), Some(outbox)) =
        (&config.outbox, plan.outbox, &stores.outbox)
    {
        outbox_dropped = drop_overflow(outbox, &stores.meta, &mut totals, &bounds.limits()).await?;
    }
    write_totals(&stores.meta, &plan)?;
    if let Some(grouping) = &config.grouping {
        meta::put_grouping(&stores.meta, grouping)?;
    }
    Ok(BatchReport::of_plan(plan, outbox_dropped))
}

/// The totals in `meta`, read together with the issues.
pub(crate) struct PendingTotals {
    next_issue: Pending,
    event_bytes: Pending,
    event_count: Pending,
    outbox: Option<(Pending, Pending)>,
}

impl PendingTotals {
    pub(crate) fn start(meta: &IdbObjectStore, outbox: bool) -> Result<PendingTotals, JsError> {
        let read = |key: &str| -> Result<Pending, JsError> { Ok(pending(meta.get(&key.into())?)) };
        Ok(PendingTotals {
            next_issue: read(NEXT_ISSUE_ID)?,
            event_bytes: read(EVENT_BYTES)?,
            event_count: read(EVENT_COUNT)?,
            outbox: if outbox {
                Some((read(OUTBOX_COUNT)?, read(OUTBOX_BYTES)?))
            } else {
                None
            },
        })
    }

    pub(crate) async fn finish(self, known: &mut Known) -> Result<(), JsError> {
        let number = |value: JsValue| value.as_f64().map_or(0, count_from_f64_clamped);
        known.next_issue = number(self.next_issue.result().await?);
        known.event_bytes = number(self.event_bytes.result().await?);
        known.event_count = number(self.event_count.result().await?);
        if let Some((entries, bytes)) = self.outbox {
            known.outbox = Some(OutboxTotals {
                entries: number(entries.result().await?),
                bytes: number(bytes.result().await?),
            });
        }
        Ok(())
    }
}

/// What the plan needs, read in two rounds: the issues by fingerprint with the totals
/// ([`FirstReads::start`]), then the tallies of the issues found (whether the batch's
/// users were seen on them, and their counters). Each round's requests are issued
/// together. (A database with merged or regrouped issues has one more, between them:
/// the issues by their other fingerprints.)
struct FirstReads {
    issues: IssueReads,
    totals: PendingTotals,
}

impl FirstReads {
    fn start(
        stores: &Stores,
        items: &[BatchEvent<'_>],
        outbox: bool,
    ) -> Result<FirstReads, JsError> {
        Ok(FirstReads {
            issues: start_issue_reads(stores, fingerprints_of(items))?,
            totals: PendingTotals::start(&stores.meta, outbox)?,
        })
    }

    async fn finish(
        self,
        stores: &Stores,
        items: &[BatchEvent<'_>],
        originals: &mut Originals,
    ) -> Result<(Known, TallyBook), JsError> {
        let mut known = Known {
            issues: finish_issue_reads(self.issues, stores, originals).await?,
            ..Known::default()
        };
        self.totals.finish(&mut known).await?;
        let lookups = lookups_of(items, &known.issues);
        let tallies = LookupReads::start(stores, lookups)?
            .finish(&mut known)
            .await?;
        Ok((known, tallies))
    }
}

/// Issue lookups by fingerprint in flight ([`start_issue_reads`]).
pub(crate) struct IssueReads {
    /// The fingerprints, as keys.
    keys: Vec<JsValue>,
    /// Each fingerprint's own issue, then (when `probe`) how many entries the index of
    /// other fingerprints has.
    reads: Vec<Pending>,
    probe: bool,
}

impl IssueReads {
    /// No lookups.
    pub(crate) fn none() -> IssueReads {
        IssueReads {
            keys: Vec::new(),
            reads: Vec::new(),
            probe: false,
        }
    }
}

/// Starts looking up the issues these fingerprints lead to: by their own fingerprint,
/// and, when any issue has other fingerprints (merged parts, a regroup's aliases), by
/// those. Most databases have none: their batches then make half the reads (a batch of
/// 30 issues, 30 requests fewer in the transaction).
pub(crate) fn start_issue_reads(
    stores: &Stores,
    fingerprints: Vec<&Fingerprint>,
) -> Result<IssueReads, JsError> {
    let keys: Vec<JsValue> = fingerprints
        .into_iter()
        .map(|f| JsValue::from_str(f.as_str()))
        .collect();
    let mut reads = reads_by(&stores.by_fingerprint, &keys)?;
    let probe = !keys.is_empty();
    if probe {
        let any = &stores.by_other_fingerprint;
        reads.push(pending(any.count()?));
    }
    Ok(IssueReads { keys, reads, probe })
}

/// Reads of `index` at each of `keys`, issued together.
fn reads_by(index: &IdbIndex, keys: &[JsValue]) -> Result<Vec<Pending>, JsError> {
    let mut reads = Vec::with_capacity(keys.len() + 1);
    for key in keys {
        reads.push(pending(index.get(key)?));
    }
    Ok(reads)
}

/// Issue records as read, which recording updates in place: what it does not decode
/// (parts, notes, the assignee) stays as it is.
#[derive(Default)]
pub(crate) struct Originals(Vec<(IssueId, JsValue)>);

impl Originals {
    /// The record of `id` as read, if it was.
    pub(crate) fn of(&self, id: IssueId) -> Option<&JsValue> {
        self.0.iter().find(|(i, _)| *i == id).map(|(_, r)| r)
    }
}

/// The issues found by [`start_issue_reads`], each once, and their records. The reads by
/// other fingerprints, when there are any, are a second round.
pub(crate) async fn finish_issue_reads(
    issue_reads: IssueReads,
    stores: &Stores,
    originals: &mut Originals,
) -> Result<Vec<StoredIssue>, JsError> {
    let IssueReads {
        keys,
        mut reads,
        mut probe,
    } = issue_reads;
    let mut found: Vec<StoredIssue> = Vec::new();
    loop {
        let last = reads.len();
        let mut others = false;
        for (n, read) in reads.into_iter().enumerate() {
            let record = read.result().await?;
            if probe && n + 1 == last {
                others = record.as_f64().is_some_and(|n| n > 0.0);
            } else if !record.is_undefined() {
                let stored = recorded_from_record(&record).map_err(data_error)?;
                if found.iter().all(|s| s.issue.id != stored.issue.id) {
                    originals.0.push((stored.issue.id, record));
                    found.push(stored);
                }
            }
        }
        if !others {
            return Ok(found);
        }
        probe = false;
        reads = reads_by(&stores.by_other_fingerprint, &keys)?;
    }
}

/// The second round of reads in flight: the tallies of the issues found.
pub(crate) struct LookupReads {
    lookups: Lookups,
    reads: TallyReads,
}

impl LookupReads {
    /// Issues the reads `lookups` asks for: each issue's tallies once.
    pub(crate) fn start(stores: &Stores, lookups: Lookups) -> Result<LookupReads, JsError> {
        let reads = TallyBook::start(&stores.tallies, &lookups)?;
        Ok(LookupReads { lookups, reads })
    }

    /// The answers, into `known`; the tallies read, which the writes update.
    pub(crate) async fn finish(self, known: &mut Known) -> Result<TallyBook, JsError> {
        self.reads.finish(self.lookups, known).await
    }
}

/// A stored issue that cannot be read back: the batch fails rather than overwrite it.
pub(crate) fn data_error(error: crate::Error) -> JsError {
    JsError {
        name: "DataError".into(),
        message: error.to_string(),
    }
}

/// Issues the plan's writes except issues and retention: bodies (and their outbox
/// entries), then activity and the tallies.
fn write_records(
    stores: &Stores,
    batch: &[GroupedEvent],
    records: &[Option<BodyRecord>],
    plan: &BatchPlan,
    tallies: &mut TallyBook,
) -> Result<(), JsError> {
    for planned in &plan.bodies {
        let (Some(item), Some(Some(record))) = (batch.get(planned.item), records.get(planned.item))
        else {
            continue;
        };
        record.file_under(planned.issue, planned.part);
        stores.events.put(&record.record)?;
        let event = plan.outbox.and_then(|_| event_body(&record.record));
        if let (Some(outbox), Some(event)) = (&stores.outbox, event) {
            let id = item.event.event_id.to_string();
            let fingerprint = &item.grouping.fingerprint;
            let at = item.event.timestamp;
            let entry = outbox_record(&event, &id, planned.issue, fingerprint, record.size, at);
            outbox.add(&entry)?;
        }
    }
    // A batch writes only the lifecycle's entries.
    write_tallies(stores, plan, tallies, record_from_lifecycle)
}

/// Issues the plan's activity (each entry's record made by `encode`) and its users and
/// counters, into `tallies` (read before the plan), one record per issue changed.
pub(crate) fn write_tallies(
    stores: &Stores,
    plan: &BatchPlan,
    tallies: &mut TallyBook,
    encode: fn(&faultline_core::Activity) -> JsValue,
) -> Result<(), JsError> {
    for activity in &plan.activity {
        stores.activity.put(&encode(activity))?;
    }
    tallies.write(&stores.tallies, plan)
}

/// Writes the issue numbering and the count and byte total of the bodies, as `plan` left
/// them.
pub(crate) fn write_totals(meta_store: &IdbObjectStore, plan: &BatchPlan) -> Result<(), JsError> {
    meta::put_u64(meta_store, NEXT_ISSUE_ID, plan.next_issue)?;
    meta::put_u64(meta_store, EVENT_BYTES, plan.event_bytes)?;
    meta::put_u64(meta_store, EVENT_COUNT, plan.event_count)
}
