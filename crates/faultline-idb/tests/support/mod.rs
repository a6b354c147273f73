//! Helpers shared by the storage tests: unique databases, events, both backends.

#![allow(dead_code)]

use faultline_core::{
    default_fingerprint, parse_stack, Event, EventId, Exception, ExceptionList, Stacktrace,
    Timestamp, User,
};
use faultline_idb::{GroupedEvent, Store, StoreConfig};

/// A database name no other test uses.
pub fn unique_name(test: &str) -> String {
    format!("faultline-test-{test}-{}", js_sys::Math::random().to_bits())
}

/// An event thrown as `ty` from `function`, at `at` ms, with event id bytes `seq`.
pub fn thrown(seq: u32, ty: &str, function: &str, at: i64) -> GroupedEvent {
    let stack = format!(
        "{ty}: boom\n    at {function} (http://127.0.0.1/app.js:{}:7)\n    at main (http://127.0.0.1/app.js:40:1)",
        seq % 1000 + 1
    );
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&seq.to_be_bytes());
    id[4..8].copy_from_slice(&(js_sys::Math::random().to_bits() as u32).to_be_bytes());
    let event = Event {
        event_id: EventId::from_random(id),
        timestamp: Timestamp(at),
        release: Some("shop@1.0.0".to_string()),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some(ty.to_string()),
                value: Some("boom".to_string()),
                stacktrace: Some(Stacktrace {
                    frames: parse_stack(&stack).frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    };
    let grouping = default_fingerprint(&event);
    GroupedEvent::new(event, grouping)
}

/// The same, from user `user`.
pub fn thrown_by(seq: u32, function: &str, at: i64, user: &str) -> GroupedEvent {
    let mut g = thrown(seq, "TypeError", function, at);
    g.event.user = Some(User {
        id: Some(user.to_string()),
        ..User::default()
    });
    g
}

/// The same, in `release`.
pub fn thrown_in(seq: u32, function: &str, at: i64, release: &str) -> GroupedEvent {
    let mut g = thrown(seq, "TypeError", function, at);
    g.event.release = Some(release.to_string());
    g
}

/// An IndexedDB store and an in-memory one, to run one scenario against both.
pub async fn both_backends(test: &str, config: StoreConfig) -> [(Store, Option<String>); 2] {
    let name = unique_name(test);
    let idb = Store::open_with(&name, config.clone()).await.expect("open");
    let memory = Store::memory(&unique_name(test), config, None);
    [(idb, Some(name)), (memory, None)]
}

/// Closes the store and deletes its database, if it has one.
pub async fn cleanup(store: Store, name: Option<String>) {
    store.close();
    if let Some(name) = name {
        Store::delete(&name).await.expect("delete");
    }
}

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbVersionChangeEvent};

/// Opens `name` at `version` with the raw API, running `upgrade` on `upgradeneeded`, and
/// without any `versionchange` handler (like a page that never closes its connection).
pub async fn raw_open(
    name: &str,
    version: u32,
    upgrade: impl Fn(&IdbDatabase) + 'static,
) -> IdbDatabase {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req: IdbOpenDbRequest = factory.open_with_u32(name, version).unwrap();
    let on_upgrade =
        Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |e: IdbVersionChangeEvent| {
            let req: IdbOpenDbRequest = e.target().unwrap().unchecked_into();
            upgrade(&req.result().unwrap().unchecked_into());
        });
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let db = wait_request(req.unchecked_ref()).await.expect("raw open");
    db.unchecked_into()
}

/// Waits for an `IDBRequest` to succeed (its result) or fail (its error).
pub async fn wait_request(req: &web_sys::IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    req.result()
}

/// Puts `value` into `store` with the raw API and waits for the transaction to commit.
pub async fn raw_put(db: &IdbDatabase, store: &str, value: &JsValue) {
    let tx = db
        .transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let req = tx.object_store(store).unwrap().put(value).unwrap();
    wait_request(&req).await.expect("raw put");
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A plain object from `(key, value)` pairs.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}
