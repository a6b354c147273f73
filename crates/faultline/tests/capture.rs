//! Capture in headless Chromium: errors become stored, grouped events.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use faultline::Options;
use faultline_idb::Store;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Debug)]
struct PaymentError;

impl std::fmt::Display for PaymentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("payment provider timed out")
    }
}

impl std::error::Error for PaymentError {}

#[wasm_bindgen_test]
async fn captured_rust_errors_are_stored_as_one_issue() {
    let db_name = format!(
        "faultline-test-capture-{}",
        js_sys::Math::random().to_bits()
    );
    let options = Options {
        release: Some("shop@1.0.0".into()),
        db_name: db_name.clone(),
        ..Options::default()
    };
    assert_eq!(
        JsFuture::from(faultline::init(options)).await.unwrap(),
        true
    );
    assert!(faultline::capture_error(&PaymentError).is_some());
    assert!(faultline::capture_error(&PaymentError).is_some());
    JsFuture::from(faultline::flush(None)).await.unwrap();

    let store = Store::open(&db_name).await.unwrap();
    let issues = store.all_issues().await.unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].title, "Error: payment provider timed out");
    assert_eq!(issues[0].count, 2);
    assert_eq!(issues[0].first_release.as_deref(), Some("shop@1.0.0"));
    store.close();
    Store::delete(&db_name).await.unwrap();
}
