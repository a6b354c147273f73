//! Shared by the browser tests: the real page part (wasm-bindgen's snippets) with the real
//! engine, a fresh database per test, and reading back what was stored.
//!
//! The engine's files are the JS package's (`pkg/`, made by `scripts/pkg.sh`), copied by
//! `scripts/test.sh` to `tests/engine/` of this crate: wasm-bindgen's test runner serves
//! the crate's directory, and a module Worker must come from the page's own origin.

#![allow(dead_code)]

use faultline::{Event, Options};
use faultline_core::Issue;
use faultline_idb::Store;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the runner serves the engine's files.
pub const ENGINE_URL: &str = "/tests/engine/";

#[wasm_bindgen]
extern "C" {
    type Global;
    #[wasm_bindgen(method, js_name = setTimeout)]
    fn set_timeout(this: &Global, f: &js_sys::Function, ms: i32) -> i32;
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_url(url: &str) -> Promise;
}

/// A database name no other test uses.
pub fn unique_db(test: &str) -> String {
    format!("faultline-test-{test}-{}", js_sys::Math::random().to_bits())
}

/// Options for a test: its own database, the engine served by the runner.
pub fn options(test: &str) -> Options {
    Options {
        release: Some("shop@1.0.0".into()),
        environment: Some("test".into()),
        db_name: unique_db(test),
        engine_url: Some(ENGINE_URL.into()),
        ..Options::default()
    }
}

/// Starts Faultline with `options`; returns the database name.
pub async fn start(options: Options) -> String {
    let worker = JsFuture::from(fetch_url(&(ENGINE_URL.to_string() + "worker.js")))
        .await
        .unwrap();
    let ok = js_sys::Reflect::get(&worker, &"ok".into()).unwrap();
    assert_eq!(
        ok,
        JsValue::TRUE,
        "the engine is not at {ENGINE_URL}: run scripts/pkg.sh, then copy pkg/ to \
         crates/faultline/tests/engine/ (scripts/test.sh does both)"
    );
    let db = options.db_name.clone();
    let ready = JsFuture::from(faultline::init(options)).await.unwrap();
    assert_eq!(ready, JsValue::TRUE);
    db
}

/// What a test stored: issues (most recent first) and all events, newest first.
pub struct Stored {
    pub issues: Vec<Issue>,
    pub events: Vec<Event>,
}

impl Stored {
    /// The only event; fails when there is not exactly one.
    pub fn one(&self) -> &Event {
        assert_eq!(self.events.len(), 1, "events: {:#?}", self.events);
        &self.events[0]
    }

    /// The event whose message or thrown value is `text`.
    pub fn find(&self, text: &str) -> &Event {
        self.events
            .iter()
            .find(|e| {
                e.message.as_deref() == Some(text)
                    || e.primary_exception().and_then(|x| x.value.as_deref()) == Some(text)
            })
            .unwrap_or_else(|| panic!("no event {text:?} in {:#?}", self.events))
    }
}

/// Flushes, closes Faultline, reads back everything stored and deletes the database.
pub async fn stop(db: &str) -> Stored {
    let flushed = JsFuture::from(faultline::close(Some(10_000)))
        .await
        .unwrap();
    assert_eq!(flushed, JsValue::TRUE, "everything was stored in time");
    let store = Store::open(db).await.unwrap();
    let issues = store.all_issues().await.unwrap();
    let mut events = Vec::new();
    for issue in &issues {
        events.extend(store.events_of(issue.id).await.unwrap());
    }
    events.sort_by_key(|e| std::cmp::Reverse(e.timestamp));
    store.close();
    Store::delete(db).await.unwrap();
    Stored { issues, events }
}

/// Runs JavaScript `body` (a function body) and returns what it returns.
pub fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .unwrap()
}

/// Waits `ms` milliseconds (so that listeners and timers run).
pub async fn tick(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        js_sys::global()
            .unchecked_into::<Global>()
            .set_timeout(&resolve, ms);
    });
    JsFuture::from(promise).await.unwrap();
}

/// The exception values of `event`, thrown value last.
pub fn exceptions(event: &Event) -> &[faultline_core::Exception] {
    &event.exception.as_ref().expect("an exception event").values
}

/// The mechanism type and `handled` of the exception at `index`.
pub fn mechanism(event: &Event, index: usize) -> (String, Option<bool>) {
    let m = exceptions(event)[index]
        .mechanism
        .clone()
        .expect("a mechanism");
    (m.ty, m.handled)
}
