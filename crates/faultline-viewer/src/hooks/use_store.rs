//! The store, opened once by the app and shared with every page through a context.

use std::ops::Deref;
use std::rc::Rc;

use faultline_idb::{Store, StoreConfig};
use yew::prelude::*;

/// The open store; equal only to itself, so pages re-run effects only when it changes.
#[derive(Clone, Debug)]
pub struct StoreHandle(Rc<Store>);

impl PartialEq for StoreHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for StoreHandle {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.0
    }
}

impl StoreHandle {
    /// Wraps an open store.
    pub fn new(store: Store) -> StoreHandle {
        StoreHandle(Rc::new(store))
    }
}

/// Opens the database `name` (or its in-memory stand-in, which says why) once; `None`
/// until it is open.
#[hook]
pub fn use_open_store(name: &'static str) -> Option<StoreHandle> {
    let store = use_state(|| None::<StoreHandle>);
    {
        let store = store.clone();
        use_effect_with(name, move |name| {
            let name = *name;
            wasm_bindgen_futures::spawn_local(async move {
                let opened = Store::open_or_memory(name, StoreConfig::default()).await;
                store.set(Some(StoreHandle::new(opened)));
            });
        });
    }
    (*store).clone()
}

/// The store the app opened, once it is open.
#[hook]
pub fn use_store() -> Option<StoreHandle> {
    use_context::<Option<StoreHandle>>().flatten()
}
