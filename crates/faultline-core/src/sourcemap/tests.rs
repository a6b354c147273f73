use proptest::prelude::*;
use serde_json::json;

use super::vlq::tests::encode_mappings;
use super::vlq::{Token, NONE};
use super::*;

fn token(
    gen_line: u32,
    gen_col: u32,
    source: u32,
    src_line: u32,
    src_col: u32,
    name: u32,
) -> Token {
    Token {
        gen_line,
        gen_col,
        source,
        src_line,
        src_col,
        name,
    }
}

/// A map of `tokens` over sources `a.js`, `b.js` and names `checkout`, `render`.
fn map_json(tokens: &[Token]) -> serde_json::Value {
    json!({
        "version": 3,
        "sources": ["a.js", "b.js"],
        "sourcesContent": ["line 1\nline 2", null],
        "names": ["checkout", "render"],
        "mappings": encode_mappings(tokens),
    })
}

#[test]
fn lookup_finds_the_mapping_at_or_before_the_column_on_its_line() {
    let map = SourceMap::parse(
        &map_json(&[
            token(0, 0, 0, 0, 0, NONE),
            token(0, 10, 1, 41, 4, 0),
            token(1, 5, 0, 1, 2, NONE),
        ])
        .to_string(),
    )
    .unwrap();
    // Stack traces count from 1: line 1, column 11 is the token at (0, 10).
    let o = map.lookup(1, 11).unwrap();
    assert_eq!(
        (o.source, o.line, o.column, o.name),
        ("b.js", 42, 5, Some("checkout"))
    );
    assert_eq!(map.lookup(1, 40).unwrap().line, 42);
    assert_eq!(map.lookup(1, 10).unwrap().source, "a.js");
    // Line 2 starts mapping at column 6: before it there is nothing on that line.
    assert_eq!(map.lookup(2, 3), None);
    assert_eq!(map.lookup(2, 6).unwrap().line, 2);
    assert_eq!(map.lookup(3, 1), None);
    assert_eq!(map.lookup(0, 1), None);
    assert_eq!(map.source_content(0), Some("line 1\nline 2"));
    assert_eq!(map.source_content(1), None);
}

#[test]
fn a_mapping_without_source_maps_nowhere() {
    let map = SourceMap::parse(&map_json(&[token(0, 0, NONE, 0, 0, NONE)]).to_string()).unwrap();
    assert_eq!(map.len(), 1);
    assert_eq!(map.lookup(1, 1), None);
}

#[test]
fn source_root_prefixes_relative_sources() {
    let map = SourceMap::parse(
        &json!({"version": 3, "sourceRoot": "src", "sources": ["a.js", "/abs.js", "webpack://x/b.js"], "names": [], "mappings": ""})
            .to_string(),
    )
    .unwrap();
    assert_eq!(map.sources(), ["src/a.js", "/abs.js", "webpack://x/b.js"]);
}

#[test]
fn index_maps_offset_each_section() {
    let first = map_json(&[token(0, 0, 0, 0, 0, 0)]);
    let second = json!({
        "version": 3, "sources": ["c.js"], "names": ["late"],
        "mappings": encode_mappings(&[token(0, 0, 0, 6, 0, 0), token(1, 2, 0, 9, 0, NONE)]),
    });
    let index = json!({
        "version": 3,
        "sections": [
            {"offset": {"line": 0, "column": 0}, "map": first},
            {"offset": {"line": 3, "column": 100}, "map": second},
        ],
    });
    let map = SourceMap::parse(&index.to_string()).unwrap();
    let o = map.lookup(1, 1).unwrap();
    assert_eq!((o.source, o.name), ("a.js", Some("checkout")));
    // The second section's first line starts at column 100 of line 4.
    assert_eq!(map.lookup(4, 100), None);
    let o = map.lookup(4, 101).unwrap();
    assert_eq!((o.source, o.line, o.name), ("c.js", 7, Some("late")));
    // Its second line is not shifted by the column.
    assert_eq!(map.lookup(5, 3).unwrap().line, 10);
    assert_eq!(map.sources().len(), 3);
}

