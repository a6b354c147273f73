//! The sync outbox and adapters' metadata through the facade (`outbox.rs`).

use crate::error::Error;
use crate::meta;
use crate::outbox::{entry_from_record, OutboxEntry, OUTBOX_BYTES, OUTBOX_COUNT};
use crate::request::request;
use crate::schema::{META, OUTBOX};
use crate::store::Store;
use crate::transaction::{finish, transaction};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

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
                message: format!("\"{key}\" is storage's own"),
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
