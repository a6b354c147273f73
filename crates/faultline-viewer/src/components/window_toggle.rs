//! A segmented toggle between chart windows ("24h" / "14d").

use yew::prelude::*;

use crate::chart::Window;

/// What [`window_toggle`] shows.
#[derive(PartialEq)]
pub struct WindowToggleProps {
    /// The windows offered.
    pub options: Vec<Window>,
    /// The window shown.
    pub window: Window,
    /// Called with the window chosen.
    pub on_change: Callback<Window>,
    /// The group's accessible name.
    pub label: AttrValue,
}

/// Buttons with `aria-pressed`.
pub fn window_toggle(props: &WindowToggleProps) -> Html {
    html! {
        <div class="segmented" role="group" aria-label={props.label.clone()}>
            { for props.options.iter().map(|&w| {
                let on_change = props.on_change.clone();
                let pressed = w == props.window;
                html! {
                    <button type="button" aria-pressed={pressed.to_string()}
                        title={format!("Events over the {}", w.label())}
                        onclick={move |_| on_change.emit(w)}>{ w.short() }</button>
                }
            }) }
        </div>
    }
}
