//! The shell: opens the store, owns the route, follows live changes, and frames every
//! page with the header (export, import, shortcuts), notices, drag-and-drop import and
//! the storage bar.

mod effects;
pub mod state;

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlElement};
use yew::prelude::*;

use self::effects::{use_export, use_import};
use self::state::{ShellAction, ShellState};
use crate::components::{
    import_button, notices, shortcuts_help, ImportButtonProps, Link, NoticesProps, StatusBar,
    SEARCH_INPUT_ID,
};
use crate::hooks::Router;
use crate::hooks::{
    use_changes, use_keydown, use_open_store, use_router, Changes, Notice, StoreHandle,
};
use crate::pages::issue::IssuePage;
use crate::pages::stream::StreamPage;
use crate::route::Route;

/// The database the capture package writes by default.
pub const DB_NAME: &str = "faultline";

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_open_store(DB_NAME);
    let router = use_router();
    let changes = use_changes(DB_NAME);
    let shell = use_reducer(ShellState::default);
    use_import(store.clone(), shell.clone());
    use_export(store.clone(), shell.clone());
    use_keydown(Callback::from(|e: KeyboardEvent| {
        if e.key() == "/" {
            if let Some(input) = element_by_id(SEARCH_INPUT_ID) {
                e.prevent_default();
                let _ = input.focus();
            }
        }
    }));
    // The stream the issue page's back link returns to.
    let back = use_mut_ref(Route::default);
    if matches!(router.route, Route::Stream { .. }) {
        *back.borrow_mut() = router.route.clone();
    }
    let d = shell.dispatcher();
    let notify = d.to_callback().reform(ShellAction::Notify);
    let page = page(&router.route, back.borrow().clone());
    html! {
        <ContextProvider<Option<StoreHandle>> context={store}>
        <ContextProvider<Router> context={router}>
        <ContextProvider<Changes> context={changes.clone()}>
        <ContextProvider<Callback<Notice>> context={notify}>
            <div class="app" ondragover={on_drag_over(&shell)}>
                <a class="skip-link" href="#content">{ "Skip to content" }</a>
                { top_bar(&shell) }
                <main id="content" tabindex="-1">{ page }</main>
                <StatusBar {changes} />
                { notices(&NoticesProps { notices: shell.notices.clone(), on_dismiss: d.to_callback().reform(ShellAction::Dismiss) }) }
                if shell.dragging { { drop_overlay(&shell) } }
            </div>
        </ContextProvider<Callback<Notice>>>
        </ContextProvider<Changes>>
        </ContextProvider<Router>>
        </ContextProvider<Option<StoreHandle>>>
    }
}

fn page(route: &Route, back: Route) -> Html {
    match route {
        Route::Stream { query, sort } => html! {
            <StreamPage query={query.clone()} sort={*sort} />
        },
        Route::Issue { id, event } => html! {
            <IssuePage key={id.0} id={*id} event={event.clone().map(AttrValue::from)} {back} />
        },
    }
}

/// The brand's mark and name (static markup).
const LOGO: &str = concat!(
    r#"<svg class="logo" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 17 L9 11 L13 15 L21 6" "#,
    r#"fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>"#,
    "<span>Faultline</span>",
);

fn top_bar(shell: &UseReducerHandle<ShellState>) -> Html {
    let d = shell.dispatcher();
    html! {
        <header class="top">
            <Link to={Route::default()} class="brand" title="Unresolved issues">
                { Html::from_html_unchecked(AttrValue::Static(LOGO)) }
            </Link>
            <div class="top-actions">
                { shortcuts_help() }
                { import_button(&ImportButtonProps {
                    busy: shell.import.is_some(),
                    progress: shell.progress,
                    on_file: d.to_callback().reform(ShellAction::Import),
                }) }
                <button type="button" class="export-all" disabled={shell.export.is_some()}
                    onclick={d.to_callback().reform(|_| ShellAction::Export)}
                    title="Download every issue and stored event as JSON">{ "Export all" }</button>
            </div>
        </header>
    }
}

fn drop_overlay(shell: &UseReducerHandle<ShellState>) -> Html {
    let d = shell.dispatcher();
    let ondrop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        let file = e
            .data_transfer()
            .and_then(|t| t.files())
            .and_then(|f| f.get(0));
        match file {
            Some(file) => d.dispatch(ShellAction::Import(file)),
            None => d.dispatch(ShellAction::Dragging(false)),
        }
    });
    let d = shell.dispatcher();
    html! {
        <div class="drop-overlay" {ondrop} ondragover={|e: DragEvent| e.prevent_default()}
            ondragleave={move |_| d.dispatch(ShellAction::Dragging(false))}>
            <p>{ "Drop a Faultline export to import it" }</p>
        </div>
    }
}

fn on_drag_over(shell: &UseReducerHandle<ShellState>) -> Callback<DragEvent> {
    let d = shell.dispatcher();
    Callback::from(move |e: DragEvent| {
        let files = e.data_transfer().is_some_and(|t| {
            t.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        });
        if files {
            e.prevent_default();
            d.dispatch(ShellAction::Dragging(true));
        }
    })
}

fn element_by_id(id: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}
