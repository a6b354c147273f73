//! What people's steering adds to an issue record, which recording never decodes (it
//! updates records in place, so these stay as they are): `assignee`, `notes` (how many),
//! `aliases`, `parts` (each merged issue as a record of its own, with `tallied`: its
//! tallies when it was merged), and the routes (`Issue::routes`): `otherFingerprints`
//! (every fingerprint leading to the issue besides its own, made unique by the
//! `otherFingerprints` index) with `routeParts`, the part each of them counts on. Of
//! these, recording reads the routes only.

use faultline_core::{count_from_f64_clamped, Fingerprint, Issue, IssueId, Tally};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use super::{decode_error, issue_from_record, record_from_issue};
use crate::error::Error;
use crate::js_write::{get, get_num, get_str, get_str_list, Writer};

/// Writes the steering fields of `issue` onto `o`.
pub(super) fn write(o: &Object, issue: &Issue) {
    let mut w = Writer::default();
    w.opt_str(o, "assignee", issue.assignee.as_deref());
    if issue.notes > 0 {
        w.num(o, "notes", issue.notes as f64);
    }
    let aliases: Vec<String> = issue.aliases.iter().map(|f| f.0.clone()).collect();
    if !aliases.is_empty() {
        w.str_list(o, "aliases", &aliases);
    }
    if let Some(tallied) = issue.tallied {
        let t = Object::new();
        w.num(&t, "events", tallied.events as f64);
        w.num(&t, "users", tallied.users as f64);
        w.set(o, "tallied", &t);
    }
    if !issue.parts.is_empty() {
        let parts: Array = issue
            .parts
            .iter()
            .map(|part| record_from_issue(part, Default::default()))
            .collect();
        w.set(o, "parts", &parts);
    }
    if !issue.routes.is_empty() {
        let fingerprints: Array = issue
            .routes
            .iter()
            .map(|(fp, _)| JsValue::from_str(fp.as_str()))
            .collect();
        let parts: Array = issue
            .routes
            .iter()
            .map(|(_, part)| JsValue::from_f64(part.0 as f64))
            .collect();
        w.set(o, "otherFingerprints", &fingerprints);
        w.set(o, "routeParts", &parts);
    }
}

/// Reads the steering fields of `record` into `issue`.
pub(super) fn read(record: &JsValue, issue: &mut Issue) -> Result<(), Error> {
    issue.assignee = get_str(record, "assignee");
    issue.notes = get_num(record, "notes").map_or(0, count_from_f64_clamped);
    issue.aliases = get_str_list(record, "aliases")
        .into_iter()
        .map(Fingerprint)
        .collect();
    issue.tallied = get(record, "tallied").map(|t| Tally {
        events: get_num(&t, "events").map_or(0, count_from_f64_clamped),
        users: get_num(&t, "users").map_or(0, count_from_f64_clamped),
    });
    if let Some(parts) = get(record, "parts") {
        for part in Array::from(&parts).iter() {
            issue.parts.push(issue_from_record(&part)?.0);
        }
        if issue.parts.first().is_none_or(|p| p.id != issue.id) {
            return Err(decode_error("a merged issue's first part is not its own"));
        }
    }
    issue.reroute();
    Ok(())
}

/// Reads the routes of `record` into `issue`: recording's view, which never reads parts.
pub(super) fn read_routes(record: &JsValue, issue: &mut Issue) {
    let parts = get(record, "routeParts").map(|p| Array::from(&p));
    for (at, fp) in get_str_list(record, "otherFingerprints")
        .into_iter()
        .enumerate()
    {
        let part = parts.as_ref().and_then(|p| p.get(at as u32).as_f64());
        issue.routes.push((
            Fingerprint(fp),
            part.map_or(issue.id, |n| IssueId(n as u64)),
        ));
    }
}
