//! Component tests: components rendered into an element of their own, asserted on the DOM.
//! Event data with markup in it must come out as text and create no elements.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use std::cell::RefCell;
use std::rc::Rc;

use faultline_core::{Event, Frame, IgnoreFor, Issue, IssueId};
use faultline_idb::Triage;
use faultline_viewer::chart::Window;
use faultline_viewer::components::{
    EventDetail, EventDetailProps, IssueRow, IssueRowProps, StackTrace, StackTraceProps,
    TriageButtons, TriageButtonsProps,
};
use faultline_viewer::hooks::change_from_message;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::{BaseComponent, Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &str = "<img src=x onerror=\"window.__xss=1\">";

/// Renders `C` into a fresh element (attached to the body when `attached`, so clicks reach
/// it) and waits for the render to finish.
async fn render<C: BaseComponent>(props: C::Properties, attached: bool) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    if attached {
        document.body().unwrap().append_child(&root).unwrap();
    }
    Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

async fn click(root: &Element, selector: &str) {
    let el: HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    el.click();
    yew::scheduler::flush().await;
}

fn xss_ran() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"__xss".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

fn hostile_issue() -> Issue {
    let event: Event = serde_json::from_value(serde_json::json!({
        "event_id": "0123456789abcdef0123456789abcdef",
        "timestamp": 1795780800.0,
        "exception": {"values": [{"type": "Error", "value": HOSTILE}]}
    }))
    .unwrap();
    let grouping = faultline_core::default_fingerprint(&event);
    let (mut issue, _) = Issue::open(IssueId(7), &grouping, &event, false);
    issue.culprit = Some("<script>window.__xss=3</script> at /x.js:1".into());
    issue
}

fn row_props(issue: Issue, on_open: Callback<IssueId>) -> IssueRowProps {
    IssueRowProps {
        now: issue.last_seen.0 + 5_000,
        issue: Rc::new(issue),
        selected: false,
        focused: false,
        chart: Some(vec![0, 2, 5]),
        window: Window::DAY,
        on_toggle: Callback::noop(),
        on_open,
    }
}

/// Dispatches a click on `selector` (ctrl held when `ctrl`); whether the row let the
/// browser follow it (the event not cancelled).
async fn click_link(root: &Element, selector: &str, ctrl: bool) -> bool {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(ctrl);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    // Not followed even when not cancelled: a test page must not navigate.
    let stop =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
            let followed = !e.default_prevented();
            e.prevent_default();
            js_sys::Reflect::set(&e, &"followed".into(), &followed.into()).unwrap();
        });
    let document = web_sys::window().unwrap().document().unwrap();
    document
        .add_event_listener_with_callback("click", stop.as_ref().unchecked_ref())
        .unwrap();
    let target = root.query_selector(selector).unwrap().unwrap();
    target.dispatch_event(&event).unwrap();
    document
        .remove_event_listener_with_callback("click", stop.as_ref().unchecked_ref())
        .unwrap();
    yew::scheduler::flush().await;
    js_sys::Reflect::get(&event, &"followed".into())
        .unwrap()
        .as_bool()
        .unwrap()
}

