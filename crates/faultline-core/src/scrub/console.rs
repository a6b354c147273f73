//! The text of a console breadcrumb, written from its arguments after they are scrubbed by
//! key, so that `console.error({ password: "…", note: "x" })` reads
//! `{note: x, password: [Filtered]}` and the secret never becomes text.

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
/// `[Filtered]`. At most 20 arguments of at most 1 KiB each. The text itself is scrubbed
/// like any message when its event is finished.
pub fn console_message(arguments: &[Value], extra_keys: &[String]) -> String {
    let mut out = String::new();
    for (i, argument) in arguments.iter().take(ARGS).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut text = String::new();
        write(argument, extra_keys, &mut text);
        truncate_str(&mut text, ARG_BYTES);
        out.push_str(&text);
    }
    out
}

/// Writes `value`, stopping once the text is longer than one argument may be.
fn write(value: &Value, extra_keys: &[String], out: &mut String) {
    if out.len() > ARG_BYTES {
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, extra_keys, out);
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
                    && is_sensitive_key(key, extra_keys);
                if secret {
                    out.push_str(FILTERED);
                } else {
                    write(item, extra_keys, out);
                }
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(arguments: Value) -> String {
        console_message(arguments.as_array().map_or(&[][..], Vec::as_slice), &[])
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
            message(json!(["low stock", 3, 1.5, {"name": "cart", "self": "[Circular]"}, [1, [2]]])),
            "low stock 3 1.5 {name: cart, self: [Circular]} [1, [2]]"
        );
        assert_eq!(message(json!([])), "");
    }

    #[test]
    fn arguments_are_bounded_in_number_and_length() {
        let many: Vec<Value> = (0..30).map(Value::from).collect();
        assert_eq!(console_message(&many, &[]).split(' ').count(), 20);
        let long = console_message(&[json!("é".repeat(2000)), json!("end")], &[]);
        assert!(long.ends_with("… end"), "{long}");
        assert!(long.len() <= ARG_BYTES + " end".len());
        let deep = console_message(&[Value::from(vec![json!(["x".repeat(600)]); 10])], &[]);
        assert!(deep.len() <= ARG_BYTES);
    }
}
