//! Fetching scripts, maps and sources as text, within a size limit, with the global
//! `fetch` (a window's or a Worker's alike).

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::Error;

/// The largest script read (to find its map and function names): 16 MiB.
pub const MAX_SCRIPT_BYTES: usize = 16 << 20;
/// The largest source map read: 32 MiB.
pub const MAX_MAP_BYTES: usize = 32 << 20;
/// The largest original source read for context lines: 4 MiB.
pub const MAX_SOURCE_BYTES: usize = 4 << 20;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in a window or a Worker.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str) -> Promise;
}

/// A fetched text and the map its response names in a header, if any.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The body.
    pub text: String,
    /// The `SourceMap` (or older `X-SourceMap`) header.
    pub map_header: Option<String>,
}

/// Fetches `url` as text; `what` names it in errors (`script`, `source map`, `source`).
pub async fn fetch_text(url: &str, what: &'static str, limit: usize) -> Result<Fetched, Error> {
    let network = || Error::Network {
        what,
        url: url.to_string(),
    };
    let response: Response = JsFuture::from(global_fetch(url))
        .await
        .map_err(|_| network())?
        .dyn_into()
        .map_err(|_| network())?;
    if !response.ok() {
        return Err(Error::Status {
            what: capitalized(what),
            url: url.to_string(),
            status: response.status(),
        });
    }
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten().filter(|v| !v.is_empty());
    let too_large = || Error::TooLarge {
        what,
        url: url.to_string(),
        limit,
    };
    // A declared length over the limit is refused before the body is read.
    if header("content-length")
        .and_then(|n| n.trim().parse::<usize>().ok())
        .is_some_and(|n| n > limit)
    {
        return Err(too_large());
    }
    let map_header = header("sourcemap").or_else(|| header("x-sourcemap"));
    let body = response.text().map_err(|_| network())?;
    let text = JsFuture::from(body)
        .await
        .map_err(|_| network())?
        .as_string()
        .ok_or_else(network)?;
    if text.len() > limit {
        return Err(too_large());
    }
    Ok(Fetched { text, map_header })
}

fn capitalized(what: &'static str) -> &'static str {
    match what {
        "source map" => "Source map",
        "script" => "Script",
        _ => "Source",
    }
}
