//! The fast path against `rustc_demangle`: real symbols, generated ones, glued pieces.

use super::*;
use proptest::prelude::*;

/// What `rustc_demangle` prints, or `None` when it does not take the symbol.
fn reference(name: &str) -> Option<String> {
    rustc_demangle::try_demangle(name)
        .ok()
        .map(|d| format!("{d:#}"))
}

fn agrees(name: &str) -> Result<(), TestCaseError> {
    if let Ok(fast) = demangle(name) {
        prop_assert_eq!(Some(fast), reference(name), "{}", name);
    }
    Ok(())
}

#[test]
fn symbols_from_real_wasm_frames_take_the_fast_path() {
    for name in [
        "_ZN10wasm_panic8checkout10line_price17h084f8463efd55f41E",
        "_RNvCsfLfy6EI15iL_7___rustc12___rust_abort",
        "_RNvNtCsebHcaeoSrxy_3std9panicking15panic_with_hook",
        "_RNCNvNtCsebHcaeoSrxy_3std9panicking13panic_handler0B5_",
        "_RINvNtNtCsebHcaeoSrxy_3std3sys9backtrace26___rust_end_short_backtraceNCNvNtB6_9panicking13panic_handler0zEB6_",
        "_RNvNtCs5DEwmcvnV2C_10wasm_panic8checkout10line_price",
        "_RIC3appINvC3app1fhEE",
        // A trait impl's method and an inherent one (a Yew component's `view`).
        "_RNvXs_NtCs1_3app4cartNtB4_4CartNtCs2_3yew9Component4view",
        "_RNvMNtCs1_3app4cartNtB2_4Cart5total",
        "_RNvYNtCs1_3app4CartNtNtCs3_4core3fmt7Display3fmt",
        // Legacy escapes, `..` and LLVM's suffix.
        "_ZN4core3ptr23drop_in_place$LT$u8$GT$17h0123456789abcdefE",
        "_ZN54_$LT$app..cart..Cart$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE",
        "_ZN3app4main17h0123456789abcdefE.llvm.1234",
        "_ZN3app4main17h0123456789abcdefE.llvm.A1B2@3",
    ] {
        let fast = demangle(name).unwrap_or_else(|_| panic!("slow path: {name}"));
        assert_eq!(Some(fast), reference(name), "{name}");
    }
}

#[test]
fn other_syntax_is_left_to_rustc_demangle() {
    for name in [
        "_ZN3app4main17h0123456789abcdefE.part.0",
        "_ZN3app4main17h0123456789abcdefE.llvm.abc",
        "_ZN3app8drop$XX$17h0123456789abcdefE",
        "_RINvC3app1fRhE",
        "_RNvC3appu4caf_5qa",
        "_RNvC3app",
    ] {
        assert_eq!(demangle(name), Err(Unsupported), "{name}");
    }
}

/// Random v0 symbols from the grammar (paths, closures, generics, primitive types,
/// back-references anywhere earlier), some cut or suffixed: most are valid.
struct Symbols(u64);

impl Symbols {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn base62(&mut self, s: &mut String, value: u64) {
        const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        if let Some(mut x) = value.checked_sub(1) {
            let mut digits = Vec::new();
            loop {
                digits.push(char::from(DIGITS[(x % 62) as usize]));
                x /= 62;
                if x == 0 {
                    break;
                }
            }
            s.extend(digits.iter().rev());
        }
        s.push('_');
    }

    fn disambiguator(&mut self, s: &mut String) {
        if self.below(3) == 0 {
            s.push('s');
            let value = self.below(100);
            self.base62(s, value);
        }
    }

    fn ident(&mut self, s: &mut String) {
        let len = [0, 1, 3, 5, 12][self.below(5) as usize];
        let name: String = (0..len)
            .map(|_| char::from(b"abz09_AZ"[self.below(8) as usize]))
            .collect();
        s.push_str(&len.to_string());
        let needs_separator = name.starts_with(|c: char| c.is_ascii_digit() || c == '_');
        if self.below(4) != 0 && (needs_separator || self.below(5) == 0) {
            s.push('_');
        }
        s.push_str(&name);
    }

