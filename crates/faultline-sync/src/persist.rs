//! The sync state in the database: read and written under the `meta` key
//! [`STATE_KEY`](crate::STATE_KEY), in the stored shape `state.rs` documents.

use faultline_idb::Store;

use crate::error::Error;
use crate::js;
use crate::state::{SyncState, STATE_KEY};

impl SyncState {
    /// Reads the state a sender stored in `store`; `None` when sync never ran there.
    /// The viewer calls this to show pending events, errors and rate limits.
    pub async fn load(store: &Store) -> Result<Option<SyncState>, Error> {
        let value = store
            .meta_get(STATE_KEY)
            .await
            .map_err(|e| Error::storage("reading the sync state", e))?;
        Ok(js::state_from_js(&value))
    }

    /// Writes the state to `store`.
    pub async fn save(&self, store: &Store) -> Result<(), Error> {
        store
            .meta_put(STATE_KEY, &js::state_to_js(self))
            .await
            .map_err(|e| Error::storage("writing the sync state", e))
    }
}
