//! One notice, dismissed by its button or after a while.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::hooks::{Notice, NoticeKind};

/// Props of [`NoticeItem`].
#[derive(Properties, PartialEq)]
pub struct NoticeItemProps {
    /// The notice.
    pub notice: Notice,
    /// Called to hide it.
    pub on_dismiss: Callback<()>,
}

/// A message with a close button; information goes after 6 s, errors after 15 s.
#[function_component(NoticeItem)]
pub fn notice_item(props: &NoticeItemProps) -> Html {
    let error = props.notice.kind == NoticeKind::Error;
    {
        let on_dismiss = props.on_dismiss.clone();
        use_effect_with(error, move |error| {
            let ms = if *error { 15_000 } else { 6_000 };
            let timer = Timeout::new(ms, move || on_dismiss.emit(()));
            move || drop(timer)
        });
    }
    let on_dismiss = props.on_dismiss.clone();
    html! {
        <div class={classes!("notice", if error { "error" } else { "info" })}
            role={if error { "alert" } else { "status" }}>
            <span>{ props.notice.text.clone() }</span>
            <button type="button" class="close" aria-label="Dismiss"
                onclick={move |_| on_dismiss.emit(())}>{ "×" }</button>
        </div>
    }
}
