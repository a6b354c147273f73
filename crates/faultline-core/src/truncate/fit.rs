//! The whole event under its byte limit: what goes, in order, when every part is within
//! its own limit and the event is still too big.

use std::cmp::Reverse;

use super::size::{breadcrumb_len, event_len, frame_len, str_len, uint_len, value_len};
use super::{Limits, TruncationReport};
use crate::{Event, Stacktrace};

/// Brings `event` under [`Limits::event_bytes`]: oldest breadcrumbs, then middle frames,
/// then the largest `extra` entries, then everything but the essentials, then the stack
/// traces, each only while the event is still too big.
pub(super) fn fit_size(event: &mut Event, limits: &Limits, report: &mut TruncationReport) {
    let max = limits.event_bytes;
    let mut size = event_len(event);
    if size > max {
        drop_breadcrumbs(event, size - max, report);
        size = event_len(event);
    }
    let exceptions = event.exception.as_mut().map_or(0, |l| l.values.len());
    for i in 0..exceptions {
        if size <= max {
            break;
        }
        let stacktrace = event
            .exception
            .as_mut()
            .and_then(|l| l.values.get_mut(i))
            .and_then(|e| e.stacktrace.as_mut());
        if let Some(stacktrace) = stacktrace {
            report.frames_dropped += drop_middle_frames(stacktrace, size - max);
            size = event_len(event);
        }
    }
    if size > max {
        drop_extra(event, size - max, report);
        size = event_len(event);
    }
    if size > max {
        strip(event, report);
        size = event_len(event);
    }
    if size > max {
        for x in event.exception.iter_mut().flat_map(|l| l.values.iter_mut()) {
            report.frames_dropped += x.stacktrace.take().map_or(0, |s| s.frames.len());
        }
        size = event_len(event);
    }
    report.size = size;
    report.fits = size <= max;
}

/// Drops the oldest breadcrumbs until about `need` bytes are freed.
fn drop_breadcrumbs(event: &mut Event, need: usize, report: &mut TruncationReport) {
    let Some(crumbs) = &mut event.breadcrumbs else {
        return;
    };
    let mut freed = 0;
    let count = crumbs
        .values
        .iter()
        .take_while(|crumb| {
            let enough = freed >= need;
            freed += breadcrumb_len(crumb) + 1;
            !enough
        })
        .count();
    crumbs.values.drain(..count);
    report.breadcrumbs_dropped += count;
    if crumbs.values.is_empty() {
        event.breadcrumbs = None;
    }
}

/// Drops the fewest frames from the middle that free `need` bytes, keeping at least the
/// oldest and the crashing frame; returns how many went.
fn drop_middle_frames(stacktrace: &mut Stacktrace, need: usize) -> usize {
    let len = stacktrace.frames.len();
    if len <= 2 {
        return 0;
    }
    let mut prefix = Vec::with_capacity(len + 1);
    prefix.push(0);
    for frame in &stacktrace.frames {
        let last = prefix.last().copied().unwrap_or(0);
        prefix.push(last + frame_len(frame) + 1);
    }
    // The `frames_omitted` note costs bytes too: `,"frames_omitted":[N,M]`.
    let need = need + str_len("frames_omitted") + 2 * uint_len(len as u64) + 5;
    let range_of = |n: usize| {
        let start = (len - n) / 2;
        (start, start + n)
    };
    let n = (1..=len - 2)
        .find(|&n| {
            let (start, end) = range_of(n);
            prefix[end] - prefix[start] >= need
        })
        .unwrap_or(len - 2);
    let (start, end) = range_of(n);
    stacktrace.frames.drain(start..end);
    stacktrace
        .other
        .insert("frames_omitted".into(), serde_json::json!([start, end]));
    n
}

/// Drops `extra` entries, largest first (equal sizes in key order), until `need` bytes
/// are freed.
fn drop_extra(event: &mut Event, need: usize, report: &mut TruncationReport) {
    let keys: Vec<String> = event.extra.keys().cloned().collect();
    // (size, position in key order), sorted largest first with the capture path's one
    // sort (storage's quota eviction sorts the same element type).
    let mut order: Vec<(Reverse<u64>, u64)> = event
        .extra
        .iter()
        .zip(0..)
        .map(|((k, v), i)| (Reverse((str_len(k) + value_len(v) + 2) as u64), i))
        .collect();
    crate::heapsort(&mut order);
    let mut freed = 0;
    for (Reverse(size), i) in order {
        if freed >= need {
            break;
        }
        let Some(key) = keys.get(i as usize) else {
            continue;
        };
        event.extra.remove(key);
        freed += size as usize;
        report.extra_dropped.push(key.clone());
    }
}

/// Keeps only what says what happened and to whom: ids, times, levels, names, message,
/// exceptions with their frames (without their other fields), the user's id, email,
/// username and address, tags and fingerprint.
fn strip(event: &mut Event, report: &mut TruncationReport) {
    report.stripped = true;
    if let Some(crumbs) = event.breadcrumbs.take() {
        report.breadcrumbs_dropped += crumbs.values.len();
    }
    report
        .extra_dropped
        .extend(std::mem::take(&mut event.extra).into_keys());
    event.contexts.0.clear();
    event.other.clear();
    event.request = None;
    if let Some(entry) = &mut event.logentry {
        entry.params = None;
        entry.other.clear();
    }
    if let Some(user) = &mut event.user {
        user.other.clear();
    }
    for x in event.exception.iter_mut().flat_map(|l| l.values.iter_mut()) {
        x.other.clear();
        if let Some(mechanism) = &mut x.mechanism {
            mechanism.other.clear();
        }
        if let Some(stacktrace) = &mut x.stacktrace {
            stacktrace.other.clear();
            stacktrace.frames.iter_mut().for_each(|f| f.other.clear());
        }
    }
}
