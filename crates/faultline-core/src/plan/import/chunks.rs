//! A checked export split into chunks of whole issues.

use super::{ExportContents, ImportChunk};
use crate::heapsort;

/// Splits checked contents into chunks of whole issues, each with at most `max_events`
/// events unless one issue alone has more.
pub fn import_chunks(contents: ExportContents, max_events: usize) -> Vec<ImportChunk> {
    let mut event_issues: Vec<u64> = contents.events.iter().map(|e| e.exported_issue).collect();
    heapsort(&mut event_issues);
    let events_of = |id: u64| {
        event_issues.partition_point(|x| *x <= id) - event_issues.partition_point(|x| *x < id)
    };
    let mut chunks: Vec<ImportChunk> = Vec::new();
    // (exported number, chunk), sorted by number once all are placed.
    let mut chunk_of: Vec<(u64, usize)> = Vec::with_capacity(contents.issues.len());
    let mut filled = 0;
    for exported in contents.issues {
        let events = events_of(exported.exported_id);
        if chunks.is_empty() || (filled > 0 && filled + events > max_events) {
            chunks.push(ImportChunk::default());
            filled = 0;
        }
        filled += events;
        chunk_of.push((exported.exported_id, chunks.len() - 1));
        if let Some(chunk) = chunks.last_mut() {
            chunk.issues.push(exported);
        }
    }
    heapsort(&mut chunk_of);
    let place = |id: u64| {
        let found = chunk_of.binary_search_by_key(&id, |(issue, _)| *issue);
        found
            .ok()
            .and_then(|at| chunk_of.get(at))
            .map(|(_, chunk)| *chunk)
    };
    for event in contents.events {
        if let Some(chunk) = place(event.exported_issue).and_then(|at| chunks.get_mut(at)) {
            chunk.events.push(event);
        }
    }
    for user in contents.users {
        if let Some(chunk) = place(user.exported_issue).and_then(|at| chunks.get_mut(at)) {
            chunk.users.push(user);
        }
    }
    for counter in contents.counters {
        if let Some(chunk) = place(counter.exported_issue).and_then(|at| chunks.get_mut(at)) {
            chunk.counters.push(counter);
        }
    }
    for entry in contents.activity {
        if let Some(chunk) = place(entry.exported_issue).and_then(|at| chunks.get_mut(at)) {
            chunk.activity.push(entry);
        }
    }
    chunks
}
