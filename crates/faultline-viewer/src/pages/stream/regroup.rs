//! Whether stored issues were grouped by other rules than the recorder's now (the stream's
//! regroup banner). The regroup itself runs in the read module (`reader.rs`): fingerprints
//! recomputed from the stored events with the recorder's rules, core's plan, one storage
//! transaction.

use faultline_core::{outdated, Issue};
use faultline_idb::{IssueQuery, SortBy, Store};

use super::load::error_text;
use super::state::Grouping;

/// Whether a regroup is due: how many parts were grouped otherwise, by what.
pub async fn load_grouping(store: &Store) -> Result<Grouping, String> {
    let (config, _) = store.grouping_now().await.map_err(|e| error_text(&e))?;
    let issues = every_issue(store).await?;
    let stale = outdated(&issues, &config);
    let mut from: Vec<String> = parts(&issues)
        .filter(|p| stale.contains(&p.id))
        .map(|p| p.grouping_config.clone())
        .collect();
    faultline_core::heapsort(&mut from);
    from.dedup();
    let can_undo = store.can_undo_regroup().await.unwrap_or(false);
    Ok(Grouping {
        outdated: stale.len(),
        from,
        to: config,
        can_undo,
    })
}

/// Issues read per request by the regroup check: each page is decoded in a task of its
/// own, so the check never holds the main thread for long (all 10,000 issues decoded at
/// once were a 130-144 ms task).
const CHECK_PAGE: u32 = 500;

/// Every issue, a page at a time, newest first (first seen never changes, so paging is
/// stable while other tabs record).
async fn every_issue(store: &Store) -> Result<Vec<Issue>, String> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .issues_page(&IssueQuery {
                status: None,
                sort: SortBy::FirstSeen,
                after,
                limit: CHECK_PAGE,
            })
            .await
            .map_err(|e| error_text(&e))?;
        let full = page.issues.len() == CHECK_PAGE as usize;
        all.extend(page.issues);
        match page.next {
            Some(next) if full => after = Some(next),
            _ => return Ok(all),
        }
    }
}

/// Every part of `issues` (a plain issue is its own part).
fn parts(issues: &[Issue]) -> impl Iterator<Item = &Issue> {
    issues.iter().flat_map(|issue| {
        if issue.parts.is_empty() {
            std::slice::from_ref(issue)
        } else {
            &issue.parts[..]
        }
    })
}
