//! A minified frame made original: the function, file, line and column a source map
//! gives, the minified location kept beside them, and the source context, in the shape
//! Sentry gives processed frames (`data.sourcemap`, `pre_context`, `context_line`,
//! `post_context`), so that stored and exported events read the same everywhere.

use serde_json::{json, Value};

use super::{Original, SourceContext};
use crate::stack::filename_from_url;
use crate::{Frame, InAppRules};

/// The key, inside a frame's `data`, of the map that resolved it (its URL, or `inline`).
pub const ORIGINAL_FRAME_KEY: &str = "sourcemap";
/// The key, inside a frame's `data`, of why no map resolved it (set by the viewer's
/// resolver on the frames it shows; never stored).
pub const UNRESOLVED_KEY: &str = "sourcemap_error";

/// Where a resolved frame ran in the minified code, kept in its `data.minified`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MinifiedLocation {
    /// The function as the engine printed it.
    pub function: Option<String>,
    /// The script's URL.
    pub abs_path: Option<String>,
    /// 1-based line.
    pub lineno: Option<u32>,
    /// 1-based column.
    pub colno: Option<u32>,
}

impl MinifiedLocation {
    /// As the JSON object frames keep (built by hand: no serializer in the modules that
    /// call this).
    fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        for (key, text) in [("function", &self.function), ("abs_path", &self.abs_path)] {
            if let Some(t) = text {
                map.insert(key.into(), Value::String(t.clone()));
            }
        }
        for (key, n) in [("lineno", self.lineno), ("colno", self.colno)] {
            if let Some(n) = n {
                map.insert(key.into(), Value::from(n));
            }
        }
        Value::Object(map)
    }

    /// The minified location of a frame resolved by [`original_frame`], if it is one.
    pub fn of(frame: &Frame) -> Option<MinifiedLocation> {
        let data = frame.other.get("data")?;
        data.get(ORIGINAL_FRAME_KEY)?;
        // Read by hand: the viewer calls this on every frame it draws, and a serde
        // deserializer per type costs its wasm more than these lines.
        let m = data.get("minified")?.as_object()?;
        let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::to_string);
        let num = |key: &str| {
            m.get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        Some(MinifiedLocation {
            function: text("function"),
            abs_path: text("abs_path"),
            lineno: num("lineno"),
            colno: num("colno"),
        })
    }
}

/// What became of one frame when its script's map was looked for.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameResolution {
    /// Resolved: the original frame, made by [`original_frame`].
    Resolved {
        /// The frame.
        frame: Frame,
    },
    /// Not resolved, and why (the map is missing, could not be fetched or read, or has
    /// no mapping there); the script's own lines around the frame when it could be read.
    Unresolved {
        /// Why, in words.
        reason: String,
        /// The script's lines around the frame.
        context: Option<SourceContext>,
    },
    /// Nothing to resolve: a wasm, native or already original frame, or one without a
    /// script URL and position.
    Skipped,
}

/// The script URL and 1-based line and column of a frame a source map may resolve: a
/// JavaScript frame of an http(s) script with a line, not wasm (a Rust frame keeps its
/// demangled name and module), not resolved already.
pub fn resolvable_position(frame: &Frame) -> Option<(&str, u32, u32)> {
    let url = frame.abs_path.as_deref()?;
    let http = url.starts_with("http://") || url.starts_with("https://");
    let wasm = frame.module.is_some()
        || frame.other.contains_key("instruction_addr")
        || url
            .split(['?', '#'])
            .next()
            .is_some_and(|p| p.ends_with(".wasm"));
    if !http || wasm || MinifiedLocation::of(frame).is_some() {
        return None;
    }
    Some((url, frame.lineno?, frame.colno.unwrap_or(1)))
}

