//! The search tokenizer and parser: one pass, left to right, no backtracking.

use super::{
    AssigneeFilter, Comparison, Filter, ParseQueryError, Query, QueryStatus, QuerySubstatus,
    SortKey, Term, TimeFilter, UserFilter,
};
use crate::{Level, Timestamp};

/// Parses `src`. Strict mode stops at the first mistake; lenient mode repairs it, notes
/// it and goes on (and so always returns `Ok`).
pub(super) fn parse(
    src: &str,
    strict: bool,
) -> Result<(Query, Vec<ParseQueryError>), ParseQueryError> {
    let mut parser = Parser {
        src,
        pos: 0,
        strict,
        notes: Vec::new(),
        query: Query::default(),
    };
    while parser.skip_whitespace() {
        parser.term()?;
    }
    Ok((parser.query, parser.notes))
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    strict: bool,
    notes: Vec<ParseQueryError>,
    query: Query,
}

/// A `key:value` token before interpretation.
struct Pair<'a> {
    start: usize,
    negated: bool,
    key: &'a str,
    key_pos: usize,
    value: String,
    value_pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skips whitespace; whether anything is left.
    fn skip_whitespace(&mut self) -> bool {
        let rest = self.rest();
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        !trimmed.is_empty()
    }

    /// Reports a mistake: an error when strict, a note when lenient.
    fn fail(&mut self, position: usize, message: String) -> Result<(), ParseQueryError> {
        let error = ParseQueryError { position, message };
        if self.strict {
            return Err(error);
        }
        self.notes.push(error);
        Ok(())
    }

    fn push(&mut self, negated: bool, filter: Filter) {
        self.query.terms.push(Term { negated, filter });
    }

    fn term(&mut self) -> Result<(), ParseQueryError> {
        let start = self.pos;
        let negated = self.rest().starts_with('!');
        if negated {
            self.pos += 1;
            if self.peek().is_none_or(char::is_whitespace) {
                let message = "`!` must be followed by a term, as in !level:error".to_string();
                return self.fail(start, message);
            }
        }
        if self.peek() == Some('"') {
            let phrase = self.quoted()?;
            return self.text(negated, phrase);
        }
        let rest = self.rest();
        let key_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || b"_.".contains(b))
            .count();
        if key_len > 0 && rest[key_len..].starts_with(':') {
            let key_pos = self.pos;
            self.pos += key_len + 1;
            let value_pos = self.pos;
            let value = if self.peek() == Some('"') {
                self.quoted()?
            } else {
                self.word().to_string()
            };
            let key = &rest[..key_len];
            return self.pair(Pair {
                start,
                negated,
                key,
                key_pos,
                value,
                value_pos,
            });
        }
        let word = self.word().to_string();
        self.text(negated, word)
    }

    fn text(&mut self, negated: bool, text: String) -> Result<(), ParseQueryError> {
        if !text.is_empty() {
            self.push(negated, Filter::Text(text));
        }
        Ok(())
    }

    /// Up to the next whitespace.
    fn word(&mut self) -> &'a str {
        let rest = self.rest();
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        self.pos += len;
        &rest[..len]
    }

    /// A `"…"` string at the current position, with `\"` and `\\` escapes. Unclosed, it
    /// runs to the end of the text.
    fn quoted(&mut self) -> Result<String, ParseQueryError> {
        let open = self.pos;
        let mut out = String::new();
        let mut chars = self.src[open + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos = open + 1 + i + 1;
                    return self.after_quote(out);
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) => out.push(escaped),
                    None => break,
                },
                c => out.push(c),
            }
        }
        self.pos = self.src.len();
        self.fail(open, "this quote is never closed".to_string())?;
        Ok(out)
    }

    /// A closing quote must end the term.
    fn after_quote(&mut self, value: String) -> Result<String, ParseQueryError> {
        if self.peek().is_some_and(|c| !c.is_whitespace()) {
            let message = "expected a space after the closing quote".to_string();
            self.fail(self.pos, message)?;
        }
        Ok(value)
    }

    fn pair(&mut self, pair: Pair<'a>) -> Result<(), ParseQueryError> {
        let key = pair.key;
        if pair.value.is_empty() {
            return self.fail(pair.value_pos, format!("`{key}:` needs a value"));
        }
        let lower = key.to_ascii_lowercase();
        if lower == "sort" {
            return self.sort(&pair);
        }
        let Some(interpret) = interpreter(&lower) else {
            self.fail(pair.key_pos, format!("unknown search key `{key}`"))?;
            return self.fallback_text(&pair);
        };
        match interpret(pair.value.clone()) {
            Ok(filter) => {
                self.push(pair.negated, filter);
                Ok(())
            }
            Err(expected) => {
                let message = format!("`{key}:{}` is not valid: {expected}", pair.value);
                self.fail(pair.value_pos, message)?;
                self.fallback_text(&pair)
            }
        }
    }

    /// In lenient mode, a term that could not be read searches for its own text.
    fn fallback_text(&mut self, pair: &Pair<'a>) -> Result<(), ParseQueryError> {
        let raw = &self.src[pair.start + usize::from(pair.negated)..self.pos];
        self.push(pair.negated, Filter::Text(raw.to_string()));
        Ok(())
    }

    fn sort(&mut self, pair: &Pair<'a>) -> Result<(), ParseQueryError> {
        if pair.negated {
            return self.fail(pair.start, "`sort:` cannot be negated".to_string());
        }
        match SortKey::parse(&pair.value) {
            Some(key) => {
                self.query.sort = Some(key);
                Ok(())
            }
            None => self.fail(
                pair.value_pos,
                format!(
                    "unknown sort `{}`; expected date, new, freq or user",
                    pair.value
                ),
            ),
        }
    }
}

