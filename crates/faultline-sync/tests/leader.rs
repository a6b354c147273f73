//! One sending tab at a time: Web Locks, and the lease for browsers without them. Two
//! senders on one database stand for two tabs.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use faultline_sync::{Election, Sender, LEASE_KEY, LEASE_MS, LEASE_RENEW_MS};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sender(world: &World, election: Election) -> Sender {
    let mut options = world.options();
    options.election = election;
    Sender::start(world.store.clone(), options)
}

/// Waits until `n` lease renewals are scheduled again: after the clock passed a renewal,
/// each tab's timer fired and its next one is set once the renewal is done (tabs that are
/// not sending hold no other timers).
async fn renewed(world: &World, n: usize) {
    wait_for("the lease renewals", || async {
        (world.clock.pending_timers() == n).then_some(())
    })
    .await;
}

/// `sender.drained(10 s)`, with the fake clock moving on while it waits.
async fn drained_on_the_fake_clock(world: &World, sender: &Sender) -> bool {
    let answer = std::rc::Rc::new(std::cell::Cell::new(None));
    let (out, waiter) = (answer.clone(), sender.clone());
    wasm_bindgen_futures::spawn_local(async move { out.set(Some(waiter.drained(10_000).await)) });
    wait_for("drained to answer", || async {
        world.clock.advance(250);
        answer.get()
    })
    .await
}

/// Each event id the server received, checked to be there once.
async fn received_once(world: &World, n: usize) -> Vec<String> {
    let got = received_n(world, n).await;
    let mut ids: Vec<String> = got.iter().filter_map(Received::event_id).collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "an event was sent twice");
    ids
}

#[wasm_bindgen_test]
async fn with_web_locks_one_tab_sends_and_the_next_takes_over_when_it_closes() {
    let world = World::new("locks", 100).await;
    let first = sender(&world, Election::Auto);
    wait_for("the first tab to hold the lock", || async {
        first.is_leader().then_some(())
    })
    .await;
    let second = sender(&world, Election::Auto);

    world.record(1, 6).await;
    received_once(&world, 6).await;
    assert!(!second.is_leader());
    assert!(
        drained_on_the_fake_clock(&world, &second).await,
        "a tab that is not sending sees the outbox emptied by the other"
    );

    first.close();
    wait_for("the second tab to take the lock", || async {
        second.is_leader().then_some(())
    })
    .await;
    world.record(7, 2).await;
    received_once(&world, 8).await;
    wait_for("the totals to carry over from the first tab", || async {
        (second.state().sent == 8).then_some(())
    })
    .await;
    second.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn without_web_locks_a_lease_elects_one_tab_and_passes_on_when_released() {
    let world = World::new("lease", 100).await;
    let first = sender(&world, Election::Lease);
    wait_for("the first tab to take the lease", || async {
        first.is_leader().then_some(())
    })
    .await;
    let second = sender(&world, Election::Lease);
    world.record(1, 4).await;
    received_once(&world, 4).await;
    world.clock.advance(LEASE_RENEW_MS);
    renewed(&world, 2).await;
    assert!(first.is_leader() && !second.is_leader());

    first.close();
    wait_for("the lease to be given back", || async {
        let lease = world.store.meta_get(LEASE_KEY).await.unwrap();
        (get(&lease, "until").as_f64() == Some(0.0)).then_some(())
    })
    .await;
    world.clock.advance(LEASE_RENEW_MS);
    wait_for("the second tab to take the lease", || async {
        second.is_leader().then_some(())
    })
    .await;
    world.record(5, 2).await;
    received_once(&world, 6).await;
    second.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn a_lease_left_by_a_vanished_tab_is_taken_once_it_runs_out() {
    let world = World::new("lease-expiry", 100).await;
    let ghost = js_sys::Object::new();
    js_sys::Reflect::set(&ghost, &"owner".into(), &"gone".into()).unwrap();
    let until = world.clock.time().plus_millis(LEASE_MS).as_millis() as f64;
    js_sys::Reflect::set(&ghost, &"until".into(), &until.into()).unwrap();
    world.store.meta_put(LEASE_KEY, &ghost).await.unwrap();
    world.record(1, 1).await;

    let tab = sender(&world, Election::Lease);
    renewed(&world, 1).await;
    world.clock.advance(LEASE_MS - 1);
    renewed(&world, 1).await;
    assert!(!tab.is_leader());
    assert!(world.received().await.is_empty());

    world.clock.advance(LEASE_RENEW_MS);
    received_once(&world, 1).await;
    assert!(tab.is_leader());
    tab.close();
    world.cleanup().await;
}
