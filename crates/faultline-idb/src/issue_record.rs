//! Issues as stored: a plain JS object named like Sentry's web API issue, plus the
//! numeric keys the indexes sort by and what the lifecycle needs to resume.

use faultline_core::{
    count_from_f64_clamped, Fingerprint, Ignore, Issue, IssueId, Level, Status, StoredBodies,
    StoredIssue, Substatus, Timestamp,
};
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

mod steering;
use crate::js_write::{get, get_num, get_str, get_str_list, Writer};

/// The record of a stored issue.
pub(crate) fn record_from_stored(stored: &StoredIssue) -> JsValue {
    record_from_issue(&stored.issue, stored.bodies)
}

/// The whole record for `issue` with its bodies' bookkeeping `stored`.
pub(crate) fn record_from_issue(issue: &Issue, stored: StoredBodies) -> JsValue {
    let o = Object::new();
    write_recorded(&o, issue, stored);
    steering::write(&o, issue);
    o.into()
}

/// What recording writes of an issue: the fields it changes, onto the record as read
/// (`original`: what recording does not decode, such as parts, notes and the assignee,
/// stays as it is) or onto a new record.
pub(crate) fn recorded_record(
    original: Option<&JsValue>,
    issue: &Issue,
    stored: StoredBodies,
) -> JsValue {
    let record = match original.and_then(|r| r.dyn_ref::<Object>()) {
        Some(record) => record.clone(),
        None => Object::new(),
    };
    write_recorded(&record, issue, stored);
    record.into()
}

/// The fields recording changes, and those of a new issue.
fn write_recorded(o: &Object, issue: &Issue, stored: StoredBodies) {
    let mut w = Writer::default();
    w.num(o, "id", issue.id.0 as f64);
    w.str(o, "shortId", &issue.id.short_id());
    w.str(o, "fingerprint", issue.fingerprint.as_str());
    w.str(o, "groupingConfig", &issue.grouping_config);
    w.str(o, "title", &issue.title);
    w.opt_str(o, "culprit", issue.culprit.as_deref());
    w.opt_str(o, "errorType", issue.error_type.as_deref());
    w.str(o, "level", issue.level.as_str());
    w.str(o, "status", issue.status_name());
    w.str(o, "substatus", issue.substatus.as_str());
    let details = status_details(&mut w, &issue.status);
    w.set(o, "statusDetails", &details);
    w.num(o, "count", issue.count as f64);
    w.num(o, "userCount", issue.user_count as f64);
    w.str(o, "firstSeen", &issue.first_seen.to_rfc3339());
    w.str(o, "lastSeen", &issue.last_seen.to_rfc3339());
    w.opt_str(o, "firstRelease", issue.first_release.as_deref());
    w.opt_str(o, "lastRelease", issue.last_release.as_deref());
    w.str_list(o, "releases", &issue.releases);
    w.str_list(o, "environments", &issue.environments);
    // Index keys and lifecycle state, as numbers.
    w.num(o, "firstSeenMs", issue.first_seen.as_millis() as f64);
    w.num(o, "lastSeenMs", issue.last_seen.as_millis() as f64);
    w.num(
        o,
        "statusChangedMs",
        issue.status_changed.as_millis() as f64,
    );
    w.opt_num(
        o,
        "resolvedAtMs",
        issue.resolved_at.map(|t| t.as_millis() as f64),
    );
    w.num(o, "storedEvents", stored.events as f64);
    w.num(o, "storedBytes", stored.bytes as f64);
}

