//! Rust symbols in wasm frames: module prefixes removed, names demangled.
//!
//! Engines print a wasm function as `module.wasm.symbol` (V8, SpiderMonkey) or
//! `<?>.wasm-function[symbol]` (JavaScriptCore), where the symbol comes from the module's
//! name section: mangled (`_ZN…E` legacy, `_R…` v0) or already demangled by the linker
//! with a `::h0123…` hash suffix. The result is the plain Rust path, without hash.

mod demangle;

#[cfg(feature = "demangle-fallback")]
use std::fmt::{self, Write};

use crate::bytes;
#[cfg(feature = "demangle-fallback")]
use crate::MAX_LINE_LEN;

/// The symbol of a wasm frame without the engine's module prefix; `None` when the engine
/// printed only a function index (`<?>.wasm-function[3]`).
pub(crate) fn strip_wasm_module(printed: &str) -> Option<&str> {
    let name = strip_module_prefix(printed);
    (!name.is_empty() && !name.bytes().all(|b| b.is_ascii_digit())).then_some(name)
}

/// A Rust function name as people read it: demangled, without hash. `None` when `name`
/// is not a Rust symbol and has no hash to remove.
pub(crate) fn readable(name: &str) -> Option<String> {
    demangle(name).or_else(|| {
        let stripped = strip_hash(name);
        (stripped.len() < name.len()).then(|| stripped.to_string())
    })
}

