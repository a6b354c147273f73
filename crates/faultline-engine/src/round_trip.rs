//! `beforeSend`'s round trip: the app's hook lives on the page, the events here. A batch
//! of prepared events goes to the page in one message and one answer per event comes
//! back (`js/journal.js`, `runBeforeSend`, runs the hook, waits for a promise within a
//! time limit and checks what it returned). Answers, one per event, in order:
//!
//! - `{ keep: event }`: the hook returned an event (changed or not); it replaces ours.
//! - `{ drop: true }`: the hook returned `null`: dropped, counted as `beforeSendDropped`.
//! - `{ error: reason }`: the hook threw, timed out, or returned something that is not
//!   an event (`threw`, `timeout`, `not-an-event`): dropped, counted as
//!   `beforeSendError`.
//!
//! Anything else (no answer, a malformed one, a failed round trip) counts as
//! `beforeSendError`: an event is never stored empty in place of the real one, and never
//! lost without a count.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::convert::{event_from_js, get};
use crate::engine::{Engine, Prepared};
use crate::stats::Counter;

/// What the page said of one event.
enum Answer {
    Keep(JsValue),
    Drop,
    Error,
}

fn answer_of(answer: &JsValue) -> Answer {
    let keep = get(answer, "keep");
    if is_event(&keep) {
        Answer::Keep(keep)
    } else if get(answer, "drop").is_truthy() {
        Answer::Drop
    } else {
        Answer::Error
    }
}

/// Runs the page's `beforeSend` over a batch: the events it keeps, as it returned them
/// (the dropped ones are counted).
pub(crate) async fn before_send(
    engine: &Engine,
    hook: &Function,
    prepared: Vec<Prepared>,
) -> Vec<Prepared> {
    if prepared.is_empty() {
        return prepared;
    }
    let answers: Vec<JsValue> = ask_host(hook, &prepared)
        .await
        .map(|a| a.to_vec())
        .unwrap_or_default();
    let mut kept = Vec::with_capacity(prepared.len());
    for (i, mut p) in prepared.into_iter().enumerate() {
        match answers.get(i).map_or(Answer::Error, answer_of) {
            Answer::Keep(event) => {
                let base = std::mem::take(&mut p.event);
                p.event = event_from_js(&event, base);
                kept.push(p);
            }
            Answer::Drop => engine.count(Counter::BeforeSendDropped, p.occurrences),
            Answer::Error => engine.count(Counter::BeforeSendError, p.occurrences),
        }
    }
    kept
}

/// Hands a batch's events to a host function (the page's `beforeSend`, the source map
/// resolver) in one call and waits for its answer: an array with an item per event, or
/// `None` when the call threw, its promise rejected, or it answered something else.
pub(crate) async fn ask_host(hook: &Function, prepared: &[Prepared]) -> Option<Array> {
    let events: Array = prepared
        .iter()
        .map(|p| faultline_idb::event_to_js(&p.event))
        .collect();
    call_host(hook, &events).await?.dyn_into::<Array>().ok()
}

/// Calls host function `f` with `arg` and waits for its answer: the value its promise
/// resolves to, or the value itself when it returned no promise. `None` when the call
/// threw or the promise rejected.
pub(crate) async fn call_host(f: &Function, arg: &JsValue) -> Option<JsValue> {
    let answer = f.call1(&JsValue::UNDEFINED, arg).ok()?;
    JsFuture::from(Promise::resolve(&answer)).await.ok()
}

/// Whether a host's answer is an event: an object, not an array.
pub(crate) fn is_event(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}
