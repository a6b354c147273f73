//! The client: options, scope, the queue of captured events and the store they go to.
//!
//! Capturing is synchronous and cheap: it samples, checks the flood guard, snapshots the
//! scope and queues what was read. Everything else (stack parsing, filters, hooks,
//! grouping, storage) happens later in the drain task (`drain.rs`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use faultline_core::{Breadcrumb, Event, EventId, Level, Timestamp};
use faultline_idb::Store;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;

use crate::guard::{Bucket, Dedupe, KeyHasher, Tallies};
#[cfg(feature = "rust-api")]
use crate::handlers::Handlers;
use crate::options::Options;
use crate::raw::{How, Origin, RawError};
use crate::scope::{ScopeData, Scopes, Snapshot};
use crate::stats::{self, bump, Counter};
use crate::{drain, sensors};

/// Events waiting for storage; beyond this many, new ones are dropped and counted.
pub(crate) const MAX_QUEUED: usize = 500;

/// What was captured, as read synchronously.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// A thrown value (uncaught, rejected or captured by hand).
    Error {
        raw: RawError,
        how: How,
        origin: Origin,
        cross_origin: bool,
    },
    /// `captureMessage`.
    Message { text: String, level: Level },
    /// `captureEvent`, or a Rust error chain.
    Event(Box<Event>),
    /// A Rust panic: message, `(file, line, column)` and the JS stack.
    #[cfg(feature = "rust-api")]
    Panic {
        message: String,
        location: Option<(String, u32, u32)>,
        stack: String,
    },
}

/// A captured event waiting to be finished and stored.
#[derive(Debug)]
pub(crate) struct Pending {
    pub id: EventId,
    pub at: Timestamp,
    pub body: Body,
    pub scope: Snapshot,
    pub url: Option<String>,
    /// The original thrown value, for `beforeSend`'s hint.
    pub hint: JsValue,
    /// How many events this one stands for (more than one for a flood tally's sample).
    pub occurrences: u64,
    /// The engine batch (`ingest`) it came in, for acknowledgements; 0 on the Rust path.
    pub seq: u32,
}

