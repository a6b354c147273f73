//! Export and import through the facade (the work is in `export.rs` and `import.rs`).

use faultline_core::{ImportReport, IssueId, Timestamp};
use wasm_bindgen::JsValue;

use crate::error::Error;
use crate::import::ImportProgress;
use crate::store::Store;
use crate::{broadcast, export, import};

impl Store {
    /// Everything stored, or only `issues` with their events, activity, counters and
    /// distinct users, as `{ format, version, exportedAt, issues, events, activity,
    /// counters, users }`.
    pub async fn export(
        &self,
        issues: Option<&[IssueId]>,
        now: Timestamp,
    ) -> Result<JsValue, Error> {
        let parts = match (self.backend_memory(), self.backend_db()) {
            (Some(memory), _) => memory.borrow().export(issues),
            (None, Some(db)) => export::read_parts(db, issues).await?,
            (None, None) => return Err(Error::Unavailable),
        };
        Ok(export::export_object(parts, now))
    }

    /// Merges an export into this database in one transaction: issues by fingerprint,
    /// events by id, distinct users by issue and key (so user counts stay exact). Records
    /// are checked before anything is written; what is rejected or repaired is listed in
    /// the report with the reason, and the report says what was done. Importing the same
    /// export again changes nothing. (The in-memory stand-in does not import: it answers
    /// [`Error::Unavailable`].)
    pub async fn import(&self, data: &JsValue) -> Result<ImportReport, Error> {
        self.import_with_progress(data, &|_| {}).await
    }

    /// [`Store::import`], telling `progress` how far it is: once the file is checked,
    /// after each part is written, and before the transaction commits (all events done).
    pub async fn import_with_progress(
        &self,
        data: &JsValue,
        progress: &dyn Fn(ImportProgress),
    ) -> Result<ImportReport, Error> {
        import::check_format(data)?;
        let db = self.backend_db().ok_or(Error::Unavailable)?;
        let retention = self.config().retention();
        let (report, touched) = import::import(db, data, retention, progress).await?;
        broadcast::announce(self.channel(), "imported", &touched);
        Ok(report)
    }
}
