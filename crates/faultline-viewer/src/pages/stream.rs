//! The issue stream: tabs, search, sort, bulk triage and a page of issues.

mod effects;
mod load;
mod regroup;
pub mod state;

use faultline_core::{IgnoreFor, IssueId, SortKey};
use faultline_idb::Triage;
use yew::prelude::*;

pub use self::effects::read_first_page;
use self::effects::{
    initial_state, use_charts, use_commands, use_grouping, use_live, use_prefetch, use_rows,
    use_view,
};
use self::state::{Action, State, PAGE_SIZE};
use crate::chart::Window;
use crate::components::{
    bulk_bar, merge_chooser, pagination, regroup_banner, sort_menu, stream_tabs, window_toggle,
    BulkBarProps, IssueTable, MergeChooserProps, PaginationProps, RegroupBannerProps, SearchBar,
    SortMenuProps, StreamTabsProps, WindowToggleProps,
};
use crate::hooks::{use_keydown, use_notify, use_now, use_route, use_store, Changes};
use crate::route::Route;

/// Props of [`StreamPage`].
#[derive(Properties, PartialEq)]
pub struct StreamPageProps {
    /// The search from the URL.
    pub query: AttrValue,
    /// The sort from the URL.
    pub sort: Option<SortKey>,
}

/// The stream page.
#[function_component(StreamPage)]
pub fn stream_page(props: &StreamPageProps) -> Html {
    let store = use_store();
    let router = use_route();
    let notify = use_notify();
    let changes = use_context::<Changes>().unwrap_or_default();
    let now = use_now(30_000);
    let state = use_reducer(|| initial_state(&props.query, props.sort));
    use_view(props.query.to_string(), props.sort, state.clone());
    use_rows(store.clone(), state.clone());
    use_charts(store.clone(), state.clone());
    use_prefetch(store.clone(), state.clone());
    use_grouping(store.clone(), state.clone());
    use_commands(store, state.clone(), notify);
    use_live(changes, state.clone());
    use_keydown(on_key(&state, &router.push));
    let (on_search, on_sort) = navigation(&router.push, props);
    // Stable across renders, so the 50 rows re-render only when their own data changes.
    let on_toggle = {
        let d = state.dispatcher();
        use_callback((), move |id, _| d.dispatch(Action::Toggle(id)))
    };
    let d = state.dispatcher();
    let notes: Vec<String> = state.notes.iter().map(|n| n.message.clone()).collect();
    html! {
        <div class="page stream-page">
            <div class="page-head">
                <h1>{ "Issues" }</h1>
                <SearchBar query={props.query.clone()} {notes} {on_search} />
            </div>
            { stream_tabs(&StreamTabsProps { query: props.query.clone(), sort: props.sort }) }
            { regroup_banner_of(&state) }
            <div class="toolbar">
                { bulk_bar(&BulkBarProps {
                    selected: state.selected.len(),
                    busy: state.command.is_some(),
                    on_triage: triage_selection(&state),
                    on_merge: d.to_callback().reform(|_| Action::ChooseMerge),
                }) }
                <div class="view-options">
                    { sort_menu(&SortMenuProps { sort: state.sort(), on_change: on_sort }) }
                    { window_toggle(&WindowToggleProps {
                        options: vec![Window::DAY, Window::FORTNIGHT],
                        window: state.window,
                        on_change: d.to_callback().reform(Action::SetWindow),
                        label: "Chart period".into(),
                    }) }
                </div>
            </div>
            { merge_chooser_of(&state) }
            { body(&state, now, on_toggle) }
            { pagination(&PaginationProps {
                page: state.page,
                page_size: PAGE_SIZE,
                shown: state.rows.len(),
                total: state.total,
                has_next: state.has_next,
                noun: "Issues".into(),
                on_prev: d.to_callback().reform(|_| Action::PrevPage),
                on_next: d.to_callback().reform(|_| Action::NextPage),
            }) }
        </div>
    }
}

/// Searching and sorting go through the URL, so each view can be bookmarked.
fn navigation(
    push: &Callback<Route>,
    props: &StreamPageProps,
) -> (Callback<String>, Callback<SortKey>) {
    let on_search = {
        let (push, sort) = (push.clone(), props.sort);
        Callback::from(move |query: String| push.emit(Route::Stream { query, sort }))
    };
    let (push, query) = (push.clone(), props.query.to_string());
    let on_sort = Callback::from(move |sort: SortKey| {
        let query = query.clone();
        push.emit(Route::Stream {
            query,
            sort: Some(sort),
        })
    });
    (on_search, on_sort)
}

