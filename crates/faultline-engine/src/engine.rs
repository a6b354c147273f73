//! The engine: the one owner of capture's state, from a journal item to a stored event.
//!
//! [`Engine`] holds the app's [`Config`] (fixed at start) and its [`State`] in a
//! `RefCell`, private; every change goes through a method here, and each method borrows
//! the state only for its own synchronous work. The rule that makes that safe: **no
//! method calls JavaScript while the state is borrowed**. Methods that must tell the page
//! something return what to say, and the caller says it after the borrow ended (see
//! `drain.rs`). No code outside this file touches [`State`].

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::capture::{
    build_event, dedupe_signature, is_filtered, BreadcrumbRing, Bucket, Capture, CaptureBody,
    Dedupe, ScopeData, Tallies,
};
use faultline_core::{
    default_fingerprint, fingerprint_with, scrub_event, truncate_event, Breadcrumb, Event, EventId,
    Timestamp,
};
use faultline_idb::{GroupedEvent, Store};
use js_sys::Function;

use crate::config::Config;
use crate::stats::{Counter, Counters};

/// Events waiting to be stored; beyond this many, new ones are tallied (counted on their
/// issue, body not kept) or dropped and counted.
pub(crate) const MAX_QUEUED: usize = 500;

/// A capture waiting to be finished and stored, with the batch it was handed over in.
#[derive(Debug)]
pub(crate) struct Pending {
    capture: Capture,
    seq: u32,
}

/// An event built and past the filters, waiting for `beforeSend` (or going straight on).
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The event as `beforeSend` sees it.
    pub event: Event,
    /// How many events it stands for.
    pub occurrences: u64,
    /// Whether the page's sensors cut a text of it while reading it (counted with the cuts
    /// of truncation, once per event).
    pub cut_on_page: bool,
}

/// What happened to a capture handed to [`Engine::admit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Queued: the drain should run.
    Queued,
    /// Tallied (flood or full queue); when `Some`, a tally window opened and its samples
    /// should be released after that many milliseconds.
    Tallied(Option<i64>),
    /// Dropped and counted.
    Dropped,
}

/// The batch numbers of the journal: which ones the page may forget.
#[derive(Debug, Default)]
struct Batches {
    /// The last batch handed over.
    last: u32,
    /// The last batch acknowledged.
    acked: u32,
    /// The oldest batch of the events being finished and stored right now.
    in_flight: Option<u32>,
}

/// Everything that changes while the engine runs.
#[derive(Debug)]
struct State {
    scope: Rc<ScopeData>,
    scope_version: Option<f64>,
    crumbs: BreadcrumbRing,
    queue: Vec<Pending>,
    tallies: Tallies<Pending>,
    tally_timer: bool,
    bucket: Bucket,
    dedupe: Dedupe,
    store: Option<Store>,
    draining: bool,
    /// `flush()` resolvers waiting for the drain to be idle.
    waiters: Vec<Function>,
    counters: Counters,
    batches: Batches,
}

/// The engine: the app's configuration and capture's state, owned together.
#[derive(Debug)]
pub(crate) struct Engine {
    config: Config,
    state: RefCell<State>,
}

impl Engine {
    /// An engine for `config`, with nothing captured yet; `now` starts the flood guard.
    pub fn new(config: Config, now: Timestamp) -> Engine {
        let state = State {
            scope: Rc::default(),
            scope_version: None,
            crumbs: BreadcrumbRing::new(config.max_breadcrumbs),
            queue: Vec::new(),
            tallies: Tallies::default(),
            tally_timer: false,
            bucket: Bucket::new(now.as_millis()),
            dedupe: Dedupe::default(),
            store: None,
            draining: false,
            waiters: Vec::new(),
            counters: Counters::default(),
            batches: Batches::default(),
        };
        Engine {
            config,
            state: RefCell::new(state),
        }
    }

    /// The app's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Storage is open: events can be recorded from now on.
    pub fn set_store(&self, store: Store) {
        self.state.borrow_mut().store = Some(store);
    }

    /// The store, once open.
    pub fn store(&self) -> Option<Store> {
        self.state.borrow().store.clone()
    }

    /// Takes the store away (on close).
    pub fn take_store(&self) -> Option<Store> {
        self.state.borrow_mut().store.take()
    }

    /// Counts `n` events under `counter`.
    pub fn count(&self, counter: Counter, n: u64) {
        self.state.borrow_mut().counters.bump(counter, n);
    }

    /// `(name, value)` of every counter.
    pub fn counters(&self) -> Vec<(&'static str, u64)> {
        self.state.borrow().counters.entries().collect()
    }

