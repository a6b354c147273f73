//! Storage at a glance: whether it survives, how much it holds, what was dropped, and how
//! sync to a server is doing.

use faultline_idb::{Persistence, Stats};
use faultline_sync::SyncState;
use yew::prelude::*;

use crate::browser::storage_estimate;
use crate::format::{bytes, grouped};
use crate::hooks::{use_now, use_store, Changes, StoreHandle};
use crate::sync_summary::sync_summary;

/// What the bar shows, once read.
#[derive(Debug, Clone, PartialEq, Default)]
struct Facts {
    stats: Option<Stats>,
    persistence: Option<Persistence>,
    estimate: Option<(u64, u64)>,
    /// What the sync sender last stored, when an app on this origin syncs.
    sync: Option<SyncState>,
}

/// Props of [`StatusBar`].
#[derive(Properties, PartialEq)]
pub struct StatusBarProps {
    /// The latest changes, to re-read after each.
    pub changes: Changes,
}

/// A footer of storage facts.
#[function_component(StatusBar)]
pub fn status_bar(props: &StatusBarProps) -> Html {
    let store = use_store();
    let facts = use_state(Facts::default);
    let ask = use_state(|| 0u32);
    {
        let facts = facts.clone();
        // Re-read after each change, and every few seconds for the sender's progress.
        let tick = use_now(5_000) / 5_000;
        let deps = (store.clone(), props.changes.version, *ask, tick);
        use_effect_with(deps, move |(store, _, ask, _)| {
            let (store, ask) = (store.clone(), *ask);
            if let Some(store) = store {
                wasm_bindgen_futures::spawn_local(async move {
                    let persistence = if ask > 0 {
                        store.request_persistence().await
                    } else {
                        store.persistence().await
                    };
                    facts.set(Facts {
                        stats: store.stats().await.ok(),
                        persistence: Some(persistence),
                        estimate: storage_estimate().await,
                        sync: SyncState::load(&store).await.ok().flatten(),
                    });
                });
            }
        });
    }
    let Some(store) = store else {
        return html! { <footer class="status-bar"><span class="muted">{ "Opening storage…" }</span></footer> };
    };
    let on_keep = {
        let ask = ask.clone();
        Callback::from(move |_: MouseEvent| ask.set(*ask + 1))
    };
    let persistence = persistence_pill(&store, facts.persistence, on_keep);
    html! {
        <footer class="status-bar" aria-label="Storage">
            { persistence }
            if let Some(stats) = &facts.stats {
                <span class="stat">{ format!("{} issues · {} events · {} stored (limit {})",
                    grouped(stats.issues), grouped(stats.events), bytes(stats.bytes), bytes(store.config().max_bytes)) }</span>
                { drops(stats) }
            }
            if let Some((usage, quota)) = facts.estimate {
                <span class="stat muted">{ format!("origin uses {} of {}", bytes(usage), bytes(quota)) }</span>
            }
            <section class="sync-slot" aria-label="Sync" data-slot="sync">
                { sync_status(facts.sync.as_ref(), js_sys::Date::now() as i64) }
            </section>
        </footer>
    }
}

fn persistence_pill(
    store: &StoreHandle,
    persistence: Option<Persistence>,
    on_keep: Callback<MouseEvent>,
) -> Html {
    match (store.fallback_reason(), persistence) {
        (Some(reason), _) => html! {
            <span class="pill warn" title={reason.to_string()}>{ "In memory only: nothing survives a reload" }</span>
        },
        (None, Some(Persistence::Persistent)) => html! {
            <span class="pill ok" title="The browser will not evict this data under storage pressure">{ "Persistent storage" }</span>
        },
        (None, Some(_)) => html! {
            <span class="pill warn">{ "Best-effort storage" }
                <button type="button" class="link" onclick={on_keep}
                    title="Ask the browser not to evict this data under storage pressure">{ "Keep data" }</button>
            </span>
        },
        (None, None) => Html::default(),
    }
}

fn sync_status(state: Option<&SyncState>, now: i64) -> Html {
    match state {
        None => {
            html! { <span class="muted" title="No app on this origin syncs to a server (init without a dsn)">{ "Sync: off" }</span> }
        }
        Some(state) => {
            let (class, text) = sync_summary(state, now);
            html! { <span class={classes!("pill", class)}>{ text }</span> }
        }
    }
}

fn drops(stats: &Stats) -> Html {
    let dropped: Vec<String> = stats
        .drops
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(reason, n)| format!("{} {}", grouped(*n), reason.replace('_', " ")))
        .collect();
    if dropped.is_empty() {
        html! { <span class="pill ok drops">{ "Nothing dropped" }</span> }
    } else {
        html! { <span class="pill warn drops">{ format!("Dropped: {}", dropped.join(", ")) }</span> }
    }
}