/// Sentry's `statusDetails`, plus the baselines an ignore condition counts from.
fn status_details(writer: &mut Writer, status: &Status) -> JsValue {
    let details = Object::new();
    match status {
        Status::Unresolved | Status::Resolved => {}
        Status::ResolvedInNextRelease { release } => {
            writer.opt_bool(&details, "inNextRelease", Some(true));
            writer.opt_str(&details, "inRelease", release.as_deref());
        }
        Status::Ignored { until } => match until {
            Ignore::Forever => {}
            Ignore::Events { count, from_count } => {
                writer.num(&details, "ignoreCount", *count as f64);
                writer.num(&details, "ignoreFromCount", *from_count as f64);
            }
            Ignore::Users { count, from_users } => {
                writer.num(&details, "ignoreUserCount", *count as f64);
                writer.num(&details, "ignoreFromUsers", *from_users as f64);
            }
            Ignore::Time { until } => {
                writer.str(&details, "ignoreUntil", &until.to_rfc3339());
                writer.num(&details, "ignoreUntilMs", until.as_millis() as f64);
            }
        },
    }
    details.into()
}

pub(crate) fn decode_error(message: &str) -> Error {
    Error::Decode {
        what: "issue",
        message: message.to_string(),
    }
}

/// A stored issue record back to an issue and its bodies' bookkeeping, whole.
pub(crate) fn stored_from_record(record: &JsValue) -> Result<StoredIssue, Error> {
    let (issue, bodies) = issue_from_record(record)?;
    Ok(StoredIssue { issue, bodies })
}

/// A stored issue record back to an [`Issue`] and its bookkeeping, whole (parts, notes,
/// assignee). Counts read as counts (a number that is not one reads as 0, or as the
/// largest count when it is too large).
pub(crate) fn issue_from_record(record: &JsValue) -> Result<(Issue, StoredBodies), Error> {
    let (mut issue, stored) = recorded_fields(record)?;
    steering::read(record, &mut issue)?;
    Ok((issue, stored))
}

/// What recording reads of an issue record: its own fields, and which part of it each
/// of its other fingerprints counts on (parts as stubs: id, fingerprint, aliases).
pub(crate) fn recorded_from_record(record: &JsValue) -> Result<StoredIssue, Error> {
    let (mut issue, bodies) = recorded_fields(record)?;
    steering::read_routes(record, &mut issue);
    Ok(StoredIssue { issue, bodies })
}

/// The fields [`write_recorded`] writes, read back.
fn recorded_fields(record: &JsValue) -> Result<(Issue, StoredBodies), Error> {
    let num =
        |key: &str| get_num(record, key).ok_or_else(|| decode_error(&format!("missing {key}")));
    let text =
        |key: &str| get_str(record, key).ok_or_else(|| decode_error(&format!("missing {key}")));
    let ms = |key: &str| num(key).map(|n| Timestamp(n as i64));
    let details = get(record, "statusDetails").unwrap_or(JsValue::UNDEFINED);
    let issue = Issue {
        id: IssueId(num("id")? as u64),
        fingerprint: Fingerprint(text("fingerprint")?),
        grouping_config: text("groupingConfig")?,
        title: text("title")?,
        culprit: get_str(record, "culprit"),
        error_type: get_str(record, "errorType"),
        level: parse_level(&text("level")?),
        status: parse_status(&text("status")?, &details)?,
        substatus: parse_substatus(&text("substatus")?),
        status_changed: ms("statusChangedMs")?,
        resolved_at: get_num(record, "resolvedAtMs").map(|n| Timestamp(n as i64)),
        count: count_from_f64_clamped(num("count")?),
        user_count: count_from_f64_clamped(num("userCount")?),
        first_seen: ms("firstSeenMs")?,
        last_seen: ms("lastSeenMs")?,
        first_release: get_str(record, "firstRelease"),
        last_release: get_str(record, "lastRelease"),
        releases: get_str_list(record, "releases"),
        environments: get_str_list(record, "environments"),
        assignee: None,
        notes: 0,
        aliases: Vec::new(),
        parts: Vec::new(),
        routes: Vec::new(),
        tallied: None,
    };
    let stored = StoredBodies {
        events: count_from_f64_clamped(get_num(record, "storedEvents").unwrap_or(0.0)),
        bytes: count_from_f64_clamped(get_num(record, "storedBytes").unwrap_or(0.0)),
    };
    Ok((issue, stored))
}

