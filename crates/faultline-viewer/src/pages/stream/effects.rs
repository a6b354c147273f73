//! The stream's effects: loading pages and charts, running triage, following changes.
//! Each dispatches its result to the reducer; none decides anything itself.

use std::cell::RefCell;

use faultline_core::{Query, SortKey, Timestamp};
use faultline_idb::Store;
use yew::prelude::*;

use super::load::{load_charts, load_page, run_command, Scan};
use super::regroup::load_grouping;
use super::state::{Action, LoadKey, PageResult, State};
use crate::browser::{measure, now_ms};
use crate::hooks::{Changes, Notice, StoreHandle};
use crate::search::{plan, Plan, Snapshot};

/// Tells the reducer when the URL's search or sort changed.
#[hook]
pub fn use_view(
    query: String,
    sort: Option<faultline_core::SortKey>,
    state: UseReducerHandle<State>,
) {
    let dispatch = state.dispatcher();
    use_effect_with((query, sort), move |(query, sort)| {
        dispatch.dispatch(Action::SetView {
            query: query.clone(),
            sort: *sort,
        });
    });
}

/// The stream's first page read before the app's first render ([`read_first_page`]).
enum First {
    /// Not read (yet).
    None,
    /// Read, for the first [`use_rows`] to take.
    Read(LoadKey, Result<PageResult, String>),
    /// The first [`use_rows`] ran: a page read later would be stale, and is dropped.
    Closed,
}

thread_local! {
    /// The first page, between [`read_first_page`] and the first [`use_rows`]. Only this
    /// module touches it, never while a callback runs.
    static FIRST: RefCell<First> = const { RefCell::new(First::None) };
}

/// Reads the first page of the stream for the URL's search and sort, when a storage index
/// answers it (a page of 50, whatever the number of issues), as soon as the database is
/// open and before the app renders: the first render then shows the rows, and the browser
/// lays out and paints the page once instead of twice (the page around the rows, then
/// them). A search that needs every issue is left to the page itself.
pub async fn read_first_page(store: &Store, query: &str, sort: Option<SortKey>) {
    let state = State::new(query, sort);
    if !matches!(plan(&state.query), Plan::Indexed { .. }) {
        return;
    }
    let key = state.load_key();
    let scan = Scan {
        snapshot: None,
        dirty: Vec::new(),
    };
    let how = "index (before the first render)";
    let result = load_measured(store, &key, &state.query, scan, how).await;
    FIRST.with(|first| {
        let mut first = first.borrow_mut();
        if !matches!(*first, First::Closed) {
            *first = First::Read(key, result);
        }
    });
}

/// Loads the page `key` asks for and, when it loaded, marks how long that took
/// (`faultline:stream-load`, detailed with `how` it was answered).
async fn load_measured(
    store: &Store,
    key: &LoadKey,
    query: &Query,
    scan: Scan,
    how: &str,
) -> Result<PageResult, String> {
    let started = now_ms();
    let now = Timestamp(js_sys::Date::now() as i64);
    let result = load_page(store, key, query, scan, now).await;
    if result.is_ok() {
        measure("faultline:stream-load", started, how);
    }
    result
}

/// The stream's state for its first render: with the first page [`read_first_page`] read,
/// when it answers this view. Its rows are then part of the app's first render. (Loaded by
/// an effect instead, they came in a render of their own after it, and Yew yields to the
/// browser every 16 ms when only effects are left: the page was laid out and painted
/// without its rows, then again with them.)
///
/// A page still being read (the app mounted before the database opened) is left for
/// [`use_rows`], which takes it once the store is there.
pub fn initial_state(query: &str, sort: Option<SortKey>) -> State {
    let state = State::new(query, sort);
    let key = state.load_key();
    let read = FIRST.with(|first| matches!(*first.borrow(), First::Read(..)));
    let page = if read { take_first_page(&key) } else { None };
    match page {
        Some(result) => state.with_page(key, result),
        None => state,
    }
}

