//! Grouping: which events are the same bug, and why.
//!
//! The default fingerprint hashes the thrown exception's type and its crashing-end
//! in-app frames, each reduced to a normalized function name and file basename, or all
//! its frames when none is in-app (see [`frames`] for which frames and why), plus the
//! normalized value of an error the app constructed (see [`value`] for why). Without a
//! contributing frame it hashes the type and the normalized value; without an exception,
//! the normalized message. A matching
//! fingerprint rule, else the event's own `fingerprint` array, replaces the default;
//! `{{ default }}` inside either stands for the default hash.

mod custom;
mod explain;
mod frames;
mod normalize;
mod value;

use serde::{Deserialize, Serialize};

pub use self::explain::{
    FrameOutcome, FrameVerdict, GroupingBasis, GroupingExplanation, SkipReason,
};
pub(crate) use self::normalize::function_name as plain_function_name;
use crate::hash::Hasher;
use crate::{Event, Fingerprint, FingerprintRule, FingerprintRules, Frame};

/// The grouping rules' version, recorded on every issue so history can be re-grouped.
///
/// `faultline:2`: engine-neutral function and file normalization, a 10-frame window,
/// async continuations skipped, normalized values and messages, custom fingerprints.
/// `faultline:3`: the system variant when no frame is in-app, extension and error
/// constructor frames skipped, closures named alike in every engine, one type for every
/// engine's stack overflow, and the value of errors the app constructs.
pub const GROUPING_CONFIG: &str = "faultline:3";

/// A fingerprint, the components it was computed from and why ("why grouped").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grouping {
    /// The hash.
    pub fingerprint: Fingerprint,
    /// The parts that were hashed, in order, as people read them.
    pub components: Vec<String>,
    /// The grouping rules' version ([`GROUPING_CONFIG`]).
    pub config: String,
    /// The issue title a fingerprint rule set with `title="…"`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What decided the fingerprint and every frame's part in the default grouping.
    pub explanation: GroupingExplanation,
}

/// The grouping of an event without project rules: its own `fingerprint` array if it has
/// one, else the default grouping.
pub fn default_fingerprint(event: &Event) -> Grouping {
    // Not `fingerprint_with(event, &empty)`: the capture package calls this, and must not
    // link the rules matcher it never uses.
    group(event, None)
}

/// The grouping of an event: the first matching rule's fingerprint, else the event's
/// own `fingerprint` array, else the default grouping. Rules win over the event's array,
/// as project rules do over SDK fingerprints in Sentry.
/// The grouping records the rules' config ([`FingerprintRules::config`]), so issues tell
/// which rules grouped them.
pub fn fingerprint_with(event: &Event, rules: &FingerprintRules) -> Grouping {
    let mut grouping = group(event, rules.first_match(event));
    if !rules.is_empty() {
        grouping.config = rules.config().to_string();
    }
    grouping
}

/// The grouping of an event given the rule that matched it, if any.
fn group(event: &Event, rule: Option<&FingerprintRule>) -> Grouping {
    let default = default_grouping(event);
    if let Some(rule) = rule {
        let basis = GroupingBasis::Rule {
            line: rule.line(),
            rule: rule.text().to_string(),
        };
        let title = rule
            .title()
            .map(|t| custom::substitute(t, event, &default.fingerprint));
        return custom::replace(event, default, rule.fingerprint(), basis, title);
    }
    if !event.fingerprint.is_empty() {
        let basis = GroupingBasis::EventFingerprint;
        return custom::replace(event, default, &event.fingerprint, basis, None);
    }
    default
}

/// The default grouping: type and frames, type and value, or message.
fn default_grouping(event: &Event) -> Grouping {
    let mut components = Vec::new();
    let mut verdicts = Vec::new();
    let basis = match event.primary_exception() {
        Some(exception) => {
            let ty = exception.ty.as_deref().unwrap_or("Error");
            let value = exception.value.as_deref().unwrap_or("");
            let frames = exception
                .stacktrace
                .as_ref()
                .map_or(&[][..], |s| &s.frames[..]);
            let (basis, parts, frame_verdicts) = exception_parts(ty, value, frames);
            verdicts = frame_verdicts;
            components = parts;
            basis
        }
        None => {
            let message = event.message.as_deref().unwrap_or("");
            components.push(format!("message:{}", normalize::message(message)));
            GroupingBasis::Message
        }
    };
    let fingerprint = hash(&components);
    Grouping {
        fingerprint: fingerprint.clone(),
        components: components.clone(),
        config: GROUPING_CONFIG.to_string(),
        title: None,
        explanation: GroupingExplanation {
            basis,
            default_fingerprint: fingerprint,
            default_components: components,
            frames: verdicts,
        },
    }
}

/// The parts of an exception: its type (one for every engine's stack overflow), then its
/// frames (a stack overflow's as a sorted set: engines overflow at different points of
/// the same cycle) and, for an error the app constructed, its value; or the type and
/// value when no frame can contribute.
fn exception_parts(
    ty: &str,
    value: &str,
    frames: &[Frame],
) -> (GroupingBasis, Vec<String>, Vec<FrameVerdict>) {
    let overflow = value::is_stack_overflow(ty, value);
    let mut components = vec![if overflow {
        value::STACK_OVERFLOW.to_string()
    } else {
        format!("type:{ty}")
    }];
    let mut selection = frames::select(frames, ty);
    if selection.components.is_empty() {
        components.push(format!("value:{}", normalize::message(value)));
        return (
            GroupingBasis::ExceptionValue,
            components,
            selection.verdicts,
        );
    }
    if overflow {
        crate::heapsort(&mut selection.components);
        selection.components.dedup();
    }
    components.append(&mut selection.components);
    if !overflow {
        components.extend(value::app_value_component(ty, value));
    }
    let basis = match selection.variant {
        frames::Variant::InApp => GroupingBasis::InAppFrames,
        frames::Variant::System => GroupingBasis::SystemFrames,
    };
    (basis, components, selection.verdicts)
}

/// The stable hash of a list of parts.
fn hash(parts: &[String]) -> Fingerprint {
    let mut hasher = Hasher::new();
    parts.iter().for_each(|part| hasher.part(part));
    Fingerprint(hasher.hex())
}

#[cfg(test)]
mod tests;