fn parse_status(status: &str, details: &JsValue) -> Result<Status, Error> {
    let n = |key: &str| get_num(details, key).map(count_from_f64_clamped);
    Ok(match status {
        "unresolved" => Status::Unresolved,
        "resolved" if get(details, "inNextRelease").is_some() => Status::ResolvedInNextRelease {
            release: get_str(details, "inRelease"),
        },
        "resolved" => Status::Resolved,
        "ignored" => Status::Ignored {
            until: if let (Some(count), Some(from_count)) = (n("ignoreCount"), n("ignoreFromCount"))
            {
                Ignore::Events { count, from_count }
            } else if let (Some(count), Some(from_users)) =
                (n("ignoreUserCount"), n("ignoreFromUsers"))
            {
                Ignore::Users { count, from_users }
            } else if let Some(until) = get_num(details, "ignoreUntilMs") {
                Ignore::Time {
                    until: Timestamp(until as i64),
                }
            } else {
                Ignore::Forever
            },
        },
        other => return Err(decode_error(&format!("unknown status \"{other}\""))),
    })
}

/// A level name; unknown names read as `error`.
pub(crate) fn parse_level(name: &str) -> Level {
    match name {
        "debug" => Level::Debug,
        "info" => Level::Info,
        "warning" | "warn" => Level::Warning,
        "fatal" | "critical" => Level::Fatal,
        _ => Level::Error,
    }
}

fn parse_substatus(name: &str) -> Substatus {
    match name {
        "regressed" => Substatus::Regressed,
        "escalating" => Substatus::Escalating,
        "ongoing" => Substatus::Ongoing,
        "archived_forever" => Substatus::ArchivedForever,
        "archived_until_condition_met" => Substatus::ArchivedUntilConditionMet,
        "resolved" => Substatus::Resolved,
        _ => Substatus::New,
    }
}

/// An issue as the JavaScript API shows it, named like Sentry's web API issue: `id` (a
/// string), `shortId`, `title`, `culprit`, `level`, `status` and `substatus` as of `now`,
/// `statusDetails`, `count`, `userCount`, `firstSeen`/`lastSeen` (ISO 8601),
/// `firstRelease`/`lastRelease`, plus `fingerprint`, `type`, `releases`, `environments`,
/// `assignee` (or `null`), `notes` (how many) and `merged` (the issues merged into it,
/// its own first, each as it stood when merged; empty when none was).
pub fn issue_to_js(issue: &Issue, now: Timestamp) -> JsValue {
    let mut w = Writer::default();
    let o = Object::new();
    w.str(&o, "id", &issue.id.0.to_string());
    w.str(&o, "shortId", &issue.id.short_id());
    w.str(&o, "fingerprint", issue.fingerprint.as_str());
    w.str(&o, "title", &issue.title);
    w.opt_str(&o, "culprit", issue.culprit.as_deref());
    w.opt_str(&o, "type", issue.error_type.as_deref());
    w.str(&o, "level", issue.level.as_str());
    w.str(&o, "status", issue.status_name_at(now));
    w.str(&o, "substatus", issue.substatus_at(now).as_str());
    let details = status_details(&mut w, &issue.status);
    w.set(&o, "statusDetails", &details);
    w.num(&o, "count", issue.count as f64);
    w.num(&o, "userCount", issue.user_count as f64);
    w.str(&o, "firstSeen", &issue.first_seen.to_rfc3339());
    w.str(&o, "lastSeen", &issue.last_seen.to_rfc3339());
    w.opt_str(&o, "firstRelease", issue.first_release.as_deref());
    w.opt_str(&o, "lastRelease", issue.last_release.as_deref());
    w.str_list(&o, "releases", &issue.releases);
    w.str_list(&o, "environments", &issue.environments);
    let assignee = issue
        .assignee
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    w.set(&o, "assignee", &assignee);
    w.num(&o, "notes", issue.notes as f64);
    let merged: js_sys::Array = issue
        .parts
        .iter()
        .map(|part| issue_to_js(part, now))
        .collect();
    w.set(&o, "merged", &merged);
    o.into()
}
