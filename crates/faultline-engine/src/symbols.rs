//! Frames made original before grouping, when the app opts in (`init({ sourceMaps })`):
//! the host (`js/engine.js`) loads the source map resolver (`faultline-symbolicate`, a
//! module of its own that apps without the option never fetch) and answers
//! `resolveFrames(events)` with the same events, each frame a map resolved replaced by
//! its original (Sentry's processed frame: `data.sourcemap`, `data.minified`, context
//! lines). Once per batch, after `beforeSend` (which sees the event as captured, as with
//! Sentry) and before grouping, so two builds of one app group alike.
//!
//! Anything but an array (the resolver failed to load, a time limit passed) leaves the
//! batch as it was: it is grouped on its minified frames, nothing is lost or dropped; an
//! answer that is not an event leaves that event as it was.

use js_sys::Function;

use crate::convert::event_from_js;
use crate::engine::Prepared;
use crate::round_trip::{ask_host, is_event};

/// Runs the host's `resolveFrames` over a batch: the same events, frames made original
/// where a map resolved them.
pub(crate) async fn resolve_frames(hook: &Function, mut prepared: Vec<Prepared>) -> Vec<Prepared> {
    if prepared.is_empty() {
        return prepared;
    }
    let Some(answers) = ask_host(hook, &prepared).await else {
        return prepared;
    };
    for (i, p) in prepared.iter_mut().enumerate() {
        let event = answers.get(i as u32);
        if is_event(&event) {
            let base = std::mem::take(&mut p.event);
            p.event = event_from_js(&event, base);
        }
    }
    prepared
}