pub(crate) struct Client {
    pub options: Rc<Options>,
    /// `options.fingerprint_rules`, parsed once at `init` (`None` without rules, or when
    /// they did not parse: that was reported then).
    pub rules: Option<Rc<faultline_core::FingerprintRules>>,
    pub store: Option<Store>,
    pub scopes: Scopes,
    pub queue: Vec<Pending>,
    pub tallies: Tallies<Pending>,
    pub tally_timer: bool,
    pub bucket: Bucket,
    pub dedupe: Dedupe,
    /// The last event body stored, which a repeat counts again (see `finish.rs`).
    pub last_stored: Option<faultline_idb::Grouped>,
    pub draining: bool,
    /// Resolvers of `flush()` promises, called when the queue is empty.
    pub waiters: Vec<Function>,
    pub last_event_id: Option<EventId>,
    /// `[userAgent, referrer]`, read once.
    pub user_agent: String,
    /// Hooks that threw already (each is warned about once).
    #[cfg(feature = "rust-api")]
    pub warned: crate::hooks::Warned,
    /// The sensors this wasm installed (the Rust path; the JS package's page has its own).
    #[cfg(feature = "rust-api")]
    handlers: Option<Handlers>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static READY: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// Set while Faultline runs its own code or an app hook: a capture then is re-entrant.
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on the client, unless there is none or it is in use (re-entrancy).
pub(crate) fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Option<R> {
    CLIENT.with(|c| c.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Runs `f` marked busy: captures from inside it (hooks, console output) are counted as
/// internal errors, not captured, so Faultline never recurses into itself.
pub(crate) fn busy<R>(f: impl FnOnce() -> R) -> R {
    let was = BUSY.with(|b| b.replace(true));
    let out = f();
    BUSY.with(|b| b.set(was));
    out
}

/// Whether Faultline's own code is running (a panic now is an internal one).
pub(crate) fn is_busy() -> bool {
    BUSY.with(Cell::get)
}

/// After a panic inside Faultline: nothing unwound, so clear the flags it left set.
#[cfg(feature = "rust-api")]
pub(crate) fn recover_after_internal_panic() {
    BUSY.with(|b| b.set(false));
    with_client(|c| c.draining = false);
}

/// Whether `init` has run (and `close` has not).
pub(crate) fn is_active() -> bool {
    CLIENT.with(|c| c.try_borrow().map(|c| c.is_some()).unwrap_or(true))
}

/// Starts capturing with `options`. Capture works at once; events are stored as soon as
/// the database is open. Calling it again before `close` has no effect. The returned
/// promise resolves to `true` when storage is open (`false` when it could not be opened).
pub fn init(options: Options) -> Promise {
    if let Some(ready) = READY.with(|r| r.borrow().clone()) {
        return ready;
    }
    stats::reset();
    #[cfg(feature = "rust-api")]
    {
        if options.integrations.panic {
            crate::panic::install_once();
        }
        sensors::raise_stack_trace_limit();
    }
    let db_name = options.db_name.clone();
    let dsn = crate::sync::parse_dsn(&options);
    let send_default_pii = options.send_default_pii;
    let rules = parse_rules(options.fingerprint_rules.as_deref());
    let client = Client {
        rules,
        scopes: Scopes::new(options.max_breadcrumbs),
        #[cfg(feature = "rust-api")]
        handlers: Some(Handlers::install(&options.integrations)),
        options: Rc::new(options),
        store: None,
        queue: Vec::new(),
        tallies: Tallies::default(),
        tally_timer: false,
        bucket: Bucket::new(js_sys::Date::now() as i64),
        dedupe: Dedupe::default(),
        last_stored: None,
        draining: false,
        waiters: Vec::new(),
        last_event_id: None,
        user_agent: sensors::user_agent(),
        #[cfg(feature = "rust-api")]
        warned: Default::default(),
    };
    CLIENT.with(|c| {
        if let Ok(mut slot) = c.try_borrow_mut() {
            *slot = Some(client);
        }
    });
    let ready = wasm_bindgen_futures::future_to_promise(async move {
        let config = crate::sync::store_config(dsn.as_ref());
        let store = Store::open_or_memory(&db_name, config).await;
        let ok = store.is_persistent();
        if let Some(e) = store.fallback_reason() {
            sensors::warn(
                &("storage is unavailable, events are kept in memory: ".to_string()
                    + &e.to_string()),
            );
        }
        if let Some(dsn) = dsn {
            crate::sync::start(&store, dsn, send_default_pii);
        }
        with_client(|c| c.store = Some(store));
        drain::schedule();
        Ok(JsValue::from_bool(ok))
    });
    READY.with(|r| *r.borrow_mut() = Some(ready.clone()));
    ready
}

/// The store, once open (`None` without a client, `Some(None)` before it is open).
pub(crate) fn store() -> Option<Option<Store>> {
    with_client(|c| c.store.clone())
}

/// Parses the app's fingerprint rules; a parse error is warned about, once, here.
fn parse_rules(text: Option<&str>) -> Option<Rc<faultline_core::FingerprintRules>> {
    match faultline_core::FingerprintRules::parse(text?) {
        Ok(rules) => Some(Rc::new(rules)),
        Err(e) => {
            sensors::warn(&format!(
                "fingerprintRules ignored (default grouping applies): {e}"
            ));
            None
        }
    }
}

/// The promise of the running `init`, if any.
pub(crate) fn ready() -> Option<Promise> {
    READY.with(|r| r.borrow().clone())
}

/// Removes everything `init` installed and forgets the client (after `drain::flush`).
pub(crate) fn shut_down() {
    READY.with(|r| r.borrow_mut().take());
    crate::sync::close();
    let client = CLIENT.with(|c| c.try_borrow_mut().ok().and_then(|mut c| c.take()));
    if let Some(mut client) = client {
        #[cfg(feature = "rust-api")]
        client.handlers.take();
        if let Some(store) = client.store.take() {
            store.close();
        }
        for resolve in client.waiters.drain(..) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

/// A random version-4 event id.
pub(crate) fn random_event_id() -> EventId {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let n = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&n.to_le_bytes());
    }
    EventId::from_random(bytes)
}

/// Where a capture comes from: the page it happened on, and (in the engine) its batch.
#[derive(Debug, Default, Clone)]
pub(crate) struct Source {
    /// The page URL at the time; `None` reads it now (the Rust path, on the page itself).
    pub url: Option<String>,
    /// The engine batch it came in (0 on the Rust path).
    pub seq: u32,
}

/// The synchronous part of every capture: sample, flood guard, scope snapshot, queue.
/// Returns the event id, or `None` when the event was dropped (and counted).
#[cfg(feature = "rust-api")]
pub(crate) fn capture(
    body: Body,
    hint: JsValue,
    at_ms: f64,
    id: Option<EventId>,
) -> Option<EventId> {
    capture_from(body, hint, at_ms, id, Source::default())
}

/// [`capture`] of an event that happened elsewhere (`source`): the engine's path.
pub(crate) fn capture_from(
    body: Body,
    hint: JsValue,
    at_ms: f64,
    id: Option<EventId>,
    source: Source,
) -> Option<EventId> {
    if !is_active() {
        return None;
    }
    #[cfg(feature = "rust-api")]
    if let Body::Panic { .. } = body {
        if is_busy() {
            // A panic inside Faultline: contained and counted, never captured.
            bump(Counter::InternalError, 1);
            recover_after_internal_panic();
            return None;
        }
    }
    bump(Counter::Captured, 1);
    if is_busy() {
        bump(Counter::InternalError, 1);
        return None;
    }
    let url = source.url.or_else(sensors::page_url);
    let id = id.unwrap_or_else(random_event_id);
    let at = Timestamp(at_ms as i64);
    let queued = busy(|| with_client(|c| c.admit(body, hint, at, id, url, source.seq)));
    match queued {
        Some(true) => {
            drain::schedule();
            Some(id)
        }
        Some(false) => None,
        None => {
            bump(Counter::InternalError, 1);
            None
        }
    }
}

impl Client {
    fn admit(
        &mut self,
        body: Body,
        hint: JsValue,
        at: Timestamp,
        id: EventId,
        url: Option<String>,
        seq: u32,
    ) -> bool {
        let rate = self.options.sample_rate;
        if rate < 1.0 && js_sys::Math::random() >= rate {
            bump(Counter::SampledOut, 1);
            return false;
        }
        self.last_event_id = Some(id);
        let pending = Pending {
            id,
            at,
            scope: self.scopes.snapshot(),
            url,
            hint,
            occurrences: 1,
            seq,
            body,
        };
        // Beyond the rate, or while storage lags behind: tallied, so the event still
        // counts on its issue though its body is not kept.
        if !self.bucket.admit(at.0) || self.queue.len() >= MAX_QUEUED {
            let key = key_of(&pending.body);
            let tallied = self.tallies.add(key, at.0, || pending);
            if !tallied {
                bump(Counter::QueueFull, 1);
            } else if !self.tally_timer {
                self.tally_timer = true;
                drain::schedule_tallies(self.tallies.remaining(at.0));
            }
            return false;
        }
        self.queue.push(pending);
        true
    }
}

/// The flood tally key: errors by type, value and stack; messages by text.
fn key_of(body: &Body) -> u64 {
    match body {
        Body::Error { raw, .. } => raw.key(),
        Body::Message { text, .. } => KeyHasher::new().part(text).finish(),
        Body::Event(e) => KeyHasher::new()
            .part(e.message.as_deref().unwrap_or(""))
            .finish(),
        #[cfg(feature = "rust-api")]
        Body::Panic { message, .. } => KeyHasher::new().part(message).finish(),
    }
}

/// Changes the innermost scope.
pub(crate) fn configure_scope(f: impl FnOnce(&mut ScopeData)) {
    with_client(|c| f(c.scopes.top()));
}

/// Keeps a breadcrumb that already passed `before_breadcrumb` (on the page).
pub(crate) fn keep_breadcrumb(crumb: Breadcrumb) {
    with_client(|c| c.scopes.add_breadcrumb(crumb));
}

/// Forgets the breadcrumbs kept so far.
pub(crate) fn forget_breadcrumbs() {
    with_client(|c| c.scopes.clear_breadcrumbs());
}

/// The oldest engine batch that still has an event waiting (queued or in a flood tally).
pub(crate) fn oldest_waiting_seq() -> Option<u32> {
    with_client(|c| {
        let queued = c.queue.iter().map(|p| p.seq);
        queued.chain(c.tallies.samples().map(|p| p.seq)).min()
    })
    .flatten()
}
