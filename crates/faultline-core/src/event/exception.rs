//! Exceptions and chains of them: `error.cause` and `AggregateError.errors`.

use serde::{Deserialize, Serialize};

use super::{Other, Stacktrace};

/// Linked errors kept beyond the thrown one (Sentry's `linkedErrors` default limit).
pub const MAX_LINKED_ERRORS: usize = 5;

/// `exception.values`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExceptionList {
    /// The chain, oldest cause first; the thrown error is last.
    pub values: Vec<Exception>,
}

impl ExceptionList {
    /// A chain flattened from `root` and the errors linked to it, walked depth first
    /// (`cause` before `errors[i]`), keeping at most [`MAX_LINKED_ERRORS`] links.
    pub fn from_linked(root: LinkedError) -> ExceptionList {
        let LinkedError {
            exception,
            cause,
            errors,
        } = root;
        let mut chain = ExceptionChain::new(exception);
        link_children(&mut chain, 0, cause, errors);
        chain.into_list()
    }

    /// Drops linked errors beyond `max_links`, keeping the thrown error (last) and the
    /// links nearest to it. For events that arrive already flattened.
    pub fn limit_links(&mut self, max_links: usize) -> usize {
        let keep = max_links.saturating_add(1);
        let excess = self.values.len().saturating_sub(keep);
        self.values.drain(..excess);
        excess
    }
}

fn link_children(
    chain: &mut ExceptionChain,
    parent: u64,
    cause: Option<Box<LinkedError>>,
    errors: Vec<LinkedError>,
) {
    let children = cause.map(|c| (LinkSource::Cause, *c)).into_iter().chain(
        errors
            .into_iter()
            .enumerate()
            .map(|(i, e)| (LinkSource::Errors(i), e)),
    );
    for (source, child) in children {
        let LinkedError {
            exception,
            cause,
            errors,
        } = child;
        let Some(id) = chain.link(parent, source, exception) else {
            return;
        };
        link_children(chain, id, cause, errors);
    }
}

/// An error read from the host together with the errors linked to it, before flattening.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkedError {
    /// The error itself.
    pub exception: Exception,
    /// `error.cause`, when it is an error.
    pub cause: Option<Box<LinkedError>>,
    /// `AggregateError.errors`, in order.
    pub errors: Vec<LinkedError>,
}

/// How a linked error hangs off its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSource {
    /// The parent's `cause`.
    Cause,
    /// The parent's `errors[i]` (an `AggregateError`).
    Errors(usize),
}

impl LinkSource {
    /// Sentry's `mechanism.source`: `cause` or `errors[3]`.
    pub fn as_source(self) -> String {
        match self {
            LinkSource::Cause => "cause".to_string(),
            LinkSource::Errors(i) => format!("errors[{i}]"),
        }
    }
}

/// Builds an exception chain one link at a time, so an adapter walking host errors can
/// stop as soon as the chain is full (and never follow a cyclic `cause` forever).
///
/// Ids follow Sentry's exception groups: the thrown error is 0 and each link gets the next
/// number; links carry `mechanism.type = "chained"`, `source`, `exception_id` and
/// `parent_id`, and a parent with `errors` children is marked `is_exception_group`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExceptionChain {
    /// In the order added: the thrown error first.
    added: Vec<Exception>,
    max_links: usize,
}

impl ExceptionChain {
    /// A chain holding only the thrown error, allowing [`MAX_LINKED_ERRORS`] links.
    pub fn new(thrown: Exception) -> ExceptionChain {
        ExceptionChain::with_limit(thrown, MAX_LINKED_ERRORS)
    }

    /// A chain allowing `max_links` links.
    pub fn with_limit(thrown: Exception, max_links: usize) -> ExceptionChain {
        ExceptionChain {
            added: vec![thrown],
            max_links,
        }
    }

    /// Whether no further link fits.
    pub fn is_full(&self) -> bool {
        self.added.len() > self.max_links
    }

    /// Adds `exception` as a child of the exception with id `parent`; returns the new id,
    /// or `None` (and adds nothing) when the chain is full or `parent` is unknown.
    pub fn link(&mut self, parent: u64, source: LinkSource, exception: Exception) -> Option<u64> {
        if self.is_full() {
            return None;
        }
        let id = self.added.len() as u64;
        let parent_exception = self.added.get_mut(usize::try_from(parent).ok()?)?;
        let parent_mechanism = mechanism_of(parent_exception, "generic");
        parent_mechanism.exception_id = Some(parent);
        if matches!(source, LinkSource::Errors(_)) {
            parent_mechanism.is_exception_group = Some(true);
        }
        let mut child = exception;
        let mechanism = mechanism_of(&mut child, "chained");
        mechanism.ty = "chained".to_string();
        mechanism.source = Some(source.as_source());
        mechanism.exception_id = Some(id);
        mechanism.parent_id = Some(parent);
        self.added.push(child);
        Some(id)
    }

