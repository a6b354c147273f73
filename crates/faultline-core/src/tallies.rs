//! What storage keeps of an issue's tallies in one record: its distinct users and its hour
//! and day event counters.
//!
//! One record per issue (or per part of a merged issue) instead of one per user and per
//! counter: a batch or an import chunk then reads and writes each issue's tallies once,
//! however many events, users and hours it adds. Day counters are kept for the issue's
//! life; hour counters for the [`HOURS_KEPT`] hours up to the newest one (the charts show
//! the last 24 hours by the hour, longer windows by the day).

use crate::count::add_count;
use crate::plan::{BatchPlan, CounterKey, CounterUnit, Known, Lookups};
use crate::IssueId;

/// Hour counters kept behind an issue's newest hour: 14 days.
pub const HOURS_KEPT: i64 = 14 * 24;

/// An issue's distinct users and event counters, as one record holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueTallies {
    /// Distinct-user keys ([`crate::user_key`]), sorted, each once.
    users: Vec<String>,
    /// `(hour, events)`, by hour, without zeros.
    hours: Vec<(i64, u64)>,
    /// `(day, events)`, by day, without zeros.
    days: Vec<(i64, u64)>,
}

impl IssueTallies {
    /// Tallies from stored parts in any order (a repeated user counts once; of a repeated
    /// counter, the last value is kept).
    pub fn from_parts(
        users: impl IntoIterator<Item = String>,
        counters: impl IntoIterator<Item = (CounterUnit, i64, u64)>,
    ) -> IssueTallies {
        let mut tallies = IssueTallies::default();
        for user in users {
            tallies.add_user(user);
        }
        for (unit, bucket, count) in counters {
            tallies.set(unit, bucket, count);
        }
        tallies
    }

    /// The distinct-user keys, sorted.
    pub fn users(&self) -> &[String] {
        &self.users
    }

    /// `(bucket, events)` of `unit`, by bucket.
    pub fn counters(&self, unit: CounterUnit) -> &[(i64, u64)] {
        match unit {
            CounterUnit::Hour => &self.hours,
            CounterUnit::Day => &self.days,
        }
    }

    /// Whether `user` was seen.
    pub fn has_user(&self, user: &str) -> bool {
        self.users
            .binary_search_by(|u| u.as_str().cmp(user))
            .is_ok()
    }

    /// Records `user`; `false` when it was seen already.
    pub fn add_user(&mut self, user: String) -> bool {
        match self.users.binary_search(&user) {
            Ok(_) => false,
            Err(at) => {
                self.users.insert(at, user);
                true
            }
        }
    }

    /// The events counted in one hour or day (0 when none).
    pub fn count(&self, unit: CounterUnit, bucket: i64) -> u64 {
        let counters = self.counters(unit);
        counters
            .binary_search_by_key(&bucket, |(b, _)| *b)
            .map_or(0, |at| counters[at].1)
    }

    /// The value of counter `key` of this issue.
    pub fn counter(&self, key: &CounterKey) -> u64 {
        self.count(key.unit, key.bucket)
    }

    /// Sets one hour's or day's count (0 removes it).
    pub fn set(&mut self, unit: CounterUnit, bucket: i64, count: u64) {
        let counters = match unit {
            CounterUnit::Hour => &mut self.hours,
            CounterUnit::Day => &mut self.days,
        };
        match counters.binary_search_by_key(&bucket, |(b, _)| *b) {
            Ok(at) if count == 0 => {
                counters.remove(at);
            }
            Ok(at) => counters[at].1 = count,
            Err(_) if count == 0 => {}
            Err(at) => counters.insert(at, (bucket, count)),
        }
    }

    /// Drops the hour counters more than [`HOURS_KEPT`] hours before the newest one.
    pub fn prune(&mut self) {
        let Some(&(newest, _)) = self.hours.last() else {
            return;
        };
        let first_kept = newest.saturating_sub(HOURS_KEPT - 1);
        let old = self.hours.partition_point(|(hour, _)| *hour < first_kept);
        self.hours.drain(..old);
    }

    /// All the events the day counters hold.
    pub fn events(&self) -> u64 {
        self.days.iter().fold(0, |sum, (_, n)| add_count(sum, *n))
    }

    /// `(bucket, events)` of `unit` from bucket `from` to `to`, both included.
    pub fn range(&self, unit: CounterUnit, from: i64, to: i64) -> &[(i64, u64)] {
        let counters = self.counters(unit);
        let start = counters.partition_point(|(b, _)| *b < from);
        let end = counters.partition_point(|(b, _)| *b <= to);
        &counters[start..end.max(start)]
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.hours.is_empty() && self.days.is_empty()
    }
}

