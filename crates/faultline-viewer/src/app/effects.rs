//! The shell's effects: running an import or an export and reporting how it went.

use yew::prelude::*;

use super::state::{ShellAction, ShellState};
use crate::exchange::{export_to_file, import_file, import_summary};
use crate::hooks::{Notice, StoreHandle};

/// Runs each import the shell's state asks for, once.
#[hook]
pub fn use_import(store: Option<StoreHandle>, shell: UseReducerHandle<ShellState>) {
    let dispatch = shell.dispatcher();
    use_effect_with((store, shell.import.clone()), move |(store, import)| {
        if let (Some(store), Some((n, file))) = (store.clone(), import.clone()) {
            wasm_bindgen_futures::spawn_local(async move {
                let progress = dispatch.clone();
                let on_progress = move |done, total| {
                    progress.dispatch(ShellAction::ImportProgress(n, done, total))
                };
                let notice = match import_file(store.name(), &file, on_progress).await {
                    Ok(report) => Notice::info(import_summary(&report)),
                    Err(e) => Notice::error(format!("Import failed: {e}")),
                };
                dispatch.dispatch(ShellAction::Notify(notice));
                dispatch.dispatch(ShellAction::ImportDone(n));
            });
        }
    });
}

/// Runs each export of everything the shell's state asks for, once.
#[hook]
pub fn use_export(store: Option<StoreHandle>, shell: UseReducerHandle<ShellState>) {
    let dispatch = shell.dispatcher();
    use_effect_with((store, shell.export), move |(store, export)| {
        if let (Some(store), Some(n)) = (store.clone(), *export) {
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = export_to_file(&store, None).await {
                    let notice = Notice::error(format!("Export failed: {e}"));
                    dispatch.dispatch(ShellAction::Notify(notice));
                }
                dispatch.dispatch(ShellAction::ExportDone(n));
            });
        }
    });
}
