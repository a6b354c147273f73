//! Source maps (ECMA-426): parsing, looking up a generated position, and what the pure
//! half of resolving a minified frame needs (finding a script's map, source context).
//!
//! Hand-written rather than the `sourcemap` crate: the format's part a stack trace needs
//! is small (VLQ `mappings`, `sources`, `sourcesContent`, `names`, index maps with
//! `sections`), and the crate brings URL, IDNA and UUID code into the wasm of every
//! module that resolves frames (measured in `docs/sourcemaps.md`). Parsing is total:
//! malformed segments are skipped and counted, never a panic; `mappings` is decoded in
//! one linear pass.

mod context;
mod locate;
mod resolve;
mod vlq;

use std::fmt;

use serde_json::{Map, Value};

pub use self::context::{cut_line, source_context, SourceContext, CONTEXT_LINES, MAX_LINE_CHARS};
pub use self::locate::{decode_data_url, expand_map_url, source_mapping_url, DataUrlError};
pub use self::resolve::{
    minified_identifier, original_frame, resolvable_position, unresolved_frame, unresolved_reason,
    FrameResolution, MinifiedLocation, ORIGINAL_FRAME_KEY, UNRESOLVED_KEY,
};

use self::vlq::{decode_mappings, Token, NONE};

/// Tokens looked at, backwards from a frame, for the definition of its function.
pub const MAX_FUNCTION_SCAN: usize = 20_000;

/// A parsed source map: its mappings sorted by generated position, its sources (with
/// `sourceRoot` applied), their contents where the map has them, and its names. An
/// index map's sections are flattened into one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    tokens: Vec<Token>,
    sources: Vec<String>,
    contents: Vec<Option<String>>,
    names: Vec<String>,
    /// Segments of `mappings` that were malformed and skipped.
    pub skipped_segments: usize,
}

/// Why a source map could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseSourceMapError {
    /// Not JSON, or not an object of the source map's shape.
    NotASourceMap(String),
    /// A `version` other than 3.
    Version(u64),
    /// An index map section that names its map by `url` (ECMA-426 leaves these to tools).
    SectionUrl,
}

impl fmt::Display for ParseSourceMapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseSourceMapError::NotASourceMap(e) => write!(f, "not a source map: {e}"),
            ParseSourceMapError::Version(v) => {
                write!(f, "source map version {v} is not supported (only 3 is)")
            }
            ParseSourceMapError::SectionUrl => {
                f.write_str("an index map section names its map by url, which is not supported")
            }
        }
    }
}

impl std::error::Error for ParseSourceMapError {}

/// Where a generated position came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Original<'a> {
    /// The source's index in the map.
    pub source_index: usize,
    /// The source as the map names it, with `sourceRoot` applied (often relative to the
    /// map's URL).
    pub source: &'a str,
    /// 1-based line in the source.
    pub line: u32,
    /// 1-based column in the source.
    pub column: u32,
    /// The original name of the identifier at this position, when the map has one.
    pub name: Option<&'a str>,
}

impl SourceMap {
    /// Parses a source map or an index map from its JSON text.
    /// A first line starting with `)]}'` (which some servers prepend against script
    /// inclusion) is skipped, as ECMA-426 says.
    pub fn parse(json: &str) -> Result<SourceMap, ParseSourceMapError> {
        let json = match json.strip_prefix(")]}'") {
            Some(rest) => rest.split_once('\n').map_or("", |(_, body)| body),
            None => json,
        };
        if !json.trim_start().starts_with('{') {
            return Err(ParseSourceMapError::NotASourceMap(
                "not a JSON object".into(),
            ));
        }
        // Read as a JSON value, then by hand: a serde derive here would bring serde's
        // type-error messages (and their float printing) into every module that parses.
        let raw: Value = serde_json::from_str(json)
            .map_err(|e| ParseSourceMapError::NotASourceMap(e.to_string()))?;
        let Value::Object(raw) = raw else {
            return Err(ParseSourceMapError::NotASourceMap(
                "not a JSON object".into(),
            ));
        };
        let mut map = SourceMap::default();
        map.add(raw, 0, 0, true)?;
        if map.tokens.windows(2).any(|w| w[0] > w[1]) {
            map.tokens.sort_unstable();
        }
        Ok(map)
    }

