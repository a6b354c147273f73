//! Rust panics as fatal events: a hook installed once, chaining the previous hook.
//!
//! With `panic = "abort"` a panic ends in a wasm trap, which JS sees as
//! `RuntimeError: unreachable` right after the hook returns. The hook notes the time so
//! that this trap is not captured as a second event.

use std::cell::Cell;
use std::panic::PanicHookInfo;

use faultline_core::{
    parse_stack, Event, Exception, ExceptionList, Frame, Level, Mechanism, Stacktrace,
};

use crate::client::{self, Body};
use crate::sensors;

/// How long after a panic its trap is expected.
const TRAP_WINDOW_MS: f64 = 2000.0;

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
    static PANICKED_AT: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// Installs the hook unless it is installed already; it stays for the page's lifetime
/// and does nothing while Faultline is not initialised.
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
    let message = info.payload_as_str().unwrap_or("Box<dyn Any>").to_string();
    let location = info
        .location()
        .map(|l| (l.file().to_string(), l.line(), l.column()));
    let stack = sensors::stack_here();
    // Print as console_error_panic_hook does: the default hook has no console on wasm.
    let mut text = "panicked at ".to_string();
    if let Some((file, line, col)) = &location {
        text = text + file + ":" + &line.to_string() + ":" + &col.to_string();
    }
    text = text + ":\n" + &message + "\n\nStack:\n\n" + &stack;
    sensors::error(&text);
    PANICKED_AT.with(|p| p.set(js_sys::Date::now()));
    client::capture(
        Body::Panic {
            message,
            location,
            stack,
        },
        wasm_bindgen::JsValue::UNDEFINED,
        js_sys::Date::now(),
        None,
    );
}

/// Whether an error named `name` with `message` is the trap that follows a panic; the
/// first one after a panic is, once.
pub(crate) fn is_panic_trap(name: Option<&str>, message: Option<&str>) -> bool {
    let trap =
        name == Some("RuntimeError") && message.is_some_and(|m| m.starts_with("unreachable"));
    if !trap {
        return false;
    }
    PANICKED_AT.with(|p| {
        let recent = js_sys::Date::now() - p.get() < TRAP_WINDOW_MS;
        if recent {
            p.set(f64::NEG_INFINITY);
        }
        recent
    })
}

/// A Rust panic: fatal, mechanism `panic`, the panic location as the crashing frame.
pub(crate) fn panic_event(
    e: &mut Event,
    message: String,
    location: Option<(String, u32, u32)>,
    stack: &str,
) {
    let mut frames = parse_stack(stack).frames;
    if let Some((file, line, column)) = location {
        frames.push(Frame {
            filename: Some(file.clone()),
            abs_path: Some(file),
            lineno: Some(line),
            colno: Some(column),
            in_app: Some(true),
            ..Frame::default()
        });
    }
    e.platform = "native".into();
    e.level = Level::Fatal;
    e.exception = Some(ExceptionList {
        values: vec![Exception {
            ty: Some("panic".into()),
            value: Some(message),
            mechanism: Some(Mechanism {
                ty: "panic".into(),
                handled: Some(false),
                ..Mechanism::default()
            }),
            stacktrace: Some(Stacktrace {
                frames,
                ..Stacktrace::default()
            }),
            ..Exception::default()
        }],
    });
}
