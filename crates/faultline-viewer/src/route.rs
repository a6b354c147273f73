//! The viewer's routes, kept in the URL's query string so the viewer works under any base
//! path (`/`, `/__faultline/`, inside an iframe) and every view can be bookmarked.
//!
//! `?query=is:unresolved+level:error&sort=freq` is the issue stream; `?issue=12` an
//! issue, `?issue=12&event=<id>` one of its events. Parsing never fails: anything it
//! does not understand leads to the default stream.

use faultline_core::{IssueId, SortKey};

/// The stream's search when the URL names none: what needs attention.
pub const DEFAULT_QUERY: &str = "is:unresolved";

/// Where the viewer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The issue stream with a search and an order.
    Stream {
        /// The search text (query language of `faultline_core::Query`).
        query: String,
        /// The order chosen in the sort menu; a `sort:` term in the query wins.
        sort: Option<SortKey>,
    },
    /// One issue.
    Issue {
        /// The issue.
        id: IssueId,
        /// The event shown; the latest when `None`.
        event: Option<String>,
    },
}

impl Default for Route {
    fn default() -> Self {
        Route::Stream {
            query: DEFAULT_QUERY.to_string(),
            sort: None,
        }
    }
}

impl Route {
    /// The route of a URL's query string (`location.search`, with or without its `?`).
    pub fn parse(search: &str) -> Route {
        let params = parse_params(search);
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        if let Some(id) = get("issue").and_then(|v| v.trim().parse::<u64>().ok()) {
            let event = get("event").filter(|e| !e.is_empty());
            return Route::Issue {
                id: IssueId(id),
                event,
            };
        }
        Route::Stream {
            query: get("query").unwrap_or_else(|| DEFAULT_QUERY.to_string()),
            sort: get("sort").and_then(|s| SortKey::parse(&s)),
        }
    }

    /// The query string of this route, `?` included; empty for the default stream.
    pub fn search(&self) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        match self {
            Route::Stream { query, sort } => {
                if query != DEFAULT_QUERY {
                    params.push(("query", query.clone()));
                }
                if let Some(sort) = sort {
                    params.push(("sort", sort.as_str().to_string()));
                }
            }
            Route::Issue { id, event } => {
                params.push(("issue", id.0.to_string()));
                if let Some(event) = event {
                    params.push(("event", event.clone()));
                }
            }
        }
        if params.is_empty() {
            return String::new();
        }
        let pairs: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("?{}", pairs.join("&"))
    }

    /// The stream with `query`, keeping no sort.
    pub fn stream(query: &str) -> Route {
        Route::Stream {
            query: query.to_string(),
            sort: None,
        }
    }

    /// An issue at its latest event.
    pub fn issue(id: IssueId) -> Route {
        Route::Issue { id, event: None }
    }
}

/// `a=1&b=x+y` into decoded pairs, in order.
fn parse_params(search: &str) -> Vec<(String, String)> {
    let search = search.strip_prefix('?').unwrap_or(search);
    search
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// Percent-encodes a query value, keeping characters that read well in an address bar
/// (`is:unresolved+level:error`); a space becomes `+`.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(byte as char),
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'@' | b'!' | b',' | b'*' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes a query value: `+` is a space, `%XX` a byte; malformed escapes stay as they are
/// and invalid UTF-8 becomes U+FFFD.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn empty_search_is_the_unresolved_stream() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("?"), Route::default());
        assert_eq!(Route::default().search(), "");
    }

    #[wasm_bindgen_test]
    fn stream_round_trips_with_readable_query() {
        let route = Route::Stream {
            query: "is:unresolved level:error \"a&b\" 50%".into(),
            sort: Some(SortKey::Freq),
        };
        let search = route.search();
        assert_eq!(
            search,
            "?query=is:unresolved+level:error+%22a%26b%22+50%25&sort=freq"
        );
        assert_eq!(Route::parse(&search), route);
    }

    #[wasm_bindgen_test]
    fn an_empty_query_is_all_issues_not_the_default() {
        let all = Route::stream("");
        assert_eq!(all.search(), "?query=");
        assert_eq!(Route::parse("?query="), all);
    }

    #[wasm_bindgen_test]
    fn issue_routes_round_trip() {
        let route = Route::Issue {
            id: IssueId(42),
            event: Some("0123abcd".into()),
        };
        assert_eq!(route.search(), "?issue=42&event=0123abcd");
        assert_eq!(Route::parse("?issue=42&event=0123abcd"), route);
        assert_eq!(Route::parse("issue=7"), Route::issue(IssueId(7)));
    }

    #[wasm_bindgen_test]
    fn nonsense_falls_back_to_the_stream() {
        assert_eq!(Route::parse("?issue=abc&sort=loud"), Route::default());
        assert_eq!(
            Route::parse("?query=%ZZ%4"),
            Route::stream("%ZZ%4"),
            "malformed escapes stay literal"
        );
    }

    #[wasm_bindgen_test]
    fn utf8_survives_encoding() {
        let route = Route::stream("café ☕");
        assert_eq!(Route::parse(&route.search()), route);
    }
}
