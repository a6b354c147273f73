//! The module's exports, JSON in and out (both callers hold events as JS objects or
//! serde values already; JSON text is the cheapest common shape).
//!
//! - `resolveEvent(eventJson)`: for the viewer. Resolves to the JSON of the event with
//!   every frame a map resolved replaced by its original (Sentry's processed frame:
//!   `data.sourcemap`, `data.minified`, context lines) and every other frame of a web
//!   script annotated with why (`data.sourcemap_error`) and the script's own lines.
//! - `resolveEvents(eventsJson, optionsJson)`: for the capture engine, when the app opts
//!   in. Resolves to the JSON of the same events, frames a map resolved replaced; others
//!   as they were (nothing about a failure is stored).
//!
//! Neither rejects: a frame that cannot be resolved says why, an input that is not JSON
//! comes back as it was.

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::sourcemap::{unresolved_frame, FrameResolution};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::json::{frame_from_value, frame_to_value};
use crate::{Options, Resolver};

thread_local! {
    /// The module's one resolver, remembered between calls (its memory is the point);
    /// replaced when called with other options. Borrowed only to clone the `Rc`.
    static RESOLVER: RefCell<Option<Rc<Resolver>>> = const { RefCell::new(None) };
}

fn resolver(options: Options) -> Rc<Resolver> {
    RESOLVER.with(|slot| {
        let mut slot = slot.borrow_mut();
        match &*slot {
            Some(r) if *r.options() == options => r.clone(),
            _ => {
                let r = Rc::new(Resolver::new(options));
                *slot = Some(r.clone());
                r
            }
        }
    })
}

/// The frames arrays of an event's exceptions, in order (`None` where one has none).
fn frame_lists(event: &mut Value) -> Vec<Option<&mut Vec<Value>>> {
    let Some(values) = event
        .pointer_mut("/exception/values")
        .and_then(Value::as_array_mut)
    else {
        return Vec::new();
    };
    values
        .iter_mut()
        .map(|e| {
            e.pointer_mut("/stacktrace/frames")
                .and_then(Value::as_array_mut)
        })
        .collect()
}

fn release(event: &Value) -> String {
    event
        .get("release")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Resolves the frames of `event` in place; `annotate` also marks frames no map resolved
/// (for the viewer, never for storage).
async fn resolve_in_place(resolver: &Resolver, event: &mut Value, annotate: bool) {
    let release = release(event);
    for frames in frame_lists(event).into_iter().flatten() {
        for value in frames.iter_mut() {
            let Some(frame) = frame_from_value(value.clone()) else {
                continue;
            };
            let shown = match resolver.resolve(&frame, &release).await {
                FrameResolution::Resolved { frame } => frame,
                FrameResolution::Unresolved { reason, context } if annotate => {
                    unresolved_frame(&frame, &reason, context.as_ref())
                }
                FrameResolution::Unresolved { .. } | FrameResolution::Skipped => continue,
            };
            *value = frame_to_value(&shown);
        }
    }
}

/// Resolves every frame of one event, for the viewer (see the module's docs).
#[wasm_bindgen(js_name = resolveEvent)]
pub async fn resolve_event(event_json: String) -> String {
    let Ok(mut event) = serde_json::from_str::<Value>(&event_json) else {
        return event_json;
    };
    let resolver = resolver(Options::default());
    resolve_in_place(&resolver, &mut event, true).await;
    resolver.trim().await;
    serde_json::to_string(&event).unwrap_or(event_json)
}

/// Replaces the frames maps resolve in a batch of events, for the capture engine (see
/// the module's docs). `optionsJson` is `init`'s `sourceMaps`: `{}` or `{ mapUrl }`.
#[wasm_bindgen(js_name = resolveEvents)]
pub async fn resolve_events(events_json: String, options_json: String) -> String {
    let Ok(mut events) = serde_json::from_str::<Vec<Value>>(&events_json) else {
        return events_json;
    };
    let options: Value = serde_json::from_str(&options_json).unwrap_or(Value::Null);
    let map_url = options
        .get("mapUrl")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let resolver = resolver(Options {
        map_url: map_url.map(str::to_string),
    });
    for event in &mut events {
        resolve_in_place(&resolver, event, false).await;
    }
    resolver.trim().await;
    serde_json::to_string(&events).unwrap_or(events_json)
}
