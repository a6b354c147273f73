//! Shared by the browser tests: a fresh database per test, and reading back what was stored.

#![allow(dead_code)]

use faultline::{Event, Options};
use faultline_core::Issue;
use faultline_idb::Store;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// A database name no other test uses.
pub fn unique_db(test: &str) -> String {
    format!("faultline-test-{test}-{}", js_sys::Math::random().to_bits())
}

/// Starts Faultline on a fresh database; returns its name.
pub async fn start(test: &str, mut options: Options) -> String {
    options.db_name = unique_db(test);
    let ready = JsFuture::from(faultline::init(options.clone()))
        .await
        .unwrap();
    assert_eq!(ready, JsValue::TRUE, "storage opened");
    options.db_name
}

/// What a test stored: issues (most recent first) and all events, newest first.
pub struct Stored {
    pub issues: Vec<Issue>,
    pub events: Vec<Event>,
    /// Storage's drop counters, by reason.
    pub drops: Vec<(String, u64)>,
}

impl Stored {
    /// The only event; fails when there is not exactly one.
    pub fn one(&self) -> &Event {
        assert_eq!(self.events.len(), 1, "events: {:#?}", self.events);
        &self.events[0]
    }
}

/// Flushes, closes Faultline, reads back everything stored and deletes the database.
pub async fn stop(db: &str) -> Stored {
    JsFuture::from(faultline::close(Some(10_000)))
        .await
        .unwrap();
    let store = Store::open(db).await.unwrap();
    let issues = store.all_issues().await.unwrap();
    let mut events = Vec::new();
    for issue in &issues {
        events.extend(store.events_of(issue.id).await.unwrap());
    }
    events.sort_by_key(|e| std::cmp::Reverse(e.timestamp));
    let drops = store.stats().await.unwrap().drops;
    store.close();
    Store::delete(db).await.unwrap();
    Stored {
        issues,
        events,
        drops,
    }
}

/// Runs JavaScript `body` (a function body) and returns what it returns.
pub fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .unwrap()
}

/// Waits for the next task (so that listeners and timers run).
pub async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        js_sys::global()
            .unchecked_into::<Global>()
            .set_timeout(&resolve, ms);
    });
    JsFuture::from(promise).await.unwrap();
}

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    type Global;
    #[wasm_bindgen(method, js_name = setTimeout)]
    fn set_timeout(this: &Global, f: &js_sys::Function, ms: i32) -> i32;
}

/// The exception values of `event`, thrown value last.
pub fn exceptions(event: &Event) -> &[faultline_core::Exception] {
    &event.exception.as_ref().expect("an exception event").values
}

/// `(function, filename, line)` of each frame of the thrown exception.
pub fn frames(event: &Event) -> Vec<(String, String, u32)> {
    event
        .primary_exception()
        .and_then(|x| x.stacktrace.as_ref())
        .map(|s| {
            s.frames
                .iter()
                .map(|f| {
                    (
                        f.function.clone().unwrap_or_default(),
                        f.filename.clone().unwrap_or_default(),
                        f.lineno.unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The mechanism type and `handled` of the thrown exception.
pub fn mechanism(event: &Event) -> (String, Option<bool>) {
    let m = event
        .primary_exception()
        .and_then(|x| x.mechanism.clone())
        .expect("a mechanism");
    (m.ty, m.handled)
}
