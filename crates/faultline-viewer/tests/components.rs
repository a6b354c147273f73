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
    triage_buttons, EventDetail, EventDetailProps, EventList, IssueTable, StackTrace,
    StackTraceProps, TriageButtonsProps,
};
use faultline_viewer::event_data::EventSummary;
use faultline_viewer::hooks::{change_from_message, Router};
use faultline_viewer::route::Route;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;
use yew::{AppHandle, BaseComponent, Renderer};

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

/// A stream table in a router whose navigation `push` hears, with the rows, selection,
/// focus and charts of `TableProps`.
#[derive(Properties, PartialEq, Clone)]
struct TableProps {
    rows: Rc<Vec<Rc<Issue>>>,
    now: i64,
    selected: std::collections::BTreeSet<IssueId>,
    focus: Option<usize>,
    charts: Rc<std::collections::HashMap<IssueId, Vec<u64>>>,
    push: Callback<Route>,
    on_toggle: Callback<IssueId>,
}

/// A router at the stream whose navigation `push` hears.
fn test_router(push: Callback<Route>) -> Router {
    Router {
        route: Route::default(),
        path: "./".into(),
        push,
        replace: Callback::noop(),
    }
}

#[function_component(RoutedTable)]
fn routed_table(props: &TableProps) -> Html {
    let router = test_router(props.push.clone());
    html! {
        <ContextProvider<Router> context={router}>
            <IssueTable rows={props.rows.clone()} selected={props.selected.clone()}
                focus={props.focus} charts={props.charts.clone()} window={Window::DAY}
                now={props.now} on_toggle={props.on_toggle.clone()}
                on_select_page={Callback::noop()} />
        </ContextProvider<Router>>
    }
}

fn table_props(issue: Issue, push: Callback<Route>) -> TableProps {
    let charts = [(issue.id, vec![0, 2, 5])].into_iter().collect();
    TableProps {
        now: issue.last_seen.0 + 5_000,
        rows: Rc::new(vec![Rc::new(issue)]),
        selected: Default::default(),
        focus: None,
        charts: Rc::new(charts),
        push,
        on_toggle: Callback::noop(),
    }
}

/// Renders the table into a fresh element attached to the body; the handle re-renders it
/// with other props.
async fn render_table(props: TableProps) -> (Element, AppHandle<RoutedTable>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = Renderer::<RoutedTable>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, handle)
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
    let push = {
        let opened = opened.clone();
        Callback::from(move |route: Route| opened.borrow_mut().push(route))
    };
    let (root, _handle) = render_table(table_props(hostile_issue(), push)).await;
    let href = root
        .query_selector("a.title")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(href.as_deref(), Some("?issue=7"));
    // A plain click moves within the app; a ctrl-click is left to the browser (a new tab).
    assert!(!click_link(&root, "a.title", false).await);
    assert_eq!(*opened.borrow(), [Route::issue(IssueId(7))]);
    assert!(click_link(&root, "a.title", true).await);
    // A click elsewhere in the row opens nothing.
    assert!(click_link(&root, "td.seen", false).await);
    assert_eq!(opened.borrow().len(), 1);
    root.remove();
}

/// An issue's event list in a router whose navigation `push` hears.
#[derive(Properties, PartialEq, Clone)]
struct EventsProps {
    events: Rc<Vec<EventSummary>>,
    push: Callback<Route>,
}

#[function_component(RoutedEvents)]
fn routed_events(props: &EventsProps) -> Html {
    let router = test_router(props.push.clone());
    html! {
        <ContextProvider<Router> context={router}>
            <EventList issue={IssueId(7)} events={props.events.clone()} current={1} now={10_000} />
        </ContextProvider<Router>>
    }
}

