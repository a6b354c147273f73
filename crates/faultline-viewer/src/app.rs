//! The page: loads issues from storage and lists them.

use faultline_core::Issue;
use faultline_idb::Store;
use yew::prelude::*;

use crate::issue_row::IssueRow;

/// The database the capture package writes by default.
const DB_NAME: &str = "faultline";

/// What the page shows while and after loading.
#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Loaded(Vec<Issue>),
    Failed(String),
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let load = use_state(|| Load::Loading);
    {
        let load = load.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let result = match Store::open(DB_NAME).await {
                    Ok(store) => {
                        let issues = store.all_issues().await;
                        store.close();
                        issues
                    }
                    Err(e) => Err(e),
                };
                load.set(match result {
                    Ok(issues) => Load::Loaded(issues),
                    Err(e) => Load::Failed(e.to_string()),
                });
            });
        });
    }
    let now = js_sys::Date::now() as i64;
    let body = match &*load {
        Load::Loading => html! { <p class="empty">{ "Loading…" }</p> },
        Load::Failed(message) => html! { <p class="error" role="alert">{ message.clone() }</p> },
        Load::Loaded(issues) if issues.is_empty() => html! {
            <p class="empty">{ "No issues yet. Errors captured on this origin appear here." }</p>
        },
        Load::Loaded(issues) => html! {
            <table class="issues">
                <thead>
                    <tr>
                        <th scope="col">{ "Issue" }</th>
                        <th scope="col" class="num">{ "Events" }</th>
                        <th scope="col">{ "Last seen" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for issues.iter().map(|issue| html! { <IssueRow key={issue.id.0} issue={issue.clone()} {now} /> }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <header class="top"><h1>{ "Faultline" }</h1><span class="sub">{ "Issues" }</span></header>
            <main>{ body }</main>
        </>
    }
}
