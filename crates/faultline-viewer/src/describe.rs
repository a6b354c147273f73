//! Issue states and history in words: status badges, what an ignore waits for, activity
//! entries and the banner that explains a regression.

use faultline_core::{
    Activity, ActivityKind, Ignore, Issue, IssueId, Status, Substatus, Timestamp,
};
use faultline_idb::Triage;

use crate::time_ago::{duration_words, time_ago};

/// A small label beside an issue's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// CSS class: `new`, `regressed`, `escalating`, `resolved`, `ignored`.
    pub class: &'static str,
    /// The label.
    pub label: &'static str,
    /// A longer explanation, for the tooltip.
    pub title: String,
}

/// The status badges of `issue` as of `now` (an open issue that is neither new nor
/// regressed nor back from an ignore has none).
pub fn badges(issue: &Issue, now: Timestamp) -> Vec<Badge> {
    let badge = |class, label, title: String| {
        vec![Badge {
            class,
            label,
            title,
        }]
    };
    let ago = |t: Option<Timestamp>| t.map_or(String::new(), |t| time_ago(t.0, now.0));
    match (&issue.status, issue.substatus_at(now)) {
        (Status::Resolved, _) => badge(
            "resolved",
            "Resolved",
            format!("Resolved {}", ago(issue.resolved_at)),
        ),
        (Status::ResolvedInNextRelease { release }, _) => badge(
            "resolved",
            "Resolved next release",
            match release {
                Some(r) => format!("Resolved in the release after {r}"),
                None => "Resolved in the next release".to_string(),
            },
        ),
        (Status::Ignored { .. }, Substatus::Escalating) => badge(
            "escalating",
            "Escalating",
            "The time it was ignored for has run out".to_string(),
        ),
        (Status::Ignored { until }, _) => badge(
            "ignored",
            "Ignored",
            format!("Ignored {}", ignore_condition(until, issue, now)),
        ),
        (Status::Unresolved, Substatus::New) => badge(
            "new",
            "New",
            format!("First seen {}", time_ago(issue.first_seen.0, now.0)),
        ),
        (Status::Unresolved, Substatus::Regressed) => badge(
            "regressed",
            "Regressed",
            "Seen again after it was resolved".to_string(),
        ),
        (Status::Unresolved, Substatus::Escalating) => badge(
            "escalating",
            "Escalating",
            "Back from being ignored: its condition was met".to_string(),
        ),
        (Status::Unresolved, _) => Vec::new(),
    }
}

/// What an ignored issue waits for, with progress: "until 2 more events (1 so far)".
pub fn ignore_condition(until: &Ignore, issue: &Issue, now: Timestamp) -> String {
    match *until {
        Ignore::Forever => "forever".to_string(),
        Ignore::Events { count, from_count } => format!(
            "until {count} more {} ({} so far)",
            plural(count, "event", "events"),
            issue.count.saturating_sub(from_count)
        ),
        Ignore::Users { count, from_users } => format!(
            "until {count} more {} ({} so far)",
            plural(count, "user", "users"),
            issue.user_count.saturating_sub(from_users)
        ),
        Ignore::Time { until } if until > now => {
            format!("for {} more", duration_words(until.0 - now.0))
        }
        Ignore::Time { .. } => "until a time that has passed".to_string(),
    }
}