#[wasm_bindgen_test]
async fn an_event_in_the_list_opens_on_a_plain_click_only() {
    let opened = Rc::new(RefCell::new(Vec::new()));
    let push = {
        let opened = opened.clone();
        Callback::from(move |route: Route| opened.borrow_mut().push(route))
    };
    let summary = |id: &str, user: Option<&str>| EventSummary {
        id: id.to_string(),
        at: 5_000,
        user: user.map(str::to_string),
        release: None,
        url: Some(HOSTILE.to_string()),
    };
    let events = Rc::new(vec![
        summary("aaaaaaaa11111111", Some("ann@example.com")),
        summary("bbbbbbbb22222222", None),
    ]);
    let root = render::<RoutedEvents>(EventsProps { events, push }, true).await;
    assert_eq!(count(&root, "table.events tbody tr"), 2);
    assert_eq!(count(&root, "tr.current[aria-current=true]"), 1);
    assert_eq!(text(&root, "tr.current td:nth-child(3)"), "—");
    assert_eq!(text(&root, "tr.current td.url"), HOSTILE, "text stays text");
    assert!(!xss_ran());
    let link = "tr.current a";
    let href = root
        .query_selector(link)
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(href.as_deref(), Some("?issue=7&event=bbbbbbbb22222222"));
    // A plain click (on the code inside the link) moves within the app; a ctrl-click is
    // left to the browser.
    assert!(!click_link(&root, "tr.current a code", false).await);
    let event = Some("bbbbbbbb22222222".to_string());
    assert_eq!(
        *opened.borrow(),
        [Route::Issue {
            id: IssueId(7),
            event
        }]
    );
    assert!(click_link(&root, "tr.current a", true).await);
    assert!(click_link(&root, "tr.current td.url", false).await);
    assert_eq!(opened.borrow().len(), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_issue_row_shows_hostile_text_literally() {
    let (root, _handle) = render_table(table_props(hostile_issue(), Callback::noop())).await;
    assert_eq!(text(&root, "tbody .title"), format!("Error: {HOSTILE}"));
    assert_eq!(
        text(&root, ".culprit"),
        "<script>window.__xss=3</script> at /x.js:1"
    );
    assert_eq!(text(&root, ".last-seen"), "just now");
    assert_eq!(count(&root, "img, script, iframe"), 0);
    assert_eq!(
        root.query_selector("tbody tr")
            .unwrap()
            .unwrap()
            .get_attribute("data-issue-id")
            .as_deref(),
        Some("7")
    );
    // Two bars drawn (a path each), one empty bucket; the chart is SVG, not HTML.
    let path = root.query_selector("svg.spark path.bar").unwrap().unwrap();
    assert_eq!(
        path.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    let bars = path.get_attribute("d").unwrap_or_default();
    assert_eq!(bars.matches('M').count(), 2, "{bars}");
    root.remove();
    assert!(!xss_ran());
}

#[wasm_bindgen_test]
async fn the_table_changes_its_rows_in_place_and_keeps_the_focus() {
    let toggled = Rc::new(RefCell::new(Vec::new()));
    let on_toggle = {
        let toggled = toggled.clone();
        Callback::from(move |id: IssueId| toggled.borrow_mut().push(id))
    };
    let first = hostile_issue();
    let mut second = first.clone();
    second.id = IssueId(8);
    second.title = "TypeError: second".into();
    let mut props = table_props(first.clone(), Callback::noop());
    props.rows = Rc::new(vec![Rc::new(first.clone()), Rc::new(second.clone())]);
    props.on_toggle = on_toggle;
    let (root, mut handle) = render_table(props.clone()).await;
    let row = |id: u64| {
        root.query_selector(&format!("tbody tr[data-issue-id=\"{id}\"]"))
            .unwrap()
            .unwrap()
    };
    let checkbox = |id: u64| -> web_sys::HtmlInputElement {
        row(id)
            .query_selector("td.select input")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    };
    // A change of a row's checkbox is heard by the table.
    let box8 = checkbox(8);
    box8.focus().unwrap();
    box8.click();
    yew::scheduler::flush().await;
    assert_eq!(*toggled.borrow(), [IssueId(8)]);

    // Selection, focus and a chart are set on the rows as they were: the focused checkbox
    // is still the same element, and still focused.
    let second_row = row(8);
    props.selected = [IssueId(8)].into_iter().collect();
    props.focus = Some(0);
    props.charts = Rc::new([(IssueId(8), vec![1, 1])].into_iter().collect());
    handle.update(props.clone());
    yew::scheduler::flush().await;
    assert!(row(8).is_same_node(Some(&second_row)));
    assert_eq!(row(8).class_name(), "issue level-error selected");
    assert_eq!(row(7).class_name(), "issue level-error focused");
    assert!(checkbox(8).checked() && !checkbox(7).checked());
    let document = web_sys::window().unwrap().document().unwrap();
    assert!(document.active_element().unwrap().is_same_node(Some(&box8)));
    assert_eq!(count(&row(7), "svg.spark"), 0);
    assert!(row(8).query_selector("svg.spark").unwrap().is_some());

    // The clock's tick rewrites how long ago, in the same rows: the focus stays.
    assert_eq!(text(&row(7), ".last-seen"), "just now");
    props.now += 3 * 60_000;
    handle.update(props.clone());
    yew::scheduler::flush().await;
    assert!(row(8).is_same_node(Some(&second_row)));
    assert!(document.active_element().unwrap().is_same_node(Some(&box8)));
    assert_eq!(text(&row(7), ".last-seen"), "3 min ago");

    // A live update rewrites only the issue that changed, in place.
    let first_row = row(7);
    second.count += 41;
    props.rows = Rc::new(vec![Rc::new(first.clone()), Rc::new(second.clone())]);
    handle.update(props.clone());
    yew::scheduler::flush().await;
    assert!(row(7).is_same_node(Some(&first_row)));
    assert!(!row(8).is_same_node(Some(&second_row)));
    assert_eq!(text(&row(8), "td.count"), "42");
    assert_eq!(row(8).class_name(), "issue level-error selected");
    assert!(checkbox(8).checked());
    assert!(row(8).query_selector("svg.spark").unwrap().is_some());

    // Another order moves the rows; a new issue's row is written alone, and a row no
    // longer shown goes.
    let (first_row, second_row) = (row(7), row(8));
    let mut third = first.clone();
    third.id = IssueId(9);
    props.rows = Rc::new(vec![Rc::new(second.clone()), Rc::new(first.clone())]);
    props.focus = None;
    handle.update(props.clone());
    yew::scheduler::flush().await;
    let order = || -> Vec<String> {
        let rows = root.query_selector_all("tbody tr").unwrap();
        (0..rows.length())
            .map(|i| {
                let row: Element = rows.item(i).unwrap().dyn_into().unwrap();
                row.get_attribute("data-issue-id").unwrap()
            })
            .collect()
    };
    assert_eq!(order(), ["8", "7"]);
    assert!(row(7).is_same_node(Some(&first_row)) && row(8).is_same_node(Some(&second_row)));
    assert_eq!(count(&root, "tbody tr.focused"), 0);
    assert_eq!(count(&root, "tbody tr.selected"), 1);
    props.rows = Rc::new(vec![Rc::new(third), Rc::new(first)]);
    handle.update(props);
    yew::scheduler::flush().await;
    assert_eq!(order(), ["9", "7"]);
    assert!(row(7).is_same_node(Some(&first_row)));
    root.remove();
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

/// Props of [`TriageHost`].
#[derive(Properties, PartialEq)]
struct TriageHostProps {
    on_triage: Callback<Triage>,
}

/// Every triage button, enabled, as a page shows them.
#[function_component(TriageHost)]
fn triage_host(props: &TriageHostProps) -> Html {
    triage_buttons(&TriageButtonsProps {
        resolve: true,
        ignore: true,
        reopen: true,
        disabled: false,
        on_triage: props.on_triage.clone(),
    })
}

#[wasm_bindgen_test]
async fn triage_buttons_emit_each_action() {
    let chosen = Rc::new(RefCell::new(Vec::new()));
    let on_triage = {
        let chosen = chosen.clone();
        Callback::from(move |t: Triage| chosen.borrow_mut().push(t))
    };
    let root = render::<TriageHost>(TriageHostProps { on_triage }, true).await;
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
