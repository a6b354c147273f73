//! Import from a file picker: a labelled, keyboard-reachable file input styled as a button.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ImportButton`].
#[derive(Properties, PartialEq)]
pub struct ImportButtonProps {
    /// Whether an import is running.
    #[prop_or_default]
    pub busy: bool,
    /// Called with the file picked.
    pub on_file: Callback<web_sys::File>,
}

/// A file input for JSON exports.
#[function_component(ImportButton)]
pub fn import_button(props: &ImportButtonProps) -> Html {
    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_file.emit(file);
            }
            // Picking the same file again must fire `change` again.
            input.set_value("");
        })
    };
    html! {
        <label class={classes!("button", "import", props.busy.then_some("busy"))}
            title="Import a Faultline export (or drop the file anywhere on the page)">
            { if props.busy { "Importing…" } else { "Import" } }
            <input type="file" id="import-file" class="visually-hidden" accept=".json,application/json"
                disabled={props.busy} {onchange} />
        </label>
    }
}