/// What an ignore was asked to wait for, as written when it was asked.
fn ignore_request(until: &Ignore, at: Timestamp) -> String {
    match *until {
        Ignore::Forever => "forever".to_string(),
        Ignore::Events { count, .. } => {
            format!("until {count} more {}", plural(count, "event", "events"))
        }
        Ignore::Users { count, .. } => {
            format!("until {count} more {}", plural(count, "user", "users"))
        }
        Ignore::Time { until } => format!("for {}", duration_words(until.0 - at.0)),
    }
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// One history entry in words, and a CSS class for its marker.
pub fn describe_activity(activity: &Activity) -> (&'static str, String) {
    let in_release = |r: &Option<String>| r.as_ref().map_or(String::new(), |r| format!(" in {r}"));
    match &activity.kind {
        ActivityKind::FirstSeen { release } => {
            ("new", format!("First seen{}", in_release(release)))
        }
        ActivityKind::Resolved => ("resolved", "Marked as resolved".to_string()),
        ActivityKind::ResolvedInNextRelease { release } => (
            "resolved",
            match release {
                Some(r) => format!("Marked as resolved in the release after {r}"),
                None => "Marked as resolved in the next release".to_string(),
            },
        ),
        ActivityKind::Ignored { until } => (
            "ignored",
            format!("Ignored {}", ignore_request(until, activity.at)),
        ),
        ActivityKind::Reopened => ("reopened", "Reopened".to_string()),
        ActivityKind::Regressed {
            release,
            resolved_at,
        } => {
            let after = resolved_at.map_or(String::new(), |r| {
                format!(
                    ", {} after it was resolved",
                    duration_words(activity.at.0 - r.0)
                )
            });
            (
                "regressed",
                format!("Regressed: seen again{}{after}", in_release(release)),
            )
        }
        ActivityKind::IgnoreExpired { until } => (
            "escalating",
            format!(
                "Came back: it was ignored {}, and that condition was met",
                ignore_request(until, activity.at)
            ),
        ),
        ActivityKind::Merge { issues } => (
            "merge",
            format!("Merged {} into this issue", short_ids(issues)),
        ),
        ActivityKind::MergedInto { issue } => {
            ("merge", format!("Merged into {}", issue.short_id()))
        }
        ActivityKind::UnmergeSource { issue } => (
            "unmerge",
            format!("Unmerged {}: it stands alone again", issue.short_id()),
        ),
        ActivityKind::UnmergeDestination { issue } => {
            ("unmerge", format!("Unmerged from {}", issue.short_id()))
        }
        ActivityKind::Regrouped {
            from,
            to,
            merged,
            groups,
        } => ("regrouped", regrouped_text(from, to, merged, *groups)),
        ActivityKind::Note { text } => ("note", format!("Note: {text}")),
        ActivityKind::Assigned { to: Some(to) } => ("assigned", format!("Assigned to {to}")),
        ActivityKind::Assigned { to: None } => ("assigned", "Unassigned".to_string()),
    }
}

/// `FL-2, FL-3`.
fn short_ids(ids: &[IssueId]) -> String {
    let ids: Vec<String> = ids.iter().map(|id| id.short_id()).collect();
    ids.join(", ")
}

/// What a regroup did to one issue.
fn regrouped_text(from: &str, to: &str, merged: &[IssueId], groups: u64) -> String {
    let mut text = format!("Regrouped from {from} to {to}");
    if !merged.is_empty() {
        text += &format!(": merged {} into this issue", short_ids(merged));
    }
    match groups {
        0 => text += "; no stored event to recompute from, so it was kept as it was",
        1 => {}
        n => {
            text += &format!(
                "; its stored events now group as {n} issues. It was kept whole: events evicted under retention make an exact split impossible. New events follow the new rules"
            )
        }
    }
    text
}

/// "Merged 2 issues into FL-3".
pub fn merge_summary(primary: IssueId, others: &[IssueId]) -> String {
    let n = others.len();
    let noun = if n == 1 { "issue" } else { "issues" };
    format!("Merged {n} {noun} into {}", primary.short_id())
}

/// What a regroup did (the read module's `regroupIssues` answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regrouped {
    /// The grouping config the issues are grouped by now.
    pub config: String,
    /// Parts marked as grouped by it.
    pub regrouped: u64,
    /// Issues merged: the primary and the parts merged into it.
    pub merged: Vec<(IssueId, Vec<IssueId>)>,
    /// Issues kept whole though their stored events would now group as several, and how
    /// many groups.
    pub splits: Vec<(IssueId, u64)>,
    /// Parts with no stored event left to recompute from.
    pub unknown: u64,
}

