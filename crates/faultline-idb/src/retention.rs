//! Retention in IndexedDB: listing an issue's oldest bodies for core's plan to choose from
//! (`faultline_core::BatchPlan::trims`, `budget_listing`, `evict`), deleting what it
//! chose, and writing the issues it changed. Counts, times and users are never touched.
//!
//! Only IndexedDB requests are awaited in here (see `request.rs`).

use faultline_core::{BatchPlan, BodyListing, IssueChange, IssueId, Retention};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbCursorDirection, IdbKeyRange, IdbObjectStore};

use crate::error::JsError;
use crate::event_record::event_keys;
use crate::issue_record::{recorded_from_record, recorded_record};
use crate::record::Originals;
use crate::request::{pending, Cursor, Pending};
use crate::schema::{BY_ISSUE_TIME, BY_STORED_BYTES};

/// Passes of the byte budget per batch: each frees what was over, estimated from average
/// body sizes, so one usually does.
const BUDGET_PASSES: usize = 8;
/// Issues one pass considers at most.
const BUDGET_CANDIDATES: usize = 10_000;

/// What an eviction removed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Eviction {
    pub events: u64,
    pub bytes: u64,
}

/// The key range of one issue's events in the `[issueId, ts]` index.
pub(crate) fn issue_events_range(issue: IssueId) -> Result<IdbKeyRange, JsError> {
    let id = JsValue::from_f64(issue.0 as f64);
    Ok(IdbKeyRange::bound(
        &Array::of2(&id, &JsValue::from_f64(f64::NEG_INFINITY)),
        &Array::of2(&id, &JsValue::from_f64(f64::INFINITY)),
    )?)
}

/// Bodies listed for an eviction: ids and sizes, oldest first.
struct ListedBodies {
    ids: Vec<String>,
    sizes: Vec<u64>,
}

/// Starts reading the bodies `listing` names: the issue's oldest, in index order.
fn request_listing(events: &IdbObjectStore, listing: &BodyListing) -> Result<Pending, JsError> {
    let index = events.index(BY_ISSUE_TIME)?;
    let range = issue_events_range(listing.issue)?;
    Ok(pending(
        index.get_all_with_key_and_limit(&range, listing.limit())?,
    ))
}

fn listed(records: &JsValue) -> ListedBodies {
    let mut listed = ListedBodies {
        ids: Vec::new(),
        sizes: Vec::new(),
    };
    for record in Array::from(records).iter() {
        if let Some(keys) = event_keys(&record) {
            listed.ids.push(keys.id);
            listed.sizes.push(keys.size);
        }
    }
    listed
}

fn delete_bodies(events: &IdbObjectStore, ids: &[String]) -> Result<(), JsError> {
    for id in ids {
        events.delete(&JsValue::from_str(id))?;
    }
    Ok(())
}

/// Applies the plan's per-issue limit: every listing is read at once, then the bodies the
/// plan chooses are deleted.
pub(crate) async fn trim_issues(
    events: &IdbObjectStore,
    plan: &mut BatchPlan,
    retention: &Retention,
) -> Result<(), JsError> {
    let listings = plan.trims(retention);
    let requests = listings
        .iter()
        .map(|listing| request_listing(events, listing))
        .collect::<Result<Vec<_>, _>>()?;
    for (listing, answer) in listings.iter().zip(requests) {
        let bodies = listed(&answer.result().await?);
        let doomed = plan.evict(listing, &bodies.sizes);
        delete_bodies(events, &bodies.ids[doomed])?;
    }
    Ok(())
}

/// Writes the issues the plan opened or changed: onto their records as read (what
/// recording does not decode stays), new ones with `whole` when given (an import's
/// issues, which may be merged ones) or as recording writes them.
pub(crate) fn write_issues(
    issues: &IdbObjectStore,
    plan: &BatchPlan,
    originals: &Originals,
    whole: Option<fn(&faultline_core::Issue, faultline_core::StoredBodies) -> JsValue>,
) -> Result<(), JsError> {
    for planned in &plan.issues {
        if planned.change == IssueChange::Unchanged {
            continue;
        }
        let (issue, bodies) = (&planned.issue, planned.bodies);
        let record = match (originals.of(issue.id), whole) {
            (None, Some(whole)) => whole(issue, bodies),
            (original, _) => recorded_record(original, issue, bodies),
        };
        issues.put(&record)?;
    }
    Ok(())
}

/// While the bodies exceed the byte budget, evicts the oldest bodies of the largest issues
/// (as the `storedBytes` index has them, after [`write_issues`]) as the plan chooses: one
/// walk down the index per pass, the chosen issues' bodies listed together.
pub(crate) async fn enforce_budget(
    issues: &IdbObjectStore,
    events: &IdbObjectStore,
    plan: &mut BatchPlan,
    retention: &Retention,
) -> Result<(), JsError> {
    for _ in 0..BUDGET_PASSES {
        let Some(mut pass) = plan.budget_pass(retention) else {
            break;
        };
        let walk = issues
            .index(BY_STORED_BYTES)?
            .open_cursor_with_range_and_direction(&JsValue::UNDEFINED, IdbCursorDirection::Prev)?;
        let cursor = Cursor::new(walk);
        let mut chosen = Vec::new();
        for _ in 0..BUDGET_CANDIDATES {
            if pass.covered() {
                break;
            }
            let Some(position) = cursor.next().await? else {
                break;
            };
            let record = position.value()?;
            if let Ok(candidate) = recorded_from_record(&record) {
                if let Some(listing) = pass.consider(plan, candidate) {
                    let listed = request_listing(events, &listing)?;
                    chosen.push((listing, listed, record));
                }
            }
            position.continue_()?;
        }
        if chosen.is_empty() {
            break;
        }
        for (listing, listed_request, record) in chosen {
            let bodies = listed(&listed_request.result().await?);
            let doomed = plan.evict(&listing, &bodies.sizes);
            delete_bodies(events, &bodies.ids[doomed])?;
            if let Some(planned) = plan.issues.iter().find(|p| p.issue.id == listing.issue) {
                issues.put(&recorded_record(
                    Some(&record),
                    &planned.issue,
                    planned.bodies,
                ))?;
            }
        }
    }
    Ok(())
}

/// Deletes up to `count` of the issue's oldest bodies after the first `keep_first`, for
/// freeing space outside a recording (`quota.rs`).
pub(crate) async fn evict_oldest(
    events: &IdbObjectStore,
    issue: IssueId,
    keep_first: u32,
    count: u64,
) -> Result<Eviction, JsError> {
    if count == 0 {
        return Ok(Eviction::default());
    }
    let listing = BodyListing {
        issue,
        keep_first,
        count,
    };
    let bodies = listed(&request_listing(events, &listing)?.result().await?);
    let doomed = listing.doomed(bodies.ids.len());
    delete_bodies(events, &bodies.ids[doomed.clone()])?;
    Ok(Eviction {
        events: doomed.len() as u64,
        bytes: bodies.sizes[doomed].iter().sum(),
    })
}
