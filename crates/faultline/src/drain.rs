//! The drain task: finishes queued events in batches and stores them, and `flush`.
//!
//! One task runs at a time. It takes a batch from the queue, finishes each event outside
//! any borrow of the client (hooks may call back into Faultline), and records the batch in
//! one storage transaction.

use std::cell::RefCell;
use std::rc::Rc;

use faultline_idb::Grouped;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::client::{with_client, Pending};
use crate::convert::{event_from_js, event_to_js};
use crate::finish::{complete, finish, prepare, Finished, Prepared};
use crate::sensors;
use crate::stats::{self, bump, Counter};

/// How long `flush()` without a timeout waits for the sync outbox to drain.
const SYNC_WAIT_MS: u32 = 2_000;

/// Events finished and stored per transaction.
const BATCH: usize = 100;

/// Starts the drain task unless it runs already, storage is not open, or there is nothing.
pub(crate) fn schedule() {
    let start = with_client(|c| {
        if c.draining || c.store.is_none() || c.queue.is_empty() {
            return false;
        }
        c.draining = true;
        true
    });
    if start == Some(true) {
        spawn_local(run());
    }
}

/// Moves the flood tallies into the queue in `delay_ms` (when their window closes).
pub(crate) fn schedule_tallies(delay_ms: i64) {
    spawn_local(async move {
        let _ = JsFuture::from(sensors::sleep(delay_ms as f64)).await;
        release_tallies();
        schedule();
    });
}

/// Queues each tally's sample, standing for all the events of its key.
fn release_tallies() {
    with_client(|c| {
        c.tally_timer = false;
        for tally in c.tallies.take() {
            let mut sample = tally.sample;
            sample.occurrences = tally.count;
            c.queue.push(sample);
        }
    });
}

async fn run() {
    loop {
        let Some((store, batch, batch_hook)) = with_client(|c| {
            let n = c.queue.len().min(BATCH);
            (
                c.store.clone(),
                c.queue.drain(..n).collect::<Vec<Pending>>(),
                c.options.before_send_batch.clone(),
            )
        }) else {
            return;
        };
        let Some(store) = store else { break };
        if batch.is_empty() {
            break;
        }
        let finished = match batch_hook {
            None => batch
                .into_iter()
                .map(|p| (p.occurrences, finish(p)))
                .collect(),
            Some(hook) => finish_through(&hook, batch).await,
        };
        let mut grouped: Vec<Grouped> = Vec::with_capacity(finished.len());
        // Per entry: the events it stands for, or 0 for a repeat (counted as deduped).
        let mut represented: Vec<u64> = Vec::with_capacity(finished.len());
        for (occurrences, outcome) in finished {
            match outcome {
                Some(Finished::Body(mut g)) => {
                    g.occurrences = occurrences.max(1);
                    grouped.push(g);
                    represented.push(occurrences);
                }
                Some(Finished::Repeat(mut g)) => {
                    // Counted on its issue (all the events it stands for); its body is
                    // the one stored just before.
                    g.keep_body = false;
                    g.occurrences = occurrences.max(1);
                    grouped.push(g);
                    represented.push(0);
                }
                None => {}
            }
        }
        if !grouped.is_empty() {
            store_batch(&store, &grouped, &represented).await;
        }
        crate::intake::acknowledge();
    }
    report_drops().await;
    let waiters = with_client(|c| {
        c.draining = false;
        std::mem::take(&mut c.waiters)
    })
    .unwrap_or_default();
    for resolve in waiters {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }
    // Events captured by hooks during the last batch start the next run.
    schedule();
}

/// Records one finished batch and counts what it stored.
async fn store_batch(store: &faultline_idb::Store, grouped: &[Grouped], represented: &[u64]) {
    match store.record(grouped).await {
        Ok(recorded) => {
            crate::notify::stored(grouped, &recorded);
            crate::sync::notify();
            let bodies = represented.iter().filter(|n| **n > 0);
            bump(Counter::Stored, bodies.clone().count() as u64);
            // The rest of a flood tally counts on its issue but keeps no body.
            bump(Counter::RateLimited, bodies.map(|n| n - 1).sum());
        }
        Err(e) => {
            bump(
                Counter::StorageError,
                represented.iter().map(|n| (*n).max(1)).sum(),
            );
            sensors::warn(&("storing events failed: ".to_string() + &e.to_string()));
        }
    }
}

