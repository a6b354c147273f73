//! The client: options, the queue of captured events and the store they go to.
//!
//! Capturing is synchronous and cheap: it reads the error and queues an event. Grouping
//! and storage happen later in one task that drains the queue in batches, so a burst of
//! errors costs few IndexedDB transactions.

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::{
    default_fingerprint, Event, EventId, Exception, ExceptionList, Request, Sdk, Timestamp,
};
use faultline_idb::{Grouped, Store};
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::handlers::Handlers;
use crate::options::Options;

/// Events captured before storage is open, or while a batch is being written, wait here.
/// Beyond this many, new events are dropped and counted.
const MAX_QUEUED: usize = 10_000;

struct Client {
    options: Options,
    store: Option<Store>,
    queue: Vec<Event>,
    draining: bool,
    /// Resolvers of `flush()` promises, called when the queue is empty.
    waiters: Vec<js_sys::Function>,
    dropped: u64,
    _handlers: Handlers,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static READY: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Option<R> {
    CLIENT.with(|c| c.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Starts capturing with `options`. Capture works at once; events are stored as soon as
/// the database is open. Calling it again has no effect. The returned promise resolves
/// when storage is ready.
pub fn init(options: Options) -> Promise {
    if let Some(ready) = READY.with(|r| r.borrow().clone()) {
        return ready;
    }
    let db_name = options.db_name.clone();
    let dsn = crate::sync::parse_dsn(&options);
    let send_default_pii = options.send_default_pii;
    let installed = CLIENT.with(|c| {
        let Ok(mut slot) = c.try_borrow_mut() else {
            return false;
        };
        *slot = Some(Client {
            options,
            store: None,
            queue: Vec::new(),
            draining: false,
            waiters: Vec::new(),
            dropped: 0,
            _handlers: Handlers::install(),
        });
        true
    });
    let ready = wasm_bindgen_futures::future_to_promise(async move {
        if !installed {
            return Ok(JsValue::FALSE);
        }
        let opened = Store::open_with(&db_name, crate::sync::store_config(dsn.as_ref())).await;
        if let (Ok(store), Some(dsn)) = (&opened, dsn) {
            crate::sync::start(store, dsn, send_default_pii);
        }
        let ok = opened.is_ok();
        with_client(|c| c.store = opened.ok());
        schedule_drain();
        Ok(JsValue::from_bool(ok))
    });
    READY.with(|r| *r.borrow_mut() = Some(ready.clone()));
    ready
}

/// Captures a Rust error as a handled exception; returns the event id.
pub fn capture_error(error: &dyn std::error::Error) -> Option<EventId> {
    let mut values = Vec::new();
    let mut current: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = current.take() {
        if values.len() == 5 {
            break;
        }
        values.push(Exception {
            ty: Some("Error".to_string()),
            value: Some(e.to_string()),
            ..Exception::default()
        });
        current = e.source();
    }
    // Sentry's order: the root cause first, the thrown error last.
    values.reverse();
    capture_exceptions(values, Timestamp(js_sys::Date::now() as i64))
}

/// Builds an event around `values` and queues it; `None` when Faultline is not initialised
/// or the queue is full.
pub(crate) fn capture_exceptions(values: Vec<Exception>, at: Timestamp) -> Option<EventId> {
    let event_id = random_event_id();
    let queued = with_client(|c| {
        if c.queue.len() >= MAX_QUEUED {
            c.dropped += 1;
            return false;
        }
        let event = Event {
            event_id,
            timestamp: at,
            platform: "javascript".to_string(),
            exception: Some(ExceptionList { values }),
            release: c.options.release.clone(),
            environment: c.options.environment.clone(),
            request: page_url().map(|url| Request {
                url: Some(url),
                ..Request::default()
            }),
            sdk: Some(Sdk {
                name: "faultline.javascript".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                ..Sdk::default()
            }),
            ..Event::default()
        };
        c.queue.push(event);
        true
    })?;
    if !queued {
        return None;
    }
    schedule_drain();
    Some(event_id)
}

fn page_url() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

fn random_event_id() -> EventId {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let n = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&n.to_le_bytes());
    }
    EventId::from_random(bytes)
}

/// Starts the drain task unless it runs already or storage is not open yet.
fn schedule_drain() {
    let start = with_client(|c| {
        if c.draining || c.store.is_none() {
            return false;
        }
        c.draining = true;
        true
    });
    if start == Some(true) {
        spawn_local(drain());
    }
}

/// Writes queued events in batches until the queue is empty, then wakes `flush` callers.
async fn drain() {
    loop {
        let Some((store, batch)) = with_client(|c| (c.store.clone(), std::mem::take(&mut c.queue)))
        else {
            return;
        };
        let Some(store) = store else { break };
        if batch.is_empty() {
            break;
        }
        let grouped: Vec<Grouped> = batch
            .into_iter()
            .map(|event| {
                let grouping = default_fingerprint(&event);
                Grouped::new(event, grouping)
            })
            .collect();
        match store.record(&grouped).await {
            Ok(_) => crate::sync::notify(),
            Err(_) => {
                with_client(|c| c.dropped += grouped.len() as u64);
            }
        }
    }
    let waiters = with_client(|c| {
        c.draining = false;
        std::mem::take(&mut c.waiters)
    })
    .unwrap_or_default();
    for resolve in waiters {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }
}

/// How long `flush` waits for the sync outbox when no timeout is given.
const DEFAULT_FLUSH_TIMEOUT_MS: u32 = 2_000;

/// Resolves once everything captured so far is stored (or counted as dropped), and, with
/// sync on, sent: `true`, or `false` when the outbox still held events after `timeout_ms`
/// (2 s by default).
pub fn flush(timeout_ms: Option<u32>) -> Promise {
    let ready = READY.with(|r| r.borrow().clone());
    wasm_bindgen_futures::future_to_promise(async move {
        if let Some(ready) = ready {
            let _ = JsFuture::from(ready).await;
        }
        let waiter = Rc::new(RefCell::new(None));
        let promise = Promise::new(&mut |resolve, _| *waiter.borrow_mut() = Some(resolve));
        let pending = with_client(|c| {
            let idle = !c.draining && (c.queue.is_empty() || c.store.is_none());
            if !idle {
                if let Some(resolve) = waiter.borrow_mut().take() {
                    c.waiters.push(resolve);
                }
            }
            !idle
        });
        if pending == Some(true) {
            let _ = JsFuture::from(promise).await;
        }
        let sent = crate::sync::drained(timeout_ms.unwrap_or(DEFAULT_FLUSH_TIMEOUT_MS)).await;
        Ok(JsValue::from_bool(sent))
    })
}
