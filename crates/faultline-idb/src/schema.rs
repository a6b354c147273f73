//! Object stores, indexes and upgrades between schema versions.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbOpenDbRequest};

use crate::error::{Error, JsError};
use crate::request;

/// The schema version this code writes.
pub(crate) const VERSION: u32 = 1;

/// Store names.
pub(crate) const ISSUES: &str = "issues";
pub(crate) const EVENTS: &str = "events";
pub(crate) const META: &str = "meta";

/// Index names.
pub(crate) const BY_FINGERPRINT: &str = "fingerprint";
pub(crate) const BY_ISSUE_TIME: &str = "issue_ts";

/// Opens `name`, creating or upgrading its stores.
pub(crate) async fn open(name: &str) -> Result<IdbDatabase, Error> {
    let factory = factory()?;
    let open_err = |source: JsError| Error::Open {
        db: name.to_string(),
        source,
    };
    let req: IdbOpenDbRequest = factory
        .open_with_u32(name, VERSION)
        .map_err(|e| open_err(JsError::from_js(&e)))?;
    let on_upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |event: web_sys::IdbVersionChangeEvent| {
            let Some(req) = event
                .target()
                .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            else {
                return;
            };
            if upgrade(&req, event.old_version() as u32).is_err() {
                // Aborting the version change fails the open request, which reports it.
                if let Some(tx) = req.transaction() {
                    request::abort(&tx);
                }
            }
        },
    );
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let result = request::request(&req).await;
    req.set_onupgradeneeded(None);
    let db: IdbDatabase = match result {
        Ok(db) => request::cast(db).ok_or_else(|| {
            open_err(JsError {
                name: "TypeError".into(),
                message: "open did not return a database".into(),
            })
        })?,
        Err(e) if e.name == "VersionError" => {
            return Err(Error::NewerSchema {
                db: name.to_string(),
                found: 0,
                supported: VERSION,
            })
        }
        Err(e) => return Err(open_err(e)),
    };
    // Another tab that upgrades the schema must not wait for this connection forever.
    let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new({
        let db = db.clone();
        move |_| db.close()
    });
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    Ok(db)
}

/// Deletes database `name`, waiting until it is gone.
pub(crate) async fn delete(name: &str) -> Result<(), Error> {
    let req = factory()?.delete_database(name).map_err(|e| Error::Open {
        db: name.to_string(),
        source: JsError::from_js(&e),
    })?;
    request::request(&req)
        .await
        .map(drop)
        .map_err(|source| Error::Open {
            db: name.to_string(),
            source,
        })
}

fn factory() -> Result<web_sys::IdbFactory, Error> {
    let global = js_sys::global();
    let factory = if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        window.indexed_db()
    } else if let Some(worker) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        worker.indexed_db()
    } else {
        return Err(Error::Unavailable);
    };
    factory.ok().flatten().ok_or(Error::Unavailable)
}

/// Runs inside `upgradeneeded`: creates what versions after `old` added.
fn upgrade(req: &IdbOpenDbRequest, old: u32) -> Result<(), JsValue> {
    let db: IdbDatabase = req.result()?.unchecked_into();
    if old < 1 {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("id"));
        let issues = db.create_object_store_with_optional_parameters(ISSUES, &params)?;
        let unique = IdbIndexParameters::new();
        unique.set_unique(true);
        issues.create_index_with_str_and_optional_parameters(
            BY_FINGERPRINT,
            "fingerprint",
            &unique,
        )?;
        for key in ["status", "lastSeen", "firstSeen", "count", "userCount"] {
            issues.create_index_with_str(key, key)?;
        }
        let events = db.create_object_store_with_optional_parameters(EVENTS, &params)?;
        let issue_ts = js_sys::Array::of2(&"issueId".into(), &"ts".into());
        events.create_index_with_str_sequence(BY_ISSUE_TIME, &issue_ts)?;
        db.create_object_store(META)?;
    }
    Ok(())
}
