//! The app's hooks when they run inside this wasm (the Rust path, feature `rust-api`):
//! `before_send` on each finished event, `before_breadcrumb` on each breadcrumb, each run
//! marked busy and warned about once when it throws. In the JS package the page runs
//! `beforeBreadcrumb` itself, and the engine asks the page to run `beforeSend` for a whole
//! batch (`drain::finish_through`).

use faultline_core::{Breadcrumb, Event};
use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::client::{busy, is_busy, with_client};
use crate::convert::{event_from_js, event_to_js, set};
use crate::finish::Prepared;
use crate::options::Hook;
use crate::sensors;
use crate::stats::{bump, Counter};

/// Runs the app's `before_send` in this wasm on a prepared event; `None` when it dropped
/// the event or threw (counted; a throw is reported once).
pub(crate) fn before_send(mut prepared: Prepared) -> Option<Prepared> {
    let Some(hook) = prepared.options.before_send.clone() else {
        return Some(prepared);
    };
    let event = std::mem::take(&mut prepared.event);
    match busy(|| run_before_send(&hook.0, event, &prepared.hint)) {
        Ok(Some(event)) => {
            prepared.event = event;
            Some(prepared)
        }
        Ok(None) => {
            bump(Counter::BeforeSendDropped, prepared.occurrences);
            None
        }
        Err(()) => {
            bump(Counter::BeforeSendError, prepared.occurrences);
            None
        }
    }
}

/// `before_send`: `Ok(None)` drops, `Err` means it threw (counted, reported once).
fn run_before_send(
    hook: &Hook<Event>,
    event: Event,
    original: &JsValue,
) -> Result<Option<Event>, ()> {
    match hook {
        Hook::Rust(f) => Ok(f(event)),
        Hook::Js(f) => {
            let hint = Object::new();
            set(&hint, "originalException", original.clone());
            set(&hint, "event_id", event.event_id.to_string());
            match f.call2(&JsValue::UNDEFINED, &event_to_js(&event), &hint) {
                Ok(out) if out.is_object() => Ok(Some(event_from_js(&out, event))),
                Ok(_) => Ok(None),
                Err(error) => {
                    hook_failed(AppHook::BeforeSend, &error);
                    Err(())
                }
            }
        }
    }
}

/// Keeps a breadcrumb, after `before_breadcrumb` (given the original `hint`, if any): the
/// Rust path (the JS package's page runs `beforeBreadcrumb` itself).
pub(crate) fn add_breadcrumb(crumb: Breadcrumb, hint: Option<&JsValue>) {
    if is_busy() {
        return;
    }
    let Some(hook) = with_client(|c| c.options.before_breadcrumb.clone()) else {
        return;
    };
    let crumb = match hook {
        None => Some(crumb),
        Some(hook) => busy(|| run_breadcrumb_hook(&hook.0, crumb, hint)),
    };
    match crumb {
        Some(crumb) => {
            with_client(|c| c.scopes.add_breadcrumb(crumb));
        }
        None => bump(Counter::BreadcrumbsDropped, 1),
    }
}

fn run_breadcrumb_hook(
    hook: &Hook<Breadcrumb>,
    crumb: Breadcrumb,
    hint: Option<&JsValue>,
) -> Option<Breadcrumb> {
    match hook {
        Hook::Rust(f) => f(crumb),
        Hook::Js(f) => {
            let js = crate::convert::breadcrumb_to_js(&crumb);
            match f.call2(
                &JsValue::UNDEFINED,
                &js,
                hint.unwrap_or(&JsValue::UNDEFINED),
            ) {
                Ok(out) if out.is_object() => {
                    Some(crate::convert::breadcrumb_from_js(&out, crumb.timestamp))
                }
                Ok(_) => None,
                Err(e) => {
                    hook_failed(AppHook::BeforeBreadcrumb, &e);
                    bump(Counter::BeforeBreadcrumbError, 1);
                    None
                }
            }
        }
    }
}

/// An app hook that capture calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AppHook {
    /// `beforeSend`.
    BeforeSend,
    /// `beforeBreadcrumb`.
    BeforeBreadcrumb,
}

impl AppHook {
    fn name(self) -> &'static str {
        match self {
            AppHook::BeforeSend => "beforeSend",
            AppHook::BeforeBreadcrumb => "beforeBreadcrumb",
        }
    }
}

/// Which hooks threw already.
#[derive(Debug, Default)]
pub(crate) struct Warned {
    before_send: bool,
    before_breadcrumb: bool,
}

impl Warned {
    /// Marks `hook` as warned about; whether this is the first time.
    fn first(&mut self, hook: AppHook) -> bool {
        let seen = match hook {
            AppHook::BeforeSend => &mut self.before_send,
            AppHook::BeforeBreadcrumb => &mut self.before_breadcrumb,
        };
        !std::mem::replace(seen, true)
    }
}

/// Warns about a hook that threw, the first time only (the caller counts it).
pub(crate) fn hook_failed(hook: AppHook, error: &JsValue) {
    if with_client(|c| c.warned.first(hook)) == Some(true) {
        let detail = crate::convert::render(error);
        sensors::warn(
            &(hook.name().to_string() + " threw (counted in stats(); reported once): " + &detail),
        );
    }
}
