//! Issue titles and culprits from events.

use super::*;
use crate::{parse_stack, Exception, ExceptionList, Stacktrace};

fn thrown(ty: Option<&str>, value: Option<&str>, stack: &str) -> Event {
    Event {
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: ty.map(str::to_string),
                value: value.map(str::to_string),
                stacktrace: Some(Stacktrace {
                    frames: parse_stack(stack).frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    }
}

#[test]
fn title_is_type_and_value_or_the_message() {
    assert_eq!(
        title_of(&thrown(Some("TypeError"), Some("x"), "")),
        "TypeError: x"
    );
    assert_eq!(
        title_of(&thrown(Some("TypeError"), Some(""), "")),
        "TypeError"
    );
    assert_eq!(title_of(&thrown(None, Some("boom"), "")), "boom");
    let message = Event {
        message: Some("checkout slow".into()),
        ..Event::default()
    };
    assert_eq!(title_of(&message), "checkout slow");
}

#[test]
fn culprit_is_the_crashing_in_app_frame() {
    let stack = "TypeError: x\n    at Array.map (<anonymous>)\n    at send_welcome (http://h/demo/app.js:12:17)\n    at onclick (http://h/demo/app.js:30:5)";
    let e = thrown(Some("TypeError"), Some("x"), stack);
    assert_eq!(
        culprit_of(&e).as_deref(),
        Some("send_welcome at /demo/app.js:12")
    );
    assert_eq!(culprit_of(&Event::default()), None);
}

#[test]
fn culprit_never_ends_in_a_dangling_at() {
    let culprit = |stack: &str| culprit_of(&thrown(Some("TypeError"), Some("x"), stack));
    assert_eq!(
        culprit("    at holdout_bug_0 (eval at f (:1:1), <anonymous>:3:40)").as_deref(),
        Some("holdout_bug_0 at <anonymous>:1")
    );
    let mut e = thrown(Some("TypeError"), Some("x"), "    at g (http://h/a.js:1:2)");
    let frames = &mut e.exception.as_mut().unwrap().values[0];
    let frame = &mut frames.stacktrace.as_mut().unwrap().frames[0];
    frame.filename = Some(String::new());
    assert_eq!(culprit_of(&e).as_deref(), Some("g"));
    assert_eq!(
        culprit("    at http://h/a.js:1:2").as_deref(),
        Some("(anonymous) at /a.js:1")
    );
    let frames = &mut e.exception.as_mut().unwrap().values[0];
    let frame = &mut frames.stacktrace.as_mut().unwrap().frames[0];
    frame.function = None;
    assert_eq!(culprit_of(&e).as_deref(), Some("(unknown function)"));
}
