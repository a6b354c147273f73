//! What wakes the sender besides its timers: `online` (retry at once), the page being
//! hidden or left (send what is pending while `keepalive` can carry it), and storage's
//! announcements of newly recorded events from any tab. Removed when dropped.

use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, Event, EventTarget, MessageEvent};

use crate::js;
use crate::pump;
use crate::shared::Shared;

/// The storage channel and its `message` handler.
type Channel = (BroadcastChannel, Closure<dyn FnMut(MessageEvent)>);

/// The sender's listeners; dropping this removes them.
#[must_use]
pub(crate) struct Listeners {
    target: EventTarget,
    on_online: Closure<dyn FnMut(Event)>,
    on_hide: Closure<dyn FnMut(Event)>,
    channel: Option<Channel>,
}

const HIDE_EVENTS: [&str; 2] = ["pagehide", "visibilitychange"];

impl Listeners {
    /// Listens on the global object (window or worker) and on the storage channel of the
    /// sender's database.
    pub(crate) fn install(s: &Rc<Shared>) -> Listeners {
        let target: EventTarget = js_sys::global().unchecked_into();
        let weak = Rc::downgrade(s);
        let on_online = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            with(&weak, |s| {
                s.with(|r| r.policy.on_online());
                pump::kick(s);
            });
        });
        let weak = Rc::downgrade(s);
        let on_hide = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if event.type_() == "pagehide" || js::is_hidden() {
                // Requests go out with keepalive (within its budget), so they outlive the page.
                with(&weak, pump::kick);
            }
        });
        let _ =
            target.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        for name in HIDE_EVENTS {
            let _ = target.add_event_listener_with_callback(name, on_hide.as_ref().unchecked_ref());
        }
        Listeners {
            channel: listen_to_storage(s),
            target,
            on_online,
            on_hide,
        }
    }
}

fn with(weak: &Weak<Shared>, f: impl FnOnce(&Rc<Shared>)) {
    if let Some(s) = weak.upgrade() {
        f(&s);
    }
}

fn listen_to_storage(s: &Rc<Shared>) -> Option<Channel> {
    let channel = BroadcastChannel::new(&faultline_idb::channel_name(s.store.name())).ok()?;
    let weak = Rc::downgrade(s);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if js::is_recorded_message(&event.data()) {
            with(&weak, pump::kick);
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some((channel, on_message))
}

impl Drop for Listeners {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("online", self.on_online.as_ref().unchecked_ref());
        for name in HIDE_EVENTS {
            let _ = self
                .target
                .remove_event_listener_with_callback(name, self.on_hide.as_ref().unchecked_ref());
        }
        if let Some((channel, _)) = &self.channel {
            channel.set_onmessage(None);
            channel.close();
        }
    }
}
