//! What resolving remembers. In memory, for the module's life: scripts, maps and sources
//! by URL (bounded in bytes; a changed script has a new URL or a new page load). Across
//! visits, in the Cache API: each resolved frame by release, script URL, position and
//! function, so an issue page already resolved opens without fetching anything (bounded
//! in entries, oldest dropped first). Where the Cache API is missing (an insecure
//! origin), only memory is used.

use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, Request, Response};

/// The Cache API cache resolved frames are kept in.
pub const CACHE_NAME: &str = "faultline-symbolicate-v1";
/// Resolved frames kept across visits; beyond this the oldest go (each is a frame and
/// its 11 context lines of at most 150 characters: a few KB).
pub const MAX_CACHED_FRAMES: usize = 2000;
/// Bytes of scripts, maps and sources kept in memory; beyond this all are dropped.
pub const MAX_MEMORY_BYTES: usize = 64 << 20;

/// Fetched texts and parsed maps by URL, for the module's life.
pub struct Memory<T> {
    entries: HashMap<String, Rc<T>>,
    bytes: usize,
}

impl<T> Default for Memory<T> {
    fn default() -> Self {
        Memory {
            entries: HashMap::new(),
            bytes: 0,
        }
    }
}

impl<T> Memory<T> {
    /// The entry for `url`.
    pub fn get(&self, url: &str) -> Option<Rc<T>> {
        self.entries.get(url).cloned()
    }

    /// Keeps `value` (of about `bytes`) for `url`; everything goes when the total would
    /// pass [`MAX_MEMORY_BYTES`].
    pub fn put(&mut self, url: &str, value: Rc<T>, bytes: usize) {
        if self.bytes.saturating_add(bytes) > MAX_MEMORY_BYTES {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes = self.bytes.saturating_add(bytes);
        self.entries.insert(url.to_string(), value);
    }
}

/// The key of a resolved frame in the Cache API: a URL (the Cache API keys by request)
/// on a reserved host, never fetched.
pub fn frame_key(release: &str, script: &str, line: u32, column: u32, function: &str) -> String {
    let part = |s: &str| String::from(js_sys::encode_uri_component(s));
    format!(
        "https://faultline.invalid/frame?r={}&s={}&l={line}&c={column}&f={}",
        part(release),
        part(script),
        part(function)
    )
}

/// The Cache API's cache, or `None` where there is none.
pub async fn open() -> Option<Cache> {
    let storage = Reflect::get(&js_sys::global(), &JsValue::from_str("caches")).ok()?;
    let storage: CacheStorage = storage.dyn_into().ok()?;
    let promise = storage.open(CACHE_NAME);
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

async fn wait(promise: Promise) -> Option<JsValue> {
    JsFuture::from(promise).await.ok()
}

/// The text kept under `key`, if any.
pub async fn load(cache: &Cache, key: &str) -> Option<String> {
    let response: Response = wait(cache.match_with_str(key)).await?.dyn_into().ok()?;
    wait(response.text().ok()?).await?.as_string()
}

/// Keeps `text` under `key` (failures are ignored: the cache only saves work).
pub async fn store(cache: &Cache, key: &str, text: &str) {
    let Ok(response) = Response::new_with_opt_str(Some(text)) else {
        return;
    };
    let _ = wait(cache.put_with_str(key, &response)).await;
}

/// Drops the oldest entries beyond [`MAX_CACHED_FRAMES`] (the Cache API lists keys in
/// the order they were added).
pub async fn trim(cache: &Cache) {
    let Some(keys) = wait(cache.keys()).await else {
        return;
    };
    let keys: Array = keys.unchecked_into();
    let excess = (keys.length() as usize).saturating_sub(MAX_CACHED_FRAMES);
    for key in keys.iter().take(excess) {
        if let Ok(request) = key.dyn_into::<Request>() {
            let _ = wait(cache.delete_with_request(&request)).await;
        }
    }
}
