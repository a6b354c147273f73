//! The scope every event gets (user, tags, contexts, extra, level, fingerprint) and the
//! breadcrumb ring.
//!
//! A capture takes a [`Snapshot`]: two `Rc` clones, so taking one never copies the scope or
//! the ring. Changing either afterwards copies it once (`Rc::make_mut`), so a snapshot stays
//! as it was when the error happened.

use crate::VecMap;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use serde_json::Value;

use crate::{Breadcrumb, Breadcrumbs, Event, Level, User};

/// What the app set on its scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeData {
    /// `setUser`.
    pub user: Option<User>,
    /// `setTag`, `setTags`.
    pub tags: VecMap<String, String>,
    /// `setContext`.
    pub contexts: BTreeMap<String, Value>,
    /// `setExtra`, `setExtras`.
    pub extra: BTreeMap<String, Value>,
    /// `setLevel`: overrides the event's level.
    pub level: Option<Level>,
    /// `setFingerprint`: put before the event's own.
    pub fingerprint: Vec<String>,
}

/// The newest breadcrumbs, at most a fixed number.
#[derive(Debug, Clone, Default)]
pub struct BreadcrumbRing {
    crumbs: Rc<VecDeque<Breadcrumb>>,
    max: usize,
}

impl BreadcrumbRing {
    /// An empty ring keeping at most `max` breadcrumbs (0 keeps none).
    pub fn new(max: usize) -> BreadcrumbRing {
        BreadcrumbRing {
            crumbs: Rc::default(),
            max,
        }
    }

    /// Adds a breadcrumb, forgetting the oldest beyond the limit.
    pub fn push(&mut self, crumb: Breadcrumb) {
        if self.max == 0 {
            return;
        }
        let ring = Rc::make_mut(&mut self.crumbs);
        while ring.len() >= self.max {
            ring.pop_front();
        }
        ring.push_back(crumb);
    }

    /// Forgets every breadcrumb (they belonged to another page view).
    pub fn clear(&mut self) {
        self.crumbs = Rc::default();
    }

    /// How many breadcrumbs are kept.
    pub fn len(&self) -> usize {
        self.crumbs.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.crumbs.is_empty()
    }

    /// The scope and the breadcrumbs as they are now, for one capture.
    pub fn snapshot(&self, scope: &Rc<ScopeData>) -> Snapshot {
        Snapshot {
            data: scope.clone(),
            breadcrumbs: self.crumbs.clone(),
        }
    }
}

/// A capture's scope and breadcrumbs, as they were when it happened.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    data: Rc<ScopeData>,
    breadcrumbs: Rc<VecDeque<Breadcrumb>>,
}

impl Snapshot {
    /// Adds the scope to `event` (what the event set itself wins, as in Sentry; the
    /// scope's level and fingerprint apply) and puts the breadcrumbs before its own.
    pub fn apply_to(&self, event: &mut Event) {
        let scope = &*self.data;
        if event.user.is_none() {
            event.user.clone_from(&scope.user);
        }
        for (k, v) in &scope.tags {
            event.tags.insert_if_absent(k.clone(), || v.clone());
        }
        for (k, v) in &scope.contexts {
            let contexts = &mut event.contexts.0;
            contexts.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &scope.extra {
            event.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if let Some(level) = scope.level {
            event.level = level;
        }
        if !scope.fingerprint.is_empty() {
            let own = std::mem::take(&mut event.fingerprint);
            event.fingerprint = scope.fingerprint.iter().cloned().chain(own).collect();
        }
        if !self.breadcrumbs.is_empty() {
            let own = event.breadcrumbs.take().map(|b| b.values);
            let values = self.breadcrumbs.iter().cloned();
            let values = values.chain(own.into_iter().flatten()).collect();
            event.breadcrumbs = Some(Breadcrumbs { values });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crumb(message: &str) -> Breadcrumb {
        Breadcrumb {
            message: Some(message.into()),
            ..Breadcrumb::default()
        }
    }

    fn messages(event: &Event) -> Vec<&str> {
        let crumbs = event.breadcrumbs.iter().flat_map(|b| &b.values);
        crumbs.filter_map(|b| b.message.as_deref()).collect()
    }

    #[test]
    fn the_ring_keeps_the_newest_breadcrumbs() {
        let mut ring = BreadcrumbRing::new(2);
        for m in ["a", "b", "c"] {
            ring.push(crumb(m));
        }
        let mut event = Event::default();
        ring.snapshot(&Rc::default()).apply_to(&mut event);
        assert_eq!(messages(&event), ["b", "c"]);
        let mut none = BreadcrumbRing::new(0);
        none.push(crumb("x"));
        assert!(none.is_empty());
    }

    #[test]
    fn a_snapshot_does_not_see_later_breadcrumbs() {
        let mut ring = BreadcrumbRing::new(10);
        ring.push(crumb("before"));
        let snapshot = ring.snapshot(&Rc::default());
        ring.push(crumb("after"));
        let mut event = Event::default();
        snapshot.apply_to(&mut event);
        assert_eq!(messages(&event), ["before"]);
    }

    #[test]
    fn the_events_own_fields_win_and_the_scope_fills_the_rest() {
        let mut scope = ScopeData::default();
        scope.tags.insert("a".into(), "scope".into());
        scope.tags.insert("b".into(), "scope".into());
        scope.level = Some(Level::Warning);
        scope.fingerprint = vec!["checkout".into()];
        let mut event = Event {
            fingerprint: vec!["{{ default }}".into()],
            ..Event::default()
        };
        event.tags.insert("a".into(), "event".into());
        BreadcrumbRing::new(1)
            .snapshot(&Rc::new(scope))
            .apply_to(&mut event);
        assert_eq!(
            (event.tags["a"].as_str(), event.tags["b"].as_str()),
            ("event", "scope")
        );
        assert_eq!(event.level, Level::Warning);
        assert_eq!(event.fingerprint, ["checkout", "{{ default }}"]);
    }
}
