//! Activity entries as stored: status changes, merges and unmerges, regroups, notes and
//! assignments, each `{ issueId, at, type, ... }` with Sentry's activity type names where
//! Sentry has one (`merge`, `unmerge_source`, `unmerge_destination`, `note`).

use faultline_core::{count_from_f64_clamped, Activity, ActivityKind, Ignore, IssueId, Timestamp};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_write::{get, get_num, get_str, Writer};

/// `{ issueId, at, type, ... }`; `seq` is assigned by the store.
pub(crate) fn record_from_activity(activity: &Activity) -> JsValue {
    let record = record_from_lifecycle(activity);
    if let Some(object) = record.dyn_ref::<Object>() {
        steering_to_js(&mut Writer::default(), object, &activity.kind);
    }
    record
}

/// The record of an entry the lifecycle writes (what recording a batch writes: the
/// capture package links nothing more); other kinds get only `issueId` and `at`.
pub(crate) fn record_from_lifecycle(activity: &Activity) -> JsValue {
    let mut writer = Writer::default();
    let record = Object::new();
    writer.num(&record, "issueId", activity.issue.0 as f64);
    writer.num(&record, "at", activity.at.as_millis() as f64);
    match &activity.kind {
        ActivityKind::FirstSeen { release } => {
            writer.str(&record, "type", "first_seen");
            writer.opt_str(&record, "release", release.as_deref());
        }
        ActivityKind::Resolved => writer.str(&record, "type", "resolved"),
        ActivityKind::ResolvedInNextRelease { release } => {
            writer.str(&record, "type", "resolved_in_next_release");
            writer.opt_str(&record, "release", release.as_deref());
        }
        ActivityKind::Ignored { until } => {
            writer.str(&record, "type", "ignored");
            let until = ignore_to_js(&mut writer, until);
            writer.set(&record, "until", &until);
        }
        ActivityKind::Reopened => writer.str(&record, "type", "reopened"),
        ActivityKind::Regressed {
            release,
            resolved_at,
        } => {
            writer.str(&record, "type", "regressed");
            writer.opt_str(&record, "release", release.as_deref());
            writer.opt_num(
                &record,
                "resolvedAt",
                resolved_at.map(|t| t.as_millis() as f64),
            );
        }
        ActivityKind::IgnoreExpired { until } => {
            writer.str(&record, "type", "ignore_expired");
            let until = ignore_to_js(&mut writer, until);
            writer.set(&record, "until", &until);
        }
        _ => {}
    }
    record.into()
}

/// The entries people's steering writes: merges, regroups, notes, assignments.
fn steering_to_js(writer: &mut Writer, record: &Object, kind: &ActivityKind) {
    let ids = |ids: &[IssueId]| -> JsValue {
        ids.iter()
            .map(|id| JsValue::from_f64(id.0 as f64))
            .collect::<Array>()
            .into()
    };
    let (name, issue) = match kind {
        ActivityKind::Merge { issues } => {
            writer.set(record, "issues", &ids(issues));
            ("merge", None)
        }
        ActivityKind::MergedInto { issue } => ("merged_into", Some(issue)),
        ActivityKind::UnmergeSource { issue } => ("unmerge_source", Some(issue)),
        ActivityKind::UnmergeDestination { issue } => ("unmerge_destination", Some(issue)),
        ActivityKind::Regrouped {
            from,
            to,
            merged,
            groups,
        } => {
            writer.str(record, "from", from);
            writer.str(record, "to", to);
            writer.set(record, "issues", &ids(merged));
            writer.num(record, "groups", *groups as f64);
            ("regrouped", None)
        }
        ActivityKind::Note { text } => {
            writer.str(record, "text", text);
            ("note", None)
        }
        ActivityKind::Assigned { to } => {
            writer.opt_str(record, "to", to.as_deref());
            ("assigned", None)
        }
        _ => return,
    };
    writer.str(record, "type", name);
    if let Some(issue) = issue {
        writer.num(record, "issue", issue.0 as f64);
    }
}