    fn backref(&mut self, s: &mut String) {
        s.push('B');
        let here = s.len() - 2;
        let target = self.below(here as u64 + 2);
        self.base62(s, target);
    }

    fn path(&mut self, s: &mut String, depth: u32) {
        match if depth > 5 { 0 } else { self.below(10) } {
            0..=2 => {
                s.push('C');
                self.disambiguator(s);
                self.ident(s);
            }
            3..=5 => {
                s.push('N');
                s.push(char::from(b"vtCSXA"[self.below(6) as usize]));
                self.path(s, depth + 1);
                self.disambiguator(s);
                self.ident(s);
            }
            6 if self.below(2) == 0 => {
                let tag = b"MXY"[self.below(3) as usize];
                s.push(char::from(tag));
                if tag != b'Y' {
                    self.disambiguator(s);
                    self.path(s, depth + 1);
                }
                self.ty(s, depth + 1);
                if tag != b'M' {
                    self.path(s, depth + 1);
                }
            }
            6 | 7 => {
                s.push('I');
                self.path(s, depth + 1);
                for _ in 0..self.below(3) {
                    self.ty(s, depth + 1);
                }
                s.push('E');
            }
            _ => self.backref(s),
        }
    }

    fn ty(&mut self, s: &mut String, depth: u32) {
        match self.below(8) {
            0..=2 => s.push(char::from(b"bchmzpvjRTL"[self.below(11) as usize])),
            3 => self.backref(s),
            _ => self.path(s, depth + 1),
        }
    }

    fn symbol(&mut self) -> String {
        let mut s = String::from("_R");
        self.path(&mut s, 0);
        match self.below(6) {
            0 => self.backref(&mut s),
            1 => s.push_str("Cs1_3app"),
            _ => {}
        }
        if self.below(20) == 0 {
            s.push_str(".llvm.12");
        }
        if self.below(10) == 0 {
            let at = self.below(s.len() as u64) as usize;
            s.remove(at);
        }
        s
    }
}

#[test]
fn generated_v0_symbols_print_as_rustc_demangle_prints() {
    let mut symbols = Symbols(0x9e37_79b9_7f4a_7c15);
    let mut fast = 0;
    for _ in 0..20_000 {
        let name = symbols.symbol();
        if let Ok(printed) = demangle(&name) {
            assert_eq!(Some(printed), reference(&name), "{name}");
            fast += 1;
        }
    }
    // The generator is worth something only if most symbols take the fast path.
    assert!(fast > 5_000, "{fast}");
}

/// Pieces of v0 and legacy symbols, valid and not, to glue together.
const PIECES: &[&str] = &[
    "C",
    "N",
    "I",
    "E",
    "B",
    "s",
    "_",
    "0",
    "1",
    "2",
    "3",
    "5",
    "9",
    "10",
    "v",
    "t",
    "C",
    "S",
    "X",
    "M",
    "Y",
    "R",
    "T",
    "L",
    "K",
    "u",
    "h",
    "z",
    "j",
    "w",
    "3app",
    "4main",
    "1f",
    "0_",
    "3_ab",
    "B_",
    "B0_",
    "B1_",
    "B5_",
    "s_",
    "s0_",
    "sZ_",
    "Cs1_",
    "Nv",
    "Nt",
    "NC",
    "NS",
    "NX",
    "17h0123456789abcdef",
    "3std",
    "5alloc",
    "$LT$",
    "..",
    "_$",
    ".",
    "é",
    "9panicking",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn the_fast_path_prints_what_rustc_demangle_prints(
        prefix in prop::sample::select(vec!["_R", "_ZN", "__ZN", "_RN", "_RI"]),
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24),
        end in prop::sample::select(vec!["", "E", "EB0_", "B_", "Cs1_3app"]),
    ) {
        agrees(&format!("{prefix}{}{end}", pieces.concat()))?;
    }

    #[test]
    fn the_fast_path_agrees_on_any_bytes(name in "(_R|_ZN)[A-Za-z0-9_]{0,40}") {
        agrees(&name)?;
    }
}
