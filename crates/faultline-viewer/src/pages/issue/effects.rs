//! The issue page's effects: loading the issue and its chart, running triage and export,
//! following changes. Each reports to the reducer.

use faultline_core::IssueId;
use yew::prelude::*;

use super::load::{load_chart, load_issue, run_change};
use super::state::{Action, State, StoredEvent, Symbols};
use crate::browser::{measure, now_ms};
use crate::exchange::export_to_file;
use crate::frames::needs_resolution;
use crate::hooks::{Changes, Notice, StoreHandle};

/// Loads the issue for each data version.
#[hook]
pub fn use_issue(store: Option<StoreHandle>, state: UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    use_effect_with(
        (store, state.id, state.reload),
        move |(store, id, reload)| {
            let (store, id, reload) = (store.clone(), *id, *reload);
            if let Some(store) = store {
                wasm_bindgen_futures::spawn_local(async move {
                    let started = now_ms();
                    dispatch.dispatch(match load_issue(&store, id).await {
                        Ok(data) => {
                            let detail = format!("{} events", data.events.len());
                            measure("faultline:issue-load", started, &detail);
                            Action::Loaded(reload, Box::new(data))
                        }
                        Err(e) => Action::Failed(reload, e),
                    });
                });
            }
        },
    );
}

/// Loads the chart for the window shown.
#[hook]
pub fn use_chart(store: Option<StoreHandle>, state: UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    let deps = (store, state.id, state.window, state.shown);
    use_effect_with(deps, move |(store, id, window, _)| {
        let (store, id, window) = (store.clone(), *id, *window);
        if let Some(store) = store {
            wasm_bindgen_futures::spawn_local(async move {
                let now = js_sys::Date::now() as i64;
                if let Ok(counts) = load_chart(&store, id, window, now).await {
                    dispatch.dispatch(Action::ChartLoaded(window, counts));
                }
            });
        }
    });
}

/// Runs each change (triage, merge, unmerge, assignment, note) once and reports how it
/// went.
#[hook]
pub fn use_changes(
    store: Option<StoreHandle>,
    state: UseReducerHandle<State>,
    notify: Callback<Notice>,
) {
    let dispatch = state.dispatcher();
    let id = state.id;
    use_effect_with((store, state.command.clone()), move |(store, command)| {
        if let (Some(store), Some((seq, change))) = (store.clone(), command.clone()) {
            wasm_bindgen_futures::spawn_local(async move {
                let now = js_sys::Date::now() as i64;
                let result = run_change(&store, id, &change, now).await;
                let error = result.as_ref().err().cloned();
                notify.emit(match result {
                    Ok(done) => Notice::info(done),
                    Err(e) => Notice::error(format!("Could not change the issue: {e}")),
                });
                dispatch.dispatch(Action::ChangeDone(seq, error));
            });
        }
    });
}

/// Runs each export of the issue once.
#[hook]
pub fn use_export(
    store: Option<StoreHandle>,
    state: UseReducerHandle<State>,
    notify: Callback<Notice>,
) {
    let dispatch = state.dispatcher();
    let id = state.id;
    use_effect_with((store, state.export), move |(store, export)| {
        if let (Some(store), Some(seq)) = (store.clone(), *export) {
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = export_to_file(&store, Some(&[id])).await {
                    notify.emit(Notice::error(format!("Export failed: {e}")));
                }
                dispatch.dispatch(Action::ExportDone(seq));
            });
        }
    });
}

/// Reloads when storage announces a change to this issue.
#[hook]
pub fn use_live(changes: Changes, id: IssueId, state: UseReducerHandle<State>) {
    let seen = use_mut_ref(|| changes.version);
    let dispatch = state.dispatcher();
    use_effect_with(changes, move |changes| {
        if *seen.borrow() != changes.version {
            *seen.borrow_mut() = changes.version;
            if changes.touches(id) {
                dispatch.dispatch(Action::Changed);
            }
        }
    });
}

/// Resolves the shown event's frames through source maps, once per event, when any of
/// them is minified code of a web script (the resolver module loads then, not before).
#[hook]
pub fn use_symbols(shown: Option<StoredEvent>, state: UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    let id = shown.as_ref().map(StoredEvent::id);
    let known = id.as_ref().is_some_and(|id| state.symbols_of(id).is_some());
    use_effect_with(id, move |id| {
        let (Some(id), Some(shown)) = (id.clone(), shown) else {
            return;
        };
        if known || !shown.event().is_some_and(|e| needs_resolution(&e)) {
            return;
        }
        dispatch.dispatch(Action::Resolving(id.clone()));
        wasm_bindgen_futures::spawn_local(async move {
            let started = now_ms();
            let symbols = match crate::symbolicate::resolve(&shown.raw).await {
                Ok(event) => Symbols::Done(std::rc::Rc::new(event)),
                Err(e) => Symbols::Failed(e),
            };
            measure("faultline:symbolicate", started, &id);
            dispatch.dispatch(Action::Resolved(id, symbols));
        });
    });
}
