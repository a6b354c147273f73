//! Substring search for the short, fixed needles parsers look for (`" line "`, `"::h"`).
//!
//! `str::find` with a `&str` pattern builds a two-way searcher on every call, which costs
//! more than the search itself on the short strings of a stack frame, and far more in wasm,
//! where std has no SIMD path. These scan for one byte of the needle, chosen to be rare in
//! URLs and names (`(` in `":("`, `n` in `"/node_modules/"`), and compare the rest only
//! there: time linear in the haystack for a needle of fixed length, no setup.

/// Bytes frequent in URLs and function names: a poor byte to scan for.
const COMMON: &[u8] = b"/:.etaoinsrhl0123456789";

/// The index in `needle` of the byte to scan for: its first uncommon one, else its first.
fn anchor(needle: &[u8]) -> usize {
    needle.iter().position(|b| !COMMON.contains(b)).unwrap_or(0)
}

/// The byte offset of the first `needle` in `haystack`.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    let a = anchor(n);
    let mut from = a;
    while let Some(i) = h.get(from..)?.iter().position(|&b| b == n[a]) {
        let start = from + i - a;
        if h.get(start..start + n.len()) == Some(n) {
            // A match of a whole UTF-8 needle starts on a character boundary.
            return Some(start);
        }
        from += i + 1;
    }
    None
}

/// The byte offset of the last `needle` in `haystack`.
pub(crate) fn rfind(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(h.len());
    }
    let a = anchor(n);
    // Anchors past this index would put the needle's end past the haystack's.
    let mut end = h.len().checked_sub(n.len() - a - 1)?;
    while let Some(at) = h.get(..end)?.iter().rposition(|&b| b == n[a]) {
        if let Some(start) = at.checked_sub(a) {
            if h.get(start..start + n.len()) == Some(n) {
                return Some(start);
            }
        } else {
            return None;
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
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_std_on_any_input(h in "[a:(/n é]{0,24}", n in "[a:(/n é]{0,4}") {
            prop_assert_eq!(find(&h, &n), h.find(n.as_str()));
            prop_assert_eq!(rfind(&h, &n), h.rfind(n.as_str()));
        }
    }

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
            ("a/node_modules/x/node_modules/y", "/node_modules/"),
            ("f@safari-extension:(//x:1:2)", "extension:("),
            ("xx(", ":("),
            ("(:(", ":("),
            (":(", ":("),
            ("]:]:", "]:"),
        ] {
            assert_eq!(find(h, n), h.find(n), "{h} {n}");
            assert_eq!(rfind(h, n), h.rfind(n), "{h} {n}");
            assert_eq!(split_once(h, n), h.split_once(n), "{h} {n}");
            assert_eq!(rsplit_once(h, n), h.rsplit_once(n), "{h} {n}");
        }
    }
}