/// Demangles a name that looks like a Rust symbol. v0 back-references can make a short
/// symbol print very long, so output past [`crate::MAX_LINE_LEN`] bytes stops the printing and
/// the symbol stays as it was.
fn demangle(name: &str) -> Option<String> {
    // Runs on every function name: most JS names fail on the first byte.
    let looks_mangled = name.as_bytes().first() == Some(&b'_')
        && ["_ZN", "__ZN", "_R"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
    if !looks_mangled {
        return None;
    }
    demangle::demangle(name).ok().or_else(|| fallback(name))
}

/// What the fast path does not print, printed by `rustc_demangle`.
#[cfg(feature = "demangle-fallback")]
fn fallback(name: &str) -> Option<String> {
    let demangled = rustc_demangle::try_demangle(name).ok()?;
    let mut out = Bounded(String::new());
    // The alternate form leaves out the hash (legacy) and crate disambiguators (v0).
    write!(out, "{demangled:#}").ok()?;
    Some(out.0)
}

/// Without `rustc_demangle`, what the fast path does not print stays as printed.
#[cfg(not(feature = "demangle-fallback"))]
fn fallback(_name: &str) -> Option<String> {
    None
}

/// A string that refuses to grow past [`MAX_LINE_LEN`] bytes.
#[cfg(feature = "demangle-fallback")]
struct Bounded(String);

#[cfg(feature = "demangle-fallback")]
impl fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.0.len() + s.len() > MAX_LINE_LEN {
            return Err(fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}

/// The module path of a demangled Rust function: `a::b::f` to `a::b`. `None` for trait
/// impls (`<T as Trait>::f`) and single-segment names.
pub(crate) fn rust_module(function: &str) -> Option<&str> {
    if function.starts_with('<') {
        return None;
    }
    let mut path = strip_trailing_generics(function);
    // `f::{closure#0}` lives in `f`'s module.
    while let Some(parent) = path.strip_suffix('}').and_then(|p| p.rsplit_once("::{")) {
        path = parent.0;
    }
    let mut depth = 0usize;
    let mut last_sep = None;
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' | b'{' => depth += 1,
            b'>' | b'}' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') => last_sep = Some(i),
            _ => {}
        }
    }
    let module = &path[..last_sep?];
    (!module.is_empty()).then_some(module)
}

/// `a::f::<T>` to `a::f`.
fn strip_trailing_generics(path: &str) -> &str {
    if !path.ends_with('>') {
        return path;
    }
    path.find("::<").map_or(path, |i| &path[..i])
}

/// `app.wasm._ZN…E` to `_ZN…E`; `<?>.wasm-function[name]` to `name`.
fn strip_module_prefix(printed: &str) -> &str {
    // JavaScriptCore's form ends in `]`; the others fail on that byte.
    if printed.as_bytes().last() == Some(&b']') {
        if let Some(inner) = bytes::split_once(printed, ".wasm-function[")
            .and_then(|(_, rest)| rest.strip_suffix(']'))
        {
            return inner;
        }
    }
    bytes::split_once(printed, ".wasm.").map_or(printed, |(_, name)| name)
}

/// `a::b::h0123456789abcdef` to `a::b` (a linker-demangled legacy name). Looks only at
/// the last 19 bytes: it runs on every function name.
fn strip_hash(name: &str) -> &str {
    let Some(cut) = name.len().checked_sub(19) else {
        return name;
    };
    if name.as_bytes()[cut] != b':' {
        return name;
    }
    match (name.get(..cut), name.get(cut..)) {
        (Some(path), Some(tail))
            if tail.starts_with("::h") && tail.bytes().skip(3).all(|b| b.is_ascii_hexdigit()) =>
        {
            path
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(printed: &str) -> Option<String> {
        let symbol = strip_wasm_module(printed)?;
        Some(readable(symbol).unwrap_or_else(|| symbol.to_string()))
    }

    #[test]
    fn legacy_and_v0_symbols_demangle_without_hashes() {
        assert_eq!(
            name("wasm_panic.wasm._ZN10wasm_panic8checkout10line_price17h084f8463efd55f41E")
                .as_deref(),
            Some("wasm_panic::checkout::line_price")
        );
        assert_eq!(
            name("wasm_panic.wasm._RNvNtCs5DEwmcvnV2C_10wasm_panic8checkout10line_price")
                .as_deref(),
            Some("wasm_panic::checkout::line_price")
        );
        assert_eq!(
            name("wasm_panic.wasm._RNvCsfLfy6EI15iL_7___rustc17rust_begin_unwind").as_deref(),
            Some("__rustc::rust_begin_unwind")
        );
    }

    #[test]
    fn plain_and_linker_demangled_names_lose_only_the_hash() {
        assert_eq!(name("wasm_panic.wasm.boom").as_deref(), Some("boom"));
        assert_eq!(
            name("app::run::h0123456789abcdef").as_deref(),
            Some("app::run")
        );
        assert_eq!(name("<?>.wasm-function[main]").as_deref(), Some("main"));
        assert_eq!(name("<?>.wasm-function[3]"), None);
    }

    #[test]
    fn symbols_that_print_too_long_stay_mangled() {
        // `app::f` instantiated with itself twice, `depth` times over: every level doubles
        // the printed length through back-references (`B0_` points at byte 1 after `_R`).
        let nested = |depth: usize| {
            let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
            let mut symbol = format!("_R{}NvC3app1f", "I".repeat(depth));
            for level in (0..depth).rev() {
                let backref = char::from(digits[level]);
                symbol.push_str(&format!("B{backref}_B{backref}_E"));
            }
            symbol
        };
        assert_eq!(
            readable(&nested(1)).as_deref(),
            Some("app::f::<app::f, app::f>")
        );
        let deep = nested(20);
        assert!(deep.len() < 200);
        assert_eq!(readable(&deep), None);
    }

    /// A v0 symbol with a reference type, which only `rustc_demangle` prints.
    const WITH_REFERENCE: &str = "_RINvC3app1fRhE";

    #[cfg(feature = "demangle-fallback")]
    #[test]
    fn what_the_fast_path_cannot_print_rustc_demangle_prints() {
        assert_eq!(readable(WITH_REFERENCE).as_deref(), Some("app::f::<&u8>"));
    }

    #[cfg(not(feature = "demangle-fallback"))]
    #[test]
    fn without_the_fallback_what_the_fast_path_cannot_print_stays_as_printed() {
        assert_eq!(readable(WITH_REFERENCE), None);
        // The common symbols still read as Rust paths.
        assert_eq!(
            readable("_RNvXs_NtCs1_3app4cartNtB4_4CartNtCs2_3yew9Component4view").as_deref(),
            Some("<app::cart::Cart as yew::Component>::view")
        );
    }

    #[test]
    fn not_a_symbol_is_left_alone() {
        assert_eq!(demangle("_Rubbish"), None);
        assert_eq!(demangle("render"), None);
    }

    #[test]
    fn module_is_the_path_without_the_function() {
        assert_eq!(
            rust_module("wasm_panic::checkout::line_price"),
            Some("wasm_panic::checkout")
        );
        assert_eq!(
            rust_module("std::panicking::panic_handler::{closure#0}"),
            Some("std::panicking")
        );
        assert_eq!(
            rust_module("std::sys::backtrace::__rust_end_short_backtrace::<std::panicking::panic_handler::{closure#0}, !>"),
            Some("std::sys::backtrace")
        );
        assert_eq!(rust_module("<app::Cart as core::fmt::Display>::fmt"), None);
        assert_eq!(rust_module("boom"), None);
    }
}
