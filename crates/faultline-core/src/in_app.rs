//! In-app: which frames are the app's own code.
//!
//! A frame is in-app unless it is native (engine built-ins), comes from a browser
//! extension, from Node's internals or `node_modules`, matches one of the configured
//! third-party URL patterns, or is a Rust frame from the standard library, the
//! wasm-bindgen family, Faultline itself or the panic machinery. `include` and `exclude`
//! prefixes (Sentry's `inAppInclude` / `inAppExclude`) override all of that, `include`
//! first.

use serde::{Deserialize, Serialize};

use crate::{bytes, Frame, Glob};

/// URL schemes of browser extensions: their code is never the page's.
const EXTENSION_SCHEMES: [&str; 6] = [
    "chrome-extension://",
    "moz-extension://",
    "safari-extension://",
    "safari-web-extension://",
    "webkit-masked-url://",
    "extension://",
];

/// Rust paths that belong to the toolchain, the JS bindings or Faultline, not the app.
const RUST_LIBRARY_PREFIXES: [&str; 17] = [
    "std::",
    "core::",
    "alloc::",
    "wasm_bindgen::",
    "wasm_bindgen_futures::",
    "js_sys::",
    "web_sys::",
    "faultline::",
    "faultline_core::",
    "faultline_idb::",
    "__rustc::",
    "panic_abort::",
    "panic_unwind::",
    "compiler_builtins::",
    "dlmalloc::",
    "hashbrown::",
    "console_error_panic_hook::",
];

/// The panic and allocator entry points, exported under bare names.
const RUST_PANIC_MACHINERY: [&str; 11] = [
    "rust_panic",
    "__rust_start_panic",
    "rust_begin_unwind",
    "rust_panic_with_hook",
    "__rust_abort",
    "__rust_alloc_error_handler",
    "__rust_end_short_backtrace",
    "__rust_begin_short_backtrace",
    "__rust_alloc",
    "__rust_dealloc",
    "__rust_realloc",
];

/// How frames are classified as the app's own code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InAppRules {
    /// Prefixes that make a frame in-app whatever else holds (`inAppInclude`), matched
    /// against its module, its function and its URL.
    #[serde(default)]
    pub include: Vec<String>,
    /// Prefixes that make a frame not in-app (`inAppExclude`), matched like `include`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Third-party code by URL: a pattern with `*` is a path glob over the whole URL
    /// (`**/vendor/**`), one without is a substring (`cdn.example.com`).
    #[serde(default)]
    pub third_party_urls: Vec<String>,
}

impl InAppRules {
    /// Whether `frame` is the app's own code.
    pub fn is_in_app(&self, frame: &Frame) -> bool {
        if self.include.iter().any(|p| has_prefix(frame, p)) {
            return true;
        }
        if self.exclude.iter().any(|p| has_prefix(frame, p)) {
            return false;
        }
        let url = frame.abs_path.as_deref();
        if is_native(frame) || url.is_some_and(is_library_url) {
            return false;
        }
        // Code without a URL (`<anonymous>:3:40`): eval'd by a console, a bookmarklet or
        // an extension, not a file of the app.
        if url == Some("<anonymous>") {
            return false;
        }
        if url.is_some_and(|url| self.is_third_party(url)) {
            return false;
        }
        !frame.function.as_deref().is_some_and(is_rust_library)
    }

    /// Sets `in_app` on every frame.
    pub fn apply(&self, frames: &mut [Frame]) {
        for frame in frames {
            frame.in_app = Some(self.is_in_app(frame));
        }
    }

    fn is_third_party(&self, url: &str) -> bool {
        self.third_party_urls.iter().any(|pattern| {
            if pattern.contains('*') {
                Glob::path(pattern).is_match(url)
            } else {
                url.contains(pattern.as_str())
            }
        })
    }
}

/// Engine built-ins: no source location, or a native marker for one.
pub(crate) fn is_native(frame: &Frame) -> bool {
    if is_wasm(frame) {
        return false;
    }
    match frame.abs_path.as_deref() {
        None => frame.lineno.is_none(),
        // With a position, `<anonymous>` is code without a URL, not a built-in.
        Some("<anonymous>") => frame.lineno.is_none(),
        Some(url) => matches!(url, "native" | "[native code]" | "self-hosted" | ""),
    }
}

/// WebAssembly code: a code offset or function index, or a wasm module as its file
/// (JavaScriptCore prints only `[wasm code]`).
pub(crate) fn is_wasm(frame: &Frame) -> bool {
    frame.other.contains_key("instruction_addr")
        || frame.other.contains_key("function_id")
        || frame.abs_path.as_deref().is_some_and(|url| {
            url == "[wasm code]" || url.starts_with("wasm://") || url.ends_with(".wasm")
        })
}

