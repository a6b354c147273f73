//! Source context: the lines around a frame's line, as Sentry's frames carry them
//! (`pre_context`, `context_line`, `post_context`), with long lines cut so that a
//! minified line of a megabyte shows as a readable window around the column.

/// Lines shown before and after a frame's line.
pub const CONTEXT_LINES: usize = 5;
/// Characters kept of a context line; a longer one is cut (around the column for the
/// frame's own line, from its start for the others) and marked with `…`.
pub const MAX_LINE_CHARS: usize = 150;

/// The lines around a frame's line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceContext {
    /// Up to [`CONTEXT_LINES`] lines before, oldest first.
    pub pre: Vec<String>,
    /// The frame's line.
    pub line: String,
    /// Up to [`CONTEXT_LINES`] lines after.
    pub post: Vec<String>,
    /// The 1-based number of the frame's line.
    pub lineno: u32,
}

/// The lines of `text`, split at `\n`, `\r\n` or `\r`, without their ends (an empty text
/// is one empty line; a final line break adds none).
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.bytes().position(|b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                // A final line break ends the last line; it does not start another.
                rest = Some(&s[i + skip..]).filter(|r| !r.is_empty());
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// The byte offset of a 0-based column counted in UTF-16 code units (as engines and
/// source maps count), or `None` past the end of the line. A column inside a surrogate
/// pair points at its character.
pub(crate) fn byte_offset(line: &str, column: usize) -> Option<usize> {
    let mut units = 0;
    for (at, c) in line.char_indices() {
        if units >= column {
            return Some(at);
        }
        units += c.len_utf16();
    }
    (units >= column).then_some(line.len())
}

/// The lines around 1-based `lineno` of `text`, each cut to [`MAX_LINE_CHARS`]; the
/// frame's line around 1-based `column` when it is long. `None` when `text` has no such
/// line. Stops reading after the last line it needs.
pub fn source_context(text: &str, lineno: u32, column: Option<u32>) -> Option<SourceContext> {
    let target = usize::try_from(lineno).ok()?.checked_sub(1)?;
    let first = target.saturating_sub(CONTEXT_LINES);
    let mut context = SourceContext {
        lineno,
        ..SourceContext::default()
    };
    let mut found = false;
    for (i, line) in split_lines(text)
        .enumerate()
        .skip(first)
        .take(target - first + CONTEXT_LINES + 1)
    {
        if i < target {
            context.pre.push(cut_line(line, None));
        } else if i == target {
            let column = column.and_then(|c| usize::try_from(c).ok());
            context.line = cut_line(line, column.map(|c| c.saturating_sub(1)));
            found = true;
        } else {
            context.post.push(cut_line(line, None));
        }
    }
    found.then_some(context)
}

/// `line` when it has at most [`MAX_LINE_CHARS`] characters; otherwise a window of that
/// many around the 0-based UTF-16 `column` (from the start without one), with `…` where
/// it was cut. Trailing whitespace is dropped.
pub fn cut_line(line: &str, column: Option<usize>) -> String {
    let line = line.trim_end();
    let chars = line.chars().count();
    if chars <= MAX_LINE_CHARS {
        return line.to_string();
    }
    // The window's first character: centred on the column, kept inside the line.
    let at = column
        .and_then(|c| byte_offset(line, c))
        .map_or(0, |b| line[..b].chars().count());
    let start = at
        .saturating_sub(MAX_LINE_CHARS / 2)
        .min(chars - MAX_LINE_CHARS);
    let mut out = String::with_capacity(MAX_LINE_CHARS * 2);
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(MAX_LINE_CHARS));
    if start + MAX_LINE_CHARS < chars {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> String {
        (1..=n).map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn five_lines_each_side_of_the_frame() {
        let c = source_context(&numbered(20), 10, Some(1)).unwrap();
        assert_eq!(c.pre, ["line 5", "line 6", "line 7", "line 8", "line 9"]);
        assert_eq!(c.line, "line 10");
        assert_eq!(
            c.post,
            ["line 11", "line 12", "line 13", "line 14", "line 15"]
        );
        assert_eq!(c.lineno, 10);
    }

    #[test]
    fn fewer_lines_at_the_edges_of_the_file() {
        let c = source_context("a\r\nb\rc", 1, None).unwrap();
        assert!(c.pre.is_empty());
        assert_eq!(
            (c.line.as_str(), c.post.as_slice()),
            ("a", &["b".to_string(), "c".to_string()][..])
        );
        let c = source_context("a\nb\nc", 3, None).unwrap();
        assert_eq!(c.pre, ["a", "b"]);
        assert!(c.post.is_empty());
    }

    #[test]
    fn a_final_line_break_adds_no_line() {
        let c = source_context("a\nb\nc\n", 2, None).unwrap();
        assert_eq!(c.post, ["c"]);
        assert_eq!(source_context("a\n", 2, None), None);
    }

    #[test]
    fn a_line_past_the_end_has_no_context() {
        assert_eq!(source_context("a\nb", 3, None), None);
        assert_eq!(source_context("a", 0, None), None);
        assert_eq!(
            source_context("", 1, None).map(|c| c.line),
            Some(String::new())
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}needle{}", "x".repeat(5000), "y".repeat(5000));
        let cut = cut_line(&line, Some(5000));
        assert!(cut.starts_with('…') && cut.ends_with('…'));
        assert!(cut.contains("needle"));
        assert_eq!(cut.chars().count(), MAX_LINE_CHARS + 2);
        let start = cut_line(&line, None);
        assert!(start.starts_with("xxx") && start.ends_with('…'));
        let end = cut_line(&line, Some(10_005));
        assert!(end.starts_with('…') && end.ends_with('y'));
    }

    #[test]
    fn columns_count_utf16_units() {
        // "é" is one unit, "😀" two: the column after them is 3 units in.
        assert_eq!(byte_offset("é😀x", 3), Some("é😀".len()));
        assert_eq!(byte_offset("ab", 2), Some(2));
        assert_eq!(byte_offset("ab", 3), None);
    }
}
