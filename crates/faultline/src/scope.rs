//! The scope: user, tags, contexts, extra, level and fingerprint that every event gets,
//! and the breadcrumb ring.
//!
//! Capturing takes a snapshot: two `Rc` clones, so the synchronous part of a capture never
//! copies the scope. Changing the scope afterwards copies it once (`Rc::make_mut`), so the
//! snapshot stays as it was when the error happened.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use faultline_core::{Breadcrumb, Breadcrumbs, Event, Level, User};
use serde_json::Value;

/// The values one scope sets.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScopeData {
    pub user: Option<User>,
    pub tags: BTreeMap<String, String>,
    pub contexts: BTreeMap<String, Value>,
    pub extra: BTreeMap<String, Value>,
    pub level: Option<Level>,
    pub fingerprint: Vec<String>,
}

/// The scope stack (`with_scope` pushes a copy) and the breadcrumbs shared by all scopes.
#[derive(Debug)]
pub(crate) struct Scopes {
    stack: Vec<Rc<ScopeData>>,
    breadcrumbs: Rc<VecDeque<Breadcrumb>>,
    max_breadcrumbs: usize,
}

/// What an event takes from the scope at the moment it is captured.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    data: Rc<ScopeData>,
    breadcrumbs: Rc<VecDeque<Breadcrumb>>,
}

impl Scopes {
    /// An empty scope keeping up to `max_breadcrumbs` breadcrumbs.
    pub fn new(max_breadcrumbs: usize) -> Scopes {
        Scopes {
            stack: vec![Rc::default()],
            breadcrumbs: Rc::default(),
            max_breadcrumbs,
        }
    }

    /// The innermost scope, for changing (copied first if a snapshot shares it).
    pub fn top(&mut self) -> &mut ScopeData {
        if self.stack.is_empty() {
            self.stack.push(Rc::default());
        }
        let last = self.stack.len() - 1;
        Rc::make_mut(&mut self.stack[last])
    }

    /// Enters `with_scope` (the Rust path; the JS package's page keeps its own scopes): a copy of the innermost scope becomes the innermost.
    #[cfg(feature = "rust-api")]
    pub fn push(&mut self) {
        let copy = self.stack.last().cloned().unwrap_or_default();
        self.stack.push(copy);
    }

    /// Leaves `with_scope`; the outermost scope is never popped.
    #[cfg(feature = "rust-api")]
    pub fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Keeps `crumb`, forgetting the oldest beyond the limit.
    pub fn add_breadcrumb(&mut self, crumb: Breadcrumb) {
        if self.max_breadcrumbs == 0 {
            return;
        }
        let ring = Rc::make_mut(&mut self.breadcrumbs);
        while ring.len() >= self.max_breadcrumbs {
            ring.pop_front();
        }
        ring.push_back(crumb);
    }

    /// Forgets every breadcrumb (they belonged to another page view).
    pub fn clear_breadcrumbs(&mut self) {
        self.breadcrumbs = Rc::default();
    }

    /// The scope as it is now, cheaply.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            data: self.stack.last().cloned().unwrap_or_default(),
            breadcrumbs: self.breadcrumbs.clone(),
        }
    }
}

impl Snapshot {
    /// Adds the scope to `event`; what the event sets itself wins, except the level,
    /// which a scope overrides, and the fingerprint, which a scope's comes before.
    pub fn apply_to(&self, event: &mut Event) {
        let scope = &*self.data;
        if let Some(user) = &scope.user {
            if event.user.is_none() {
                event.user = Some(user.clone());
            }
        }
        for (k, v) in &scope.tags {
            event.tags.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &scope.contexts {
            event
                .contexts
                .0
                .entry(k.clone())
                .or_insert_with(|| v.clone());
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
            let own = event
                .breadcrumbs
                .take()
                .map(|b| b.values)
                .unwrap_or_default();
            let values = self.breadcrumbs.iter().cloned().chain(own).collect();
            event.breadcrumbs = Some(Breadcrumbs { values });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn crumb(message: &str) -> Breadcrumb {
        Breadcrumb {
            message: Some(message.into()),
            ..Breadcrumb::default()
        }
    }

    #[wasm_bindgen_test]
    fn the_ring_keeps_the_newest_breadcrumbs() {
        let mut scopes = Scopes::new(2);
        for m in ["a", "b", "c"] {
            scopes.add_breadcrumb(crumb(m));
        }
        let mut event = Event::default();
        scopes.snapshot().apply_to(&mut event);
        let kept: Vec<_> = event
            .breadcrumbs
            .unwrap()
            .values
            .into_iter()
            .map(|b| b.message.unwrap())
            .collect();
        assert_eq!(kept, ["b", "c"]);
    }

    #[cfg(feature = "rust-api")]
    #[wasm_bindgen_test]
    fn a_snapshot_does_not_see_later_changes_and_pop_restores() {
        let mut scopes = Scopes::new(10);
        scopes.top().tags.insert("a".into(), "1".into());
        let before = scopes.snapshot();
        scopes.push();
        scopes.top().tags.insert("a".into(), "2".into());
        let inner = scopes.snapshot();
        scopes.pop();
        let after = scopes.snapshot();
        for (snap, want) in [(before, "1"), (inner, "2"), (after, "1")] {
            let mut event = Event::default();
            snap.apply_to(&mut event);
            assert_eq!(event.tags["a"], want);
        }
    }
}
