//! Version 1: issues, events and metadata, with records holding JSON text.

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters};

/// Creates the version 1 stores in an empty database.
pub(crate) fn create(db: &IdbDatabase) -> Result<(), JsValue> {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str("id"));
    let issues = db.create_object_store_with_optional_parameters("issues", &params)?;
    let unique = IdbIndexParameters::new();
    unique.set_unique(true);
    issues.create_index_with_str_and_optional_parameters("fingerprint", "fingerprint", &unique)?;
    for key in V1_ISSUE_INDEXES {
        issues.create_index_with_str(key, key)?;
    }
    let events = db.create_object_store_with_optional_parameters("events", &params)?;
    let issue_ts = js_sys::Array::of2(&"issueId".into(), &"ts".into());
    events.create_index_with_str_sequence("issue_ts", &issue_ts)?;
    db.create_object_store("meta")?;
    Ok(())
}

/// Version 1's plain issue indexes, dropped by version 2.
pub(crate) const V1_ISSUE_INDEXES: [&str; 5] =
    ["status", "lastSeen", "firstSeen", "count", "userCount"];
