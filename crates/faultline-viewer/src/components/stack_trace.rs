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
use crate::markup::{clicked, Markup};

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
        mode => frame_list(props, &shown, mode == View::All, &unfolded).into_html(),
    };
    // The frames are markup: one listener takes every folded run's "Show more".
    let onclick = {
        let unfolded = unfolded.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(run) = unfolded_run(&e) {
                let mut set = (*unfolded).clone();
                set.insert(run);
                unfolded.set(set);
            }
        })
    };
    html! {
        <div class="stack" {onclick}>
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

/// The folded run whose "Show more" `e` clicked.
fn unfolded_run(e: &MouseEvent) -> Option<usize> {
    let button = clicked(e, "li.folded button[data-run]")?;
    button.get_attribute("data-run")?.parse().ok()
}

/// The frames, crashing first, library runs folded unless `all` or unfolded by a click.
fn frame_list(
    props: &StackTraceProps,
    shown: &[Frame],
    all: bool,
    unfolded: &BTreeSet<usize>,
) -> Markup {
    let mut m = Markup::with_capacity(512 * shown.len().min(64));
    m.open("ol", &[("class", "frames")]);
    for (n, run) in runs(shown).into_iter().enumerate() {
        match run {
            Run::Frame(i) => frame(&mut m, props, shown, i),
            Run::Folded(run) if all || unfolded.contains(&n) => {
                for i in run {
                    frame(&mut m, props, shown, i);
                }
            }
            Run::Folded(run) => {
                let noun = if run.len() == 1 { "frame" } else { "frames" };
                let label = format!("Show {} more {noun} (not app code)", run.len());
                let n = n.to_string();
                m.open("li", &[("class", "folded")])
                    .element(
                        "button",
                        &[("type", "button"), ("class", "link"), ("data-run", &n)],
                        &label,
                    )
                    .close("li");
            }
        }
    }
    m.close("ol");
    m
}

fn frame(m: &mut Markup, props: &StackTraceProps, shown: &[Frame], i: usize) {
    let f = &shown[i];
    let in_app = f.in_app == Some(true);
    let minified = minified_location(f);
    let mut class = String::from(if in_app {
        "frame in-app"
    } else {
        "frame system"
    });
    if minified.is_some() {
        class += " resolved";
    }
    let function = f.function.as_deref().unwrap_or("<anonymous>");
    m.open("li", &[("class", &class)])
        .element("span", &[("class", "function")], function)
        .element("span", &[("class", "at")], " at ");
    let title = f.abs_path.as_deref().unwrap_or_default();
    let location = location(f);
    if f.abs_path.is_some() {
        m.element(
            "span",
            &[("class", "location"), ("title", title)],
            &location,
        );
    } else {
        m.element("span", &[("class", "location")], &location);
    }
    if let Some(module) = &f.module {
        let attributes = [("class", "crate-path"), ("title", "Rust module path")];
        m.element("span", &attributes, &format!("in {module}"));
    }
    if in_app {
        m.element("span", &[("class", "tag-in-app")], "app");
    }
    if let Some(component) = props.grouping.get(&i) {
        let title = format!("Grouped by this frame as {component}");
        m.element(
            "span",
            &[("class", "grouped"), ("title", &title)],
            "grouping",
        );
    }
    if let Some(minified) = minified {
        m.open("details", &[("class", "minified")])
            .element("summary", &[], "minified")
            .element("span", &[("class", "minified-location")], &minified)
            .close("details");
    }
    if let Some(note) = unresolved_reason(f) {
        m.element("p", &[("class", "frame-note"), ("role", "note")], note);
    }
    if let Some(context) = SourceContext::of(f).filter(|_| in_app) {
        source_lines(m, &context);
    }
    m.close("li");
}

/// A frame's source context: the lines around it, numbered, its own line marked. Text
/// only (the source is never HTML).
fn source_lines(m: &mut Markup, c: &SourceContext) {
    let first = c.lineno.saturating_sub(c.pre.len() as u32);
    m.open("ol", &[("class", "source-context")]);
    for (i, text) in c.pre.iter().chain([&c.line]).chain(&c.post).enumerate() {
        let number = first + i as u32;
        let class = if number == c.lineno {
            "source-line current"
        } else {
            "source-line"
        };
        m.open("li", &[("class", class)])
            .element("span", &[("class", "lineno")], &number.to_string())
            .element("code", &[], text)
            .close("li");
    }
    m.close("ol");
}