/// Reads a value into a filter, or says what was expected.
type Interpreter = fn(String) -> Result<Filter, &'static str>;

fn interpreter(key: &str) -> Option<Interpreter> {
    Some(match key {
        "is" => |v| {
            parse_is(&v).ok_or(
                "expected unresolved, resolved, ignored, new, regressed, assigned or unassigned",
            )
        },
        "assigned" | "assigned_to" => |v| Ok(Filter::Assigned(AssigneeFilter::Named(v))),
        "has" => |v| {
            (v.eq_ignore_ascii_case("notes") || v.eq_ignore_ascii_case("note"))
                .then_some(Filter::HasNotes)
                .ok_or("expected notes")
        },
        "level" => |v| {
            Level::parse(&v)
                .map(Filter::Level)
                .ok_or("expected debug, info, warning, error or fatal")
        },
        "release" => |v| Ok(Filter::Release(v)),
        "environment" | "env" => |v| Ok(Filter::Environment(v)),
        "error.type" => |v| Ok(Filter::ErrorType(v)),
        "user" => |v| Ok(Filter::User(user_filter(v))),
        "user.id" => |v| Ok(Filter::User(UserFilter::Key(format!("id:{v}")))),
        "user.email" => |v| Ok(Filter::User(UserFilter::Key(format!("email:{v}")))),
        "user.username" => |v| Ok(Filter::User(UserFilter::Key(format!("username:{v}")))),
        "user.ip" => |v| Ok(Filter::User(UserFilter::Key(format!("ip:{v}")))),
        "firstseen" | "first_seen" => |v| parse_time(&v).map(Filter::FirstSeen).ok_or(TIME_FORMS),
        "lastseen" | "last_seen" => |v| parse_time(&v).map(Filter::LastSeen).ok_or(TIME_FORMS),
        _ => return None,
    })
}

const TIME_FORMS: &str = "expected -24h, +7d (units m, h, d, w), >2026-11-01 or an RFC 3339 time";

fn parse_is(value: &str) -> Option<Filter> {
    Some(match value.to_ascii_lowercase().as_str() {
        "unresolved" => Filter::Status(QueryStatus::Unresolved),
        "resolved" => Filter::Status(QueryStatus::Resolved),
        "ignored" | "archived" => Filter::Status(QueryStatus::Ignored),
        "new" => Filter::QuerySubstatus(QuerySubstatus::New),
        "regressed" => Filter::QuerySubstatus(QuerySubstatus::Regressed),
        "ongoing" => Filter::QuerySubstatus(QuerySubstatus::Ongoing),
        "assigned" => Filter::Assigned(AssigneeFilter::Anyone),
        "unassigned" => Filter::Assigned(AssigneeFilter::Nobody),
        _ => return None,
    })
}

/// `id:42` names one key; a bare `42` may be any of them.
fn user_filter(value: String) -> UserFilter {
    let is_key = ["id:", "email:", "username:", "ip:"]
        .iter()
        .any(|prefix| value.starts_with(prefix));
    if is_key {
        UserFilter::Key(value)
    } else {
        UserFilter::Any(value)
    }
}

fn parse_time(value: &str) -> Option<TimeFilter> {
    if let Some(rel) = value.strip_prefix('-') {
        return parse_duration(rel).map(TimeFilter::Within);
    }
    if let Some(rel) = value.strip_prefix('+') {
        return parse_duration(rel).map(TimeFilter::OlderThan);
    }
    let (cmp, rest) = if let Some(r) = value.strip_prefix(">=") {
        (Some(Comparison::Ge), r)
    } else if let Some(r) = value.strip_prefix("<=") {
        (Some(Comparison::Le), r)
    } else if let Some(r) = value.strip_prefix('>') {
        (Some(Comparison::Gt), r)
    } else if let Some(r) = value.strip_prefix('<') {
        (Some(Comparison::Lt), r)
    } else {
        (None, value)
    };
    let day = parse_day(rest);
    match (cmp, day) {
        (None, Some(day)) => Some(TimeFilter::Day(day)),
        (None, None) => None,
        (Some(cmp), Some(day)) => Some(TimeFilter::Compare(cmp, day)),
        (Some(cmp), None) => Timestamp::parse_rfc3339(rest)
            .ok()
            .map(|t| TimeFilter::Compare(cmp, t)),
    }
}

/// `2026-11-01` to its UTC midnight.
fn parse_day(s: &str) -> Option<Timestamp> {
    if s.len() != 10 {
        return None;
    }
    Timestamp::parse_rfc3339(&format!("{s}T00:00:00Z")).ok()
}

/// `24h` to milliseconds; units `m`, `h`, `d`, `w`.
fn parse_duration(s: &str) -> Option<i64> {
    let unit_ms: i64 = match s.chars().last()? {
        'm' => 60_000,
        'h' => 3_600_000,
        'd' => 86_400_000,
        'w' => 604_800_000,
        _ => return None,
    };
    let digits = &s[..s.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.bytes().fold(0i64, |n, b| {
        n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(n.saturating_mul(unit_ms))
}
