//! The frames of a stack in the compact form the JS package's `parseStack` builds frame
//! objects from (`framesFrom` in `crates/faultline/js/engine.js`): numbers only, one
//! crossing of the wasm boundary, no copy of the text the stack string already holds.
//!
//! Most of a frame's text (its function, URL, file) is a slice of the stack string the
//! caller still has, so it is sent as a position in that string (in UTF-16 code units, as
//! JS strings index), and JS slices it. Text that parsing made (a demangled name, a URL
//! put back together, a marker such as `[wasm code]`) goes into an extra text sent along,
//! as UTF-8. The form, all `u32`:
//!
//! ```text
//! [frames, extra bytes, record × frames, extra text (UTF-8, one byte a slot)]
//! ```
//!
//! Records are [`WIRE_RECORD`] slots each, crashing frame first (the reverse of
//! Sentry's order). A record holds six text references, each two slots `start, end`:
//! `function`, `filename`, `abs_path`, `module`, `instruction_addr`, `raw_function`. A
//! reference is [`WIRE_NONE`] twice for an absent field; with [`WIRE_EXTRA`] set, both
//! offsets are in the extra text rather than the stack string. Then `lineno`, `colno`,
//! the wasm `function_id` index (`0x…` in hex, as Sentry's field holds it), and the flags:
//! bit 0 `lineno` present, bit 1 `colno` present, bit 2 `function_id` present, bit 3
//! `in_app`.

use super::frame::{assign, FrameView, Scratch};
use super::{walk, RawFrame, Sink, MAX_FRAMES};
use crate::{Frame, InAppRules};

/// Slots of one frame's record.
pub const WIRE_RECORD: usize = 16;
/// Both offsets of an absent text field.
pub const WIRE_NONE: u32 = u32::MAX;
/// Set on both offsets of a text reference into the extra text.
pub const WIRE_EXTRA: u32 = 1 << 31;

/// Flag bits of a record's last slot.
const HAS_LINENO: u32 = 1;
const HAS_COLNO: u32 = 2;
const HAS_FUNCTION_ID: u32 = 4;
const IN_APP: u32 = 8;

/// Parses a stack string from any engine as [`parse_stack`](crate::parse_stack) does,
/// into the compact form described in this module's documentation, for a caller that
/// holds the same text as a JS string.
pub fn parse_stack_wire(stack: &str) -> Vec<u32> {
    let rules = InAppRules::default();
    let records = (stack.len() / 32 + 1).min(MAX_FRAMES);
    let mut out = Vec::with_capacity(2 + records * WIRE_RECORD);
    out.extend_from_slice(&[0, 0]);
    let mut wire = Wire {
        writer: Writer {
            stack,
            ascii: stack.is_ascii(),
            anchor: Anchor::default(),
            out,
            extra: String::new(),
            extra_units: 0,
        },
        frame: Frame::default(),
        scratch: Scratch::default(),
        rules: &rules,
    };
    walk(stack, &mut wire);
    wire.writer.finish()
}

/// The start of the line being written, in bytes and UTF-16 units of the stack.
#[derive(Debug, Default, Clone, Copy)]
struct Anchor {
    byte: usize,
    unit: usize,
}

/// The form being written, and what parsing each frame needs.
struct Wire<'a, 'r> {
    writer: Writer<'a>,
    /// The frame in-app rules are asked about, reused from frame to frame.
    frame: Frame,
    scratch: Scratch,
    rules: &'r InAppRules,
}

/// The form being written.
struct Writer<'a> {
    stack: &'a str,
    /// An ASCII stack's byte offsets are its UTF-16 offsets: nothing to count.
    ascii: bool,
    anchor: Anchor,
    out: Vec<u32>,
    extra: String,
    /// `extra`'s length in UTF-16 units.
    extra_units: usize,
}

impl<'a> Sink<'a> for Wire<'a, '_> {
    fn clear(&mut self) {
        let writer = &mut self.writer;
        writer.out.truncate(2);
        writer.extra.clear();
        writer.extra_units = 0;
    }

    fn keep(&mut self, line: &'a str, raw: RawFrame<'a>) {
        let writer = &mut self.writer;
        writer.move_anchor(line);
        let view = fill(&mut self.frame, raw, &mut self.scratch, self.rules);
        let in_app = self.frame.in_app == Some(true);
        let texts = [
            view.function,
            Some(view.filename),
            Some(view.abs_path),
            view.module,
            view.instruction_addr,
            view.raw_function,
        ];
        let mut record = [0; WIRE_RECORD];
        for (slots, text) in record.chunks_exact_mut(2).zip(texts) {
            slots.copy_from_slice(&writer.text(text));
        }
        let flag = |set: bool, bit: u32| if set { bit } else { 0 };
        record[12] = view.lineno.unwrap_or(0);
        record[13] = view.colno.unwrap_or(0);
        record[14] = view.function_id.unwrap_or(0);
        record[15] = flag(view.lineno.is_some(), HAS_LINENO)
            | flag(view.colno.is_some(), HAS_COLNO)
            | flag(view.function_id.is_some(), HAS_FUNCTION_ID)
            | flag(in_app, IN_APP);
        writer.out.extend_from_slice(&record);
    }
}

