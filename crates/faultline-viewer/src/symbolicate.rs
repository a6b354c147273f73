//! The source map resolver, loaded on demand: a wasm module of its own
//! (`pkg/symbolicate/`, crate `faultline-symbolicate`) imported the first time an issue
//! page shows frames that need it, so the viewer's first paint never pays for it.

use faultline_core::Event;
use wasm_bindgen::JsValue;

use crate::browser::call_module;

/// The resolver module, beside the viewer's page.
const RESOLVER: &str = "pkg/symbolicate/faultline_symbolicate.js";

/// A stored event (as storage returned it) with its frames resolved through source maps:
/// each frame a map resolved is its original, each other frame of a web script says why
/// (`faultline_core::sourcemap::unresolved_reason`). Decoded as storage's events are, so
/// the viewer carries no decoder of its own for it. `Err` when the resolver itself could
/// not be loaded (every frame then stays as it was).
pub async fn resolve(event: &JsValue) -> Result<Event, String> {
    let failed = |e: JsValue| faultline_idb::JsError::from_js(&e).to_string();
    let json = js_sys::JSON::stringify(event).map_err(failed)?;
    let text = call_module(RESOLVER, None, "resolveEvent", &[json.into()])
        .await
        .map_err(failed)?;
    let text = text.as_string().unwrap_or_default();
    faultline_idb::decode_event_json(&text).map_err(|e| e.to_string())
}
