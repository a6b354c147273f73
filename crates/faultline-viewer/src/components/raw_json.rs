//! The event as stored (Sentry's JSON), on demand, with a copy button.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::browser::{copy_text, json_string};

/// Props of [`RawJson`].
#[derive(Properties, PartialEq)]
pub struct RawJsonProps {
    /// The stored event object.
    pub raw: JsValue,
}

/// Indented JSON as text, and a button that copies it.
#[function_component(RawJson)]
pub fn raw_json(props: &RawJsonProps) -> Html {
    let copied = use_state(|| None::<&'static str>);
    let text = use_memo(props.raw.clone(), |raw| {
        json_string(raw, 2).unwrap_or_else(|e| format!("(cannot show: {e})"))
    });
    let on_copy = {
        let (text, copied) = (text.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, copied) = (text.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(match copy_text(&text).await {
                    Ok(()) => "Copied",
                    Err(_) => "Copy failed: select the text instead",
                }));
            });
        })
    };
    html! {
        <div class="raw-json">
            <div class="raw-tools">
                <button type="button" class="copy" onclick={on_copy}>{ "Copy JSON" }</button>
                if let Some(status) = *copied { <span class="muted" role="status">{ status }</span> }
            </div>
            <pre class="json">{ (*text).clone() }</pre>
        </div>
    }
}
