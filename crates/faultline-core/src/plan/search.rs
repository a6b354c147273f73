//! The search index's part of a plan: the chunks holding the entries of the issues the
//! plan writes are read with the plan's other reads and rewritten with its writes
//! (`crate::search_index`), so search never sees an issue other than as stored.

use super::{BatchPlan, IssueChange};
use crate::search_index::{search_chunks_of, update_chunks};
use crate::Issue;

impl BatchPlan {
    /// The issues the plan writes (opened or changed).
    pub fn written(&self) -> impl Iterator<Item = &Issue> + Clone {
        self.issues
            .iter()
            .filter(|planned| planned.change != IssueChange::Unchanged)
            .map(|planned| &planned.issue)
    }

    /// The search index chunks to read before writing the plan, each once, ascending.
    pub fn search_chunks(&self) -> Vec<u64> {
        search_chunks_of(self.written())
    }

    /// The new texts of those chunks, given their stored texts (`stored`; a chunk not
    /// there is new): the entry of every issue the plan writes, replaced or added.
    pub fn search_updates(&self, stored: &[(u64, String)]) -> Vec<(u64, String)> {
        update_chunks(stored, self.written())
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::tests::{item, stored_issue};
    use crate::search_index::{parse_chunk, update_chunk};
    use crate::{plan_batch, BatchEvent, Known, StoredBodies};

    #[test]
    fn written_issues_rewrite_their_chunks_and_read_ones_stay_out() {
        let items = [item("A", 10), item("B", 20)];
        let batch: Vec<BatchEvent<'_>> = items.iter().map(|i| i.batch_event()).collect();
        // Issue 300 (chunk 1) is read but not in the batch; A is issue 5 (chunk 0); B opens
        // as issue 511 (chunk 1).
        let a = stored_issue("A", 5, 1, StoredBodies::default());
        let idle = stored_issue("Z", 300, 1, StoredBodies::default());
        let known = Known {
            issues: vec![a.clone(), idle.clone()],
            next_issue: 511,
            ..Known::default()
        };
        let plan = plan_batch(&batch, known);
        assert_eq!(plan.search_chunks(), [0, 1]);
        let stored = vec![
            (0, update_chunk("", [&a.issue])),
            (1, update_chunk("", [&idle.issue])),
        ];
        let updates = plan.search_updates(&stored);
        let read: Vec<(u64, Vec<(u64, u64)>)> = updates
            .iter()
            .map(|(n, text)| {
                let issues = parse_chunk(text).issues;
                (*n, issues.iter().map(|i| (i.id.0, i.count)).collect())
            })
            .collect();
        assert_eq!(read, [(0, vec![(5, 2)]), (1, vec![(300, 1), (511, 1)])]);
    }

    #[test]
    fn the_stored_body_count_follows_kept_and_evicted_bodies() {
        let items = [item("A", 10), item("A", 20), item("A", 30).repeat()];
        let batch: Vec<BatchEvent<'_>> = items.iter().map(|i| i.batch_event()).collect();
        let known = Known {
            event_count: 7,
            ..Known::default()
        };
        let mut plan = plan_batch(&batch, known);
        assert_eq!(plan.event_count, 9);
        let listing = crate::BodyListing {
            issue: plan.issues[0].issue.id,
            keep_first: 0,
            count: 1,
        };
        plan.evict(&listing, &[100, 100]);
        assert_eq!(plan.event_count, 8);
    }
}
