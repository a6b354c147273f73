//! A fast path for the Rust symbols wasm frames actually carry: legacy `_ZN…E` paths of
//! plain identifiers, and v0 `_R…` paths made of crate roots, nested names, closures,
//! generic arguments that are paths or primitive types, and back-references.
//!
//! `rustc_demangle` validates a symbol in one parse and prints it in a second, through
//! three layers of `fmt::Formatter` per piece, which in wasm costs more than parsing the
//! rest of the frame. This module parses and prints in one pass straight into a `String`,
//! and gives up ([`Unsupported`]) on anything else: other syntax (references, tuples,
//! `dyn`, consts, lifetimes, impl paths, punycode), suffixes (`.llvm.…`), any byte that
//! is not plain ASCII, output past [`MAX_LINE_LEN`], deep nesting. Then `rustc_demangle`
//! decides, so a symbol reads exactly as `format!("{:#}", rustc_demangle::demangle(s))`
//! either way.

use crate::MAX_LINE_LEN;

/// The symbol uses syntax this fast path does not print, or is not valid: ask
/// `rustc_demangle`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unsupported;

type Fast<T> = Result<T, Unsupported>;

/// Nesting this fast path follows; `rustc_demangle` allows 500.
const MAX_DEPTH: u32 = 64;

/// `name` as `rustc_demangle` prints it in its alternate form (no hashes, no crate
/// disambiguators), when this fast path can tell.
pub(super) fn demangle(name: &str) -> Fast<String> {
    if !name.is_ascii() {
        return Err(Unsupported);
    }
    // LLVM's `.llvm.` suffix (digits, `A`-`F` and `@`) is left out, as `rustc_demangle` does;
    // any other `.` suffix is printed after the name there, not here.
    let name = strip_llvm_suffix(name);
    if let Some(inner) = name
        .strip_prefix("_ZN")
        .or_else(|| name.strip_prefix("__ZN"))
    {
        legacy(inner.as_bytes())
    } else if let Some(inner) = name.strip_prefix("_R") {
        if inner.contains('.') {
            return Err(Unsupported);
        }
        v0(inner)
    } else {
        Err(Unsupported)
    }
}

/// `name` without a trailing `.llvm.` and digits, `A`-`F` or `@`.
fn strip_llvm_suffix(name: &str) -> &str {
    match name.find(".llvm.") {
        Some(at)
            if name[at + 6..]
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F' | b'@')) =>
        {
            &name[..at]
        }
        _ => name,
    }
}

/// `3app4main17h0123456789abcdefE` to `app::main`: identifiers of letters, digits, `_`,
/// `$` escapes (`$LT$` for `<`, `$u20$` for a space, ...) and `..` for `::`, the last one
/// left out when it is a hash (`h` and hex digits).
fn legacy(inner: &[u8]) -> Fast<String> {
    let mut out = String::with_capacity(inner.len());
    let mut at = 0;
    // Where the last element's separator and text start in `out`.
    let mut last = None;
    while *inner.get(at).ok_or(Unsupported)? != b'E' {
        let digits = inner[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let len = decimal(&inner[at..at + digits])?;
        at += digits;
        let element = inner.get(at..at + len).ok_or(Unsupported)?;
        if len == 0
            || !element
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
        {
            return Err(Unsupported);
        }
        let separator = out.len();
        if last.is_some() {
            out.push_str("::");
        }
        last = Some((separator, out.len()));
        legacy_element(element, &mut out)?;
        if out.len() > MAX_LINE_LEN {
            return Err(Unsupported);
        }
        at += len;
    }
    if at + 1 != inner.len() {
        return Err(Unsupported);
    }
    let (separator, start) = last.ok_or(Unsupported)?;
    if let Some((b'h', hex)) = out.as_bytes()[start..].split_first() {
        if hex.iter().all(u8::is_ascii_hexdigit) {
            out.truncate(separator);
        }
    }
    Ok(out)
}

/// One legacy path element into `out`: `$` escapes decoded, `..` as `::`. An escape
/// this does not know, or one that is not a printable character, is `Unsupported`.
fn legacy_element(element: &[u8], out: &mut String) -> Fast<()> {
    // A leading `_$` is how an element starts with an escape.
    let mut rest = match element {
        [b'_', b'$', ..] => &element[1..],
        _ => element,
    };
    while let Some((&first, tail)) = rest.split_first() {
        match first {
            b'.' if tail.first() == Some(&b'.') => {
                out.push_str("::");
                rest = &tail[1..];
            }
            b'$' => {
                let end = tail.iter().position(|&b| b == b'$').ok_or(Unsupported)?;
                out.push(legacy_escape(&tail[..end])?);
                rest = &tail[end + 1..];
            }
            _ => {
                // Letters, digits, `_` and a single `.`: ASCII, so UTF-8.
                out.push(char::from(first));
                rest = tail;
            }
        }
    }
    Ok(())
}

/// The character a legacy `$…$` escape stands for.
fn legacy_escape(escape: &[u8]) -> Fast<char> {
    Ok(match escape {
        b"SP" => '@',
        b"BP" => '*',
        b"RF" => '&',
        b"LT" => '<',
        b"GT" => '>',
        b"LP" => '(',
        b"RP" => ')',
        b"C" => ',',
        [b'u', hex @ ..] if !hex.is_empty() && hex.len() <= 6 => {
            let code = hex.iter().try_fold(0u32, |n, &d| {
                let digit = char::from(d)
                    .to_digit(16)
                    .filter(|_| !d.is_ascii_uppercase());
                digit.map(|digit| n * 16 + digit)
            });
            char::from_u32(code.ok_or(Unsupported)?)
                .filter(|c| !c.is_control())
                .ok_or(Unsupported)?
        }
        _ => return Err(Unsupported),
    })
}

/// A decimal length; `Unsupported` when absent or too large for the symbol anyway.
fn decimal(digits: &[u8]) -> Fast<usize> {
    if digits.is_empty() || digits.len() > 4 {
        return Err(Unsupported);
    }
    Ok(digits
        .iter()
        .fold(0, |n, &d| n * 10 + usize::from(d - b'0')))
}

/// A v0 symbol after `_R`: its path, then optionally the instantiating crate's (checked,
/// not printed), then nothing.
fn v0(sym: &str) -> Fast<String> {
    if !sym.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return Err(Unsupported);
    }
    let mut printer = Printer {
        sym,
        bytes: sym.as_bytes(),
        out: String::with_capacity(sym.len()),
        steps: 0,
    };
    let mut at = 0;
    printer.path(&mut at, true, true, 0)?;
    if sym.as_bytes().get(at).is_some_and(u8::is_ascii_uppercase) {
        printer.path(&mut at, false, false, 0)?;
    }
    if at != sym.len() {
        return Err(Unsupported);
    }
    Ok(printer.out)
}

