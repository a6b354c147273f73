//! Asking the browser to keep this origin's storage under pressure
//! (`navigator.storage.persist()`), and what it answered.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::StorageManager;

/// The browser's answer about persistent storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Storage will not be evicted under pressure.
    Persistent,
    /// Storage may be evicted under pressure (the browser declined, or was not asked).
    BestEffort,
    /// The browser has no StorageManager (or the store is in memory).
    Unsupported,
}

fn storage_manager() -> Option<StorageManager> {
    let global = js_sys::global();
    if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        return Some(window.navigator().storage());
    }
    global
        .dyn_ref::<web_sys::WorkerGlobalScope>()
        .map(|w| w.navigator().storage())
}

pub(crate) async fn ask(persist: bool) -> Persistence {
    let Some(manager) = storage_manager() else {
        return Persistence::Unsupported;
    };
    let promise = if persist {
        manager.persist()
    } else {
        manager.persisted()
    };
    match promise.map(JsFuture::from) {
        Ok(future) => match future.await.ok().and_then(|v| v.as_bool()) {
            Some(true) => Persistence::Persistent,
            Some(false) => Persistence::BestEffort,
            None => Persistence::Unsupported,
        },
        Err(_) => Persistence::Unsupported,
    }
}