/// Finishes a batch whose `before_send` runs elsewhere (the engine in a Worker, the app's
/// hook on the page): one round trip for the whole batch. Each entry is the events it
/// stands for and what became of it.
async fn finish_through(
    hook: &js_sys::Function,
    batch: Vec<Pending>,
) -> Vec<(u64, Option<Finished>)> {
    let prepared: Vec<Prepared> = batch.into_iter().filter_map(prepare).collect();
    if prepared.is_empty() {
        return Vec::new();
    }
    let events: js_sys::Array = prepared.iter().map(|p| event_to_js(&p.event)).collect();
    let answered = match hook.call1(&JsValue::UNDEFINED, &events) {
        Ok(promise) => JsFuture::from(Promise::resolve(&promise)).await.ok(),
        Err(_) => None,
    };
    let answers: Vec<JsValue> = answered
        .and_then(|a| a.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.to_vec())
        .unwrap_or_default();
    prepared
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            let n = p.occurrences;
            let answer = answers.get(i).cloned().unwrap_or(JsValue::UNDEFINED);
            let outcome = match hook_answer(&answer) {
                HookAnswer::Keep => {
                    let base = std::mem::take(&mut p.event);
                    p.event = event_from_js(&answer, base);
                    complete(p)
                }
                HookAnswer::Drop => {
                    bump(Counter::BeforeSendDropped, n);
                    None
                }
                HookAnswer::Threw => {
                    bump(Counter::BeforeSendError, n);
                    None
                }
            };
            (n, outcome)
        })
        .collect()
}

/// What the page's `before_send` said of one event.
enum HookAnswer {
    /// Keep it, as the answer (the event, changed or not) says.
    Keep,
    /// It returned `null` (or anything not an object): drop it.
    Drop,
    /// It threw (`{ threw: true }`), or no answer came: drop and count it.
    Threw,
}

fn hook_answer(answer: &JsValue) -> HookAnswer {
    if answer.is_undefined() || crate::convert::get(answer, "threw").is_truthy() {
        HookAnswer::Threw
    } else if answer.is_object() {
        HookAnswer::Keep
    } else {
        HookAnswer::Drop
    }
}

/// Resolves to `true` once everything captured so far is stored (or counted as dropped),
/// or to `false` when `timeout_ms` passes first. Flood tallies are released at once.
pub fn flush(timeout_ms: Option<u32>) -> Promise {
    let ready = crate::client::ready();
    let done = wasm_bindgen_futures::future_to_promise(async move {
        if let Some(ready) = ready {
            let _ = JsFuture::from(ready).await;
        }
        release_tallies();
        schedule();
        let waiter = Rc::new(RefCell::new(None));
        let idle = Promise::new(&mut |resolve, _| *waiter.borrow_mut() = Some(resolve));
        let pending = with_client(|c| {
            let busy = c.draining && c.store.is_some();
            if busy {
                if let Some(resolve) = waiter.borrow_mut().take() {
                    c.waiters.push(resolve);
                }
            }
            busy
        });
        if pending == Some(true) {
            let _ = JsFuture::from(idle).await;
        }
        report_drops().await;
        // With sync on, flushed means sent too (or timed out: see below).
        let sent = crate::sync::drained(timeout_ms.unwrap_or(SYNC_WAIT_MS)).await;
        Ok(JsValue::from_bool(sent))
    });
    match timeout_ms {
        None => done,
        Some(ms) => {
            let late = wasm_bindgen_futures::future_to_promise(async move {
                let _ = JsFuture::from(sensors::sleep(f64::from(ms))).await;
                Ok(JsValue::FALSE)
            });
            Promise::race(&js_sys::Array::of2(&done, &late))
        }
    }
}

/// Flushes (within `timeout_ms`), then removes everything Faultline installed. Resolves
/// to whether everything was stored in time.
pub fn close(timeout_ms: Option<u32>) -> Promise {
    let flushed = flush(timeout_ms);
    wasm_bindgen_futures::future_to_promise(async move {
        let ok = JsFuture::from(flushed).await.unwrap_or(JsValue::FALSE);
        crate::client::shut_down();
        Ok(ok)
    })
}

/// Adds what capture dropped since the last time to storage's drop counters: the viewer
/// shows them and sync reports them to the server.
async fn report_drops() {
    let drops = stats::take_drops();
    if drops.is_empty() {
        return;
    }
    if let Some(Some(store)) = with_client(|c| c.store.clone()) {
        // If storage fails here too, the counts stay in `stats()` only.
        let _ = store.add_drops(&drops).await;
    }
}
