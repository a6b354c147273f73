//! Import from a file picker: a labelled, keyboard-reachable file input styled as a button.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What [`import_button`] shows.
#[derive(PartialEq)]
pub struct ImportButtonProps {
    /// Whether an import is running.
    pub busy: bool,
    /// How far it is: events done and in all.
    pub progress: Option<(u64, u64)>,
    /// Called with the file picked.
    pub on_file: Callback<web_sys::File>,
}

/// A file input for JSON exports.
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
    let label = match (props.busy, props.progress) {
        (false, _) => "Import".to_string(),
        (true, Some((done, total))) if total > 0 => {
            format!("Importing… {}%", done.saturating_mul(100) / total)
        }
        (true, _) => "Importing…".to_string(),
    };
    html! {
        <>
            <label class={classes!("button", "import", props.busy.then_some("busy"))}
                title="Import a Faultline export (or drop the file anywhere on the page)">
                { label }
                <input type="file" id="import-file" class="visually-hidden" accept=".json,application/json"
                    disabled={props.busy} {onchange} />
            </label>
            if let (true, Some((done, total))) = (props.busy, props.progress) {
                <progress class="import-progress" max={total.max(1).to_string()} value={done.to_string()}
                    aria-label="Import progress" title={format!("{done} of {total} events")} />
            }
        </>
    }
}
