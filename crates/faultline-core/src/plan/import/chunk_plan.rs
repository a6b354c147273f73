//! Planning one chunk of an import: each exported issue is created here (renumbered, its
//! parts too) or merged into the issue here that one of its fingerprints leads to; events,
//! users, counters and history follow, each to its part.

use super::{local_tally, routes_of, ImportChunk, ImportReport};
use crate::plan::{BatchPlan, IssueChange, Known, Planner};
use crate::{ActivityKind, EventId, Issue, IssueId, Sighting};

/// What storage read for an import chunk.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportKnown {
    /// Issues found by the chunk's fingerprints, users, counters and totals, as for a batch.
    pub base: Known,
    /// The chunk's events already stored here, sorted.
    pub present: Vec<EventId>,
}

/// The writes of an import chunk and what it did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// The writes; its `bodies` refer to the chunk's `events` by position, and its
    /// `issues` say which were opened (created) and which changed.
    pub batch: BatchPlan,
    /// Numbers of the created issues: (exported, here).
    pub renumbered: Vec<(u64, u64)>,
    /// What the chunk did.
    pub report: ImportReport,
}

/// Where an exported issue went.
struct Target {
    /// Its exported number.
    exported: u64,
    /// Its issue in the plan.
    index: usize,
    /// Whether it was created here (else merged into an issue here).
    created: bool,
    /// Each exported number its records name (its own, its parts') and the id here
    /// they count under.
    tallies: Vec<(u64, IssueId)>,
}

impl Target {
    /// The id here for the exported number `tally` (the issue's own when unknown).
    fn tally(&self, tally: u64) -> IssueId {
        let found = self.tallies.iter().find(|(exported, _)| *exported == tally);
        match (found, self.tallies.first()) {
            (Some((_, here)), _) | (None, Some((_, here))) => *here,
            (None, None) => IssueId(self.exported),
        }
    }
}

/// Plans a checked chunk: creates or merges each issue, adds the events and users new
/// here, and copies the history (activity, counters) of created issues.
pub fn plan_import(chunk: &ImportChunk, known: ImportKnown) -> ImportPlan {
    let mut planner = Planner::new(known.base);
    let mut report = ImportReport::default();
    let mut renumbered = Vec::new();
    let mut targets: Vec<Target> = Vec::with_capacity(chunk.issues.len());
    for exported in &chunk.issues {
        let found = routes_of(&exported.issue).find_map(|fp| planner.index_of(fp));
        let target = match found {
            Some((index, _)) => {
                report.issues_merged += 1;
                let here = &planner.plan.issues[index].issue;
                let tallies = exported
                    .issue
                    .tallies()
                    .into_iter()
                    .map(|t| (t.0, local_tally(here, &exported.issue, t.0)))
                    .collect();
                Target {
                    exported: exported.exported_id,
                    index,
                    created: false,
                    tallies,
                }
            }
            None => {
                report.issues_created += 1;
                let target = create(&exported.issue, exported.exported_id, &mut planner);
                let id = planner.plan.issues[target.index].issue.id;
                renumbered.push((exported.exported_id, id.0));
                target
            }
        };
        targets.push(target);
    }
    targets.sort_unstable_by_key(|t| t.exported);
    let target = |exported: u64| {
        let at = targets
            .binary_search_by_key(&exported, |t| t.exported)
            .ok()?;
        targets.get(at)
    };
    for (position, event) in chunk.events.iter().enumerate() {
        let Some(target) = target(event.exported_issue) else {
            continue;
        };
        if known.present.binary_search(&event.id).is_ok() {
            report.events_skipped += 1;
            continue;
        }
        let tally = target.tally(event.tally);
        let planned = &mut planner.plan.issues[target.index];
        if !target.created {
            let sighting = Sighting {
                timestamp: event.timestamp,
                level: event.level,
                release: event.release.as_deref(),
                environment: event.environment.as_deref(),
            };
            planned.issue.count_sighting(&sighting, false, 1);
            planned.touch();
            planner.add_counters(tally, event.timestamp, 1);
        }
        let issue = planner.plan.issues[target.index].issue.id;
        planner.keep_body(
            target.index,
            position,
            event.size,
            (tally != issue).then_some(tally),
        );
        report.events_added += 1;
    }
    for user in &chunk.users {
        let Some(target) = target(user.exported_issue) else {
            continue;
        };
        let tally = target.tally(user.tally);
        let (new_to_part, new_to_issue) = planner.note_user(target.index, tally, Some(&user.key));
        if !new_to_part {
            continue;
        }
        report.users_added += 1;
        if !target.created {
            let planned = &mut planner.plan.issues[target.index];
            if new_to_issue {
                planned.issue.user_count = crate::count::add_count(planned.issue.user_count, 1);
            }
            planned.touch();
        }
    }
    copy_history(chunk, &targets, &mut planner);
    ImportPlan {
        batch: planner.finish(),
        renumbered,
        report,
    }
}

/// Opens the exported issue here under a new number, and each of its parts (but its own)
/// under another.
fn create(exported: &Issue, number: u64, planner: &mut Planner) -> Target {
    let id = planner.take_issue_number();
    let mut tallies = vec![(number, id)];
    let mut issue = Issue {
        id,
        ..exported.clone()
    };
    for part in &mut issue.parts {
        if part.id.0 == number {
            part.id = id;
        } else {
            let here = planner.take_issue_number();
            tallies.push((part.id.0, here));
            part.id = here;
        }
    }
    issue.reroute();
    Target {
        exported: number,
        index: planner.adopt(issue, IssueChange::Opened),
        created: true,
        tallies,
    }
}

/// Copies the counters and activity of created issues, under their numbers here (and the
/// numbers their history names, where the chunk renumbered them).
fn copy_history(chunk: &ImportChunk, targets: &[Target], planner: &mut Planner) {
    let created = |exported: u64| {
        targets
            .iter()
            .find(|t| t.exported == exported)
            .filter(|t| t.created)
    };
    let renumber = |id: IssueId| {
        targets
            .iter()
            .flat_map(|t| &t.tallies)
            .find(|(exported, _)| *exported == id.0)
            .map_or(id, |(_, here)| *here)
    };
    for counter in &chunk.counters {
        let Some(target) = created(counter.exported_issue) else {
            continue;
        };
        let key = crate::CounterKey {
            issue: target.tally(counter.tally),
            unit: counter.unit,
            bucket: counter.bucket,
        };
        planner.add_to_counter(key, counter.count);
    }
    for entry in &chunk.activity {
        let Some(target) = created(entry.exported_issue) else {
            continue;
        };
        let mut activity = entry.activity.clone();
        activity.issue = target.tally(activity.issue.0);
        renumber_kind(&mut activity.kind, &renumber);
        planner.plan.activity.push(activity);
    }
}

/// The issues a history entry names, renumbered.
fn renumber_kind(kind: &mut ActivityKind, renumber: &dyn Fn(IssueId) -> IssueId) {
    match kind {
        ActivityKind::Merge { issues } | ActivityKind::Regrouped { merged: issues, .. } => {
            for id in issues {
                *id = renumber(*id);
            }
        }
        ActivityKind::MergedInto { issue }
        | ActivityKind::UnmergeSource { issue }
        | ActivityKind::UnmergeDestination { issue } => *issue = renumber(*issue),
        _ => {}
    }
}