/// Parses v0 syntax from positions in `sym` and prints what it reads.
struct Printer<'s> {
    /// The symbol after `_R`, all ASCII.
    sym: &'s str,
    bytes: &'s [u8],
    out: String,
    /// Paths and types read, back-references included: bounds the work on any input.
    steps: u32,
}

impl<'s> Printer<'s> {
    // `inline(always)`: release builds optimize for size, which calls even these.
    #[inline(always)]
    fn next(&self, at: &mut usize) -> Fast<u8> {
        let b = *self.bytes.get(*at).ok_or(Unsupported)?;
        *at += 1;
        Ok(b)
    }

    #[inline(always)]
    fn eat(&self, at: &mut usize, b: u8) -> bool {
        let found = self.bytes.get(*at) == Some(&b);
        *at += usize::from(found);
        found
    }

    #[inline(always)]
    fn print(&mut self, printing: bool, s: &str) -> Fast<()> {
        if printing {
            self.out.push_str(s);
            if self.out.len() > MAX_LINE_LEN {
                return Err(Unsupported);
            }
        }
        Ok(())
    }

    /// One more path or type, `depth` deep.
    fn enter(&mut self, depth: u32) -> Fast<u32> {
        self.steps += 1;
        if depth >= MAX_DEPTH || self.steps > 4 * MAX_LINE_LEN as u32 {
            return Err(Unsupported);
        }
        Ok(depth + 1)
    }

    /// `path` in the v0 grammar: `C` crate root, `N` nested name, `I` generic
    /// arguments, `B` back-reference.
    fn path(&mut self, at: &mut usize, in_value: bool, printing: bool, depth: u32) -> Fast<()> {
        let depth = self.enter(depth)?;
        match self.next(at)? {
            b'C' => {
                // The alternate form prints no crate disambiguator.
                self.disambiguator(at)?;
                let name = self.ident(at)?;
                self.print(printing, name)?;
            }
            b'N' => {
                let namespace = match self.next(at)? {
                    ns @ b'A'..=b'Z' => Some(ns),
                    b'a'..=b'z' => None,
                    _ => return Err(Unsupported),
                };
                self.path(at, in_value, printing, depth)?;
                let dis = self.disambiguator(at)?;
                let name = self.ident(at)?;
                match namespace {
                    Some(ns) => {
                        self.print(printing, "::{")?;
                        let kind = match ns {
                            b'C' => "closure",
                            b'S' => "shim",
                            // An uppercase ASCII letter.
                            _ => std::str::from_utf8(std::slice::from_ref(&ns))
                                .map_err(|_| Unsupported)?,
                        };
                        self.print(printing, kind)?;
                        if !name.is_empty() {
                            self.print(printing, ":")?;
                            self.print(printing, name)?;
                        }
                        self.print(printing, "#")?;
                        self.print(printing, decimal_text(dis, &mut [0; 20]))?;
                        self.print(printing, "}")?;
                    }
                    None if !name.is_empty() => {
                        self.print(printing, "::")?;
                        self.print(printing, name)?;
                    }
                    None => {}
                }
            }
            b'I' => {
                self.path(at, in_value, printing, depth)?;
                self.print(printing, if in_value { "::<" } else { "<" })?;
                let mut first = true;
                while !self.eat(at, b'E') {
                    if !first {
                        self.print(printing, ", ")?;
                    }
                    first = false;
                    // Lifetimes (`L`) and consts (`K`) are not printed here.
                    if matches!(self.bytes.get(*at), Some(b'L' | b'K')) {
                        return Err(Unsupported);
                    }
                    self.ty(at, printing, depth)?;
                }
                self.print(printing, ">")?;
            }
            b'B' => {
                let mut target = self.backref(at)?;
                // Like `rustc_demangle`, a path only checked is not followed.
                if printing {
                    self.path(&mut target, in_value, printing, depth)?;
                }
            }
            // Impls: `M` inherent (`<Type>`), `X` of a trait (`<Type as Trait>`), `Y` the
            // trait's own items (`<Type as Trait>`, no impl path).
            tag @ (b'M' | b'X' | b'Y') => {
                if tag != b'Y' {
                    // The module the impl is written in is not printed.
                    self.disambiguator(at)?;
                    self.path(at, false, false, depth)?;
                }
                self.print(printing, "<")?;
                self.ty(at, printing, depth)?;
                if tag != b'M' {
                    self.print(printing, " as ")?;
                    self.path(at, false, printing, depth)?;
                }
                self.print(printing, ">")?;
            }
            _ => return Err(Unsupported),
        }
        Ok(())
    }

