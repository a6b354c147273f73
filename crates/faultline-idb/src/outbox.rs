//! The sync outbox: events waiting to be sent to a server, written in the same transaction
//! that stores them so nothing captured is lost to a reload, and bounded (oldest dropped and
//! counted as `queue_overflow`).

use faultline_core::{
    count_from_f64_clamped, Fingerprint, IssueId, OutboxLimits, OutboxTotals, Timestamp,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::IdbObjectStore;

use crate::error::JsError;
use crate::js_write::{get, get_num, get_str, Writer};
use crate::meta;
use crate::request::request;

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

pub(crate) fn entry_from_record(record: &JsValue) -> Option<OutboxEntry> {
    Some(OutboxEntry {
        seq: get_num(record, "seq")?,
        event_id: get_str(record, "eventId")?,
        issue: IssueId(get_num(record, "issueId")? as u64),
        queued: Timestamp(get_num(record, "queued").unwrap_or(0.0) as i64),
        size: count_from_f64_clamped(get_num(record, "size").unwrap_or(0.0)),
        event: get(record, "event")?,
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
