//! Synthetic events shaped like real ones: a 12-frame Chromium stack, breadcrumbs, a user.
//!
//! Every event of one issue shares its stack and grouping, so [`IssueShape`] parses and
//! fingerprints once per issue; making an event is then a clone and a few strings. That
//! keeps generating the viewer benchmark's 100,000 events cheap next to storing them.

use faultline_core::{
    default_fingerprint, parse_stack, Breadcrumb, Breadcrumbs, Event, EventId, Exception,
    ExceptionList, Fingerprint, Frame, Grouping, Level, Request, Stacktrace, Timestamp, User,
};
use faultline_idb::GroupedEvent;

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

/// Breadcrumbs per event: a realistic trail without making 100,000 events huge.
const BREADCRUMBS: i64 = 20;

/// What all events of one synthetic issue share.
pub(crate) struct IssueShape {
    value: String,
    frames: Vec<Frame>,
    grouping: Grouping,
}

impl IssueShape {
    /// The shape of issue `issue`: its own crashing function, so its own fingerprint.
    pub fn new(issue: u32) -> IssueShape {
        let value = format!("Cannot read properties of null (reading 'email{issue}')");
        let mut stack = format!("TypeError: {value}\n");
        for (depth, f) in FUNCTIONS.iter().enumerate() {
            let suffix = if depth == 0 {
                format!("_{issue}")
            } else {
                String::new()
            };
            stack.push_str(&format!(
                "    at {f}{suffix} (https://shop.example/assets/app-3f2a9c.js:{}:17)\n",
                100 + depth
            ));
        }
        let frames = parse_stack(&stack).frames;
        let grouping = default_fingerprint(&event_body(&value, &frames, 0, 0));
        IssueShape {
            value,
            frames,
            grouping,
        }
    }

    /// The fingerprint every event of this issue gets.
    pub fn fingerprint(&self) -> Fingerprint {
        self.grouping.fingerprint.clone()
    }

    /// Event `n` of this issue at `at_ms` milliseconds since the epoch.
    pub fn event(&self, n: u32, at_ms: i64) -> GroupedEvent {
        let body = event_body(&self.value, &self.frames, n, at_ms);
        GroupedEvent::new(body, self.grouping.clone())
    }
}

/// Event `n` of an issue with exception value `value` and stack `frames`, at `at`.
fn event_body(value: &str, frames: &[Frame], n: u32, at: i64) -> Event {
    let mut frames = frames.to_vec();
    // Columns vary between events as they do between builds; grouping ignores them.
    for frame in &mut frames {
        frame.colno = Some(17 + n % 40);
    }
    let crumbs = (0..BREADCRUMBS)
        .map(|k| Breadcrumb {
            timestamp: Timestamp(at - 1_000 * (BREADCRUMBS - k)),
            category: Some(if k % 2 == 0 { "ui.click" } else { "console" }.to_string()),
            level: Some(Level::Info),
            message: Some(format!("button#checkout-{k} > span.label")),
            ..Breadcrumb::default()
        })
        .collect();
    Event {
        event_id: random_id(n),
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
                value: Some(value.to_string()),
                stacktrace: Some(Stacktrace {
                    frames,
                    ..Stacktrace::default()
                }),
                ..Exception::default()
            }],
        }),
        ..Event::default()
    }
}

/// A unique event id: `n` plus random bytes (ids must not collide across runs).
fn random_id(n: u32) -> EventId {
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&n.to_be_bytes());
    id[4..12].copy_from_slice(&js_sys::Math::random().to_bits().to_be_bytes());
    id[12..16].copy_from_slice(&((js_sys::Math::random() * 4e9) as u32).to_be_bytes());
    EventId::from_random(id)
}

/// Event `n` of issue `issue` at `at_ms` (0: now).
pub(crate) fn synthetic(n: u32, issue: u32, at_ms: i64) -> GroupedEvent {
    let at = if at_ms == 0 {
        js_sys::Date::now() as i64
    } else {
        at_ms
    };
    IssueShape::new(issue).event(n, at)
}
