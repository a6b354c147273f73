//! One sending tab: the tab holding the Web Lock `faultline-sync:DB` sends; the others
//! wait in the lock's queue and take over when it closes. Browsers without Web Locks use
//! a lease kept in the database: the holder renews it every 5 s, and another tab takes it
//! when it has run out (15 s). The lease is best effort (two tabs may overlap for a
//! moment); the server discards an event id it already has.

use std::rc::Rc;

use faultline_idb::Store;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::error::Error;
use crate::js::{self, Lease};
use crate::options::Election;
use crate::pump;
use crate::shared::{Leadership, Shared};

/// The `meta` key of the lease.
pub const LEASE_KEY: &str = "syncLease";
/// How long a lease lasts unless renewed.
pub const LEASE_MS: i64 = 15_000;
/// How often the holder renews it (and others check it).
pub const LEASE_RENEW_MS: i64 = 5_000;

/// The lock name for a database.
fn lock_name(store: &Store) -> String {
    format!("faultline-sync:{}", store.name())
}

/// Starts competing to be the sending tab, as the options say.
pub(crate) fn elect(s: &Rc<Shared>) {
    match s.options.election {
        Election::Always => {
            s.with(|r| r.leadership = Some(Leadership::Always));
            become_leader(s, true);
        }
        Election::Lease => spawn_local(renew(Rc::downgrade(s))),
        Election::Auto => match js::lock_manager() {
            Some(locks) => request_lock(s, &locks),
            None => spawn_local(renew(Rc::downgrade(s))),
        },
    }
}

/// Records whether this tab sends. A tab that starts sending first reads the stored state
/// again: the tab that sent before it moved the totals and the reported drops on.
fn become_leader(s: &Rc<Shared>, leader: bool) {
    let changed = s.with(|r| {
        let changed = std::mem::replace(&mut r.leader, leader) != leader;
        if changed && leader {
            r.loaded = false;
        }
        changed
    });
    if changed == Some(true) && leader {
        let s = s.clone();
        spawn_local(async move {
            s.restore().await;
            pump::kick(&s);
        });
    }
}

fn request_lock(s: &Rc<Shared>, locks: &js::LockManager) {
    let weak = Rc::downgrade(s);
    let granted = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        let mut release = None;
        let held = Promise::new(&mut |resolve, _| release = Some(resolve));
        let Some(s) = weak.upgrade() else {
            return Promise::resolve(&JsValue::UNDEFINED);
        };
        let kept = s.with(|r| {
            if r.closed {
                return false;
            }
            r.leadership = release.map(Leadership::Lock);
            true
        });
        if kept != Some(true) {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        become_leader(&s, true);
        held
    });
    let request = js::request_lock(locks, &lock_name(&s.store), granted.unchecked_ref());
    let weak = Rc::downgrade(s);
    match request {
        Ok(promise) => spawn_local(async move {
            // Settles when the lock is released; a rejection means no lock (an opaque
            // origin, a browser policy): fall back to the lease.
            if let Err(e) = JsFuture::from(promise).await {
                if let Some(s) = weak.upgrade() {
                    s.internal_error(&Error::Lock {
                        source: crate::error::JsError::from_js(&e),
                    });
                    if s.with(|r| !r.closed) == Some(true) {
                        renew(weak).await;
                    }
                }
            }
        }),
        Err(source) => {
            s.internal_error(&Error::Lock { source });
            spawn_local(renew(weak));
        }
    }
}

/// Takes or renews the lease when it is free, expired or ours; checks again later.
async fn renew(weak: std::rc::Weak<Shared>) {
    let Some(s) = weak.upgrade() else { return };
    if s.with(|r| r.closed) != Some(false) {
        return;
    }
    let leader = match try_lease(&s).await {
        Ok(leader) => leader,
        Err(e) => {
            s.internal_error(&e);
            false
        }
    };
    become_leader(&s, leader);
    let again = weak.clone();
    let timer = s
        .options
        .clock
        .set_timer(LEASE_RENEW_MS, Box::new(move || spawn_local(renew(again))));
    s.with(|r| {
        if !r.closed {
            r.leadership = Some(Leadership::Lease(timer));
        }
    });
}

async fn read_lease(store: &Store) -> Result<Option<Lease>, Error> {
    let value = store
        .meta_get(LEASE_KEY)
        .await
        .map_err(|e| Error::storage("reading the sync lease", e))?;
    Ok(js::lease_from_js(&value))
}

async fn try_lease(s: &Shared) -> Result<bool, Error> {
    let now = s.now();
    let free = read_lease(&s.store)
        .await?
        .is_none_or(|l| l.owner == s.id || l.until <= now);
    if !free {
        return Ok(false);
    }
    let mine = Lease {
        owner: s.id.clone(),
        until: now.plus_millis(LEASE_MS),
    };
    s.store
        .meta_put(LEASE_KEY, &js::lease_to_js(&mine))
        .await
        .map_err(|e| Error::storage("writing the sync lease", e))?;
    // Two tabs may both have found it free; the last write wins, so read it back.
    Ok(read_lease(&s.store).await?.is_some_and(|l| l.owner == s.id))
}

/// Gives up sending: releases the lock, or ends the lease at once for the next tab.
pub(crate) fn resign(s: &Rc<Shared>, leadership: Leadership) {
    s.with(|r| r.leader = false);
    match leadership {
        Leadership::Lock(release) => {
            let _ = release.call0(&JsValue::UNDEFINED);
        }
        Leadership::Lease(timer) => {
            drop(timer);
            let s = s.clone();
            spawn_local(async move {
                if let Ok(Some(lease)) = read_lease(&s.store).await {
                    if lease.owner == s.id {
                        let ended = Lease {
                            owner: lease.owner,
                            until: faultline_core::Timestamp(0),
                        };
                        let _ = s.store.meta_put(LEASE_KEY, &js::lease_to_js(&ended)).await;
                    }
                }
            });
        }
        Leadership::Always => {}
    }
}
