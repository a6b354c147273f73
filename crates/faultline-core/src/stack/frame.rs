//! A printed frame read into Sentry's fields, all borrowed.
//!
//! [`FrameView`] is what both outputs of the parser are made from: a [`Frame`] with owned
//! strings ([`frame_from_view`], or [`assign`] into one that is reused), and the compact
//! form of the JS API (`wire.rs`), which sends the fields that are slices of the stack
//! string as positions in it instead of copies. Text that parsing makes (a demangled
//! name, a URL put back together) is written into a [`Scratch`] the caller keeps, so a
//! view never allocates for itself.

use serde_json::Value;

use super::location::{filename_from_url, Location};
use super::{symbol, RawFrame};
use crate::{bytes, Frame};

/// Buffers for the text a [`FrameView`] cannot borrow from the stack, reused from frame
/// to frame.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    function: String,
    url: String,
}

/// A frame's fields: slices of its line, of a [`Scratch`], or static markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrameView<'a> {
    /// The function as people read it (a Rust symbol demangled).
    pub function: Option<&'a str>,
    /// The symbol as printed, when `function` is its demangled form.
    pub raw_function: Option<&'a str>,
    /// A Rust function's module (`a::b` of `a::b::f`).
    pub module: Option<&'a str>,
    /// The full URL or path, or a marker standing in for one.
    pub abs_path: &'a str,
    /// What people read as the file: the URL's path.
    pub filename: &'a str,
    /// 1-based line and column.
    pub lineno: Option<u32>,
    /// See `lineno`.
    pub colno: Option<u32>,
    /// A wasm frame's byte offset in its module, `0x…` as printed.
    pub instruction_addr: Option<&'a str>,
    /// A wasm frame's function index.
    pub function_id: Option<u32>,
}

impl<'a> FrameView<'a> {
    /// Reads a printed frame's fields, writing what it cannot borrow into `scratch`.
    pub(crate) fn new(raw: RawFrame<'a>, scratch: &'a mut Scratch) -> Self {
        let (mut lineno, mut colno) = (None, None);
        let (mut instruction_addr, mut function_id) = (None, None);
        let (url, printed, wasm) = match raw.location {
            Location::Script { url, line, column } => {
                (lineno, colno) = (line, column);
                (url, raw.function, false)
            }
            Location::Wasm {
                url,
                function_index,
                offset,
            } => {
                (instruction_addr, function_id) = (offset, function_index);
                // JavaScriptCore names no module: keep its marker so the frame reads as wasm.
                let url = if url.is_empty() { "[wasm code]" } else { url };
                (url, raw.function.and_then(symbol::strip_wasm_module), true)
            }
            Location::Native(marker) => (marker, raw.function, false),
        };
        let Scratch {
            function: demangled,
            url: joined,
        } = scratch;
        if !raw.url_prefix.is_empty() {
            joined.clear();
            joined.push_str(raw.url_prefix);
            joined.push_str(url);
        }
        let abs_path = if raw.url_prefix.is_empty() {
            url
        } else {
            joined
        };
        let (mut function, mut raw_function) = (printed, None);
        if let Some(readable) = printed.and_then(symbol::readable) {
            *demangled = readable;
            (function, raw_function) = (Some(demangled.as_str()), printed);
        }
        // Only wasm frames run Rust code, so only they pay for the module scan.
        let module = function
            .filter(|f| wasm && bytes::contains(f, "::"))
            .and_then(symbol::rust_module);
        FrameView {
            function,
            raw_function,
            module,
            abs_path,
            filename: filename_from_url(abs_path),
            lineno,
            colno,
            instruction_addr,
            function_id,
        }
    }
}

/// A new [`Frame`] of `view` (in-app not decided).
pub(crate) fn frame_from_view(view: &FrameView<'_>) -> Frame {
    let mut frame = Frame {
        function: view.function.map(str::to_owned),
        filename: Some(view.filename.to_owned()),
        abs_path: Some(view.abs_path.to_owned()),
        lineno: view.lineno,
        colno: view.colno,
        in_app: None,
        module: view.module.map(str::to_owned),
        other: Default::default(),
    };
    set_other(&mut frame, view);
    frame
}

/// Writes `view` into `frame`, reusing the strings `frame` already holds (in-app not
/// decided).
pub(crate) fn assign(frame: &mut Frame, view: &FrameView<'_>) {
    set_text(&mut frame.function, view.function);
    set_text(&mut frame.filename, Some(view.filename));
    set_text(&mut frame.abs_path, Some(view.abs_path));
    set_text(&mut frame.module, view.module);
    frame.lineno = view.lineno;
    frame.colno = view.colno;
    frame.in_app = None;
    if !frame.other.is_empty() {
        frame.other.clear();
    }
    set_other(frame, view);
}

/// The wasm fields Sentry keeps beside the modelled ones.
fn set_other(frame: &mut Frame, view: &FrameView<'_>) {
    if let Some(offset) = view.instruction_addr {
        frame.other.insert("instruction_addr".into(), offset.into());
    }
    if let Some(index) = view.function_id {
        let id = Value::String(hex(index));
        frame.other.insert("function_id".into(), id);
    }
    if let Some(raw) = view.raw_function {
        frame.other.insert("raw_function".into(), raw.into());
    }
}

/// `*slot = value.map(String::from)`, keeping the string's buffer when there is one.
fn set_text(slot: &mut Option<String>, value: Option<&str>) {
    match (slot.as_mut(), value) {
        (Some(text), Some(value)) => {
            text.clear();
            text.push_str(value);
        }
        (None, Some(value)) => *slot = Some(value.to_owned()),
        (_, None) => *slot = None,
    }
}

/// `index` as `format!("{index:#x}")` prints it, without the formatting machinery.
pub(crate) fn hex(index: u32) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let nibbles = (32 - index.leading_zeros()).div_ceil(4).max(1);
    let mut out = String::with_capacity(2 + nibbles as usize);
    out.push_str("0x");
    for shift in (0..nibbles).rev() {
        out.push(char::from(DIGITS[(index >> (4 * shift)) as usize & 0xf]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_stack;

    #[test]
    fn hex_prints_like_format() {
        for index in [0, 1, 7, 15, 16, 255, 256, 0x1ca5, u32::MAX] {
            assert_eq!(hex(index), format!("{index:#x}"));
        }
    }

    #[test]
    fn a_reused_frame_keeps_nothing_of_the_previous_one() {
        let stack = "    at app.wasm._ZN3app4main17h0123456789abcdefE (http://x/app.wasm:wasm-function[7]:0x1f)\n    at http://x/a.js:1:2";
        let parsed = parse_stack(stack).frames;
        let mut reused = parsed[1].clone();
        let raw = RawFrame::new(
            None,
            Location::Script {
                url: "http://x/a.js",
                line: Some(1),
                column: Some(2),
            },
        );
        assign(&mut reused, &FrameView::new(raw, &mut Scratch::default()));
        reused.in_app = parsed[0].in_app;
        assert_eq!(reused, parsed[0]);
    }
}