#[wasm_bindgen_test]
async fn an_issue_row_title_opens_its_page_on_a_plain_click_only() {
    let opened = Rc::new(RefCell::new(Vec::new()));
    let on_open = {
        let opened = opened.clone();
        Callback::from(move |id: IssueId| opened.borrow_mut().push(id))
    };
    let root = render::<IssueRow>(row_props(hostile_issue(), on_open), true).await;
    let href = root
        .query_selector("a.title")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(href.as_deref(), Some("?issue=7"));
    // A plain click moves within the app; a ctrl-click is left to the browser (a new tab).
    assert!(!click_link(&root, "a.title", false).await);
    assert_eq!(*opened.borrow(), [IssueId(7)]);
    assert!(click_link(&root, "a.title", true).await);
    assert_eq!(*opened.borrow(), [IssueId(7)]);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_issue_row_shows_hostile_text_literally() {
    let root = render::<IssueRow>(row_props(hostile_issue(), Callback::noop()), false).await;
    assert_eq!(text(&root, ".title"), format!("Error: {HOSTILE}"));
    assert_eq!(
        text(&root, ".culprit"),
        "<script>window.__xss=3</script> at /x.js:1"
    );
    assert_eq!(text(&root, ".last-seen"), "just now");
    assert_eq!(count(&root, "img, script, iframe"), 0);
    // Two bars drawn (a path each), one empty bucket.
    let bars = root
        .query_selector("svg.spark path.bar")
        .unwrap()
        .and_then(|p| p.get_attribute("d"))
        .unwrap_or_default();
    assert_eq!(bars.matches('M').count(), 2, "{bars}");
    assert!(!xss_ran());
}

#[wasm_bindgen_test]
async fn an_event_shows_exception_breadcrumbs_and_context_as_text() {
    let raw = serde_json::json!({
        "event_id": "0123456789abcdef0123456789abcdef",
        "timestamp": 1795780800.0,
        "exception": {"values": [{"type": "TypeError", "value": HOSTILE, "stacktrace": {"frames": [
            {"function": "<svg onload=alert(1)>", "filename": "/app.js", "lineno": 3, "in_app": true}
        ]}}]},
        "breadcrumbs": {"values": [{"timestamp": 1795780798.5, "category": "console",
            "message": "<script>window.__xss=2</script>", "data": {"html": "<iframe src=x>"}}]},
        "user": {"email": "<a href=\"javascript:alert(1)\">me</a>"},
        "tags": {"<i>k</i>": "<b>v</b>"},
        "extra": {"note": "<img src=y onerror=alert(1)>"}
    });
    let event: Event = serde_json::from_value(raw.clone()).unwrap();
    let issue = hostile_issue();
    let props = EventDetailProps {
        event: Rc::new(event),
        raw: js_sys::JSON::parse(&raw.to_string()).unwrap(),
        issue,
        symbols: None,
    };
    let root = render::<EventDetail>(props, false).await;
    assert_eq!(text(&root, ".exc-value"), HOSTILE);
    assert_eq!(text(&root, "li.frame .function"), "<svg onload=alert(1)>");
    assert_eq!(
        text(&root, "tr.crumb:not(.crash) td.message div"),
        "<script>window.__xss=2</script>"
    );
    assert_eq!(text(&root, "tr.crumb:not(.crash) td.time"), "\u{2212}1.5 s");
    let all = root.text_content().unwrap();
    for literal in [
        "<a href=\"javascript:alert(1)\">me</a>",
        "<b>v</b>",
        "<img src=y onerror=alert(1)>",
        "<iframe src=x>",
    ] {
        assert!(all.contains(literal), "{literal} shows as text");
    }
    assert_eq!(
        count(&root, "img, script, iframe, a[href^=javascript], b, i"),
        0
    );
    assert!(!xss_ran());
}

fn frame(function: &str, in_app: bool) -> Frame {
    Frame {
        function: Some(function.into()),
        filename: Some("/app.js".into()),
        lineno: Some(1),
        in_app: Some(in_app),
        ..Frame::default()
    }
}

#[wasm_bindgen_test]
async fn library_frames_fold_and_unfold() {
    let props = StackTraceProps {
        frames: vec![
            frame("main", true),
            frame("lib", false),
            frame("lib2", false),
            frame("crash", true),
        ],
        heading: "Error: x".into(),
        grouping: Default::default(),
        resolutions: None,
        note: None,
    };
    let root = render::<StackTrace>(props, true).await;
    assert_eq!(count(&root, "li.frame"), 2);
    assert_eq!(
        text(&root, "li.folded"),
        "Show 2 more frames (not app code)"
    );
    assert_eq!(
        text(&root, "li.frame .function"),
        "crash",
        "crashing frame first"
    );
    click(&root, "li.folded button").await;
    assert_eq!(count(&root, "li.frame"), 4);
    assert_eq!(count(&root, "li.frame.system"), 2);
    click(&root, ".segmented button:nth-child(3)").await;
    assert_eq!(
        text(&root, "pre.raw-stack"),
        "Error: x\n    at crash (/app.js:1)\n    at lib2 (/app.js:1)\n    at lib (/app.js:1)\n    at main (/app.js:1)"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn resolved_frames_show_their_source_and_unresolved_ones_say_why() {
    let minified = |function: &str, col: u32| Frame {
        function: Some(function.into()),
        filename: Some("/min/app.js".into()),
        abs_path: Some("https://shop.example/min/app.js".into()),
        lineno: Some(1),
        colno: Some(col),
        in_app: Some(true),
        ..Frame::default()
    };
    let captured = vec![minified("e", 40), minified("n", 90)];
    let original: Frame = serde_json::from_value(serde_json::json!({
        "function": "linePrice", "filename": "/src/cart.js", "abs_path": "https://shop.example/src/cart.js",
        "lineno": 12, "colno": 10, "in_app": true,
        "pre_context": ["function linePrice(line) {", "  // <b>comment</b>"],
        "context_line": "  return line.product.price * line.quantity;",
        "post_context": ["}"],
        "data": {"sourcemap": "https://shop.example/min/app.js.map",
            "minified": {"function": "n", "abs_path": "https://shop.example/min/app.js", "lineno": 1, "colno": 90}}
    }))
    .unwrap();
    let mut unresolved = minified("e", 40);
    unresolved.other.insert(
        "data".into(),
        serde_json::json!({"sourcemap_error": "Source map not found (HTTP 404): https://shop.example/min/app.js.map"}),
    );
    let props = StackTraceProps {
        frames: captured,
        heading: "TypeError: x".into(),
        grouping: Default::default(),
        resolutions: Some(Rc::new(vec![unresolved, original])),
        note: None,
    };
    let root = render::<StackTrace>(props, true).await;
    assert_eq!(text(&root, "li.frame.resolved .function"), "linePrice");
    assert_eq!(
        text(&root, "li.frame.resolved .location"),
        "/src/cart.js:12:10"
    );
    assert_eq!(
        text(&root, "li.frame.resolved .source-line.current code"),
        "  return line.product.price * line.quantity;"
    );
    assert_eq!(
        text(&root, "li.frame.resolved .source-line.current .lineno"),
        "12"
    );
    assert_eq!(count(&root, "li.frame.resolved .source-line"), 4);
    assert_eq!(count(&root, "li.frame.resolved b"), 0, "source is text");
    assert_eq!(
        text(&root, "li.frame.resolved .minified-location"),
        "n at /min/app.js:1:90"
    );
    assert_eq!(
        text(&root, "li.frame:not(.resolved) .frame-note"),
        "Source map not found (HTTP 404): https://shop.example/min/app.js.map"
    );
    assert_eq!(
        text(&root, "li.frame:not(.resolved) .location"),
        "/min/app.js:1:40"
    );
    // The raw view is the stack as captured.
    click(&root, ".segmented button:nth-child(3)").await;
    assert!(text(&root, "pre.raw-stack").contains("at n (https://shop.example/min/app.js:1:90)"));
    root.remove();
}

#[wasm_bindgen_test]
async fn rust_frames_show_their_crate_path() {
    let props = StackTraceProps {
        frames: vec![Frame {
            function: Some("shop::cart::line_price".into()),
            abs_path: Some("https://shop.example/shop_bg.wasm".into()),
            module: Some("shop::cart".into()),
            in_app: Some(true),
            ..Frame::default()
        }],
        heading: "panic".into(),
        grouping: Default::default(),
        resolutions: None,
        note: None,
    };
    let root = render::<StackTrace>(props, true).await;
    assert_eq!(text(&root, "li.frame .function"), "shop::cart::line_price");
    assert_eq!(text(&root, "li.frame .crate-path"), "in shop::cart");
    root.remove();
}

#[wasm_bindgen_test]
async fn triage_buttons_emit_each_action() {
    let chosen = Rc::new(RefCell::new(Vec::new()));
    let on_triage = {
        let chosen = chosen.clone();
        Callback::from(move |t: Triage| chosen.borrow_mut().push(t))
    };
    let props = TriageButtonsProps {
        resolve: true,
        ignore: true,
        reopen: true,
        disabled: false,
        on_triage,
    };
    let root = render::<TriageButtons>(props, true).await;
    click(&root, "button.resolve").await;
    click(&root, ".resolve-more .menu-button").await;
    click(&root, "button.resolve-next").await;
    assert_eq!(count(&root, ".menu"), 0, "choosing closes the menu");
    click(&root, ".ignore-menu .menu-button").await;
    click(&root, ".ignore-custom button.apply").await;
    click(&root, "button.reopen").await;
    assert_eq!(
        *chosen.borrow(),
        [
            Triage::Resolve,
            Triage::ResolveInNextRelease,
            Triage::Ignore(IgnoreFor::Events(2)),
            Triage::Unresolve
        ]
    );
    root.remove();
}

#[wasm_bindgen_test]
fn storage_announcements_are_read() {
    let message = js_sys::JSON::parse(r#"{"type": "recorded", "issues": [3, 1]}"#).unwrap();
    let change = change_from_message(&message).unwrap();
    assert_eq!(change.kind, "recorded");
    assert_eq!(change.issues, [IssueId(3), IssueId(1)]);
    assert_eq!(
        change_from_message(&js_sys::JSON::parse("42").unwrap()),
        None
    );
}