/// What a regroup did, in one notice.
pub fn regroup_summary(done: &Regrouped) -> String {
    let mut parts = vec![format!(
        "Regrouped {} issues by {}",
        done.regrouped, done.config
    )];
    for (primary, merged) in &done.merged {
        parts.push(format!(
            "merged {} into {}",
            short_ids(merged),
            primary.short_id()
        ));
    }
    let splits: Vec<String> = done
        .splits
        .iter()
        .map(|(issue, groups)| format!("{} ({groups} groups)", issue.short_id()))
        .collect();
    if !splits.is_empty() {
        parts.push(format!(
            "kept whole, though their stored events would split: {} (events evicted under retention make an exact split impossible)",
            splits.join(", ")
        ));
    }
    if done.unknown > 0 {
        parts.push(format!(
            "{} had no stored event to recompute from",
            done.unknown
        ));
    }
    parts.join("; ")
}

/// The banner under an issue's title that explains its state, if it needs one:
/// "Regressed: resolved 3 h ago, seen again 10 min ago in 1.4.2."
pub fn status_note(issue: &Issue, history: &[Activity], now: Timestamp) -> Option<String> {
    let ago = |t: Timestamp| time_ago(t.0, now.0);
    let last = |pred: fn(&ActivityKind) -> bool| history.iter().rev().find(|a| pred(&a.kind));
    match (&issue.status, issue.substatus_at(now)) {
        (Status::Unresolved, Substatus::Regressed) => {
            let entry = last(|k| matches!(k, ActivityKind::Regressed { .. }))?;
            let ActivityKind::Regressed {
                release,
                resolved_at,
            } = &entry.kind
            else {
                return None;
            };
            let resolved = resolved_at
                .or(issue.resolved_at)
                .map_or("resolved".to_string(), |r| format!("resolved {}", ago(r)));
            let release = release
                .as_ref()
                .map_or(String::new(), |r| format!(" in {r}"));
            Some(format!(
                "Regressed: {resolved}, seen again {}{release}.",
                ago(entry.at)
            ))
        }
        (Status::Unresolved, Substatus::Escalating) => {
            let entry = last(|k| matches!(k, ActivityKind::IgnoreExpired { .. }))?;
            let ActivityKind::IgnoreExpired { until } = &entry.kind else {
                return None;
            };
            Some(format!(
                "Back from ignored: it was ignored {}, and that was met {}.",
                ignore_request(until, entry.at),
                ago(entry.at)
            ))
        }
        (Status::Resolved, _) => Some(format!(
            "Resolved{}. A new event reopens it as regressed.",
            issue
                .resolved_at
                .map_or(String::new(), |r| format!(" {}", ago(r)))
        )),
        (Status::ResolvedInNextRelease { release }, _) => Some(match release {
            Some(r) => format!(
                "Resolved in the release after {r}. Events from {r} are still expected; one from any other release regresses it."
            ),
            None => "Resolved in the next release: an event from a named release regresses it.".to_string(),
        }),
        (Status::Ignored { until }, _) => {
            Some(format!("Ignored {}.", ignore_condition(until, issue, now)))
        }
        (Status::Unresolved, _) => None,
    }
}

/// "Resolved 3 issues", "Ignored 1 issue".
pub fn triage_summary(triage: &Triage, n: usize) -> String {
    let verb = match triage {
        Triage::Resolve => "Resolved",
        Triage::ResolveInNextRelease => "Resolved in the next release:",
        Triage::Ignore(_) => "Ignored",
        Triage::Unresolve => "Reopened",
    };
    let noun = if n == 1 { "issue" } else { "issues" };
    format!("{verb} {n} {noun}")
}

#[cfg(test)]
mod tests;
