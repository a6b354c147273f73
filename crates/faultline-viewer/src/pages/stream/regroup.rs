//! Regrouping from the stream: whether stored issues were grouped by other rules than the
//! recorder's now, and the regroup itself (fingerprints recomputed from the stored events
//! with the recorder's rules, core's plan, one storage transaction).

use faultline_core::{
    default_fingerprint, fingerprint_with, outdated, plan_regroup, FingerprintRules, Issue,
    IssueId, Timestamp, GROUPING_CONFIG,
};
use faultline_idb::{decode_event, Store};

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
    let issues = store.all_issues().await.map_err(|e| error_text(&e))?;
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
