//! Rust panics as fatal events: a hook installed once, chaining the previous hook.
//!
//! The panic becomes a JS `Error` named `panic` whose stack is the JS stack at the panic
//! with the panic's location (`src/cart.rs:12:5`) written in as its crashing frame, in the
//! browser's own stack format, so the engine parses it like any other. It is captured with
//! the mechanism `{ type: "panic", handled: false }` and the level `fatal`. With
//! `panic = "abort"` the panic then ends in a wasm trap, which reaches the page as
//! `RuntimeError: unreachable`; the page part drops that one trap (within 2 s of a captured
//! panic), so a panic is one event.

use std::cell::Cell;
use std::panic::PanicHookInfo;

use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::convert::{get, set};
use crate::page;

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook unless it is installed already; it stays for the page's lifetime
/// (it prints every panic; it captures while Faultline is initialised).
pub(crate) fn install_once() {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        on_panic(info);
        previous(info);
    }));
}

/// Faultline's panic hook, for frameworks that set the panic hook themselves and would
/// replace the one `init` installs. Yew does, when an app renders, unless the app gives it
/// one: `yew::set_custom_panic_hook(faultline::panic_hook())`. It captures the panic as a
/// fatal event and prints it to the console as `console_error_panic_hook` does.
pub fn panic_hook() -> Box<dyn Fn(&PanicHookInfo<'_>) + Send + Sync + 'static> {
    Box::new(on_panic)
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.payload_as_str().unwrap_or("Box<dyn Any>");
    let error = js_sys::Error::new(message);
    error.set_name("panic");
    let stack = get(&error, "stack").as_string().unwrap_or_default();
    let location = info.location().map(|l| {
        l.file().to_string() + ":" + &l.line().to_string() + ":" + &l.column().to_string()
    });
    // Printed as console_error_panic_hook prints it: the default hook has no console here.
    let at = location.as_deref().unwrap_or("<unknown>");
    page::say(
        "error",
        &("panicked at ".to_string() + at + ":\n" + message + "\n\nStack:\n\n" + &stack),
    );
    if let Some(location) = &location {
        set(&error, "stack", with_crashing_frame(&stack, location));
    }
    let mechanism = Object::new();
    set(&mechanism, "type", "panic");
    set(&mechanism, "handled", false);
    let hint = Object::new();
    set(&hint, "mechanism", mechanism);
    set(&hint, "level", "fatal");
    page::capture_exception(&error, &JsValue::from(hint));
}

/// `stack` with a frame at `location` (`file:line:column`) as its most recent call, in the
/// stack's own format: V8's `    at location` before its first frame line, or
/// SpiderMonkey's and JavaScriptCore's `@location` as the first line.
fn with_crashing_frame(stack: &str, location: &str) -> String {
    let mut out = String::with_capacity(stack.len() + location.len() + 8);
    let mut placed = false;
    for line in stack.split_inclusive('\n') {
        if !placed && line.trim_start().starts_with("at ") {
            out = out + "    at " + location + "\n";
            placed = true;
        }
        out.push_str(line);
    }
    if placed {
        out
    } else {
        "@".to_string() + location + "\n" + stack
    }
}

#[cfg(test)]
mod tests {
    use super::with_crashing_frame;
    use faultline_core::parse_stack;

    /// `(function, filename, line, column)` of the most recent frame.
    fn crashing(stack: &str) -> (Option<String>, Option<String>, Option<u32>, Option<u32>) {
        let frame = parse_stack(stack).frames.pop().expect("frames");
        (frame.function, frame.filename, frame.lineno, frame.colno)
    }

    #[test]
    fn the_panic_location_is_the_crashing_frame_in_every_stack_format() {
        let v8 = "Error: index out of bounds\n    at imports.wbg.__wbg_new (http://app.test/app.js:10:5)\n    at app.wasm.rust_panic (http://app.test/app_bg.wasm:wasm-function[12]:0x1a2)\n";
        let gecko = "__wbg_new@http://app.test/app.js:10:5\nrust_panic@http://app.test/app_bg.wasm:wasm-function[12]:0x1a2\n";
        for stack in [v8, gecko] {
            let out = with_crashing_frame(stack, "src/cart.rs:12:5");
            assert_eq!(
                crashing(&out),
                (None, Some("src/cart.rs".into()), Some(12), Some(5)),
                "{out}"
            );
            // The JS stack is all still there, below it.
            assert_eq!(
                parse_stack(&out).frames.len(),
                parse_stack(stack).frames.len() + 1
            );
        }
    }

    #[test]
    fn a_stack_without_frames_gets_the_location_alone() {
        let out = with_crashing_frame("", "src/lib.rs:3:9");
        assert_eq!(
            crashing(&out),
            (None, Some("src/lib.rs".into()), Some(3), Some(9))
        );
    }
}
