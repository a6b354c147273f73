//! `contexts`: an open map of structured contexts, with typed views of the common ones.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Other;

/// Structured contexts by key (`browser`, `os`, `runtime`, or anything the app adds).
///
/// The map stays open: every key and field is kept as sent. [`Contexts::get`] reads a
/// known context as its type, and [`Contexts::insert`] writes one back.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Contexts(pub BTreeMap<String, Value>);

/// A context with a well-known key and a typed shape.
pub trait KnownContext: Serialize + DeserializeOwned {
    /// The key it lives under in `contexts`.
    const KEY: &'static str;
}

impl Contexts {
    /// Whether there are no contexts.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The context `C`, when present and shaped as expected.
    pub fn get<C: KnownContext>(&self) -> Option<C> {
        C::deserialize(self.0.get(C::KEY)?).ok()
    }

    /// Sets the context `C`, replacing what was under its key.
    pub fn insert<C: KnownContext>(&mut self, context: &C) {
        // A derived `Serialize` of string fields and a `Value` map cannot fail.
        if let Ok(value) = serde_json::to_value(context) {
            self.0.insert(C::KEY.to_string(), value);
        }
    }

    /// The `browser` context.
    pub fn browser(&self) -> Option<BrowserContext> {
        self.get()
    }

    /// The `os` context.
    pub fn os(&self) -> Option<OsContext> {
        self.get()
    }

    /// The `runtime` context.
    pub fn runtime(&self) -> Option<RuntimeContext> {
        self.get()
    }
}

/// Declares a `{ name, version, ..other }` context type.
macro_rules! named_context {
    ($(#[$doc:meta])* $ty:ident, $key:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        pub struct $ty {
            /// Product name.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// Product version.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub version: Option<String>,
            /// Fields not modelled here.
            #[serde(flatten)]
            pub other: Other,
        }

        impl KnownContext for $ty {
            const KEY: &'static str = $key;
        }
    };
}

named_context!(
    /// `contexts.browser`: `{"name": "Chrome", "version": "156.0"}`.
    BrowserContext,
    "browser"
);
named_context!(
    /// `contexts.os`: `{"name": "Linux", "version": "6.1"}`.
    OsContext,
    "os"
);
named_context!(
    /// `contexts.runtime`: `{"name": "node", "version": "22.1.0"}`, or the wasm runtime.
    RuntimeContext,
    "runtime"
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_context_reads_and_keeps_unknown_fields() {
        let contexts: Contexts = serde_json::from_value(json!({
            "browser": {"name": "Firefox", "version": "153.0", "type": "browser"},
            "app_state": {"cart": 3}
        }))
        .unwrap();
        let browser = contexts.browser().unwrap();
        assert_eq!(browser.name.as_deref(), Some("Firefox"));
        assert_eq!(browser.other["type"], json!("browser"));
        assert_eq!(contexts.os(), None);
        assert_eq!(contexts.0["app_state"], json!({"cart": 3}));
    }

    #[test]
    fn insert_writes_the_wire_shape_under_its_key() {
        let mut contexts = Contexts::default();
        contexts.insert(&OsContext {
            name: Some("Linux".into()),
            ..OsContext::default()
        });
        assert_eq!(
            serde_json::to_value(&contexts).unwrap(),
            json!({"os": {"name": "Linux"}})
        );
    }

    #[test]
    fn misshapen_known_context_reads_as_none() {
        let contexts = Contexts(BTreeMap::from([("runtime".into(), json!("wasm"))]));
        assert_eq!(contexts.runtime(), None);
    }
}
