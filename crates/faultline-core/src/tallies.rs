//! What storage keeps of an issue's tallies in one record: its distinct users and its hour
//! and day event counters.
//!
//! One record per issue (or per part of a merged issue) instead of one per user and per
//! counter: a batch or an import chunk then reads and writes each issue's tallies once,
//! however many events, users and hours it adds. Day counters are kept for the issue's
//! life; hour counters for the [`HOURS_KEPT`] hours up to the newest one (the charts show
//! the last 24 hours by the hour, longer windows by the day).

use crate::count::add_count;
use crate::plan::{CounterKey, CounterUnit};

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
    /// Tallies from stored parts in any order, repeats and zero counts included (a repeated
    /// user counts once; a repeated counter keeps its largest value).
    pub fn from_parts(
        users: impl IntoIterator<Item = String>,
        counters: impl IntoIterator<Item = (CounterUnit, i64, u64)>,
    ) -> IssueTallies {
        let mut tallies = IssueTallies::default();
        for user in users {
            tallies.add_user(user);
        }
        for (unit, bucket, count) in counters {
            let current = tallies.count(unit, bucket);
            tallies.set(unit, bucket, current.max(count));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IssueId;

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
