//! The exports. Each returns a promise; it rejects (with an `Error`) only when storage
//! fails or `configure` was not called, and never throws.

use std::cell::RefCell;

use faultline_core::{ActivityKind, IgnoreFor, IssueId, Timestamp};
use faultline_idb::{issue_to_js, EventCursor, ImportProblem, ProblemAction, Store, Triage};
use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use crate::js::{get, get_f64, get_text, set};

/// Issues and events returned at most per call unless `limit` says otherwise.
const DEFAULT_LIMIT: f64 = 100.0;
/// The most a single call returns.
const MAX_LIMIT: f64 = 10_000.0;

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

fn error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&format!("[faultline] {message}")).into()
}

/// A storage error as the JS API reports it: a refused change (merging an issue into
/// itself, ...) by its reason alone.
fn failed(e: faultline_idb::Error) -> JsValue {
    match e.refusal() {
        Some(reason) => error(reason),
        None => error(e),
    }
}

thread_local! {
    /// The database `configure` named, and its connection once open.
    static DB: RefCell<(Option<String>, Option<Store>)> = const { RefCell::new((None, None)) };
}

/// Names the database to read (the capture package passes its `dbName`).
#[wasm_bindgen]
pub fn configure(db_name: String) {
    DB.with(|db| {
        let mut db = db.borrow_mut();
        if db.0.as_deref() != Some(db_name.as_str()) {
            if let Some(old) = db.1.take() {
                old.close();
            }
            *db = (Some(db_name), None);
        }
    });
}

/// The open store, opened on first use.
async fn store() -> Result<Store, JsValue> {
    let (name, open) = DB.with(|db| db.borrow().clone());
    if let Some(store) = open {
        return Ok(store);
    }
    let name = name.ok_or_else(|| error("call init() first"))?;
    let store = Store::open(&name).await.map_err(|e| {
        error(format!(
            "storage is unavailable ({e}); capture keeps events in memory only"
        ))
    })?;
    DB.with(|db| db.borrow_mut().1 = Some(store.clone()));
    Ok(store)
}

/// Opens database `db_name`, converting it in place when an older version wrote it, and
/// closes it again; resolves to whether it opened. The capture engine, whose wasm does not
/// carry the conversions, asks for this when it meets such a database (its host loads this
/// module for it), then opens the database itself.
#[wasm_bindgen(js_name = upgradeStorage)]
pub fn upgrade_storage(db_name: String) -> Promise {
    run(async move {
        let opened = Store::open(&db_name).await;
        if let Ok(store) = &opened {
            store.close();
        }
        Ok(JsValue::from_bool(opened.is_ok()))
    })
}

/// An issue id from a string (`"12"`) or a number.
fn issue_id(value: &JsValue) -> Option<IssueId> {
    let n = value
        .as_f64()
        .or_else(|| value.as_string().and_then(|s| s.trim().parse().ok()))?;
    (n >= 1.0 && n.fract() == 0.0).then_some(IssueId(n as u64))
}

fn limit(options: &JsValue) -> usize {
    get_f64(options, "limit").map_or(DEFAULT_LIMIT, |n| n.clamp(1.0, MAX_LIMIT)) as usize
}

fn run<F>(work: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    future_to_promise(work)
}

/// Issues matching `query` (the viewer's search language), in its order (default: last
/// seen first); `{ limit }` (default 100).
#[wasm_bindgen(js_name = listIssues)]
pub fn list_issues_js(query: JsValue, options: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let text = query.as_string().unwrap_or_default();
        let found = store
            .search(&text, now(), limit(&options))
            .await
            .map_err(failed)?;
        let at = now();
        Ok(found
            .issues
            .iter()
            .map(|i| issue_to_js(i, at))
            .collect::<Array>()
            .into())
    })
}

/// One issue, or `null`.
#[wasm_bindgen(js_name = getIssue)]
pub fn get_issue_js(id: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let Some(id) = issue_id(&id) else {
            return Ok(JsValue::NULL);
        };
        let issue = store.issue(id).await.map_err(failed)?;
        Ok(issue.map_or(JsValue::NULL, |i| issue_to_js(&i, now())))
    })
}

