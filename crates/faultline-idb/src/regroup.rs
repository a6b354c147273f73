//! A regroup in IndexedDB, in one transaction: core's plan (`faultline_core::plan_regroup`)
//! is applied to the issues as they are now (their counts re-read, so events recorded
//! since the plan was made are not lost), its merges done as merges are, its aliases and
//! configs written, its history added, and what it did kept under `meta["lastRegroup"]`
//! so it can be undone in one step ([`undo_in`]).
//!
//! A fingerprint the plan routes to an issue may meanwhile lead to another (new events
//! grouped by the new rules opened it): that issue is merged in too, so a fingerprint
//! still leads to one issue. Only IndexedDB requests are awaited in here.

use faultline_core::{Activity, ActivityKind, Fingerprint, IssueId, RegroupPlan, Timestamp};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbObjectStore, IdbTransaction};

use crate::error::JsError;
use crate::issue_record::record_from_stored;
use crate::js_write::get;
use crate::merge::{merge_in, read_issues, refused, unmerge_in, write_activity, REFUSED};
use crate::meta::LAST_REGROUP;
use crate::request::{pending, request};
use crate::schema::{BY_FINGERPRINT, BY_OTHER_FINGERPRINT, ISSUES, META};

/// What a regroup did, and what undoing it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Applied {
    /// Merges done: the primary and the parts merged into it (by their own ids).
    pub merges: Vec<(IssueId, Vec<IssueId>)>,
    /// Aliases added: (part, fingerprint).
    pub aliases: Vec<(IssueId, Fingerprint)>,
    /// Each regrouped part, the issue it ended in, and the config it had.
    pub configs: Vec<(IssueId, IssueId, String)>,
}

/// Applies `plan` inside `tx`.
pub(crate) async fn regroup_in(
    tx: &IdbTransaction,
    plan: &RegroupPlan,
    now: Timestamp,
) -> Result<Applied, JsError> {
    let mut applied = Applied::default();
    for (primary, others) in &plan.merges {
        merge_quietly(tx, *primary, others, now, &mut applied).await?;
    }
    // Where each planned part ended up.
    let home = |applied: &Applied, issue: IssueId| {
        applied
            .merges
            .iter()
            .find(|(_, parts)| parts.contains(&issue))
            .map_or(issue, |(primary, _)| *primary)
    };
    let issues = tx.object_store(ISSUES)?;
    for (tally, fingerprint) in &plan.aliases {
        let Some(part) = plan.parts.iter().find(|p| p.tally == *tally) else {
            continue;
        };
        let into = home(&applied, part.issue);
        match owner_of(&issues, fingerprint).await? {
            Some(owner) if owner != into => {
                merge_quietly(tx, into, &[owner], now, &mut applied).await?;
            }
            Some(_) => {}
            None => applied.aliases.push((*tally, fingerprint.clone())),
        }
    }
    let mut homes: Vec<IssueId> = Vec::new();
    for part in &plan.parts {
        let into = home(&applied, part.issue);
        applied.configs.push((part.tally, into, part.from.clone()));
        if !homes.contains(&into) {
            homes.push(into);
        }
    }
    let done = RegroupPlan {
        aliases: applied.aliases.clone(),
        ..plan.clone()
    };
    for stored in read_issues(&issues, &homes).await?.into_iter().flatten() {
        let mut stored = stored;
        done.apply_to(&mut stored.issue);
        issues.put(&record_from_stored(&stored))?;
    }
    let activity: Vec<Activity> = RegroupPlan {
        merges: applied.merges.clone(),
        parts: plan
            .parts
            .iter()
            .map(|p| faultline_core::RegroupedPart {
                issue: home(&applied, p.issue),
                ..p.clone()
            })
            .collect(),
        ..done.clone()
    }
    .activity(now);
    write_activity(tx, &activity)?;
    tx.object_store(META)?
        .put_with_key(&applied_to_js(&applied), &LAST_REGROUP.into())?;
    Ok(applied)
}

/// Merges `others` into `primary`, keeping only the `merged_into` history (the regroup
/// writes its own entry on the primary); a refused merge (an issue gone, too many
/// parts) is skipped, since nothing was written for it.
async fn merge_quietly(
    tx: &IdbTransaction,
    primary: IssueId,
    others: &[IssueId],
    now: Timestamp,
    applied: &mut Applied,
) -> Result<(), JsError> {
    let merged = match merge_in(tx, primary, others, now).await {
        Ok(merged) => merged,
        Err(e) if e.name == REFUSED => return Ok(()),
        Err(e) => return Err(e),
    };
    let quiet: Vec<Activity> = merged
        .activity
        .into_iter()
        .filter(|a| matches!(a.kind, ActivityKind::MergedInto { .. }))
        .collect();
    write_activity(tx, &quiet)?;
    let parts = merged.parts_in;
    let primary = merged.issue.issue.id;
    match applied.merges.iter_mut().find(|(p, _)| *p == primary) {
        Some((_, known)) => {
            for part in parts {
                if !known.contains(&part) {
                    known.push(part);
                }
            }
        }
        None => applied.merges.push((primary, parts)),
    }
    Ok(())
}

