//! The sender's internals: the state every part shares, and what the parts do with it
//! (wake-ups, `drained` callers, storing and restoring the sync state).

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::{DataCategory, Dsn, SendPolicy, Timestamp};
use faultline_idb::Store;
use js_sys::Function;
use wasm_bindgen::JsValue;

use crate::clock::Timer;
use crate::error::Error;
use crate::options::SyncOptions;
use crate::state::SyncState;

/// A `drained` caller waiting for the outbox to empty, and its timeout.
pub(crate) struct Waiter {
    pub resolve: Function,
    /// [`Run::looks`] when it began to wait: only a look begun after that can answer it.
    pub after: u64,
    /// When the timeout resolves it with `false`.
    pub until: Timestamp,
    pub _timeout: Timer,
}

/// How often a tab that is not sending looks whether the outbox emptied, for `drained`.
const WATCH_MS: i64 = 250;

/// The sender's mutable state.
pub(crate) struct Run {
    pub policy: SendPolicy,
    pub state: SyncState,
    /// The stored state has been read (nothing is sent before).
    pub loaded: bool,
    pub leader: bool,
    pub closed: bool,
    /// A pump task is running.
    pub running: bool,
    /// Kicked while running: run another cycle before stopping.
    pub again: bool,
    /// Wakes the pump when a backoff or rate limit ends.
    pub timer: Option<Timer>,
    /// Bytes and requests in flight with `keepalive` (browsers cap them at 64 KiB).
    pub keepalive: (usize, usize),
    /// Entries the server accepted whose removal from the outbox failed: never resent.
    pub delivered: Vec<f64>,
    pub waiters: Vec<Waiter>,
    /// Looks at the outbox begun so far. A look that finds it empty answers only the
    /// `drained` callers that were waiting before it began: events recorded while it was
    /// under way (a capture flushed at once) are not in what it read.
    pub looks: u64,
    /// A tab that is not sending is watching the outbox for `drained` callers.
    pub watching: bool,
    pub leadership: Option<Leadership>,
}

/// What this sender holds, to give it back on close.
pub(crate) enum Leadership {
    /// Resolving this releases the Web Lock.
    Lock(Function),
    /// The lease's renewal timer.
    Lease(Timer),
    /// Nothing to give back.
    Always,
}

/// What every part of the sender shares.
pub(crate) struct Shared {
    pub store: Store,
    pub options: SyncOptions,
    pub url: String,
    /// A random id for this sender (the lease owner).
    pub id: String,
    pub run: RefCell<Run>,
}

impl Shared {
    /// Runs `f` on the mutable state; `None` in the (unexpected) case it is in use, so a
    /// logic slip skips a step instead of panicking in the page.
    pub fn with<R>(&self, f: impl FnOnce(&mut Run) -> R) -> Option<R> {
        self.run.try_borrow_mut().ok().map(|mut run| f(&mut run))
    }

    pub fn now(&self) -> Timestamp {
        self.options.clock.now()
    }

    /// Counts one of Faultline's own failures.
    pub fn internal_error(&self, error: &Error) {
        let now = self.now();
        self.with(|r| {
            r.state.errors += 1;
            r.state.failed(error.to_string(), now);
        });
    }

    /// Calls `wake` at `at` (replacing any earlier wake-up): the pump's way to wait out a
    /// backoff or a rate limit.
    pub fn wake_at(self: &Rc<Self>, at: Timestamp, wake: fn(&Rc<Shared>)) {
        let weak = Rc::downgrade(self);
        let delay = at.as_millis().saturating_sub(self.now().as_millis());
        let timer = self.options.clock.set_timer(
            delay,
            Box::new(move || {
                if let Some(shared) = weak.upgrade() {
                    wake(&shared);
                }
            }),
        );
        self.with(|r| r.timer = Some(timer));
    }

    /// Begins a look at the outbox; its number, for [`Shared::settle_empty`].
    pub fn begin_look(&self) -> u64 {
        self.with(|r| {
            r.looks += 1;
            r.looks
        })
        .unwrap_or(0)
    }

