//! Capture with a DSN: events are stored, queued in the outbox and sent, and `flush` waits
//! for the server to have them. Posts to the scripted loopback server (tests/sync-server.mjs,
//! started by scripts/test.sh).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use faultline::Options;
use faultline_idb::Store;
use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with(url: &str) -> Promise;
}

fn server() -> &'static str {
    match option_env!("FAULTLINE_SYNC_TEST_SERVER") {
        Some(url) => url,
        None => panic!("FAULTLINE_SYNC_TEST_SERVER is not set: run through scripts/test.sh"),
    }
}

async fn received(project: u32) -> Vec<String> {
    let response = JsFuture::from(fetch_with(&format!("{}/log/{project}", server())))
        .await
        .unwrap();
    let text: Function = Reflect::get(&response, &"text".into()).unwrap().into();
    let text = JsFuture::from(Promise::from(text.call0(&response).unwrap()))
        .await
        .unwrap();
    let log = JSON::parse(&text.as_string().unwrap()).unwrap();
    js_sys::Array::from(&log)
        .iter()
        .map(|e| {
            Reflect::get(&e, &"body".into())
                .unwrap()
                .as_string()
                .unwrap()
        })
        .collect()
}

#[derive(Debug)]
struct CheckoutError;

impl std::fmt::Display for CheckoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("card declined")
    }
}

impl std::error::Error for CheckoutError {}

#[wasm_bindgen_test]
async fn with_a_dsn_captured_events_reach_the_server_before_flush_resolves() {
    let project = (js_sys::Math::random() * 1e9) as u32 + 1;
    let db_name = format!("faultline-test-capture-sync-{project}");
    let host = server().trim_start_matches("http://");
    let options = Options {
        release: Some("shop@2.0.0".into()),
        environment: Some("staging".into()),
        db_name: db_name.clone(),
        dsn: Some(format!("http://key@{host}/{project}")),
        ..Options::default()
    };
    assert_eq!(
        JsFuture::from(faultline::init(options)).await.unwrap(),
        true
    );
    let id = faultline::capture_error(&CheckoutError).unwrap();
    assert_eq!(
        JsFuture::from(faultline::flush(Some(5_000))).await.unwrap(),
        true
    );

    let bodies = received(project).await;
    assert_eq!(bodies.len(), 1);
    let lines: Vec<&str> = bodies[0].lines().collect();
    let header = JSON::parse(lines[0]).unwrap();
    assert_eq!(
        Reflect::get(&header, &"event_id".into()).unwrap(),
        id.to_string()
    );
    let event = JSON::parse(lines[2]).unwrap();
    for (key, value) in [("release", "shop@2.0.0"), ("environment", "staging")] {
        assert_eq!(Reflect::get(&event, &key.into()).unwrap(), value);
    }
    let store = Store::open(&db_name).await.unwrap();
    assert_eq!(store.outbox_len().await.unwrap().0, 0);
    assert_eq!(store.all_issues().await.unwrap().len(), 1, "stored as well");
    store.close();
}
