//! Helpers for the sender's browser tests: a fake clock, the scripted envelope server
//! (tests/sync-server.mjs, started by scripts/test.sh), stores with an outbox, polling.

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use faultline_core::{
    default_fingerprint, parse_stack, Dsn, Event, EventId, Exception, ExceptionList, Stacktrace,
    Timestamp, User,
};
use faultline_idb::{GroupedEvent, OutboxConfig, Store, StoreConfig};
use faultline_sync::{Clock, Election, Sender, SyncOptions, SyncState, Timer};
use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The scripted server's base URL, passed in at compile time by scripts/test.sh.
pub fn server() -> &'static str {
    match option_env!("FAULTLINE_SYNC_TEST_SERVER") {
        Some(url) => url,
        None => panic!(
            "FAULTLINE_SYNC_TEST_SERVER is not set: run these tests through scripts/test.sh, \
             or start `node tests/sync-server.mjs 0 PORT_FILE` and set it to its URL"
        ),
    }
}

/// A timer of the fake clock: id, when it is due, what it calls.
type FakeTimer = (u64, i64, Box<dyn FnOnce()>);

/// A fake clock: time moves only when a test advances it, firing due timers in order.
pub struct FakeClock {
    now: Cell<i64>,
    jitter: Cell<f64>,
    next_id: Cell<u64>,
    timers: RefCell<Vec<FakeTimer>>,
    me: Weak<FakeClock>,
}

impl FakeClock {
    /// A clock at `now`, with jitter 0 (so backoffs are the shortest of their band).
    pub fn at(now: Timestamp) -> Rc<FakeClock> {
        Rc::new_cyclic(|me| FakeClock {
            now: Cell::new(now.as_millis()),
            jitter: Cell::new(0.0),
            next_id: Cell::new(0),
            timers: RefCell::new(Vec::new()),
            me: me.clone(),
        })
    }

    /// Moves time forward by `ms`, firing every timer that falls due on the way.
    pub fn advance(&self, ms: i64) {
        let target = self.now.get() + ms;
        loop {
            let due = {
                let mut timers = self.timers.borrow_mut();
                let next = timers
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, at, _))| *at <= target)
                    .min_by_key(|(_, (id, at, _))| (*at, *id))
                    .map(|(i, _)| i);
                next.map(|i| timers.remove(i))
            };
            let Some((_, at, callback)) = due else { break };
            self.now.set(at.max(self.now.get()));
            callback();
        }
        self.now.set(target);
    }

    /// Timers waiting to fire.
    pub fn pending_timers(&self) -> usize {
        self.timers.borrow().len()
    }

    /// The fake time.
    pub fn time(&self) -> Timestamp {
        Timestamp(self.now.get())
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        self.time()
    }

    fn jitter(&self) -> f64 {
        self.jitter.get()
    }

    fn set_timer(&self, delay_ms: i64, callback: Box<dyn FnOnce()>) -> Timer {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let at = self.now.get() + delay_ms.max(0);
        self.timers.borrow_mut().push((id, at, callback));
        let me = self.me.clone();
        Timer::new(move || {
            if let Some(clock) = me.upgrade() {
                clock.timers.borrow_mut().retain(|(t, _, _)| *t != id);
            }
        })
    }
}

/// 2033-11-06T08:49:37Z, a round second, so HTTP dates relative to it are exact.
pub const T0: Timestamp = Timestamp(2_014_879_777_000);

/// One test's world: a project on the scripted server, a database with an outbox, a clock.
pub struct World {
    pub project: u32,
    pub db: String,
    pub store: Store,
    pub clock: Rc<FakeClock>,
}

impl World {
    /// A fresh world whose outbox keeps at most `max_entries`.
    pub async fn new(test: &str, max_entries: u64) -> World {
        let project = (js_sys::Math::random() * 1e9) as u32 + 1;
        let db = format!("faultline-sync-test-{test}-{project}");
        let config = StoreConfig {
            outbox: Some(OutboxConfig {
                max_entries,
                ..OutboxConfig::default()
            }),
            ..StoreConfig::default()
        };
        let store = Store::open_with(&db, config).await.expect("open the store");
        World {
            project,
            db,
            store,
            clock: FakeClock::at(T0),
        }
    }

    pub fn dsn(&self) -> Dsn {
        let host = server().trim_start_matches("http://");
        Dsn::parse(&format!("http://testkey@{host}/{}", self.project)).expect("a DSN")
    }

    /// Options for a sender that always sends, on the fake clock, one request at a time
    /// (so the server sees envelopes in a known order).
    pub fn options(&self) -> SyncOptions {
        let mut options = SyncOptions::new(self.dsn());
        options.election = Election::Always;
        options.clock = self.clock.clone();
        options.max_in_flight = 1;
        options
    }

    pub fn sender(&self) -> Sender {
        Sender::start(self.store.clone(), self.options())
    }

    /// Records `n` events (`TypeError` thrown from `f{i}`); their ids in capture order.
    pub async fn record(&self, first: u32, n: u32) -> Vec<String> {
        let batch: Vec<GroupedEvent> = (first..first + n).map(|i| thrown(i, None)).collect();
        self.store.record(&batch).await.expect("record");
        batch.iter().map(|g| g.event.event_id.to_string()).collect()
    }

    /// Scripts the server's next answers (a JSON array, see tests/sync-server.mjs).
    pub async fn script(&self, steps: &str) {
        http(
            &format!("{}/script/{}", server(), self.project),
            Some(steps),
        )
        .await;
    }