fn ignore_to_js(writer: &mut Writer, until: &Ignore) -> JsValue {
    let object = Object::new();
    match until {
        Ignore::Forever => writer.str(&object, "kind", "forever"),
        Ignore::Events { count, from_count } => {
            writer.str(&object, "kind", "events");
            writer.num(&object, "count", *count as f64);
            writer.num(&object, "from", *from_count as f64);
        }
        Ignore::Users { count, from_users } => {
            writer.str(&object, "kind", "users");
            writer.num(&object, "count", *count as f64);
            writer.num(&object, "from", *from_users as f64);
        }
        Ignore::Time { until } => {
            writer.str(&object, "kind", "time");
            writer.num(&object, "until", until.as_millis() as f64);
        }
    }
    object.into()
}

fn ignore_from_js(value: &JsValue) -> Option<Ignore> {
    let n = |k: &str| get_num(value, k).map(count_from_f64_clamped);
    Some(match get_str(value, "kind")?.as_str() {
        "forever" => Ignore::Forever,
        "events" => Ignore::Events {
            count: n("count")?,
            from_count: n("from")?,
        },
        "users" => Ignore::Users {
            count: n("count")?,
            from_users: n("from")?,
        },
        "time" => Ignore::Time {
            until: Timestamp(get_num(value, "until")? as i64),
        },
        _ => return None,
    })
}

/// The entries [`steering_to_js`] writes, read back.
fn steering_from_record(record: &JsValue, name: &str) -> Option<ActivityKind> {
    let issue = || get_num(record, "issue").map(|n| IssueId(n as u64));
    let ids = || -> Vec<IssueId> {
        get(record, "issues")
            .filter(Array::is_array)
            .map(|list| {
                Array::from(&list)
                    .iter()
                    .filter_map(|n| n.as_f64())
                    .map(|n| IssueId(n as u64))
                    .collect()
            })
            .unwrap_or_default()
    };
    Some(match name {
        "merge" => ActivityKind::Merge { issues: ids() },
        "merged_into" => ActivityKind::MergedInto { issue: issue()? },
        "unmerge_source" => ActivityKind::UnmergeSource { issue: issue()? },
        "unmerge_destination" => ActivityKind::UnmergeDestination { issue: issue()? },
        "regrouped" => ActivityKind::Regrouped {
            from: get_str(record, "from")?,
            to: get_str(record, "to")?,
            merged: ids(),
            groups: get_num(record, "groups").map_or(0, count_from_f64_clamped),
        },
        "note" => ActivityKind::Note {
            text: get_str(record, "text")?,
        },
        "assigned" => ActivityKind::Assigned {
            to: get_str(record, "to"),
        },
        _ => return None,
    })
}

/// A stored activity record back to an [`Activity`]; `None` for records it cannot read.
pub(crate) fn activity_from_record(record: &JsValue) -> Option<Activity> {
    let release = get_str(record, "release");
    let until = || get(record, "until").and_then(|u| ignore_from_js(&u));
    let kind = match get_str(record, "type")?.as_str() {
        "first_seen" => ActivityKind::FirstSeen { release },
        "resolved" => ActivityKind::Resolved,
        "resolved_in_next_release" => ActivityKind::ResolvedInNextRelease { release },
        "ignored" => ActivityKind::Ignored { until: until()? },
        "reopened" => ActivityKind::Reopened,
        "regressed" => ActivityKind::Regressed {
            release,
            resolved_at: get_num(record, "resolvedAt").map(|t| Timestamp(t as i64)),
        },
        "ignore_expired" => ActivityKind::IgnoreExpired { until: until()? },
        other => steering_from_record(record, other)?,
    };
    Some(Activity {
        issue: IssueId(get_num(record, "issueId")? as u64),
        at: Timestamp(get_num(record, "at")? as i64),
        kind,
    })
}
