//! Substring search for the short, fixed needles parsers look for (`" line "`, `"::h"`).
//!
//! `str::find` with a `&str` pattern builds a two-way searcher on every call, which costs
//! more than the search itself on the short strings of a stack frame, and far more in wasm,
//! where std has no SIMD path. These scan for the needle's first byte and compare the
//! rest: time linear in the haystack for a needle of fixed length, no setup.

/// The byte offset of the first `needle` in `haystack`.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    let mut start = 0;
    while let Some(i) = h.get(start..)?.iter().position(|&b| b == first) {
        let at = start + i;
        if h.get(at + 1..at + n.len()) == Some(rest) {
            // A match of a whole UTF-8 needle starts on a character boundary.
            return Some(at);
        }
        start = at + 1;
    }
    None
}

/// The byte offset of the last `needle` in `haystack`.
pub(crate) fn rfind(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(h.len());
    };
    let mut end = h.len();
    while let Some(at) = h.get(..end)?.iter().rposition(|&b| b == first) {
        if h.get(at + 1..at + n.len()) == Some(rest) {
            return Some(at);
        }
        end = at;
    }
    None
}

/// Whether `haystack` contains `needle`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// `haystack` split around its first `needle`.
pub(crate) fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(haystack, needle)?;
    Some((&haystack[..at], &haystack[at + needle.len()..]))
}

/// `haystack` split around its last `needle`.
pub(crate) fn rsplit_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = rfind(haystack, needle)?;
    Some((&haystack[..at], &haystack[at + needle.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_like_std() {
        for (h, n) in [
            ("a line 5 > eval", " line "),
            ("line", " line "),
            ("aaab", "aab"),
            ("", "x"),
            ("abc", ""),
            ("x::h0::h1", "::h"),
            ("é::é", "::é"),
            ("ab", "abc"),
        ] {
            assert_eq!(find(h, n), h.find(n), "{h} {n}");
            assert_eq!(rfind(h, n), h.rfind(n), "{h} {n}");
            assert_eq!(split_once(h, n), h.split_once(n), "{h} {n}");
            assert_eq!(rsplit_once(h, n), h.rsplit_once(n), "{h} {n}");
        }
    }
}
