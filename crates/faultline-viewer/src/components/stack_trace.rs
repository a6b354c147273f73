//! A stack trace: crashing frame first, the app's frames emphasised, library runs folded
//! (each can be unfolded), all frames on demand, or the raw text.

use std::collections::{BTreeSet, HashMap};

use faultline_core::Frame;
use yew::prelude::*;

use crate::frames::{location, raw_stack, runs, Run};

/// Props of [`StackTrace`].
#[derive(Properties, PartialEq)]
pub struct StackTraceProps {
    /// The frames, oldest call first.
    pub frames: Vec<Frame>,
    /// `Type: value`, the first line of the raw text.
    pub heading: AttrValue,
    /// What each frame (by index) contributed to the grouping, if it did.
    #[prop_or_default]
    pub grouping: HashMap<usize, String>,
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    App,
    All,
    Raw,
}

/// The trace with its view switch.
#[function_component(StackTrace)]
pub fn stack_trace(props: &StackTraceProps) -> Html {
    let view = use_state(|| View::App);
    let unfolded = use_state(BTreeSet::<usize>::new);
    let switch = |v: View, label: &str| {
        let view = view.clone();
        html! {
            <button type="button" aria-pressed={(*view == v).to_string()}
                onclick={move |_| view.set(v)}>{ label.to_string() }</button>
        }
    };
    let body = match *view {
        View::Raw => {
            html! { <pre class="raw-stack">{ raw_stack(&props.heading, &props.frames) }</pre> }
        }
        mode => frame_list(props, mode == View::All, &unfolded),
    };
    html! {
        <div class="stack">
            <div class="segmented small" role="group" aria-label="Stack trace view">
                { switch(View::App, "App frames") }
                { switch(View::All, "All frames") }
                { switch(View::Raw, "Raw") }
            </div>
            if props.frames.is_empty() {
                <p class="muted">{ "No stack trace was captured." }</p>
            } else {
                { body }
            }
        </div>
    }
}

/// The frames, crashing first, library runs folded unless `all` or unfolded by a click.
fn frame_list(
    props: &StackTraceProps,
    all: bool,
    unfolded: &UseStateHandle<BTreeSet<usize>>,
) -> Html {
    let items = runs(&props.frames)
        .into_iter()
        .enumerate()
        .map(|(n, run)| match run {
            Run::Frame(i) => frame(props, i),
            Run::Folded(run) if all || unfolded.contains(&n) => {
                run.into_iter().map(|i| frame(props, i)).collect::<Html>()
            }
            Run::Folded(run) => {
                let unfolded = unfolded.clone();
                let onclick = move |_| {
                    let mut set = (*unfolded).clone();
                    set.insert(n);
                    unfolded.set(set);
                };
                let noun = if run.len() == 1 { "frame" } else { "frames" };
                html! {
                    <li class="folded">
                        <button type="button" class="link" {onclick}>
                            { format!("Show {} more {noun} (not app code)", run.len()) }
                        </button>
                    </li>
                }
            }
        });
    html! { <ol class="frames">{ for items }</ol> }
}

fn frame(props: &StackTraceProps, i: usize) -> Html {
    let f = &props.frames[i];
    let in_app = f.in_app == Some(true);
    let contributed = props.grouping.get(&i);
    html! {
        <li key={i} class={classes!("frame", if in_app { "in-app" } else { "system" })}>
            <span class="function">{ f.function.clone().unwrap_or_else(|| "<anonymous>".into()) }</span>
            <span class="at">{ " at " }</span>
            <span class="location" title={f.abs_path.clone()}>{ location(f) }</span>
            if in_app { <span class="tag-in-app">{ "app" }</span> }
            if let Some(component) = contributed {
                <span class="grouped" title={format!("Grouped by this frame as {component}")}>{ "grouping" }</span>
            }
        </li>
    }
}
