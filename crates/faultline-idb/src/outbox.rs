//! The sync outbox: events waiting to be sent to a server, written in the same transaction
//! that stores them so nothing captured is lost to a reload, and bounded (oldest dropped and
//! counted as `queue_overflow`).

use faultline_core::{
    count_from_f64_clamped, Fingerprint, IssueId, OutboxLimits, OutboxTotals, Timestamp,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{IdbObjectStore, IdbTransactionMode};

use crate::error::{Error, JsError};
use crate::js_write::{get, get_num, get_str, Writer};
use crate::meta;
use crate::request::request;
use crate::schema::{META, OUTBOX};
use crate::store::Store;
use crate::transaction::{finish, transaction};

/// Entries in the outbox.
pub(crate) const OUTBOX_COUNT: &str = "outboxCount";
/// Bytes in the outbox.
pub(crate) const OUTBOX_BYTES: &str = "outboxBytes";
/// The drop reason for entries pushed out of a full outbox (Sentry's client-report name).
pub const OUTBOX_OVERFLOW: &str = "queue_overflow";

/// An event waiting to be sent.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    /// Position in the outbox (capture order).
    pub seq: f64,
    /// The event id (the envelope header's `event_id`).
    pub event_id: String,
    /// The issue it belongs to here.
    pub issue: IssueId,
    /// When it was queued.
    pub queued: Timestamp,
    /// Its size in bytes.
    pub size: u64,
    /// The Sentry-shaped event, carrying this browser's fingerprint so the server groups it
    /// as the browser did.
    pub event: JsValue,
}

/// The outbox record for a stored event: a shallow copy of its body whose `fingerprint` is
/// the one this browser grouped it by.
pub(crate) fn outbox_record(
    body: &JsValue,
    event_id: &str,
    issue: IssueId,
    fingerprint: &Fingerprint,
    size: u64,
    now: Timestamp,
) -> JsValue {
    let event = Object::assign(&Object::new(), &Object::from(body.clone()));
    let _ = Reflect::set(
        &event,
        &"fingerprint".into(),
        &Array::of1(&fingerprint.as_str().into()),
    );
    let o = Object::new();
    let mut w = Writer::default();
    w.str(&o, "eventId", event_id);
    w.num(&o, "issueId", issue.0 as f64);
    w.num(&o, "queued", now.as_millis() as f64);
    w.num(&o, "size", size as f64);
    w.set(&o, "event", &event);
    o.into()
}

fn entry_from_record(r: &JsValue) -> Option<OutboxEntry> {
    Some(OutboxEntry {
        seq: get_num(r, "seq")?,
        event_id: get_str(r, "eventId")?,
        issue: IssueId(get_num(r, "issueId")? as u64),
        queued: Timestamp(get_num(r, "queued").unwrap_or(0.0) as i64),
        size: count_from_f64_clamped(get_num(r, "size").unwrap_or(0.0)),
        event: get(r, "event")?,
    })
}

/// Drops the oldest entries while the outbox exceeds `limits` (core chooses from their
/// sizes), then writes its totals; returns how many were dropped, which are also counted
/// as [`OUTBOX_OVERFLOW`].
pub(crate) async fn drop_overflow(
    outbox: &IdbObjectStore,
    meta_store: &IdbObjectStore,
    totals: &mut OutboxTotals,
    limits: &OutboxLimits,
) -> Result<u64, JsError> {
    let mut dropped = 0u64;
    while let Some(limit) = totals.overflow(limits) {
        let oldest =
            request(&outbox.get_all_with_key_and_limit(&JsValue::UNDEFINED, limit)?).await?;
        let entries: Vec<(f64, u64)> = Array::from(&oldest)
            .iter()
            .filter_map(|record| {
                let size = get_num(&record, "size").unwrap_or(0.0);
                Some((get_num(&record, "seq")?, count_from_f64_clamped(size)))
            })
            .collect();
        let sizes: Vec<u64> = entries.iter().map(|(_, size)| *size).collect();
        let gone = totals.drop_oldest(limits, &sizes);
        if gone == 0 {
            break;
        }
        for (seq, _) in &entries[..gone] {
            outbox.delete(&JsValue::from_f64(*seq))?;
        }
        dropped += gone as u64;
    }
    meta::put_u64(meta_store, OUTBOX_COUNT, totals.entries)?;
    meta::put_u64(meta_store, OUTBOX_BYTES, totals.bytes)?;
    if dropped > 0 {
        meta::add_drops(meta_store, &[(OUTBOX_OVERFLOW, dropped)]).await?;
    }
    Ok(dropped)
}

