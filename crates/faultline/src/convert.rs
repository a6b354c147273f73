//! Rust values to the page part's plain JS objects and back: breadcrumbs, users and JSON
//! values by hand (small, and on every app's path); whole events as JSON text through
//! core's serde shapes (only apps that call `capture_event` or set `before_send` link it).

use std::collections::BTreeMap;

use faultline_core::{Breadcrumb, Event, Level, Timestamp, User};
use js_sys::{Array, Object, Reflect, JSON};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// `obj[key] = value` (never throws on a plain object).
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    set_value(obj, key, &value.into());
}

/// One copy of the setter for every call site (each would otherwise inline its own).
#[inline(never)]
fn set_value(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `obj[key] = value` when there is a value.
fn set_opt(obj: &Object, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        set(obj, key, v);
    }
}

/// `obj[key]`, or undefined.
pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A JSON value as a plain JS value.
pub(crate) fn value_to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => n.as_f64().map_or(JsValue::NULL, JsValue::from_f64),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(value_to_js).collect::<Array>().into(),
        Value::Object(map) => {
            let obj = Object::new();
            for (k, v) in map {
                set(&obj, k, value_to_js(v));
            }
            obj.into()
        }
    }
}

/// A plain JS value as JSON (what is not JSON, such as a function, becomes `null`).
pub(crate) fn value_from_js(value: &JsValue) -> Value {
    if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    } else if let Some(s) = value.as_string() {
        Value::String(s)
    } else if let Some(items) = value.dyn_ref::<Array>() {
        Value::Array(items.iter().map(|v| value_from_js(&v)).collect())
    } else if value.is_object() && !value.is_function() {
        Value::Object(entries(value).collect::<Map<_, _>>())
    } else {
        Value::Null
    }
}

/// An object's own fields as JSON values.
fn entries(obj: &JsValue) -> impl Iterator<Item = (String, Value)> {
    let pairs = obj
        .dyn_ref::<Object>()
        .map(Object::entries)
        .unwrap_or_default();
    pairs.into_iter().filter_map(|pair| {
        let pair: Array = pair.unchecked_into();
        Some((pair.get(0).as_string()?, value_from_js(&pair.get(1))))
    })
}

/// A map of JSON values as a JS object.
fn map_to_js(map: &BTreeMap<String, Value>) -> Object {
    let obj = Object::new();
    for (k, v) in map {
        set(&obj, k, value_to_js(v));
    }
    obj
}

/// A breadcrumb in Sentry's shape; a zero timestamp is left out (the page part stamps it).
pub(crate) fn breadcrumb_to_js(crumb: &Breadcrumb) -> JsValue {
    let obj = map_to_js(&crumb.other);
    if crumb.timestamp != Timestamp(0) {
        set(&obj, "timestamp", crumb.timestamp.as_secs_f64());
    }
    set_opt(&obj, "type", crumb.ty.as_deref());
    set_opt(&obj, "category", crumb.category.as_deref());
    set_opt(&obj, "level", crumb.level.map(Level::as_str));
    set_opt(&obj, "message", crumb.message.as_deref());
    if !crumb.data.is_empty() {
        set(&obj, "data", map_to_js(&crumb.data));
    }
    obj.into()
}

/// A breadcrumb object (what `beforeBreadcrumb` gets) as core's.
pub(crate) fn breadcrumb_from_js(value: &JsValue) -> Breadcrumb {
    let text = |key: &str| get(value, key).as_string();
    let mut other: BTreeMap<String, Value> = entries(value).collect();
    for key in ["timestamp", "type", "category", "level", "message", "data"] {
        other.remove(key);
    }
    let data = match value_from_js(&get(value, "data")) {
        Value::Object(map) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    Breadcrumb {
        timestamp: get(value, "timestamp")
            .as_f64()
            .map_or(Timestamp(0), Timestamp::from_secs_f64),
        ty: text("type"),
        category: text("category"),
        level: text("level").as_deref().and_then(Level::parse),
        message: text("message"),
        data,
        other,
    }
}

/// A user in Sentry's shape.
pub(crate) fn user_to_js(user: &User) -> JsValue {
    let obj = map_to_js(&user.other);
    set_opt(&obj, "id", user.id.as_deref());
    set_opt(&obj, "email", user.email.as_deref());
    set_opt(&obj, "username", user.username.as_deref());
    set_opt(&obj, "ip_address", user.ip_address.as_deref());
    obj.into()
}

/// An event as a plain JS object in Sentry's shape (core's serde shape, through JSON).
pub(crate) fn event_to_js(event: &Event) -> JsValue {
    serde_json::to_string(event)
        .ok()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// A plain JS event object as core's `Event`; `None` when it is not one.
pub(crate) fn event_from_js(value: &JsValue) -> Option<Event> {
    let text: String = JSON::stringify(value).ok()?.into();
    serde_json::from_str(&text).ok()
}
