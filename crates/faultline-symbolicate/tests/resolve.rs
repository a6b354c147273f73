//! The resolver in a real browser, through its exports: a frame whose script cannot be
//! fetched says why beside it (for the viewer) and is left as captured (for the engine);
//! wasm, Rust and native frames are never touched; input that is not JSON comes back as
//! it was.

#![allow(clippy::unwrap_used)]

use faultline_symbolicate::api::{resolve_event, resolve_events};
use serde_json::{json, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The test page's origin (the runner's server answers 404 for files it does not have).
fn origin() -> String {
    let global = js_sys::global();
    let location = js_sys::Reflect::get(&global, &"location".into()).unwrap();
    js_sys::Reflect::get(&location, &"origin".into())
        .unwrap()
        .as_string()
        .unwrap()
}

fn event() -> Value {
    json!({
        "event_id": "0123456789abcdef0123456789abcdef",
        "release": "test@1",
        "exception": {"values": [{"type": "TypeError", "stacktrace": {"frames": [
            {"function": "f", "abs_path": "<anonymous>", "in_app": false},
            {"function": "app::cart::total", "abs_path": format!("{}/app_bg.wasm", origin()),
                "module": "app::cart", "in_app": true},
            {"function": "n", "abs_path": format!("{}/no-such-script.js", origin()),
                "lineno": 1, "colno": 5, "in_app": true},
        ]}}]}
    })
}

fn frames(event: &Value) -> &Vec<Value> {
    event["exception"]["values"][0]["stacktrace"]["frames"]
        .as_array()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_script_that_is_not_there_is_said_beside_its_frame() {
    let input = event();
    let out: Value = serde_json::from_str(&resolve_event(input.to_string()).await).unwrap();
    let (before, after) = (frames(&input), frames(&out));
    assert_eq!(after[0], before[0], "a native frame is left alone");
    assert_eq!(
        after[1], before[1],
        "a Rust frame keeps its demangled name and module"
    );
    let note = after[2]["data"]["sourcemap_error"].as_str().unwrap();
    assert!(
        note.starts_with("Script not found (HTTP 404): ") && note.ends_with("/no-such-script.js"),
        "{note}"
    );
    assert_eq!(after[2]["function"], "n", "the frame stays as captured");
    assert_eq!(
        out["release"], "test@1",
        "the rest of the event is untouched"
    );
}

#[wasm_bindgen_test]
async fn the_engine_keeps_frames_no_map_resolved_as_captured() {
    let input = json!([event()]);
    let out = resolve_events(input.to_string(), "{}".into()).await;
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), input);
    assert_eq!(
        resolve_events("not json".into(), "{}".into()).await,
        "not json"
    );
    assert_eq!(resolve_event("[1,".into()).await, "[1,");
}
