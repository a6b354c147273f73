//! An issue's title with its error type emphasised: **TypeError**: x is null.

use yew::prelude::*;

/// Props of [`IssueTitle`].
#[derive(Properties, PartialEq)]
pub struct IssueTitleProps {
    /// The title (`Type: value`, or a message).
    pub title: AttrValue,
    /// The error type, when known.
    #[prop_or_default]
    pub error_type: Option<AttrValue>,
}

/// The title as text, the type in its own span when the title starts with it.
#[function_component(IssueTitle)]
pub fn issue_title(props: &IssueTitleProps) -> Html {
    let split = props
        .error_type
        .as_deref()
        .and_then(|ty| Some((ty, props.title.strip_prefix(ty)?)))
        .filter(|(_, rest)| rest.is_empty() || rest.starts_with(':'));
    match split {
        Some((ty, rest)) => html! {
            <><span class="type">{ ty.to_string() }</span>{ rest.to_string() }</>
        },
        None => html! { { props.title.clone() } },
    }
}
