//! The few browser facilities the viewer uses beyond storage: downloading a file,
//! reading a dropped or picked file, the clipboard, the storage estimate, and the wasm
//! modules beside the viewer it loads on first use.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
const loading = new Map();
/** The module at `path` beside the viewer's page, imported and initialized once. */
function load(path) {
  let module = loading.get(path);
  if (!module) {
    module = import(new URL(path, document.baseURI).href).then(async (m) => { await m.default(); return m; });
    module.catch(() => loading.delete(path));
    loading.set(path, module);
  }
  return module;
}
export function call_export(path, db, name, args) {
  return load(path).then((m) => { if (db) m.configure(db); return m[name](...args); });
}
"#)]
extern "C" {
    fn call_export(path: &str, db: Option<&str>, name: &str, args: Array) -> Promise;
}

/// Calls export `name` of the wasm module at `path` (beside the viewer's page, e.g.
/// `pkg/read/faultline_read.js`; imported the first time) with `args`, after its
/// `configure(db)` when it reads database `db`; what it resolves to. A module that fails
/// to load is imported again on the next call.
pub async fn call_module(
    path: &str,
    db: Option<&str>,
    name: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    JsFuture::from(call_export(path, db, name, args.iter().collect())).await
}

/// A JS failure as text.
fn text(e: JsValue) -> String {
    faultline_idb::JsError::from_js(&e).to_string()
}

/// Offers `contents` as a download named `filename`.
pub fn download(filename: &str, contents: &str, mime: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(text)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(text)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(text)?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The text of a file the user picked or dropped.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let value = JsFuture::from(file.text()).await.map_err(text)?;
    value
        .as_string()
        .ok_or_else(|| "the file is not text".to_string())
}

/// Puts `value` on the clipboard.
pub async fn copy_text(value: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    JsFuture::from(clipboard.write_text(value))
        .await
        .map(drop)
        .map_err(text)
}

/// How much this origin stores and may store, as the browser estimates it.
pub async fn storage_estimate() -> Option<(u64, u64)> {
    let manager = web_sys::window()?.navigator().storage();
    let estimate: web_sys::StorageEstimate = JsFuture::from(manager.estimate().ok()?)
        .await
        .ok()?
        .unchecked_into();
    Some((estimate.get_usage()? as u64, estimate.get_quota()? as u64))
}

/// `value` as indented JSON text (for the raw event and exports).
pub fn json_string(value: &JsValue, indent: u32) -> Result<String, String> {
    let text = if indent == 0 {
        js_sys::JSON::stringify(value)
    } else {
        js_sys::JSON::stringify_with_replacer_and_space(
            value,
            &JsValue::NULL,
            &JsValue::from_f64(f64::from(indent)),
        )
    };
    text.map_err(text_of)?
        .as_string()
        .ok_or_else(|| "not serializable".to_string())
}

fn text_of(e: JsValue) -> String {
    text(e)
}

/// Milliseconds since the page started, for timing (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records a User Timing measure `name` from `start` (a [`now_ms`]) to now, with `detail`,
/// so benchmarks and tests read it with `performance.getEntriesByName(name)`.
pub fn measure(name: &str, start: f64, detail: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &JsValue::from_f64(start));
    let _ = js_sys::Reflect::set(
        &options,
        &"end".into(),
        &JsValue::from_f64(performance.now()),
    );
    let _ = js_sys::Reflect::set(&options, &"detail".into(), &JsValue::from_str(detail));
    let measure = js_sys::Reflect::get(&performance, &"measure".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(measure) = measure {
        // A browser without measure options only loses the timing.
        let _ = measure.call2(&performance, &JsValue::from_str(name), &options);
    }
}
