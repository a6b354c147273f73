//! Faultline's viewer: a Yew single-page app that reads the issues captured on this
//! origin from IndexedDB (through `faultline-idb`) and triages them, the way Sentry's
//! issue stream and issue page do, answered locally.
//!
//! - `app.rs`: the shell (store, router, live changes, import/export, storage bar).
//! - `pages/`: the stream and the issue page, each a pure `State` + `Action` reducer
//!   (`state.rs`), its storage calls (`load.rs`) and effects (`effects.rs`).
//! - `components/`: one component and its props per file.
//! - `hooks/`: the store, the router, live changes, the clock, keyboard shortcuts.
//! - `symbolicate.rs`: the source map resolver, a module loaded when frames need it.
//! - Pure logic: `route.rs`, `search.rs`, `describe.rs`, `tags.rs`, `frames.rs`,
//!   `chart.rs`, `event_data.rs`, `format.rs`, `time_ago.rs`.
//!
//! Everything from an event is rendered as text: as Yew's text nodes and attributes, or,
//! in the stream's rows, escaped into the markup the browser parses (`markup.rs`).

#![warn(missing_docs)]

pub mod app;
pub mod browser;
pub mod chart;
pub mod components;
pub mod describe;
pub mod event_data;
mod exchange;
pub mod format;
pub mod frames;
pub mod hooks;
pub mod markup;
pub mod pages;
mod reader;
pub mod route;
pub mod search;
pub mod symbolicate;
pub mod sync_summary;
pub mod tags;
#[cfg(test)]
mod testing;
pub mod time_ago;

pub use app::App;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// How long the first render waits for the database and the first page at most.
const FIRST_RENDER_WAIT_MS: u32 = 100;

/// Mounts the viewer on the document's body once its database is open and, on the
/// stream, its first page read (at most [`FIRST_RENDER_WAIT_MS`] later): the first render
/// then shows the rows, and the page is laid out and painted once.
pub fn start() {
    hooks::open_early(app::DB_NAME);
    let mounted = std::rc::Rc::new(std::cell::Cell::new(false));
    let mount = move || {
        if !mounted.replace(true) {
            yew::Renderer::<App>::new().render();
        }
    };
    let fallback = mount.clone();
    gloo_timers::callback::Timeout::new(FIRST_RENDER_WAIT_MS, fallback).forget();
    hooks::after_early_open(app::DB_NAME, move |store| {
        let mount = mount.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let (Some(store), route::Route::Stream { query, sort }) =
                (store, hooks::current_route())
            {
                pages::stream::read_first_page(&store, &query, sort).await;
            }
            mount();
        });
    });
}
