//! The sender: the handle apps and the capture package hold ([`Sender`]).

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::SendPolicy;
use faultline_idb::Store;
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::leader;
use crate::listeners::Listeners;
use crate::options::SyncOptions;
use crate::pump;
use crate::shared::{watch_outbox, Run, Shared, Waiter};
use crate::state::SyncState;

/// Sends the outbox of a store to a Sentry-compatible server; see the crate docs.
/// Cloning shares the sender.
#[derive(Clone)]
pub struct Sender {
    shared: Rc<Shared>,
    /// What wakes it besides its timers; removed on close.
    listeners: Rc<RefCell<Option<Listeners>>>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("url", &self.shared.url)
            .finish()
    }
}

impl Sender {
    /// Starts sending `store`'s outbox: reads the stored sync state, waits to be the
    /// sending tab, then drains the outbox and keeps watching it.
    pub fn start(store: Store, options: SyncOptions) -> Sender {
        let url = options
            .dsn
            .envelope_url(&options.sdk_name, &options.sdk_version);
        let id = format!("{:x}", (js_sys::Math::random() * 9e15) as u64);
        let shared = Rc::new(Shared {
            store,
            options,
            url,
            id,
            run: RefCell::new(Run {
                policy: SendPolicy::new(),
                state: SyncState::default(),
                loaded: false,
                leader: false,
                closed: false,
                running: false,
                again: false,
                timer: None,
                keepalive: (0, 0),
                delivered: Vec::new(),
                waiters: Vec::new(),
                looks: 0,
                watching: false,
                leadership: None,
            }),
        });
        let listeners = Rc::new(RefCell::new(Some(Listeners::install(&shared))));
        let started = shared.clone();
        spawn_local(async move {
            started.restore().await;
            leader::elect(&started);
        });
        Sender { shared, listeners }
    }

    /// New events were queued: send them (when this tab is the sender).
    pub fn notify(&self) {
        pump::kick(&self.shared);
    }

    /// Resolves `true` once the outbox is empty, or `false` after `timeout_ms` (or when
    /// the sender is closed) with events still waiting.
    pub async fn drained(&self, timeout_ms: u32) -> bool {
        let mut resolve = None;
        let promise = Promise::new(&mut |ok, _| resolve = Some(ok));
        let Some(resolve) = resolve else {
            return false;
        };
        let on_timeout = resolve.clone();
        let timeout = self.shared.options.clock.set_timer(
            i64::from(timeout_ms),
            Box::new(move || {
                let _ = on_timeout.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
            }),
        );
        let until = self.shared.now().plus_millis(i64::from(timeout_ms));
        let waiting = self.shared.with(|r| {
            if r.closed {
                return false;
            }
            r.waiters.push(Waiter {
                resolve,
                after: r.looks,
                until,
                _timeout: timeout,
            });
            true
        });
        if waiting != Some(true) {
            return false;
        }
        pump::kick(&self.shared);
        let watch = self.shared.with(|r| {
            let start = !r.leader && !r.watching;
            r.watching |= start;
            start
        });
        if watch == Some(true) {
            spawn_local(watch_outbox(self.shared.clone()));
        }
        JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Stops sending: timers, listeners and the sending lock are released; requests in
    /// flight finish and their outcome is recorded. Events left stay in the outbox.
    pub fn close(&self) {
        drop(self.listeners.borrow_mut().take());
        let leadership = self.shared.with(|r| {
            r.closed = true;
            r.timer = None;
            r.leadership.take()
        });
        if let Some(Some(leadership)) = leadership {
            leader::resign(&self.shared, leadership);
        }
        self.shared.settle_closed();
    }

    /// The sender's current state (what it last stored, plus what changed since).
    pub fn state(&self) -> SyncState {
        self.shared.with(|r| r.state.clone()).unwrap_or_default()
    }

    /// The envelope endpoint, so capture can leave the sender's own requests out of its
    /// breadcrumbs.
    pub fn endpoint(&self) -> &str {
        &self.shared.url
    }

    /// Whether this tab is the one sending.
    pub fn is_leader(&self) -> bool {
        self.shared.with(|r| r.leader).unwrap_or(false)
    }
}
