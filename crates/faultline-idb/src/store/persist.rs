//! Asking the browser to keep storage, through the facade (`persist.rs`).

use crate::persist::{ask, Persistence};
use crate::store::Store;

impl Store {
    /// Asks the browser to keep this origin's data under storage pressure; apps opt in.
    pub async fn request_persistence(&self) -> Persistence {
        if !self.is_persistent() {
            return Persistence::Unsupported;
        }
        ask(true).await
    }

    /// Whether the browser already keeps this origin's data under pressure.
    pub async fn persistence(&self) -> Persistence {
        if !self.is_persistent() {
            return Persistence::Unsupported;
        }
        ask(false).await
    }
}
