//! What the viewer asks of the read module (`pkg/read/`, crate `faultline-read`), loaded
//! the first time it is needed: import and export, merge and unmerge, regroup and its
//! undo, and converting a database an older version wrote. Those carry most of storage's
//! writing code (and the regroup its fingerprinting with custom rules); the viewer's own
//! wasm reads, searches and triages, and its first paint never waits for the rest.
//!
//! The read module opens its own connection to the same database; what it changes reaches
//! the viewer's pages as any other tab's change does (storage's broadcast), and each
//! caller reloads what it shows once the answer is in.

use faultline_core::IssueId;
use faultline_idb::{ImportReport, Store, StoreConfig};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::browser::call_module;
use crate::describe::Regrouped;

/// The read module, beside the viewer's page.
const READ: &str = "pkg/read/faultline_read.js";

/// Calls the read module's export `name` on database `db`; its answer, or its error's
/// message for people (the API's `[faultline] ` prefix dropped).
async fn call(db: &str, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    call_module(READ, Some(db), name, args).await.map_err(|e| {
        let message = faultline_idb::JsError::from_js(&e).message;
        match message.strip_prefix("[faultline] ") {
            Some(rest) => rest.to_string(),
            None => message,
        }
    })
}

/// Issue ids as the read module takes them.
fn ids(ids: &[IssueId]) -> JsValue {
    ids.iter()
        .map(|id| JsValue::from(id.0 as f64))
        .collect::<Array>()
        .into()
}

/// Opens database `name` as the viewer does: one an older version wrote is converted by
/// the read module first; the in-memory stand-in, which says why, when it cannot open.
pub async fn open_store(name: &str) -> Store {
    Store::open_converting(name, StoreConfig::default(), async |name| {
        let answer = call(name, "upgradeStorage", &[JsValue::from_str(name)]).await;
        answer.is_ok_and(|opened| opened.is_truthy())
    })
    .await
}

/// The export of everything (`None`) or of some issues, as JSON text.
pub async fn export_json(db: &str, issues: Option<&[IssueId]>) -> Result<String, String> {
    let options = Object::new();
    if let Some(issues) = issues {
        js_sys::Reflect::set(&options, &"issues".into(), &ids(issues))
            .map_err(|_| "the export's options could not be written".to_string())?;
    }
    let text = call(db, "exportJson", &[options.into()]).await?;
    text.as_string()
        .ok_or_else(|| "the export is not text".to_string())
}

/// Merges the export in `text` into `db`, telling `on_progress` the events done and in all.
pub async fn import_json(
    db: &str,
    text: &str,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<ImportReport, String> {
    let progress = Closure::<dyn Fn(f64, f64)>::new(move |done: f64, total: f64| {
        on_progress(done as u64, total as u64)
    });
    let options = Object::new();
    // A fresh object: setting a property on it cannot fail.
    let _ = js_sys::Reflect::set(&options, &"onProgress".into(), progress.as_ref());
    let answer = call(db, "importJson", &[JsValue::from_str(text), options.into()]).await;
    drop(progress);
    Ok(report_from_js(&answer?))
}

/// Merges `others` into `primary` (one transaction, in the read module).
pub async fn merge(db: &str, primary: IssueId, others: &[IssueId]) -> Result<(), String> {
    call(db, "mergeIssues", &[(primary.0 as f64).into(), ids(others)]).await?;
    Ok(())
}

/// Takes `part` out of the merged issue `issue` again; the events it has on its own.
pub async fn unmerge(db: &str, issue: IssueId, part: IssueId) -> Result<u64, String> {
    let args = [(issue.0 as f64).into(), (part.0 as f64).into()];
    let restored = call(db, "unmergeIssue", &args).await?;
    Ok(number(&restored, "count"))
}

/// Regroups what the recorder's current rules group otherwise; `None` when nothing did.
pub async fn regroup(db: &str) -> Result<Option<Regrouped>, String> {
    let answer = call(db, "regroupIssues", &[]).await?;
    Ok((!answer.is_null()).then(|| regrouped_from_js(&answer)))
}

/// Undoes the last regroup; how many issues it changed.
pub async fn undo_regroup(db: &str) -> Result<usize, String> {
    let touched = call(db, "undoRegroup", &[]).await?;
    Ok(Array::from(&touched).length() as usize)
}

fn field(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn number(value: &JsValue, key: &str) -> u64 {
    field(value, key).as_f64().map_or(0, |v| v as u64)
}

/// An issue id the read module gave (a string of digits).
fn issue_id(value: &JsValue) -> Option<IssueId> {
    value.as_string()?.parse().ok().map(IssueId)
}

/// The read module's `regroupIssues` answer.
fn regrouped_from_js(answer: &JsValue) -> Regrouped {
    let list = |key: &str| Array::from(&field(answer, key)).iter().collect::<Vec<_>>();
    Regrouped {
        config: field(answer, "config").as_string().unwrap_or_default(),
        regrouped: number(answer, "regrouped"),
        merged: list("merged")
            .iter()
            .filter_map(|m| {
                let parts = Array::from(&field(m, "parts"));
                Some((
                    issue_id(&field(m, "issue"))?,
                    parts.iter().filter_map(|p| issue_id(&p)).collect(),
                ))
            })
            .collect(),
        splits: list("splits")
            .iter()
            .filter_map(|s| Some((issue_id(&field(s, "issue"))?, number(s, "groups"))))
            .collect(),
        unknown: number(answer, "unknown"),
    }
}

/// The read module's import report (`{ issuesCreated, ... }`).
fn report_from_js(report: &JsValue) -> ImportReport {
    ImportReport {
        issues_created: number(report, "issuesCreated"),
        issues_merged: number(report, "issuesMerged"),
        events_added: number(report, "eventsAdded"),
        events_skipped: number(report, "eventsSkipped"),
        users_added: number(report, "usersAdded"),
        invalid: number(report, "invalid"),
        repaired: number(report, "repaired"),
        problems: Vec::new(),
    }
}