/// Extension code, Node's internals and installed packages.
fn is_library_url(url: &str) -> bool {
    is_extension_url(url) || url.starts_with("node:") || bytes::contains(url, "/node_modules/")
}

/// Code of a browser extension: never the page's own, so never in-app and never what
/// decides a group.
pub(crate) fn is_extension_url(url: &str) -> bool {
    // Most frames are the page's http(s) scripts: one check instead of six.
    !url.starts_with("http") && EXTENSION_SCHEMES.iter().any(|s| url.starts_with(s))
}

/// Whether a (demangled) function name is Rust library or panic-machinery code. A trait
/// impl (`<alloc::vec::Vec<T> as Drop>::drop`) belongs to its self type's crate.
fn is_rust_library(function: &str) -> bool {
    // Runs on every frame: JS names have no `::`, and every library prefix has one.
    let Some((_, last)) = bytes::rsplit_once(function, "::") else {
        return is_panic_machinery(function);
    };
    let path = function.strip_prefix('<').unwrap_or(function);
    RUST_LIBRARY_PREFIXES.iter().any(|p| path.starts_with(p)) || is_panic_machinery(last)
}

/// One of [`RUST_PANIC_MACHINERY`], all of which start with `rust_` or `__rust_`.
fn is_panic_machinery(name: &str) -> bool {
    (name.starts_with("rust_") || name.starts_with("__rust_"))
        && RUST_PANIC_MACHINERY.contains(&name)
}

fn has_prefix(frame: &Frame, prefix: &str) -> bool {
    [
        &frame.module,
        &frame.function,
        &frame.abs_path,
        &frame.filename,
    ]
    .into_iter()
    .flatten()
    .any(|value| value.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(function: &str, url: Option<&str>) -> Frame {
        Frame {
            function: Some(function.to_string()),
            abs_path: url.map(str::to_string),
            lineno: url.map(|_| 1),
            ..Frame::default()
        }
    }

    fn in_app(function: &str, url: Option<&str>) -> bool {
        InAppRules::default().is_in_app(&frame(function, url))
    }

    #[test]
    fn app_scripts_are_in_app() {
        assert!(in_app("render", Some("https://app.example/main.js")));
        assert!(in_app(
            "app::checkout::total",
            Some("https://app.example/a.wasm")
        ));
        assert!(in_app(
            "<app::Cart as core::fmt::Display>::fmt",
            Some("https://app.example/a.wasm")
        ));
    }

    #[test]
    fn natives_extensions_and_packages_are_not_in_app() {
        assert!(!in_app("Array.map", None));
        assert!(!in_app("Array.map", Some("<anonymous>")));
        assert!(!in_app("holdout_bug_3", Some("<anonymous>")));
        assert!(!in_app("forEach", Some("[native code]")));
        for url in [
            "chrome-extension://abc/content.js",
            "moz-extension://1234/content.js",
            "safari-web-extension://ABCD/content.js",
            "node:internal/modules/cjs/loader",
            "/srv/app/node_modules/react-dom/index.js",
        ] {
            assert!(!in_app("f", Some(url)), "{url}");
        }
    }

    #[test]
    fn rust_library_and_panic_frames_are_not_in_app() {
        let wasm = Some("https://app.example/a.wasm");
        for function in [
            "std::panicking::panic_with_hook",
            "core::panicking::panic_fmt",
            "alloc::raw_vec::handle_error",
            "wasm_bindgen::throw_str",
            "__rustc::rust_begin_unwind",
            "rust_panic",
            "__rust_start_panic",
            "<alloc::vec::Vec<u8> as core::ops::drop::Drop>::drop",
            "faultline::panic::hook",
        ] {
            assert!(!in_app(function, wasm), "{function}");
        }
    }

    #[test]
    fn include_and_exclude_override_the_defaults() {
        let rules = InAppRules {
            include: vec!["https://app.example/node_modules/@acme/".into()],
            exclude: vec!["vendor::".into(), "/static/legacy/".into()],
            third_party_urls: vec!["cdn.thirdparty.example".into(), "**/vendor/*.js".into()],
        };
        let acme = frame("f", Some("https://app.example/node_modules/@acme/ui.js"));
        assert!(rules.is_in_app(&acme));
        assert!(!rules.is_in_app(&frame("vendor::parse", Some("https://a/x.wasm"))));
        let mut legacy = frame("f", Some("https://app.example/static/legacy/a.js"));
        legacy.filename = Some("/static/legacy/a.js".into());
        assert!(!rules.is_in_app(&legacy));
        assert!(!rules.is_in_app(&frame("f", Some("https://cdn.thirdparty.example/a.js"))));
        assert!(!rules.is_in_app(&frame("f", Some("https://app.example/vendor/a.js"))));
        assert!(rules.is_in_app(&frame("f", Some("https://app.example/vendors/a.js"))));
    }
}
