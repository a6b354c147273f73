//! What of the exception type and value goes beside the frames.
//!
//! Two throws in one function (`throw new Error("Email is required")` on one line,
//! `throw new Error("Password is too short")` on the next) have the same frames; only the
//! line tells them apart, and a line number would split a bug at every edit above it.
//! Sentry tells them apart by the line's source text (`context_line`), which a browser
//! does not give. The app's own message is the next best thing: the code wrote it, so it is
//! the same in every engine and survives edits elsewhere in the file, and when the message
//! is a literal it is the very text Sentry's context line would carry. So for errors the
//! app constructs, the normalized value (numbers, ids and quoted strings replaced) joins the
//! frames. Engine and DOM errors (`TypeError`, `RangeError`, `NotFoundError`, ...) are
//! worded differently by every engine (`Cannot read properties of undefined (reading 'x')`
//! against `x is undefined`), so for those the frames alone decide.
//!
//! Known limit: an app message with a variable word that is not a number or id nor quoted
//! (`"no user bob"`) splits per word; two throws of an engine type with app messages on
//! adjacent lines (`throw new TypeError("a")`, `throw new TypeError("b")`) stay one issue.

use super::normalize;

/// Error names engines and the DOM throw with their own wording, per engine.
const ENGINE_TYPES: [&str; 44] = [
    "AggregateError",
    "EvalError",
    "InternalError",
    "RangeError",
    "ReferenceError",
    "SyntaxError",
    "TypeError",
    "URIError",
    "CompileError",
    "LinkError",
    "RuntimeError",
    "DOMException",
    "AbortError",
    "ConstraintError",
    "DataCloneError",
    "DataError",
    "EncodingError",
    "HierarchyRequestError",
    "IndexSizeError",
    "InUseAttributeError",
    "InvalidAccessError",
    "InvalidCharacterError",
    "InvalidModificationError",
    "InvalidNodeTypeError",
    "InvalidStateError",
    "NamespaceError",
    "NetworkError",
    "NoModificationAllowedError",
    "NotAllowedError",
    "NotFoundError",
    "NotReadableError",
    "NotSupportedError",
    "OperationError",
    "OptOutError",
    "QuotaExceededError",
    "ReadOnlyError",
    "SecurityError",
    "TimeoutError",
    "TransactionInactiveError",
    "TypeMismatchError",
    "UnknownError",
    "URLMismatchError",
    "VersionError",
    "WrongDocumentError",
];

/// The type component of a stack overflow: engines name it differently
/// (V8 and JavaScriptCore `RangeError: Maximum call stack size exceeded`, SpiderMonkey
/// `InternalError: too much recursion`), and it is one bug in all of them.
pub(crate) const STACK_OVERFLOW: &str = "type:<stack overflow>";

/// Whether the exception is a stack overflow, in any engine's words.
pub(crate) fn is_stack_overflow(ty: &str, value: &str) -> bool {
    match ty {
        "RangeError" => value.starts_with("Maximum call stack size exceeded"),
        "InternalError" => value.starts_with("too much recursion"),
        _ => false,
    }
}

/// The `value:` component for an error the app constructed, `None` for an engine's.
pub(crate) fn app_value_component(ty: &str, value: &str) -> Option<String> {
    if ENGINE_TYPES.contains(&ty) {
        return None;
    }
    Some(format!(
        "value:{}",
        without_data(&without_quoted(&normalize::message(value)))
    ))
}

/// Words that look like data rather than wording replaced by `<data>`: longer than
/// [`MAX_WORD`] characters (tokens, encoded blobs) or mixing letters with digits (`a1b2`,
/// `user42`); only the first [`MAX_WORDS`] words count, so a message that embeds a long
/// dump groups by its opening words.
fn without_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    for (i, word) in text.split_whitespace().take(MAX_WORDS).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let digits = word.bytes().any(|b| b.is_ascii_digit());
        let letters = word.bytes().any(|b| b.is_ascii_alphabetic());
        if word.chars().count() > MAX_WORD || (digits && letters) {
            out.push_str("<data>");
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Characters in a word of wording; longer words are data.
const MAX_WORD: usize = 24;
/// Words of a message that take part in grouping.
const MAX_WORDS: usize = 12;

/// Quoted strings (`"sku-1"`, `'bob'`, `` `x` ``) replaced by `<str>`: they are data.
/// A quote after a letter or digit is an apostrophe (`can't`), not an opening quote. Each
/// quote character is searched forward at most once after it stops closing, so the pass
/// is linear.
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut unclosed = [false; 3];
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let quote = ['"', '\'', '`'].iter().position(|&q| q == c);
        let after = &rest[c.len_utf8()..];
        let opens = quote.filter(|&q| !unclosed[q] && !previous.is_some_and(char::is_alphanumeric));
        if let Some(q) = opens {
            if let Some(end) = after.find(c) {
                out.push(c);
                out.push_str("<str>");
                out.push(c);
                rest = &after[end + c.len_utf8()..];
                previous = Some(c);
                continue;
            }
            unclosed[q] = true;
        }
        out.push(c);
        previous = Some(c);
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_errors_keep_their_normalized_message() {
        for (ty, value, expected) in [
            (
                "Error",
                "Email is required",
                Some("value:Email is required"),
            ),
            (
                "ValidationError",
                "Unknown product \"sku-1\" in cart 42",
                Some("value:Unknown product \"<str>\" in cart <num>"),
            ),
            ("Error", "can't load 'x'", Some("value:can't load '<str>'")),
            ("Error", "it's \"open", Some("value:it's \"open")),
            (
                "Error",
                "upload aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ= failed for user42",
                Some("value:upload <id>= failed for <id>"),
            ),
            (
                "Error",
                "one two three four five six seven eight nine ten eleven twelve thirteen",
                Some("value:one two three four five six seven eight nine ten eleven twelve"),
            ),
            (
                "Error",
                "saved x9+f/Qz+w/A+B/C+D/E+F/G+H/I+J/K+L/M in session",
                Some("value:saved <data> in session"),
            ),
            ("TypeError", "x is undefined", None),
            ("NotFoundError", "gone", None),
        ] {
            assert_eq!(
                app_value_component(ty, value).as_deref(),
                expected,
                "{ty}: {value}"
            );
        }
    }

    #[test]
    fn stack_overflows_are_recognized_in_every_engine() {
        assert!(is_stack_overflow(
            "RangeError",
            "Maximum call stack size exceeded"
        ));
        assert!(is_stack_overflow(
            "RangeError",
            "Maximum call stack size exceeded."
        ));
        assert!(is_stack_overflow("InternalError", "too much recursion"));
        assert!(!is_stack_overflow("RangeError", "Invalid array length"));
    }
}
