//! The stack of notices in a corner.

use yew::prelude::*;

use crate::components::NoticeItem;
use crate::hooks::Notice;

/// What [`notices`] shows.
#[derive(PartialEq)]
pub struct NoticesProps {
    /// Notices with their numbers, oldest first.
    pub notices: Vec<(u64, Notice)>,
    /// Called with a notice's number to hide it.
    pub on_dismiss: Callback<u64>,
}

/// A live region holding the notices.
pub fn notices(props: &NoticesProps) -> Html {
    html! {
        <div class="notices" aria-live="polite">
            { for props.notices.iter().map(|(n, notice)| {
                let n = *n;
                html! { <NoticeItem key={n} notice={notice.clone()} on_dismiss={props.on_dismiss.reform(move |_| n)} /> }
            }) }
        </div>
    }
}
