//! Previous and next page, with what is shown.

use yew::prelude::*;

use crate::format::grouped;

/// What [`pagination`] shows.
#[derive(PartialEq)]
pub struct PaginationProps {
    /// The page (0 is the first).
    pub page: usize,
    /// Items per page.
    pub page_size: usize,
    /// Items on this page.
    pub shown: usize,
    /// How many items there are, when known.
    pub total: Option<usize>,
    /// Whether there is a next page.
    pub has_next: bool,
    /// What the items are called ("issues").
    pub noun: AttrValue,
    /// Go back a page.
    pub on_prev: Callback<()>,
    /// Go forward a page.
    pub on_next: Callback<()>,
}

/// "Issues 51–100 of 1,234" and the two buttons.
pub fn pagination(props: &PaginationProps) -> Html {
    let first = props.page * props.page_size + 1;
    let last = props.page * props.page_size + props.shown;
    let range = match (props.shown, props.total) {
        (0, _) => String::new(),
        (_, Some(total)) => format!(
            "{} {}–{} of {}",
            props.noun,
            grouped(first as u64),
            grouped(last as u64),
            grouped(total as u64)
        ),
        (_, None) => format!(
            "{} {}–{}",
            props.noun,
            grouped(first as u64),
            grouped(last as u64)
        ),
    };
    let (prev, next) = (props.on_prev.clone(), props.on_next.clone());
    html! {
        <nav class="pagination" aria-label="Pages">
            <span class="range" aria-live="polite">{ range }</span>
            <button type="button" class="prev" disabled={props.page == 0}
                onclick={move |_| prev.emit(())}>{ "← Previous" }</button>
            <button type="button" class="next" disabled={!props.has_next}
                onclick={move |_| next.emit(())}>{ "Next →" }</button>
        </nav>
    }
}