/// The issue's stored events, newest first, as Sentry event payloads; `{ limit, before }`
/// where `before` is the `event_id` of the last event of the previous page.
#[wasm_bindgen(js_name = listEvents)]
pub fn list_events_js(id: JsValue, options: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let Some(id) = issue_id(&id) else {
            return Ok(Array::new().into());
        };
        let before = match get_text(&options, "before") {
            Some(event_id) => {
                let event = store.event(&event_id).await.map_err(failed)?;
                let ts = event.as_ref().and_then(|e| get_f64(e, "timestamp"));
                match ts {
                    Some(secs) => Some(EventCursor {
                        ts: Timestamp::from_secs_f64(secs).as_millis() as f64,
                        id: event_id,
                    }),
                    None => return Ok(Array::new().into()),
                }
            }
            None => None,
        };
        let limit = u32::try_from(limit(&options)).unwrap_or(100);
        let page = store
            .events_page(id, before.as_ref(), limit)
            .await
            .map_err(failed)?;
        Ok(page.events.into_iter().collect::<Array>().into())
    })
}

fn triage(id: JsValue, action: Triage) -> Promise {
    run(async move {
        let store = store().await?;
        let id = issue_id(&id).ok_or_else(|| error("not an issue id"))?;
        store.triage(&[id], action, now()).await.map_err(failed)?;
        let issue = store.issue(id).await.map_err(failed)?;
        Ok(issue.map_or(JsValue::NULL, |i| issue_to_js(&i, now())))
    })
}

/// Marks an issue resolved (`{ inNextRelease: true }`: only an event from another release
/// regresses it); resolves to the updated issue.
#[wasm_bindgen(js_name = resolveIssue)]
pub fn resolve_issue_js(id: JsValue, options: JsValue) -> Promise {
    let next = get(&options, "inNextRelease").as_bool() == Some(true);
    triage(
        id,
        if next {
            Triage::ResolveInNextRelease
        } else {
            Triage::Resolve
        },
    )
}

/// Ignores an issue forever, or `{ untilEvents: n }`, `{ untilUsers: n }`, `{ untilTime:
/// Date | ISO string | ms }`; resolves to the updated issue.
#[wasm_bindgen(js_name = ignoreIssue)]
pub fn ignore_issue_js(id: JsValue, options: JsValue) -> Promise {
    let count = |key: &str| {
        get_f64(&options, key)
            .filter(|n| *n >= 1.0)
            .map(|n| n as u64)
    };
    let until = get(&options, "untilTime");
    let until = until
        .as_f64()
        .or_else(|| until.dyn_ref::<js_sys::Date>().map(|d| d.get_time()))
        .map(|ms| Timestamp(ms as i64))
        .or_else(|| {
            until
                .as_string()
                .and_then(|s| Timestamp::parse_rfc3339(&s).ok())
        });
    let request = match (count("untilEvents"), count("untilUsers"), until) {
        (Some(n), _, _) => IgnoreFor::Events(n),
        (_, Some(n), _) => IgnoreFor::Users(n),
        (_, _, Some(t)) => IgnoreFor::Until(t),
        _ => IgnoreFor::Forever,
    };
    triage(id, Triage::Ignore(request))
}

/// Reopens a resolved or ignored issue; resolves to the updated issue.
#[wasm_bindgen(js_name = unresolveIssue)]
pub fn unresolve_issue_js(id: JsValue) -> Promise {
    triage(id, Triage::Unresolve)
}

/// Everything stored, or with `{ issues: [id, ...] }` those issues only (their events,
/// users and history), as JSON text (import it elsewhere with `importJson`).
#[wasm_bindgen(js_name = exportJson)]
pub fn export_json_js(options: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let issues = get(&options, "issues");
        let issues = (!issues.is_undefined() && !issues.is_null()).then(|| issue_ids(&issues));
        let data = store
            .export(issues.as_deref(), now())
            .await
            .map_err(failed)?;
        Ok(js_sys::JSON::stringify(&data)?.into())
    })
}

