//! Which frames take part in the default fingerprint.
//!
//! Sentry hashes every in-app frame of a stack. Engines do not show the same stack,
//! though: V8 keeps only 10 frames by default (`Error.stackTraceLimit`), SpiderMonkey
//! up to 128, and async frames depend on the engine and on whether devtools are open.
//! Hashing every in-app frame would put the same bug in one issue per browser (a Rust
//! panic shows 1 app frame in Chromium and 4 in Firefox). So Faultline hashes every
//! in-app frame within the window every engine shows: the [`FRAME_WINDOW`] frames at
//! the crashing end, V8's default, stopping at the first async boundary. Recursion
//! collapses to one frame, and line and column never count, so a redeploy that moves
//! code keeps its issue.
//!
//! When no frame is in-app (eval'd code, bookmarklets, code pasted into a console,
//! a library failing on its own), the same window of all frames decides, as in Sentry's
//! "system" variant, before the message does: distinct functions stay distinct even when
//! their messages differ only in a number. Extension frames never count in either.
//!
//! Engines disagree on some frames, which therefore do not count or count alike:
//! - SpiderMonkey lists an `Error` subclass's constructor above the throw site, V8 does
//!   not: leading frames named after the exception type (or `constructor`) are skipped.
//! - An anonymous function is named after where it was defined by SpiderMonkey
//!   (`thunkMiddleware/</<`, `applyMiddleware/dispatch<`) and after the property it was
//!   called through by V8 (`Object.dispatch`). Names ending in `<` are anonymous, and so is
//!   a plain-object method (`Object.x`) that called an anonymous function: in a chain of
//!   closures (middleware, composed handlers) that is V8's call-site name for a closure.
//!
//! The window counts frames that are not built-ins: V8 prints built-ins (`Array.map`),
//! SpiderMonkey does not, so counting them would let Firefox's window reach one app frame
//! further than Chromium's whenever a built-in sits near the crash. V8 must then show more
//! than 10 frames for deep stacks: `init` raises `Error.stackTraceLimit` to 50.

use super::explain::{FrameOutcome, FrameVerdict, SkipReason};
use super::normalize;
use crate::in_app::{is_extension_url, is_native, is_wasm};
use crate::{Frame, InAppRules};

/// Frames from the crashing end that can contribute, built-ins not counted: V8's default
/// `Error.stackTraceLimit`.
pub(crate) const FRAME_WINDOW: usize = 10;

/// Which frames may contribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Variant {
    /// The app's own frames.
    #[default]
    InApp,
    /// Every frame but built-ins and extensions: no frame was in-app.
    System,
}

/// The frames' components, crashing end first, and every frame's verdict.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    pub components: Vec<String>,
    pub verdicts: Vec<FrameVerdict>,
    pub variant: Variant,
}

/// Selects the contributing frames of a stack (oldest first) of an exception of type `ty`:
/// the in-app variant, else the system variant. Without components from either, the
/// in-app verdicts say why each frame was left out.
pub(crate) fn select(frames: &[Frame], ty: &str) -> Selection {
    let in_app = select_variant(frames, ty, Variant::InApp);
    if !in_app.components.is_empty() {
        return in_app;
    }
    let system = select_variant(frames, ty, Variant::System);
    if system.components.is_empty() {
        in_app
    } else {
        system
    }
}

/// What the walk from the crashing end has seen so far.
struct Walk<'a> {
    ty: &'a str,
    variant: Variant,
    seen: usize,
    past_await: bool,
    /// Still at the top: every frame so far was the exception's constructor.
    at_top: bool,
    /// The frame just before (crash side) was anonymous.
    callee_anonymous: bool,
}

fn select_variant(frames: &[Frame], ty: &str, variant: Variant) -> Selection {
    let mut selection = Selection {
        variant,
        ..Selection::default()
    };
    let mut walk = Walk {
        ty,
        variant,
        seen: 0,
        past_await: false,
        at_top: true,
        callee_anonymous: false,
    };
    for (index, frame) in frames.iter().enumerate().rev() {
        // Built-ins do not count in the window: V8 prints them, SpiderMonkey does not.
        if !is_native(frame) {
            walk.seen += 1;
        }
        walk.past_await = walk.past_await || is_async_continuation(frame);
        let outcome = judge(frame, &mut walk, selection.components.last());
        if let FrameOutcome::Contributed { component } = &outcome {
            selection.components.push(component.clone());
        }
        selection.verdicts.push(FrameVerdict { index, outcome });
    }
    selection
}

