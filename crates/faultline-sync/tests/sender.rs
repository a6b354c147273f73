//! The sender against a loopback server with scripted answers, on a fake clock.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn delivers_the_outbox_in_order_as_envelopes_and_empties_it() {
    let world = World::new("order", 100).await;
    let ids = world.record(1, 5).await;
    let sender = world.sender();

    let got = received_n(&world, 5).await;
    let sent: Vec<String> = got.iter().map(|r| r.event_id().unwrap()).collect();
    assert_eq!(sent, ids);
    let first = &got[0];
    assert_eq!(first.kind(), "event");
    assert_eq!(
        path(&first.header(), &["dsn"]).as_string().unwrap(),
        world.dsn().to_string()
    );
    assert_eq!(
        path(&first.header(), &["sent_at"]).as_string().unwrap(),
        T0.to_rfc3339()
    );
    assert_eq!(
        path(&first.header(), &["sdk", "name"]).as_string().unwrap(),
        "faultline.javascript"
    );
    let payload = &first.items()[0].1;
    assert!(
        path(payload, &["exception"]).is_object(),
        "the event keeps its exception"
    );
    assert!(js_sys::Array::is_array(&path(payload, &["fingerprint"])));

    let state = wait_for("the state to show nothing pending", || async {
        let s = sender.state();
        (s.sent == 5 && s.pending == 0).then_some(s)
    })
    .await;
    assert_eq!(state.last_success, Some(T0));
    assert_eq!(
        state.server,
        world.dsn().to_string().split('@').nth(1).unwrap()
    );
    assert!(world.store.outbox_peek(10).await.unwrap().is_empty());
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn at_most_three_requests_are_in_flight_and_each_event_is_sent_once() {
    let world = World::new("in-flight", 100).await;
    let slow = [r#"{"status":200,"delay":100}"#; 7].join(",");
    world.script(&format!("[{slow}]")).await;
    let mut ids = world.record(1, 7).await;
    let mut options = world.options();
    options.max_in_flight = 3;
    let sender = faultline_sync::Sender::start(world.store.clone(), options);

    let got = received_n(&world, 7).await;
    assert!(sender.drained(1_000).await);
    assert_eq!(world.max_in_flight().await, 3);
    let mut sent: Vec<String> = got.iter().map(|r| r.event_id().unwrap()).collect();
    sent.sort();
    ids.sort();
    assert_eq!(sent, ids);
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn envelopes_beyond_the_keepalive_budget_go_without_keepalive() {
    // Chromium refuses keepalive requests past 64 KiB in flight; three 30 KB events at once
    // only all arrive on the first try if the third goes as an ordinary request.
    let world = World::new("keepalive", 100).await;
    let slow = [r#"{"status":200,"delay":200}"#; 3].join(",");
    world.script(&format!("[{slow}]")).await;
    let big: Vec<_> = (1..=3)
        .map(|i| support::thrown_with(i, &"x".repeat(30_000)))
        .collect();
    world.store.record(&big).await.unwrap();
    let mut options = world.options();
    options.max_in_flight = 3;
    let sender = faultline_sync::Sender::start(world.store.clone(), options);

    // A refused keepalive request would be retried only after a backoff (the fake clock
    // never gets there), so the third envelope would never arrive.
    let got = received_n(&world, 3).await;
    assert!(got.iter().all(|r| r.answer == 200));
    wait_for("the outbox to empty", || async {
        (sender.state().pending == 0).then_some(())
    })
    .await;
    assert_eq!(sender.state().failures, 0);
    assert_eq!(world.max_in_flight().await, 3);
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn server_errors_back_off_and_the_retry_waits_for_the_timer() {
    let world = World::new("backoff", 100).await;
    world.script(r#"[{"status":503}]"#).await;
    world.record(1, 1).await;
    let sender = world.sender();

    received_n(&world, 1).await;
    let state = wait_for("the backoff to be recorded", || async {
        let s = sender.state();
        (s.failures == 1).then_some(s)
    })
    .await;
    assert_eq!(state.next_retry, Some(T0.plus_millis(5_000)));
    assert_eq!(state.last_error.as_deref(), Some("HTTP 503"));
    assert_eq!(state.pending, 1);

    world.clock.advance(4_999);
    settled(&world, &sender).await;
    assert_eq!(
        world.received().await.len(),
        1,
        "nothing before the backoff ends"
    );

    world.clock.advance(1);
    let got = received_n(&world, 2).await;
    assert_eq!(
        got[1].event_id(),
        got[0].event_id(),
        "the same event, retried"
    );
    wait_for("the outbox to empty", || async {
        (sender.state().pending == 0 && sender.state().failures == 0).then_some(())
    })
    .await;
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_a_network_error_and_is_retried() {
    let world = World::new("dropped", 100).await;
    world.script(r#"[{"drop":true}]"#).await;
    world.record(1, 1).await;
    let sender = world.sender();

    received_n(&world, 1).await;
    let state = wait_for("the network error", || async {
        let s = sender.state();
        (s.failures == 1).then_some(s)
    })
    .await;
    assert!(
        state
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("network error"),
        "{:?}",
        state.last_error
    );
    world.clock.advance(5_000);
    let got = received_n(&world, 2).await;
    assert_eq!(got[1].answer, JsValue::from(200));
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn too_large_is_dropped_counted_and_reported_once() {
    let world = World::new("413", 100).await;
    let sender = world.sender();
    wait_for("the sender to start", || async {
        (!sender.state().server.is_empty()).then_some(())
    })
    .await;
    world.script(r#"[{"status":413}]"#).await;
    let ids = world.record(1, 2).await;

    let got = received_n(&world, 3).await;
    assert_eq!(got[0].event_id().as_deref(), Some(ids[0].as_str()));
    assert_eq!(got[1].event_id().as_deref(), Some(ids[1].as_str()));
    let report = &got[2];
    assert_eq!(report.kind(), "client_report");
    assert_eq!(report.event_id(), None);
    let discarded = js_sys::Array::from(&path(&report.items()[0].1, &["discarded_events"]));
    assert_eq!(discarded.length(), 1);
    let entry = discarded.get(0);
    assert_eq!(get(&entry, "reason"), "send_error");
    assert_eq!(get(&entry, "category"), "error");
    assert_eq!(get(&entry, "quantity"), 1);

    let state = sender.state();
    assert_eq!((state.sent, state.dropped), (1, 1));
    let drops = world.store.stats().await.unwrap().drops;
    assert_eq!(drops, [("send_error".to_string(), 1)]);

    world.record(3, 1).await;
    received_n(&world, 4).await;
    world.clock.advance(1);
    settled(&world, &sender).await;
    assert_eq!(
        world.received().await.len(),
        4,
        "the same drop is reported once"
    );
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn drops_from_before_sync_started_are_not_reported_but_later_ones_are() {
    let world = World::new("overflow", 2).await;
    world.record(1, 3).await; // one pushed out before any sender ran
    let sender = world.sender();
    received_n(&world, 2).await;
    world.clock.advance(1);
    settled(&world, &sender).await;
    assert_eq!(world.received().await.len(), 2, "no report for old drops");

    sender.close();
    world.record(4, 3).await; // one more pushed out, while no sender ran
    let sender = world.sender();
    let got = received_n(&world, 5).await;
    assert_eq!(got[4].kind(), "client_report");
    let entry = js_sys::Array::from(&path(&got[4].items()[0].1, &["discarded_events"])).get(0);
    assert_eq!(get(&entry, "reason"), "queue_overflow");
    assert_eq!(get(&entry, "quantity"), 1);
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn coming_back_online_retries_at_once() {
    let world = World::new("online", 100).await;
    world.script(r#"[{"status":500},{"status":500}]"#).await;
    world.record(1, 1).await;
    let sender = world.sender();
    received_n(&world, 1).await;
    wait_for("the backoff", || async {
        (sender.state().failures == 1).then_some(())
    })
    .await;

    world.clock.advance(1_000);
    let online = web_sys::Event::new("online").unwrap();
    web_sys::window().unwrap().dispatch_event(&online).unwrap();
    received_n(&world, 2).await;
    // Retried at T0 + 1 s, before the 5 s backoff ended; failing again starts from 5 s.
    wait_for("a second backoff, from the start again", || async {
        let s = sender.state();
        (s.next_retry == Some(T0.plus_millis(6_000))).then_some(())
    })
    .await;
    assert_eq!(sender.state().failures, 1);
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn close_cancels_every_timer_and_stops_sending() {
    let world = World::new("close", 100).await;
    world.script(r#"[{"status":500}]"#).await;
    world.record(1, 1).await;
    let sender = world.sender();
    received_n(&world, 1).await;
    wait_for("the retry timer", || async {
        (world.clock.pending_timers() > 0 && sender.state().failures == 1).then_some(())
    })
    .await;

    sender.close();
    assert_eq!(world.clock.pending_timers(), 0);
    world.clock.advance(3_600_000);
    sender.notify();
    world.record(2, 1).await;
    tick(50).await; // a notification would have started a request by now
    assert_eq!(world.received().await.len(), 1);
    assert_eq!(
        world.store.outbox_len().await.unwrap().0,
        2,
        "both wait for the next visit"
    );
    assert!(!sender.drained(10).await, "a closed sender never drains");
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn drained_resolves_when_the_outbox_is_empty_or_times_out() {
    let world = World::new("drained", 100).await;
    world.record(1, 3).await;
    let sender = world.sender();
    assert!(sender.drained(1_000).await);
    assert_eq!(world.received().await.len(), 3);

    world.script(r#"[{"status":500}]"#).await;
    world.record(4, 1).await;
    let clock = world.clock.clone();
    let waiter = sender.clone();
    let waiting = async move { waiter.drained(1_000).await };
    let advance = async {
        received_n(&world, 4).await;
        clock.advance(1_000);
    };
    let (drained, ()) = futures_join(waiting, advance).await;
    assert!(!drained, "the timeout ends the wait while the server fails");
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn a_look_at_an_empty_outbox_does_not_answer_drained_for_an_event_recorded_during_it() {
    // A look that finds the outbox empty sends the client report that is due before it
    // answers `drained`; the server holds that report for 2 s, and meanwhile an event is
    // recorded and `drained` asked, as `flush()` right after a capture does.
    let world = World::new("drained-look", 2).await;
    world.record(1, 3).await;
    let sender = world.sender();
    received_n(&world, 2).await;
    world.clock.advance(1);
    settled(&world, &sender).await;
    sender.close();
    world.record(4, 3).await; // one pushed out while no sender ran: a report is due
    world
        .script(r#"[{"status":200},{"status":200},{"status":200,"delay":2000},{"status":500}]"#)
        .await;
    let sender = world.sender();
    let got = received_n(&world, 5).await;
    assert_eq!(
        got[4].kind(),
        "client_report",
        "the look is sending the report"
    );
    world.record(7, 1).await;
    let clock = world.clock.clone();
    let waiter = sender.clone();
    let waiting = async move { waiter.drained(5_000).await };
    let advance = async {
        let got = received_n(&world, 6).await;
        assert_eq!(
            got[5].kind(),
            "event",
            "the event recorded meanwhile is sent"
        );
        clock.advance(5_000);
    };
    let (drained, ()) = futures_join(waiting, advance).await;
    assert!(
        !drained,
        "the event recorded during the look is not sent (500): the outbox is not drained"
    );
    sender.close();
    world.cleanup().await;
}

/// Runs two futures to completion together.
async fn futures_join<A, B>(
    a: impl std::future::Future<Output = A> + 'static,
    b: impl std::future::Future<Output = B>,
) -> (A, B)
where
    A: 'static,
{
    let slot = std::rc::Rc::new(std::cell::RefCell::new(None));
    let out = slot.clone();
    wasm_bindgen_futures::spawn_local(async move {
        *out.borrow_mut() = Some(a.await);
    });
    let b = b.await;
    loop {
        if let Some(a) = slot.borrow_mut().take() {
            return (a, b);
        }
        tick(10).await;
    }
}

#[wasm_bindgen_test]
async fn ip_addresses_leave_only_with_send_default_pii() {
    for (pii, expected) in [(false, None), (true, Some("{{auto}}"))] {
        let world = World::new("pii", 100).await;
        let plain = support::thrown(1, None);
        let with_ip = support::thrown(2, Some("203.0.113.9"));
        world.store.record(&[plain, with_ip]).await.unwrap();
        let mut options = world.options();
        options.send_default_pii = pii;
        let sender = faultline_sync::Sender::start(world.store.clone(), options);
        let got = received_n(&world, 2).await;
        let ip = |r: &Received| path(&r.items()[0].1, &["user", "ip_address"]).as_string();
        assert_eq!(ip(&got[0]).as_deref(), expected, "no user, pii {pii}");
        let kept = if pii { Some("203.0.113.9") } else { None };
        assert_eq!(
            ip(&got[1]).as_deref(),
            kept,
            "a user's own address, pii {pii}"
        );
        assert_eq!(
            path(&got[1].items()[0].1, &["user", "id"])
                .as_string()
                .as_deref(),
            Some("u1")
        );
        sender.close();
        world.cleanup().await;
    }
}

#[wasm_bindgen_test]
async fn state_is_stored_for_the_viewer() {
    let world = World::new("state", 100).await;
    world.record(1, 2).await;
    let sender = world.sender();
    received_n(&world, 2).await;
    let stored = wait_for("the stored state", || async {
        let s = faultline_sync::SyncState::load(&world.store)
            .await
            .unwrap()?;
        (s.sent == 2).then_some(s)
    })
    .await;
    assert_eq!(stored.pending, 0);
    assert_eq!(stored.last_success, Some(T0));
    assert_eq!(stored.updated, T0);
    assert!(!stored.is_rate_limited(T0));
    assert_eq!(stored, sender.state());
    sender.close();
    world.cleanup().await;
}