/// An import problem as the JS API reports it.
fn problem_to_js(problem: &ImportProblem) -> JsValue {
    let o = Object::new();
    set(&o, "record", problem.kind.as_str());
    set(&o, "index", problem.index as f64);
    let action = match problem.action {
        ProblemAction::Rejected => "rejected",
        ProblemAction::Repaired => "repaired",
    };
    set(&o, "action", action);
    set(&o, "reason", problem.reason.as_str());
    o.into()
}

/// Merges an export (JSON text) into this origin's database; resolves to `{ issuesCreated,
/// issuesMerged, eventsAdded, eventsSkipped, usersAdded, invalid, repaired, problems }`,
/// where `problems` lists each record rejected (`invalid`) or repaired as `{ record,
/// index, action, reason }` (`record`: `issue`, `event`, `user`, `counter` or `activity`;
/// `index`: its position in that array of the file; `action`: `rejected` or `repaired`).
/// Importing twice changes nothing. `{ onProgress }` (the viewer's progress bar) is called
/// with `(done, total)` events as the import goes.
#[wasm_bindgen(js_name = importJson)]
pub fn import_json_js(text: JsValue, options: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let text = text
            .as_string()
            .ok_or_else(|| error("importJson takes JSON text"))?;
        let data = js_sys::JSON::parse(&text).map_err(|_| error("importJson: not JSON"))?;
        let on_progress = get(&options, "onProgress")
            .dyn_into::<js_sys::Function>()
            .ok();
        let progress = |p: faultline_idb::ImportProgress| {
            if let Some(f) = &on_progress {
                // The callback is the caller's: what it throws stays out of the import.
                let (done, total) = (p.done as f64, p.total as f64);
                let _ = f.call2(&JsValue::UNDEFINED, &done.into(), &total.into());
            }
        };
        let report = store
            .import_with_progress(&data, &progress)
            .await
            .map_err(failed)?;
        let o = Object::new();
        set(&o, "issuesCreated", report.issues_created as f64);
        set(&o, "issuesMerged", report.issues_merged as f64);
        set(&o, "eventsAdded", report.events_added as f64);
        set(&o, "eventsSkipped", report.events_skipped as f64);
        set(&o, "usersAdded", report.users_added as f64);
        set(&o, "invalid", report.invalid as f64);
        set(&o, "repaired", report.repaired as f64);
        let problems: Array = report.problems.iter().map(problem_to_js).collect();
        set(&o, "problems", problems);
        Ok(o.into())
    })
}

/// Issue ids from a JS array (or one id).
fn issue_ids(value: &JsValue) -> Vec<IssueId> {
    if Array::is_array(value) {
        Array::from(value)
            .iter()
            .filter_map(|v| issue_id(&v))
            .collect()
    } else {
        issue_id(value).into_iter().collect()
    }
}

/// Merges the issues `others` into `primary` (which keeps its id, title and status; its
/// counts become all of theirs, distinct users united) and resolves to the merged issue.
/// Later events of every merged fingerprint count on it. Only the issues named are
/// merged.
#[wasm_bindgen(js_name = mergeIssues)]
pub fn merge_issues_js(primary: JsValue, others: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let primary = issue_id(&primary).ok_or_else(|| error("not an issue id"))?;
        let merged = store
            .merge(primary, &issue_ids(&others), now())
            .await
            .map_err(failed)?;
        Ok(issue_to_js(&merged, now()))
    })
}

/// Unmerges the issue `part` (by its own id, as listed in the merged issue's `merged`)
/// from `issue`; resolves to the restored issue, with its own counts again. Its later
/// events count on it, not on the issue it left.
#[wasm_bindgen(js_name = unmergeIssue)]
pub fn unmerge_issue_js(issue: JsValue, part: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let (Some(issue), Some(part)) = (issue_id(&issue), issue_id(&part)) else {
            return Err(error("not an issue id"));
        };
        let restored = store.unmerge(issue, part, now()).await.map_err(failed)?;
        Ok(issue_to_js(&restored, now()))
    })
}

