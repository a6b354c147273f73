//! The store: an open Faultline database (or its in-memory stand-in) and what can be done
//! with it.

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::IssueId;
use web_sys::{BroadcastChannel, IdbDatabase, IdbTransactionMode};

use crate::batch::{BatchReport, GroupedEvent};
use crate::config::StoreConfig;
use crate::error::Error;
use crate::memory::Memory;
use crate::transaction::{finish, relaxed_transaction, transaction};
use crate::{broadcast, meta, record, schema};
pub use merge::RegroupReport;

#[cfg(feature = "decode")]
mod decode;
mod exchange;
pub(crate) mod merge;
mod outbox;
mod persist;
mod read;
mod search;
mod triage;

#[derive(Debug, Clone)]
enum Backend {
    Idb(IdbDatabase),
    Memory(Rc<RefCell<Memory>>),
}

/// An open Faultline database, or the in-memory stand-in used when IndexedDB cannot be
/// opened. Cloning shares the connection.
#[derive(Debug, Clone)]
pub struct Store {
    name: String,
    backend: Backend,
    config: StoreConfig,
    channel: Option<BroadcastChannel>,
    fallback_reason: Option<Rc<Error>>,
}

impl Store {
    /// Opens (creating or upgrading) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, Error> {
        Store::open_with(name, StoreConfig::default()).await
    }

    /// Opens `name` with retention limits `config`.
    pub async fn open_with(name: &str, config: StoreConfig) -> Result<Store, Error> {
        let db = schema::open(name).await?;
        Ok(Store::with_backend(name, Backend::Idb(db), config, None))
    }

    /// Opens `name`, or, when IndexedDB is unavailable or fails to open, a store in memory
    /// with the same behaviour whose [`Store::fallback_reason`] says why.
    pub async fn open_or_memory(name: &str, config: StoreConfig) -> Store {
        Store::open_converting(name, config, async |_| false).await
    }

    /// [`Store::open_or_memory`] for a build without the `migrate` feature: a database an
    /// older version wrote is handed to `convert` (which converts it elsewhere, through
    /// the read module's `upgradeStorage`, and says whether that worked), then opened;
    /// when it was not converted, the in-memory stand-in says why.
    pub async fn open_converting<F>(name: &str, config: StoreConfig, convert: F) -> Store
    where
        F: AsyncFnOnce(&str) -> bool,
    {
        let mut opened = Store::open_with(name, config.clone()).await;
        if matches!(opened, Err(Error::Outdated { .. })) && convert(name).await {
            opened = Store::open_with(name, config.clone()).await;
        }
        opened.unwrap_or_else(|e| Store::memory(name, config, Some(e)))
    }

    /// A store in memory only (nothing survives the page).
    pub fn memory(name: &str, config: StoreConfig, reason: Option<Error>) -> Store {
        let memory = Rc::new(RefCell::new(Memory::default()));
        Store::with_backend(name, Backend::Memory(memory), config, reason)
    }

    fn with_backend(
        name: &str,
        backend: Backend,
        config: StoreConfig,
        reason: Option<Error>,
    ) -> Store {
        Store {
            name: name.to_string(),
            backend,
            config,
            channel: broadcast::open(name),
            fallback_reason: reason.map(Rc::new),
        }
    }

    /// Deletes the database called `name`; open connections close on `versionchange`.
    pub async fn delete(name: &str) -> Result<(), Error> {
        schema::delete(name).await
    }

    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether what is stored survives a reload (false for the in-memory stand-in).
    pub fn is_persistent(&self) -> bool {
        matches!(self.backend, Backend::Idb(_))
    }

    /// Why the store is in memory, when it is.
    pub fn fallback_reason(&self) -> Option<&Error> {
        self.fallback_reason.as_deref()
    }

    /// The retention limits.
    pub fn config(&self) -> &StoreConfig {
        &self.config
    }

    /// Closes the connection.
    pub fn close(&self) {
        if let Backend::Idb(db) = &self.backend {
            db.close();
        }
        if let Some(c) = &self.channel {
            c.close();
        }
    }

    /// Records a batch of events in one transaction: each is grouped into its issue
    /// (opened, counted, regressed or still ignored), counted, and its body stored within
    /// the retention limits. All of the batch is applied, or none of it. When the browser
    /// reports the quota exceeded, old bodies are evicted and the batch is tried once more.
    pub async fn record(&self, batch: &[GroupedEvent]) -> Result<BatchReport, Error> {
        if batch.is_empty() {
            return Ok(BatchReport::default());
        }
        let recorded = match &self.backend {
            Backend::Memory(m) => m.borrow_mut().record(batch, &self.config),
            Backend::Idb(db) => record_within_quota(db, batch, &self.config).await?,
        };
        let mut issues: Vec<IssueId> = recorded.outcomes.iter().map(|(id, _)| *id).collect();
        faultline_core::heapsort(&mut issues);
        issues.dedup();
        broadcast::announce(self.channel.as_ref(), "recorded", &issues);
        Ok(recorded)
    }

    /// Adds to the drop counters (`reason` names what was dropped and why).
    pub async fn add_drops(&self, drops: &[(&str, u64)]) -> Result<(), Error> {
        const OP: &str = "counting drops";
        match &self.backend {
            Backend::Memory(m) => {
                m.borrow_mut().add_drops(drops);
                Ok(())
            }
            Backend::Idb(db) => {
                let tx = transaction(db, &[schema::META], IdbTransactionMode::Readwrite, OP)?;
                let store = tx
                    .object_store(schema::META)
                    .map_err(|e| Error::transaction(OP, &e))?;
                let result = meta::add_drops(&store, drops).await;
                finish(&tx, result, OP).await
            }
        }
    }

    pub(crate) fn backend_db(&self) -> Option<&IdbDatabase> {
        match &self.backend {
            Backend::Idb(db) => Some(db),
            Backend::Memory(_) => None,
        }
    }

    pub(crate) fn backend_memory(&self) -> Option<&Rc<RefCell<Memory>>> {
        match &self.backend {
            Backend::Memory(m) => Some(m),
            Backend::Idb(_) => None,
        }
    }

    pub(crate) fn channel(&self) -> Option<&BroadcastChannel> {
        self.channel.as_ref()
    }
}

/// Times the browser may refuse a batch for its quota, each time answered by evicting old
/// bodies, before the batch fails. Its usage figure can lag behind deletes, so one
/// eviction is not always enough.
const QUOTA_ATTEMPTS: u32 = 3;

/// Records `batch`; when the browser says the quota is exceeded, evicts old bodies and
/// tries again, at most [`QUOTA_ATTEMPTS`] times and only while eviction frees something.
async fn record_within_quota(
    db: &IdbDatabase,
    batch: &[GroupedEvent],
    config: &StoreConfig,
) -> Result<BatchReport, Error> {
    let mut attempt = 1;
    loop {
        match record_once(db, batch, config).await {
            Err(e) if is_quota(&e) && attempt < QUOTA_ATTEMPTS => {
                if crate::quota::free_space(db).await? == 0 {
                    return Err(e);
                }
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn is_quota(error: &Error) -> bool {
    matches!(error, Error::Transaction { source, .. } if source.name == "QuotaExceededError" || source.name == "AbortError")
}

async fn record_once(
    db: &IdbDatabase,
    batch: &[GroupedEvent],
    config: &StoreConfig,
) -> Result<BatchReport, Error> {
    const OP: &str = "recording events";
    let tx = relaxed_transaction(db, &record::RECORD_STORES, OP)?;
    let result = record::record_in(&tx, batch, config).await;
    finish(&tx, result, OP).await
}
