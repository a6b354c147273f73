//! The sort menu: last seen, first seen, events, users.

use faultline_core::SortKey;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::search::sort_label;

/// What [`sort_menu`] shows.
#[derive(PartialEq)]
pub struct SortMenuProps {
    /// The order in effect.
    pub sort: SortKey,
    /// Called with the order chosen.
    pub on_change: Callback<SortKey>,
}

/// A labelled select.
pub fn sort_menu(props: &SortMenuProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(key) = SortKey::parse(&select.value()) {
                on_change.emit(key);
            }
        })
    };
    let keys = [SortKey::Date, SortKey::New, SortKey::Freq, SortKey::User];
    html! {
        <label class="sort">
            <span>{ "Sort by" }</span>
            <select id="sort" name="sort" {onchange}>
                { for keys.iter().map(|&k| html! {
                    <option value={k.as_str()} selected={k == props.sort}>{ sort_label(k) }</option>
                }) }
            </select>
        </label>
    }
}
