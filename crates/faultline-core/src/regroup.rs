//! Regrouping stored issues when the grouping changes: a newer grouping version, or other
//! fingerprint rules at `init`.
//!
//! Each issue records the grouping config that grouped it ([`Issue::grouping_config`]:
//! the version, plus a digest of the rules when there are any). When it differs from the
//! config events are grouped by now, the issue is *outdated*. A regroup recomputes the
//! fingerprint of every stored event of the outdated issues (and of each outdated part
//! of a merged issue) with the current rules (the caller does that; this decides):
//!
//! - a part whose stored events all get one fingerprint is *routed* there: issues routed
//!   to the same fingerprint, or to a fingerprint another issue already has, merge (as
//!   [`crate::plan_merge`] does: exact counts, and unmerge reverses it), the one with the
//!   most events primary; the new fingerprint becomes an alias of the part unless the
//!   merged issue already has it, so later events land on it;
//! - a part whose stored events now get several fingerprints would split: it is kept
//!   whole and listed with how many groups (bodies evicted under retention make an exact
//!   split impossible: their counts cannot be divided); its later events follow the new
//!   rules, to whichever issue their fingerprint leads;
//! - a part with no stored event cannot be recomputed and is kept as it is.
//!
//! Every outdated part is then marked grouped by the current config, and each issue
//! touched gets a `regrouped` history entry saying what was done.

use crate::{heapsort, Activity, ActivityKind, Fingerprint, Issue, IssueId, Timestamp};

/// What a regroup found for one outdated part (or plain issue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegroupedPart {
    /// The part's own id (its tally).
    pub tally: IssueId,
    /// The issue it was part of when planned.
    pub issue: IssueId,
    /// The grouping config it had.
    pub from: String,
    /// How many fingerprints its stored events now get: 0 (none stored), 1, or more (it
    /// would split, and is kept whole).
    pub groups: u64,
}

/// What a regroup does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegroupPlan {
    /// The grouping config regrouped to.
    pub config: String,
    /// Issues to merge: the primary and the others, by their ids.
    pub merges: Vec<(IssueId, Vec<IssueId>)>,
    /// Fingerprints to add as aliases of parts (by the part's own id).
    pub aliases: Vec<(IssueId, Fingerprint)>,
    /// Every outdated part, with what was found.
    pub parts: Vec<RegroupedPart>,
}

impl RegroupPlan {
    /// Whether nothing is outdated.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The parts whose stored events would now split, kept whole.
    pub fn splits(&self) -> impl Iterator<Item = &RegroupedPart> {
        self.parts.iter().filter(|p| p.groups > 1)
    }

    /// The parts with no stored event to recompute.
    pub fn unknown(&self) -> impl Iterator<Item = &RegroupedPart> {
        self.parts.iter().filter(|p| p.groups == 0)
    }

    /// Marks the outdated parts of `issue` grouped by the new config and adds their
    /// aliases (call it on each issue written after the merges).
    pub fn apply_to(&self, issue: &mut Issue) {
        let parts: &mut [Issue] = if issue.parts.is_empty() {
            std::slice::from_mut(issue)
        } else {
            &mut issue.parts
        };
        for part in parts.iter_mut() {
            if self.parts.iter().any(|p| p.tally == part.id) {
                part.grouping_config = self.config.clone();
            }
            for (_, alias) in self.aliases.iter().filter(|(t, _)| *t == part.id) {
                if !part.aliases.contains(alias) && part.fingerprint != *alias {
                    part.aliases.push(alias.clone());
                }
            }
        }
        if let Some(own) = issue.parts.first().map(|p| p.grouping_config.clone()) {
            issue.grouping_config = own;
        }
        issue.reroute();
    }

    /// One `regrouped` history entry per issue it touches, under the issue that remains
    /// (a merge's primary).
    pub fn activity(&self, now: Timestamp) -> Vec<Activity> {
        let mut entries: Vec<Activity> = Vec::new();
        let remains = |issue: IssueId| {
            self.merges
                .iter()
                .find(|(_, others)| others.contains(&issue))
                .map_or(issue, |(primary, _)| *primary)
        };
        for part in &self.parts {
            let issue = remains(part.issue);
            if let Some(entry) = entries.iter_mut().find(|a| a.issue == issue) {
                if let ActivityKind::Regrouped { groups, .. } = &mut entry.kind {
                    *groups = (*groups).max(part.groups);
                }
                continue;
            }
            let merged = self
                .merges
                .iter()
                .find(|(primary, _)| *primary == issue)
                .map(|(_, others)| others.clone())
                .unwrap_or_default();
            entries.push(Activity {
                issue,
                at: now,
                kind: ActivityKind::Regrouped {
                    from: part.from.clone(),
                    to: self.config.clone(),
                    merged,
                    groups: part.groups,
                },
            });
        }
        entries
    }
}

/// The parts (or plain issues) of `issues` grouped by another config than `config`, by
/// their own ids.
pub fn outdated(issues: &[Issue], config: &str) -> Vec<IssueId> {
    parts_of(issues)
        .filter(|(_, part)| part.grouping_config != config)
        .map(|(_, part)| part.id)
        .collect()
}

