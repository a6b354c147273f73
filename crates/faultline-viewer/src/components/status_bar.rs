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

/// How often the bar may read storage: changes in between wait for the next tick.
const READ_EVERY_MS: i64 = 2_000;
/// Without changes, the sender's progress is re-read this many ticks apart.
const IDLE_TICKS: i64 = 3;
/// The first read waits this long, so the first page's own reads go first.
const FIRST_READ_AFTER_MS: u32 = 300;

/// When the bar last read storage: the data version, the tick and the persistence asks.
type LastRead = (u64, i64, u32);

/// Whether the bar should read storage again: never read, the data changed since
/// (`version`), persistence was asked for again, or `IDLE_TICKS` ticks passed.
fn due(last: Option<LastRead>, now: LastRead) -> bool {
    match last {
        None => true,
        Some((version, tick, ask)) => {
            version != now.0 || ask != now.2 || now.1 - tick >= IDLE_TICKS
        }
    }
}

/// A footer of storage facts.
#[function_component(StatusBar)]
pub fn status_bar(props: &StatusBarProps) -> Html {
    let store = use_store();
    let facts = use_state(Facts::default);
    let ask = use_state(|| 0u32);
    let last = use_mut_ref(|| None::<LastRead>);
    let version = use_mut_ref(|| props.changes.version);
    *version.borrow_mut() = props.changes.version;
    {
        let facts = facts.clone();
        // Re-read at most every READ_EVERY_MS: after changes, and now and then for the
        // sender's progress; a flood of changes costs one read per tick.
        let tick = use_now(READ_EVERY_MS as u32) / READ_EVERY_MS;
        let deps = (store.clone(), *ask, tick);
        use_effect_with(deps, move |(store, ask, tick)| {
            let now: LastRead = (*version.borrow(), *tick, *ask);
            let wanted = due(*last.borrow(), now);
            let timer = store.clone().filter(|_| wanted).map(|store| {
                let first = last.borrow().is_none();
                let last = last.clone();
                let read = move || {
                    *last.borrow_mut() = Some(now);
                    wasm_bindgen_futures::spawn_local(async move {
                        facts.set(read_facts(&store, now.2).await);
                    })
                };
                let wait = if first { FIRST_READ_AFTER_MS } else { 0 };
                gloo_timers::callback::Timeout::new(wait, read)
            });
            move || drop(timer)
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

async fn read_facts(store: &StoreHandle, ask: u32) -> Facts {
    let persistence = if ask > 0 {
        store.request_persistence().await
    } else {
        store.persistence().await
    };
    Facts {
        stats: store.stats().await.ok(),
        persistence: Some(persistence),
        estimate: storage_estimate().await,
        sync: SyncState::load(store).await.ok().flatten(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn storage_is_read_once_per_change_or_now_and_then() {
        assert!(due(None, (0, 0, 0)));
        assert!(!due(Some((4, 10, 0)), (4, 11, 0)), "nothing changed");
        assert!(due(Some((4, 10, 0)), (5, 11, 0)), "the data changed");
        assert!(due(Some((4, 10, 0)), (4, 10, 1)), "persistence asked for");
        assert!(
            due(Some((4, 10, 0)), (4, 10 + IDLE_TICKS, 0)),
            "a while passed"
        );
    }
}
