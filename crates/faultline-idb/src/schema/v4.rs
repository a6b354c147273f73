//! Version 4, merges: issues get a unique index of every fingerprint that leads to them
//! besides their own (`otherFingerprints`: their parts' fingerprints when issues were
//! merged into them, and aliases a regroup added), so recording finds a merged issue by
//! any of its fingerprints in one read, and a fingerprint leads to one issue at most.
//! Existing records have no such field and need no rewrite.

use wasm_bindgen::JsValue;
use web_sys::{IdbIndexParameters, IdbTransaction};

use super::{BY_OTHER_FINGERPRINT, ISSUES};

/// Creates the version 4 index (synchronously, inside `upgradeneeded`).
pub(crate) fn create(tx: &IdbTransaction) -> Result<(), JsValue> {
    let issues = tx.object_store(ISSUES)?;
    let params = IdbIndexParameters::new();
    params.set_unique(true);
    params.set_multi_entry(true);
    issues.create_index_with_str_and_optional_parameters(
        BY_OTHER_FINGERPRINT,
        "otherFingerprints",
        &params,
    )?;
    Ok(())
}