/// The first page [`read_first_page`] read, when it answers `key`; from then on, none.
fn take_first_page(key: &LoadKey) -> Option<Result<PageResult, String>> {
    let first = FIRST.with(|first| first.replace(First::Closed));
    match first {
        First::Read(read, result) if read == *key => Some(result),
        _ => None,
    }
}

/// Loads the rows whenever the view (search, sort, page, data version) changes.
#[hook]
pub fn use_rows(store: Option<StoreHandle>, state: UseReducerHandle<State>) {
    let key = state.load_key();
    let query = state.query.clone();
    let scan = Scan {
        snapshot: state.snapshot.clone(),
        dirty: state.dirty.iter().copied().collect(),
    };
    let dispatch = state.dispatcher();
    // The first page may be shown before any load (`initial_state`).
    let shown = !state.loading();
    use_effect_with((store, key), move |(store, key)| {
        let (store, key) = (store.clone(), key.clone());
        let Some(store) = store.filter(|_| !shown) else {
            return;
        };
        match take_first_page(&key) {
            Some(Ok(page)) => dispatch.dispatch(Action::Loaded(key, page)),
            Some(Err(message)) => dispatch.dispatch(Action::Failed(key, message)),
            None => wasm_bindgen_futures::spawn_local(async move {
                let how = match plan(&query) {
                    Plan::Indexed { .. } => "index",
                    Plan::Scan if scan.snapshot.is_some() => "scan (cached)",
                    Plan::Scan => "scan",
                };
                match load_measured(&store, &key, &query, scan, how).await {
                    Ok(page) => dispatch.dispatch(Action::Loaded(key, page)),
                    Err(message) => dispatch.dispatch(Action::Failed(key, message)),
                }
            }),
        }
    });
}

/// How long after a page is shown every issue is read ahead: at once (a task after the
/// render). The index is read a slice at a time (`faultline-idb`'s `read_index`), so a
/// sort or filter during the read waits for one slice; read sooner, the snapshot is ready
/// for the first filter more often (a sort right after the first page: 56-58 ms median
/// with a 50 ms wait, 45-48 ms without, two probes of 8 runs per build, alternating; the
/// first page's paint unchanged).
const PREFETCH_AFTER_MS: u32 = 0;

/// Reads the search index ahead once a page is shown, so the first filter or sort that
/// no storage index answers is served from memory. Any change cancels the wait.
#[hook]
pub fn use_prefetch(store: Option<StoreHandle>, state: UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    let deps = (store, state.reload, state.wants_prefetch());
    use_effect_with(deps, move |(store, reload, wanted)| {
        let (store, reload) = (store.clone(), *reload);
        let timer = store.filter(|_| *wanted).map(|store| {
            gloo_timers::callback::Timeout::new(PREFETCH_AFTER_MS, move || {
                wasm_bindgen_futures::spawn_local(async move {
                    let started = now_ms();
                    if let Ok(index) = store.issue_index().await {
                        let all = Snapshot::new(index.issues);
                        measure(
                            "faultline:stream-prefetch",
                            started,
                            &format!("{} issues", all.issues.len()),
                        );
                        dispatch.dispatch(Action::Prefetched(reload, std::rc::Rc::new(all)));
                    }
                });
            })
        });
        move || drop(timer)
    });
}

/// Loads the row charts for the rows shown and the chosen window.
#[hook]
pub fn use_charts(store: Option<StoreHandle>, state: UseReducerHandle<State>) {
    let ids: Vec<_> = state.rows.iter().map(|i| i.id).collect();
    let deps = (store, state.shown.clone(), state.window, ids);
    let dispatch = state.dispatcher();
    let rows = state.rows.clone();
    use_effect_with(deps, move |(store, _, window, _)| {
        let (store, window) = (store.clone(), *window);
        if let Some(store) = store.filter(|_| !rows.is_empty()) {
            wasm_bindgen_futures::spawn_local(async move {
                let charts = load_charts(&store, &rows, window, js_sys::Date::now() as i64).await;
                dispatch.dispatch(Action::ChartsLoaded(window, charts));
            });
        }
    });
}

