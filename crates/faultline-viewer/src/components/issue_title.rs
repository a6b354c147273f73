//! An issue's title with its error type emphasised: **TypeError**: x is null.

use yew::prelude::*;

use crate::markup::Markup;

/// The title as text (`Type: value`, or a message), the type in its own span when the
/// title starts with it.
pub fn issue_title(title: &str, error_type: Option<&str>) -> Html {
    let mut markup = Markup::default();
    issue_title_markup(&mut markup, title, error_type);
    markup.into_html()
}

/// [`issue_title`] written into `markup`.
pub fn issue_title_markup(markup: &mut Markup, title: &str, error_type: Option<&str>) {
    match split(title, error_type) {
        Some((ty, rest)) => markup.element("span", &[("class", "type")], ty).text(rest),
        None => markup.text(title),
    };
}

/// The type and the rest of the title, when the title starts with the type followed by
/// nothing or a colon.
fn split<'a>(title: &'a str, error_type: Option<&'a str>) -> Option<(&'a str, &'a str)> {
    error_type
        .and_then(|ty| Some((ty, title.strip_prefix(ty)?)))
        .filter(|(_, rest)| rest.is_empty() || rest.starts_with(':'))
}
