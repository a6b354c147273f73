//! The in-memory stand-in for when IndexedDB cannot be opened: the same behaviour as the
//! database (grouping, counts, retention, triage, queries), lost when the page closes.

use std::collections::BTreeMap;

use crate::fixed_hash::{HashMap, HashSet};

use faultline_core::{user_key, Activity, Issue, IssueId, Outcome, Timestamp};
use wasm_bindgen::JsValue;

use crate::activity::record_from_activity;
use crate::event_record::{event_body, record_from_event};
use crate::issue_record::{record_from_issue, Stored};
use crate::query::{EventCursor, EventPage, IssueCursor, IssuePage, IssueQuery, Stats};
use crate::record::{counter_record, DAY_MS, HOUR_MS};
use crate::store::{Grouped, Recorded, StoreConfig};
use crate::triage::Triage;

/// `(issue, ts, event id)`: the order of the events index.
type EventKey = (u64, i64, String);

/// Everything a database would hold.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    issues: BTreeMap<u64, (Issue, Stored)>,
    by_fingerprint: HashMap<String, u64>,
    events: BTreeMap<EventKey, (JsValue, usize)>,
    event_keys: HashMap<String, EventKey>,
    users: HashSet<(u64, String)>,
    activity: Vec<Activity>,
    counters: BTreeMap<(u64, &'static str, i64), u64>,
    drops: BTreeMap<String, u64>,
    next_id: u64,
    event_bytes: u64,
}

impl Memory {
    pub(crate) fn record(&mut self, batch: &[Grouped], config: &StoreConfig) -> Recorded {
        let mut recorded = Recorded::default();
        let mut touched = Vec::new();
        for item in batch {
            let user = user_key(&item.event);
            let (id, outcome, activity) =
                match self.by_fingerprint.get(item.grouping.fingerprint.as_str()) {
                    Some(&id) => {
                        let new_user = user
                            .as_ref()
                            .is_some_and(|u| self.users.insert((id, u.clone())));
                        let Some((issue, _)) = self.issues.get_mut(&id) else {
                            continue;
                        };
                        let applied =
                            issue.apply_occurrences(&item.event, new_user, item.occurrences);
                        (IssueId(id), applied.outcome, applied.activity)
                    }
                    None => {
                        self.next_id = self.next_id.max(1);
                        let id = IssueId(self.next_id);
                        self.next_id += 1;
                        let (mut issue, activity) =
                            Issue::open(id, &item.grouping, &item.event, user.is_some());
                        issue.count = item.occurrences.max(1);
                        if let Some(u) = user {
                            self.users.insert((id.0, u));
                        }
                        self.by_fingerprint
                            .insert(item.grouping.fingerprint.0.clone(), id.0);
                        self.issues.insert(id.0, (issue, Stored::default()));
                        (id, Outcome::New, Some(activity))
                    }
                };
            self.activity.extend(activity);
            let ms = item.event.timestamp.as_millis();
            let n = item.occurrences.max(1);
            *self
                .counters
                .entry((id.0, "h", ms.div_euclid(HOUR_MS)))
                .or_default() += n;
            *self
                .counters
                .entry((id.0, "d", ms.div_euclid(DAY_MS)))
                .or_default() += n;
            if item.keep_body {
                let rec = record_from_event(&item.event, id);
                let key = (id.0, ms, item.event.event_id.to_string());
                if let Some((_, old)) = self.events.insert(key.clone(), (rec.record, rec.size)) {
                    self.forget_body(id.0, old);
                }
                self.event_keys.insert(key.2.clone(), key);
                if let Some((_, stored)) = self.issues.get_mut(&id.0) {
                    stored.events += 1;
                    stored.bytes += rec.size as u64;
                }
                self.event_bytes += rec.size as u64;
                recorded.bytes += rec.size as u64;
            }
            touched.push(id);
            recorded.outcomes.push((id, outcome));
        }
        faultline_core::heapsort(&mut touched);
        touched.dedup();
        for IssueId(id) in touched {
            let over = self.issues.get(&id).map_or(0, |(_, s)| {
                s.events
                    .saturating_sub(u64::from(config.max_events_per_issue))
            });
            recorded.evicted += self.evict_oldest(id, config.keep_first_events as usize, over);
        }
        while self.event_bytes > config.max_bytes {
            let Some((&id, _)) = self
                .issues
                .iter()
                .filter(|(_, (_, s))| s.events > 1)
                .max_by_key(|(_, (_, s))| s.bytes)
            else {
                break;
            };
            let evicted = self.evict_oldest(id, 1, 1);
            if evicted == 0 {
                break;
            }
            recorded.evicted += evicted;
        }
        recorded
    }

    fn forget_body(&mut self, issue: u64, size: usize) {
        if let Some((_, stored)) = self.issues.get_mut(&issue) {
            stored.events = stored.events.saturating_sub(1);
            stored.bytes = stored.bytes.saturating_sub(size as u64);
        }
        self.event_bytes = self.event_bytes.saturating_sub(size as u64);
    }

    /// Removes up to `count` of the issue's oldest bodies after the first `keep_first`.
    fn evict_oldest(&mut self, issue: u64, keep_first: usize, count: u64) -> u64 {
        let start = (issue, i64::MIN, String::new());
        let end = (issue, i64::MAX, String::from("\u{10ffff}"));
        let doomed: Vec<EventKey> = self
            .events
            .range(start..=end)
            .skip(keep_first)
            .take(count as usize)
            .map(|(k, _)| k.clone())
            .collect();
        for key in &doomed {
            if let Some((_, size)) = self.events.remove(key) {
                self.event_keys.remove(&key.2);
                self.forget_body(issue, size);
            }
        }
        doomed.len() as u64
    }

