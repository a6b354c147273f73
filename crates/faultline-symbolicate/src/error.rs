//! Why a frame could not be resolved, in words a person reads beside the frame.

use faultline_core::sourcemap::{DataUrlError, ParseSourceMapError};

/// What went wrong resolving one frame. Never fatal: the frame is shown minified, with
/// this beside it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The script names no map (no `sourceMappingURL` comment, no `SourceMap` header).
    #[error(
        "No source map: the script names none (no sourceMappingURL comment or SourceMap header)."
    )]
    NoMap,
    /// The server answered with an error status.
    #[error("{what} not found (HTTP {status}): {url}")]
    Status {
        /// `Source map`, `Script` or `Source`.
        what: &'static str,
        /// The URL fetched.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The fetch itself failed: offline, or another origin without CORS.
    #[error(
        "Could not fetch the {what} at {url} (network error, or another origin without CORS)."
    )]
    Network {
        /// `source map`, `script` or `source`.
        what: &'static str,
        /// The URL.
        url: String,
    },
    /// Bigger than the limit for its kind.
    #[error("The {what} at {url} is larger than {limit} bytes: not read.")]
    TooLarge {
        /// `source map`, `script` or `source`.
        what: &'static str,
        /// The URL.
        url: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The map is not valid JSON, or not a source map.
    #[error("The source map at {url} could not be read: {reason}.")]
    Invalid {
        /// The map's URL (`inline` for a data: URL).
        url: String,
        /// What the parser said.
        reason: String,
    },
    /// The map has no mapping for the frame's position.
    #[error("The source map at {url} has no mapping for line {line}, column {column}.")]
    Unmapped {
        /// The map's URL.
        url: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// A URL that could not be resolved against the script's.
    #[error("Not a URL: {0}")]
    BadUrl(String),
}

impl Error {
    /// An inline map that could not be decoded.
    pub(crate) fn data_url(e: DataUrlError) -> Error {
        Error::Invalid {
            url: "inline".into(),
            reason: e.to_string(),
        }
    }

    /// A map that did not parse.
    pub(crate) fn parse(url: &str, e: ParseSourceMapError) -> Error {
        Error::Invalid {
            url: url.into(),
            reason: e.to_string(),
        }
    }
}
