//! A stack trace: crashing frame first, the app's frames emphasised with their source
//! lines, library runs folded (each can be unfolded), all frames on demand, or the raw
//! text. Frames a source map resolved show their original function, file and line, the
//! minified location one click away; a frame that could not be resolved says why.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use faultline_core::sourcemap::{unresolved_reason, SourceContext};
use faultline_core::Frame;
use yew::prelude::*;

use crate::frames::{location, minified_location, raw_stack, runs, shown_frames, Run};

/// Props of [`StackTrace`].
#[derive(Properties, PartialEq)]
pub struct StackTraceProps {
    /// The frames, oldest call first, as captured.
    pub frames: Vec<Frame>,
    /// `Type: value`, the first line of the raw text.
    pub heading: AttrValue,
    /// What each frame (by index) contributed to the grouping, if it did.
    #[prop_or_default]
    pub grouping: HashMap<usize, String>,
    /// The frames through source maps, in the same order (`None` until resolved).
    #[prop_or_default]
    pub resolutions: Option<Rc<Vec<Frame>>>,
    /// What the resolver is doing or why it could not run, shown above the frames.
    #[prop_or_default]
    pub note: Option<AttrValue>,
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
    let shown = shown_frames(
        &props.frames,
        props.resolutions.as_deref().map(Vec::as_slice),
    );
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
        mode => frame_list(props, &shown, mode == View::All, &unfolded),
    };
    html! {
        <div class="stack">
            <div class="segmented small" role="group" aria-label="Stack trace view">
                { switch(View::App, "App frames") }
                { switch(View::All, "All frames") }
                { switch(View::Raw, "Raw") }
            </div>
            if let Some(note) = &props.note {
                <p class="muted symbols-note" role="status">{ note.clone() }</p>
            }
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
    shown: &[Frame],
    all: bool,
    unfolded: &UseStateHandle<BTreeSet<usize>>,
) -> Html {
    let items = runs(shown)
        .into_iter()
        .enumerate()
        .map(|(n, run)| match run {
            Run::Frame(i) => frame(props, shown, i),
            Run::Folded(run) if all || unfolded.contains(&n) => run
                .into_iter()
                .map(|i| frame(props, shown, i))
                .collect::<Html>(),
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

fn frame(props: &StackTraceProps, shown: &[Frame], i: usize) -> Html {
    let f = &shown[i];
    let in_app = f.in_app == Some(true);
    let contributed = props.grouping.get(&i);
    let note = unresolved_reason(f).map(str::to_string);
    let context = SourceContext::of(f);
    let minified = minified_location(f);
    html! {
        <li key={i} class={classes!("frame", if in_app { "in-app" } else { "system" },
            minified.is_some().then_some("resolved"))}>
            <span class="function">{ f.function.clone().unwrap_or_else(|| "<anonymous>".into()) }</span>
            <span class="at">{ " at " }</span>
            <span class="location" title={f.abs_path.clone()}>{ location(f) }</span>
            if let Some(module) = &f.module {
                <span class="crate-path" title="Rust module path">{ format!("in {module}") }</span>
            }
            if in_app { <span class="tag-in-app">{ "app" }</span> }
            if let Some(component) = contributed {
                <span class="grouped" title={format!("Grouped by this frame as {component}")}>{ "grouping" }</span>
            }
            if let Some(minified) = minified {
                <details class="minified">
                    <summary>{ "minified" }</summary>
                    <span class="minified-location">{ minified }</span>
                </details>
            }
            if let Some(note) = note {
                <p class="frame-note" role="note">{ note }</p>
            }
            if let Some(context) = context.filter(|_| in_app) {
                { source_lines(&context) }
            }
        </li>
    }
}

/// A frame's source context: the lines around it, numbered, its own line marked. Text
/// only (the source is never HTML).
fn source_lines(c: &SourceContext) -> Html {
    let first = c.lineno.saturating_sub(c.pre.len() as u32);
    let lines = c.pre.iter().chain([&c.line]).chain(&c.post).enumerate();
    let lines = lines.map(|(i, text)| {
        let number = first + i as u32;
        let current = number == c.lineno;
        html! {
            <li class={classes!("source-line", current.then_some("current"))}>
                <span class="lineno">{ number }</span>
                <code>{ text.clone() }</code>
            </li>
        }
    });
    html! { <ol class="source-context">{ for lines }</ol> }
}
