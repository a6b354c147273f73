//! Change announcements to every open page of the origin, over a `BroadcastChannel`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::BroadcastChannel;

use faultline_core::IssueId;

/// The `BroadcastChannel` name on which changes to database `db` are announced
/// (`{ type: "recorded" | "triaged" | "imported" | "cleared", issues: [id, …] }`).
pub fn channel_name(db: &str) -> String {
    format!("faultline:{db}")
}

/// Opens the channel, when the browser has BroadcastChannel.
pub(crate) fn open(db: &str) -> Option<BroadcastChannel> {
    BroadcastChannel::new(&channel_name(db)).ok()
}

/// Announces that `issues` changed (`kind`: `recorded`, `triaged`, `imported`, `cleared`).
pub(crate) fn announce(channel: Option<&BroadcastChannel>, kind: &str, issues: &[IssueId]) {
    let Some(channel) = channel else { return };
    let msg = Object::new();
    let ids: Array = issues
        .iter()
        .map(|id| JsValue::from_f64(id.0 as f64))
        .collect();
    let _ = Reflect::set(&msg, &"type".into(), &kind.into());
    let _ = Reflect::set(&msg, &"issues".into(), &ids);
    // A closed channel or an unclonable message only means nobody hears it.
    let _ = channel.post_message(&msg);
}
