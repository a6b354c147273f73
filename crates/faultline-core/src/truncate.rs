//! Truncation: keeping events within the sizes servers (and IndexedDB quotas) accept.
//!
//! Every part of an event has a limit ([`Limits`]): texts and names are cut on a character
//! boundary and end in `…`; tags, request headers and fingerprint parts are counted (the
//! first in key order stay; a tag or header whose key is too long is dropped, as Sentry's
//! server drops it) and their values cut; free-form data (`extra`, contexts, breadcrumb
//! `data`, the user's and the request's other fields, log entry parameters, unmodelled
//! fields) nested deeper than the depth limit becomes `"[Object]"`/`"[Array]"`, a container
//! cut for breadth ends in a `"[MaxProperties ~]"` marker (the markers Sentry's JavaScript
//! SDK writes), and each part keeps what fits its byte budget: the entries that fit whole
//! stay whole, in key order, and the first that did not is cut into the room left over
//! (strings inside it end in `…`); the others go. If the serialized event is still too big,
//! breadcrumbs go first (oldest first), then frames from the middle of stack traces (noted
//! in `frames_omitted`), then `extra` entries (largest first), and last the event is
//! stripped to its essentials (message, exceptions and their frames, user, tags, levels and
//! ids), then of its stack traces. Everything cut is counted in the [`TruncationReport`].
//! Sizes are counted by hand (`truncate/size.rs`), so no serializer reaches the capture
//! wasm.

mod fit;
mod shape;
mod size;

use crate::Event;

/// Ends a string that was cut.
pub const ELLIPSIS: &str = "…";

/// The limits applied; [`Limits::default`] holds Faultline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of `message` (and `logentry` text): 8 KiB.
    pub message_bytes: usize,
    /// Bytes of each exception's `value` and of the request URL: 8 KiB.
    pub value_bytes: usize,
    /// Bytes of each breadcrumb's `message`: 2 KiB.
    pub breadcrumb_message_bytes: usize,
    /// Bytes of each short text: release, dist, environment, logger, platform, the user's
    /// id, email, username and IP address, exception types and modules, mechanism types,
    /// the request method, breadcrumb types and categories: 256.
    pub name_bytes: usize,
    /// Breadcrumbs kept, newest first: 100.
    pub breadcrumbs: usize,
    /// Tags kept, in key order: 100.
    pub tags: usize,
    /// Bytes of each tag value, and of each tag key kept: 200 (Sentry's).
    pub tag_bytes: usize,
    /// Request headers kept, in name order: 100.
    pub headers: usize,
    /// Bytes of each request header's value, and of each name kept: 2 KiB.
    pub header_bytes: usize,
    /// Fingerprint parts kept: 32.
    pub fingerprint_parts: usize,
    /// Bytes of each fingerprint part: 256.
    pub fingerprint_part_bytes: usize,
    /// Levels of nesting in free-form data, counting the top-level map's values as
    /// level 1: 3.
    pub depth: usize,
    /// Entries of any object or array there: 1000.
    pub breadth: usize,
    /// JSON bytes of each breadcrumb's `data` (and of its other fields): 2 KiB.
    pub breadcrumb_data_bytes: usize,
    /// JSON bytes of each context: 8 KiB.
    pub context_bytes: usize,
    /// JSON bytes of all contexts together: 64 KiB.
    pub contexts_bytes: usize,
    /// JSON bytes of `extra`: 256 KiB.
    pub extra_bytes: usize,
    /// JSON bytes of the event's unmodelled fields: 64 KiB.
    pub other_bytes: usize,
    /// JSON bytes of each other free-form part: the user's other fields, the request's
    /// other fields, log entry parameters and other fields, and the other
    /// fields of each exception, mechanism, stack trace and frame: 8 KiB.
    pub data_bytes: usize,
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
            name_bytes: 256,
            breadcrumbs: 100,
            tags: 100,
            tag_bytes: 200,
            headers: 100,
            header_bytes: 2 * 1024,
            fingerprint_parts: 32,
            fingerprint_part_bytes: 256,
            depth: 3,
            breadth: 1000,
            breadcrumb_data_bytes: 2 * 1024,
            context_bytes: 8 * 1024,
            contexts_bytes: 64 * 1024,
            extra_bytes: 256 * 1024,
            other_bytes: 64 * 1024,
            data_bytes: 8 * 1024,
            linked_errors: crate::MAX_LINKED_ERRORS,
            event_bytes: 1_000_000,
        }
    }
}

/// What truncation cut.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TruncationReport {
    /// Strings shortened (texts, names, tag keys and values, fingerprint parts).
    pub strings_cut: usize,
    /// Breadcrumbs dropped, for the count limit or for size.
    pub breadcrumbs_dropped: usize,
    /// Linked exceptions dropped.
    pub linked_errors_dropped: usize,
    /// Tags dropped, beyond the count limit or for a key too long.
    pub tags_dropped: usize,
    /// Fingerprint parts dropped beyond the count limit.
    pub fingerprint_parts_dropped: usize,
    /// Objects and arrays replaced for depth.
    pub too_deep: usize,
    /// Entries dropped for breadth.
    pub too_broad: usize,
    /// Entries of free-form data dropped or shortened to fit their part's byte budget, and
    /// request headers dropped.
    pub too_big: usize,
    /// Stack frames dropped for size.
    pub frames_dropped: usize,
    /// `extra` keys dropped for size.
    pub extra_dropped: Vec<String>,
    /// Whether the event was stripped to its essentials to fit.
    pub stripped: bool,
    /// The serialized size afterwards, in bytes: exact for an event without floats in its
    /// data; each float counts as 24 bytes, its longest form, so the real size is at most
    /// this.
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
            && self.tags_dropped == 0
            && self.fingerprint_parts_dropped == 0
            && self.too_deep == 0
            && self.too_broad == 0
            && self.too_big == 0
            && self.frames_dropped == 0
            && self.extra_dropped.is_empty()
            && !self.stripped
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
    if let Some(list) = &mut event.exception {
        report.linked_errors_dropped = list.limit_links(limits.linked_errors);
    }
    if let Some(crumbs) = &mut event.breadcrumbs {
        let excess = crumbs.values.len().saturating_sub(limits.breadcrumbs);
        crumbs.values.drain(..excess);
        report.breadcrumbs_dropped += excess;
    }
    let mut shaper = shape::Shaper::new(limits, report);
    shaper.event(event);
    let mut report = shaper.report;
    fit::fit_size(event, limits, &mut report);
    report
}
