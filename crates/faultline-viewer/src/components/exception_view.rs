//! One exception of a chain: type, message, how it was captured, its stack trace.

use std::collections::HashMap;
use std::rc::Rc;

use faultline_core::{Exception, Frame};
use yew::prelude::*;

use crate::components::StackTrace;

/// What [`exception_view`] shows.
#[derive(PartialEq)]
pub struct ExceptionViewProps {
    /// The exception.
    pub exception: Exception,
    /// Whether it is a linked error (a cause or an aggregated error), not the thrown one.
    pub linked: bool,
    /// What each frame contributed to the grouping (for the thrown exception).
    pub grouping: HashMap<usize, String>,
    /// Its frames through source maps (`None` until resolved).
    pub resolutions: Option<Rc<Vec<Frame>>>,
    /// What the resolver is doing, or why it could not run.
    pub symbols_note: Option<AttrValue>,
}

/// The exception's heading, mechanism and trace.
pub fn exception_view(props: &ExceptionViewProps) -> Html {
    let e = &props.exception;
    let ty = e.ty.clone().unwrap_or_else(|| "Error".into());
    let heading = match &e.value {
        Some(v) if !v.is_empty() => format!("{ty}: {v}"),
        _ => ty.clone(),
    };
    let mechanism = e.mechanism.as_ref();
    let handled = mechanism.and_then(|m| m.handled);
    let source = mechanism.and_then(|m| m.source.clone());
    html! {
        <div class={classes!("exception", props.linked.then_some("linked"))}>
            if props.linked {
                <p class="caused-by">{ match &source {
                    Some(s) if s.starts_with("errors") => format!("Aggregated error ({s})"),
                    _ => "Caused by".to_string(),
                } }</p>
            }
            <h3 class="exc-type">{ ty }</h3>
            if let Some(value) = &e.value {
                <p class="exc-value">{ value.clone() }</p>
            }
            if let Some(m) = mechanism {
                <p class="mechanism">
                    <span class={classes!("badge", if handled == Some(false) { "unhandled" } else { "handled" })}>
                        { match handled { Some(false) => "unhandled", Some(true) => "handled", None => "captured" } }
                    </span>
                    <span class="muted">{ format!("mechanism: {}", m.ty) }</span>
                </p>
            }
            <StackTrace frames={e.stacktrace.clone().map(|s| s.frames).unwrap_or_default()}
                heading={heading} grouping={props.grouping.clone()}
                resolutions={props.resolutions.clone()} note={props.symbols_note.clone()} />
        </div>
    }
}