/// `(bucket, events)` of `unit` from bucket `from` to `to`, both included, of several
/// tallies added (a merged issue's parts, each with its own counters), oldest first;
/// buckets none of them counted are left out.
pub fn added_range<'a>(
    parts: impl IntoIterator<Item = &'a IssueTallies>,
    unit: CounterUnit,
    from: i64,
    to: i64,
) -> Vec<(i64, u64)> {
    let mut buckets: Vec<(i64, u64)> = Vec::new();
    for tallies in parts {
        for &(bucket, count) in tallies.range(unit, from, to) {
            match buckets.iter_mut().find(|(b, _)| *b == bucket) {
                Some((_, n)) => *n = add_count(*n, count),
                None => buckets.push((bucket, count)),
            }
        }
    }
    crate::heapsort(&mut buckets);
    buckets
}

/// The tallies of several issues, by issue number: what storage read for a batch (or
/// holds, for the in-memory store), answering the planner's lookups and taking its writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TallySet {
    entries: Vec<(IssueId, IssueTallies)>,
}

impl TallySet {
    /// Keeps `tallies` as `issue`'s (replacing any).
    pub fn insert(&mut self, issue: IssueId, tallies: IssueTallies) {
        match self.position(issue) {
            Ok(at) => self.entries[at].1 = tallies,
            Err(at) => self.entries.insert(at, (issue, tallies)),
        }
    }

    /// `issue`'s tallies, if held.
    pub fn get(&self, issue: IssueId) -> Option<&IssueTallies> {
        self.position(issue).ok().map(|at| &self.entries[at].1)
    }

    /// Every issue's tallies, by issue number.
    pub fn iter(&self) -> impl Iterator<Item = (IssueId, &IssueTallies)> {
        self.entries.iter().map(|(id, tallies)| (*id, tallies))
    }

    fn position(&self, issue: IssueId) -> Result<usize, usize> {
        self.entries.binary_search_by_key(&issue, |(id, _)| *id)
    }

    fn entry(&mut self, issue: IssueId) -> &mut IssueTallies {
        let at = match self.position(issue) {
            Ok(at) => at,
            Err(at) => {
                self.entries.insert(at, (issue, IssueTallies::default()));
                at
            }
        };
        &mut self.entries[at].1
    }

    /// Answers the planner's `lookups` into `known`: the users already seen on each issue
    /// and the counters' current values (issues not held have none).
    pub fn answer(&self, lookups: Lookups, known: &mut Known) {
        for (issue, user) in lookups.users {
            if self.get(issue).is_some_and(|t| t.has_user(&user)) {
                known.users.push((issue, user));
            }
        }
        for key in lookups.counters {
            let count = self.get(key.issue).map_or(0, |t| t.counter(&key));
            if count > 0 {
                known.counters.push((key, count));
            }
        }
    }

