//! 429s: the sender pauses as `Retry-After` (seconds or an HTTP date),
//! `X-Sentry-Rate-Limits` or, for a bare 429, the 60 s default say, and resumes after.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Scripts one 429 with `headers`, then checks that nothing is sent before `wait_ms` and
/// that sending resumes at `wait_ms`.
async fn check_rate_limit(test: &str, headers: &str, wait_ms: i64) {
    let world = World::new(test, 100).await;
    world
        .script(&format!(r#"[{{"status":429,"headers":{headers}}}]"#))
        .await;
    world.record(1, 1).await;
    let sender = world.sender();

    received_n(&world, 1).await;
    let state = wait_for("the rate limit", || async {
        let s = sender.state();
        s.rate_limited_until.is_some().then_some(s)
    })
    .await;
    assert_eq!(
        state.rate_limited_until,
        Some(T0.plus_millis(wait_ms)),
        "{test}"
    );
    assert_eq!(state.last_error.as_deref(), Some("HTTP 429 (rate limited)"));

    world.clock.advance(wait_ms - 1);
    settled(&world, &sender).await;
    assert_eq!(world.received().await.len(), 1, "{test}: paused");

    world.clock.advance(1);
    let got = received_n(&world, 2).await;
    assert_eq!(
        got[1].event_id(),
        got[0].event_id(),
        "{test}: the refused one again"
    );
    assert_eq!(got[1].answer, JsValue::from(200));
    sender.close();
    world.cleanup().await;
}

#[wasm_bindgen_test]
async fn retry_after_in_seconds_pauses_sending() {
    check_rate_limit("retry-after-seconds", r#"{"Retry-After":"7"}"#, 7_000).await;
}

#[wasm_bindgen_test]
async fn retry_after_as_an_http_date_pauses_sending() {
    // T0 is Sun, 06 Nov 2033 08:49:37 GMT.
    let headers = r#"{"Retry-After":"Sun, 06 Nov 2033 08:49:47 GMT"}"#;
    check_rate_limit("retry-after-date", headers, 10_000).await;
}

#[wasm_bindgen_test]
async fn sentry_rate_limits_header_pauses_sending_and_wins_over_retry_after() {
    // As Bugsink answers: the error category for 20 s, transactions for a day.
    let headers = r#"{"X-Sentry-Rate-Limits":"20:error;default:key, 86400:transaction;span:organization","Retry-After":"300"}"#;
    check_rate_limit("sentry-rate-limits", headers, 20_000).await;
}

#[wasm_bindgen_test]
async fn a_bare_429_pauses_sending_for_sixty_seconds() {
    check_rate_limit("bare-429", "{}", 60_000).await;
}

#[wasm_bindgen_test]
async fn a_rate_limit_survives_a_restart_of_the_sender() {
    let world = World::new("restart", 100).await;
    world
        .script(r#"[{"status":429,"headers":{"Retry-After":"30"}}]"#)
        .await;
    world.record(1, 1).await;
    let sender = world.sender();
    received_n(&world, 1).await;
    wait_for("the stored rate limit", || async {
        let stored = faultline_sync::SyncState::load(&world.store)
            .await
            .unwrap()?;
        (stored.rate_limited_until == Some(T0.plus_millis(30_000))).then_some(())
    })
    .await;
    sender.close();

    world.clock.advance(10_000);
    let sender = world.sender();
    settled(&world, &sender).await;
    assert_eq!(
        world.received().await.len(),
        1,
        "still limited after the restart"
    );
    assert_eq!(sender.state().sent, 0);
    world.clock.advance(20_000);
    received_n(&world, 2).await;
    sender.close();
    world.cleanup().await;
}
