//! Frame locations: `url:line:column`, split without backtracking.

/// A source location as engines print it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Location<'a> {
    pub url: &'a str,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// Splits `url:line:col` or `url:line` from the right. A location without numbers is a
/// bare URL (`<anonymous>`, `native`).
pub(crate) fn parse_location(s: &str) -> Location<'_> {
    let (rest, last) = split_number(s);
    match last {
        None => Location {
            url: s,
            line: None,
            column: None,
        },
        Some(n) => match split_number(rest) {
            (url, Some(line)) => Location {
                url,
                line: Some(line),
                column: Some(n),
            },
            (url, None) => Location {
                url,
                line: Some(n),
                column: None,
            },
        },
    }
}

/// `"a:12"` to `("a", Some(12))`; anything else to `(s, None)`.
fn split_number(s: &str) -> (&str, Option<u32>) {
    match s.rsplit_once(':') {
        Some((head, tail)) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) => {
            match tail.parse() {
                Ok(n) => (head, Some(n)),
                Err(_) => (s, None),
            }
        }
        _ => (s, None),
    }
}

/// What people read as the file: the path of an http(s) URL (no origin, query or hash);
/// other URLs as they are.
pub(crate) fn filename_from_url(url: &str) -> &str {
    let Some(after_scheme) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return url;
    };
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let end = path.find(['?', '#']).unwrap_or(path.len());
    &path[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_line_and_column_from_the_right() {
        let loc = parse_location("http://127.0.0.1:8080/app.js:12:17");
        assert_eq!(loc.url, "http://127.0.0.1:8080/app.js");
        assert_eq!((loc.line, loc.column), (Some(12), Some(17)));
        assert_eq!(parse_location("<anonymous>").line, None);
        assert_eq!(parse_location("x.js:7").line, Some(7));
        assert_eq!(parse_location("x.js:99999999999").line, None);
    }

    #[test]
    fn filename_is_the_url_path() {
        assert_eq!(filename_from_url("http://h:1/a/b.js?v=1#x"), "/a/b.js");
        assert_eq!(filename_from_url("https://h"), "/");
        assert_eq!(
            filename_from_url("blob:http://h/uuid"),
            "blob:http://h/uuid"
        );
    }
}