/// Regroups every issue grouped by other rules than the recorder's now (after its
/// `fingerprintRules` changed): each stored event's fingerprint is recomputed, and what
/// now shares one is merged, in one transaction. Resolves to `null` when every issue is
/// grouped by the current rules already, else to `{ config, regrouped, aliases, merged,
/// splits, unknown }`: `merged` lists `{ issue, parts }` (the parts merged into `issue`),
/// `splits` lists `{ issue, groups }` for issues kept whole though their stored events
/// would now group as several, `unknown` counts those with no stored event left to
/// recompute from. Undo it with `undoRegroup`.
#[wasm_bindgen(js_name = regroupIssues)]
pub fn regroup_issues_js() -> Promise {
    run(async move {
        let store = store().await?;
        let Some((plan, report)) = store.regroup_outdated(now()).await.map_err(failed)? else {
            return Ok(JsValue::NULL);
        };
        let o = Object::new();
        set(&o, "config", plan.config.as_str());
        set(&o, "regrouped", report.regrouped as f64);
        set(&o, "aliases", report.aliases as f64);
        let merged: Array = report
            .merged
            .iter()
            .map(|(issue, parts)| {
                let m = Object::new();
                set(&m, "issue", issue.0.to_string().as_str());
                set(&m, "parts", ids_to_js(parts));
                JsValue::from(m)
            })
            .collect();
        set(&o, "merged", merged);
        let splits: Array = plan
            .splits()
            .map(|p| {
                let m = Object::new();
                set(&m, "issue", p.tally.0.to_string().as_str());
                set(&m, "groups", p.groups as f64);
                JsValue::from(m)
            })
            .collect();
        set(&o, "splits", splits);
        set(&o, "unknown", plan.unknown().count() as f64);
        Ok(o.into())
    })
}

/// Undoes the last `regroupIssues`; resolves to the ids of the issues it changed.
#[wasm_bindgen(js_name = undoRegroup)]
pub fn undo_regroup_js() -> Promise {
    run(async move {
        let store = store().await?;
        let touched = store.undo_regroup(now()).await.map_err(failed)?;
        Ok(ids_to_js(&touched).into())
    })
}

/// Issue ids as the JS API gives them (strings, like an issue's `id`).
fn ids_to_js(ids: &[IssueId]) -> Array {
    ids.iter()
        .map(|id| JsValue::from(id.0.to_string()))
        .collect()
}

/// Assigns an issue to a name or an email (free text), or unassigns it with `null` or
/// `""`; resolves to the updated issue.
#[wasm_bindgen(js_name = assignIssue)]
pub fn assign_issue_js(id: JsValue, to: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let id = issue_id(&id).ok_or_else(|| error("not an issue id"))?;
        let to = to.as_string();
        store
            .assign(id, to.as_deref(), now())
            .await
            .map_err(failed)?;
        let issue = store.issue(id).await.map_err(failed)?;
        Ok(issue.map_or(JsValue::NULL, |i| issue_to_js(&i, now())))
    })
}

/// A note as the JS API shows it: `{ text, at }` (`at` in ISO 8601).
fn note_to_js(text: &str, at: Timestamp) -> JsValue {
    let o = Object::new();
    set(&o, "text", text);
    set(&o, "at", at.to_rfc3339());
    o.into()
}

/// Adds a note (free text) to an issue; resolves to `{ text, at }`.
#[wasm_bindgen(js_name = addNote)]
pub fn add_note_js(id: JsValue, text: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let id = issue_id(&id).ok_or_else(|| error("not an issue id"))?;
        let text = text.as_string().unwrap_or_default();
        let entry = store.add_note(id, &text, now()).await.map_err(failed)?;
        match entry.kind {
            ActivityKind::Note { text } => Ok(note_to_js(&text, entry.at)),
            _ => Ok(JsValue::NULL),
        }
    })
}

/// An issue's notes, oldest first, as `{ text, at }`.
#[wasm_bindgen(js_name = listNotes)]
pub fn list_notes_js(id: JsValue) -> Promise {
    run(async move {
        let store = store().await?;
        let Some(id) = issue_id(&id) else {
            return Ok(Array::new().into());
        };
        let history = store.activity(id).await.map_err(failed)?;
        Ok(history
            .iter()
            .filter_map(|entry| match &entry.kind {
                ActivityKind::Note { text } => Some(note_to_js(text, entry.at)),
                _ => None,
            })
            .collect::<Array>()
            .into())
    })
}
