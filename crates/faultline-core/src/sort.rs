//! A small sort for the capture package and the viewer.
//!
//! `slice::sort_unstable` is fast but brings a few KB of wasm per element type
//! (quicksort, small-sort networks, a heapsort fallback), `slice::sort` as much again. The
//! capture path sorts little: a batch's issue ids, `extra` entries by size when an event is
//! too big, issues by size when the disk is full; the viewer sorts at most its issues (a
//! few thousand compares per thousand issues). A heapsort does that in O(n log n), without
//! allocating, in a few hundred bytes.

use std::cmp::Ordering;

/// Sorts `v` ascending, in place (not stable: equal elements end in any order).
pub fn heapsort<T: Ord>(v: &mut [T]) {
    let len = v.len();
    for node in (0..len / 2).rev() {
        sift_down(v, node, len);
    }
    for end in (1..len).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Sorts `v` in place in the order `compare` gives (not stable: give `compare` a last
/// tie-break, such as an id, when equal elements must keep an order).
pub fn heapsort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    let len = v.len();
    for node in (0..len / 2).rev() {
        sift_down_by(v, node, len, &mut compare);
    }
    for end in (1..len).rev() {
        v.swap(0, end);
        sift_down_by(v, 0, end, &mut compare);
    }
}

/// [`sift_down`] with `compare` for `<`.
fn sift_down_by<T, F: FnMut(&T, &T) -> Ordering>(
    v: &mut [T],
    mut node: usize,
    end: usize,
    compare: &mut F,
) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && compare(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if compare(&v[node], &v[child]) != Ordering::Less {
            return;
        }
        v.swap(node, child);
        node = child;
    }
}

/// Moves `v[node]` down the max-heap `v[..end]` until its children are not larger.
fn sift_down<T: Ord>(v: &mut [T], mut node: usize, end: usize) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[node] >= v[child] {
            return;
        }
        v.swap(node, child);
        node = child;
    }
}

/// Whether `names` are in ascending byte order, each once: what a binary search of a
/// table of names needs. A `const fn`, so that a table can be checked when compiling
/// (`const _: () = assert!(names_sorted(&TABLE));`).
pub const fn names_sorted(names: &[&str]) -> bool {
    let mut i = 1;
    while i < names.len() {
        let (a, b) = (names[i - 1].as_bytes(), names[i].as_bytes());
        let mut j = 0;
        while j < a.len() && j < b.len() && a[j] == b[j] {
            j += 1;
        }
        // The first differing byte decides; a prefix comes first.
        let ascending = if j < a.len() && j < b.len() {
            a[j] < b[j]
        } else {
            a.len() < b.len()
        };
        if !ascending {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorted_names_are_ascending_and_distinct() {
        assert!(names_sorted(&[]));
        assert!(names_sorted(&["a", "ab", "b", "ba"]));
        assert!(!names_sorted(&["ab", "a"]), "a prefix comes first");
        assert!(!names_sorted(&["a", "a"]), "each once");
        assert!(!names_sorted(&["b", "a"]));
    }

    proptest! {
        #[test]
        fn names_sorted_agrees_with_the_standard_order(mut names in prop::collection::vec("[a-c]{0,3}", 0..8)) {
            let ascending = names.windows(2).all(|w| w[0] < w[1]);
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            prop_assert_eq!(names_sorted(&refs), ascending);
            names.sort();
            names.dedup();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            prop_assert!(names_sorted(&refs));
        }
    }

    fn check(mut input: Vec<i32>) {
        let mut expected = input.clone();
        expected.sort();
        heapsort(&mut input);
        assert_eq!(input, expected);
    }

    fn check_by(input: Vec<(i32, u8)>) {
        // Descending by the first field, then ascending by the second: the viewer's shape.
        let order = |a: &(i32, u8), b: &(i32, u8)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut expected = input.clone();
        expected.sort_by(order);
        let mut sorted = input;
        heapsort_by(&mut sorted, order);
        assert_eq!(sorted, expected);
    }

    #[test]
    fn sorts_small_and_edge_cases() {
        check(vec![]);
        check(vec![1]);
        check(vec![2, 1]);
        check(vec![3, 1, 2, 3, 1]);
        check((0..100).rev().collect());
        check(vec![7; 10]);
        check_by(vec![]);
        check_by(vec![(1, 0)]);
        check_by(vec![(1, 2), (3, 1), (1, 1), (3, 0)]);
    }

    proptest! {
        #[test]
        fn sorts_like_the_standard_sort(input in prop::collection::vec(-50i32..50, 0..300)) {
            check(input);
        }

        #[test]
        fn sorts_by_like_the_standard_sort(input in prop::collection::vec((-20i32..20, 0u8..4), 0..300)) {
            check_by(input);
        }
    }
}
