//! Export to a JSON file, through storage's `export`, and import from one, through the
//! read module (`pkg/read/`, crate `faultline-read`), loaded the first time a file is
//! imported: import is most of storage's code, and the viewer's first paint never needs it.

use faultline_core::{IssueId, Timestamp};
use faultline_idb::{ImportReport, Store};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{download, json_string, read_file};

#[wasm_bindgen(inline_js = r#"
let loading;
/** The read module, imported once from pkg/read/ beside the viewer's page. */
function reader() {
  loading ??= import(new URL('pkg/read/faultline_read.js', document.baseURI).href)
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { loading = undefined; throw e; });
  return loading;
}
export function import_text(db, text, onProgress) {
  return reader().then((m) => { m.configure(db); return m.importJson(text, { onProgress }); });
}
"#)]
extern "C" {
    fn import_text(db: &str, text: &str, on_progress: &JsValue) -> Promise;
}

/// The export's file name: `faultline-export-2026-11-27.json`, or with the issue's
/// short id for one issue.
pub fn export_file_name(issue: Option<IssueId>, now: Timestamp) -> String {
    let date = now.to_rfc3339().chars().take(10).collect::<String>();
    match issue {
        Some(id) => format!("faultline-{}-{date}.json", id.short_id()),
        None => format!("faultline-export-{date}.json"),
    }
}

/// Exports everything (`None`) or some issues and offers the file as a download.
pub async fn export_to_file(store: &Store, issues: Option<&[IssueId]>) -> Result<(), String> {
    let now = Timestamp(js_sys::Date::now() as i64);
    let value = store.export(issues, now).await.map_err(|e| e.to_string())?;
    let text = json_string(&value, 0)?;
    let one = issues.and_then(|ids| (ids.len() == 1).then(|| ids[0]));
    download(&export_file_name(one, now), &text, "application/json")
}

/// Reads a picked or dropped export file and merges it into database `db`, telling
/// `on_progress` the events done and in all as it goes.
pub async fn import_file(
    db: &str,
    file: &web_sys::File,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<ImportReport, String> {
    let text = read_file(file).await?;
    let progress = Closure::<dyn Fn(f64, f64)>::new(move |done: f64, total: f64| {
        on_progress(done as u64, total as u64)
    });
    let answer = JsFuture::from(import_text(db, &text, progress.as_ref())).await;
    drop(progress);
    let report = answer.map_err(|e| {
        let message = faultline_idb::JsError::from_js(&e).message;
        let message = message.strip_prefix("[faultline] ").unwrap_or(&message);
        if message.ends_with("not JSON") {
            format!("{} is not JSON", file.name())
        } else {
            message.to_string()
        }
    })?;
    Ok(report_from_js(&report))
}

/// The read module's import report (`{ issuesCreated, ... }`).
fn report_from_js(report: &JsValue) -> ImportReport {
    let n = |key: &str| {
        js_sys::Reflect::get(report, &key.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map_or(0, |v| v as u64)
    };
    ImportReport {
        issues_created: n("issuesCreated"),
        issues_merged: n("issuesMerged"),
        events_added: n("eventsAdded"),
        events_skipped: n("eventsSkipped"),
        users_added: n("usersAdded"),
        invalid: n("invalid"),
        repaired: n("repaired"),
        problems: Vec::new(),
    }
}

/// What an import did, in a sentence.
pub fn import_summary(r: &ImportReport) -> String {
    let count = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        format!("{} new", count(r.issues_created, "issue", "issues")),
        format!("{} merged into existing ones", r.issues_merged),
        format!("{} added", count(r.events_added, "event", "events")),
    ];
    if r.events_skipped > 0 {
        parts.push(format!("{} already here", r.events_skipped));
    }
    if r.invalid > 0 {
        parts.push(format!(
            "{} unreadable",
            count(r.invalid, "record", "records")
        ));
    }
    format!("Imported: {}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn file_names_carry_the_date_and_issue() {
        let now = Timestamp::parse_rfc3339("2026-11-27T09:00:00Z").unwrap();
        assert_eq!(
            export_file_name(None, now),
            "faultline-export-2026-11-27.json"
        );
        assert_eq!(
            export_file_name(Some(IssueId(37)), now),
            "faultline-FL-11-2026-11-27.json"
        );
    }

    #[wasm_bindgen_test]
    fn import_summary_mentions_only_what_happened() {
        let report = ImportReport {
            issues_created: 1,
            issues_merged: 2,
            events_added: 5,
            events_skipped: 0,
            invalid: 0,
            ..ImportReport::default()
        };
        assert_eq!(
            import_summary(&report),
            "Imported: 1 issue new, 2 merged into existing ones, 5 events added."
        );
        let again = ImportReport {
            events_skipped: 5,
            ..ImportReport::default()
        };
        assert_eq!(
            import_summary(&again),
            "Imported: 0 issues new, 0 merged into existing ones, 0 events added, 5 already here."
        );
    }
}