/// Runs each command (triage, a merge, a regroup) once and reports how it went.
#[hook]
pub fn use_commands(
    store: Option<StoreHandle>,
    state: UseReducerHandle<State>,
    notify: Callback<Notice>,
) {
    let command = state.command.clone();
    let dispatch = state.dispatcher();
    let seq = command.as_ref().map(|c| c.seq);
    use_effect_with((store, seq), move |(store, _)| {
        let store = store.clone();
        if let (Some(store), Some(command)) = (store, command) {
            wasm_bindgen_futures::spawn_local(async move {
                let result = run_command(&store, &command, js_sys::Date::now() as i64).await;
                let error = result.as_ref().err().cloned();
                notify.emit(match result {
                    Ok(done) => Notice::info(done),
                    Err(e) => Notice::error(format!("Could not change the issues: {e}")),
                });
                dispatch.dispatch(Action::CommandDone(command.seq, error));
            });
        }
    });
}

/// How long after the first page is shown the regroup check runs. It reads and decodes
/// every issue (over 100 ms of main thread for 10,000): not while the first page, or the
/// first sort or filter, wants the main thread.
const GROUPING_AFTER_MS: u32 = 1_000;

/// Reads whether a regroup is due: once the page has shown its first rows, and after each
/// merge or regroup.
#[hook]
pub fn use_grouping(store: Option<StoreHandle>, state: UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    let shown = state.shown.is_some();
    use_effect_with(
        (store, state.grouping_seq, shown),
        move |(store, _, shown)| {
            let timer = store.clone().filter(|_| *shown).map(|store| {
                gloo_timers::callback::Timeout::new(GROUPING_AFTER_MS, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(grouping) = load_grouping(&store).await {
                            dispatch.dispatch(Action::GroupingLoaded(grouping));
                        }
                    });
                })
            });
            move || drop(timer)
        },
    );
}

/// Tells the reducer when storage announced a change after the page opened.
#[hook]
pub fn use_live(changes: Changes, state: UseReducerHandle<State>) {
    let seen = use_mut_ref(|| changes.version);
    let dispatch = state.dispatcher();
    use_effect_with(changes, move |changes| {
        if *seen.borrow() != changes.version {
            *seen.borrow_mut() = changes.version;
            dispatch.dispatch(if changes.everything {
                Action::Changed
            } else {
                Action::ChangedIssues(changes.issues.to_vec())
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn key(query: &str) -> LoadKey {
        State::new(query, None).load_key()
    }

    fn read(query: &str) {
        FIRST
            .with(|first| *first.borrow_mut() = First::Read(key(query), Ok(PageResult::default())));
    }

    #[wasm_bindgen_test]
    fn the_first_page_is_taken_once_and_only_for_its_own_view() {
        read("is:unresolved");
        assert_eq!(
            take_first_page(&key("is:unresolved")),
            Some(Ok(PageResult::default()))
        );
        assert_eq!(take_first_page(&key("is:unresolved")), None, "taken once");

        // The first view asked for another page: this one is never shown, later either.
        read("is:unresolved");
        assert_eq!(take_first_page(&key("is:resolved")), None);
        assert_eq!(take_first_page(&key("is:unresolved")), None);
        assert!(matches!(
            FIRST.with(|f| f.replace(First::None)),
            First::Closed
        ));
    }

    #[wasm_bindgen_test]
    fn the_first_render_takes_a_page_read_and_leaves_one_being_read() {
        // Mounted before the page was read: nothing shown, and the page, once read, is
        // still there for use_rows.
        FIRST.with(|f| *f.borrow_mut() = First::None);
        assert!(initial_state("is:unresolved", None).loading());
        assert!(
            FIRST.with(|f| matches!(*f.borrow(), First::None)),
            "not closed: read_first_page still stores the page"
        );
        read("is:unresolved");
        assert_eq!(
            take_first_page(&key("is:unresolved")),
            Some(Ok(PageResult::default()))
        );

        // Read in time: the first render shows it, and it is taken.
        read("is:unresolved");
        assert!(!initial_state("is:unresolved", None).loading());
        assert!(matches!(
            FIRST.with(|f| f.replace(First::None)),
            First::Closed
        ));
    }
}
