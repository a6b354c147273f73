//! "Why grouped": what the fingerprint was computed from, recomputed from the event with
//! core's default grouping (the explanation is not stored with issues yet).

use faultline_core::{default_fingerprint, Event, FrameOutcome, GroupingBasis, Issue, SkipReason};
use yew::prelude::*;

use crate::frames::location;
use crate::markup::Markup;

/// What [`why_grouped`] shows.
#[derive(PartialEq)]
pub struct WhyGroupedProps {
    /// The event shown.
    pub event: std::rc::Rc<Event>,
    /// Its issue.
    pub issue: Issue,
}

/// The basis, the hashed parts and every frame's part, written as markup (nothing in it
/// reacts to input).
pub fn why_grouped(props: &WhyGroupedProps) -> Html {
    why_grouped_markup(props).into_html()
}

fn why_grouped_markup(props: &WhyGroupedProps) -> Markup {
    let grouping = default_fingerprint(&props.event);
    let explanation = &grouping.explanation;
    let frames = props
        .event
        .primary_exception()
        .and_then(|e| e.stacktrace.as_ref())
        .map(|s| s.frames.as_slice())
        .unwrap_or_default();
    let mut m = Markup::with_capacity(1024);
    m.open("div", &[("class", "why-grouped")])
        .element("p", &[], &basis_text(&explanation.basis))
        .open("ol", &[("class", "components")]);
    for c in &grouping.components {
        m.open("li", &[]).element("code", &[], c).close("li");
    }
    m.close("ol");
    if !explanation.frames.is_empty() {
        m.open("table", &[("class", "verdicts")])
            .open("thead", &[])
            .open("tr", &[])
            .element("th", &[("scope", "col")], "Frame (crashing first)")
            .element("th", &[("scope", "col")], "Part in grouping")
            .close("tr")
            .close("thead")
            .open("tbody", &[]);
        for v in &explanation.frames {
            let name = frames
                .get(v.index)
                .map(|f| {
                    let function = f.function.as_deref().unwrap_or("<anonymous>");
                    format!("{function} at {}", location(f))
                })
                .unwrap_or_default();
            let (class, text) = match &v.outcome {
                FrameOutcome::Contributed { component } => {
                    ("contributed", format!("hashed as {component}"))
                }
                FrameOutcome::Skipped { reason } => ("skipped", skip_text(*reason).to_string()),
            };
            m.open("tr", &[("class", class)])
                .open("td", &[])
                .element("code", &[], &name)
                .close("td")
                .element("td", &[], &text)
                .close("tr");
        }
        m.close("tbody").close("table");
    }
    let mut fingerprint = format!(
        "Fingerprint {} ({}).",
        grouping.fingerprint, grouping.config
    );
    if grouping.fingerprint == props.issue.fingerprint {
        fingerprint += " The issue has the same fingerprint.";
    } else {
        fingerprint += &format!(
            " The issue's fingerprint is {} ({}): it was grouped by rules or a version this recomputation does not apply.",
            props.issue.fingerprint, props.issue.grouping_config
        );
    }
    m.element("p", &[("class", "muted fingerprint")], &fingerprint)
        .element(
            "p",
            &[("class", "muted")],
            "Recomputed in the viewer from this event with the default grouping; the explanation is not stored with the issue yet.",
        )
        .close("div");
    m
}

fn basis_text(basis: &GroupingBasis) -> String {
    match basis {
        GroupingBasis::InAppFrames => {
            "Grouped by the exception type and the app's own frames at the crashing end of the stack.".into()
        }
        GroupingBasis::SystemFrames => {
            "Grouped by the exception type and the frames at the crashing end of the stack: none is the app's own code, so library and eval'd frames count (built-ins and extensions do not).".into()
        }
        GroupingBasis::ExceptionValue => {
            "Grouped by the exception type and its message with numbers and ids normalized: no stack frame could be used.".into()
        }
        GroupingBasis::Message => "Grouped by the message, with numbers and ids normalized.".into(),
        GroupingBasis::EventFingerprint => {
            "Grouped by the fingerprint the app set on the event.".into()
        }
        GroupingBasis::Rule { line, rule } => {
            format!("Grouped by the fingerprint rule on line {line}: {rule}")
        }
    }
}

fn skip_text(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::Native => "skipped: engine built-in",
        SkipReason::NotInApp => "skipped: not app code",
        SkipReason::Extension => "skipped: browser extension code",
        SkipReason::ErrorConstructor => "skipped: the error's own constructor",
        SkipReason::AsyncContinuation => "skipped: async continuation",
        SkipReason::RecursionDuplicate => "skipped: repeats the frame before (recursion)",
        SkipReason::BeyondLimit => "skipped: beyond the frames that count",
    }
}
