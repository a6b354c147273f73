//! The store, opened once by the app and shared with every page through a context.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;

use faultline_idb::Store;
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

/// A store [`open_early`] started opening: the pages waiting for it, then the store.
enum Opening {
    Pending(&'static str, Vec<Callback<StoreHandle>>),
    Open(&'static str, StoreHandle),
}

thread_local! {
    /// What [`open_early`] started, if it ran (the app's entry point calls it; tests
    /// that mount the app alone do not). Only this module touches it, never while a
    /// callback it holds runs.
    static EARLY: RefCell<Option<Opening>> = const { RefCell::new(None) };
}

/// Starts opening the database `name` before anything renders: the browser opens it while
/// the first render runs (a long task), instead of after it, when effects run.
pub fn open_early(name: &'static str) {
    EARLY.with(|e| *e.borrow_mut() = Some(Opening::Pending(name, Vec::new())));
    wasm_bindgen_futures::spawn_local(async move {
        let store = StoreHandle::new(crate::reader::open_store(name).await);
        let was = EARLY.with(|e| e.borrow_mut().replace(Opening::Open(name, store.clone())));
        if let Some(Opening::Pending(_, waiting)) = was {
            for page in waiting {
                page.emit(store.clone());
            }
        }
    });
}

/// The store [`open_early`] opened as `name`, if it is open.
fn early_store(name: &str) -> Option<StoreHandle> {
    EARLY.with(|e| match &*e.borrow() {
        Some(Opening::Open(n, store)) if *n == name => Some(store.clone()),
        _ => None,
    })
}

/// Calls `then` with the store once [`open_early`]'s `name` is open (at once when it is;
/// with `None` at once when nothing opens it).
pub fn after_early_open(name: &str, then: impl Fn(Option<StoreHandle>) + 'static) {
    let then = Rc::new(then);
    let call = then.clone();
    if !wait_early(name, Callback::from(move |store| call(Some(store)))) {
        then(None);
    }
}

/// Has `on_open` told when [`open_early`]'s `name` is open; false when nothing opens it.
fn wait_early(name: &str, on_open: Callback<StoreHandle>) -> bool {
    let open = EARLY.with(|e| match &mut *e.borrow_mut() {
        Some(Opening::Pending(n, waiting)) if *n == name => {
            waiting.push(on_open.clone());
            Some(None)
        }
        Some(Opening::Open(n, store)) if *n == name => Some(Some(store.clone())),
        _ => None,
    });
    match open {
        Some(Some(store)) => {
            on_open.emit(store);
            true
        }
        Some(None) => true,
        None => false,
    }
}

/// Opens the database `name` (or its in-memory stand-in, which says why) once, or takes
/// the one [`open_early`] opens; `None` until it is open.
#[hook]
pub fn use_open_store(name: &'static str) -> Option<StoreHandle> {
    let store = use_state(|| early_store(name));
    {
        let store = store.clone();
        use_effect_with(name, move |name| {
            let name = *name;
            if store.is_some() {
                return;
            }
            let setter = store.setter();
            if wait_early(name, Callback::from(move |s| setter.set(Some(s)))) {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                let opened = crate::reader::open_store(name).await;
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Lets the browser run other tasks for a few milliseconds.
    async fn pause() {
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
    }

    #[wasm_bindgen_test]
    async fn a_page_gets_the_database_opened_before_the_first_render() {
        let name = "faultline-viewer-test-open-early";
        open_early(name);
        assert!(
            !wait_early("another-database", Callback::noop()),
            "only the database opened early is handed out"
        );
        let got: Rc<RefCell<Option<StoreHandle>>> = Rc::default();
        let sink = got.clone();
        assert!(wait_early(
            name,
            Callback::from(move |store| *sink.borrow_mut() = Some(store))
        ));
        let deadline = js_sys::Date::now() + 10_000.0;
        while got.borrow().is_none() {
            assert!(js_sys::Date::now() < deadline, "never opened");
            pause().await;
        }
        let store = got.borrow().clone().unwrap();
        assert!(store.fallback_reason().is_none(), "IndexedDB, not memory");
        assert_eq!(
            early_store(name),
            Some(store.clone()),
            "later pages take it at once"
        );
        store.close();
        Store::delete(name).await.unwrap();
    }
}