/// The last identifier of a function name as engines print it (`Object.n`, `async n`,
/// `new n`, `n [as x]`, Firefox's `n`): the name to look for in the minified code.
/// `None` for anonymous functions and names it cannot reduce to one identifier.
pub fn minified_identifier(printed: &str) -> Option<&str> {
    let printed = printed.split(" [as ").next().unwrap_or(printed).trim();
    let printed = printed.strip_prefix("async ").unwrap_or(printed);
    let printed = printed.strip_prefix("new ").unwrap_or(printed);
    let last = printed.rsplit('.').next().unwrap_or(printed);
    let identifier = !last.is_empty()
        && !last.starts_with(|c: char| c.is_ascii_digit())
        && last
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii());
    identifier.then_some(last)
}

/// The original frame for `minified`, found at `original` in a map (named by `map_ref`:
/// its URL, or `inline`): `function` is the original function's name when it was found,
/// `source_url` the source's URL resolved against the map's. The minified location goes
/// to `data.minified`; a frame from `node_modules` in the original sources is not the
/// app's; the context, when given, goes where Sentry keeps it.
pub fn original_frame(
    minified: &Frame,
    original: &Original<'_>,
    function: Option<&str>,
    source_url: &str,
    map_ref: &str,
    context: Option<&SourceContext>,
) -> Frame {
    let mut frame = Frame {
        function: function.map(str::to_string),
        filename: Some(filename_from_url(source_url).to_string()),
        abs_path: Some(source_url.to_string()),
        lineno: Some(original.line),
        colno: Some(original.column),
        in_app: minified.in_app,
        module: None,
        other: minified.other.clone(),
    };
    if frame.in_app == Some(true) {
        frame.in_app = Some(InAppRules::default().is_in_app(&frame));
    }
    let location = MinifiedLocation {
        function: minified.function.clone(),
        abs_path: minified.abs_path.clone(),
        lineno: minified.lineno,
        colno: minified.colno,
    };
    let mut data = match frame.other.remove("data") {
        Some(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    data.insert(ORIGINAL_FRAME_KEY.into(), Value::String(map_ref.into()));
    data.insert("minified".into(), location.to_value());
    frame.other.insert("data".into(), Value::Object(data));
    if let Some(c) = context {
        set_context(&mut frame, c);
    }
    frame
}

/// The minified frame as the viewer shows it when no map resolved it: `reason` in its
/// `data` (under [`UNRESOLVED_KEY`]) and the script's own lines around it, if any.
pub fn unresolved_frame(minified: &Frame, reason: &str, context: Option<&SourceContext>) -> Frame {
    let mut frame = minified.clone();
    let mut data = match frame.other.remove("data") {
        Some(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    data.insert(UNRESOLVED_KEY.into(), Value::String(reason.into()));
    frame.other.insert("data".into(), Value::Object(data));
    if let Some(c) = context {
        set_context(&mut frame, c);
    }
    frame
}

/// Why no source map resolved a frame, when the resolver said so.
pub fn unresolved_reason(frame: &Frame) -> Option<&str> {
    frame.other.get("data")?.get(UNRESOLVED_KEY)?.as_str()
}

/// Sets a frame's `pre_context`, `context_line` and `post_context`.
pub(crate) fn set_context(frame: &mut Frame, c: &SourceContext) {
    frame.other.insert("pre_context".into(), json!(c.pre));
    frame.other.insert("context_line".into(), json!(c.line));
    frame.other.insert("post_context".into(), json!(c.post));
}

impl SourceContext {
    /// The context a frame carries (`pre_context`, `context_line`, `post_context`), if
    /// it has a line and a `context_line`.
    pub fn of(frame: &Frame) -> Option<SourceContext> {
        let lines = |key: &str| -> Vec<String> {
            frame
                .other
                .get(key)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(SourceContext {
            pre: lines("pre_context"),
            line: frame.other.get("context_line")?.as_str()?.to_string(),
            post: lines("post_context"),
            lineno: frame.lineno?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_names_reduce_to_one_identifier() {
        assert_eq!(minified_identifier("n"), Some("n"));
        assert_eq!(minified_identifier("Object.n"), Some("n"));
        assert_eq!(minified_identifier("HTMLButtonElement.$e"), Some("$e"));
        assert_eq!(minified_identifier("async t.submit"), Some("submit"));
        assert_eq!(minified_identifier("new Ab"), Some("Ab"));
        assert_eq!(minified_identifier("Object.n [as handle]"), Some("n"));
        assert_eq!(minified_identifier("t.<anonymous>"), None);
        assert_eq!(minified_identifier("n/<"), None);
        assert_eq!(minified_identifier(""), None);
        assert_eq!(minified_identifier("1x"), None);
    }

    fn minified() -> Frame {
        Frame {
            function: Some("n".into()),
            filename: Some("/min/app.js".into()),
            abs_path: Some("https://h/min/app.js".into()),
            lineno: Some(1),
            colno: Some(230),
            in_app: Some(true),
            ..Frame::default()
        }
    }

    #[test]
    fn the_original_frame_keeps_the_minified_location_and_context() {
        let original = Original {
            source_index: 0,
            source: "../src/cart.js",
            line: 12,
            column: 5,
            name: None,
        };
        let context = SourceContext {
            pre: vec!["a".into()],
            line: "throw x".into(),
            post: vec![],
            lineno: 12,
        };
        let f = original_frame(
            &minified(),
            &original,
            Some("checkout"),
            "https://h/src/cart.js",
            "https://h/min/app.js.map",
            Some(&context),
        );
        assert_eq!(f.function.as_deref(), Some("checkout"));
        assert_eq!(f.filename.as_deref(), Some("/src/cart.js"));
        assert_eq!(
            (f.lineno, f.colno, f.in_app),
            (Some(12), Some(5), Some(true))
        );
        let back = MinifiedLocation::of(&f).unwrap();
        assert_eq!(back.function.as_deref(), Some("n"));
        assert_eq!((back.lineno, back.colno), (Some(1), Some(230)));
        assert_eq!(SourceContext::of(&f), Some(context));
        assert_eq!(f.other["data"]["sourcemap"], "https://h/min/app.js.map");
        // A frame never resolved has no minified location.
        assert_eq!(MinifiedLocation::of(&minified()), None);
    }

    #[test]
    fn only_javascript_frames_of_web_scripts_are_resolvable() {
        assert_eq!(
            resolvable_position(&minified()),
            Some(("https://h/min/app.js", 1, 230))
        );
        let wasm = Frame {
            abs_path: Some("https://h/app_bg.wasm".into()),
            ..minified()
        };
        let rust = Frame {
            module: Some("app::cart".into()),
            ..minified()
        };
        let native = Frame {
            abs_path: Some("<anonymous>".into()),
            ..minified()
        };
        let no_line = Frame {
            lineno: None,
            ..minified()
        };
        for frame in [wasm, rust, native, no_line] {
            assert_eq!(resolvable_position(&frame), None, "{frame:?}");
        }
        let original = Original {
            source_index: 0,
            source: "a.js",
            line: 1,
            column: 1,
            name: None,
        };
        let resolved = original_frame(
            &minified(),
            &original,
            None,
            "https://h/a.js",
            "inline",
            None,
        );
        assert_eq!(resolvable_position(&resolved), None);
    }

    #[test]
    fn an_unresolved_frame_says_why_and_stays_minified() {
        let context = SourceContext {
            line: "x".into(),
            lineno: 1,
            ..SourceContext::default()
        };
        let f = unresolved_frame(
            &minified(),
            "Source map not found (HTTP 404): u",
            Some(&context),
        );
        assert_eq!(
            unresolved_reason(&f),
            Some("Source map not found (HTTP 404): u")
        );
        assert_eq!((f.function.as_deref(), f.lineno), (Some("n"), Some(1)));
        assert_eq!(SourceContext::of(&f).map(|c| c.line), Some("x".into()));
        assert_eq!(unresolved_reason(&minified()), None);
    }

    #[test]
    fn library_code_in_the_original_sources_is_not_the_apps() {
        let original = Original {
            source_index: 0,
            source: "../node_modules/lib/index.js",
            line: 1,
            column: 1,
            name: None,
        };
        let f = original_frame(
            &minified(),
            &original,
            None,
            "https://h/node_modules/lib/index.js",
            "inline",
            None,
        );
        assert_eq!(f.in_app, Some(false));
        assert_eq!(SourceContext::of(&f), None);
    }
}
