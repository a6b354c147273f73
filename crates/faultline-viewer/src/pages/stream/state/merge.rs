//! Setting up a merge of the selected issues: choosing which one stays.

use faultline_core::IssueId;

use super::{Job, State};

impl State {
    /// The selected issue that stays by default: the one with the most events (the
    /// lowest number among equals).
    pub fn default_primary(&self) -> Option<IssueId> {
        self.rows
            .iter()
            .filter(|issue| self.selected.contains(&issue.id))
            .max_by(|a, b| a.count.cmp(&b.count).then(b.id.cmp(&a.id)))
            .map(|issue| issue.id)
    }

    pub(super) fn choose_merge(&mut self) -> bool {
        if self.selected.len() < 2 || self.command.is_some() {
            return false;
        }
        self.merging = self.default_primary();
        self.merging.is_some()
    }

    pub(super) fn pick_primary(&mut self, id: IssueId) -> bool {
        if self.merging.is_none() || !self.selected.contains(&id) {
            return false;
        }
        self.merging = Some(id);
        true
    }

    /// Queues the merge of exactly the selected issues.
    pub(super) fn merge(&mut self) -> bool {
        let Some(primary) = self.merging.filter(|p| self.selected.contains(p)) else {
            return false;
        };
        let ids: Vec<IssueId> = self.selected.iter().copied().collect();
        if ids.len() < 2 || !self.run(ids, Job::Merge { primary }) {
            return false;
        }
        self.merging = None;
        true
    }
}
