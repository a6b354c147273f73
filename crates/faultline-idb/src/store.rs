//! The store: an open Faultline database (or its in-memory stand-in) and what can be done
//! with it.

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::{Event, Grouping, IssueId, Outcome};
use js_sys::Array;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::{BroadcastChannel, IdbDatabase, IdbTransaction, IdbTransactionMode};

use crate::error::{Error, JsError};
use crate::memory::Memory;
use crate::outbox::OutboxConfig;
use crate::request::{self, committed};
use crate::{broadcast, meta, record, schema};

/// An event with the grouping that decides its issue.
#[derive(Debug, Clone)]
pub struct Grouped {
    /// The event.
    pub event: Event,
    /// Its fingerprint and why.
    pub grouping: Grouping,
    /// Whether to keep the event's body; `false` counts it on its issue only (a repeat of
    /// an event already stored).
    pub keep_body: bool,
    /// How many events this one stands for (a flood sampled to one body); at least 1.
    pub occurrences: u64,
}

impl Grouped {
    /// An event to count and keep.
    pub fn new(event: Event, grouping: Grouping) -> Grouped {
        Grouped {
            event,
            grouping,
            keep_body: true,
            occurrences: 1,
        }
    }
}

/// Limits of what is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// Event bodies kept per issue.
    pub max_events_per_issue: u32,
    /// Of those, the first events of an issue that are never evicted by the per-issue limit.
    pub keep_first_events: u32,
    /// Total bytes of event bodies kept.
    pub max_bytes: u64,
    /// When set, every stored event is also queued in the sync outbox, within these bounds.
    pub outbox: Option<OutboxConfig>,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            max_events_per_issue: 100,
            keep_first_events: 10,
            max_bytes: 50 * 1024 * 1024,
            outbox: None,
        }
    }
}

/// What recording a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Each event's issue and what happened to it, in batch order.
    pub outcomes: Vec<(IssueId, Outcome)>,
    /// Bytes of event bodies written.
    pub bytes: u64,
    /// Bodies evicted to stay within the limits.
    pub evicted: u64,
    /// Outbox entries pushed out by the outbox bounds (counted as `queue_overflow`).
    pub outbox_dropped: u64,
}

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
        match Store::open_with(name, config.clone()).await {
            Ok(store) => store,
            Err(e) => Store::memory(name, config, Some(e)),
        }
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
    pub async fn record(&self, batch: &[Grouped]) -> Result<Recorded, Error> {
        if batch.is_empty() {
            return Ok(Recorded::default());
        }
        let recorded = match &self.backend {
            Backend::Memory(m) => m.borrow_mut().record(batch, &self.config),
            Backend::Idb(db) => match record_once(db, batch, &self.config).await {
                Err(e) if is_quota(&e) => {
                    crate::quota::free_space(db).await?;
                    record_once(db, batch, &self.config).await?
                }
                other => other?,
            },
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

fn is_quota(e: &Error) -> bool {
    matches!(e, Error::Transaction { source, .. } if source.name == "QuotaExceededError" || source.name == "AbortError")
}

async fn record_once(
    db: &IdbDatabase,
    batch: &[Grouped],
    config: &StoreConfig,
) -> Result<Recorded, Error> {
    const OP: &str = "recording events";
    let tx = relaxed_transaction(db, &record::RECORD_STORES, OP)?;
    let result = record::record_in(&tx, batch, config).await;
    finish(&tx, result, OP).await
}

/// Waits for `tx` to commit after `body` succeeded, or aborts it after `body` failed.
pub(crate) async fn finish<T>(
    tx: &IdbTransaction,
    body: Result<T, JsError>,
    op: &'static str,
) -> Result<T, Error> {
    match body {
        Ok(value) => {
            committed(tx).await.map_err(|source| Error::Transaction {
                operation: op,
                source,
            })?;
            Ok(value)
        }
        Err(source) => {
            request::abort(tx);
            // A request error aborts the transaction itself; its own error says more.
            let source = match tx.error() {
                Some(e) if source.name == "AbortError" => JsError {
                    name: e.name(),
                    message: e.message(),
                },
                _ => source,
            };
            Err(Error::Transaction {
                operation: op,
                source,
            })
        }
    }
}

/// A transaction over `stores`.
pub(crate) fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: IdbTransactionMode,
    op: &'static str,
) -> Result<IdbTransaction, Error> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|e| Error::transaction(op, &e))
}

/// A readwrite transaction with relaxed durability where the browser supports it: the
/// write is atomic and ordered, but the browser may acknowledge it before flushing to disk.
fn relaxed_transaction(
    db: &IdbDatabase,
    stores: &[&str],
    op: &'static str,
) -> Result<IdbTransaction, Error> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"durability".into(), &"relaxed".into());
    use wasm_bindgen::JsCast;
    db.unchecked_ref::<DatabaseWithOptions>()
        .transaction_with_options(&names, "readwrite", &options)
        .map_err(|e| Error::transaction(op, &e))
}

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase`, seen through the transaction options web-sys marks unstable.
    type DatabaseWithOptions;

    /// `IDBDatabase.transaction(names, mode, options)`; browsers without the options
    /// argument ignore it.
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        names: &Array,
        mode: &str,
        options: &js_sys::Object,
    ) -> Result<IdbTransaction, JsValue>;
}
