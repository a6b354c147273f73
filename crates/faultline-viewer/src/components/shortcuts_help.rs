//! The keyboard shortcuts, one click away.

use yew::prelude::*;

/// A disclosure listing the shortcuts: static markup (no element of it ever changes).
pub fn shortcuts_help() -> Html {
    Html::from_html_unchecked(AttrValue::Static(concat!(
        r#"<details class="shortcuts"><summary>Shortcuts</summary><dl>"#,
        "<dt><kbd>j / k</kbd></dt><dd>next / previous issue</dd>",
        "<dt><kbd>x</kbd></dt><dd>select the issue</dd>",
        "<dt><kbd>Enter</kbd></dt><dd>open the issue</dd>",
        "<dt><kbd>r</kbd></dt><dd>resolve (the selection, or the issue)</dd>",
        "<dt><kbd>i</kbd></dt><dd>ignore (the selection, or the issue)</dd>",
        "<dt><kbd>/</kbd></dt><dd>search</dd>",
        "</dl></details>",
    )))
}