#[test]
fn unsupported_maps_are_errors_not_panics() {
    assert!(matches!(
        SourceMap::parse("{"),
        Err(ParseSourceMapError::NotASourceMap(_))
    ));
    assert!(matches!(
        SourceMap::parse("[1]"),
        Err(ParseSourceMapError::NotASourceMap(_))
    ));
    assert_eq!(
        SourceMap::parse(r#"{"version": 2, "mappings": ""}"#),
        Err(ParseSourceMapError::Version(2))
    );
    assert_eq!(
        SourceMap::parse(
            r#"{"version":3,"sections":[{"offset":{"line":0,"column":0},"url":"x.map"}]}"#
        ),
        Err(ParseSourceMapError::SectionUrl)
    );
    let guarded = format!(")]}}'\n{}", map_json(&[token(0, 0, 0, 0, 0, NONE)]));
    assert_eq!(SourceMap::parse(&guarded).unwrap().len(), 1);
    let bad =
        SourceMap::parse(r#"{"version":3,"sources":[],"names":[],"mappings":"AAAA,!!"}"#).unwrap();
    assert_eq!(bad.skipped_segments, 1);
    // A token naming a source the map does not list resolves to nothing.
    assert_eq!(bad.lookup(1, 1), None);
}

#[test]
fn the_function_is_named_by_its_definition_in_the_minified_code() {
    // function n(t){return t.total()}function r(){n(1)}
    // 0         1         2         3         4
    // 0123456789012345678901234567890123456789012345678
    let script = "function n(t){return t.total()}function r(){n(1)}";
    let map = SourceMap::parse(
        &map_json(&[
            token(0, 9, 0, 0, 9, 0),     // n: checkout
            token(0, 23, 0, 1, 9, NONE), // total (not renamed)
            token(0, 40, 0, 4, 9, 1),    // r: render
            token(0, 44, 0, 5, 2, 0),    // n( : checkout
        ])
        .to_string(),
    )
    .unwrap();
    let lines = ScriptLines::new(script);
    // A frame in n at `t.total()` (column 24, 1-based).
    assert_eq!(map.original_function(&lines, 1, 24, "n"), Some("checkout"));
    // A frame in r at `n(1)`.
    assert_eq!(map.original_function(&lines, 1, 45, "r"), Some("render"));
    // A name that was never renamed is its own original.
    assert_eq!(map.original_function(&lines, 1, 24, "total"), Some("total"));
    // Nothing spelled like it before the frame.
    assert_eq!(map.original_function(&lines, 1, 24, "zz"), None);
    // `n` must not match a longer identifier that starts with it.
    let lines = ScriptLines::new("function nn(t){return t.total()}");
    assert_eq!(map.original_function(&lines, 1, 24, "n"), None);
}

proptest! {
    #[test]
    fn mappings_round_trip(mut raw in prop::collection::vec((0u32..40, 0u32..5000, 0u32..3, 0u32..500, 0u32..200, 0u32..4), 0..200)) {
        raw.sort_unstable();
        raw.dedup_by_key(|t| (t.0, t.1));
        let tokens: Vec<Token> = raw.iter().map(|&(l, c, s, sl, sc, n)| {
            let (source, name) = match s { 0 => (NONE, NONE), _ => (s - 1, if n == 0 { NONE } else { n - 1 }) };
            let (sl, sc) = if source == NONE { (0, 0) } else { (sl, sc) };
            token(l, c, source, sl, sc, name)
        }).collect();
        let (back, bad) = vlq::decode_mappings(&encode_mappings(&tokens));
        prop_assert_eq!(bad, 0);
        prop_assert_eq!(back, tokens);
    }

    #[test]
    fn any_mappings_text_decodes_without_panicking(text in "[A-Za-z0-9+/,;!]{0,400}") {
        let (tokens, _) = vlq::decode_mappings(&text);
        prop_assert!(tokens.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(tokens.len() <= text.len());
    }

    #[test]
    fn any_json_parses_or_errs(text in any::<String>(), mappings in "[A-Za-z0-9+/,;]{0,100}", line in 0u32..5, col in 0u32..100) {
        let _ = SourceMap::parse(&text);
        let json = json!({"version": 3, "sources": ["a"], "names": ["x"], "mappings": mappings}).to_string();
        let map = SourceMap::parse(&json).unwrap();
        let _ = map.lookup(line, col);
        let lines = ScriptLines::new("abc def\nxyz");
        let _ = map.original_function(&lines, line, col, "x");
    }

    #[test]
    fn context_and_locating_are_total(text in any::<String>(), line in 0u32..20, col in proptest::option::of(0u32..400)) {
        let _ = source_context(&text, line, col);
        let _ = cut_line(&text, col.map(|c| c as usize));
        let _ = source_mapping_url(&text);
        let _ = decode_data_url(&text);
        let _ = decode_data_url(&format!("data:;base64,{text}"));
        let _ = expand_map_url(&text, &text);
        let _ = minified_identifier(&text);
    }
}
