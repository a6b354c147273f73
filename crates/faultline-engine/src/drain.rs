//! The drain: finishes queued captures in batches and records each batch in one storage
//! transaction; `flush` and `close`.
//!
//! One drain runs at a time. Per batch: build and filter (`Engine::prepare`), the page's
//! `beforeSend` (one round trip), frames made original through source maps when the app
//! opted in (`symbols.rs`), scrub, truncate, group and dedupe (`Engine::complete`),
//! record, count, tell the page (`stored`, then `ack`). The engine's state is borrowed
//! only inside those synchronous steps, never across an `await` nor while the page is
//! called.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::engine::Engine;
use crate::{notify, round_trip, symbols};

/// Captures finished and recorded per transaction on the page: each step of a batch
/// stays a short task.
const PAGE_BATCH: usize = 100;
/// Captures finished and recorded per transaction in a Worker, where a longer step blocks
/// nothing the user sees and a burst needs fewer transactions (and fewer reads and writes
/// of the same issues).
const WORKER_BATCH: usize = 500;

/// The batch size where this engine runs.
fn batch_size() -> usize {
    let global = js_sys::global();
    match js_sys::Reflect::has(&global, &JsValue::from_str("WorkerGlobalScope")) {
        Ok(true) => WORKER_BATCH,
        _ => PAGE_BATCH,
    }
}

/// Starts the drain unless it runs already, storage is not open, or nothing is queued.
pub(crate) fn schedule(engine: &Rc<Engine>) {
    if engine.start_draining() {
        spawn_local(run(engine.clone()));
    }
}

/// Queues the flood tallies' samples in `ms` milliseconds (when their window closes).
pub(crate) fn release_tallies_in(engine: &Rc<Engine>, ms: i64) {
    let engine = engine.clone();
    spawn_local(async move {
        sleep(&engine, ms as f64).await;
        engine.release_tallies();
        schedule(&engine);
    });
}

async fn run(engine: Rc<Engine>) {
    // The first batch is taken in a task of its own, after the messages already waiting:
    // captures handed over right after, or a `flush` that releases the flood guard's
    // samples, join it instead of waiting for a transaction of their own.
    sleep(&engine, 0.0).await;
    let size = batch_size();
    while let Some((batch, store)) = engine.next_batch(size) {
        let mut prepared = engine.prepare(batch);
        if let Some(hook) = engine.config().host.before_send.clone() {
            prepared = round_trip::before_send(&engine, &hook, prepared).await;
        }
        if let Some(hook) = engine.config().host.resolve_frames.clone() {
            prepared = symbols::resolve_frames(&hook, prepared).await;
        }
        let grouped = engine.complete(prepared);
        if !grouped.is_empty() {
            let result = store.record(&grouped).await;
            engine.recorded(&grouped, &result);
            match &result {
                Ok(recorded) => notify::stored(&engine, &grouped, recorded),
                Err(e) => notify::warn(
                    &engine,
                    &("storing events failed: ".to_string() + &e.to_string()),
                ),
            }
        }
        if let Some(seq) = engine.acknowledge(true) {
            notify::ack(&engine, seq);
        }
    }
    report_drops(&engine).await;
    for resolve in engine.stop_draining() {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }
    // Captures handed over while the drops were reported start the next run.
    schedule(&engine);
}

/// Resolves to `true` once everything handed over so far is stored (or counted as
/// dropped), or to `false` when `timeout_ms` passes first. Flood tallies are released at
/// once.
pub(crate) fn flush(engine: &Rc<Engine>, timeout_ms: Option<u32>) -> Promise {
    let done = {
        let engine = engine.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            engine.release_tallies();
            schedule(&engine);
            drained(&engine).await;
            report_drops(&engine).await;
            Ok(JsValue::TRUE)
        })
    };
    match timeout_ms {
        None => done,
        Some(ms) => {
            let engine = engine.clone();
            let late = wasm_bindgen_futures::future_to_promise(async move {
                sleep(&engine, f64::from(ms)).await;
                Ok(JsValue::FALSE)
            });
            Promise::race(&Array::of2(&done, &late))
        }
    }
}

/// Waits until the drain is idle.
async fn drained(engine: &Engine) {
    let resolver: Rc<RefCell<Option<Function>>> = Rc::default();
    let idle = Promise::new(&mut |resolve, _| *resolver.borrow_mut() = Some(resolve));
    let Some(resolve) = resolver.borrow_mut().take() else {
        return;
    };
    if engine.wait_for_drain(resolve) {
        let _ = JsFuture::from(idle).await;
    }
}

/// A promise resolved after `ms` milliseconds (the page's timers).
async fn sleep(engine: &Engine, ms: f64) {
    let Some(sleep) = engine.config().host.sleep.as_ref() else {
        return;
    };
    round_trip::call_host(sleep, &JsValue::from_f64(ms)).await;
}

/// Adds what the engine dropped since the last time to storage's drop counters: the
/// viewer shows them and sync reports them to the server.
async fn report_drops(engine: &Engine) {
    let drops = engine.take_drops();
    if drops.is_empty() {
        return;
    }
    let Some(store) = engine.store() else {
        engine.unreport(&drops);
        return;
    };
    if store.add_drops(&drops).await.is_err() {
        engine.unreport(&drops);
    }
}
