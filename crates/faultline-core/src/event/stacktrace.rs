//! Stack traces and their frames.

use serde::{Deserialize, Serialize};

use super::Other;

/// A stack trace, oldest call first and the crashing frame last.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Stacktrace {
    /// The frames.
    #[serde(default)]
    pub frames: Vec<Frame>,
    /// Fields not modelled here (`frames_omitted`, `registers`).
    #[serde(flatten)]
    pub other: Other,
}

/// One stack frame.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Frame {
    /// Function name as the engine reported it (decorations kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The file as shown to people: the URL's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The full URL or path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_path: Option<String>,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineno: Option<u32>,
    /// 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colno: Option<u32>,
    /// Whether the frame is the app's own code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_app: Option<bool>,
    /// The module (Rust path) of the function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// Fields not modelled here (`instruction_addr` of wasm frames, `vars`, `context_line`).
    #[serde(flatten)]
    pub other: Other,
}
