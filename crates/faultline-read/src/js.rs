//! Reading and writing plain JS object fields, guarded (a getter that throws reads as
//! absent).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// `obj[key]`, or `undefined` when it cannot be read.
pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key]` as a number.
pub(crate) fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key).as_f64()
}

/// `obj[key]` as a string.
pub(crate) fn get_text(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

/// Sets `obj[key]` on a plain object built here.
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}
