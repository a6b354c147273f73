//! Hooks: the open store, the router, live changes from other tabs, the clock and keys.

mod use_changes;
mod use_keydown;
mod use_notify;
mod use_now;
mod use_route;
mod use_store;

pub use use_changes::{change_from_message, use_changes, Change, Changes};
pub use use_keydown::{is_typing_target, use_keydown};
pub use use_notify::{use_notify, Notice, NoticeKind};
pub use use_now::use_now;
pub(crate) use use_route::current_route;
pub use use_route::{use_route, use_router, Router};
pub use use_store::{after_early_open, open_early, use_open_store, use_store, StoreHandle};