    /// The chain in Sentry's order: the last link added first, the thrown error last.
    pub fn into_list(self) -> ExceptionList {
        let mut values = self.added;
        values.reverse();
        ExceptionList { values }
    }
}

fn mechanism_of<'a>(exception: &'a mut Exception, default_type: &str) -> &'a mut Mechanism {
    exception.mechanism.get_or_insert_with(|| Mechanism {
        ty: default_type.to_string(),
        ..Mechanism::default()
    })
}

/// One exception in a chain.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Exception {
    /// The error's type, such as `TypeError`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// The error's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The module the type lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// How it was captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<Mechanism>,
    /// Where it was thrown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacktrace: Option<Stacktrace>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub other: Other,
}

/// How an exception reached Faultline, and where it sits in a chain.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Mechanism {
    /// `onerror`, `onunhandledrejection`, `panic`, `generic`, `chained`, ...
    #[serde(rename = "type", default = "default_mechanism_type")]
    pub ty: String,
    /// Whether the app handled it (manual capture) or it went uncaught.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled: Option<bool>,
    /// For a linked error: how it hangs off its parent (`cause`, `errors[0]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Its number in the chain (the thrown error is 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception_id: Option<u64>,
    /// The number of the exception it is linked from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<u64>,
    /// Whether it aggregates others (`AggregateError`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_exception_group: Option<bool>,
    /// Fields not modelled here (`data`, `synthetic`, `help_link`).
    #[serde(flatten)]
    pub other: Other,
}

fn default_mechanism_type() -> String {
    "generic".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(value: &str) -> Exception {
        Exception {
            ty: Some("Error".into()),
            value: Some(value.into()),
            ..Exception::default()
        }
    }

    fn values(list: &ExceptionList) -> Vec<&str> {
        list.values
            .iter()
            .map(|e| e.value.as_deref().unwrap_or(""))
            .collect()
    }

    fn cause_chain(depth: usize) -> LinkedError {
        (1..depth).rev().fold(
            LinkedError {
                exception: error(&format!("e{depth}")),
                ..LinkedError::default()
            },
            |inner, i| LinkedError {
                exception: error(&format!("e{i}")),
                cause: Some(Box::new(inner)),
                errors: Vec::new(),
            },
        )
    }

    #[test]
    fn cause_chain_is_ordered_root_cause_first() {
        let list = ExceptionList::from_linked(cause_chain(3));
        assert_eq!(values(&list), ["e3", "e2", "e1"]);
        let ids: Vec<_> = list
            .values
            .iter()
            .map(|e| {
                let m = e.mechanism.as_ref().unwrap();
                (m.exception_id, m.parent_id, m.source.as_deref())
            })
            .collect();
        assert_eq!(
            ids,
            [
                (Some(2), Some(1), Some("cause")),
                (Some(1), Some(0), Some("cause")),
                (Some(0), None, None)
            ]
        );
    }

    #[test]
    fn long_cause_chain_keeps_five_links() {
        let list = ExceptionList::from_linked(cause_chain(9));
        assert_eq!(list.values.len(), MAX_LINKED_ERRORS + 1);
        assert_eq!(values(&list), ["e6", "e5", "e4", "e3", "e2", "e1"]);
    }

    #[test]
    fn aggregate_error_children_are_a_group() {
        let root = LinkedError {
            exception: error("all failed"),
            cause: None,
            errors: vec![
                LinkedError {
                    exception: error("a"),
                    ..LinkedError::default()
                },
                LinkedError {
                    exception: error("b"),
                    ..LinkedError::default()
                },
            ],
        };
        let list = ExceptionList::from_linked(root);
        assert_eq!(values(&list), ["b", "a", "all failed"]);
        let root = list.values[2].mechanism.as_ref().unwrap();
        assert_eq!(root.is_exception_group, Some(true));
        assert_eq!(root.ty, "generic");
        let b = list.values[0].mechanism.as_ref().unwrap();
        assert_eq!(
            (b.ty.as_str(), b.source.as_deref()),
            ("chained", Some("errors[1]"))
        );
    }

    #[test]
    fn chain_refuses_links_when_full_or_parent_unknown() {
        let mut chain = ExceptionChain::with_limit(error("top"), 1);
        assert_eq!(chain.link(7, LinkSource::Cause, error("x")), None);
        assert_eq!(chain.link(0, LinkSource::Cause, error("a")), Some(1));
        assert!(chain.is_full());
        assert_eq!(chain.link(1, LinkSource::Cause, error("b")), None);
        assert_eq!(values(&chain.into_list()), ["a", "top"]);
    }

    #[test]
    fn limit_links_keeps_the_thrown_end() {
        let mut list = ExceptionList {
            values: (0..8).map(|i| error(&i.to_string())).collect(),
        };
        assert_eq!(list.limit_links(2), 5);
        assert_eq!(values(&list), ["5", "6", "7"]);
    }
}
