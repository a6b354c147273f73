//! A link to a route: a real `<a href>` (it opens in a new tab, it can be copied) that
//! moves within the app without reloading on a plain click.

use yew::prelude::*;

use crate::hooks::use_route;
use crate::route::Route;

/// Props of [`Link`].
#[derive(Properties, PartialEq)]
pub struct LinkProps {
    /// Where it goes.
    pub to: Route,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
    /// `aria-current`, for the link to the page being shown.
    #[prop_or_default]
    pub current: bool,
    /// Tooltip.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// The link's content.
    #[prop_or_default]
    pub children: Html,
}

/// Whether a click on a link moves within the app: a plain left click (a modified one
/// opens a tab or a window, or downloads, as the browser does it). When it does, the
/// browser's own navigation is prevented.
pub fn moves_within(e: &MouseEvent) -> bool {
    let plain = e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key());
    if plain {
        e.prevent_default();
    }
    plain
}

/// An anchor that navigates through the router.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let router = use_route();
    let href = router.href(&props.to);
    let onclick = {
        let to = props.to.clone();
        let push = router.push.clone();
        Callback::from(move |e: MouseEvent| {
            if moves_within(&e) {
                push.emit(to.clone());
            }
        })
    };
    html! {
        <a class={props.class.clone()} {href} {onclick} title={props.title.clone()}
            aria-current={props.current.then_some("page")}>
            { props.children.clone() }
        </a>
    }
}
