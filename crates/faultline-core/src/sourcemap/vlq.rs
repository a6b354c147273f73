//! The `mappings` field of a source map: base64 VLQ segments, `,` between segments and
//! `;` between generated lines (ECMA-426, "Mappings structure").
//!
//! Decoding is total and linear: every byte is looked at once, a value that overflows or
//! a segment of a length the format does not have is skipped and counted, and nothing
//! panics whatever the input.

/// No source or no name: the field is absent from the segment.
pub(crate) const NONE: u32 = u32::MAX;

/// One mapping: a position in the generated code and, when the segment has them, the
/// original position and name (0-based, as the format counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Token {
    /// Generated line, 0-based.
    pub gen_line: u32,
    /// Generated column in UTF-16 code units, 0-based.
    pub gen_col: u32,
    /// Index into `sources`, or [`NONE`].
    pub source: u32,
    /// Original line, 0-based.
    pub src_line: u32,
    /// Original column, 0-based.
    pub src_col: u32,
    /// Index into `names`, or [`NONE`].
    pub name: u32,
}

/// The tokens of a `mappings` string, sorted by generated position, and how many
/// segments were malformed and skipped.
pub(crate) fn decode_mappings(mappings: &str) -> (Vec<Token>, usize) {
    let mut tokens = Vec::with_capacity(mappings.len() / 6);
    let mut bad = 0;
    // Running values: the columns of a line start again from 0, the rest run on.
    let (mut source, mut src_line, mut src_col, mut name) = (0i64, 0i64, 0i64, 0i64);
    let mut sorted = true;
    for (line, text) in mappings.split(';').enumerate() {
        let Ok(gen_line) = u32::try_from(line) else {
            break;
        };
        let mut gen_col = 0i64;
        for segment in text.split(',').filter(|s| !s.is_empty()) {
            let mut fields = [0i64; 5];
            let Some(n) = decode_segment(segment.as_bytes(), &mut fields) else {
                bad += 1;
                continue;
            };
            gen_col += fields[0];
            if n >= 4 {
                source += fields[1];
                src_line += fields[2];
                src_col += fields[3];
            }
            if n == 5 {
                name += fields[4];
            }
            let Some(col) = to_u32(gen_col) else {
                bad += 1;
                continue;
            };
            let token = match n {
                1 => Token {
                    gen_line,
                    gen_col: col,
                    source: NONE,
                    src_line: 0,
                    src_col: 0,
                    name: NONE,
                },
                4 | 5 => match (to_u32(source), to_u32(src_line), to_u32(src_col)) {
                    (Some(s), Some(l), Some(c)) => Token {
                        gen_line,
                        gen_col: col,
                        source: s,
                        src_line: l,
                        src_col: c,
                        name: if n == 5 {
                            to_u32(name).unwrap_or(NONE)
                        } else {
                            NONE
                        },
                    },
                    _ => {
                        bad += 1;
                        continue;
                    }
                },
                _ => {
                    bad += 1;
                    continue;
                }
            };
            if tokens.last().is_some_and(|t: &Token| *t > token) {
                sorted = false;
            }
            tokens.push(token);
        }
    }
    // Generators write columns in order; when one did not, sort once.
    if !sorted {
        tokens.sort_unstable();
    }
    (tokens, bad)
}

/// A running value as a position or index: `None` when negative or too large.
fn to_u32(v: i64) -> Option<u32> {
    u32::try_from(v).ok().filter(|v| *v != NONE)
}

/// Decodes one segment's VLQ fields into `out`; the number of fields (1, 4 or 5 are
/// valid), or `None` when a byte is not base64, a value overflows or there are more than
/// five fields.
fn decode_segment(segment: &[u8], out: &mut [i64; 5]) -> Option<usize> {
    let mut n = 0;
    let mut value: u64 = 0;
    let mut shift = 0u32;
    for &byte in segment {
        let digit = u64::from(base64_value(byte)?);
        // 32-bit values only, as every generator writes: more is corrupt input.
        if shift > 30 {
            return None;
        }
        value |= (digit & 31) << shift;
        if digit & 32 != 0 {
            shift += 5;
            continue;
        }
        let slot = out.get_mut(n)?;
        let magnitude = (value >> 1) as i64;
        *slot = if value & 1 == 1 {
            -magnitude
        } else {
            magnitude
        };
        n += 1;
        value = 0;
        shift = 0;
    }
    // A segment must not end inside a value.
    (shift == 0 && matches!(n, 1 | 4 | 5)).then_some(n)
}

