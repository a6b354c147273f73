//! The source map resolver, loaded on demand: a wasm module of its own
//! (`pkg/symbolicate/`, crate `faultline-symbolicate`) imported the first time an issue
//! page shows frames that need it, so the viewer's first paint never pays for it.

use faultline_core::Event;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let loading;
/** The resolver module, imported once from pkg/symbolicate/ beside the viewer's page. */
function resolver() {
  loading ??= import(new URL('pkg/symbolicate/faultline_symbolicate.js', document.baseURI).href)
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { loading = undefined; throw e; });
  return loading;
}
export function resolve_event(event) {
  return resolver().then((m) => m.resolveEvent(JSON.stringify(event)));
}
"#)]
extern "C" {
    fn resolve_event(event: &JsValue) -> Promise;
}

/// A stored event (as storage returned it) with its frames resolved through source maps:
/// each frame a map resolved is its original, each other frame of a web script says why
/// (`faultline_core::sourcemap::unresolved_reason`). Decoded as storage's events are, so
/// the viewer carries no decoder of its own for it. `Err` when the resolver itself could
/// not be loaded (every frame then stays as it was).
pub async fn resolve(event: &JsValue) -> Result<Event, String> {
    let text = JsFuture::from(resolve_event(event))
        .await
        .map_err(|e| faultline_idb::JsError::from_js(&e).to_string())?;
    let text = text.as_string().unwrap_or_default();
    faultline_idb::decode_event_json(&text).map_err(|e| e.to_string())
}