impl Store {
    /// The oldest `limit` entries of the outbox, in capture order.
    pub async fn outbox_peek(&self, limit: u32) -> Result<Vec<OutboxEntry>, Error> {
        const OP: &str = "reading the outbox";
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[OUTBOX], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let store = tx.object_store(OUTBOX)?;
            let all =
                request(&store.get_all_with_key_and_limit(&JsValue::UNDEFINED, limit)?).await?;
            Ok(Array::from(&all)
                .iter()
                .filter_map(|r| entry_from_record(&r))
                .collect::<Vec<_>>())
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// Removes entries (sent, or dropped by the server) from the outbox.
    pub async fn outbox_remove(&self, seqs: &[f64]) -> Result<(), Error> {
        const OP: &str = "removing from the outbox";
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let tx = transaction(db, &[OUTBOX, META], IdbTransactionMode::Readwrite, OP)?;
        let body = async {
            let store = tx.object_store(OUTBOX)?;
            let meta_store = tx.object_store(META)?;
            let (mut removed, mut bytes) = (0u64, 0u64);
            for seq in seqs {
                let key = JsValue::from_f64(*seq);
                let found = request(&store.get(&key)?).await?;
                if let Some(entry) = entry_from_record(&found) {
                    store.delete(&key)?;
                    removed += 1;
                    bytes += entry.size;
                }
            }
            let count = meta::get_u64(&meta_store, OUTBOX_COUNT).await?;
            let total = meta::get_u64(&meta_store, OUTBOX_BYTES).await?;
            meta::put_u64(&meta_store, OUTBOX_COUNT, count.saturating_sub(removed))?;
            meta::put_u64(&meta_store, OUTBOX_BYTES, total.saturating_sub(bytes))
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// Entries and bytes waiting in the outbox.
    pub async fn outbox_len(&self) -> Result<(u64, u64), Error> {
        const OP: &str = "counting the outbox";
        let Some(db) = self.backend_db() else {
            return Ok((0, 0));
        };
        let tx = transaction(db, &[META], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let meta_store = tx.object_store(META)?;
            Ok((
                meta::get_u64(&meta_store, OUTBOX_COUNT).await?,
                meta::get_u64(&meta_store, OUTBOX_BYTES).await?,
            ))
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// A value another adapter keeps in the database (`sync` keeps its state here).
    pub async fn meta_get(&self, key: &str) -> Result<JsValue, Error> {
        const OP: &str = "reading metadata";
        let Some(db) = self.backend_db() else {
            return Ok(JsValue::UNDEFINED);
        };
        let tx = transaction(db, &[META], IdbTransactionMode::Readonly, OP)?;
        let body = async {
            let meta_store = tx.object_store(META)?;
            request(&meta_store.get(&JsValue::from_str(key))?).await
        }
        .await;
        finish(&tx, body, OP).await
    }

    /// Stores a structured-clonable value under `key` (names used by storage itself are refused).
    pub async fn meta_put(&self, key: &str, value: &JsValue) -> Result<(), Error> {
        const OP: &str = "writing metadata";
        if [
            meta::NEXT_ISSUE_ID,
            meta::EVENT_BYTES,
            meta::DROPS,
            OUTBOX_COUNT,
            OUTBOX_BYTES,
        ]
        .contains(&key)
        {
            return Err(Error::Decode {
                what: "metadata key",
                message: format!("{key:?} is storage's own"),
            });
        }
        let Some(db) = self.backend_db() else {
            return Ok(());
        };
        let tx = transaction(db, &[META], IdbTransactionMode::Readwrite, OP)?;
        let body = async {
            let meta_store = tx.object_store(META)?;
            meta_store.put_with_key(value, &JsValue::from_str(key))?;
            Ok(())
        }
        .await;
        finish(&tx, body, OP).await
    }
}