/// The issue a fingerprint leads to now, if any.
async fn owner_of(
    issues: &IdbObjectStore,
    fingerprint: &Fingerprint,
) -> Result<Option<IssueId>, JsError> {
    let key = JsValue::from_str(fingerprint.as_str());
    let own = pending(issues.index(BY_FINGERPRINT)?.get_key(&key)?);
    let other = pending(issues.index(BY_OTHER_FINGERPRINT)?.get_key(&key)?);
    let (own, other) = (own.result().await?, other.result().await?);
    Ok(own.as_f64().or(other.as_f64()).map(|n| IssueId(n as u64)))
}

/// Undoes the last regroup inside `tx`: unmerges what it merged, removes the aliases it
/// added and gives each part its old config back. Returns the issues touched.
pub(crate) async fn undo_in(tx: &IdbTransaction, now: Timestamp) -> Result<Vec<IssueId>, JsError> {
    let meta = tx.object_store(META)?;
    let record = request(&meta.get(&LAST_REGROUP.into())?).await?;
    let applied = applied_from_js(&record).ok_or_else(|| refused("there is no regroup to undo"))?;
    let mut touched = Vec::new();
    for (primary, parts) in &applied.merges {
        touched.push(*primary);
        for part in parts {
            match unmerge_in(tx, *primary, *part, now).await {
                Ok(_) => touched.push(*part),
                Err(e) if e.name == REFUSED => {}
                Err(e) => return Err(e),
            }
        }
    }
    let issues = tx.object_store(ISSUES)?;
    for (tally, home, config) in &applied.configs {
        // Unmerged parts stand alone again; the others are still in their issue.
        let candidates = [*tally, *home];
        let found = read_issues(&issues, &candidates).await?;
        let Some(mut stored) = found
            .into_iter()
            .flatten()
            .find(|s| s.issue.id == *tally || s.issue.parts.iter().any(|p| p.id == *tally))
        else {
            continue;
        };
        let issue = &mut stored.issue;
        let own = issue.parts.is_empty();
        let part = if own {
            Some(&mut *issue)
        } else {
            issue.parts.iter_mut().find(|p| p.id == *tally)
        };
        if let Some(part) = part {
            part.grouping_config = config.clone();
            part.aliases
                .retain(|fp| !applied.aliases.iter().any(|(t, a)| t == tally && a == fp));
        }
        if let Some(first) = issue.parts.first().map(|p| p.grouping_config.clone()) {
            issue.grouping_config = first;
        }
        // The aliases removed no longer lead here.
        issue.reroute();
        issues.put(&record_from_stored(&stored))?;
        touched.push(stored.issue.id);
    }
    meta.delete(&LAST_REGROUP.into())?;
    faultline_core::heapsort(&mut touched);
    touched.dedup();
    Ok(touched)
}

/// Whether a regroup can be undone: `meta` has its record.
pub(crate) async fn last_regroup(meta: &IdbObjectStore) -> Result<bool, JsError> {
    let record = request(&meta.get_key(&LAST_REGROUP.into())?).await?;
    Ok(!record.is_undefined())
}

fn ids_to_js(ids: &[IssueId]) -> Array {
    ids.iter()
        .map(|id| JsValue::from_f64(id.0 as f64))
        .collect()
}

fn ids_from_js(value: &JsValue) -> Vec<IssueId> {
    Array::from(value)
        .iter()
        .filter_map(|n| n.as_f64())
        .map(|n| IssueId(n as u64))
        .collect()
}

/// `{ merges: [[primary, [parts]]], aliases: [[part, fingerprint]], configs: [[part,
/// issue, config]] }`.
fn applied_to_js(applied: &Applied) -> JsValue {
    let record = js_sys::Object::new();
    let id = |id: IssueId| JsValue::from_f64(id.0 as f64);
    let merges: Array = applied
        .merges
        .iter()
        .map(|(primary, parts)| Array::of2(&id(*primary), &ids_to_js(parts)))
        .collect();
    let aliases: Array = applied
        .aliases
        .iter()
        .map(|(part, fp)| Array::of2(&id(*part), &fp.as_str().into()))
        .collect();
    let configs: Array = applied
        .configs
        .iter()
        .map(|(part, issue, config)| Array::of3(&id(*part), &id(*issue), &config.into()))
        .collect();
    let mut writer = crate::js_write::Writer::default();
    writer.set(&record, "merges", &merges);
    writer.set(&record, "aliases", &aliases);
    writer.set(&record, "configs", &configs);
    record.into()
}

fn applied_from_js(record: &JsValue) -> Option<Applied> {
    let list = |key: &str| get(record, key).map(|v| Array::from(&v));
    let id = |v: JsValue| v.as_f64().map(|n| IssueId(n as u64));
    let mut applied = Applied::default();
    for entry in list("merges")?.iter() {
        let entry = Array::from(&entry);
        applied
            .merges
            .push((id(entry.get(0))?, ids_from_js(&entry.get(1))));
    }
    for entry in list("aliases")?.iter() {
        let entry = Array::from(&entry);
        let fp = Fingerprint(entry.get(1).as_string()?);
        applied.aliases.push((id(entry.get(0))?, fp));
    }
    for entry in list("configs")?.iter() {
        let entry = Array::from(&entry);
        let config = entry.get(2).as_string()?;
        applied
            .configs
            .push((id(entry.get(0))?, id(entry.get(1))?, config));
    }
    Some(applied)
}
