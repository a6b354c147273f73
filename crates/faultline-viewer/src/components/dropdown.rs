//! A menu button: a real button that opens a panel of menu items; it closes when an
//! item is chosen, on Escape, or on a click outside.

use yew::prelude::*;

use crate::markup::clicked;

/// Props of [`Dropdown`].
#[derive(Properties, PartialEq)]
pub struct DropdownProps {
    /// The button's text (may be empty for a bare caret).
    pub label: AttrValue,
    /// The button's accessible name, when the text alone does not say enough.
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    /// CSS classes of the wrapper.
    #[prop_or_default]
    pub class: Classes,
    /// Whether the button is disabled.
    #[prop_or_default]
    pub disabled: bool,
    /// The panel's content: `role="menuitem"` buttons close the menu when clicked.
    pub children: Html,
}

/// A button and its menu panel.
#[function_component(Dropdown)]
pub fn dropdown(props: &DropdownProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let on_panel_click = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            if clicked(&e, "[role=menuitem]").is_some() {
                open.set(false);
            }
        })
    };
    let on_keydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    html! {
        <div class={classes!("dropdown", props.class.clone())} onkeydown={on_keydown}>
            <button type="button" class="menu-button" aria-haspopup="menu"
                aria-expanded={open.to_string()} aria-label={props.aria_label.clone()}
                disabled={props.disabled} onclick={toggle}>
                { props.label.clone() }<span class="caret" aria-hidden="true">{ "▾" }</span>
            </button>
            if *open {
                <div class="backdrop" onclick={close}></div>
                <div class="menu" role="menu" onclick={on_panel_click}>
                    { props.children.clone() }
                </div>
            }
        </div>
    }
}
