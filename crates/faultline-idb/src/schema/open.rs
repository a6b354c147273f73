//! Opening a database: upgrades, another tab blocking them, and newer schemas.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
#[cfg(feature = "migrate")]
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbVersionChangeEvent};

use super::{v1, v2, v3, v4, v5, VERSION};
use crate::error::{Error, JsError};
use crate::request::{self, request};

/// How long an upgrade may wait for other connections to close before the open gives up.
/// Faultline's own connections close on `versionchange`; this bounds the wait on others.
const BLOCKED_TIMEOUT_MS: i32 = 3_000;

/// Opens `name` at the current schema version, upgrading it in place when it is older
/// (without the `migrate` feature, an older database that holds data is left as it is:
/// [`Error::Outdated`]).
pub(crate) async fn open(name: &str) -> Result<IdbDatabase, Error> {
    let open_err = |source: JsError| Error::Open {
        db: name.to_string(),
        source,
    };
    let req = factory()?
        .open_with_u32(name, VERSION)
        .map_err(|e| open_err(JsError::from_js(&e)))?;
    // The version of a database the upgrade left alone (see `upgrade`), else 0.
    let outdated = Rc::new(Cell::new(0));
    let on_upgrade = {
        let outdated = outdated.clone();
        Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |e| upgrade(e, &outdated))
    };
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));

    let gave_up = Rc::new(Cell::new(false));
    let outcome = JsFuture::from(settle(&req, gave_up.clone())).await;
    if outcome.is_err() {
        // A request given up on may still upgrade later, once the blocking connection
        // closes: the handler must outlive this call so that upgrade is complete.
        on_upgrade.forget();
    } else {
        req.set_onupgradeneeded(None);
    }
    let db = match outcome {
        Ok(db) => db.unchecked_into::<IdbDatabase>(),
        Err(_) if outdated.get() > 0 => {
            return Err(Error::Outdated {
                db: name.to_string(),
                found: outdated.get(),
                supported: VERSION,
            })
        }
        Err(e) => {
            let error = JsError::from_js(&e);
            return Err(match error.name.as_str() {
                "VersionError" => newer_schema(name).await,
                "Blocked" => {
                    gave_up.set(true);
                    Error::Blocked {
                        db: name.to_string(),
                    }
                }
                _ => open_err(error),
            });
        }
    };
    close_on_version_change(&db);
    Ok(db)
}

/// A promise for the open request: the database, its error, or `Blocked` when another
/// connection keeps the upgrade waiting too long. A database that opens after the caller
/// gave up is closed at once.
fn settle(req: &IdbOpenDbRequest, gave_up: Rc<Cell<bool>>) -> Promise {
    Promise::new(&mut |resolve, reject| {
        let ok = {
            let req = req.clone();
            let gave_up = gave_up.clone();
            let reject = reject.clone();
            Closure::once_into_js(move || match req.result() {
                Ok(db) if gave_up.get() => db.unchecked_into::<IdbDatabase>().close(),
                Ok(db) => drop(resolve.call1(&JsValue::UNDEFINED, &db)),
                Err(e) => drop(reject.call1(&JsValue::UNDEFINED, &e)),
            })
        };
        req.set_onsuccess(Some(ok.unchecked_ref()));
        let failed = {
            let req = req.clone();
            let reject = reject.clone();
            Closure::once_into_js(move || {
                let error = req
                    .error()
                    .ok()
                    .flatten()
                    .map(JsValue::from)
                    .unwrap_or(JsValue::NULL);
                let _ = reject.call1(&JsValue::UNDEFINED, &error);
            })
        };
        req.set_onerror(Some(failed.unchecked_ref()));
        let blocked = Closure::once_into_js(move || {
            let give_up = Closure::once_into_js(move || {
                let error = js_sys::Error::new("another connection blocks the upgrade");
                error.set_name("Blocked");
                let _ = reject.call1(&JsValue::UNDEFINED, &error);
            });
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    give_up.unchecked_ref(),
                    BLOCKED_TIMEOUT_MS,
                );
            }
        });
        req.set_onblocked(Some(blocked.unchecked_ref()));
    })
}

/// Runs inside `upgradeneeded`: every step the database lacks, in order. Without the
/// `migrate` feature, a database of an older version is not touched: the version change is
/// aborted and `outdated` set to its version.
fn upgrade(event: IdbVersionChangeEvent, outdated: &Cell<u32>) {
    let Some(req) = event
        .target()
        .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
    else {
        return;
    };
    let (Ok(db), Some(tx)) = (req.result(), req.transaction()) else {
        return;
    };
    let db: IdbDatabase = db.unchecked_into();
    // A database with no stores was made by someone who opened it without a version (a
    // script peeking at it before the engine first ran): it is new, whatever its number.
    let old = match db.object_store_names().length() {
        0 => 0,
        _ => event.old_version() as u32,
    };
    if !cfg!(feature = "migrate") && (1..VERSION).contains(&old) {
        outdated.set(old);
        request::abort(&tx);
        return;
    }
    let created = (|| {
        if old < 1 {
            v1::create(&db)?;
        }
        if old < 2 {
            v2::create(&db, &tx)?;
        }
        if old < 3 {
            v3::create(&db)?;
        }
        if old < 4 {
            v4::create(&tx)?;
        }
        if old < 5 {
            v5::create(&db, old == 0)?;
        }
        Ok::<(), JsValue>(())
    })();
    match created {
        // Aborting the version change fails the open request, which reports why.
        Err(_) => request::abort(&tx),
        #[cfg(feature = "migrate")]
        Ok(()) if (1..VERSION).contains(&old) => migrate(old, db, tx),
        Ok(()) => {}
    }
}

/// Converts the records of a database that was at version `old`, inside the upgrade's
/// transaction `tx` (aborted when a step fails).
#[cfg(feature = "migrate")]
fn migrate(old: u32, db: IdbDatabase, tx: web_sys::IdbTransaction) {
    spawn_local(async move {
        let migrated = async {
            if old == 1 {
                v2::migrate(&tx).await?;
            }
            if old < 3 {
                v3::build(&tx).await?;
            }
            v5::migrate(&db, &tx).await
        };
        if migrated.await.is_err() {
            request::abort(&tx);
        }
    });
}

/// Another tab that upgrades the schema must never wait for this connection.
fn close_on_version_change(db: &IdbDatabase) {
    let on_change = {
        let db = db.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| db.close())
    };
    db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    // Lives as long as the connection, which the page keeps until it closes it.
    on_change.forget();
}

/// The error for a database written by a newer Faultline, with the version found.
async fn newer_schema(name: &str) -> Error {
    let mut found = 0;
    if let Ok(req) = factory().and_then(|f| f.open(name).map_err(|_| Error::Unavailable)) {
        if let Ok(db) = request(&req).await {
            let db: IdbDatabase = db.unchecked_into();
            found = db.version() as u32;
            db.close();
        }
    }
    Error::NewerSchema {
        db: name.to_string(),
        found,
        supported: VERSION,
    }
}

/// Deletes database `name`, waiting until it is gone.
pub(crate) async fn delete(name: &str) -> Result<(), Error> {
    let err = |source| Error::Open {
        db: name.to_string(),
        source,
    };
    let req = factory()?
        .delete_database(name)
        .map_err(|e| err(JsError::from_js(&e)))?;
    request(&req).await.map(drop).map_err(err)
}

fn factory() -> Result<IdbFactory, Error> {
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