    /// Adds a map (or, when `sections` is true, an index map's sections), its generated
    /// positions moved by `line` and `column`. Sections do not nest: inside one,
    /// `sections` is false and a `sections` field is ignored.
    fn add(
        &mut self,
        mut raw: Map<String, Value>,
        line: u32,
        column: u32,
        sections: bool,
    ) -> Result<(), ParseSourceMapError> {
        match raw.get("version").map(Value::as_u64) {
            None | Some(Some(3)) => {}
            Some(v) => return Err(ParseSourceMapError::Version(v.unwrap_or(0))),
        }
        match raw.remove("sections") {
            Some(Value::Array(list)) if sections => self.add_sections(list, line, column),
            _ => {
                self.add_map(raw, line, column);
                Ok(())
            }
        }
    }

    /// Adds an index map's sections, each at its offset.
    fn add_sections(
        &mut self,
        list: Vec<Value>,
        line: u32,
        column: u32,
    ) -> Result<(), ParseSourceMapError> {
        for section in list {
            let Value::Object(mut section) = section else {
                continue;
            };
            if section.contains_key("url") {
                return Err(ParseSourceMapError::SectionUrl);
            }
            let offset = |key: &str| {
                let n = section.get("offset").and_then(|o| o.get(key));
                n.and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(0)
            };
            let (l, c) = (line.saturating_add(offset("line")), offset("column"));
            // The offset's column applies to the section's first line only.
            let c = if l == line {
                column.saturating_add(c)
            } else {
                c
            };
            if let Some(Value::Object(map)) = section.remove("map") {
                self.add(map, l, c, false)?;
            }
        }
        Ok(())
    }

    /// Adds a regular map's sources, names and tokens.
    fn add_map(&mut self, mut raw: Map<String, Value>, line: u32, column: u32) {
        let (source_base, name_base) = (self.sources.len(), self.names.len());
        let root = match raw.remove("sourceRoot") {
            Some(Value::String(root)) => root,
            _ => String::new(),
        };
        let mut contents = strings(raw.remove("sourcesContent")).into_iter();
        for source in strings(raw.remove("sources")) {
            self.sources
                .push(with_root(&root, source.as_deref().unwrap_or("")));
            self.contents.push(contents.next().flatten());
        }
        let names = strings(raw.remove("names"));
        self.names
            .extend(names.into_iter().map(Option::unwrap_or_default));
        let mappings = raw.get("mappings").and_then(Value::as_str).unwrap_or("");
        let (tokens, bad) = decode_mappings(mappings);
        self.skipped_segments += bad;
        let shift = |base: usize, v: u32| {
            if v == NONE {
                NONE
            } else {
                u32::try_from(base).map_or(NONE, |b| b.saturating_add(v))
            }
        };
        self.tokens.extend(tokens.into_iter().map(|t| Token {
            gen_line: t.gen_line.saturating_add(line),
            gen_col: if t.gen_line == 0 {
                t.gen_col.saturating_add(column)
            } else {
                t.gen_col
            },
            source: shift(source_base, t.source),
            name: shift(name_base, t.name),
            ..t
        }));
    }

    /// The sources, as the map names them with `sourceRoot` applied.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The text of source `index`, when the map carries it (`sourcesContent`).
    pub fn source_content(&self, index: usize) -> Option<&str> {
        self.contents.get(index)?.as_deref()
    }

