//! The text of a console breadcrumb, written from its arguments after they are scrubbed by
//! key, so that `console.error({ password: "…", note: "x" })` reads
//! `{note: x, password: [Filtered]}` and the secret never becomes text.
//!
//! The console sensor gives `beforeBreadcrumb` the text Sentry's SDK gives it: each
//! argument's `String()`, joined by spaces (an object reads `[object Object]`, so no secret
//! of it either). [`console_join`] reads the same text from the arguments, so the engine can
//! tell a message the hook left alone (and write its own, richer one) from one it changed.

use serde_json::Value;

use super::{is_sensitive_key, FILTERED};
use crate::truncate_str;

/// Console arguments written.
const ARGS: usize = 20;
/// Bytes of one argument's text.
const ARG_BYTES: usize = 1024;

/// `arguments` (a console call's, as plain data) as people read them, joined by spaces:
/// strings as they are, other values as compact JSON-like text with keys in order and
/// strings unquoted (`{left: 2, sku: A-1}`), values under a sensitive key (see
/// [`is_sensitive_key`](super::is_sensitive_key); `extra_keys` adds fragments) as
/// `[Filtered]`. Numbers that are not integers are written by `float` (the capture engine
/// writes them as JavaScript does, without a float formatter of its own). At most 20
/// arguments of at most 1 KiB each. The text itself is scrubbed like any message when its
/// event is finished.
pub fn console_message(
    arguments: &[Value],
    extra_keys: &[String],
    float: &dyn Fn(f64) -> String,
) -> String {
    let mut out = String::new();
    let writer = Writer { extra_keys, float };
    for (i, argument) in arguments.iter().take(ARGS).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut text = String::new();
        writer.write(argument, &mut text);
        truncate_str(&mut text, ARG_BYTES);
        out.push_str(&text);
    }
    out
}

struct Writer<'a> {
    extra_keys: &'a [String],
    float: &'a dyn Fn(f64) -> String,
}

impl Writer<'_> {
    /// Writes `value`, stopping once the text is longer than one argument may be.
    fn write(&self, value: &Value, out: &mut String) {
        if out.len() > ARG_BYTES {
            return;
        }
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => push_number(n, self.float, out),
            Value::String(s) => out.push_str(s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(item, out);
                }
                out.push(']');
            }
            Value::Object(fields) => {
                out.push('{');
                for (i, (key, item)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(key);
                    out.push_str(": ");
                    let secret = !matches!(item, Value::Null | Value::Bool(_))
                        && is_sensitive_key(key, self.extra_keys);
                    if secret {
                        out.push_str(FILTERED);
                    } else {
                        self.write(item, out);
                    }
                }
                out.push('}');
            }
        }
    }
}

/// What JavaScript's `String()` of each of `arguments` (a console call's, as plain data)
/// joined by spaces reads: strings as they are, numbers as `float` writes non-integers,
/// arrays as their items' texts joined by commas (`null` as nothing), objects as
/// `[object Object]`. At most 20 arguments, as the sensor reads.
pub fn console_join(arguments: &[Value], float: &dyn Fn(f64) -> String) -> String {
    let mut out = String::new();
    for (i, argument) in arguments.iter().take(ARGS).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        js_string(argument, float, true, &mut out);
    }
    out
}

/// Appends `String(value)`; `top` is false inside an array, where `null` reads as nothing.
fn js_string(value: &Value, float: &dyn Fn(f64) -> String, top: bool, out: &mut String) {
    match value {
        Value::Null if top => out.push_str("null"),
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => push_number(n, float, out),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                js_string(item, float, false, out);
            }
        }
        Value::Object(_) => out.push_str("[object Object]"),
    }
}

/// Appends `n`: integers in decimal, others as `float` writes them.
fn push_number(n: &serde_json::Number, float: &dyn Fn(f64) -> String, out: &mut String) {
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => push_digits(u, out),
        (None, Some(i)) => {
            out.push('-');
            push_digits(i.unsigned_abs(), out);
        }
        _ => out.push_str(&float(n.as_f64().unwrap_or_default())),
    }
}

/// Writes `n` in decimal.
fn push_digits(n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().for_each(|&d| out.push(char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(arguments: Value) -> String {
        let arguments = arguments.as_array().map_or(&[][..], Vec::as_slice);
        console_message(arguments, &[], &|n| n.to_string())
    }

    #[test]
    fn objects_are_scrubbed_by_key_before_they_become_text() {
        assert_eq!(
            message(json!([{"password": "hunter2", "note": "x"}])),
            "{note: x, password: [Filtered]}"
        );
        assert_eq!(
            message(json!(["login", {"user": {"name": "ann", "token": {"a": 1}}, "ok": true}])),
            "login {ok: true, user: {name: ann, token: [Filtered]}}"
        );
        assert_eq!(
            message(json!([{"session": null, "auth": false}])),
            "{auth: false, session: null}"
        );
    }

    #[test]
    fn values_read_as_the_page_wrote_them() {
        assert_eq!(
            message(
                json!(["low stock", 3, -7, 1.5, {"name": "cart", "self": "[Circular]"}, [1, [2]]])
            ),
            "low stock 3 -7 1.5 {name: cart, self: [Circular]} [1, [2]]"
        );
        assert_eq!(message(json!([])), "");
    }

    #[test]
    fn the_join_reads_as_javascripts_string_of_each_argument() {
        let arguments = json!(["low stock", 3, -1, 2.5, true, null, {"password": "x"},
                               [1, null, [2, "a"], {"k": 1}]]);
        let join = console_join(arguments.as_array().unwrap(), &|n| n.to_string());
        assert_eq!(
            join,
            "low stock 3 -1 2.5 true null [object Object] 1,,2,a,[object Object]"
        );
    }

    #[test]
    fn arguments_are_bounded_in_number_and_length() {
        let many: Vec<Value> = (0..30).map(Value::from).collect();
        let float = |n: f64| n.to_string();
        assert_eq!(console_message(&many, &[], &float).split(' ').count(), 20);
        let long = console_message(&[json!("é".repeat(2000)), json!("end")], &[], &float);
        assert!(long.ends_with("… end"), "{long}");
        assert!(long.len() <= ARG_BYTES + " end".len());
        let deep = console_message(
            &[Value::from(vec![json!(["x".repeat(600)]); 10])],
            &[],
            &float,
        );
        assert!(deep.len() <= ARG_BYTES);
    }
}
