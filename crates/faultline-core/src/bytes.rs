//! Substring search for the short, fixed needles parsers look for (`" line "`, `"::h"`).
//!
//! `str::find` with a `&str` pattern builds a two-way searcher on every call, which costs
//! more than the search itself on the short strings of a stack frame, and far more in wasm,
//! where std has no SIMD path. These scan for one byte of the needle, chosen to be rare in
//! URLs and names (`(` in `":("`, `d` in `"/node_modules/"`), and compare the rest only
//! there: time linear in the haystack for a needle of fixed length, no setup. The byte scan
//! reads eight bytes at a time as a `u64` (wasm has 64-bit integers; std's `memchr` works
//! on 4-byte `usize` words there).

/// Bytes frequent in URLs and function names: a poor byte to scan for.
const COMMON: &[u8] = b"/:.etaoinsrhl0123456789";

/// [`COMMON`] as a table, so that choosing the anchor costs a load per needle byte (a
/// search of `COMMON` per byte cost more than most searches).
static IS_COMMON: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < COMMON.len() {
        table[COMMON[i] as usize] = true;
        i += 1;
    }
    table
};

/// The index in `needle` of the byte to scan for: its first uncommon one, else its first.
fn anchor(needle: &[u8]) -> usize {
    needle
        .iter()
        .position(|&b| !IS_COMMON[usize::from(b)])
        .unwrap_or(0)
}

/// Eight copies of a byte, one per lane of a `u64`.
const fn lanes(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// Whether any byte of `word` is `byte`: the classic "has zero byte" test on
/// `word ^ lanes(byte)`, exact (no false positives).
fn has_byte(word: u64, byte: u8) -> bool {
    let x = word ^ lanes(byte);
    let low = lanes(0x7f);
    // A lane is zero exactly when adding 0x7f to its low seven bits carries nothing into
    // bit 7 and its own bit 7 is clear.
    !((x & low).wrapping_add(low) | x | low) != 0
}

/// The index of the first `byte` in `h`, eight bytes at a time: std's `memchr` works
/// on `usize` words, four bytes in wasm32, which has 64-bit integers all the same.
pub(crate) fn position(h: &[u8], byte: u8) -> Option<usize> {
    let mut chunks = h.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_ne_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if has_byte(word, byte) {
            break;
        }
        at += 8;
    }
    h[at..].iter().position(|&b| b == byte).map(|i| at + i)
}

/// The index of the last `byte` in `h`, eight bytes at a time.
pub(crate) fn rposition(h: &[u8], byte: u8) -> Option<usize> {
    let mut chunks = h.rchunks_exact(8);
    let mut end = h.len();
    for chunk in &mut chunks {
        let word = u64::from_ne_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if has_byte(word, byte) {
            break;
        }
        end -= 8;
    }
    h[..end].iter().rposition(|&b| b == byte)
}

/// The byte offset of the first `needle` in `haystack`.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    let a = anchor(n);
    let mut from = a;
    while let Some(i) = position(h.get(from..)?, n[a]) {
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
    while let Some(at) = rposition(h.get(..end)?, n[a]) {
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

/// Whether `haystack` holds `first` right before `second` (`": "`, `" ("`): a scan for
/// `second`, without the anchor choice and comparison of [`find`].
pub(crate) fn contains_pair(haystack: &str, first: u8, second: u8) -> bool {
    let h = haystack.as_bytes();
    let mut from = 1;
    while let Some(i) = h.get(from..).and_then(|rest| position(rest, second)) {
        if h[from + i - 1] == first {
            return true;
        }
        from += i + 1;
    }
    false
}

/// Whether `haystack` contains `needle`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Whether `haystack` contains `needle`, ignoring ASCII case (an empty `needle` is in
/// every haystack). Compares a window only where its first byte matches, a load and a
/// compare per byte: a search runs this over every issue's title and culprit, and every
/// key of an event against each sensitive fragment, where comparing each whole window (a
/// call per byte in a build for size) cost several times as much.
pub(crate) fn contains_ignoring_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = haystack.len().checked_sub(needle.len()) else {
        return false;
    };
    let first = first.to_ascii_lowercase();
    (0..=last_start).any(|at| {
        haystack[at].to_ascii_lowercase() == first
            && haystack[at + 1..at + needle.len()].eq_ignore_ascii_case(rest)
    })
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
            if let &[first, second] = n.as_bytes() {
                prop_assert_eq!(contains_pair(&h, first, second), h.contains(n.as_str()));
            }
        }

        #[test]
        fn ascii_case_search_agrees_with_lowercase_copies(h in "[aAbB:é]{0,24}", n in "[aAbB:é]{0,4}") {
            let (lower_h, lower_n) = (h.to_ascii_lowercase(), n.to_ascii_lowercase());
            prop_assert_eq!(
                contains_ignoring_ascii_case(h.as_bytes(), n.as_bytes()),
                lower_h.contains(lower_n.as_str())
            );
        }

        #[test]
        fn byte_positions_agree_with_iterators(h in proptest::collection::vec(0u8..=255, 0..40), b in 0u8..=255) {
            let b = if h.is_empty() || b % 2 == 0 { b } else { h[usize::from(b) % h.len()] };
            prop_assert_eq!(position(&h, b), h.iter().position(|&x| x == b));
            prop_assert_eq!(rposition(&h, b), h.iter().rposition(|&x| x == b));
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
            if let &[first, second] = n.as_bytes() {
                assert_eq!(contains_pair(h, first, second), h.contains(n), "{h} {n}");
            }
        }
    }
}
