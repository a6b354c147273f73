//! Truncation: keeping events within the sizes servers (and IndexedDB quotas) accept.
//!
//! Strings are cut on a character boundary and end in `…`; nested data deeper than the
//! depth limit becomes `"[Object]"`/`"[Array]"`, and a container cut for breadth ends in a
//! `"[MaxProperties ~]"` marker (the markers Sentry's JavaScript SDK writes). If the
//! serialized event is still too big, breadcrumbs go first (oldest first), then frames
//! from the middle of stack traces (noted in `frames_omitted`), then `extra` entries
//! (largest first). Everything cut is counted in the [`TruncationReport`].

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::io;

use serde::Serialize;
use serde_json::Value;

use crate::{Event, Stacktrace};

/// Ends a string that was cut.
pub const ELLIPSIS: &str = "…";
/// Replaces an object nested too deep.
const DEEP_OBJECT: &str = "[Object]";
/// Replaces an array nested too deep.
const DEEP_ARRAY: &str = "[Array]";
/// Ends a container cut for breadth.
const MAX_PROPERTIES: &str = "[MaxProperties ~]";

/// The limits applied; [`Limits::default`] holds Faultline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of `message` (and `logentry` text): 8 KiB.
    pub message_bytes: usize,
    /// Bytes of each exception's `value`: 8 KiB.
    pub value_bytes: usize,
    /// Bytes of each breadcrumb's `message`: 2 KiB.
    pub breadcrumb_message_bytes: usize,
    /// Breadcrumbs kept, newest first: 100.
    pub breadcrumbs: usize,
    /// Levels of nesting in `extra`, `contexts` and breadcrumb `data`, counting the
    /// top-level map's values as level 1: 3.
    pub depth: usize,
    /// Entries of any object or array there: 1000.
    pub breadth: usize,
    /// Linked errors kept beyond the thrown one: 5.
    pub linked_errors: usize,
    /// Bytes of the whole serialized event: under 1 MB.
    pub event_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            message_bytes: 8 * 1024,
            value_bytes: 8 * 1024,
            breadcrumb_message_bytes: 2 * 1024,
            breadcrumbs: 100,
            depth: 3,
            breadth: 1000,
            linked_errors: crate::MAX_LINKED_ERRORS,
            event_bytes: 1_000_000,
        }
    }
}

/// What truncation cut.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TruncationReport {
    /// Strings shortened.
    pub strings_cut: usize,
    /// Breadcrumbs dropped, for the count limit or for size.
    pub breadcrumbs_dropped: usize,
    /// Linked exceptions dropped.
    pub linked_errors_dropped: usize,
    /// Objects and arrays replaced for depth.
    pub too_deep: usize,
    /// Entries dropped for breadth.
    pub too_broad: usize,
    /// Stack frames dropped for size.
    pub frames_dropped: usize,
    /// `extra` keys dropped for size.
    pub extra_dropped: Vec<String>,
    /// The serialized size afterwards, in bytes.
    pub size: usize,
    /// Whether the event is now within [`Limits::event_bytes`].
    pub fits: bool,
}

impl TruncationReport {
    /// Whether nothing was cut.
    pub fn nothing_cut(&self) -> bool {
        self.strings_cut == 0
            && self.breadcrumbs_dropped == 0
            && self.linked_errors_dropped == 0
            && self.too_deep == 0
            && self.too_broad == 0
            && self.frames_dropped == 0
            && self.extra_dropped.is_empty()
    }
}

/// Cuts `s` to at most `max_bytes` bytes on a character boundary, ending it with `…`
/// (when there is room for it); whether it was cut.
pub fn truncate_str(s: &mut String, max_bytes: usize) -> bool {
    if s.len() <= max_bytes {
        return false;
    }
    let room = max_bytes.checked_sub(ELLIPSIS.len());
    let mut end = room.unwrap_or(max_bytes);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    if room.is_some() {
        s.push_str(ELLIPSIS);
    }
    true
}

/// Applies Faultline's [`Limits`] to `event`.
pub fn truncate_event(event: &mut Event) -> TruncationReport {
    truncate_event_with(event, &Limits::default())
}