    /// Look `look` found the outbox empty: resolves with `true` the `drained` callers that
    /// were waiting before it began (the others wait for the next look).
    pub fn settle_empty(&self, look: u64) {
        let answered = self.with(|r| {
            let (answered, waiting) = std::mem::take(&mut r.waiters)
                .into_iter()
                .partition(|w| w.after < look);
            r.waiters = waiting;
            answered
        });
        resolve_all(answered.unwrap_or_default(), true);
    }

    /// Resolves every `drained` caller with `false` (the sender is closing).
    pub fn settle_closed(&self) {
        let waiters = self.with(|r| std::mem::take(&mut r.waiters));
        resolve_all(waiters.unwrap_or_default(), false);
    }

    /// Copies the policy's view into the state and stores it with the outbox size.
    pub async fn save(&self) {
        let now = self.now();
        let len = self.store.outbox_len().await;
        let state = self.with(|r| {
            if let Ok((pending, bytes)) = len {
                r.state.pending = pending;
                r.state.pending_bytes = bytes;
            }
            r.state.failures = r.policy.backoff.failures();
            r.state.next_retry = r.policy.backoff.retry_at().filter(|&t| t > now);
            // Limits on categories Faultline does not send (Bugsink always limits
            // transactions for a day) are not worth showing.
            r.state.rate_limited_until = r
                .policy
                .rate_limits
                .disabled_until(DataCategory::Error)
                .filter(|&t| t > now);
            r.state.updated = now;
            r.state.clone()
        });
        if let Some(state) = state {
            if let Err(e) = state.save(&self.store).await {
                self.internal_error(&e);
            }
        }
    }

    /// Reads the stored state: totals carry over, and a rate limit still running is kept.
    pub async fn restore(&self) {
        let now = self.now();
        let stored = SyncState::load(&self.store).await;
        // On the very first start, drops counted before sync was on are not reported.
        let baseline = match &stored {
            Ok(None) => self
                .store
                .stats()
                .await
                .map(|s| s.drops)
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let server = server_name(&self.options.dsn);
        self.with(|r| {
            match stored {
                Ok(Some(state)) => {
                    if let Some(until) = state.rate_limited_until.filter(|&t| t > now) {
                        r.policy.rate_limits.limit(DataCategory::Error, until);
                        r.policy.rate_limits.limit(DataCategory::Internal, until);
                    }
                    r.state = state;
                }
                Ok(None) => r.state.reported = baseline,
                Err(e) => {
                    r.state.errors += 1;
                    r.state.failed(e.to_string(), now);
                }
            }
            r.state.server = server;
            r.loaded = true;
        });
    }
}

/// In a tab that is not sending, `drained` callers learn that the sending tab emptied the
/// outbox by looking, until they are answered or time out.
pub(crate) async fn watch_outbox(s: Rc<Shared>) {
    loop {
        let now = s.now();
        let go_on = s.with(|r| {
            r.waiters.retain(|w| w.until > now);
            let go_on = !r.closed && !r.leader && !r.waiters.is_empty();
            r.watching = go_on;
            go_on
        });
        if go_on != Some(true) {
            return;
        }
        let look = s.begin_look();
        if matches!(s.store.outbox_len().await, Ok((0, _))) {
            s.settle_empty(look);
        }
        crate::clock::sleep(s.options.clock.as_ref(), WATCH_MS).await;
    }
}

fn resolve_all(waiters: Vec<Waiter>, value: bool) {
    for waiter in waiters {
        let _ = waiter
            .resolve
            .call1(&JsValue::UNDEFINED, &JsValue::from_bool(value));
    }
}

/// `host[:port][/path]/PROJECT`, for showing where events go without the key.
fn server_name(dsn: &Dsn) -> String {
    match dsn.port() {
        Some(port) => format!("{}:{port}{}/{}", dsn.host(), dsn.path(), dsn.project_id()),
        None => format!("{}{}/{}", dsn.host(), dsn.path(), dsn.project_id()),
    }
}
