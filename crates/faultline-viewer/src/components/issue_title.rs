//! An issue's title with its error type emphasised: **TypeError**: x is null.

use yew::prelude::*;

/// The title as text (`Type: value`, or a message), the type in its own span when the
/// title starts with it.
pub fn issue_title(title: &str, error_type: Option<&str>) -> Html {
    let split = error_type
        .and_then(|ty| Some((ty, title.strip_prefix(ty)?)))
        .filter(|(_, rest)| rest.is_empty() || rest.starts_with(':'));
    match split {
        Some((ty, rest)) => html! {
            <><span class="type">{ ty.to_string() }</span>{ rest.to_string() }</>
        },
        None => html! { { title.to_string() } },
    }
}