/// Applies `limits` to `event`; returns what was cut.
pub fn truncate_event_with(event: &mut Event, limits: &Limits) -> TruncationReport {
    let mut report = TruncationReport::default();
    cut_strings(event, limits, &mut report);
    if let Some(list) = &mut event.exception {
        report.linked_errors_dropped = list.limit_links(limits.linked_errors);
    }
    if let Some(crumbs) = &mut event.breadcrumbs {
        let excess = crumbs.values.len().saturating_sub(limits.breadcrumbs);
        crumbs.values.drain(..excess);
        report.breadcrumbs_dropped += excess;
    }
    let mut shape = Shaper { limits, report };
    shape.map(&mut event.extra);
    shape.map(&mut event.contexts.0);
    for crumb in event
        .breadcrumbs
        .iter_mut()
        .flat_map(|b| b.values.iter_mut())
    {
        shape.map(&mut crumb.data);
    }
    let mut report = shape.report;
    fit_size(event, limits, &mut report);
    report
}

fn cut_strings(event: &mut Event, limits: &Limits, report: &mut TruncationReport) {
    let mut cut = |s: &mut Option<String>, max: usize| {
        if let Some(s) = s {
            report.strings_cut += usize::from(truncate_str(s, max));
        }
    };
    cut(&mut event.message, limits.message_bytes);
    if let Some(entry) = &mut event.logentry {
        cut(&mut entry.message, limits.message_bytes);
        cut(&mut entry.formatted, limits.message_bytes);
    }
    for exception in event.exception.iter_mut().flat_map(|l| l.values.iter_mut()) {
        cut(&mut exception.value, limits.value_bytes);
    }
    for crumb in event
        .breadcrumbs
        .iter_mut()
        .flat_map(|b| b.values.iter_mut())
    {
        cut(&mut crumb.message, limits.breadcrumb_message_bytes);
    }
}

/// Depth and breadth limits over free-form maps.
struct Shaper<'a> {
    limits: &'a Limits,
    report: TruncationReport,
}

impl Shaper<'_> {
    fn map(&mut self, map: &mut BTreeMap<String, Value>) {
        let breadth = self.limits.breadth;
        if map.len() > breadth {
            let keep: Vec<String> = map
                .keys()
                .take(breadth.saturating_sub(1))
                .cloned()
                .collect();
            self.report.too_broad += map.len() - keep.len();
            map.retain(|k, _| keep.binary_search(k).is_ok());
            map.insert("...".to_string(), Value::String(MAX_PROPERTIES.to_string()));
        }
        let below = self.limits.depth.saturating_sub(1);
        map.values_mut().for_each(|v| self.value(v, below));
    }

    /// Limits `value`, which may hold `remaining` more levels of containers.
    fn value(&mut self, value: &mut Value, remaining: usize) {
        let breadth = self.limits.breadth;
        match value {
            Value::Object(_) | Value::Array(_) if remaining == 0 => {
                let marker = if value.is_object() {
                    DEEP_OBJECT
                } else {
                    DEEP_ARRAY
                };
                *value = Value::String(marker.to_string());
                self.report.too_deep += 1;
            }
            Value::Object(fields) => {
                if fields.len() > breadth {
                    let keep = breadth.saturating_sub(1);
                    let dropped: Vec<String> = fields.keys().skip(keep).cloned().collect();
                    self.report.too_broad += dropped.len();
                    dropped.iter().for_each(|k| {
                        fields.remove(k);
                    });
                    fields.insert("...".into(), Value::String(MAX_PROPERTIES.into()));
                }
                fields
                    .values_mut()
                    .for_each(|v| self.value(v, remaining - 1));
            }
            Value::Array(items) => {
                if items.len() > breadth {
                    let keep = breadth.saturating_sub(1);
                    self.report.too_broad += items.len() - keep;
                    items.truncate(keep);
                    items.push(Value::String(MAX_PROPERTIES.into()));
                }
                items.iter_mut().for_each(|v| self.value(v, remaining - 1));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }
}

/// Counts bytes written, so sizes are measured without building the JSON.
struct ByteCounter(usize);

impl io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The length of `value`'s JSON.
fn json_len<T: Serialize + ?Sized>(value: &T) -> usize {
    let mut counter = ByteCounter(0);
    // Serializing core types to a writer that never fails cannot fail.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

fn fit_size(event: &mut Event, limits: &Limits, report: &mut TruncationReport) {
    let max = limits.event_bytes;
    let mut size = json_len(event);
    if size > max {
        drop_breadcrumbs(event, size - max, report);
        size = json_len(event);
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
            size = json_len(event);
        }
    }
    if size > max {
        drop_extra(event, size - max, report);
        size = json_len(event);
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
            freed += json_len(crumb) + 1;
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
        prefix.push(last + json_len(frame) + 1);
    }
    // The `frames_omitted` note costs bytes too: `,"frames_omitted":[N,M]`.
    let need = need + json_len("frames_omitted") + 2 * json_len(&len) + 5;
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
        .map(|((k, v), i)| (Reverse((json_len(k) + json_len(v) + 2) as u64), i))
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
