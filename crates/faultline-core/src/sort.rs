//! A small sort for the capture package.
//!
//! `slice::sort_unstable` is fast but brings a few KB of wasm per element type
//! (quicksort, small-sort networks, a heapsort fallback). The capture path sorts little:
//! a batch's issue ids, `extra` entries by size when an event is too big, issues by size
//! when the disk is full. A heapsort does that in O(n log n), without allocating, in a few
//! hundred bytes.

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(mut input: Vec<i32>) {
        let mut expected = input.clone();
        expected.sort();
        heapsort(&mut input);
        assert_eq!(input, expected);
    }

    #[test]
    fn sorts_small_and_edge_cases() {
        check(vec![]);
        check(vec![1]);
        check(vec![2, 1]);
        check(vec![3, 1, 2, 3, 1]);
        check((0..100).rev().collect());
        check(vec![7; 10]);
    }

    proptest! {
        #[test]
        fn sorts_like_the_standard_sort(input in prop::collection::vec(-50i32..50, 0..300)) {
            check(input);
        }
    }
}
