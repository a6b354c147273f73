//! "Why grouped": what the fingerprint was computed from, recomputed from the event with
//! core's default grouping (the explanation is not stored with issues yet).

use faultline_core::{default_fingerprint, Event, FrameOutcome, GroupingBasis, Issue, SkipReason};
use yew::prelude::*;

use crate::frames::location;

/// What [`why_grouped`] shows.
#[derive(PartialEq)]
pub struct WhyGroupedProps {
    /// The event shown.
    pub event: std::rc::Rc<Event>,
    /// Its issue.
    pub issue: Issue,
}

/// The basis, the hashed parts and every frame's part, in a disclosure.
pub fn why_grouped(props: &WhyGroupedProps) -> Html {
    let grouping = default_fingerprint(&props.event);
    let explanation = &grouping.explanation;
    let frames = props
        .event
        .primary_exception()
        .and_then(|e| e.stacktrace.as_ref())
        .map(|s| s.frames.as_slice())
        .unwrap_or_default();
    let same = grouping.fingerprint == props.issue.fingerprint;
    html! {
        <div class="why-grouped">
            <p>{ basis_text(&explanation.basis) }</p>
            <ol class="components">
                { for grouping.components.iter().map(|c| html! { <li><code>{ c.clone() }</code></li> }) }
            </ol>
            if !explanation.frames.is_empty() {
                <table class="verdicts">
                    <thead><tr><th scope="col">{ "Frame (crashing first)" }</th><th scope="col">{ "Part in grouping" }</th></tr></thead>
                    <tbody>
                        { for explanation.frames.iter().map(|v| {
                            let name = frames.get(v.index).map(|f| format!(
                                "{} at {}", f.function.as_deref().unwrap_or("<anonymous>"), location(f)
                            )).unwrap_or_default();
                            let (class, text) = match &v.outcome {
                                FrameOutcome::Contributed { component } => ("contributed", format!("hashed as {component}")),
                                FrameOutcome::Skipped { reason } => ("skipped", skip_text(*reason).to_string()),
                            };
                            html! { <tr class={class}><td><code>{ name }</code></td><td>{ text }</td></tr> }
                        }) }
                    </tbody>
                </table>
            }
            <p class="muted fingerprint">
                { format!("Fingerprint {} ({}).", grouping.fingerprint, grouping.config) }
                { if same { " The issue has the same fingerprint.".to_string() } else {
                    format!(" The issue's fingerprint is {} ({}): it was grouped by rules or a version this recomputation does not apply.",
                        props.issue.fingerprint, props.issue.grouping_config)
                } }
            </p>
            <p class="muted">{ "Recomputed in the viewer from this event with the default grouping; the explanation is not stored with the issue yet." }</p>
        </div>
    }
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