    /// The events dropped since the last report, by reason (now counted as reported).
    pub fn take_drops(&self) -> Vec<(&'static str, u64)> {
        self.state.borrow_mut().counters.take_drops()
    }

    /// Drops that storage could not take: reported again next time.
    pub fn unreport(&self, drops: &[(&'static str, u64)]) {
        self.state.borrow_mut().counters.unreport(drops);
    }

    /// Batch `seq` of the journal is being handed over.
    pub fn begin_batch(&self, seq: u32) {
        self.state.borrow_mut().batches.last = seq;
    }

    /// Keeps a breadcrumb (it passed `beforeBreadcrumb` on the page).
    pub fn keep_breadcrumb(&self, crumb: Breadcrumb) {
        self.state.borrow_mut().crumbs.push(crumb);
    }

    /// Forgets the breadcrumbs so far: they belong to another page view.
    pub fn forget_breadcrumbs(&self) {
        self.state.borrow_mut().crumbs.clear();
    }

    /// Makes `version` of the page's scope the current one; `read` is called only when
    /// it is not the version applied last (an unchanged scope is read once).
    pub fn use_scope(&self, version: f64, read: impl FnOnce() -> ScopeData) {
        if self.state.borrow().scope_version == Some(version) {
            return;
        }
        let scope = Rc::new(read());
        let mut state = self.state.borrow_mut();
        state.scope = scope;
        state.scope_version = Some(version);
    }

    /// The synchronous part of every capture: count, sample, flood guard, scope snapshot,
    /// queue. `random` is a uniform number in [0, 1) for sampling.
    pub fn admit(
        &self,
        body: CaptureBody,
        id: EventId,
        at: Timestamp,
        url: Option<String>,
        seq: u32,
        random: f64,
    ) -> Admission {
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        state.counters.bump(Counter::Captured, 1);
        if self.config.sample_rate < 1.0 && random >= self.config.sample_rate {
            state.counters.bump(Counter::SampledOut, 1);
            return Admission::Dropped;
        }
        let key = body.tally_key();
        let capture = Capture {
            id,
            at,
            body,
            url,
            scope: state.crumbs.snapshot(&state.scope),
            occurrences: 1,
        };
        let pending = Pending { capture, seq };
        // Beyond the rate, or while storage lags behind: tallied, so the event still
        // counts on its issue though its body is not kept.
        let now = at.as_millis();
        if state.bucket.admit(now) && state.queue.len() < MAX_QUEUED {
            state.queue.push(pending);
            return Admission::Queued;
        }
        if !state.tallies.add(key, now, || pending) {
            state.counters.bump(Counter::QueueFull, 1);
            return Admission::Dropped;
        }
        if state.tally_timer {
            return Admission::Tallied(None);
        }
        state.tally_timer = true;
        Admission::Tallied(Some(state.tallies.remaining(now)))
    }

    /// Queues each flood tally's sample, standing for all the events of its key.
    pub fn release_tallies(&self) {
        let mut state = self.state.borrow_mut();
        state.tally_timer = false;
        for tally in state.tallies.take() {
            let mut sample = tally.sample;
            sample.capture.occurrences = tally.count;
            state.queue.push(sample);
        }
    }

    /// Marks the drain running; `false` when it runs already or there is nothing to do.
    pub fn start_draining(&self) -> bool {
        let mut state = self.state.borrow_mut();
        if state.draining || state.store.is_none() || state.queue.is_empty() {
            return false;
        }
        state.draining = true;
        true
    }

    /// The next batch of at most `max` captures, with the store to record them in; `None`
    /// when there is nothing left (the drain then stops).
    pub fn next_batch(&self, max: usize) -> Option<(Vec<Pending>, Store)> {
        let mut state = self.state.borrow_mut();
        let store = state.store.clone()?;
        if state.queue.is_empty() {
            return None;
        }
        let n = state.queue.len().min(max);
        let batch: Vec<Pending> = state.queue.drain(..n).collect();
        state.batches.in_flight = batch.iter().map(|p| p.seq).min();
        Some((batch, store))
    }

    /// Builds each capture's event and applies the in-app rules and filters (dropped ones
    /// are counted).
    pub fn prepare(&self, batch: Vec<Pending>) -> Vec<Prepared> {
        let config = &self.config;
        let mut ignored = 0;
        let prepared = batch
            .into_iter()
            .filter_map(|pending| {
                let occurrences = pending.capture.occurrences.max(1);
                let cut_on_page = matches!(
                    &pending.capture.body,
                    CaptureBody::Error { thrown, .. } if thrown.truncated
                );
                let mut event = build_event(pending.capture, &config.defaults);
                if let Some(rules) = &config.in_app {
                    for x in event.exception.iter_mut().flat_map(|l| l.values.iter_mut()) {
                        if let Some(stacktrace) = &mut x.stacktrace {
                            rules.apply(&mut stacktrace.frames);
                        }
                    }
                }
                if is_filtered(&event, &config.filters) {
                    ignored += occurrences;
                    return None;
                }
                Some(Prepared {
                    event,
                    occurrences,
                    cut_on_page,
                })
            })
            .collect();
        self.count(Counter::Ignored, ignored);
        prepared
    }

    /// After `beforeSend`: scrubs, truncates, groups and dedupes each event. A repeat of
    /// the body stored just before has `keep_body` false: counted on its issue, not
    /// stored again.
    pub fn complete(&self, prepared: Vec<Prepared>) -> Vec<GroupedEvent> {
        let config = &self.config;
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        let mut finished = Vec::with_capacity(prepared.len());
        for Prepared {
            mut event,
            occurrences,
            cut_on_page,
        } in prepared
        {
            scrub_event(&mut event, &config.scrub);
            let report = truncate_event(&mut event);
            // Any cut, of any part (tags, data budgets, ... : the report says).
            if cut_on_page || !report.nothing_cut() || !report.fits {
                state.counters.bump(Counter::Truncated, occurrences);
            }
            let grouping = match &config.rules {
                Some(rules) => fingerprint_with(&event, rules),
                None => default_fingerprint(&event),
            };
            let mut grouped = GroupedEvent::new(event, grouping);
            grouped.occurrences = occurrences;
            finished.push(dedupe(state, config.dedupe, grouped));
        }
        finished
    }

    /// Counts what recording a batch did (`Err`: storage failed, every event is lost).
    pub fn recorded<T, E>(&self, batch: &[GroupedEvent], result: &Result<T, E>) {
        let mut state = self.state.borrow_mut();
        let counters = &mut state.counters;
        match result {
            Ok(_) => {
                let bodies = batch.iter().filter(|g| g.keep_body);
                counters.bump(Counter::Stored, bodies.clone().count() as u64);
                // The rest of a flood tally counts on its issue but keeps no body.
                let rest = bodies.map(|g| g.occurrences.saturating_sub(1));
                counters.bump(Counter::RateLimited, rest.sum());
            }
            Err(_) => {
                let lost = batch.iter().map(|g| g.occurrences.max(1));
                counters.bump(Counter::StorageError, lost.sum());
            }
        }
    }

    /// The batch the page may now forget, if a new one: every item of batches up to it
    /// is stored or dropped. `done_in_flight` ends the batch being stored.
    pub fn acknowledge(&self, done_in_flight: bool) -> Option<u32> {
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        if done_in_flight {
            state.batches.in_flight = None;
        }
        let queued = state.queue.iter().map(|p| p.seq);
        let tallied = state.tallies.samples().map(|p| p.seq);
        let waiting = queued.chain(tallied).chain(state.batches.in_flight).min();
        let done = match waiting {
            Some(seq) => seq.saturating_sub(1),
            None => state.batches.last,
        };
        if done <= state.batches.acked {
            return None;
        }
        state.batches.acked = done;
        Some(done)
    }

    /// Marks the drain stopped; returns the `flush()` resolvers to call.
    pub fn stop_draining(&self) -> Vec<Function> {
        let mut state = self.state.borrow_mut();
        state.draining = false;
        std::mem::take(&mut state.waiters)
    }

    /// Adds a `flush()` resolver if the drain is running (`true`), else `false`: nothing
    /// is in flight.
    pub fn wait_for_drain(&self, resolve: Function) -> bool {
        let mut state = self.state.borrow_mut();
        if !(state.draining && state.store.is_some()) {
            return false;
        }
        state.waiters.push(resolve);
        true
    }
}

/// Dedupe: a repeat of the body stored just before, within the window, is counted on its
/// issue (with its own user and time), not stored again.
fn dedupe(state: &mut State, enabled: bool, mut grouped: GroupedEvent) -> GroupedEvent {
    if !enabled {
        return grouped;
    }
    let signature = dedupe_signature(&grouped.event, grouped.grouping.fingerprint.as_str());
    if state
        .dedupe
        .is_repeat(signature, grouped.event.timestamp.as_millis())
    {
        state.counters.bump(Counter::Deduped, 1);
        let rest = grouped.occurrences.saturating_sub(1);
        state.counters.bump(Counter::RateLimited, rest);
        grouped.keep_body = false;
    }
    grouped
}