/// Every part of `issues` (a plain issue is its own part), with its issue's position.
fn parts_of(issues: &[Issue]) -> impl Iterator<Item = (usize, &Issue)> {
    issues.iter().enumerate().flat_map(|(at, issue)| {
        let parts: &[Issue] = if issue.parts.is_empty() {
            std::slice::from_ref(issue)
        } else {
            &issue.parts
        };
        parts.iter().map(move |part| (at, part))
    })
}

/// Plans a regroup of `issues` (every stored issue) to `config`, given the fingerprint the
/// current rules give each stored event of the outdated parts: `observed` holds one
/// `(part id, fingerprint)` per event (repeats are fine).
pub fn plan_regroup(
    issues: &[Issue],
    mut observed: Vec<(IssueId, Fingerprint)>,
    config: &str,
) -> RegroupPlan {
    heapsort(&mut observed);
    observed.dedup();
    let mut plan = RegroupPlan {
        config: config.to_string(),
        ..RegroupPlan::default()
    };
    // (issue position, part id, the one fingerprint its events now get)
    let mut routed: Vec<(usize, IssueId, &Fingerprint)> = Vec::new();
    for (at, part) in parts_of(issues).filter(|(_, p)| p.grouping_config != config) {
        let start = observed.partition_point(|(tally, _)| *tally < part.id);
        let end = observed.partition_point(|(tally, _)| *tally <= part.id);
        let found = &observed[start..end];
        if let [(_, only)] = found {
            routed.push((at, part.id, only));
        }
        plan.parts.push(RegroupedPart {
            tally: part.id,
            issue: issues[at].id,
            from: part.grouping_config.clone(),
            groups: found.len() as u64,
        });
    }
    let mut owners: Vec<(&Fingerprint, usize)> = issues
        .iter()
        .enumerate()
        .flat_map(|(at, issue)| {
            std::iter::once(&issue.fingerprint)
                .chain(issue.other_fingerprints())
                .map(move |fp| (fp, at))
        })
        .collect();
    heapsort(&mut owners);
    let mut sets = Sets::new(issues.len());
    for &(at, _, fingerprint) in &routed {
        let first = owners.partition_point(|(fp, _)| *fp < fingerprint);
        if let Some(&(fp, owner)) = owners.get(first) {
            if fp == fingerprint {
                sets.join(at, owner);
            }
        }
    }
    // Parts routed to the same new fingerprint merge too.
    let mut by_fingerprint: Vec<(&Fingerprint, usize)> =
        routed.iter().map(|&(at, _, fp)| (fp, at)).collect();
    heapsort(&mut by_fingerprint);
    for run in by_fingerprint.chunk_by(|a, b| a.0 == b.0) {
        for pair in run.windows(2) {
            sets.join(pair[0].1, pair[1].1);
        }
    }
    plan.merges = sets.merges(issues);
    plan.aliases = aliases(issues, &routed, &sets);
    plan
}

/// The fingerprints to add as aliases: a routed part's new fingerprint, unless the issue
/// it ends up in already has it (or another of its parts gets it first).
fn aliases(
    issues: &[Issue],
    routed: &[(usize, IssueId, &Fingerprint)],
    sets: &Sets,
) -> Vec<(IssueId, Fingerprint)> {
    let mut added: Vec<(usize, IssueId, Fingerprint)> = Vec::new();
    for &(at, tally, fingerprint) in routed {
        let root = sets.root(at);
        let has = |issue: &Issue| {
            issue.fingerprint == *fingerprint || issue.other_fingerprints().contains(&fingerprint)
        };
        let taken = issues
            .iter()
            .enumerate()
            .any(|(i, issue)| sets.root(i) == root && has(issue))
            || added
                .iter()
                .any(|(r, _, fp)| *r == root && fp == fingerprint);
        if !taken {
            added.push((root, tally, fingerprint.clone()));
        }
    }
    added
        .into_iter()
        .map(|(_, tally, fp)| (tally, fp))
        .collect()
}

/// Disjoint sets of issue positions (union-find with path halving).
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
        }
    }

    fn root(&self, mut at: usize) -> usize {
        while self.parent[at] != at {
            at = self.parent[at];
        }
        at
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }

    /// Each set of more than one issue as (primary, others): the primary has the most
    /// events (the lowest id among equals); others in id order.
    fn merges(&self, issues: &[Issue]) -> Vec<(IssueId, Vec<IssueId>)> {
        let mut members: Vec<(usize, usize)> =
            (0..issues.len()).map(|at| (self.root(at), at)).collect();
        heapsort(&mut members);
        let mut merges = Vec::new();
        for run in members.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            let Some(primary) = run
                .iter()
                .map(|&(_, at)| &issues[at])
                .max_by(|a, b| a.count.cmp(&b.count).then(b.id.cmp(&a.id)))
            else {
                continue;
            };
            let mut others: Vec<IssueId> = run
                .iter()
                .map(|&(_, at)| issues[at].id)
                .filter(|id| *id != primary.id)
                .collect();
            heapsort(&mut others);
            merges.push((primary.id, others));
        }
        merges
    }
}

#[cfg(test)]
mod tests;
