//! Activity entries (status changes) as stored.

use faultline_core::{count_from_f64_clamped, Activity, ActivityKind, Ignore, IssueId, Timestamp};
use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::js_write::{get, get_num, get_str, Writer};

/// `{ issueId, at, type, ... }`; `seq` is assigned by the store.
pub(crate) fn record_from_activity(a: &Activity) -> JsValue {
    let mut w = Writer::default();
    let o = Object::new();
    w.num(&o, "issueId", a.issue.0 as f64);
    w.num(&o, "at", a.at.as_millis() as f64);
    match &a.kind {
        ActivityKind::FirstSeen { release } => {
            w.str(&o, "type", "first_seen");
            w.opt_str(&o, "release", release.as_deref());
        }
        ActivityKind::Resolved => w.str(&o, "type", "resolved"),
        ActivityKind::ResolvedInNextRelease { release } => {
            w.str(&o, "type", "resolved_in_next_release");
            w.opt_str(&o, "release", release.as_deref());
        }
        ActivityKind::Ignored { until } => {
            w.str(&o, "type", "ignored");
            let until = ignore_to_js(&mut w, until);
            w.set(&o, "until", &until);
        }
        ActivityKind::Reopened => w.str(&o, "type", "reopened"),
        ActivityKind::Regressed {
            release,
            resolved_at,
        } => {
            w.str(&o, "type", "regressed");
            w.opt_str(&o, "release", release.as_deref());
            w.opt_num(&o, "resolvedAt", resolved_at.map(|t| t.as_millis() as f64));
        }
        ActivityKind::IgnoreExpired { until } => {
            w.str(&o, "type", "ignore_expired");
            let until = ignore_to_js(&mut w, until);
            w.set(&o, "until", &until);
        }
    }
    o.into()
}

fn ignore_to_js(w: &mut Writer, until: &Ignore) -> JsValue {
    let o = Object::new();
    match until {
        Ignore::Forever => w.str(&o, "kind", "forever"),
        Ignore::Events { count, from_count } => {
            w.str(&o, "kind", "events");
            w.num(&o, "count", *count as f64);
            w.num(&o, "from", *from_count as f64);
        }
        Ignore::Users { count, from_users } => {
            w.str(&o, "kind", "users");
            w.num(&o, "count", *count as f64);
            w.num(&o, "from", *from_users as f64);
        }
        Ignore::Time { until } => {
            w.str(&o, "kind", "time");
            w.num(&o, "until", until.as_millis() as f64);
        }
    }
    o.into()
}

fn ignore_from_js(v: &JsValue) -> Option<Ignore> {
    let n = |k: &str| get_num(v, k).map(count_from_f64_clamped);
    Some(match get_str(v, "kind")?.as_str() {
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
            until: Timestamp(get_num(v, "until")? as i64),
        },
        _ => return None,
    })
}

/// A stored activity record back to an [`Activity`]; `None` for records it cannot read.
pub(crate) fn activity_from_record(r: &JsValue) -> Option<Activity> {
    let release = get_str(r, "release");
    let until = || get(r, "until").and_then(|u| ignore_from_js(&u));
    let kind = match get_str(r, "type")?.as_str() {
        "first_seen" => ActivityKind::FirstSeen { release },
        "resolved" => ActivityKind::Resolved,
        "resolved_in_next_release" => ActivityKind::ResolvedInNextRelease { release },
        "ignored" => ActivityKind::Ignored { until: until()? },
        "reopened" => ActivityKind::Reopened,
        "regressed" => ActivityKind::Regressed {
            release,
            resolved_at: get_num(r, "resolvedAt").map(|t| Timestamp(t as i64)),
        },
        "ignore_expired" => ActivityKind::IgnoreExpired { until: until()? },
        _ => return None,
    };
    Some(Activity {
        issue: IssueId(get_num(r, "issueId")? as u64),
        at: Timestamp(get_num(r, "at")? as i64),
        kind,
    })
}
