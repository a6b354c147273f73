//! The limit of each part of an event: texts and names, tags, fingerprint parts, and the
//! depth, breadth and byte budget of every free-form part.

use crate::VecMap;
use std::collections::BTreeMap;

use serde_json::Value;

use super::size::{str_len, value_len};
use super::{truncate_str, Limits, TruncationReport};
use crate::{Breadcrumb, Event, Exception, Frame, LogEntry, Request, User};

/// Replaces an object nested too deep.
const DEEP_OBJECT: &str = "[Object]";
/// Replaces an array nested too deep.
const DEEP_ARRAY: &str = "[Array]";
/// Ends a container cut for breadth.
const MAX_PROPERTIES: &str = "[MaxProperties ~]";
/// With less room than this left in a byte budget, the entry that overflows is dropped
/// rather than cut.
const MIN_ROOM: usize = 16;

/// Applies the per-part limits, counting what it cuts.
pub(super) struct Shaper<'a> {
    limits: &'a Limits,
    pub report: TruncationReport,
}

impl<'a> Shaper<'a> {
    pub fn new(limits: &'a Limits, report: TruncationReport) -> Shaper<'a> {
        Shaper { limits, report }
    }

    /// Every part of `e`.
    pub fn event(&mut self, e: &mut Event) {
        let l = self.limits;
        self.text(&mut e.message, l.message_bytes);
        for name in [
            &mut e.release,
            &mut e.dist,
            &mut e.environment,
            &mut e.logger,
        ] {
            self.text(name, l.name_bytes);
        }
        self.cut(&mut e.platform, l.name_bytes);
        if let Some(entry) = &mut e.logentry {
            self.logentry(entry);
        }
        for x in e
            .exception
            .iter_mut()
            .flat_map(|list| list.values.iter_mut())
        {
            self.exception(x);
        }
        for crumb in e.breadcrumbs.iter_mut().flat_map(|b| b.values.iter_mut()) {
            self.breadcrumb(crumb);
        }
        if let Some(user) = &mut e.user {
            self.user(user);
        }
        if let Some(request) = &mut e.request {
            self.request(request);
        }
        self.report.tags_dropped += self.strings(&mut e.tags, l.tags, l.tag_bytes);
        self.fingerprint(&mut e.fingerprint);
        self.contexts(&mut e.contexts.0);
        self.bag(&mut e.extra, l.extra_bytes);
        self.bag(&mut e.other, l.other_bytes);
    }

    fn logentry(&mut self, entry: &mut LogEntry) {
        let l = self.limits;
        self.text(&mut entry.message, l.message_bytes);
        self.text(&mut entry.formatted, l.message_bytes);
        if let Some(params) = &mut entry.params {
            self.value(params, l.depth);
            if !self.fit_value(params, l.data_bytes) {
                entry.params = None;
            }
        }
        self.bag(&mut entry.other, l.data_bytes);
    }

    fn user(&mut self, user: &mut User) {
        let l = self.limits;
        for field in [
            &mut user.id,
            &mut user.email,
            &mut user.username,
            &mut user.ip_address,
        ] {
            self.text(field, l.name_bytes);
        }
        self.bag(&mut user.other, l.data_bytes);
    }

    fn request(&mut self, request: &mut Request) {
        let l = self.limits;
        self.text(&mut request.url, l.value_bytes);
        self.text(&mut request.method, l.name_bytes);
        let dropped = self.strings(&mut request.headers, l.headers, l.header_bytes);
        self.report.too_big += dropped;
        self.bag(&mut request.other, l.data_bytes);
    }

    /// Each context within its budget, then all of them within theirs.
    fn contexts(&mut self, contexts: &mut BTreeMap<String, Value>) {
        self.map(contexts);
        for context in contexts.values_mut() {
            if !self.fit_value(context, self.limits.context_bytes) {
                *context = Value::Null;
            }
        }
        self.fit_map(contexts, self.limits.contexts_bytes);
    }

    fn cut(&mut self, s: &mut String, max: usize) {
        self.report.strings_cut += usize::from(truncate_str(s, max));
    }

    fn text(&mut self, s: &mut Option<String>, max: usize) {
        if let Some(s) = s {
            self.cut(s, max);
        }
    }

    fn exception(&mut self, x: &mut Exception) {
        let l = self.limits;
        self.text(&mut x.ty, l.name_bytes);
        self.text(&mut x.module, l.name_bytes);
        self.text(&mut x.value, l.value_bytes);
        if let Some(mechanism) = &mut x.mechanism {
            self.cut(&mut mechanism.ty, l.name_bytes);
            self.bag(&mut mechanism.other, l.data_bytes);
        }
        if let Some(stacktrace) = &mut x.stacktrace {
            stacktrace.frames.iter_mut().for_each(|f| self.frame(f));
            self.bag(&mut stacktrace.other, l.data_bytes);
        }
        self.bag(&mut x.other, l.data_bytes);
    }

    fn frame(&mut self, f: &mut Frame) {
        let max = self.limits.value_bytes;
        for text in [
            &mut f.function,
            &mut f.filename,
            &mut f.abs_path,
            &mut f.module,
        ] {
            self.text(text, max);
        }
        self.bag(&mut f.other, self.limits.data_bytes);
    }

    fn breadcrumb(&mut self, crumb: &mut Breadcrumb) {
        let l = self.limits;
        self.text(&mut crumb.message, l.breadcrumb_message_bytes);
        self.text(&mut crumb.ty, l.name_bytes);
        self.text(&mut crumb.category, l.name_bytes);
        self.bag(&mut crumb.data, l.breadcrumb_data_bytes);
        self.bag(&mut crumb.other, l.breadcrumb_data_bytes);
    }

    /// The first `count` entries of a string map (tags, headers) in key order, values cut
    /// to `max` bytes; an entry whose key is longer is dropped (Sentry's server drops such
    /// tags too). Returns how many entries went.
    fn strings(&mut self, map: &mut VecMap<String, String>, count: usize, max: usize) -> usize {
        let before = map.len();
        let mut n = 0;
        map.retain(|key, _| {
            n += usize::from(key.len() <= max);
            key.len() <= max && n <= count
        });
        map.values_mut().for_each(|v| self.cut(v, max));
        before - map.len()
    }

    fn fingerprint(&mut self, parts: &mut Vec<String>) {
        let excess = parts.len().saturating_sub(self.limits.fingerprint_parts);
        parts.truncate(self.limits.fingerprint_parts);
        self.report.fingerprint_parts_dropped += excess;
        let max = self.limits.fingerprint_part_bytes;
        parts.iter_mut().for_each(|part| self.cut(part, max));
    }

    /// A free-form map: its shape, then its byte budget.
    fn bag(&mut self, map: &mut BTreeMap<String, Value>, budget: usize) {
        self.map(map);
        self.fit_map(map, budget);
    }

    /// Depth and breadth of a map whose values are level 1.
    fn map(&mut self, map: &mut BTreeMap<String, Value>) {
        let keep = self.limits.breadth.saturating_sub(1);
        if map.len() > self.limits.breadth {
            self.report.too_broad += map.len() - keep;
            let mut n = 0;
            map.retain(|_, _| {
                n += 1;
                n <= keep
            });
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
                    self.report.too_broad += fields.len() - keep;
                    let mut n = 0;
                    fields.retain(|_, _| {
                        n += 1;
                        n <= keep
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

    /// Cuts `map` to `budget` JSON bytes, counting the entries cut or dropped.
    fn fit_map(&mut self, map: &mut BTreeMap<String, Value>, budget: usize) {
        let sizes: Vec<usize> = map.iter().map(|(k, v)| entry_len(k, v)).collect();
        let plan = plan(&sizes, budget);
        self.report.too_big += cut_count(&sizes, &plan);
        let mut i = 0;
        map.retain(|_, value| {
            i += 1;
            apply(plan[i - 1], sizes[i - 1], value)
        });
    }

    /// Whether `value` now fits `budget` JSON bytes (counted when it had to be cut).
    fn fit_value(&mut self, value: &mut Value, budget: usize) -> bool {
        if value_len(value) <= budget {
            return true;
        }
        self.report.too_big += 1;
        shrink(value, budget)
    }
}

/// The JSON bytes an entry `key: value` takes in an object, with its comma.
fn entry_len(key: &str, value: &Value) -> usize {
    str_len(key) + value_len(value) + 2
}

/// How many bytes each entry of a container whose entries take `sizes` may keep so that
/// the container fits `budget`: the entries that fit whole are kept whole, in order; the
/// first that did not is cut into the room left over (or dropped, `None`, when less than
/// [`MIN_ROOM`] is left), and the others are dropped.
fn plan(sizes: &[usize], budget: usize) -> Vec<Option<usize>> {
    let mut left = budget.saturating_sub(2);
    let mut plan: Vec<Option<usize>> = sizes
        .iter()
        .map(|&size| {
            let whole = size <= left;
            left -= if whole { size } else { 0 };
            whole.then_some(size)
        })
        .collect();
    if let Some(first) = plan.iter_mut().find(|keep| keep.is_none()) {
        *first = (left >= MIN_ROOM).then_some(left);
    }
    plan
}

/// The entries a plan cuts or drops.
fn cut_count(sizes: &[usize], plan: &[Option<usize>]) -> usize {
    sizes
        .iter()
        .zip(plan)
        .filter(|(size, keep)| **keep != Some(**size))
        .count()
}

/// Applies one entry's plan; whether the entry stays.
fn apply(keep: Option<usize>, size: usize, value: &mut Value) -> bool {
    match keep {
        None => false,
        Some(bytes) if bytes >= size => true,
        Some(bytes) => shrink(value, bytes.saturating_sub(size - value_len(value))),
    }
}

/// Shrinks `value` into `budget` JSON bytes; whether it now fits (numbers, booleans and
/// null cannot shrink).
fn shrink(value: &mut Value, budget: usize) -> bool {
    match value {
        Value::String(s) => fit_string(s, budget),
        Value::Array(items) => {
            let sizes: Vec<usize> = items.iter().map(|v| value_len(v) + 1).collect();
            let plan = plan(&sizes, budget);
            let mut i = 0;
            items.retain_mut(|item| {
                i += 1;
                apply(plan[i - 1], sizes[i - 1], item)
            });
            true
        }
        Value::Object(fields) => {
            let sizes: Vec<usize> = fields.iter().map(|(k, v)| entry_len(k, v)).collect();
            let plan = plan(&sizes, budget);
            let mut i = 0;
            fields.retain(|_, item| {
                i += 1;
                apply(plan[i - 1], sizes[i - 1], item)
            });
            true
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => value_len(value) <= budget,
    }
}

/// Cuts `s` so that its JSON (quotes and escapes included) fits `budget` bytes; whether it
/// does.
fn fit_string(s: &mut String, budget: usize) -> bool {
    truncate_str(s, budget.saturating_sub(2));
    // Escapes make JSON longer than the text; halve until it fits (a few rounds at most).
    while str_len(s) > budget && !s.is_empty() {
        let half = s.len() / 2;
        truncate_str(s, half);
    }
    str_len(s) <= budget
}
