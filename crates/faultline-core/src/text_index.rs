//! Text terms over many issues at once. A text term (`Filter::Text`) matches an issue
//! whose title or culprit contains it, ignoring case; checked issue by issue, that is a
//! case-insensitive compare at every position of 10,000 titles and culprits per search.
//! [`TextIndex`] lowercases them once into one buffer, so a term is one substring search
//! of that buffer (and the issues it lands in).

use crate::Issue;

/// Ends a title or a culprit in the buffer: no lowercased term that could match holds it,
/// so no match spans two fields or two issues.
const END: char = '\0';

/// Every issue's title and culprit, lowercased, in one buffer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextIndex {
    text: String,
    /// Where each issue's text ends in `text` (past its culprit's [`END`]), in the order
    /// the issues were given.
    ends: Vec<usize>,
}

impl TextIndex {
    /// The index of `issues`, in their order.
    pub fn new(issues: &[Issue]) -> TextIndex {
        let mut index = TextIndex {
            // Titles and culprits run to about 60 bytes each.
            text: String::with_capacity(issues.len() * 128),
            ends: Vec::with_capacity(issues.len()),
        };
        for issue in issues {
            push_lowercase(&mut index.text, &issue.title);
            index.text.push(END);
            push_lowercase(&mut index.text, issue.culprit.as_deref().unwrap_or(""));
            index.text.push(END);
            index.ends.push(index.text.len());
        }
        index
    }

    /// How many issues it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds no issue.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The positions of the issues whose title or culprit contains `term` ignoring case,
    /// ascending: exactly those a `Filter::Text(term)` matches. `None` when the term
    /// cannot be searched this way (empty, or holding a NUL), and every issue must be
    /// checked.
    pub fn matching(&self, term: &str) -> Option<Vec<usize>> {
        let term = term.to_lowercase();
        if term.is_empty() || term.contains(END) {
            return None;
        }
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = self.text.get(from..).and_then(|rest| rest.find(&term)) {
            // The issue whose text holds the match: the first one ending after it.
            let issue = self.ends.partition_point(|&end| end <= from + at);
            found.push(issue);
            // On to the next issue: one match is enough.
            from = match self.ends.get(issue) {
                Some(&end) => end,
                None => break,
            };
        }
        Some(found)
    }
}

/// Appends `text` lowercased as `str::to_lowercase` does (ASCII in place, without a copy).
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&text.to_lowercase());
    }
}

#[cfg(test)]
mod tests;
