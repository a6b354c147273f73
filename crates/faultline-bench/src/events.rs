//! Synthetic events shaped like real ones: a 12-frame Chromium stack, breadcrumbs, a user.

use faultline_core::{
    default_fingerprint, parse_stack, Breadcrumb, Breadcrumbs, Event, EventId, Exception,
    ExceptionList, Level, Request, Stacktrace, Timestamp, User,
};
use faultline_idb::Grouped;

const FUNCTIONS: [&str; 12] = [
    "send_welcome",
    "renderProfile",
    "onClick",
    "dispatch",
    "invokeGuarded",
    "batchUpdates",
    "flushSync",
    "commitRoot",
    "runTask",
    "performWork",
    "schedule",
    "main",
];

/// Event `n` of issue `issue` at `at_ms` (0: now-ish).
pub(crate) fn synthetic(n: u32, issue: u32, at_ms: i64) -> Grouped {
    let mut stack = format!("TypeError: Cannot read properties of null (reading 'email{issue}')\n");
    for (depth, f) in FUNCTIONS.iter().enumerate() {
        // The crashing function differs per issue, so each issue has its own fingerprint.
        let name = if depth == 0 {
            format!("{f}_{issue}")
        } else {
            (*f).to_string()
        };
        stack.push_str(&format!(
            "    at {name} (https://shop.example/assets/app-3f2a9c.js:{}:{})\n",
            100 + depth,
            17 + n % 40
        ));
    }
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&n.to_be_bytes());
    id[4..8].copy_from_slice(&issue.to_be_bytes());
    id[8..16].copy_from_slice(&(js_sys::Math::random().to_bits()).to_be_bytes());
    let at = if at_ms == 0 {
        js_sys::Date::now() as i64
    } else {
        at_ms
    };
    let crumbs = (0..20)
        .map(|k| Breadcrumb {
            timestamp: Timestamp(at - 1_000 * (20 - k)),
            category: Some(if k % 2 == 0 { "ui.click" } else { "console" }.to_string()),
            level: Some(Level::Info),
            message: Some(format!("button#checkout-{k} > span.label")),
            ..Breadcrumb::default()
        })
        .collect();
    let event = Event {
        event_id: EventId::from_random(id),
        timestamp: Timestamp(at),
        release: Some(format!("shop@1.{}.0", n % 3)),
        environment: Some("production".to_string()),
        user: Some(User {
            id: Some(format!("user-{}", n % 50)),
            ..User::default()
        }),
        request: Some(Request {
            url: Some("https://shop.example/checkout?step=2".to_string()),
            ..Request::default()
        }),
        breadcrumbs: Some(Breadcrumbs { values: crumbs }),
        exception: Some(ExceptionList {
            values: vec![Exception {
                ty: Some("TypeError".to_string()),
                value: Some(format!(
                    "Cannot read properties of null (reading 'email{issue}')"
                )),
                stacktrace: Some(Stacktrace {
                    frames: parse_stack(&stack).frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    };
    let grouping = default_fingerprint(&event);
    Grouped::new(event, grouping)
}