    pub(crate) fn add_drops(&mut self, drops: &[(&str, u64)]) {
        for (reason, n) in drops {
            *self.drops.entry((*reason).to_string()).or_default() += n;
        }
    }

    pub(crate) fn issues_page(&self, q: &IssueQuery) -> IssuePage {
        let mut all: Vec<&Issue> = self
            .issues
            .values()
            .map(|(i, _)| i)
            .filter(|i| q.status.as_deref().is_none_or(|s| i.status_name() == s))
            .collect();
        let key = |i: &Issue| (q.sort.value(i), i.id);
        all.sort_unstable_by(|a, b| {
            key(b)
                .partial_cmp(&key(a))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let start = q
            .after
            .map_or(0, |a| all.partition_point(|i| key(i) >= (a.key, a.id)));
        let issues: Vec<Issue> = all
            .iter()
            .skip(start)
            .take(q.limit as usize)
            .map(|i| (*i).clone())
            .collect();
        let next = (issues.len() as u32 == q.limit)
            .then(|| {
                issues.last().map(|i| IssueCursor {
                    key: q.sort.value(i),
                    id: i.id,
                })
            })
            .flatten();
        IssuePage { issues, next }
    }

    pub(crate) fn all_issues(&self) -> Vec<Issue> {
        let mut all: Vec<Issue> = self.issues.values().map(|(i, _)| i.clone()).collect();
        all.sort_unstable_by(|a, b| b.last_seen.cmp(&a.last_seen).then(b.id.cmp(&a.id)));
        all
    }

    pub(crate) fn issue(&self, id: IssueId) -> Option<Issue> {
        self.issues.get(&id.0).map(|(i, _)| i.clone())
    }

    pub(crate) fn events_page(
        &self,
        issue: IssueId,
        before: Option<&EventCursor>,
        limit: u32,
    ) -> EventPage {
        let start = (issue.0, i64::MIN, String::new());
        let end = match before {
            Some(b) => (issue.0, b.ts as i64, b.id.clone()),
            None => (issue.0, i64::MAX, String::from("\u{10ffff}")),
        };
        let mut page = EventPage::default();
        let range = self.events.range(start..end).rev();
        for ((_, ts, id), (record, _)) in range.take(limit as usize) {
            page.events.extend(event_body(record));
            page.next = Some(EventCursor {
                ts: *ts as f64,
                id: id.clone(),
            });
        }
        if (page.events.len() as u32) < limit {
            page.next = None;
        }
        page
    }

    pub(crate) fn event(&self, id: &str) -> Option<JsValue> {
        let key = self.event_keys.get(id)?;
        event_body(&self.events.get(key)?.0)
    }

    pub(crate) fn activity(&self, issue: IssueId) -> Vec<Activity> {
        self.activity
            .iter()
            .filter(|a| a.issue == issue)
            .cloned()
            .collect()
    }

    pub(crate) fn histogram(
        &self,
        issue: IssueId,
        unit: &'static str,
        from: i64,
        to: i64,
    ) -> Vec<(i64, u64)> {
        self.counters
            .range((issue.0, unit, from)..=(issue.0, unit, to))
            .map(|((_, _, b), n)| (*b, *n))
            .collect()
    }

    pub(crate) fn triage(
        &mut self,
        ids: &[IssueId],
        action: Triage,
        now: Timestamp,
    ) -> Vec<Activity> {
        let mut written = Vec::new();
        for id in ids {
            if let Some((issue, _)) = self.issues.get_mut(&id.0) {
                let activity = action.apply(issue, now);
                self.activity.push(activity.clone());
                written.push(activity);
            }
        }
        written
    }

    /// The records an export holds: issues, events, activity and counters.
    pub(crate) fn export(&self, only: Option<&[IssueId]>) -> [JsValue; 5] {
        let wanted = |id: u64| only.is_none_or(|ids| ids.contains(&IssueId(id)));
        let issues: js_sys::Array = self
            .issues
            .iter()
            .filter(|(id, _)| wanted(**id))
            .map(|(_, (issue, stored))| record_from_issue(issue, *stored))
            .collect();
        let events: js_sys::Array = self
            .events
            .iter()
            .filter(|((id, _, _), _)| wanted(*id))
            .map(|(_, (r, _))| r.clone())
            .collect();
        let activity: js_sys::Array = self
            .activity
            .iter()
            .filter(|a| wanted(a.issue.0))
            .map(record_from_activity)
            .collect();
        let counters: js_sys::Array = self
            .counters
            .iter()
            .filter(|((id, _, _), _)| wanted(*id))
            .map(|((id, unit, bucket), n)| counter_record(*id, unit, *bucket, *n))
            .collect();
        let users: js_sys::Array = self
            .users
            .iter()
            .filter(|(id, _)| wanted(*id))
            .map(|(id, key)| crate::record::user_record(IssueId(*id), key))
            .collect();
        [
            issues.into(),
            events.into(),
            activity.into(),
            counters.into(),
            users.into(),
        ]
    }

    pub(crate) fn issues_with_user(&self, key: &str) -> Vec<IssueId> {
        let mut ids: Vec<IssueId> = self
            .users
            .iter()
            .filter(|(_, k)| k == key)
            .map(|(id, _)| IssueId(*id))
            .collect();
        ids.sort_unstable();
        ids
    }

    pub(crate) fn stats(&self) -> Stats {
        Stats {
            issues: self.issues.len() as u64,
            events: self.events.len() as u64,
            bytes: self.event_bytes,
            drops: self.drops.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        }
    }
}