    /// How many mappings the map has.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the map has no mapping.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Where the generated position (1-based `line` and `column`, as stack traces print
    /// them) came from: the nearest mapping at or before it on the same line. `None`
    /// when that mapping has no source or there is none.
    pub fn lookup(&self, line: u32, column: u32) -> Option<Original<'_>> {
        let i = self.token_index(line, column)?;
        self.original(&self.tokens[i])
    }

    /// The index of the mapping at or before a 1-based position, on its line.
    fn token_index(&self, line: u32, column: u32) -> Option<usize> {
        let (line, column) = (line.checked_sub(1)?, column.saturating_sub(1));
        let after = self
            .tokens
            .partition_point(|t| (t.gen_line, t.gen_col) <= (line, column));
        let i = after.checked_sub(1)?;
        (self.tokens[i].gen_line == line).then_some(i)
    }

    fn original(&self, t: &Token) -> Option<Original<'_>> {
        let source_index = usize::try_from(t.source).ok()?;
        let source = self.sources.get(source_index)?;
        Some(Original {
            source_index,
            source,
            line: t.src_line.saturating_add(1),
            column: t.src_col.saturating_add(1),
            name: self.name(t.name),
        })
    }

    fn name(&self, index: u32) -> Option<&str> {
        self.names
            .get(usize::try_from(index).ok()?)
            .map(String::as_str)
    }

    /// The original name of the function a frame ran in. `minified` is the function's
    /// name as the engine printed it, reduced by [`minified_identifier`]; `script` the
    /// generated code. Looks backwards from the frame's position, at most
    /// [`MAX_FUNCTION_SCAN`] mappings, for the mapping of an identifier spelled
    /// `minified` in the generated code (the function's definition, or a use in the same
    /// scope) and returns its original name. When that identifier has no name in the map
    /// it was not renamed, and `minified` is its name.
    pub fn original_function<'a>(
        &'a self,
        script: &ScriptLines<'_>,
        line: u32,
        column: u32,
        minified: &'a str,
    ) -> Option<&'a str> {
        let end = self.token_index(line, column)?;
        let start = end.saturating_sub(MAX_FUNCTION_SCAN);
        for t in self.tokens[start..=end].iter().rev() {
            let Some(text) = script.at(t.gen_line, t.gen_col) else {
                continue;
            };
            let Some(rest) = text.strip_prefix(minified) else {
                continue;
            };
            if rest.chars().next().is_some_and(is_identifier_char) {
                continue;
            }
            return Some(self.name(t.name).unwrap_or(minified));
        }
        None
    }
}

/// The strings of a JSON array (`None` for its other items); empty for anything else.
fn strings(value: Option<Value>) -> Vec<Option<String>> {
    match value {
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `sourceRoot` joined to a source name, as ECMA-426 says: prefixed, with a `/` between
/// when neither has one; an absolute source URL keeps its own.
fn with_root(root: &str, source: &str) -> String {
    if root.is_empty() || source.contains("://") || source.starts_with('/') {
        return source.to_string();
    }
    if root.ends_with('/') {
        format!("{root}{source}")
    } else {
        format!("{root}/{source}")
    }
}

/// Whether `c` may continue a JS identifier. Any non-ASCII character counts: minified
/// names are ASCII, and the Unicode tables would cost every module that links this.
fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// A generated script, indexed by line once so that positions are found in constant time
/// per line (columns are UTF-16 code units, as engines and maps count them).
#[derive(Debug, Clone)]
pub struct ScriptLines<'a> {
    /// Each line, and whether it is ASCII (then a column is a byte offset).
    lines: Vec<(&'a str, bool)>,
}

impl<'a> ScriptLines<'a> {
    /// Indexes `script` by line (`\n`, `\r\n` or `\r`).
    pub fn new(script: &'a str) -> ScriptLines<'a> {
        ScriptLines {
            lines: context::split_lines(script)
                .map(|l| (l, l.is_ascii()))
                .collect(),
        }
    }

    /// Line `line` (0-based), if the script has it.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        self.lines.get(line).map(|(text, _)| *text)
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the script is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The text from a 0-based position to the end of its line.
    fn at(&self, line: u32, column: u32) -> Option<&'a str> {
        let (text, ascii) = *self.lines.get(usize::try_from(line).ok()?)?;
        let column = usize::try_from(column).ok()?;
        // Minified code is mostly one long ASCII line: a column is then its byte offset,
        // which keeps the backwards scan linear.
        let at = if ascii {
            column
        } else {
            context::byte_offset(text, column)?
        };
        text.get(at..)
    }
}

#[cfg(test)]
mod tests;
