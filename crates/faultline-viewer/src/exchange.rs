//! Export to a JSON file and import from one, both through the read module
//! (`reader.rs`): the viewer's first paint never needs their code.

use faultline_core::{IssueId, Timestamp};
use faultline_idb::{ImportReport, Store};

use crate::browser::{download, read_file};
use crate::reader;

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
    let text = reader::export_json(store.name(), issues).await?;
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
    reader::import_json(db, &text, on_progress)
        .await
        .map_err(|message| {
            if message.ends_with("not JSON") {
                format!("{} is not JSON", file.name())
            } else {
                message
            }
        })
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
