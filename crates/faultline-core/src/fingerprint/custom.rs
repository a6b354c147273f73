//! Custom fingerprints: an event's `fingerprint` array or a rule's, with variables.
//!
//! Values are hashed in order. `{{ default }}` stands for the default grouping's hash, so
//! `["{{ default }}", "checkout"]` splits the default issue by a tag-like value, and a
//! fingerprint of just `{{ default }}` is the default grouping itself. Also known:
//! `{{ error.type }}`, `{{ error.value }}`, `{{ message }}`, `{{ level }}` and
//! `{{ tags.NAME }}`; unknown variables stay as written.

use super::{hash, Grouping, GroupingBasis};
use crate::{Event, Fingerprint};

/// `default` with its fingerprint replaced by the hash of `values`.
pub(super) fn replace(
    event: &Event,
    default: Grouping,
    values: &[String],
    basis: GroupingBasis,
    title: Option<String>,
) -> Grouping {
    let components: Vec<String> = values
        .iter()
        .map(|v| substitute(v, event, &default.fingerprint))
        .collect();
    let only_default = values.len() == 1 && variable(&values[0]) == Some("default");
    let fingerprint = if only_default {
        default.fingerprint.clone()
    } else {
        hash(&components)
    };
    let mut explanation = default.explanation;
    explanation.basis = basis;
    Grouping {
        fingerprint,
        components,
        config: default.config,
        title,
        explanation,
    }
}

/// `text` with every `{{ variable }}` replaced by its value for `event`.
pub(super) fn substitute(text: &str, event: &Event, default: &Fingerprint) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        let whole = &rest[open..open + close + 2];
        out.push_str(&rest[..open]);
        let name = whole[2..whole.len() - 2].trim();
        match value(name, event, default) {
            Some(value) => out.push_str(&value),
            None => out.push_str(whole),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// The variable a whole value consists of: `{{ default }}` is `default`.
fn variable(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    Some(inner.trim())
}

fn value(name: &str, event: &Event, default: &Fingerprint) -> Option<String> {
    let exception = event.primary_exception();
    let value = match name {
        "default" => default.as_str().to_string(),
        "error.type" | "type" => exception?.ty.clone().unwrap_or_else(|| "Error".into()),
        "error.value" | "value" => exception?.value.clone().unwrap_or_default(),
        "message" => event.message.clone().unwrap_or_default(),
        "level" => event.level.as_str().to_string(),
        _ => {
            let tag = name.strip_prefix("tags.")?;
            event.tags.get(tag).cloned().unwrap_or_default()
        }
    };
    Some(value)
}
