//! Resolving one minified frame: its script, the script's map, the lookup, and the
//! original source's lines around it. Every failure is the frame's own (an [`Error`]
//! beside it), never the page's.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use faultline_core::sourcemap::{
    decode_data_url, expand_map_url, minified_identifier, original_frame, resolvable_position,
    source_context, source_mapping_url, FrameResolution, ScriptLines, SourceContext, SourceMap,
};
use faultline_core::Frame;

use crate::cache::{self, Memory};
use crate::fetch::{fetch_text, MAX_MAP_BYTES, MAX_SCRIPT_BYTES, MAX_SOURCE_BYTES};
use crate::json::{frame_from_value, frame_to_value};
use crate::Error;

/// How maps are found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The app's rule for where its maps live (`init`'s `sourceMaps.mapUrl`, see
    /// `faultline_core::sourcemap::expand_map_url`); `None`: the script says.
    pub map_url: Option<String>,
}

/// A script as fetched, and the map it names (an absolute or `data:` URL).
struct Script {
    text: String,
    map_url: Option<String>,
}

type Shared<T> = Rc<Result<T, Error>>;

/// Resolves frames, remembering what it fetched (see `cache.rs`).
#[derive(Default)]
pub struct Resolver {
    options: Options,
    scripts: RefCell<Memory<Result<Script, Error>>>,
    maps: RefCell<Memory<Result<SourceMap, Error>>>,
    sources: RefCell<Memory<Result<String, Error>>>,
    /// The Cache API's cache, once opened (`Some(None)`: there is none).
    cache: RefCell<Option<Option<web_sys::Cache>>>,
    /// Whether a frame was added to the Cache API since [`Resolver::trim`].
    stored: Cell<bool>,
}

/// `url` resolved against `base`.
fn absolute(url: &str, base: &str) -> Result<String, Error> {
    web_sys::Url::new_with_base(url, base)
        .map(|u| u.href())
        .map_err(|_| Error::BadUrl(url.to_string()))
}

impl Resolver {
    /// A resolver that finds maps as `options` say.
    pub fn new(options: Options) -> Resolver {
        Resolver {
            options,
            ..Resolver::default()
        }
    }

    /// The options it was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// What becomes of `frame` of an event of `release`: resolved (from the Cache API
    /// when it was before), unresolved with the reason, or skipped.
    pub async fn resolve(&self, frame: &Frame, release: &str) -> FrameResolution {
        let Some((url, line, column)) = resolvable_position(frame) else {
            return FrameResolution::Skipped;
        };
        let function = frame.function.as_deref().unwrap_or("");
        let key = cache::frame_key(release, url, line, column, function);
        let cache = self.cache().await;
        let hit = match &cache {
            Some(cache) => cache::load(cache, &key).await,
            None => None,
        };
        let hit = hit.and_then(|t| serde_json::from_str(&t).ok());
        if let Some(frame) = hit.and_then(frame_from_value) {
            return FrameResolution::Resolved { frame };
        }
        match self.resolve_fetching(frame, url, line, column).await {
            Ok(frame) => {
                let text = serde_json::to_string(&frame_to_value(&frame));
                if let (Some(cache), Ok(text)) = (&cache, text) {
                    cache::store(cache, &key, &text).await;
                    self.stored.set(true);
                }
                FrameResolution::Resolved { frame }
            }
            Err((e, context)) => FrameResolution::Unresolved {
                reason: e.to_string(),
                context,
            },
        }
    }

    /// The Cache API's cache, opened once.
    async fn cache(&self) -> Option<web_sys::Cache> {
        if let Some(opened) = self.cache.borrow().clone() {
            return opened;
        }
        let opened = cache::open().await;
        *self.cache.borrow_mut() = Some(opened.clone());
        opened
    }

    /// Drops the Cache API's oldest frames beyond its bound, if frames were added since
    /// the last time.
    pub async fn trim(&self) {
        if self.stored.replace(false) {
            if let Some(cache) = self.cache().await {
                cache::trim(&cache).await;
            }
        }
    }

