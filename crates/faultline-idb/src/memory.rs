//! The in-memory stand-in for when IndexedDB cannot be opened: the same behaviour as the
//! database (grouping, counts, retention, triage, queries), lost when the page closes.

use faultline_core::{
    fingerprints_of, lookups_of, plan_batch, Activity, BatchEvent, BatchPlan, BodyListing,
    CounterUnit, Issue, IssueChange, IssueId, Known, Retention, StoredIssue, TallySet, Timestamp,
    VecMap,
};
use wasm_bindgen::JsValue;

use crate::activity::record_from_activity;
use crate::batch::{batch_events, bodies_of, records_of, BatchReport, GroupedEvent};
use crate::config::StoreConfig;
use crate::event_record::{event_body, exported_event_record};
use crate::issue_record::record_from_stored;
use crate::paging::{EventCursor, EventPage, IssueCursor, IssuePage, IssueQuery, Stats};
use crate::tally_record::export_tallies;
use crate::triage::Triage;

/// `(issue, ts, event id)`: the order of the events index.
type EventKey = (u64, i64, String);

/// Passes of the byte budget per batch, as in IndexedDB.
const BUDGET_PASSES: usize = 8;

/// Everything a database would hold.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    issues: VecMap<u64, StoredIssue>,
    events: VecMap<EventKey, (JsValue, u64)>,
    /// Each issue's distinct users and counters, as the `tallies` store holds them.
    tallies: TallySet,
    activity: Vec<Activity>,
    drops: VecMap<String, u64>,
    next_id: u64,
    event_bytes: u64,
}

impl Memory {
    /// Records a batch as IndexedDB does: what the plan needs is read from the maps, core
    /// plans, and the plan is applied, retention included.
    pub(crate) fn record(&mut self, batch: &[GroupedEvent], config: &StoreConfig) -> BatchReport {
        let bodies = bodies_of(batch);
        let items = batch_events(batch, &bodies);
        let records = records_of(batch, &bodies);
        let mut plan = plan_batch(&items, self.known(&items));
        for planned in &plan.bodies {
            let (Some(item), Some(Some(record))) =
                (batch.get(planned.item), records.get(planned.item))
            else {
                continue;
            };
            record.file_under(planned.issue, planned.part);
            let at = item.event.timestamp;
            let id = item.event.event_id.to_string();
            self.insert_body(planned.issue, at, id, record.record.clone(), record.size);
        }
        self.activity.extend(plan.activity.iter().cloned());
        self.tallies.apply(&plan);
        self.next_id = plan.next_issue;
        let retention = config.retention();
        for listing in plan.trims(&retention) {
            self.evict(&mut plan, &listing);
        }
        self.write_issues(&plan);
        self.enforce_budget(&mut plan, &retention);
        self.event_bytes = plan.event_bytes;
        BatchReport::of_plan(plan, 0)
    }

