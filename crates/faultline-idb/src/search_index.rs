//! The search index in IndexedDB: core's chunks of issue entries
//! (`faultline_core::search_index`) stored as plain strings in the `search` store, keyed by
//! chunk number. Every transaction that writes issues rewrites their chunks before it
//! commits ([`start_chunk_reads`], then [`write_index`]), so the index and the issues it
//! describes change together.
//!
//! Only IndexedDB requests are awaited in here (see `request.rs`).

use faultline_core::{
    parse_chunk, rewrite_chunks, search_chunk_of, search_chunks_of, update_chunks, IndexedIssues,
    Issue, IssueId,
};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbKeyRange, IdbObjectStore, IdbTransaction};

use crate::error::JsError;
use crate::issue_record::issue_from_record;
use crate::request::{pending, Pending};
use crate::schema::{ISSUES, SEARCH};

/// Chunk reads in flight.
pub(crate) struct ChunkReads(Vec<(u64, Pending)>);

/// Starts reading `chunks` (all at once).
pub(crate) fn start_chunk_reads(
    search: &IdbObjectStore,
    chunks: &[u64],
) -> Result<ChunkReads, JsError> {
    chunks
        .iter()
        .map(|&n| Ok((n, pending(search.get(&JsValue::from_f64(n as f64))?))))
        .collect::<Result<Vec<_>, JsError>>()
        .map(ChunkReads)
}

impl ChunkReads {
    /// The chunks' stored texts (a chunk never written reads as empty).
    pub(crate) async fn texts(self) -> Result<Vec<(u64, String)>, JsError> {
        let mut texts = Vec::with_capacity(self.0.len());
        for (n, read) in self.0 {
            texts.push((n, read.result().await?.as_string().unwrap_or_default()));
        }
        Ok(texts)
    }
}

/// Writes chunk texts.
pub(crate) fn write_chunks(
    search: &IdbObjectStore,
    chunks: &[(u64, String)],
) -> Result<(), JsError> {
    for (n, text) in chunks {
        search.put_with_key(&JsValue::from_str(text), &JsValue::from_f64(*n as f64))?;
    }
    Ok(())
}

/// Rewrites the entries of `issues` once `reads` (their chunks) answer.
pub(crate) async fn write_index<'a>(
    search: &IdbObjectStore,
    reads: ChunkReads,
    issues: impl IntoIterator<Item = &'a Issue> + Clone,
) -> Result<(), JsError> {
    let stored = reads.texts().await?;
    write_chunks(search, &update_chunks(&stored, issues))
}

/// Reads the chunks of `issues` and rewrites their entries.
pub(crate) async fn update_index<'a>(
    search: &IdbObjectStore,
    issues: impl IntoIterator<Item = &'a Issue> + Clone,
) -> Result<(), JsError> {
    let reads = start_chunk_reads(search, &search_chunks_of(issues.clone()))?;
    write_index(search, reads, issues).await
}

/// Rewrites the entries of `ids` from their issue records as `tx` holds them now: an
/// issue merged into another (its record gone) leaves the index. For changes that write
/// several issues in several steps (merge, unmerge, regroup), called once at their end.
pub(crate) async fn reindex(tx: &IdbTransaction, ids: &[IssueId]) -> Result<(), JsError> {
    let issues = tx.object_store(ISSUES)?;
    let search = tx.object_store(SEARCH)?;
    let record_reads = ids
        .iter()
        .map(|id| Ok(pending(issues.get(&JsValue::from_f64(id.0 as f64))?)))
        .collect::<Result<Vec<_>, JsError>>()?;
    let mut chunks: Vec<u64> = ids.iter().map(|id| search_chunk_of(*id)).collect();
    faultline_core::heapsort(&mut chunks);
    chunks.dedup();
    let chunk_reads = start_chunk_reads(&search, &chunks)?;
    let mut present = Vec::with_capacity(ids.len());
    for read in record_reads {
        if let Ok((issue, _)) = issue_from_record(&read.result().await?) {
            present.push(issue);
        }
    }
    let stored = chunk_reads.texts().await?;
    write_chunks(&search, &rewrite_chunks(&stored, ids, &present))
}

/// Every chunk of the index, read a slice of chunks at a time in one transaction.
pub(crate) async fn read_index(search: &IdbObjectStore) -> Result<IndexedIssues, JsError> {
    let mut index = IndexedIssues::default();
    let mut slice = Some(start_slice(search, &JsValue::UNDEFINED)?);
    while let Some((keys, texts)) = slice.take() {
        let keys = Array::from(&keys.result().await?);
        // The next slice is asked for before this one is parsed: the database reads it
        // meanwhile, and another transaction's request waits for one slice at most.
        if keys.length() == CHUNKS_PER_READ {
            let after = IdbKeyRange::lower_bound_with_open(&keys.get(CHUNKS_PER_READ - 1), true)?;
            slice = Some(start_slice(search, &after)?);
        }
        let mut read = parse_texts(Array::from(&texts.result().await?).iter());
        index.issues.append(&mut read.issues);
        index.unreadable += read.unreadable;
    }
    Ok(index)
}

/// How many chunks one request of a whole-index read brings (2,048 issues): each answer
/// is parsed in a task of its own, so reading 10,000 issues ahead holds neither the main
/// thread nor the database long at a time.
const CHUNKS_PER_READ: u32 = 8;

/// Starts reading the keys and texts of the next [`CHUNKS_PER_READ`] chunks in `range`.
fn start_slice(search: &IdbObjectStore, range: &JsValue) -> Result<(Pending, Pending), JsError> {
    Ok((
        pending(search.get_all_keys_with_key_and_limit(range, CHUNKS_PER_READ)?),
        pending(search.get_all_with_key_and_limit(range, CHUNKS_PER_READ)?),
    ))
}

/// The issues of chunk texts, in chunk order.
pub(crate) fn parse_texts(texts: impl Iterator<Item = JsValue>) -> IndexedIssues {
    let mut index = IndexedIssues::default();
    for text in texts {
        let mut chunk = parse_chunk(&text.as_string().unwrap_or_default());
        index.issues.append(&mut chunk.issues);
        index.unreadable += chunk.unreadable;
    }
    index
}
