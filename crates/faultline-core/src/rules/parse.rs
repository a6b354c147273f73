//! The strict parser of fingerprint rules text.
//!
//! One rule per line: `[!]key:value …  ->  value[, value …] [title="…"]`. Blank lines
//! and lines starting with `#` are skipped. Each line is read once, left to right, so
//! parsing is linear in the text.

use std::fmt;

use super::{FingerprintRule, Matcher, Test};
use crate::Glob;

/// Why rules text could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFingerprintRulesError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ParseFingerprintRulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ParseFingerprintRulesError {}

type Result<T> = std::result::Result<T, ParseFingerprintRulesError>;

/// Parses every rule of `text`.
pub(super) fn parse_rules(text: &str) -> Result<Vec<FingerprintRule>> {
    let mut rules = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut cursor = Cursor {
            text: line,
            pos: 0,
            line: index + 1,
        };
        rules.push(parse_rule(&mut cursor, trimmed)?);
    }
    Ok(rules)
}

/// A position in one line.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_while(&mut self, f: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        let len = self.rest().find(|c| !f(c)).unwrap_or(self.rest().len());
        self.pos += len;
        &self.text[start..self.pos]
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn error_at<T>(&self, pos: usize, message: impl Into<String>) -> Result<T> {
        Err(ParseFingerprintRulesError {
            line: self.line,
            column: self.text[..pos].chars().count() + 1,
            message: message.into(),
        })
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T> {
        self.error_at(self.pos, message)
    }

    /// `"…"` with `\"` and `\\` escapes; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<String> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) => out.push(escaped),
                    None => break,
                },
                c => out.push(c),
            }
        }
        self.error_at(open, "unterminated quoted string")
    }
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

fn parse_rule(cursor: &mut Cursor<'_>, text: &str) -> Result<FingerprintRule> {
    let mut matchers = Vec::new();
    loop {
        cursor.skip_while(char::is_whitespace);
        let arrow = cursor.pos;
        if cursor.eat("->") {
            if matchers.is_empty() {
                return cursor.error_at(arrow, "a rule needs a matcher before `->`");
            }
            break;
        }
        if cursor.peek().is_none() {
            return cursor.error("expected `->` and a fingerprint after the matchers");
        }
        matchers.push(parse_matcher(cursor)?);
    }
    let (fingerprint, title) = parse_fingerprint(cursor)?;
    Ok(FingerprintRule {
        line: cursor.line,
        text: text.to_string(),
        matchers,
        fingerprint,
        title,
    })
}

fn parse_matcher(cursor: &mut Cursor<'_>) -> Result<Matcher> {
    let negated = cursor.eat("!");
    let key_pos = cursor.pos;
    let key = if cursor.peek() == Some('"') {
        cursor.quoted()?
    } else {
        cursor.skip_while(is_key_char).to_string()
    };
    if key.is_empty() {
        return cursor.error("expected a matcher such as `error.type:TypeError`");
    }
    if !cursor.eat(":") {
        return cursor.error(format!("expected `:` after `{key}`"));
    }
    let value_pos = cursor.pos;
    let value = if cursor.peek() == Some('"') {
        cursor.quoted()?
    } else {
        cursor.skip_while(|c| !c.is_whitespace()).to_string()
    };
    if value.is_empty() {
        return cursor.error_at(value_pos, format!("expected a value after `{key}:`"));
    }
    let test = match test(&key, &value) {
        Ok(test) => test,
        Err(Unknown::Key) => return cursor.error_at(key_pos, format!("unknown matcher `{key}`")),
        Err(Unknown::App) => {
            return cursor.error_at(value_pos, "`app` expects `yes` or `no`");
        }
    };
    Ok(Matcher { negated, test })
}

enum Unknown {
    Key,
    App,
}

fn test(key: &str, value: &str) -> std::result::Result<Test, Unknown> {
    let glob = || Glob::new(value);
    Ok(match key {
        "error.type" | "type" => Test::ErrorType(glob()),
        "error.value" | "value" => Test::ErrorValue(glob()),
        "message" => Test::Message(glob()),
        "logger" => Test::Logger(glob()),
        "level" => Test::Level(glob()),
        "release" => Test::Release(glob()),
        "stack.function" | "function" => Test::Function(glob()),
        "stack.abs_path" | "path" => Test::AbsPath(Glob::path(value)),
        "stack.module" | "module" => Test::Module(glob()),
        "app" => match value {
            "yes" | "true" | "1" => Test::App(true),
            "no" | "false" | "0" => Test::App(false),
            _ => return Err(Unknown::App),
        },
        _ => match key.strip_prefix("tags.") {
            Some(tag) if !tag.is_empty() => Test::Tag(tag.to_string(), glob()),
            _ => return Err(Unknown::Key),
        },
    })
}

/// Values after `->`, separated by whitespace or commas, and an optional `title="…"`.
fn parse_fingerprint(cursor: &mut Cursor<'_>) -> Result<(Vec<String>, Option<String>)> {
    let mut values = Vec::new();
    let mut title = None;
    loop {
        cursor.skip_while(|c| c.is_whitespace() || c == ',');
        let start = cursor.pos;
        match cursor.peek() {
            None => break,
            Some('"') => values.push(cursor.quoted()?),
            Some('{') => values.push(variable(cursor)?),
            Some(_) => {
                let key = cursor.skip_while(is_key_char);
                if !key.is_empty() && cursor.eat("=") {
                    if key != "title" {
                        return cursor.error_at(start, format!("unknown attribute `{key}`"));
                    }
                    if cursor.peek() != Some('"') {
                        return cursor.error("expected a quoted value after `title=`");
                    }
                    if title.replace(cursor.quoted()?).is_some() {
                        return cursor.error_at(start, "`title` given twice");
                    }
                    continue;
                }
                cursor.pos = start;
                let value = cursor.skip_while(|c| !(c.is_whitespace() || c == ',' || c == '{'));
                values.push(value.to_string());
            }
        }
    }
    if values.is_empty() {
        return cursor.error("expected a fingerprint after `->`");
    }
    Ok((values, title))
}

/// `{{ name }}`, kept as written for substitution later.
fn variable(cursor: &mut Cursor<'_>) -> Result<String> {
    let start = cursor.pos;
    if !cursor.eat("{{") {
        return cursor.error("unexpected `{`; variables are written `{{ name }}`");
    }
    let Some(len) = cursor.rest().find("}}") else {
        return cursor.error_at(start, "unterminated `{{`");
    };
    cursor.pos += len + 2;
    Ok(cursor.text[start..cursor.pos].to_string())
}