    /// The envelopes the server received, with its answer to each.
    pub async fn received(&self) -> Vec<Received> {
        let text = http(&format!("{}/log/{}", server(), self.project), None).await;
        let list = JSON::parse(&text).expect("log JSON");
        js_sys::Array::from(&list)
            .iter()
            .map(|entry| Received {
                body: get(&entry, "body").as_string().unwrap_or_default(),
                answer: get(&entry, "answer"),
            })
            .collect()
    }

    /// The most envelopes the server had open at once.
    pub async fn max_in_flight(&self) -> u32 {
        let text = http(&format!("{}/stats/{}", server(), self.project), None).await;
        let stats = JSON::parse(&text).expect("stats JSON");
        get(&stats, "maxInFlight").as_f64().unwrap_or(0.0) as u32
    }

    /// Closes the store and deletes its database.
    pub async fn cleanup(self) {
        self.store.close();
        Store::delete(&self.db).await.expect("delete the database");
    }
}

/// An event like [`thrown`] whose message is `message`.
pub fn thrown_with(seq: u32, message: &str) -> GroupedEvent {
    let mut g = thrown(seq, None);
    if let Some(list) = &mut g.event.exception {
        list.values[0].value = Some(message.to_string());
    }
    g
}

/// An event thrown as a `TypeError` from `f{seq}`, optionally from a user at `ip`.
pub fn thrown(seq: u32, ip: Option<&str>) -> GroupedEvent {
    let stack = format!("TypeError: boom {seq}\n    at f{seq} (http://127.0.0.1/app.js:{seq}:7)");
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&seq.to_be_bytes());
    id[4..12].copy_from_slice(&js_sys::Math::random().to_bits().to_be_bytes());
    let event = Event {
        event_id: EventId::from_random(id),
        timestamp: T0,
        release: Some("shop@1.0.0".to_string()),
        user: ip.map(|ip| User {
            id: Some("u1".to_string()),
            ip_address: Some(ip.to_string()),
            ..User::default()
        }),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".to_string()),
                value: Some(format!("boom {seq}")),
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

/// An envelope the server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub body: String,
    /// The status it answered, or `"dropped"`.
    pub answer: JsValue,
}

impl Received {
    /// The envelope header, parsed.
    pub fn header(&self) -> JsValue {
        JSON::parse(self.body.lines().next().unwrap_or("")).expect("header JSON")
    }

    /// `(item header, payload)` pairs, parsed.
    pub fn items(&self) -> Vec<(JsValue, JsValue)> {
        let lines: Vec<&str> = self.body.lines().skip(1).collect();
        lines
            .chunks(2)
            .map(|pair| {
                let parse = |s: &str| JSON::parse(s).expect("item JSON");
                (
                    parse(pair[0]),
                    parse(pair.get(1).copied().unwrap_or("null")),
                )
            })
            .collect()
    }

    /// The item type of the first item.
    pub fn kind(&self) -> String {
        get(&self.items()[0].0, "type")
            .as_string()
            .unwrap_or_default()
    }

    /// The event id in the header, if any.
    pub fn event_id(&self) -> Option<String> {
        get(&self.header(), "event_id").as_string()
    }
}

/// `target[key]` (undefined when absent).
pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `target.a.b.c` along `path`.
pub fn path(target: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(target.clone(), |v, k| {
        if v.is_object() {
            get(&v, k)
        } else {
            JsValue::UNDEFINED
        }
    })
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with(url: &str, init: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32);
}

/// GET `url`, or POST `body` to it as text; the response text.
pub async fn http(url: &str, body: Option<&str>) -> String {
    let init = js_sys::Object::new();
    if let Some(body) = body {
        Reflect::set(&init, &"method".into(), &"POST".into()).unwrap();
        Reflect::set(&init, &"body".into(), &body.into()).unwrap();
    }
    let response = JsFuture::from(fetch_with(url, &init)).await.expect("fetch");
    let text: Function = get(&response, "text").into();
    let promise: Promise = text.call0(&response).expect("text()").into();
    JsFuture::from(promise)
        .await
        .expect("body")
        .as_string()
        .unwrap_or_default()
}

/// Resolves after `ms` of real time (the poll interval of [`wait_for`]).
pub async fn tick(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| set_timeout(&resolve, ms));
    let _ = JsFuture::from(promise).await;
}

/// Polls `check` every 20 ms until it gives `Some`, failing the test after 10 s.
pub async fn wait_for<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = js_sys::Date::now() + 10_000.0;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            js_sys::Date::now() < deadline,
            "timed out waiting for {what}"
        );
        tick(20).await;
    }
}

/// Waits until the server has received `n` envelopes; returns them.
pub async fn received_n(world: &World, n: usize) -> Vec<Received> {
    wait_for(&format!("{n} envelopes"), || async {
        let got = world.received().await;
        (got.len() >= n).then_some(got)
    })
    .await
}

/// Waits until the sender has finished a cycle at the fake clock's current time (its
/// stored state is that recent), so a test can then check that nothing was sent. Call it
/// after advancing the clock, so an earlier cycle's state cannot pass for it.
pub async fn settled(world: &World, sender: &Sender) -> SyncState {
    let now = world.clock.time();
    sender.notify();
    wait_for("the sender to finish a cycle", || async {
        let state = sender.state();
        (state.updated >= now && !state.server.is_empty()).then_some(state)
    })
    .await
}
