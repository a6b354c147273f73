//! Default grouping: which events are the same bug.
//!
//! The fingerprint hashes the exception type and the crashing-end in-app frames, each
//! reduced to a normalized function name and file basename. Line and column numbers are
//! left out so a redeploy that moves code does not split an issue.

use crate::hash::Hasher;
use crate::{Event, Fingerprint, Frame};

/// The grouping rules' version, recorded on every issue so history can be re-grouped.
pub const GROUPING_CONFIG: &str = "faultline:1";

/// In-app frames (from the crashing end) that take part in the default fingerprint.
const FRAMES_IN_FINGERPRINT: usize = 3;

/// A fingerprint and the components it was computed from ("why grouped").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// The hash.
    pub fingerprint: Fingerprint,
    /// The parts that were hashed, in order, as people read them.
    pub components: Vec<String>,
}

/// The default grouping of an event.
pub fn default_fingerprint(event: &Event) -> Grouping {
    let mut components = Vec::new();
    if let Some(exc) = event.primary_exception() {
        components.push(format!("type:{}", exc.ty.as_deref().unwrap_or("Error")));
        let frames = exc.stacktrace.as_ref().map_or(&[][..], |s| &s.frames[..]);
        components.extend(
            frames
                .iter()
                .rev()
                .filter(|f| f.in_app == Some(true))
                .take(FRAMES_IN_FINGERPRINT)
                .map(frame_component),
        );
        if components.len() == 1 {
            components.push(format!("value:{}", exc.value.as_deref().unwrap_or("")));
        }
    } else {
        components.push(format!(
            "message:{}",
            event.message.as_deref().unwrap_or("")
        ));
    }
    let mut hasher = Hasher::new();
    components.iter().for_each(|c| hasher.part(c));
    Grouping {
        fingerprint: Fingerprint(hasher.hex()),
        components,
    }
}

/// The grouping of an event that carries its own fingerprint (`event.fingerprint`, set by
/// the app or by capture): its parts are hashed in order, and `{{ default }}` stands for
/// the default grouping's components.
pub fn custom_fingerprint(parts: &[String], event: &Event) -> Grouping {
    let mut components = Vec::with_capacity(parts.len());
    for part in parts {
        if matches!(part.as_str(), "{{ default }}" | "{{default}}") {
            components.extend(default_fingerprint(event).components);
        } else {
            components.push(format!("custom:{part}"));
        }
    }
    let mut hasher = Hasher::new();
    components.iter().for_each(|c| hasher.part(c));
    Grouping {
        fingerprint: Fingerprint(hasher.hex()),
        components,
    }
}

fn frame_component(frame: &Frame) -> String {
    let function = frame.function.as_deref().map_or("?", normalize_function);
    let file = frame.filename.as_deref().map_or("?", basename);
    format!("frame:{function}@{file}")
}

/// `Object.send_welcome [as f]` to `send_welcome`.
fn normalize_function(name: &str) -> &str {
    let name = name.split(" [as ").next().unwrap_or(name);
    let name = name.strip_prefix("async ").unwrap_or(name);
    let name = name.strip_prefix("new ").unwrap_or(name);
    name.rsplit('.').next().unwrap_or(name)
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Exception, ExceptionList, Stacktrace};

    fn event(ty: &str, frames: &[(&str, &str, u32)]) -> Event {
        let frames = frames
            .iter()
            .map(|(function, file, line)| Frame {
                function: Some(function.to_string()),
                filename: Some(file.to_string()),
                lineno: Some(*line),
                in_app: Some(true),
                ..Frame::default()
            })
            .collect();
        Event {
            exception: Some(ExceptionList {
                values: vec![Exception {
                    ty: Some(ty.to_string()),
                    value: Some("boom".into()),
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

    #[test]
    fn moved_lines_keep_the_fingerprint() {
        let a = default_fingerprint(&event(
            "TypeError",
            &[("main", "/app.js", 3), ("f", "/app.js", 10)],
        ));
        let b = default_fingerprint(&event(
            "TypeError",
            &[("main", "/app.js", 4), ("f", "/app.js", 99)],
        ));
        assert_eq!(a, b);
        assert_eq!(
            a.components,
            ["type:TypeError", "frame:f@app.js", "frame:main@app.js"]
        );
    }

    #[test]
    fn custom_parts_group_alone_or_extend_the_default() {
        let e = event("TypeError", &[("f", "/app.js", 1)]);
        let custom = custom_fingerprint(&["checkout".to_string()], &e);
        assert_eq!(custom.components, ["custom:checkout"]);
        assert_ne!(custom, default_fingerprint(&e));
        let extended = custom_fingerprint(&["{{ default }}".into(), "eu".into()], &e);
        assert_eq!(
            extended.components,
            ["type:TypeError", "frame:f@app.js", "custom:eu"]
        );
    }

    #[test]
    fn another_type_or_function_is_another_issue() {
        let a = default_fingerprint(&event("TypeError", &[("f", "/app.js", 1)]));
        assert_ne!(
            a,
            default_fingerprint(&event("RangeError", &[("f", "/app.js", 1)]))
        );
        assert_ne!(
            a,
            default_fingerprint(&event("TypeError", &[("g", "/app.js", 1)]))
        );
    }
}
