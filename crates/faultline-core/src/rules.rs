//! Fingerprint rules in Sentry's syntax: matchers, `->`, then a fingerprint.
//!
//! ```text
//! # a comment
//! error.type:TypeError stack.function:send_welcome -> mail-failures
//! error.type:ChunkLoadError -> chunk-load-error title="Chunk failed to load"
//! stack.abs_path:"**/vendor/**" app:no -> vendor, {{ default }}
//! ```
//!
//! Matchers: `error.type`, `error.value`, `message` (the message or any exception
//! value), `logger`, `level`, `release`, `tags.NAME`, and frame matchers
//! `stack.function`, `stack.abs_path`, `stack.module`, `app:yes|no`, each true when any
//! frame of any exception matches. Values are globs (`*`, `?`; in `stack.abs_path` `*`
//! stays within a path segment and `**` crosses them, case-insensitively); `"…"` quotes
//! values with spaces; `!` negates a matcher. All matchers of a rule must hold, and the
//! first rule that matches wins.

mod parse;

use crate::hash::Hasher;
use crate::{Event, Frame, Glob, InAppRules, GROUPING_CONFIG};

pub use self::parse::ParseFingerprintRulesError;

/// An ordered list of fingerprint rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FingerprintRules {
    rules: Vec<FingerprintRule>,
    /// The grouping config events grouped by them record (empty without rules).
    config: String,
}

/// One rule: matchers and the fingerprint they select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintRule {
    line: usize,
    text: String,
    matchers: Vec<Matcher>,
    fingerprint: Vec<String>,
    title: Option<String>,
}

/// One `key:value` test.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Matcher {
    negated: bool,
    test: Test,
}

/// What a matcher looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    ErrorType(Glob),
    ErrorValue(Glob),
    Message(Glob),
    Logger(Glob),
    Level(Glob),
    Release(Glob),
    Tag(String, Glob),
    Function(Glob),
    AbsPath(Glob),
    Module(Glob),
    App(bool),
}

impl FingerprintRules {
    /// Parses rules text strictly: the first error is returned with its line and column.
    pub fn parse(text: &str) -> Result<FingerprintRules, ParseFingerprintRulesError> {
        let rules = parse::parse_rules(text)?;
        let config = if rules.is_empty() {
            String::new()
        } else {
            let mut hasher = Hasher::new();
            rules.iter().for_each(|rule| hasher.part(rule.text()));
            let digest = hasher.hex();
            format!(
                "{GROUPING_CONFIG}+rules:{}",
                digest.get(..12).unwrap_or(&digest)
            )
        };
        Ok(FingerprintRules { rules, config })
    }

    /// The grouping config of events grouped with these rules: the grouping version,
    /// plus a digest of the rules when there are any (`faultline:3+rules:1a2b3c4d5e6f`).
    /// Comments, blank lines and spacing around a rule do not change it.
    pub fn config(&self) -> &str {
        if self.config.is_empty() {
            GROUPING_CONFIG
        } else {
            &self.config
        }
    }

    /// The rules as text, one per line: parsing it gives the same rules and config.
    pub fn to_text(&self) -> String {
        let texts: Vec<&str> = self.rules.iter().map(|rule| rule.text()).collect();
        texts.join("\n")
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[FingerprintRule] {
        &self.rules
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first rule that matches `event`.
    pub fn first_match(&self, event: &Event) -> Option<&FingerprintRule> {
        self.rules.iter().find(|rule| rule.matches(event))
    }
}

impl std::str::FromStr for FingerprintRules {
    type Err = ParseFingerprintRulesError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        FingerprintRules::parse(text)
    }
}

impl FingerprintRule {
    /// The 1-based line the rule was written on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The rule as written, without surrounding whitespace.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The fingerprint values, variables (`{{ default }}`) unresolved.
    pub fn fingerprint(&self) -> &[String] {
        &self.fingerprint
    }

    /// The `title="…"` attribute, if given.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Whether every matcher holds for `event`.
    pub fn matches(&self, event: &Event) -> bool {
        self.matchers
            .iter()
            .all(|m| m.test.holds(event) != m.negated)
    }
}

impl Test {
    fn holds(&self, event: &Event) -> bool {
        let exceptions = || event.exception.iter().flat_map(|list| &list.values);
        let some = |value: &Option<String>, glob: &Glob| {
            value.as_deref().is_some_and(|v| glob.is_match(v))
        };
        match self {
            Test::ErrorType(glob) => exceptions().any(|e| some(&e.ty, glob)),
            Test::ErrorValue(glob) => exceptions().any(|e| some(&e.value, glob)),
            Test::Message(glob) => {
                some(&event.message, glob) || exceptions().any(|e| some(&e.value, glob))
            }
            Test::Logger(glob) => some(&event.logger, glob),
            Test::Level(glob) => glob.is_match(event.level.as_str()),
            Test::Release(glob) => some(&event.release, glob),
            Test::Tag(name, glob) => event.tags.get(name).is_some_and(|v| glob.is_match(v)),
            frame_test => {
                let frames = exceptions()
                    .filter_map(|e| e.stacktrace.as_ref())
                    .flat_map(|s| &s.frames);
                frames
                    .into_iter()
                    .any(|frame| frame_test.holds_for_frame(frame))
            }
        }
    }

    fn holds_for_frame(&self, frame: &Frame) -> bool {
        let some = |value: &Option<String>, glob: &Glob| {
            value.as_deref().is_some_and(|v| glob.is_match(v))
        };
        match self {
            // The printed name (`Object.send [as s]`) or its plain form (`send`).
            Test::Function(glob) => frame.function.as_deref().is_some_and(|f| {
                glob.is_match(f)
                    || crate::fingerprint::plain_function_name(f).is_some_and(|p| glob.is_match(p))
            }),
            Test::AbsPath(glob) => some(&frame.abs_path, glob) || some(&frame.filename, glob),
            Test::Module(glob) => some(&frame.module, glob),
            Test::App(in_app) => {
                let actual = frame
                    .in_app
                    .unwrap_or_else(|| InAppRules::default().is_in_app(frame));
                actual == *in_app
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
