//! Keyboard shortcuts: a `keydown` listener on the document, removed on unmount.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// Whether a key press belongs to a text field or a menu (and is not a shortcut).
pub fn is_typing_target(e: &KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// Calls `on_key` for each key press outside text fields and without Ctrl, Alt or Meta.
#[hook]
pub fn use_keydown(on_key: Callback<KeyboardEvent>) {
    let latest = use_mut_ref(|| on_key.clone());
    *latest.borrow_mut() = on_key;
    use_effect_with((), move |_| {
        let listener = gloo_utils_document().map(|doc| {
            EventListener::new(&doc, "keydown", move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if e.ctrl_key() || e.alt_key() || e.meta_key() || is_typing_target(e) {
                    return;
                }
                let callback = latest.borrow().clone();
                callback.emit(e.clone());
            })
        });
        move || drop(listener)
    });
}

fn gloo_utils_document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}