/// The verdict on the next frame from the crashing end.
fn judge(frame: &Frame, walk: &mut Walk<'_>, previous: Option<&String>) -> FrameOutcome {
    let function = function_name(frame, walk.callee_anonymous);
    walk.callee_anonymous = function.is_none();
    let constructor = walk.at_top && function.is_some_and(|f| f == walk.ty || f == "constructor");
    walk.at_top = constructor;
    let extension = frame.abs_path.as_deref().is_some_and(is_extension_url);
    let reason = if walk.seen > FRAME_WINDOW {
        SkipReason::BeyondLimit
    } else if is_native(frame) {
        SkipReason::Native
    } else if extension {
        SkipReason::Extension
    } else if walk.past_await {
        SkipReason::AsyncContinuation
    } else if walk.variant == Variant::InApp && !is_in_app(frame) {
        SkipReason::NotInApp
    } else if constructor {
        SkipReason::ErrorConstructor
    } else {
        let component = component(frame, function);
        if previous == Some(&component) {
            SkipReason::RecursionDuplicate
        } else {
            return FrameOutcome::Contributed { component };
        }
    };
    FrameOutcome::Skipped { reason }
}

/// The frame's function as grouping reads it: `None` when anonymous, including V8's
/// call-site name (`Object.dispatch`) for what called an anonymous function.
fn function_name(frame: &Frame, callee_anonymous: bool) -> Option<&str> {
    let printed = frame.function.as_deref()?;
    if callee_anonymous && printed.starts_with("Object.") {
        return None;
    }
    normalize::function_name(printed)
}

/// Frames that resumed after an `await` (V8's `async f`) or ran on behalf of a
/// scheduler (SpiderMonkey's `async*f`, `setTimeout handler*f`).
fn is_async_continuation(frame: &Frame) -> bool {
    frame
        .function
        .as_deref()
        .is_some_and(|f| f.starts_with("async ") || f.contains('*'))
}

/// The frame's own flag, or the default rules when it has none.
fn is_in_app(frame: &Frame) -> bool {
    frame
        .in_app
        .unwrap_or_else(|| InAppRules::default().is_in_app(frame))
}

/// `frame:function@file`, with an empty function for anonymous code. A Rust wasm frame
/// is `frame:function@module`: its module path names the code in every engine, while the
/// wasm file is missing from JavaScriptCore's frames.
fn component(frame: &Frame, function: Option<&str>) -> String {
    let function = function.unwrap_or("");
    if let (true, Some(module)) = (is_wasm(frame), frame.module.as_deref()) {
        return format!("frame:{function}@{module}");
    }
    let file = frame
        .abs_path
        .as_deref()
        .or(frame.filename.as_deref())
        .map(normalize::file_name)
        .unwrap_or_default();
    format!("frame:{function}@{file}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(function: &str, url: &str) -> Frame {
        Frame {
            function: (!function.is_empty()).then(|| function.to_string()),
            abs_path: Some(url.to_string()),
            lineno: (url != "<anonymous>").then_some(1),
            ..Frame::default()
        }
    }

    fn reasons(selection: &Selection) -> Vec<Option<SkipReason>> {
        selection
            .verdicts
            .iter()
            .map(|v| match v.outcome {
                FrameOutcome::Contributed { .. } => None,
                FrameOutcome::Skipped { reason } => Some(reason),
            })
            .collect()
    }

    #[test]
    fn natives_and_libraries_are_skipped_with_their_reason() {
        let frames = [
            frame("main", "https://h/app.js"),
            frame("Array.map", "<anonymous>"),
            frame("render", "https://h/node_modules/lib/index.js"),
            frame("Cart.total", "https://h/app.js"),
        ];
        let selection = select(&frames, "TypeError");
        assert_eq!(
            selection.components,
            ["frame:total@app.js", "frame:main@app.js"]
        );
        assert_eq!(
            reasons(&selection),
            [
                None,
                Some(SkipReason::NotInApp),
                Some(SkipReason::Native),
                None
            ]
        );
        assert_eq!(selection.verdicts[0].index, 3);
    }

    #[test]
    fn recursion_collapses_to_one_frame() {
        let mut frames = vec![frame("main", "https://h/app.js")];
        frames.extend((0..5).map(|_| frame("recurse", "https://h/app.js")));
        let selection = select(&frames, "TypeError");
        assert_eq!(
            selection.components,
            ["frame:recurse@app.js", "frame:main@app.js"]
        );
        assert_eq!(
            reasons(&selection)[1..5],
            [Some(SkipReason::RecursionDuplicate); 4]
        );
    }

    #[test]
    fn frames_past_the_window_or_an_await_do_not_count() {
        let frames: Vec<Frame> = (0..12)
            .map(|i| frame(&format!("f{i}"), "https://h/app.js"))
            .collect();
        let selection = select(&frames, "TypeError");
        assert_eq!(selection.components.len(), FRAME_WINDOW);
        assert_eq!(
            reasons(&selection)[FRAME_WINDOW],
            Some(SkipReason::BeyondLimit)
        );

        let frames = [
            frame("async main", "https://h/app.js"),
            frame("async load", "https://h/app.js"),
            frame("fetchUser", "https://h/app.js"),
        ];
        let selection = select(&frames, "TypeError");
        assert_eq!(selection.components, ["frame:fetchUser@app.js"]);
        assert_eq!(
            reasons(&selection),
            [
                None,
                Some(SkipReason::AsyncContinuation),
                Some(SkipReason::AsyncContinuation)
            ]
        );
    }
}