impl Writer<'_> {
    /// Moves the anchor to the start of `line`. Lines come in order, so the anchor only
    /// moves forward: counting UTF-16 units costs one pass over the stack in all.
    fn move_anchor(&mut self, line: &str) {
        let at = self.offset_of(line).unwrap_or(self.anchor.byte);
        if self.ascii {
            self.anchor = Anchor { byte: at, unit: at };
        } else if let Some(between) = self.stack.get(self.anchor.byte..at) {
            self.anchor = Anchor {
                byte: at,
                unit: self.anchor.unit + utf16_len(between),
            };
        }
    }

    /// The byte offset of `text` in the stack when it is a slice of it at or after the
    /// anchor.
    fn offset_of(&self, text: &str) -> Option<usize> {
        let at = (text.as_ptr() as usize).wrapping_sub(self.stack.as_ptr() as usize);
        let inside = at >= self.anchor.byte
            && at
                .checked_add(text.len())
                .is_some_and(|end| end <= self.stack.len());
        inside.then_some(at)
    }

    /// The reference to `text`: its place in the stack, or in the extra text where it is
    /// added.
    fn text(&mut self, text: Option<&str>) -> [u32; 2] {
        let Some(text) = text else {
            return [WIRE_NONE; 2];
        };
        if let Some(span) = self.offset_of(text).and_then(|at| self.span(at, text)) {
            return span;
        }
        let start = self.extra_units;
        self.extra.push_str(text);
        // Even a stack in ASCII makes text that is not: a demangled name may be.
        self.extra_units += utf16_len(text);
        // The extra text holds at most a few kilobytes per frame: far below the flag bit.
        let offset = |n: usize| WIRE_EXTRA | (n as u32 & !WIRE_EXTRA);
        [offset(start), offset(self.extra_units)]
    }

    /// The UTF-16 offsets of `text`, found at byte `at` of the stack; `None` past the
    /// offsets a reference can hold.
    fn span(&self, at: usize, text: &str) -> Option<[u32; 2]> {
        let (start, len) = if self.ascii {
            (at, text.len())
        } else {
            let before = self.stack.get(self.anchor.byte..at)?;
            (self.anchor.unit + utf16_len(before), utf16_len(text))
        };
        let end = u32::try_from(start + len).ok()?;
        (end < WIRE_EXTRA).then_some([start as u32, end])
    }

    /// The finished form: the counts of frames and extra bytes, the records, the extra
    /// text.
    fn finish(mut self) -> Vec<u32> {
        self.out[0] = ((self.out.len() - 2) / WIRE_RECORD) as u32;
        self.out[1] = self.extra.len() as u32;
        for byte in self.extra.bytes() {
            self.out.push(u32::from(byte));
        }
        self.out
    }
}

/// Writes `raw` into `frame`, reusing the strings it holds from the frame before, and
/// decides whether it is in-app; the view it was made from.
fn fill<'a>(
    frame: &mut Frame,
    raw: RawFrame<'a>,
    scratch: &'a mut Scratch,
    rules: &InAppRules,
) -> FrameView<'a> {
    let view = FrameView::new(raw, scratch);
    assign(frame, &view);
    frame.in_app = Some(rules.is_in_app(frame));
    view
}

