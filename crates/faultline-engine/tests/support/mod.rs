//! Shared by the engine's browser tests: an engine on a fresh database with a recording
//! host, journal items as the page part writes them, and reading back what was stored.

#![allow(dead_code)]

use faultline_core::{Event, Issue};
use faultline_idb::Store;
use js_sys::{Array, Function, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A database name no other test uses.
pub fn unique_db(test: &str) -> String {
    format!(
        "faultline-engine-test-{test}-{}",
        js_sys::Math::random().to_bits()
    )
}

/// A JS value from JSON.
pub fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("valid JSON")
}

/// Runs JavaScript `body` (a function body) and returns what it returns.
pub fn eval(body: &str) -> JsValue {
    Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .expect("the test's JavaScript runs")
}

/// What the engine told the page through its host.
pub struct Host {
    /// The host object given to `start`.
    pub object: JsValue,
    /// `warn` texts, `ack` batch numbers, `stored` event counts (arrays filled by the host).
    log: JsValue,
}

impl Host {
    /// A host that records what it is told; `before_send` (a JS function source taking
    /// the events, returning the answers or a promise of them) when given.
    pub fn new(before_send: Option<&str>) -> Host {
        let make = Function::new_with_args(
            "beforeSend",
            "const log = { warn: [], ack: [], stored: [] };
             const host = {
               warn: (t) => log.warn.push(t),
               sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
               ack: (seq) => log.ack.push(seq),
               stored: (events, n) => log.stored.push(events.length),
             };
             if (beforeSend) host.beforeSend = new Function('events', beforeSend);
             return [host, log];",
        );
        let made: Array = make
            .call1(
                &JsValue::UNDEFINED,
                &before_send.map_or(JsValue::UNDEFINED, JsValue::from_str),
            )
            .expect("the host is made")
            .unchecked_into();
        Host {
            object: made.get(0),
            log: made.get(1),
        }
    }

    fn list(&self, key: &str) -> Vec<JsValue> {
        Reflect::get(&self.log, &key.into())
            .ok()
            .and_then(|v| v.dyn_into::<Array>().ok())
            .map(|a| a.to_vec())
            .unwrap_or_default()
    }

    /// The warnings, in order.
    pub fn warnings(&self) -> Vec<String> {
        self.list("warn")
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    }

    /// The numbers the host was told under `key`, in order.
    fn numbers(&self, key: &str) -> Vec<u32> {
        self.list(key)
            .iter()
            .filter_map(|v| v.as_f64())
            .map(|n| n as u32)
            .collect()
    }

    /// How many events each `stored` call carried, in order.
    pub fn stored(&self) -> Vec<u32> {
        self.numbers("stored")
    }

    /// The acknowledged batch numbers, in order.
    pub fn acks(&self) -> Vec<u32> {
        self.numbers("ack")
    }
}

/// Starts the engine on a fresh database with `options` (plus the name); returns its name.
pub async fn start(test: &str, mut options: Value, host: &Host) -> String {
    // An engine a failed test left running would take this test's items.
    let _ = JsFuture::from(faultline_engine::close(Some(0))).await;
    let db = unique_db(test);
    options["dbName"] = json!(db);
    let persistent = JsFuture::from(faultline_engine::start(js(&options), host.object.clone()))
        .await
        .expect("start resolves");
    assert_eq!(persistent, JsValue::TRUE, "storage opened");
    db
}

/// Hands `items` over as batch `seq`.
pub fn ingest(seq: u32, items: &[Value]) {
    let items: Array = items.iter().map(js).collect();
    faultline_engine::ingest(seq, items);
}

/// The engine's counter `name` now.
pub fn stat(name: &str) -> u64 {
    let stats = faultline_engine::stats();
    Reflect::get(&stats, &name.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u64
}

/// Flushes; `true` when everything was stored in time.
pub async fn flush() -> bool {
    let done = JsFuture::from(faultline_engine::flush(Some(10_000))).await;
    done.expect("flush resolves") == JsValue::TRUE
}

/// What a test stored: issues and all events, oldest first.
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

    /// The sum of every issue's count.
    pub fn counted(&self) -> u64 {
        self.issues.iter().map(|i| i.count).sum()
    }
}

/// Closes the engine (flushing), reads back everything stored and deletes the database.
pub async fn stop(db: &str) -> Stored {
    let closed = JsFuture::from(faultline_engine::close(Some(10_000))).await;
    assert_eq!(
        closed.expect("close resolves"),
        JsValue::TRUE,
        "everything stored in time"
    );
    let store = Store::open(db).await.expect("the database opens");
    let issues = store.all_issues().await.expect("issues read");
    let mut events = Vec::new();
    for issue in &issues {
        events.extend(store.events_of(issue.id).await.expect("events read"));
    }
    events.sort_by_key(|e| e.timestamp);
    let drops = store.stats().await.expect("stats read").drops;
    store.close();
    Store::delete(db).await.expect("the database is deleted");
    Stored {
        issues,
        events,
        drops,
    }
}

/// A capture item of kind `k` as the page part journals it.
pub fn item(k: &str, id: u32, ts: i64, fields: Value) -> Value {
    let mut item = json!({
        "k": k,
        "id": format!("{id:032x}"),
        "ts": ts,
        "url": "https://shop.example/cart",
        "scope": { "v": 0 },
    });
    if let (Some(item), Some(fields)) = (item.as_object_mut(), fields.as_object()) {
        for (key, value) in fields {
            item.insert(key.clone(), value.clone());
        }
    }
    item
}

/// An uncaught error's item: a real `Error` thrown in this browser, read as the sensors
/// read it (`readError` entries; see `js/sensors.js`).
pub fn uncaught(id: u32, ts: i64, name: &str, message: &str) -> Value {
    let stack = eval(&format!(
        "function checkout() {{ const e = new Error({message:?}); e.name = {name:?}; throw e; }}
         try {{ checkout(); }} catch (e) {{ return e.stack; }}"
    ))
    .as_string()
    .unwrap_or_default();
    item(
        "error",
        id,
        ts,
        json!({ "record": {
            "ts": ts,
            "m": format!("Uncaught {name}: {message}"),
            "f": "https://shop.example/app.js", "l": 1, "c": 1,
            "r": [{ "e": true, "n": name, "m": message, "s": stack }],
        }}),
    )
}

/// A breadcrumb item.
pub fn crumb(message: &str, ts_secs: f64) -> Value {
    json!({ "k": "crumb", "crumb": { "category": "console", "message": message, "timestamp": ts_secs } })
}

/// Milliseconds since the epoch, now.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}