    /// What the plan needs, read from the maps.
    fn known(&self, items: &[BatchEvent<'_>]) -> Known {
        // Every fingerprint that leads to an issue, sorted, as the fingerprint indexes of
        // the database find them.
        let mut routes: Vec<(&str, u64)> = Vec::new();
        for (id, stored) in self.issues.iter() {
            routes.push((stored.issue.fingerprint.as_str(), *id));
            let others = stored.issue.other_fingerprints();
            routes.extend(others.into_iter().map(|fp| (fp.as_str(), *id)));
        }
        faultline_core::heapsort(&mut routes);
        let mut found: Vec<u64> = fingerprints_of(items)
            .into_iter()
            .filter_map(|fp| {
                let at = routes.partition_point(|(route, _)| *route < fp.as_str());
                routes.get(at).filter(|(route, _)| *route == fp.as_str())
            })
            .map(|(_, id)| *id)
            .collect();
        faultline_core::heapsort(&mut found);
        found.dedup();
        let issues: Vec<StoredIssue> = found
            .iter()
            .filter_map(|id| self.issues.get(id).cloned())
            .collect();
        let lookups = lookups_of(items, &issues);
        let mut known = Known {
            issues,
            next_issue: self.next_id,
            event_bytes: self.event_bytes,
            event_count: self.events.len() as u64,
            ..Known::default()
        };
        self.tallies.answer(lookups, &mut known);
        known
    }

    /// Keeps a body; one with the id of a kept body replaces it, as a `put` does.
    fn insert_body(
        &mut self,
        issue: IssueId,
        at: Timestamp,
        id: String,
        record: JsValue,
        size: u64,
    ) {
        if let Some(old) = self.event_key(&id) {
            self.events.remove(&old);
        }
        self.events
            .insert((issue.0, at.as_millis(), id), (record, size));
    }

    /// Where the body with event id `id` is, if it is kept (searched in order: the
    /// fallback trades speed for bytes).
    fn event_key(&self, id: &str) -> Option<EventKey> {
        self.events
            .iter()
            .map(|(key, _)| key)
            .find(|key| key.2 == id)
            .cloned()
    }

    fn write_issues(&mut self, plan: &BatchPlan) {
        for planned in &plan.issues {
            if planned.change != IssueChange::Unchanged {
                let id = planned.issue.id.0;
                let stored = StoredIssue {
                    issue: planned.issue.clone(),
                    bodies: planned.bodies,
                };
                self.issues.insert(id, stored);
            }
        }
    }

    /// Lists the bodies `listing` names, oldest first, and deletes those the plan chooses.
    fn evict(&mut self, plan: &mut BatchPlan, listing: &BodyListing) -> usize {
        let issue = listing.issue.0;
        let start = (issue, i64::MIN, String::new());
        let end = (issue, i64::MAX, String::from("\u{10ffff}"));
        let listed: Vec<(EventKey, u64)> = self
            .events
            .range(start..=end)
            .iter()
            .take(listing.limit() as usize)
            .map(|(key, (_, size))| (key.clone(), *size))
            .collect();
        let sizes: Vec<u64> = listed.iter().map(|(_, size)| *size).collect();
        let doomed = plan.evict(listing, &sizes);
        let evicted = doomed.len();
        for (key, _) in &listed[doomed] {
            self.events.remove(key);
        }
        evicted
    }

    /// While over the byte budget, evicts from the issues storing the most bytes, largest
    /// first (ties: the highest number first, as IndexedDB's index walked backwards).
    fn enforce_budget(&mut self, plan: &mut BatchPlan, retention: &Retention) {
        for _ in 0..BUDGET_PASSES {
            let Some(mut pass) = plan.budget_pass(retention) else {
                break;
            };
            let mut order: Vec<(u64, IssueId)> = self
                .issues
                .values()
                .map(|stored| (stored.bodies.bytes, stored.issue.id))
                .collect();
            faultline_core::heapsort(&mut order);
            let mut chosen = Vec::new();
            for (_, id) in order.into_iter().rev() {
                if pass.covered() {
                    break;
                }
                let Some(candidate) = self.issues.get(&id.0).cloned() else {
                    continue;
                };
                chosen.extend(pass.consider(plan, candidate));
            }
            if chosen.is_empty() {
                break;
            }
            for listing in &chosen {
                self.evict(plan, listing);
            }
            self.write_issues(plan);
        }
    }

    pub(crate) fn add_drops(&mut self, drops: &[(&str, u64)]) {
        for (reason, n) in drops {
            *self.drops.get_or_default((*reason).to_string()) += n;
        }
    }

    pub(crate) fn issues_page(&self, query: &IssueQuery) -> IssuePage {
        let mut all: Vec<&Issue> = self
            .issues
            .values()
            .map(|stored| &stored.issue)
            .filter(|i| query.status.as_deref().is_none_or(|s| i.status_name() == s))
            .collect();
        let key = |i: &Issue| (query.sort.value(i), i.id);
        faultline_core::heapsort_by(&mut all, |a, b| {
            key(b)
                .partial_cmp(&key(a))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let start = query
            .after
            .map_or(0, |a| all.partition_point(|i| key(i) >= (a.key, a.id)));
        let issues: Vec<Issue> = all
            .iter()
            .skip(start)
            .take(query.limit as usize)
            .map(|i| (*i).clone())
            .collect();
        let next = (issues.len() as u32 == query.limit)
            .then(|| {
                issues.last().map(|i| IssueCursor {
                    key: query.sort.value(i),
                    id: i.id,
                })
            })
            .flatten();
        IssuePage { issues, next }
    }

    pub(crate) fn all_issues(&self) -> Vec<Issue> {
        let mut all: Vec<Issue> = self.issues.values().map(|s| s.issue.clone()).collect();
        faultline_core::heapsort_by(&mut all, |a, b| {
            b.last_seen.cmp(&a.last_seen).then(b.id.cmp(&a.id))
        });
        all
    }

    pub(crate) fn issue(&self, id: IssueId) -> Option<Issue> {
        self.issues.get(&id.0).map(|stored| stored.issue.clone())
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
        let range = self.events.range(start..end).iter().rev();
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
        let key = self.event_key(id)?;
        event_body(&self.events.get(&key)?.0)
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
        unit: CounterUnit,
        from: i64,
        to: i64,
    ) -> Vec<(i64, u64)> {
        // A merged issue's counts are its parts' counters added.
        let parts = self
            .issues
            .get(&issue.0)
            .map_or(vec![issue], |s| s.issue.tallies());
        self.tallies_histogram(&parts, unit, from, to)
    }

    /// The counters of `parts` added, over buckets `from..=to`.
    pub(crate) fn tallies_histogram(
        &self,
        parts: &[IssueId],
        unit: CounterUnit,
        from: i64,
        to: i64,
    ) -> Vec<(i64, u64)> {
        let tallies = parts.iter().filter_map(|part| self.tallies.get(*part));
        faultline_core::added_range(tallies, unit, from, to)
    }

    pub(crate) fn triage(
        &mut self,
        ids: &[IssueId],
        action: Triage,
        now: Timestamp,
    ) -> Vec<Activity> {
        let mut written = Vec::new();
        for id in ids {
            if let Some(stored) = self.issues.get_mut(&id.0) {
                let activity = action.apply(&mut stored.issue, now);
                self.activity.push(activity.clone());
                written.push(activity);
            }
        }
        written
    }

    /// Applies `change` to issue `id` and keeps its history entry; `None` when there is
    /// no such issue.
    pub(crate) fn change_issue(
        &mut self,
        id: IssueId,
        change: &dyn Fn(&mut Issue) -> Result<Option<Activity>, String>,
    ) -> Option<Result<Option<Activity>, String>> {
        let stored = self.issues.get_mut(&id.0)?;
        let mut issue = stored.issue.clone();
        let result = change(&mut issue);
        if let Ok(Some(activity)) = &result {
            stored.issue = issue;
            self.activity.push(activity.clone());
        }
        Some(result)
    }

    /// The records an export holds: issues, events, activity and counters.
    pub(crate) fn export(&self, only: Option<&[IssueId]>) -> [JsValue; 5] {
        let wanted = |id: u64| only.is_none_or(|ids| ids.contains(&IssueId(id)));
        let issues: js_sys::Array = self
            .issues
            .iter()
            .filter(|(id, _)| wanted(**id))
            .map(|(_, stored)| record_from_stored(stored))
            .collect();
        let events: js_sys::Array = self
            .events
            .iter()
            .filter(|((id, _, _), _)| wanted(*id))
            .map(|(_, (record, _))| exported_event_record(record))
            .collect();
        let activity: js_sys::Array = self
            .activity
            .iter()
            .filter(|a| wanted(a.issue.0))
            .map(record_from_activity)
            .collect();
        let (counters, users) = (js_sys::Array::new(), js_sys::Array::new());
        for (issue, tallies) in self.tallies.iter().filter(|(id, _)| wanted(id.0)) {
            export_tallies(issue, tallies, &users, &counters);
        }
        [
            issues.into(),
            events.into(),
            activity.into(),
            counters.into(),
            users.into(),
        ]
    }

    pub(crate) fn issues_with_user(&self, key: &str) -> Vec<IssueId> {
        self.tallies
            .iter()
            .filter(|(_, tallies)| tallies.has_user(key))
            .map(|(id, _)| id)
            .collect()
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