    /// `type`: a primitive, a back-reference or a path; other types are not printed here.
    fn ty(&mut self, at: &mut usize, printing: bool, depth: u32) -> Fast<()> {
        let tag = self.next(at)?;
        if let Some(name) = basic_type(tag) {
            return self.print(printing, name);
        }
        let depth = self.enter(depth)?;
        match tag {
            b'B' => {
                let mut target = self.backref(at)?;
                if printing {
                    self.ty(&mut target, printing, depth)?;
                }
                Ok(())
            }
            b'C' | b'N' | b'I' | b'M' | b'X' | b'Y' => {
                *at -= 1;
                self.path(at, false, printing, depth)
            }
            _ => Err(Unsupported),
        }
    }

    /// `B` and a base-62 position earlier in the symbol.
    fn backref(&self, at: &mut usize) -> Fast<usize> {
        let start = *at - 1;
        let target = self.base62(at)?;
        usize::try_from(target)
            .ok()
            .filter(|&t| t < start)
            .ok_or(Unsupported)
    }

    /// `s` and a base-62 number, or nothing (0).
    fn disambiguator(&self, at: &mut usize) -> Fast<u64> {
        if !self.eat(at, b's') {
            return Ok(0);
        }
        self.base62(at)?.checked_add(1).ok_or(Unsupported)
    }

    /// `_` (0) or base-62 digits and `_` (their value plus one).
    fn base62(&self, at: &mut usize) -> Fast<u64> {
        if self.eat(at, b'_') {
            return Ok(0);
        }
        let mut x: u64 = 0;
        loop {
            let d = match self.next(at)? {
                b'_' => break,
                d @ b'0'..=b'9' => d - b'0',
                d @ b'a'..=b'z' => 10 + (d - b'a'),
                d @ b'A'..=b'Z' => 36 + (d - b'A'),
                _ => return Err(Unsupported),
            };
            // Compared rather than `checked_mul`, which wasm32 does with a 128-bit
            // multiplication; the few values this refuses that would still fit go to
            // `rustc_demangle`.
            if x > (u64::MAX - 62) / 62 {
                return Err(Unsupported);
            }
            x = x * 62 + u64::from(d);
        }
        Ok(x + 1)
    }

    /// A length-prefixed identifier (`0` for an empty one, `_` after the length when the
    /// name starts with a digit or `_`). Punycode (`u`) is not printed here.
    fn ident(&self, at: &mut usize) -> Fast<&'s str> {
        let bytes = self.bytes;
        let mut end = *at;
        // `0` is a whole length: digits after it belong to the name.
        if bytes.get(end) == Some(&b'0') {
            end += 1;
        } else {
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
        }
        let len = decimal(&bytes[*at..end])?;
        *at = end;
        self.eat(at, b'_');
        // ASCII, so every index is a character boundary.
        let name = self.sym.get(*at..*at + len).ok_or(Unsupported)?;
        *at += len;
        Ok(name)
    }
}

/// `n` in decimal, written into `buf`.
fn decimal_text(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        // A digit: `n % 10` is below 10.
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits.
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// v0's one-letter primitive types.
fn basic_type(tag: u8) -> Option<&'static str> {
    Some(match tag {
        b'b' => "bool",
        b'c' => "char",
        b'e' => "str",
        b'u' => "()",
        b'a' => "i8",
        b's' => "i16",
        b'l' => "i32",
        b'x' => "i64",
        b'n' => "i128",
        b'i' => "isize",
        b'h' => "u8",
        b't' => "u16",
        b'm' => "u32",
        b'y' => "u64",
        b'o' => "u128",
        b'j' => "usize",
        b'f' => "f32",
        b'd' => "f64",
        b'z' => "!",
        b'p' => "_",
        b'v' => "...",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