    async fn resolve_fetching(
        &self,
        frame: &Frame,
        url: &str,
        line: u32,
        column: u32,
    ) -> Result<Frame, (Error, Option<SourceContext>)> {
        let script = self.script(url).await;
        // The script's own lines: the context when no map resolves the frame.
        let own_lines = || {
            let text = &script.as_ref().as_ref().ok()?.text;
            source_context(text, line, Some(column))
        };
        let map_url = match (&self.options.map_url, &*script) {
            (Some(rule), _) => absolute(&expand_map_url(rule, url), url).map_err(|e| (e, None))?,
            (None, Ok(s)) => s
                .map_url
                .clone()
                .ok_or_else(|| (Error::NoMap, own_lines()))?,
            (None, Err(e)) => return Err((e.clone(), None)),
        };
        let inline = map_url.starts_with("data:");
        let map_ref = if inline { "inline" } else { map_url.as_str() };
        let map = self.map(&map_url, url).await;
        let map = map
            .as_ref()
            .as_ref()
            .map_err(|e| (e.clone(), own_lines()))?;
        let Some(original) = map.lookup(line, column) else {
            let e = Error::Unmapped {
                url: map_ref.to_string(),
                line,
                column,
            };
            return Err((e, own_lines()));
        };
        let function = match (frame.function.as_deref(), &*script) {
            (Some(printed), Ok(s)) => minified_identifier(printed)
                .and_then(|m| map.original_function(&ScriptLines::new(&s.text), line, column, m))
                .or(Some(printed)),
            (printed, _) => printed,
        };
        let base = if inline { url } else { map_url.as_str() };
        let source_url = absolute(original.source, base).unwrap_or_else(|_| original.source.into());
        let context = match map.source_content(original.source_index) {
            Some(text) => source_context(text, original.line, Some(original.column)),
            None => self
                .source(&source_url)
                .await
                .as_ref()
                .as_ref()
                .ok()
                .and_then(|text| source_context(text, original.line, Some(original.column))),
        };
        Ok(original_frame(
            frame,
            &original,
            function,
            &source_url,
            map_ref,
            context.as_ref(),
        ))
    }

    /// The script at `url` and the map it names: its `SourceMap` header, else its last
    /// `sourceMappingURL` comment.
    async fn script(&self, url: &str) -> Shared<Script> {
        if let Some(hit) = self.scripts.borrow().get(url) {
            return hit;
        }
        let fetched = fetch_text(url, "script", MAX_SCRIPT_BYTES).await;
        let script = fetched.and_then(|f| {
            let named = f
                .map_header
                .as_deref()
                .or_else(|| source_mapping_url(&f.text));
            let map_url = match named {
                Some(data) if data.starts_with("data:") => Some(data.to_string()),
                Some(relative) => Some(absolute(relative, url)?),
                None => None,
            };
            Ok(Script {
                text: f.text,
                map_url,
            })
        });
        let bytes = script.as_ref().map_or(0, |s| s.text.len());
        let script = Rc::new(script);
        self.scripts.borrow_mut().put(url, script.clone(), bytes);
        script
    }

    /// The map at `map_url` (a `data:` URL is decoded; it is remembered by its script's
    /// URL).
    async fn map(&self, map_url: &str, script_url: &str) -> Shared<SourceMap> {
        let key = if map_url.starts_with("data:") {
            script_url
        } else {
            map_url
        };
        if let Some(hit) = self.maps.borrow().get(key) {
            return hit;
        }
        let text = match decode_data_url(map_url) {
            Some(decoded) => decoded.map_err(Error::data_url),
            None => fetch_text(map_url, "source map", MAX_MAP_BYTES)
                .await
                .map(|f| f.text),
        };
        let bytes = text.as_ref().map_or(0, String::len);
        let url = if key == script_url { "inline" } else { map_url };
        let map = text.and_then(|t| SourceMap::parse(&t).map_err(|e| Error::parse(url, e)));
        let map = Rc::new(map);
        self.maps.borrow_mut().put(key, map.clone(), bytes);
        map
    }

    /// An original source the map does not carry, fetched (http(s) URLs only).
    async fn source(&self, url: &str) -> Shared<String> {
        if let Some(hit) = self.sources.borrow().get(url) {
            return hit;
        }
        let text = if url.starts_with("http://") || url.starts_with("https://") {
            fetch_text(url, "source", MAX_SOURCE_BYTES)
                .await
                .map(|f| f.text)
        } else {
            Err(Error::BadUrl(url.to_string()))
        };
        let bytes = text.as_ref().map_or(0, String::len);
        let text = Rc::new(text);
        self.sources.borrow_mut().put(url, text.clone(), bytes);
        text
    }
}
