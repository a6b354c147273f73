//! The keyboard shortcuts, one click away.

use yew::prelude::*;

/// A disclosure listing the shortcuts.
pub fn shortcuts_help() -> Html {
    let keys = [
        ("j / k", "next / previous issue"),
        ("x", "select the issue"),
        ("Enter", "open the issue"),
        ("r", "resolve (the selection, or the issue)"),
        ("i", "ignore (the selection, or the issue)"),
        ("/", "search"),
    ];
    html! {
        <details class="shortcuts">
            <summary>{ "Shortcuts" }</summary>
            <dl>
                { for keys.iter().map(|(k, what)| html! {
                    <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></>
                }) }
            </dl>
        </details>
    }
}