    /// Applies `plan`'s users and counters (an issue not held starts empty: the plan opened
    /// it) and prunes the issues changed; returns them, by number.
    pub fn apply(&mut self, plan: &BatchPlan) -> Vec<IssueId> {
        let mut changed: Vec<IssueId> = Vec::new();
        for (issue, user) in &plan.users {
            self.entry(*issue).add_user(user.clone());
            changed.push(*issue);
        }
        for (key, count) in &plan.counters {
            self.entry(key.issue).set(key.unit, key.bucket, *count);
            changed.push(key.issue);
        }
        crate::heapsort(&mut changed);
        changed.dedup();
        for issue in &changed {
            self.entry(*issue).prune();
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_COUNT;

    #[test]
    fn parts_add_up_per_bucket_within_the_range() {
        let mut a = IssueTallies::default();
        a.set(CounterUnit::Day, 1, 2);
        a.set(CounterUnit::Day, 3, 5);
        a.set(CounterUnit::Day, 9, 7);
        a.set(CounterUnit::Hour, 3, 100);
        let mut b = IssueTallies::default();
        b.set(CounterUnit::Day, 3, 1);
        b.set(CounterUnit::Day, 2, MAX_COUNT);
        b.set(CounterUnit::Day, 1, MAX_COUNT);
        // Oldest first, hours left out, day 9 outside, a sum past MAX_COUNT held there.
        assert_eq!(
            added_range([&a, &b], CounterUnit::Day, 1, 4),
            [(1, MAX_COUNT), (2, MAX_COUNT), (3, 6)]
        );
        assert!(added_range([&a], CounterUnit::Day, 4, 8).is_empty());
        assert!(added_range([], CounterUnit::Hour, 0, 10).is_empty());
    }

    #[test]
    fn a_set_answers_lookups_and_takes_a_plans_writes() {
        let mut set = TallySet::default();
        let mut read = IssueTallies::default();
        read.add_user("id:a".into());
        read.set(CounterUnit::Hour, 10, 4);
        set.insert(IssueId(2), read);
        let key = |issue, bucket| CounterKey {
            issue: IssueId(issue),
            unit: CounterUnit::Hour,
            bucket,
        };
        let lookups = Lookups {
            users: vec![(IssueId(2), "id:a".into()), (IssueId(2), "id:b".into())],
            counters: vec![key(2, 10), key(2, 11)],
        };
        let mut known = Known::default();
        set.answer(lookups, &mut known);
        assert_eq!(known.users, [(IssueId(2), "id:a".to_string())]);
        assert_eq!(known.counters, [(key(2, 10), 4)]);

        let plan = BatchPlan {
            users: vec![(IssueId(2), "id:b".into()), (IssueId(5), "id:c".into())],
            counters: vec![(key(2, 10), 6), (key(5, 11), 1)],
            ..BatchPlan::default()
        };
        assert_eq!(set.apply(&plan), [IssueId(2), IssueId(5)]);
        let two = set.get(IssueId(2)).unwrap();
        assert_eq!(two.users(), ["id:a", "id:b"]);
        assert_eq!(two.counters(CounterUnit::Hour), [(10, 6)]);
        assert_eq!(set.get(IssueId(5)).unwrap().users(), ["id:c"]);
        assert_eq!(set.iter().map(|(id, _)| id.0).collect::<Vec<_>>(), [2, 5]);
    }

    #[test]
    fn users_are_kept_once_and_sorted() {
        let mut tallies = IssueTallies::default();
        assert!(tallies.add_user("id:b".into()));
        assert!(tallies.add_user("id:a".into()));
        assert!(!tallies.add_user("id:b".into()));
        assert_eq!(tallies.users(), ["id:a", "id:b"]);
        assert!(tallies.has_user("id:a"));
        assert!(!tallies.has_user("id:c"));
    }

    #[test]
    fn counters_are_set_by_bucket_and_zero_removes() {
        let mut tallies = IssueTallies::default();
        tallies.set(CounterUnit::Day, 20, 3);
        tallies.set(CounterUnit::Day, 10, 1);
        tallies.set(CounterUnit::Day, 15, 2);
        tallies.set(CounterUnit::Day, 15, 5);
        assert_eq!(
            tallies.counters(CounterUnit::Day),
            [(10, 1), (15, 5), (20, 3)]
        );
        assert_eq!(tallies.count(CounterUnit::Day, 15), 5);
        assert_eq!(tallies.count(CounterUnit::Hour, 15), 0);
        assert_eq!(tallies.events(), 9);
        tallies.set(CounterUnit::Day, 15, 0);
        tallies.set(CounterUnit::Day, 99, 0);
        assert_eq!(tallies.counters(CounterUnit::Day), [(10, 1), (20, 3)]);
        let key = CounterKey {
            issue: IssueId(1),
            unit: CounterUnit::Day,
            bucket: 20,
        };
        assert_eq!(tallies.counter(&key), 3);
    }

    #[test]
    fn prune_keeps_the_hours_up_to_the_newest_and_every_day() {
        let mut tallies = IssueTallies::default();
        for hour in [0, 100, 1_000, 1_000 + HOURS_KEPT - 1, 1_000 + HOURS_KEPT] {
            tallies.set(CounterUnit::Hour, hour, 1);
            let day = tallies.count(CounterUnit::Day, hour / 24);
            tallies.set(CounterUnit::Day, hour / 24, day + 1);
        }
        tallies.prune();
        assert_eq!(
            tallies.counters(CounterUnit::Hour),
            [(1_000 + HOURS_KEPT - 1, 1), (1_000 + HOURS_KEPT, 1)]
        );
        assert_eq!(
            tallies.counters(CounterUnit::Day),
            [(0, 1), (4, 1), (41, 1), (55, 2)]
        );
    }

    #[test]
    fn range_is_inclusive_and_empty_outside() {
        let tallies = IssueTallies::from_parts(
            Vec::new(),
            [1, 2, 3, 5, 8].map(|b| (CounterUnit::Hour, b, b as u64)),
        );
        assert_eq!(
            tallies.range(CounterUnit::Hour, 2, 5),
            [(2, 2), (3, 3), (5, 5)]
        );
        assert!(tallies.range(CounterUnit::Hour, 9, 20).is_empty());
        assert!(tallies.range(CounterUnit::Hour, 5, 2).is_empty());
        assert!(tallies.range(CounterUnit::Day, 0, 20).is_empty());
    }

    #[test]
    fn from_parts_unites_repeats() {
        let tallies = IssueTallies::from_parts(
            ["u2", "u1", "u2"].map(String::from),
            [
                (CounterUnit::Day, 4, 2),
                (CounterUnit::Day, 4, 7),
                (CounterUnit::Hour, 96, 0),
            ],
        );
        assert_eq!(tallies.users(), ["u1", "u2"]);
        assert_eq!(tallies.counters(CounterUnit::Day), [(4, 7)]);
        assert!(tallies.counters(CounterUnit::Hour).is_empty());
        assert!(!tallies.is_empty());
        assert!(IssueTallies::default().is_empty());
    }
}