/// `s.encode_utf16().count()`, one byte at a time: a character starts at every byte that
/// is not a continuation byte, and those of four bytes take two units.
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xc0 != 0x80) + usize::from(b >= 0xf0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_stack;
    use proptest::prelude::*;
    use serde_json::Value;

    /// What the JS API's decoder does: frame objects from the form and the stack's text,
    /// in Sentry's order.
    fn frames_from_wire(stack: &str, wire: &[u32]) -> Vec<Frame> {
        let units: Vec<u16> = stack.encode_utf16().collect();
        let frames = wire[0] as usize;
        let tail = &wire[2 + frames * WIRE_RECORD..];
        assert_eq!(tail.len(), wire[1] as usize);
        let bytes: Vec<u8> = tail.iter().map(|&b| u8::try_from(b).unwrap()).collect();
        let extra: Vec<u16> = std::str::from_utf8(&bytes)
            .unwrap()
            .encode_utf16()
            .collect();
        let text = |r: &[u32]| -> Option<String> {
            if r[0] == WIRE_NONE {
                return None;
            }
            let (source, start, end) = if r[0] & WIRE_EXTRA != 0 {
                (&extra, r[0] ^ WIRE_EXTRA, r[1] ^ WIRE_EXTRA)
            } else {
                (&units, r[0], r[1])
            };
            Some(String::from_utf16(&source[start as usize..end as usize]).unwrap())
        };
        let mut out: Vec<Frame> = wire[2..2 + frames * WIRE_RECORD]
            .chunks(WIRE_RECORD)
            .map(|r| {
                let mut frame = Frame {
                    function: text(&r[0..2]),
                    filename: text(&r[2..4]),
                    abs_path: text(&r[4..6]),
                    module: text(&r[6..8]),
                    lineno: (r[15] & HAS_LINENO != 0).then_some(r[12]),
                    colno: (r[15] & HAS_COLNO != 0).then_some(r[13]),
                    in_app: Some(r[15] & IN_APP != 0),
                    ..Frame::default()
                };
                if let Some(addr) = text(&r[8..10]) {
                    frame.other.insert("instruction_addr".into(), addr.into());
                }
                if r[15] & HAS_FUNCTION_ID != 0 {
                    let id = Value::String(format!("{:#x}", r[14]));
                    frame.other.insert("function_id".into(), id);
                }
                if let Some(raw) = text(&r[10..12]) {
                    frame.other.insert("raw_function".into(), raw.into());
                }
                frame
            })
            .collect();
        out.reverse();
        out
    }

    fn check(stack: &str) {
        let wire = parse_stack_wire(stack);
        assert_eq!(
            frames_from_wire(stack, &wire),
            parse_stack(stack).frames,
            "{stack:?}"
        );
    }

    #[test]
    fn frames_from_the_wire_are_the_parsed_frames() {
        check("TypeError: x\n    at f (http://h/a \"b\".js:1:2)\n    at JSON.parse (<anonymous>)\n    at app.wasm._ZN3app4main17h0123456789abcdefE (http://h/app.wasm:wasm-function[7]:0x1f)");
        check("f@http://h/a.js:1:2\n@http://h/a.js line 3 > eval:1:1\n[native code]\nClip@safari-extension:(//ID/c.js:2:3)");
        check("    at async http://h/app.js:5:1\n    at <?>.wasm-function[main]@[wasm code]");
        // A URL without a path: its file is `/`, text the stack does not hold.
        check("f@https://h:1:2\n@data:text/javascript,x():3:4");
        check("");
    }

    #[test]
    fn every_captured_stack_decodes_to_its_parsed_frames() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut seen = 0;
        for browser in std::fs::read_dir(fixtures).unwrap() {
            let Ok(files) = std::fs::read_dir(browser.unwrap().path()) else {
                continue;
            };
            for file in files {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    check(&std::fs::read_to_string(path).unwrap());
                    seen += 1;
                }
            }
        }
        assert!(seen > 50, "{seen} fixtures");
    }

    #[test]
    fn text_sliced_from_the_stack_is_not_copied() {
        let wire = parse_stack_wire("Error: x\n    at f (http://h/a.js:1:2)");
        assert_eq!(wire[..2], [1, 0]);
        assert_eq!(wire.len(), 2 + WIRE_RECORD);
        let stack = "    at f (http://h/a.js:1:2)";
        assert_eq!(parse_stack_wire(stack)[2..4], [7, 8]);
    }

    #[test]
    fn demangled_names_outside_ascii_keep_their_offsets_in_an_ascii_stack() {
        let stack = "    at app.wasm._ZN3app14$u3b1$$u1f600$17h0123456789abcdefE (http://h/a.wasm:wasm-function[1]:0x2)\n    at app.wasm._ZN3app4main17h0123456789abcdefE (http://h/a.wasm:wasm-function[2]:0x3)";
        let frames = parse_stack(stack).frames;
        assert_eq!(frames[1].function.as_deref(), Some("app::α😀"));
        check(stack);
    }

    #[test]
    fn offsets_count_utf16_units_after_non_ascii_text() {
        check("Error: 找不到用户 😀\n    at 函数 (http://h/é/😀.js:1:2)\n    at g (http://h/a.js:3:4)");
        check("😀@http://h/😀.js:1:2\n日本@[native code]");
    }

    #[test]
    fn frames_of_a_v8_stack_found_late_leave_no_extra_text() {
        let stack = "Clip@safari-extension:(//ID/c.js:2:3)\n    at f (http://h/a.js:1:2)";
        let wire = parse_stack_wire(stack);
        assert_eq!(wire[..2], [1, 0]);
        check(stack);
    }

    /// Pieces of frame syntax, so generated stacks reach every kind of field.
    const FRAGMENTS: [&str; 14] = [
        "    at ",
        "f (",
        ")",
        "@",
        "http://h/a.js",
        "safari-extension:(//x",
        ":12",
        ":wasm-function[3]:0x1f",
        " line 4 > eval",
        "<anonymous>",
        "[wasm code]",
        "_ZN3app4main17h0123456789abcdefE",
        "😀é",
        "\n",
    ];

    proptest! {
        #[test]
        fn the_wire_always_decodes_to_the_parsed_frames(
            parts in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(&FRAGMENTS[..]).prop_map(str::to_string),
                    "[ -~é日\n]{0,8}",
                ],
                0..40,
            )
        ) {
            let stack = parts.concat();
            let wire = parse_stack_wire(&stack);
            prop_assert_eq!(frames_from_wire(&stack, &wire), parse_stack(&stack).frames);
        }
    }
}