fn triage_selection(state: &UseReducerHandle<State>) -> Callback<Triage> {
    let (d, ids) = (
        state.dispatcher(),
        state.selected.iter().copied().collect::<Vec<_>>(),
    );
    Callback::from(move |t: Triage| d.dispatch(Action::Triage(ids.clone(), t)))
}

/// The merge being set up, over the selected issues.
fn merge_chooser_of(state: &UseReducerHandle<State>) -> Html {
    let Some(primary) = state.merging else {
        return Html::default();
    };
    let d = state.dispatcher();
    let issues: Vec<_> = state
        .rows
        .iter()
        .filter(|i| state.selected.contains(&i.id))
        .map(|i| (**i).clone())
        .collect();
    html! {
        { merge_chooser(&MergeChooserProps {
            issues,
            primary,
            on_pick: d.to_callback().reform(Action::PickPrimary),
            on_merge: d.to_callback().reform(|_| Action::Merge),
            on_cancel: d.to_callback().reform(|_| Action::CancelMerge),
        }) }
    }
}

/// The regroup banner, once the grouping is read.
fn regroup_banner_of(state: &UseReducerHandle<State>) -> Html {
    let Some(grouping) = &state.grouping else {
        return Html::default();
    };
    let d = state.dispatcher();
    html! {
        { regroup_banner(&RegroupBannerProps {
            outdated: grouping.outdated,
            from: grouping.from.clone(),
            to: AttrValue::from(grouping.to.clone()),
            can_undo: grouping.can_undo,
            busy: state.command.is_some(),
            on_regroup: d.to_callback().reform(|_| Action::Regroup),
            on_undo: d.to_callback().reform(|_| Action::UndoRegroup),
        }) }
    }
}

fn body(state: &UseReducerHandle<State>, now: i64, on_toggle: Callback<IssueId>) -> Html {
    let d = state.dispatcher();
    if let Some(error) = &state.error {
        return html! { <p class="error" role="alert">{ format!("Could not load issues: {error}") }</p> };
    }
    if state.rows.is_empty() {
        let text = if state.loading() {
            "Loading issues…"
        } else if state.query_text.trim().is_empty() {
            "No issues yet. Errors captured on this origin appear here as they happen."
        } else if state.query_text.trim() == crate::route::DEFAULT_QUERY {
            "No unresolved issues. New errors captured on this origin appear here as they happen."
        } else {
            "No issues match this search."
        };
        return html! { <p class="empty" aria-live="polite">{ text }</p> };
    }
    let result = state
        .shown
        .as_ref()
        .map(|shown| AttrValue::from(format!("{}#{}", shown.query, shown.page)))
        .unwrap_or_default();
    html! {
        <IssueTable rows={state.rows.clone()} {result} selected={state.selected.clone()} focus={state.focus}
            charts={state.charts.clone()} window={state.window} {now} loading={state.loading()}
            {on_toggle} on_select_page={d.to_callback().reform(Action::SelectPage)} />
    }
}

/// j/k move, x selects, Enter or o opens, r resolves, i ignores (the selection, else the
/// focused issue).
fn on_key(state: &UseReducerHandle<State>, push: &Callback<Route>) -> Callback<KeyboardEvent> {
    let (state, push) = (state.clone(), push.clone());
    Callback::from(move |e: KeyboardEvent| {
        let d = state.dispatcher();
        let action = match e.key().as_str() {
            "j" => Some(Action::FocusNext),
            "k" => Some(Action::FocusPrev),
            "x" => state.focused().map(|i| Action::Toggle(i.id)),
            "r" => Some(Action::Triage(state.targets(), Triage::Resolve)),
            "i" => Some(Action::Triage(
                state.targets(),
                Triage::Ignore(IgnoreFor::Forever),
            )),
            "Enter" | "o" => {
                if let Some(issue) = state.focused() {
                    e.prevent_default();
                    push.emit(Route::issue(issue.id));
                }
                None
            }
            _ => None,
        };
        if let Some(action) = action {
            d.dispatch(action);
        }
    })
}