/// The value of a base64 digit, or `None` for any other byte.
pub(crate) fn base64_value(byte: u8) -> Option<u8> {
    Some(match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encodes one signed value as VLQ (the inverse of the decoder, for tests).
    pub(crate) fn encode_value(out: &mut String, v: i64) {
        const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut rest = if v < 0 { ((-v) << 1) | 1 } else { v << 1 } as u64;
        loop {
            let mut digit = rest & 31;
            rest >>= 5;
            if rest > 0 {
                digit |= 32;
            }
            out.push(char::from(DIGITS[digit as usize]));
            if rest == 0 {
                break;
            }
        }
    }

    /// A `mappings` string for sorted tokens (for tests).
    pub(crate) fn encode_mappings(tokens: &[Token]) -> String {
        let mut out = String::new();
        let (mut line, mut col, mut source, mut src_line, mut src_col, mut name) =
            (0u32, 0i64, 0i64, 0i64, 0i64, 0i64);
        let mut first = true;
        for t in tokens {
            while line < t.gen_line {
                out.push(';');
                line += 1;
                col = 0;
                first = true;
            }
            if !first {
                out.push(',');
            }
            first = false;
            encode_value(&mut out, i64::from(t.gen_col) - col);
            col = i64::from(t.gen_col);
            if t.source != NONE {
                encode_value(&mut out, i64::from(t.source) - source);
                encode_value(&mut out, i64::from(t.src_line) - src_line);
                encode_value(&mut out, i64::from(t.src_col) - src_col);
                source = i64::from(t.source);
                src_line = i64::from(t.src_line);
                src_col = i64::from(t.src_col);
                if t.name != NONE {
                    encode_value(&mut out, i64::from(t.name) - name);
                    name = i64::from(t.name);
                }
            }
        }
        out
    }

    #[test]
    fn decodes_the_formats_own_example() {
        // "AAAA" is all zeros; "SAAQ" is 9, 0, 0, 8; "C" is 1; "D" is -1. Columns of a
        // new line start from 0 again; the other fields run on.
        let (tokens, bad) = decode_mappings("AAAA,SAAQ;;CACD");
        assert_eq!(bad, 0);
        let got: Vec<_> = tokens
            .iter()
            .map(|t| (t.gen_line, t.gen_col, t.source, t.src_line, t.src_col))
            .collect();
        assert_eq!(got, [(0, 0, 0, 0, 0), (0, 9, 0, 0, 8), (2, 1, 0, 1, 7)]);
    }

    #[test]
    fn names_accumulate_across_segments() {
        let (tokens, _) = decode_mappings("AAAAA,CAAAC,CAAAC");
        let names: Vec<_> = tokens.iter().map(|t| t.name).collect();
        assert_eq!(names, [0, 1, 2]);
    }

    #[test]
    fn malformed_segments_are_skipped_and_counted() {
        // Two fields, a bad byte, a value that never ends, six fields.
        let (tokens, bad) = decode_mappings("AA,A!AA,AAAg,AAAAAA,EAAA");
        assert_eq!(bad, 4);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].gen_col, 2);
    }

    #[test]
    fn negative_positions_are_skipped() {
        let (tokens, bad) = decode_mappings("ADAA");
        assert!(tokens.is_empty());
        assert_eq!(bad, 1);
    }

    #[test]
    fn overflowing_values_are_rejected_not_wrapped() {
        let (tokens, bad) = decode_mappings("gggggggggggggC");
        assert!(tokens.is_empty());
        assert_eq!(bad, 1);
    }

    #[test]
    fn unsorted_columns_are_sorted() {
        let (tokens, bad) = decode_mappings("KAAA,LAAA");
        assert_eq!(bad, 0);
        let cols: Vec<_> = tokens.iter().map(|t| t.gen_col).collect();
        assert_eq!(cols, [0, 5]);
    }

    #[test]
    fn encoding_round_trips() {
        let tokens = [
            Token {
                gen_line: 0,
                gen_col: 3,
                source: 1,
                src_line: 40,
                src_col: 2,
                name: 7,
            },
            Token {
                gen_line: 2,
                gen_col: 0,
                source: NONE,
                src_line: 0,
                src_col: 0,
                name: NONE,
            },
            Token {
                gen_line: 2,
                gen_col: 100_000,
                source: 0,
                src_line: 1,
                src_col: 0,
                name: NONE,
            },
        ];
        let (back, bad) = decode_mappings(&encode_mappings(&tokens));
        assert_eq!(bad, 0);
        assert_eq!(back, tokens);
    }
}
