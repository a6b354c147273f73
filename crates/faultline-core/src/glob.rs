//! Glob patterns (`*`, `**`, `?`) matched without backtracking.
//!
//! Matching simulates the pattern as a set of positions advanced one character at a time,
//! so it costs at most `text length × pattern length` steps whatever the input: no
//! pattern can make it exponential, unlike naive recursive globbing.

use std::fmt;

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// This exact character.
    Char(char),
    /// `?`: any one character (not `/` in path patterns).
    AnyChar,
    /// `*`: any run of characters (not crossing `/` in path patterns).
    Star,
    /// `**`: any run of characters, `/` included.
    DoubleStar,
}

/// A compiled glob pattern.
///
/// In a plain pattern `*` and `**` both match any run of characters. In a path pattern
/// ([`Glob::path`]) `*` stops at `/`, `**` crosses it, and letters match regardless of
/// ASCII case. `\` makes the next character literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    source: String,
    tokens: Vec<Token>,
    path: bool,
}

impl Glob {
    /// A pattern for names and messages: `*` matches anything.
    pub fn new(pattern: &str) -> Glob {
        Glob::compile(pattern, false)
    }

    /// A pattern for paths and URLs: `*` stays within one `/` segment, `**` crosses them.
    pub fn path(pattern: &str) -> Glob {
        Glob::compile(pattern, true)
    }

    fn compile(pattern: &str, path: bool) -> Glob {
        let mut tokens = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            let token = match c {
                '\\' => Token::Char(chars.next().unwrap_or('\\')),
                '?' => Token::AnyChar,
                '*' => match tokens.last_mut() {
                    // `**` (and `***`...) is one token.
                    Some(last @ (Token::Star | Token::DoubleStar)) => {
                        *last = Token::DoubleStar;
                        continue;
                    }
                    _ => Token::Star,
                },
                c if path => Token::Char(c.to_ascii_lowercase()),
                c => Token::Char(c),
            };
            tokens.push(token);
        }
        Glob {
            source: pattern.to_string(),
            tokens,
            path,
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches the whole of `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let n = self.tokens.len();
        let mut current = vec![false; n + 1];
        let mut next = vec![false; n + 1];
        current[0] = true;
        self.close(&mut current);
        for c in text.chars() {
            let c = if self.path { c.to_ascii_lowercase() } else { c };
            next.iter_mut().for_each(|s| *s = false);
            let mut alive = false;
            for (i, token) in self.tokens.iter().enumerate() {
                if !current[i] {
                    continue;
                }
                let stop_at_slash = self.path && c == '/';
                let target = match *token {
                    Token::Char(p) if p == c => i + 1,
                    Token::AnyChar if !stop_at_slash => i + 1,
                    Token::Star if !stop_at_slash => i,
                    Token::DoubleStar => i,
                    _ => continue,
                };
                next[target] = true;
                alive = true;
            }
            if !alive {
                return false;
            }
            self.close(&mut next);
            std::mem::swap(&mut current, &mut next);
        }
        current[n]
    }

    /// Adds the positions reachable without reading: past any star.
    fn close(&self, states: &mut [bool]) {
        for (i, token) in self.tokens.iter().enumerate() {
            if states[i] && matches!(token, Token::Star | Token::DoubleStar) {
                states[i + 1] = true;
            }
        }
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_run_in_plain_patterns() {
        let glob = Glob::new("send_*");
        assert!(glob.is_match("send_welcome"));
        assert!(glob.is_match("send_"));
        assert!(!glob.is_match("resend_welcome"));
        assert!(Glob::new("*timeout*").is_match("request timeout after 30s"));
        assert!(Glob::new("a*b*c").is_match("a/x/b/y/c"));
        assert!(Glob::new("exact").is_match("exact"));
        assert!(!Glob::new("exact").is_match("exactly"));
    }

    #[test]
    fn path_star_stays_in_one_segment_and_double_star_crosses() {
        assert!(Glob::path("**/vendor/*.js").is_match("http://h/static/vendor/lib.js"));
        assert!(!Glob::path("**/vendor/*.js").is_match("http://h/vendor/a/lib.js"));
        assert!(Glob::path("**/vendor/**").is_match("http://h/vendor/a/lib.js"));
        assert!(Glob::path("http://h/*.js").is_match("HTTP://H/App.js"));
        assert!(!Glob::path("http://h/*.js").is_match("http://h/a/app.js"));
    }

    #[test]
    fn question_mark_and_escapes() {
        assert!(Glob::new("f?o").is_match("foo"));
        assert!(!Glob::new("f?o").is_match("fo"));
        assert!(Glob::new(r"a\*b").is_match("a*b"));
        assert!(!Glob::new(r"a\*b").is_match("axb"));
        assert!(Glob::new("é*").is_match("été"));
    }

    #[test]
    fn hostile_patterns_finish_in_bounded_steps() {
        // Exponential for a backtracking matcher; here at most 60 × 5,000 steps.
        let pattern = "*a".repeat(30);
        let text = "a".repeat(5_000) + "b";
        assert!(!Glob::new(&pattern).is_match(&text));
        assert!(Glob::new(&pattern).is_match(&"a".repeat(5_000)));
    }
}
