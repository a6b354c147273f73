//! Regrouping from the stream: whether stored issues were grouped by other rules than the
//! recorder's now, and the regroup itself (fingerprints recomputed from the stored events
//! with the recorder's rules, core's plan, one storage transaction).

use faultline_core::{
    default_fingerprint, fingerprint_with, outdated, plan_regroup, FingerprintRules, Issue,
    IssueId, Timestamp, GROUPING_CONFIG,
};
use faultline_idb::{decode_event, IssueQuery, SortBy, Store};

use super::load::error_text;
use super::state::Grouping;

/// What the recorder groups by: its config and rules (the defaults when it never said).
async fn current(store: &Store) -> Result<(String, FingerprintRules), String> {
    let grouping = store.grouping().await.map_err(|e| error_text(&e))?;
    Ok(match grouping {
        Some(g) => match FingerprintRules::parse(&g.rules) {
            Ok(rules) if !rules.is_empty() => (rules.config().to_string(), rules),
            _ => (g.config, FingerprintRules::default()),
        },
        None => (GROUPING_CONFIG.to_string(), FingerprintRules::default()),
    })
}

/// Whether a regroup is due: how many parts were grouped otherwise, by what.
pub async fn load_grouping(store: &Store) -> Result<Grouping, String> {
    let (config, _) = current(store).await?;
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

/// Regroups every outdated part: recomputes the fingerprint of each of its stored events
/// with the recorder's rules, plans, applies; says what it did.
pub async fn run_regroup(store: &Store, now: Timestamp) -> Result<String, String> {
    let (config, rules) = current(store).await?;
    let issues = store.all_issues().await.map_err(|e| error_text(&e))?;
    let stale = outdated(&issues, &config);
    let mut observed: Vec<(IssueId, faultline_core::Fingerprint)> = Vec::new();
    for issue in issues
        .iter()
        .filter(|i| i.tallies().iter().any(|t| stale.contains(t)))
    {
        let bodies = store
            .bodies_by_part(issue.id)
            .await
            .map_err(|e| error_text(&e))?;
        for (part, body) in bodies.iter().filter(|(part, _)| stale.contains(part)) {
            // An event that no longer decodes tells nothing about its grouping.
            if let Ok(event) = decode_event(body) {
                let grouping = if rules.is_empty() {
                    default_fingerprint(&event)
                } else {
                    fingerprint_with(&event, &rules)
                };
                observed.push((*part, grouping.fingerprint));
            }
        }
    }
    let plan = plan_regroup(&issues, observed, &config);
    if plan.is_empty() {
        return Ok("Every issue is grouped by the current rules already".to_string());
    }
    let report = store
        .regroup(&plan, now)
        .await
        .map_err(|e| error_text(&e))?;
    Ok(crate::describe::regroup_summary(&plan, &report))
}
