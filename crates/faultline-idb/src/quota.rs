//! Recovering from a full disk: evict old bodies so a retried write fits.

use web_sys::{IdbDatabase, IdbTransactionMode};

use crate::error::Error;
use crate::meta::{self, EVENT_BYTES};
use crate::retention::enforce_budget;
use crate::schema::{EVENTS, ISSUES, META};
use crate::store::{finish, transaction, StoreConfig};

/// Share of the stored bytes freed when the browser says the quota is exceeded.
const FREE_PERCENT: u64 = 25;

/// Evicts the oldest bodies of the largest issues until a quarter of the stored bytes is
/// free, in its own transaction (deleting needs no new space).
pub(crate) async fn free_space(db: &IdbDatabase, config: &StoreConfig) -> Result<u64, Error> {
    const OP: &str = "freeing space after QuotaExceededError";
    let tx = transaction(
        db,
        &[ISSUES, EVENTS, META],
        IdbTransactionMode::Readwrite,
        OP,
    )?;
    let body = async {
        let js = |e| crate::error::JsError::from_js(&e);
        let meta_store = tx.object_store(META).map_err(js)?;
        let total = meta::get_u64(&meta_store, EVENT_BYTES).await?;
        let target = StoreConfig {
            max_bytes: total - total * FREE_PERCENT / 100,
            ..config.clone()
        };
        let issues = tx.object_store(ISSUES).map_err(js)?;
        let events = tx.object_store(EVENTS).map_err(js)?;
        let freed = enforce_budget(&issues, &events, total, &target).await?;
        meta::put_u64(&meta_store, EVENT_BYTES, total.saturating_sub(freed.bytes))?;
        Ok(freed.bytes)
    }
    .await;
    finish(&tx, body, OP).await
}
