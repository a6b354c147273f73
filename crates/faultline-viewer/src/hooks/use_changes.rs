//! Live changes: storage announces every write on a `BroadcastChannel`
//! (`faultline:<db>`, `{type, issues}`), from this tab and every other. Bursts are
//! coalesced so a flood of events costs a few reloads, not thousands.

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::IssueId;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};
use yew::prelude::*;

/// How long changes are gathered before the views are told.
const COALESCE_MS: u32 = 150;

/// One announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `recorded`, `triaged`, `imported`, ...
    pub kind: String,
    /// The issues that changed.
    pub issues: Vec<IssueId>,
}

/// What changed since the last version; views reload when `version` moves.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// Goes up by one per batch of changes.
    pub version: u64,
    /// The issues changed in the latest batch.
    pub issues: Rc<Vec<IssueId>>,
    /// Whether the batch may have touched any issue (an import, an unknown message).
    pub everything: bool,
}

impl Changes {
    /// Whether the latest batch touched `issue`.
    pub fn touches(&self, issue: IssueId) -> bool {
        self.everything || self.issues.contains(&issue)
    }
}

/// Reads a channel message; `None` when it is not one of storage's.
pub fn change_from_message(data: &JsValue) -> Option<Change> {
    let kind = js_sys::Reflect::get(data, &"type".into())
        .ok()?
        .as_string()?;
    let issues = js_sys::Reflect::get(data, &"issues".into()).ok()?;
    let issues = if js_sys::Array::is_array(&issues) {
        js_sys::Array::from(&issues)
            .iter()
            .filter_map(|v| v.as_f64())
            .filter(|n| *n >= 0.0)
            .map(|n| IssueId(n as u64))
            .collect()
    } else {
        Vec::new()
    };
    Some(Change { kind, issues })
}

#[derive(Default)]
struct Pending {
    issues: Vec<IssueId>,
    everything: bool,
    version: u64,
    timer: Option<Timeout>,
}

/// Listens on the channel of database `db` and returns the latest [`Changes`].
#[hook]
pub fn use_changes(db: &'static str) -> Changes {
    let changes = use_state(Changes::default);
    let pending = use_mut_ref(Pending::default);
    let latest = use_mut_ref(|| changes.clone());
    *latest.borrow_mut() = changes.clone();
    use_effect_with(db, move |db| {
        let channel = BroadcastChannel::new(&format!("faultline:{db}")).ok();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            note(&pending, &latest, change_from_message(&e.data()));
        });
        if let Some(c) = &channel {
            c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        }
        move || {
            if let Some(c) = channel {
                c.set_onmessage(None);
                c.close();
            }
            drop(on_message);
        }
    });
    (*changes).clone()
}

fn note(
    pending: &Rc<RefCell<Pending>>,
    latest: &Rc<RefCell<UseStateHandle<Changes>>>,
    change: Option<Change>,
) {
    let mut p = pending.borrow_mut();
    match change {
        Some(c) if c.kind != "imported" => p.issues.extend(c.issues),
        _ => p.everything = true,
    }
    if p.timer.is_some() {
        return;
    }
    let (pending, latest) = (pending.clone(), latest.clone());
    p.timer = Some(Timeout::new(COALESCE_MS, move || {
        let mut p = pending.borrow_mut();
        let handle = latest.borrow().clone();
        let mut issues = std::mem::take(&mut p.issues);
        faultline_core::heapsort(&mut issues);
        issues.dedup();
        p.version += 1;
        handle.set(Changes {
            version: p.version,
            issues: Rc::new(issues),
            everything: std::mem::take(&mut p.everything),
        });
        p.timer = None;
    }));
}
